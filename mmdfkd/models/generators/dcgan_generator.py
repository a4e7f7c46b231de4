"""DCGAN-style generator for images larger than 32x32 ("GeneratorB")."""
from typing import Sequence, Union

import torch
from torch import nn

from mmdfkd.registry import MODELS

from .base_generator import BaseGenerator


def _deconv_block(in_channels: int, out_channels: int) -> nn.Sequential:
    return nn.Sequential(
        nn.ConvTranspose2d(in_channels, out_channels, 4, 2, 1, bias=False),
        nn.BatchNorm2d(out_channels), nn.LeakyReLU(0.2, inplace=True))


@MODELS.register_module()
class DCGANGenerator(BaseGenerator):
    """DCGAN generator: a linear stem and four stride-2 deconvolutions.

    Radford et al., arXiv 1511.06434, as used by DFAD for Caltech101 and
    segmentation. Channels go ``8*ngf -> 4*ngf -> 2*ngf -> ngf -> ngf``;
    the output is ``tanh``-bounded.

    Args:
        latent_dim (int): Length of a latent code. Defaults to 256.
        base_channels (int): Width ``ngf``. Defaults to 64.
        img_size (int | Sequence[int]): Output ``S`` or ``(H, W)``, each
            divisible by 16. Defaults to 128.
        out_channels (int): Image channels. Defaults to 3.
        init_cfg (dict, optional): Weight initialisation. Defaults to
            normal(0, 0.02) on convolutions and linear layers, as DCGAN.
    """

    def __init__(self,
                 latent_dim: int = 256,
                 base_channels: int = 64,
                 img_size: Union[int, Sequence[int]] = 128,
                 out_channels: int = 3,
                 init_cfg=dict(
                     type='Normal',
                     std=0.02,
                     layer=['Conv2d', 'ConvTranspose2d', 'Linear'])) -> None:
        super().__init__(latent_dim, img_size, out_channels, init_cfg)
        height, width = self.img_size
        if height % 16 or width % 16:
            raise ValueError(
                f'DCGANGenerator needs H and W divisible by 16, got '
                f'{self.img_size}.')
        self.init_hw = (height // 16, width // 16)
        widths = [base_channels * m for m in (8, 4, 2, 1, 1)]
        self.project = nn.Linear(latent_dim,
                                 widths[0] * height * width // 256)
        self.project_norm = nn.BatchNorm2d(widths[0])
        self.blocks = nn.Sequential(*[
            _deconv_block(cin, cout) for cin, cout in zip(widths, widths[1:])
        ])
        self.to_image = nn.Sequential(
            nn.Conv2d(widths[-1], out_channels, 3, padding=1), nn.Tanh())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """Generate images of shape ``(B, C, H, W)`` from ``z``."""
        self.check_latent(z)
        x = self.project(z).view(z.shape[0], -1, *self.init_hw)
        return self.to_image(self.blocks(self.project_norm(x)))
