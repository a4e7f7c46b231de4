"""Work-arounds for the pinned OpenMMLab stack, installed on import.

Two breakages are fixed here, in one place:

* mmcv-lite ships no compiled ``mmcv._ext``, yet ``mmseg.models`` imports
  ``mmcv.ops``, which loads it at import time. A stub extension lets the
  import succeed; calling any compiled op raises a clear error instead.
* torch >= 2.6 loads checkpoints with ``weights_only=True``, which refuses
  the few non-tensor objects that mmengine itself pickles (the message
  hub's ``HistoryBuffer``, numpy arrays and scalars, ...). Exactly those
  globals are allow-listed, and mmengine's local checkpoint loader is
  replaced by :func:`~mmdfkd.utils.safe_loading.safe_load`
  (``weights_only=True`` whatever torch's default); every other pickled
  global is still refused.
"""
import importlib.machinery
import importlib.util
import sys
import types
from typing import Callable

from .safe_loading import install_safe_loader

__all__ = ['install_compat']

_EXT_NAME = 'mmcv._ext'
_installed = False


class _MissingMmcvOps(types.ModuleType):
    """Stand-in for ``mmcv._ext`` that fails only when an op is called.

    mmcv's ``ext_loader.load_ext`` asserts ``hasattr(ext, op)`` for every op
    of a module when ``mmcv.ops`` is imported, so any public name resolves
    to a callable that raises.
    """

    def __getattr__(self, name: str) -> Callable:
        # Dunder look-ups (``__path__``, ``__file__``) must fail, or the
        # import system and ``inspect`` would take this for a real package.
        if name.startswith('__'):
            raise AttributeError(name)

        def unavailable(*args, **kwargs):
            raise RuntimeError(
                f'mmcv op {name!r} needs the compiled mmcv package; install '
                'full mmcv (built for this torch version) instead of '
                'mmcv-lite to use it.')

        unavailable.__name__ = name
        return unavailable


def _install_mmcv_ext_stub() -> None:
    """Register the ``mmcv._ext`` stub unless a compiled one is present."""
    if _EXT_NAME in sys.modules:
        return
    mmcv_spec = importlib.util.find_spec('mmcv')
    if mmcv_spec is None:
        return
    # Look for the extension without importing mmcv (and cv2) eagerly.
    real = importlib.machinery.PathFinder.find_spec(
        _EXT_NAME, mmcv_spec.submodule_search_locations)
    if real is not None:
        return
    stub = _MissingMmcvOps(_EXT_NAME)
    # A spec without a loader makes ``pkgutil.find_loader`` return None, so
    # mmengine's ``mmcv_full_available()`` keeps answering False.
    stub.__spec__ = importlib.machinery.ModuleSpec(_EXT_NAME, loader=None)
    sys.modules[_EXT_NAME] = stub


def install_compat() -> None:
    """Install the work-arounds; calling it again does nothing."""
    global _installed
    if _installed:
        return
    _install_mmcv_ext_stub()
    install_safe_loader()
    _installed = True
