"""``--cfg-options`` keys that mmengine accepts but that change nothing."""
import difflib
import inspect
import warnings
from typing import Any, Iterator, List, Optional, Set

from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.runner import Runner

__all__ = [
    'ConfigOptionWarning', 'ineffective_options', 'load_config',
    'warn_ineffective'
]

# Top-level keys something reads after the config is parsed: the Runner's
# arguments and the keys mmengine and the tools look up themselves.
READ_KEYS = (set(inspect.signature(Runner.__init__).parameters) - {'self'}
             | {'runner_type', 'model_wrapper_cfg', 'custom_imports',
                'compile', 'strategy'})


class ConfigOptionWarning(UserWarning):
    """A command-line override that has no effect."""


def _closest(key: str, candidates) -> str:
    """`` (did you mean X?)`` for the closest candidate, or nothing."""
    close = difflib.get_close_matches(key, [str(c) for c in candidates], 1)
    return f' (did you mean {close[0]!r}?)' if close else ''


def _paths_ending_with(node: Any, name: str, path: str = '') -> Iterator[str]:
    """Dotted paths below ``node`` whose last key is ``name``."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f'{path}.{key}' if path else str(key)
            if key == name and path:
                yield here
            yield from _paths_ending_with(value, name, here)
    elif isinstance(node, (list, tuple)):
        for index, value in enumerate(node):
            yield from _paths_ending_with(value, name, f'{path}.{index}')


def _missing_part(node: Any, parts: List[str]) -> str:
    """Why the key path ``parts`` is not in ``node``, or '' when it is."""
    for depth, part in enumerate(parts):
        where = '.'.join(parts[:depth + 1])
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, (list, tuple)) and part.isdigit() \
                and int(part) < len(node):
            node = node[int(part)]
        else:
            options = node.keys() if isinstance(node, dict) else []
            return (f'{where!r} is not a key of the loaded config'
                    f'{_closest(part, options)}: the override adds it, and '
                    f'nothing may read it')
    return ''


def _model_arguments(model_cfg: Any) -> Set[str]:
    """The keyword arguments of the config's model class, whether or not
    the config sets them; empty if its type is not a registered class."""
    # Imported here: the registry imports the stack that imports this.
    from mmdfkd.registry import MODELS
    if not isinstance(model_cfg, dict) or \
            not isinstance(model_cfg.get('type'), str):
        return set()
    scope = model_cfg.get('_scope_')
    try:
        with DefaultScope.overwrite_default_scope(scope):
            cls = MODELS.get(model_cfg['type'])
    except KeyError:
        cls = None
    if not inspect.isclass(cls):
        return set()
    return {name for klass in cls.__mro__ if '__init__' in vars(klass)
            for name in inspect.signature(klass.__init__).parameters}


def ineffective_options(cfg: dict, options: dict) -> List[str]:
    """Messages for overrides that mmengine accepts but nothing reads.

    Two cases: a key path that is not in the loaded config (usually a
    typo, e.g. ``train_dataloder.batch_size``), and a top-level variable of
    the config file (e.g. ``max_iters``), which was substituted into
    the keys that use it when the file was parsed. A ``model.<arg>`` path
    is not a typo when ``<arg>`` is an argument of the model's class that
    the config leaves at its default (e.g. ``model.student_losses`` of a
    method that declares its student terms).

    Args:
        cfg (Config | dict): The loaded config, before the overrides.
        options (dict): The ``--cfg-options`` as parsed by ``DictAction``.

    Returns:
        list[str]: One message per ineffective key; empty when all apply.
    """
    if isinstance(cfg, Config):
        cfg = cfg.to_dict()
    messages = []
    model_arguments = _model_arguments(cfg.get('model'))
    for key in options:
        parts = key.split('.')
        missing = _missing_part(cfg, parts)
        if missing and parts[0] == 'model' and len(parts) > 1 and \
                parts[1] not in cfg['model'] and \
                parts[1] in model_arguments:
            continue
        if missing:
            messages.append(f'--cfg-options {key}: {missing}.')
        elif parts[0] not in READ_KEYS:
            uses = [p for p in _paths_ending_with(cfg, parts[-1])
                    if not p.startswith(f'{parts[0]}.')]
            hint = f' Override {", ".join(uses)} instead.' if uses else ''
            messages.append(
                f'--cfg-options {key}: {parts[0]!r} is a variable of the '
                f'config file, already substituted where the file uses it; '
                f'overriding it changes nothing.{hint}')
    return messages


def warn_ineffective(cfg: dict, options: dict) -> None:
    """Warn (:class:`ConfigOptionWarning`) for each ineffective override.

    Args:
        cfg (dict): The loaded config, before the overrides.
        options (dict): The ``--cfg-options`` as parsed by ``DictAction``.
    """
    for message in ineffective_options(cfg, options):
        warnings.warn(message, ConfigOptionWarning, stacklevel=2)


def load_config(path: str, cfg_options: Optional[dict] = None) -> Config:
    """A config file with the command line's ``--cfg-options`` merged in,
    warning about those that would change nothing.

    Args:
        path (str): The config file.
        cfg_options (dict, optional): The parsed ``--cfg-options``.

    Returns:
        Config: The loaded config.
    """
    cfg = Config.fromfile(path)
    if cfg_options is not None:
        warn_ineffective(cfg, cfg_options)
        cfg.merge_from_dict(cfg_options)
    return cfg
