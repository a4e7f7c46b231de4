"""Image priors on synthesised pixels (DeepInversion)."""
import torch
from torch import nn

from mmdfkd.registry import MODELS


@MODELS.register_module()
class TotalVariationLoss(nn.Module):
    """Total variation of images: neighbouring pixels should look alike.

    The ``R_TV`` prior of Yin et al., "Dreaming to Distill: Data-free
    Knowledge Transfer via DeepInversion", CVPR 2020, in the form of its
    reference code: the sum, over four directions (horizontal, vertical and
    both diagonals), of the L2 norm of the differences between
    neighbouring pixels, each norm taken over the whole batch::

        L_tv = sum_d ||x - shift_d(x)||_2

    The norms grow with the square root of the batch size, so a weight
    holds for one batch size.
    """

    # The objective view it reads (see DataFreeDistiller).
    inputs = ('images', )

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """Return ``L_tv`` of a batch.

        Args:
            images (Tensor): ``(N, C, H, W)`` images.
        """
        x = images.float()
        differences = (
            x[..., :, 1:] - x[..., :, :-1],
            x[..., 1:, :] - x[..., :-1, :],
            x[..., 1:, 1:] - x[..., :-1, :-1],
            x[..., 1:, :-1] - x[..., :-1, 1:],
        )
        return torch.stack(
            [torch.linalg.vector_norm(d) for d in differences]).sum()


@MODELS.register_module()
class ImageL2Loss(nn.Module):
    """L2 norm of images: keeps synthesised pixels small.

    The ``R_l2`` prior of Yin et al., "Dreaming to Distill: Data-free
    Knowledge Transfer via DeepInversion", CVPR 2020: ``||x||_2`` over the
    whole batch, as in its reference code.
    """

    inputs = ('images', )

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """Return ``||images||_2``.

        Args:
            images (Tensor): ``(N, C, H, W)`` images.
        """
        return torch.linalg.vector_norm(images.float())


def batch_diversity(images: torch.Tensor) -> torch.Tensor:
    """The std across the batch of each value (channel and pixel),
    averaged: 0 when all images are identical.

    Args:
        images (Tensor): ``(N, C, H, W)`` images, ``N >= 2``.
    """
    return images.float().std(dim=0).mean()


@MODELS.register_module()
class BatchDiversityLoss(nn.Module):
    """Minus :func:`batch_diversity`: pushes a batch's images apart at
    every pixel.

    A generator whose output is batch-normalised has unit variance per
    channel; this term moves that variance from positions shared by the
    whole batch (the same content at the same place on every image) to
    differences between images.
    """

    inputs = ('images', )

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """Return ``-batch_diversity(images)``.

        Args:
            images (Tensor): ``(N, C, H, W)`` images, ``N >= 2``.
        """
        return -batch_diversity(images)
