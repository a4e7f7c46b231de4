"""VGG with BatchNorm for CIFAR-sized inputs.

Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale
Image Recognition", ICLR 2015, in the CIFAR form used by RepDistiller and
the Fast-Datafree/CMI VGG-11 teachers: five blocks ``block{0..4}`` of
conv3x3 (with bias) + BN (+ ReLU between convolutions), so those
checkpoints load after
``tools/model_converters/fastdatafree_to_mmpretrain.py``.
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


@MODELS.register_module()
class VGGCIFAR(BaseModule):
    """VGG-``depth``-BN for CIFAR-sized inputs, without the FC layers.

    Unlike mmpretrain's ``VGG``, it max-pools only after blocks 0, 1 and 2
    (and after block 3 for 64-pixel inputs), so at 32x32 blocks 3 and 4 run
    at 4x4; a ``GlobalAveragePooling`` neck and a ``LinearClsHead`` then
    compute the original classifier.

    Args:
        depth (int): 11, 13, 16 or 19. Defaults to 11.
        in_channels (int): Image channels. Defaults to 3.
        out_indices (Sequence[int]): Blocks whose (ReLU-ed, un-pooled)
            outputs are returned, in 0-4. Defaults to ``(4, )``.
        init_cfg (dict | list[dict], optional): Weight initialisation.
            Defaults to Kaiming (fan-out) convolutions.
    """

    # Convolutions per block; the widths are 64, 128, 256, 512, 512.
    arch_settings = {
        11: (1, 1, 2, 2, 2),
        13: (2, 2, 2, 2, 2),
        16: (2, 2, 3, 3, 3),
        19: (2, 2, 4, 4, 4),
    }
    widths = (64, 128, 256, 512, 512)

    def __init__(self,
                 depth: int = 11,
                 in_channels: int = 3,
                 out_indices: Sequence[int] = (4, ),
                 init_cfg: Optional[Union[dict, list]] = _KAIMING_CONV
                 ) -> None:
        super().__init__(init_cfg=init_cfg)
        if depth not in self.arch_settings:
            raise ValueError(
                f'VGGCIFAR depth must be one of '
                f'{sorted(self.arch_settings)}, got {depth}.')
        self.out_indices = tuple(i % 5 for i in out_indices)
        channels = in_channels
        for i, (num_convs, width) in enumerate(
                zip(self.arch_settings[depth], self.widths)):
            layers = []
            for j in range(num_convs):
                if j:
                    layers.append(nn.ReLU())
                layers += [
                    nn.Conv2d(channels, width, 3, padding=1),
                    nn.BatchNorm2d(width)
                ]
                channels = width
            # The block's last ReLU is applied in forward, as in the source
            # network, so a block ends with BN and the keys match.
            self.add_module(f'block{i}', nn.Sequential(*layers))

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """The feature maps of the blocks in ``out_indices``.

        Args:
            x (Tensor): Images, ``(N, C, H, W)``.

        Returns:
            tuple[Tensor]: One map per index in ``out_indices``.
        """
        pool_block3 = x.shape[2] == 64
        outs = []
        for i in range(5):
            x = F.relu(getattr(self, f'block{i}')(x))
            if i in self.out_indices:
                outs.append(x)
            if i < 3 or (i == 3 and pool_block3):
                x = F.max_pool2d(x, 2)
        return tuple(outs)
