"""One checkpoint loader, with an explicit allow-list, for every load path.

Unpickling a checkpoint can run arbitrary code. Every checkpoint that
mmdfkd reads from local disk (teacher weights, ``--resume``, ``load_from``,
``tools/test.py``, ``tools/generate.py``, the model converters) goes through
:func:`safe_load`: ``torch.load`` with ``weights_only=True`` whatever torch's
default, and an allow-list of exactly the non-tensor objects that mmengine
checkpoints hold. :func:`install_safe_loader` makes it mmengine's loader of
local files, so the Runner's own loads use it too.
"""
import os.path as osp
import pickle
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np
import torch
from mmengine.runner import CheckpointLoader

__all__ = [
    'UnsafeCheckpointError', 'checkpoint_allowlist', 'install_safe_loader',
    'load_state_dict_file', 'safe_load'
]


class UnsafeCheckpointError(pickle.UnpicklingError):
    """A checkpoint pickles an object outside the allow-list."""


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


def checkpoint_allowlist() -> List[Any]:
    """The globals mmengine checkpoints pickle, and nothing else.

    Returns:
        list: Entries for ``torch.serialization.add_safe_globals``.
    """
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


def _refusal_reason(error: Exception) -> str:
    """The line of torch's (or our getattr's) message that names the object.
    """
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    for line in lines:
        if 'Unsupported global' in line or 'not allowed' in line:
            return line
    return lines[-1] if lines else type(error).__name__


def safe_load(filename: str,
              map_location: Optional[Union[str, torch.device]] = 'cpu'
              ) -> Any:
    """Load a checkpoint file without running code from it.

    Args:
        filename (str): A local checkpoint file.
        map_location (str | torch.device, optional): As for ``torch.load``.
            Defaults to ``'cpu'``.

    Returns:
        Any: The unpickled checkpoint (usually a dict).

    Raises:
        FileNotFoundError: If the file does not exist.
        UnsafeCheckpointError: If the file pickles an object that is not on
            the allow-list; nothing of it has been executed.
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    # Registered process-wide, not with torch's ``safe_globals`` context,
    # whose exit would also remove entries registered before it.
    torch.serialization.add_safe_globals(checkpoint_allowlist())
    try:
        return torch.load(
            filename, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as error:
        raise UnsafeCheckpointError(
            f'Refused to load {filename}: it pickles an object that '
            f'checkpoints of weights never need, and unpickling it could '
            f'run code ({_refusal_reason(error)}). Only tensors, numpy '
            f'arrays and mmengine\'s own records are loaded. If you trust '
            f'where the file comes from, re-save its weights as a plain '
            f'state dict in a separate session (torch.load with '
            f'weights_only=False, then torch.save of the state_dict).'
        ) from error


def load_state_dict_file(filename: str) -> Dict[str, torch.Tensor]:
    """The weights of a checkpoint file, for converters.

    ``.safetensors`` files hold tensors only; other files go through
    :func:`safe_load`, raw state dicts or dicts with ``'state_dict'`` (or
    timm's ``'model'``) alike.

    Args:
        filename (str): The checkpoint file.

    Returns:
        dict[str, Tensor]: Its state dict, keys as stored.
    """
    if filename.endswith('.safetensors'):
        from safetensors.torch import load_file
        return load_file(filename)
    checkpoint = safe_load(filename)
    for key in ('state_dict', 'model'):
        if isinstance(checkpoint, dict) and key in checkpoint:
            return checkpoint[key]
    return checkpoint


def _load_local(filename: str, map_location=None) -> Any:
    """mmengine's scheme for local paths, routed through :func:`safe_load`.
    """
    return safe_load(filename, map_location=map_location)


def install_safe_loader() -> None:
    """Allow-list mmengine's objects and make :func:`safe_load` the loader
    of local checkpoints in mmengine's ``CheckpointLoader``.

    The allow-list is also registered process-wide, so code that calls
    ``torch.load`` itself (mmpretrain's or mmseg's tools) reads mmengine
    checkpoints under torch's default ``weights_only=True``.
    """
    torch.serialization.add_safe_globals(checkpoint_allowlist())
    CheckpointLoader.register_scheme(prefixes='', force=True)(_load_local)
