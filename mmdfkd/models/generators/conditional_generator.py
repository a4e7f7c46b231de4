"""Class-conditional generator G(z, y) (CGDD)."""
from typing import Optional, Sequence, Union

import torch
from torch import nn

from mmdfkd.registry import MODELS

from .base_generator import BaseGenerator

# The stem starts from a map whose larger side is at most this.
MAX_INIT_SIDE = 8
# Widths stop doubling at this multiple of ``base_channels``.
MAX_WIDTH_MULT = 8


class ConditionalBatchNorm2d(nn.Module):
    """BatchNorm with a learned scale and shift per class.

    de Vries et al., "Modulating early visual processing by language",
    NeurIPS 2017: ``y = gamma[c] * BN(x) + beta[c]`` with ``BN`` free of
    affine parameters and ``c`` the class of each sample. Starts as the
    identity affine map (``gamma = 1``, ``beta = 0``).

    Args:
        num_features (int): Channels of the input.
        num_classes (int): Number of classes.
    """

    def __init__(self, num_features: int, num_classes: int) -> None:
        super().__init__()
        self.norm = nn.BatchNorm2d(num_features, affine=False)
        self.gamma = nn.Embedding(num_classes, num_features)
        self.beta = nn.Embedding(num_classes, num_features)
        nn.init.ones_(self.gamma.weight)
        nn.init.zeros_(self.beta.weight)

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Normalise ``x`` (N, C, H, W) and modulate it by ``labels`` (N, ).
        """
        gamma = self.gamma(labels)[:, :, None, None]
        beta = self.beta(labels)[:, :, None, None]
        return gamma * self.norm(x) + beta


class _UpsampleBlock(nn.Module):
    """x2 nearest upsampling, 3x3 conv, (conditional) BN, LeakyReLU(0.2)."""

    def __init__(self, in_channels: int, out_channels: int,
                 num_classes: Optional[int]) -> None:
        super().__init__()
        self.conv = nn.Sequential(
            nn.Upsample(scale_factor=2, mode='nearest'),
            nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False))
        self.conditional = num_classes is not None
        self.norm = (ConditionalBatchNorm2d(out_channels, num_classes)
                     if self.conditional else nn.BatchNorm2d(out_channels))
        self.act = nn.LeakyReLU(0.2, inplace=True)

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        x = self.conv(x)
        x = self.norm(x, labels) if self.conditional else self.norm(x)
        return self.act(x)


def num_upsample_stages(height: int, width: int) -> int:
    """Number ``k`` of x2 stages of :class:`ConditionalGenerator`.

    The smallest ``k`` with ``max(H, W) / 2**k <= 8``; both sides must be
    divisible by ``2**k`` so that the stem map has integer sides.

    Args:
        height (int): Image height.
        width (int): Image width.

    Raises:
        ValueError: If a side is not divisible by ``2**k``.
    """
    stages = 0
    while max(height, width) > MAX_INIT_SIDE * 2**stages:
        stages += 1
    if height % 2**stages or width % 2**stages:
        raise ValueError(
            f'ConditionalGenerator cannot produce {height}x{width} images: '
            f'it upsamples x2 {stages} times from a map of side <= '
            f'{MAX_INIT_SIDE}, so both sides must be divisible by '
            f'{2**stages}. Sizes that work include 32, 64, 128, 224 '
            f'(7 * 32) and 256.')
    return stages


@MODELS.register_module()
class ConditionalGenerator(BaseGenerator):
    """Generator of images of a chosen class, ``G(z, y)``.

    The conditional generator of CGDD (Yu et al., "Conditional Generative
    Data-free Knowledge Distillation", arXiv 2112.15358). The preset label
    ``y`` enters twice:

    - a learned label embedding ``e_y`` (``latent_dim`` long) *multiplies*
      the code, ``h = z * e_y``, as in the common ACGAN generator (Odena et
      al., ICML 2017). Unlike concatenation, it keeps the stem's input size
      and modulates every latent dimension, so the stem cannot learn to
      ignore the label by zeroing the weights of a separate label slice;
    - with ``conditional_bn`` (default), every upsampling block normalises
      with :class:`ConditionalBatchNorm2d`, a scale and shift per class.

    Architecture: ``Linear(latent_dim -> C0 * h0 * w0)``, BN, then ``k``
    blocks of [x2 nearest upsample, 3x3 conv, BN, LeakyReLU(0.2)], then a
    3x3 conv to ``out_channels``, ``tanh`` and an affine-free BN that keeps
    the output standardised like the teacher's normalised inputs. ``k`` is
    the smallest number of x2 stages that brings the larger side of the
    stem map to at most 8, so 32x32 is DFAD's generator (8x8 stem, two
    stages, widths ``2*ngf -> ngf``) and larger sizes add stages,
    DCGAN-like, with widths doubling towards the stem up to ``8*ngf``:
    64 -> 3 stages, 128 -> 4 stages, 224 -> a 7x7 stem and 5 stages.
    Both sides must be divisible by ``2**k``: 100 or 200 raise an error.

    Args:
        num_classes (int): Number of classes, the teacher's.
        latent_dim (int): Length of a latent code. Defaults to 256.
        base_channels (int): Width ``ngf`` of the last block. Defaults to
            64.
        img_size (int | Sequence[int]): Output ``S`` or ``(H, W)``, see
            above. Defaults to 32.
        out_channels (int): Image channels. Defaults to 3.
        conditional_bn (bool): Class-conditional BatchNorm in the
            upsampling blocks; plain BatchNorm otherwise. Defaults to True.
        init_cfg (dict, optional): Weight initialisation. Defaults to None.
    """

    conditional = True

    def __init__(self,
                 num_classes: int,
                 latent_dim: int = 256,
                 base_channels: int = 64,
                 img_size: Union[int, Sequence[int]] = 32,
                 out_channels: int = 3,
                 conditional_bn: bool = True,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(latent_dim, img_size, out_channels, init_cfg)
        if num_classes < 1:
            raise ValueError(
                f'ConditionalGenerator needs num_classes >= 1, got '
                f'{num_classes}.')
        self.num_classes = num_classes
        height, width = self.img_size
        stages = num_upsample_stages(height, width)
        self.init_hw = (height // 2**stages, width // 2**stages)
        # Block widths halve towards the image, ending at base_channels;
        # the stem is as wide as the first block (DFAD: 2*ngf, 2*ngf, ngf).
        block_widths = [
            base_channels * min(2**j, MAX_WIDTH_MULT)
            for j in reversed(range(stages))
        ]
        widths = block_widths[:1] + block_widths or [base_channels]
        self.label_embedding = nn.Embedding(num_classes, latent_dim)
        self.project = nn.Linear(
            latent_dim, widths[0] * self.init_hw[0] * self.init_hw[1])
        self.project_norm = nn.BatchNorm2d(widths[0])
        block_classes = num_classes if conditional_bn else None
        self.blocks = nn.ModuleList([
            _UpsampleBlock(cin, cout, block_classes)
            for cin, cout in zip(widths, widths[1:])
        ])
        self.to_image = nn.Sequential(
            nn.Conv2d(widths[-1], out_channels, 3, padding=1), nn.Tanh(),
            nn.BatchNorm2d(out_channels, affine=False))

    def cycled_labels(self,
                      num: int,
                      device: Optional[torch.device] = None) -> torch.Tensor:
        """Labels ``0, 1, ..., num_classes - 1, 0, 1, ...`` of length ``num``.

        Args:
            num (int): Number of labels.
            device (torch.device, optional): Their device.
        """
        return torch.arange(num, device=device) % self.num_classes

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Generate images ``(B, C, H, W)`` of the classes ``labels``.

        Args:
            z (Tensor): Latent codes ``(B, latent_dim)``.
            labels (Tensor): Class indices ``(B, )`` in
                ``[0, num_classes)``.
        """
        self.check_latent(z)
        if labels.shape != (z.shape[0], ):
            raise ValueError(
                f'ConditionalGenerator expects one label per code, shape '
                f'({z.shape[0]}, ), got {tuple(labels.shape)}.')
        x = self.project(z * self.label_embedding(labels))
        x = self.project_norm(x.view(z.shape[0], -1, *self.init_hw))
        for block in self.blocks:
            x = block(x, labels)
        return self.to_image(x)
