"""Work-arounds for the pinned OpenMMLab stack, installed on import.

Two breakages are fixed here, in one place:

* mmcv-lite ships no compiled ``mmcv._ext``, yet ``mmseg.models`` imports
  ``mmcv.ops``, which loads it at import time. A stub extension lets the
  import succeed; calling any compiled op raises a clear error instead.
* torch >= 2.6 loads checkpoints with ``weights_only=True``, which refuses
  the few non-tensor objects that mmengine itself pickles (the message
  hub's ``HistoryBuffer``, numpy arrays and scalars, ...). Exactly those
  globals are allow-listed; every other pickled global is still refused.
"""
import importlib.machinery
import importlib.util
import pickle
import sys
import types
from typing import Any, Callable, List, Tuple

import numpy as np
import torch

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


def _pickled_methods() -> Tuple[Tuple[type, Tuple[str, ...]], ...]:
    """Class attributes that mmengine checkpoints pickle by name.

    Pickle stores a function whose qualified name is ``Class.attr`` as
    ``getattr(Class, 'attr')``: ``HistoryBuffer`` keeps its statistics
    methods in its state, and ``OneCycleParamScheduler`` its annealing
    function.
    """
    from mmengine.logging import HistoryBuffer
    from mmengine.optim.scheduler.param_scheduler import OneCycleParamScheduler
    return (
        (HistoryBuffer, ('min', 'max', 'current', 'mean')),
        (OneCycleParamScheduler, ('_annealing_cos', '_annealing_linear')),
    )


def _checkpoint_getattr(owner: Any, name: str) -> Any:
    """``getattr`` restricted to the attributes of :func:`_pickled_methods`.

    Allow-listing the real ``builtins.getattr`` would let a pickle reach any
    attribute of any allowed object (``__globals__`` and beyond).

    Args:
        owner: The object the pickle asks an attribute of.
        name (str): The attribute name.
    """
    for cls, names in _pickled_methods():
        if owner is cls and name in names:
            return getattr(cls, name)
    raise pickle.UnpicklingError(
        f'getattr({owner!r}, {name!r}) is not allowed in a checkpoint.')


def _checkpoint_safe_globals() -> List[Any]:
    """Globals found in mmengine checkpoints, for ``add_safe_globals``."""
    try:
        from numpy._core import multiarray
    except ImportError:  # numpy < 2
        from numpy.core import multiarray
    safe: List[Any] = [cls for cls, _ in _pickled_methods()]
    safe.append((_checkpoint_getattr, 'builtins.getattr'))
    # Numpy arrays (history of logged scalars) and scalars (runtime info);
    # numpy 2 renamed ``numpy.core``, so accept checkpoints of either.
    for module in ('numpy.core.multiarray', 'numpy._core.multiarray'):
        safe.append((multiarray._reconstruct, f'{module}._reconstruct'))
        safe.append((multiarray.scalar, f'{module}.scalar'))
    safe += [np.ndarray, np.dtype]
    # Rebuilding a dtype sets the state of its concrete class: only the
    # numeric dtypes mmengine logs are allowed, so no object arrays;
    # float32 is the best score of mmseg's IoUMetric (``save_best``).
    safe += [
        type(np.dtype(dtype)) for dtype in (np.float64, np.float32, np.int64)
    ]
    return safe


def install_compat() -> None:
    """Install the work-arounds; calling it again does nothing."""
    global _installed
    if _installed:
        return
    _install_mmcv_ext_stub()
    torch.serialization.add_safe_globals(_checkpoint_safe_globals())
    _installed = True
