"""``--cfg-options`` keys that mmengine accepts but that change nothing."""
import difflib
import inspect
import warnings
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.runner import Runner

__all__ = [
    'ConfigOptionWarning', 'config_value', 'ineffective_options',
    'load_config', 'warn_ineffective'
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


def _walk(node: Any, parts: List[str]) -> Tuple[int, Any]:
    """How many of the key path ``parts`` are in ``node``, and the node
    the last of those leads to."""
    for depth, part in enumerate(parts):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, (list, tuple)) and part.isdigit() \
                and int(part) < len(node):
            node = node[int(part)]
        else:
            return depth, node
    return len(parts), node


def _missing_part(node: Any, parts: List[str]) -> str:
    """Why the key path ``parts`` is not in ``node``, or '' when it is."""
    depth, parent = _walk(node, parts)
    if depth == len(parts):
        return ''
    where = '.'.join(parts[:depth + 1])
    options = parent.keys() if isinstance(parent, dict) else []
    return (f'{where!r} is not a key of the loaded config'
            f'{_closest(parts[depth], options)}: the override adds it, and '
            f'nothing may read it')


def _registered_class(component: Any) -> Optional[type]:
    """The registered model class a component config builds, if any."""
    # Imported here: the registry imports the stack that imports this.
    from mmdfkd.registry import MODELS
    if not isinstance(component, dict) or \
            not isinstance(component.get('type'), str):
        return None
    try:
        with DefaultScope.overwrite_default_scope(component.get('_scope_')):
            cls = MODELS.get(component['type'])
    except KeyError:
        return None
    return cls if inspect.isclass(cls) else None


def _class_parameters(cls: Optional[type]) -> Dict[str, inspect.Parameter]:
    """The keyword parameters of a class and its bases; empty for None."""
    parameters: Dict[str, inspect.Parameter] = {}
    for klass in cls.__mro__ if cls else ():
        if '__init__' in vars(klass):
            for name, parameter in inspect.signature(
                    klass.__init__).parameters.items():
                parameters.setdefault(name, parameter)
    return parameters


def _with_default_terms(cfg: dict) -> dict:
    """``cfg`` with the loss terms the model class declares by default
    (``default_generator_losses``, ...) merged under the config's own by
    the model's own :func:`merge_terms`: e.g.
    ``model.generator_losses.loss_cls`` gets its ``type`` where the config
    sets only its weight. An objective the model would refuse is left as
    the config has it; building the model reports it."""
    # Imported here: the models import the stack that imports this.
    from mmdfkd.models.task_modules import merge_terms
    model = cfg.get('model')
    cls = _registered_class(model)
    if cls is None:
        return cfg
    model = dict(model)
    for name in _class_parameters(cls):
        defaults = getattr(cls, f'default_{name}', None)
        if name.endswith('_losses') and isinstance(defaults, Mapping):
            try:
                model[name] = merge_terms(defaults, model.get(name), name)
            except ValueError:
                pass
    return dict(cfg, model=model)


def _unset_argument(cfg: dict,
                    parts: List[str]) -> Optional[inspect.Parameter]:
    """The argument the key path ``parts`` names where it leaves the
    config (with its default terms, :func:`_with_default_terms`): a
    keyword of the model component configured there (e.g.
    ``model.student_losses`` of a method that declares its student terms,
    or ``label_smoothing`` of a loss term), left at its default; None
    when the path is in the config or names no such argument."""
    depth, parent = _walk(cfg, parts)
    if depth == len(parts) or parts[0] != 'model':
        return None
    return _class_parameters(_registered_class(parent)).get(parts[depth])


def _read_where_unset(cfg: dict, parts: List[str], options: dict) -> bool:
    """Whether something reads the key path ``parts`` that is not in the
    config: an unset component argument (:func:`_unset_argument`) or a key
    of a new loss term whose ``type`` the overrides set, which the model
    then builds."""
    depth, _ = _walk(cfg, parts)
    if depth == 2 and parts[0] == 'model' and parts[1].endswith('_losses'):
        term = '.'.join(parts[:3])
        value = options.get(term)
        return f'{term}.type' in options or (
            isinstance(value, Mapping) and 'type' in value)
    return _unset_argument(cfg, parts) is not None


def config_value(cfg: Any, key: str) -> Any:
    """The value of a dotted key (list indices as numbers) of a config, or
    the default of the component argument it names and the config leaves
    unset.

    Args:
        cfg (Config | dict): The loaded config.
        key (str): The dotted key, as after ``--cfg-options``.

    Raises:
        KeyError: If the key is neither in the config nor such an argument
            with a default.
    """
    if isinstance(cfg, Config):
        cfg = cfg.to_dict()
    cfg = _with_default_terms(cfg)
    parts = key.split('.')
    depth, node = _walk(cfg, parts)
    if depth == len(parts):
        return node
    argument = _unset_argument(cfg, parts)
    if depth == len(parts) - 1 and argument is not None and \
            argument.default is not inspect.Parameter.empty:
        return argument.default
    raise KeyError(f'{key}: {_missing_part(cfg, parts)}')


def ineffective_options(cfg: dict, options: dict) -> List[str]:
    """Messages for overrides that mmengine accepts but nothing reads.

    Two cases: a key path that is not in the loaded config (usually a
    typo, e.g. ``train_dataloder.batch_size``), and a top-level variable of
    the config file (e.g. ``max_iters``), which was substituted into
    the keys that use it when the file was parsed. A ``model...`` path is
    not a typo where it leaves the config at an argument of the model
    component configured there, left at its default (e.g.
    ``model.student_losses`` of a method that declares its student terms,
    or ``model.generator_losses.loss_cls.label_smoothing``).

    Args:
        cfg (Config | dict): The loaded config, before the overrides.
        options (dict): The ``--cfg-options`` as parsed by ``DictAction``.

    Returns:
        list[str]: One message per ineffective key; empty when all apply.
    """
    if isinstance(cfg, Config):
        cfg = cfg.to_dict()
    cfg = _with_default_terms(cfg)
    messages = []
    for key in options:
        parts = key.split('.')
        missing = _missing_part(cfg, parts)
        if missing and _read_where_unset(cfg, parts, options):
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
