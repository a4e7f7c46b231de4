"""Pre-activation Wide ResNet for 32x32 inputs.

Zagoruyko & Komodakis, "Wide Residual Networks", BMVC 2016. The module tree
is that of the CIFAR WRN teachers of Fast-Datafree, CMI and ZSKT (``conv1``,
``block{1,2,3}.layer.{i}``, the final ``bn1``), so their checkpoints load
after ``tools/model_converters/fastdatafree_to_mmpretrain.py``.
"""
from typing import Optional, Sequence, Tuple, Union

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from mmdfkd.registry import MODELS

# The convolutions as in the original networks; BN keeps PyTorch's 1 / 0.
_KAIMING_CONV = dict(
    type='Kaiming', layer='Conv2d', mode='fan_out', nonlinearity='relu')


class _PreActBlock(nn.Module):
    """BN-ReLU-conv3x3 twice, with a 1x1 projection when widths differ.

    Args:
        in_channels (int): Input channels.
        out_channels (int): Output channels.
        stride (int): Stride of the first convolution and the projection.
        drop_rate (float): Dropout between the two convolutions.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int,
                 drop_rate: float) -> None:
        super().__init__()
        self.bn1 = nn.BatchNorm2d(in_channels)
        self.conv1 = nn.Conv2d(
            in_channels, out_channels, 3, stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(
            out_channels, out_channels, 3, padding=1, bias=False)
        self.shortcut = None
        if in_channels != out_channels:
            self.shortcut = nn.Conv2d(
                in_channels, out_channels, 1, stride, bias=False)
        self.drop_rate = drop_rate

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        preact = F.relu(self.bn1(x))
        out = F.relu(self.bn2(self.conv1(preact)))
        out = F.dropout(out, self.drop_rate, self.training)
        # The projection reads the pre-activated input, the identity the
        # raw input, as in the original network.
        identity = x if self.shortcut is None else self.shortcut(preact)
        return self.conv2(out) + identity


class _BlockGroup(nn.Module):
    """Blocks of one width; the first may project and downsample.

    Args:
        in_channels (int): Input channels.
        out_channels (int): Channels of every block's output.
        num_blocks (int): Number of blocks.
        stride (int): Stride of the first block.
        drop_rate (float): Dropout inside each block.
    """

    def __init__(self, in_channels: int, out_channels: int, num_blocks: int,
                 stride: int, drop_rate: float) -> None:
        super().__init__()
        self.layer = nn.Sequential(*[
            _PreActBlock(in_channels if i == 0 else out_channels,
                         out_channels, stride if i == 0 else 1, drop_rate)
            for i in range(num_blocks)
        ])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layer(x)


@MODELS.register_module()
class WideResNetCIFAR(BaseModule):
    """WRN-``depth``-``widen_factor`` for CIFAR-sized inputs.

    A 3x3 stem of 16 channels, three groups of ``(depth - 4) / 6``
    pre-activation blocks of ``16k``, ``32k`` and ``64k`` channels (strides
    1, 2, 2), then the final BN + ReLU. With a ``GlobalAveragePooling``
    neck and a ``LinearClsHead`` it computes the original classifier.

    Args:
        depth (int): Network depth, ``6n + 4`` (e.g. 16, 28, 40).
            Defaults to 40.
        widen_factor (int): Width multiplier ``k``. Defaults to 2.
        in_channels (int): Image channels. Defaults to 3.
        drop_rate (float): Dropout between the convolutions of each block
            (training only). Defaults to 0.
        out_indices (Sequence[int]): Groups whose outputs are returned, in
            0-2; the last group's output is taken after the final BN +
            ReLU. Defaults to ``(2, )``.
        init_cfg (dict | list[dict], optional): Weight initialisation.
            Defaults to Kaiming (fan-out) convolutions.
    """

    def __init__(self,
                 depth: int = 40,
                 widen_factor: int = 2,
                 in_channels: int = 3,
                 drop_rate: float = 0.0,
                 out_indices: Sequence[int] = (2, ),
                 init_cfg: Optional[Union[dict, list]] = _KAIMING_CONV
                 ) -> None:
        super().__init__(init_cfg=init_cfg)
        if depth < 10 or (depth - 4) % 6:
            raise ValueError(
                f'WideResNetCIFAR needs a depth of 6n + 4 (n >= 1), got '
                f'{depth}.')
        self.out_indices = tuple(i % 3 for i in out_indices)
        num_blocks = (depth - 4) // 6
        widths = [16 * widen_factor, 32 * widen_factor, 64 * widen_factor]
        self.conv1 = nn.Conv2d(in_channels, 16, 3, padding=1, bias=False)
        channels = 16
        for i, (width, stride) in enumerate(zip(widths, (1, 2, 2))):
            self.add_module(
                f'block{i + 1}',
                _BlockGroup(channels, width, num_blocks, stride, drop_rate))
            channels = width
        self.bn1 = nn.BatchNorm2d(channels)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """The feature maps of the groups in ``out_indices``.

        Args:
            x (Tensor): Images, ``(N, C, H, W)``.

        Returns:
            tuple[Tensor]: One map per index in ``out_indices``.
        """
        x = self.conv1(x)
        outs = []
        for i, group in enumerate((self.block1, self.block2, self.block3)):
            x = group(x)
            if i == 2:
                x = F.relu(self.bn1(x))
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)
