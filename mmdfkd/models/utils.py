"""Small helpers shared by the data-free algorithms and hooks."""
import os.path as osp
from contextlib import contextmanager
from typing import Iterator, List, Optional, Sequence, Tuple, Union

import torch
from mmengine.config import Config, ConfigDict
from mmengine.hub import get_config
from mmengine.model import is_model_wrapper
from torch import nn

from mmdfkd.registry import MODELS
from mmdfkd.utils.names import unknown_type_error


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


def build_component(cfg: dict, where: str) -> nn.Module:
    """Build a component from mmdfkd's model registry.

    Args:
        cfg (dict): Its config; ``type`` resolves in mmdfkd's scope unless
            the config names another ``_scope_``.
        where (str): The config key it comes from, for the error message,
            e.g. ``'model.generator'``.

    Raises:
        KeyError: For a type name no registry holds, with the closest
        registered names.
    """
    cfg = dict(cfg)
    cfg.setdefault('_scope_', 'mmdfkd')
    type_name = cfg.get('type')
    if cfg['_scope_'] == 'mmdfkd' and isinstance(type_name, str) and \
            MODELS.get(type_name) is None:
        raise unknown_type_error(type_name, f'{where}.type')
    return MODELS.build(cfg)


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


def normalisation_statistics(
    preprocessor: nn.Module,
    mean: Optional[Sequence[float]] = None,
    std: Optional[Sequence[float]] = None
) -> Tuple[torch.Tensor, torch.Tensor]:
    """Per-channel mean and std of the normalised input space.

    Generators emit images in the space the networks read, ``(x - mean) /
    std`` with ``x`` in ``[0, 255]``; these statistics map them back.

    Args:
        preprocessor (nn.Module): The model's data preprocessor, whose
            ``mean`` and ``std`` are the defaults.
        mean (Sequence[float], optional): Per-channel mean, 0-255 units.
        std (Sequence[float], optional): Per-channel std, 0-255 units.

    Returns:
        tuple[Tensor, Tensor]: ``mean`` and ``std``, float, of shape
        ``(1, C, 1, 1)``.

    Raises:
        ValueError: If neither the arguments nor the preprocessor give them.
    """
    if mean is None:
        mean = getattr(preprocessor, 'mean', None)
    if std is None:
        std = getattr(preprocessor, 'std', None)
    if mean is None or std is None:
        raise ValueError(
            f'De-normalising generated images needs the mean and std of '
            f'the input space, but {type(preprocessor).__name__} does not '
            f'normalise: give a data_preprocessor with mean and std.')
    return (torch.as_tensor(mean, dtype=torch.float).view(1, -1, 1, 1),
            torch.as_tensor(std, dtype=torch.float).view(1, -1, 1, 1))


def to_pixels(images: torch.Tensor, mean: torch.Tensor,
              std: torch.Tensor) -> torch.Tensor:
    """Normalised images ``(B, C, H, W)`` -> float pixels in ``[0, 255]``.

    Args:
        images (Tensor): Images in the normalised input space.
        mean (Tensor): Per-channel mean ``(1, C, 1, 1)``, 0-255 units.
        std (Tensor): Per-channel std ``(1, C, 1, 1)``, 0-255 units.
    """
    images = images.float()
    return (images * std.to(images) + mean.to(images)).clamp(0, 255)


#: The widest input-channel block of oneDNN's x86 1x1 convolution kernels
#: (16 with AVX-512, 8 with AVX2).
ONEDNN_IC_BLOCK = 16


def channels_last_hazards(module: nn.Module) -> List[str]:
    """The convolutions whose channels-last weight gradient fails on CPU.

    oneDNN's x86 1x1 convolutions compute the weight gradient of a strided
    channels-last input with fewer input channels than their channel block
    through a workspace they overrun (oneDNN issue 6035): the backward
    pass hangs, crashes or returns wrong gradients. That is a 1x1, stride
    > 1 convolution with fewer than 16 input channels, e.g. the shortcut
    of a ResNet stage narrower than 16 channels.

    Args:
        module (nn.Module): A network whose weights are trained.

    Returns:
        list[str]: The names of those convolutions in ``module``.
    """
    return [
        name for name, conv in module.named_modules()
        if isinstance(conv, nn.Conv2d) and conv.kernel_size == (1, 1)
        and max(conv.stride) > 1 and conv.in_channels < ONEDNN_IC_BLOCK
    ]
