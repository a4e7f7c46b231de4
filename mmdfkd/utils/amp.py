"""Switch the optimizer wrappers of a config to mixed precision."""
from typing import Optional

import torch

__all__ = ['enable_amp']

_PLAIN = 'OptimWrapper'
_CUDA_AMP = 'AmpOptimWrapper'
_CPU_AMP = 'mmdfkd.AutocastOptimWrapper'
# Wrapper types that differ from each other only by mixed precision.
_SWITCHABLE = (_PLAIN, _CUDA_AMP, _CPU_AMP, 'AutocastOptimWrapper')


def _switch(wrapper_cfg: dict, key: str, amp_type: str) -> None:
    """Set one optim-wrapper config to ``amp_type`` in place.

    Args:
        wrapper_cfg (dict): An optim-wrapper config (has ``optimizer``).
        key (str): Its place in the config, for error messages.
        amp_type (str): The mixed-precision wrapper type to use.
    """
    current = wrapper_cfg.get('type', _PLAIN)
    if current not in _SWITCHABLE:
        raise ValueError(
            f'--amp does not support the custom optimizer wrapper '
            f'{current!r} of {key}.')
    wrapper_cfg['type'] = amp_type
    if amp_type == _CUDA_AMP:
        wrapper_cfg.setdefault('loss_scale', 'dynamic')
    else:
        # bf16 keeps fp32's exponent range: no loss scaling on CPU.
        wrapper_cfg.pop('loss_scale', None)


def enable_amp(cfg: dict, device: Optional[str] = None) -> dict:
    """Make every optimizer wrapper of ``cfg`` train in mixed precision.

    ``cfg.optim_wrapper`` is either one optim-wrapper config (it has an
    ``optimizer`` key) or, for a per-module constructor, a dict whose values
    that have an ``optimizer`` key are optim-wrapper configs. Each becomes an
    ``AmpOptimWrapper`` with dynamic loss scaling on CUDA, and an
    ``AutocastOptimWrapper`` (bf16 autocast) elsewhere.

    Args:
        cfg (dict): The full config (an mmengine ``Config`` or a dict with
            an ``optim_wrapper`` key); modified in place.
        device (str, optional): ``'cuda'`` or ``'cpu'``; CUDA when it is
            available if None.

    Returns:
        dict: ``cfg``, for chaining.
    """
    if device is None:
        device = 'cuda' if torch.cuda.is_available() else 'cpu'
    amp_type = _CUDA_AMP if device == 'cuda' else _CPU_AMP
    optim_wrapper = cfg.get('optim_wrapper')
    if not isinstance(optim_wrapper, dict):
        raise ValueError('--amp needs an optim_wrapper in the config.')
    if 'optimizer' in optim_wrapper:
        _switch(optim_wrapper, 'optim_wrapper', amp_type)
        return cfg
    subs = {
        name: sub
        for name, sub in optim_wrapper.items()
        if isinstance(sub, dict) and 'optimizer' in sub
    }
    if not subs:
        raise ValueError('--amp found no optimizer in optim_wrapper nor in '
                         'any of its sub-configs.')
    for name, sub in subs.items():
        _switch(sub, f'optim_wrapper.{name}', amp_type)
    return cfg
