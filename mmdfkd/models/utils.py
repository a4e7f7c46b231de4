"""Small helpers shared by the data-free algorithms and hooks."""
import os.path as osp
from contextlib import contextmanager
from typing import Iterator, Union

from mmengine.config import Config, ConfigDict
from mmengine.hub import get_config
from mmengine.model import is_model_wrapper
from torch import nn


def unwrap_model(model: nn.Module) -> nn.Module:
    """The network inside a (Separate)DistributedDataParallel wrapper.

    Returns ``model`` itself when it is not wrapped, so callers work the
    same with and without distributed training.
    """
    return model.module if is_model_wrapper(model) else model


@contextmanager
def frozen_parameters(module: nn.Module) -> Iterator[None]:
    """Turn off weight gradients of ``module`` inside the block.

    Gradients still flow *through* the module to its inputs; its own weight
    gradients are neither computed nor accumulated.
    """
    trainable = [p for p in module.parameters() if p.requires_grad]
    for param in trainable:
        param.requires_grad_(False)
    try:
        yield
    finally:
        for param in trainable:
            param.requires_grad_(True)


@contextmanager
def evaluating(module: nn.Module) -> Iterator[nn.Module]:
    """Put ``module`` in eval mode inside the block, then restore the modes.

    Every sub-module gets its own mode back, so a frozen teacher stays in
    eval mode while the trained networks return to training mode.
    """
    modes = [(sub, sub.training) for sub in module.modules()]
    module.eval()
    try:
        yield module
    finally:
        for sub, mode in modes:
            sub.training = mode


def model_config(model: Union[dict, str]) -> ConfigDict:
    """The model dict of ``model``, a dict or a config file's path.

    Args:
        model (dict | str): A model dict, or the path of a config file
            holding one (``model = dict(...)``), e.g. the config the teacher
            was trained with; ``'mmpretrain::resnet/xxx.py'`` paths name a
            config shipped with that package.

    Returns:
        ConfigDict: The model dict, with ``_scope_`` set from the file's
        ``default_scope`` so that it builds in its own registry, and the
        file's top-level ``data_preprocessor`` merged in as the Runner does.
    """
    if not isinstance(model, str):
        return ConfigDict(model)
    if '::' in model:
        cfg = get_config(model)
    elif osp.isfile(model):
        cfg = Config.fromfile(model)
    else:
        raise FileNotFoundError(f'Model config file not found: {model}')
    model_cfg = ConfigDict(cfg.model)
    if cfg.get('data_preprocessor'):
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    if cfg.get('default_scope'):
        model_cfg.setdefault('_scope_', cfg.default_scope)
    return model_cfg
