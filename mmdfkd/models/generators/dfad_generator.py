"""The 32x32 generator of DFAD ("GeneratorA")."""
from typing import Sequence, Union

import torch
from torch import nn

from mmdfkd.registry import MODELS

from .base_generator import BaseGenerator


def _upsample_conv_block(in_channels: int, out_channels: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Upsample(scale_factor=2, mode='nearest'),
        nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.LeakyReLU(0.2, inplace=True))


@MODELS.register_module()
class DFADGenerator(BaseGenerator):
    """DFAD generator: a linear stem and two upsample-conv stages.

    Fang et al., "Data-Free Adversarial Distillation", arXiv 1912.11006.
    The last BatchNorm (no affine) keeps the output standardised, matching
    the normalised input space of the teacher.

    Args:
        latent_dim (int): Length of a latent code. Defaults to 256.
        base_channels (int): Width ``ngf``; stages use ``2*ngf`` and
            ``ngf`` channels. Defaults to 64.
        img_size (int | Sequence[int]): Output size, divisible by 4.
            Defaults to 32.
        out_channels (int): Image channels. Defaults to 3.
        init_cfg (dict, optional): Weight initialisation. Defaults to None.
    """

    def __init__(self,
                 latent_dim: int = 256,
                 base_channels: int = 64,
                 img_size: Union[int, Sequence[int]] = 32,
                 out_channels: int = 3,
                 init_cfg=None) -> None:
        super().__init__(latent_dim, img_size, out_channels, init_cfg)
        height, width = self.img_size
        if height % 4 or width % 4:
            raise ValueError(
                f'DFADGenerator needs an image size divisible by 4, got '
                f'{self.img_size}; use DCGANGenerator for other sizes.')
        self.init_hw = (height // 4, width // 4)
        wide = base_channels * 2
        self.project = nn.Linear(latent_dim, wide * height * width // 16)
        self.project_norm = nn.BatchNorm2d(wide)
        self.blocks = nn.Sequential(
            _upsample_conv_block(wide, wide),
            _upsample_conv_block(wide, base_channels))
        self.to_image = nn.Sequential(
            nn.Conv2d(base_channels, out_channels, 3, padding=1), nn.Tanh(),
            nn.BatchNorm2d(out_channels, affine=False))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """Generate images of shape ``(B, C, H, W)`` from ``z``."""
        self.check_latent(z)
        x = self.project(z).view(z.shape[0], -1, *self.init_hw)
        return self.to_image(self.blocks(self.project_norm(x)))
