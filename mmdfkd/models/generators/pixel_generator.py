"""A batch of pixels optimised directly (DeepInversion)."""
from typing import Optional, Sequence, Union

import torch
from torch import nn

from mmdfkd.models.task_modules import RandomStream
from mmdfkd.registry import MODELS

from .base_generator import BaseGenerator, to_hw


@MODELS.register_module()
class PixelGenerator(BaseGenerator):
    """The pixels of one batch as parameters, in place of a network.

    Yin et al., "Dreaming to Distill: Data-free Knowledge Transfer via
    DeepInversion", CVPR 2020, optimise images directly. Here they are a
    parameter ``pixels`` of shape ``(batch_size, C, H, W)`` in the
    teacher's normalised input space, so the generator's optimizer, the
    algorithms' probe checks and the checkpoints treat them as any
    generator's weights.

    :meth:`reset` starts a new batch from latent codes: a code is a
    flattened image (``latent_dim = C * H * W``), so the ``N(0, I)`` codes
    of :class:`~mmdfkd.datasets.LatentDataset` are the Gaussian noise that
    DeepInversion starts from, reproducible like any latent code. In
    training mode, :meth:`forward` augments the batch as DeepInversion does
    at every step: a random roll of up to ``jitter`` pixels along each axis
    and, with ``flip``, a horizontal flip with probability 1/2, one draw for
    the whole batch from a checkpointed stream. The stored pixels are never
    augmented.

    It is unconditional: it cannot draw images of a chosen class. The
    algorithm keeps the target labels of the batch.

    Args:
        batch_size (int): Images in a batch: the train loader's batch size.
        img_size (int | Sequence[int]): Image size, ``S`` or ``(H, W)``.
            Defaults to 32.
        out_channels (int): Image channels. Defaults to 3.
        jitter (int): Largest random roll, in pixels; 0 for none. Defaults
            to 2, DeepInversion's CIFAR-10 setting.
        flip (bool): Random horizontal flips. Defaults to False.
        init_cfg (dict, optional): Unused. Defaults to None.
    """

    def __init__(self,
                 batch_size: int,
                 img_size: Union[int, Sequence[int]] = 32,
                 out_channels: int = 3,
                 jitter: int = 2,
                 flip: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        height, width = to_hw(img_size)
        super().__init__(out_channels * height * width, img_size,
                         out_channels, init_cfg)
        if batch_size < 1 or jitter < 0:
            raise ValueError(
                f'PixelGenerator needs batch_size >= 1 and jitter >= 0, got '
                f'{batch_size} and {jitter}.')
        self.jitter = jitter
        self.flip = flip
        self.pixels = nn.Parameter(
            torch.randn(batch_size, out_channels, height, width))
        self.stream = RandomStream()

    @property
    def batch_size(self) -> int:
        """Images in a batch."""
        return self.pixels.shape[0]

    @torch.no_grad()
    def reset(self, z: torch.Tensor) -> None:
        """Start a new batch: the pixels become the latent codes.

        Args:
            z (Tensor): ``(batch_size, latent_dim)`` codes.
        """
        self.check_latent(z)
        if z.shape[0] != self.batch_size:
            raise ValueError(
                f'PixelGenerator holds batches of {self.batch_size} images '
                f'but got {z.shape[0]} latent codes: set '
                f'model.generator.batch_size to train_dataloader.batch_size.')
        self.pixels.copy_(z.view(self.pixels.shape))

    @torch.no_grad()
    def clamp_(self, low: torch.Tensor, high: torch.Tensor) -> None:
        """Project the pixels into ``[low, high]``.

        Args:
            low (Tensor): Lower bounds, broadcastable to the pixels, e.g.
                per channel ``(1, C, 1, 1)``.
            high (Tensor): Upper bounds, likewise.
        """
        self.pixels.copy_(torch.clamp(self.pixels, low, high))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """The first ``len(z)`` images of the batch, augmented in training.

        Args:
            z (Tensor): Latent codes ``(N, latent_dim)``; only their number
                matters, the pixels come from the last :meth:`reset`.
        """
        self.check_latent(z)
        images = self.pixels[:z.shape[0]]
        if not self.training:
            return images
        with self.stream.generator() as gen:
            shifts = torch.randint(-self.jitter, self.jitter + 1, (2, ),
                                   generator=gen).tolist()
            flip = self.flip and bool(torch.rand((), generator=gen) < 0.5)
        images = torch.roll(images, shifts=shifts, dims=(2, 3))
        return images.flip(3) if flip else images
