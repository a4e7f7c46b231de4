"""Registered component names: look-ups that suggest the intended name."""
import difflib
from typing import Any, Iterator, List, Tuple

from mmengine.config import Config

from mmdfkd.registry import ALL_REGISTRIES

__all__ = [
    'UnknownTypeError', 'check_type_names', 'registered_names',
    'unknown_type_error'
]

PREFIX = 'mmdfkd.'


class UnknownTypeError(KeyError):
    """A type name no registry holds; printed as its plain message (a
    ``KeyError`` would quote and escape it)."""

    def __str__(self) -> str:
        return str(self.args[0])


def registered_names() -> List[Tuple[str, str]]:
    """``(name, registry)`` of every component registered by mmdfkd."""
    names = []
    for registry in ALL_REGISTRIES:
        registry.import_from_location()
        names += [(name, registry.name) for name in registry.module_dict]
    return names


def unknown_type_error(type_name: str, where: str) -> UnknownTypeError:
    """The error for a type name that no mmdfkd registry holds.

    Args:
        type_name (str): The name as written, e.g. ``'mmdfkd.DDADD'``.
        where (str): The config key holding it, e.g. ``'model.type'``.

    Returns:
        UnknownTypeError: A ``KeyError`` naming mmdfkd's registries and the
        closest registered names, to raise.
    """
    name = type_name[len(PREFIX):] if type_name.startswith(PREFIX) \
        else type_name
    known = dict(registered_names())
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    hint = ', '.join(f'{PREFIX}{c} ({known[c]})' for c in close) or 'none'
    return UnknownTypeError(
        f'{where}={type_name!r} is not registered in mmdfkd\'s registries '
        f'({", ".join(sorted({r.name for r in ALL_REGISTRIES}))}). '
        f'Closest registered names: {hint}. Fix the type name; the README\'s '
        f'"Registered components" table lists them all.')


def _typed_dicts(node: Any, path: str) -> Iterator[Tuple[str, Any]]:
    """``(key path, type value)`` of every dict with a ``type`` below
    ``node``."""
    if isinstance(node, dict):
        if 'type' in node:
            yield f'{path}.type' if path else 'type', node['type']
        for key, value in node.items():
            yield from _typed_dicts(value, f'{path}.{key}' if path else key)
    elif isinstance(node, (list, tuple)):
        for index, value in enumerate(node):
            yield from _typed_dicts(value, f'{path}.{index}')


def check_type_names(cfg: dict) -> None:
    """Refuse ``'mmdfkd.<Name>'`` types that mmdfkd does not register.

    mmengine's own error would name the registry of the config's default
    scope (e.g. ``mmpretrain::model``) and suggest nothing.

    Args:
        cfg (Config | dict): A whole config.

    Raises:
        KeyError: From :func:`unknown_type_error`, for the first unknown
        name.
    """
    if isinstance(cfg, Config):
        cfg = cfg.to_dict()
    known = {name for name, _ in registered_names()}
    for where, type_name in _typed_dicts(cfg, ''):
        if isinstance(type_name, str) and type_name.startswith(PREFIX) \
                and type_name[len(PREFIX):] not in known:
            raise unknown_type_error(type_name, where)
