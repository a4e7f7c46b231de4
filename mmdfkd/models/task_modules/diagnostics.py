"""Health statistics of a generated batch and of the student's
predictions, for divergence checks."""
import math
from typing import Dict, Optional

import torch

from ..losses.image_priors import batch_diversity


@torch.no_grad()
def batch_diagnostics(
        images: torch.Tensor,
        teacher_logits: Optional[torch.Tensor] = None
) -> Dict[str, torch.Tensor]:
    """Scale and diversity of generated images and the teacher's classes.

    Computed without autograd on tensors the training step already holds,
    so they cost no forward and change no result:

    - ``diag_gen_absmax``: the largest ``|x|`` of the batch and
      ``diag_gen_std``: the std of all its values, both in the normalised
      input space (exploding outputs);
    - ``diag_gen_diversity``: :func:`~mmdfkd.models.losses.batch_diversity`,
      0 when all images are identical (collapse). Needs two images or
      more;
    - ``diag_teacher_class_entropy``: the entropy of the histogram of the
      teacher's arg-max classes over the batch, normalised
      (:func:`class_entropy`): 0 when the teacher sees one class only.

    Args:
        images (Tensor): Generated images ``(B, C, H, W)``.
        teacher_logits (Tensor, optional): The teacher's ``(B, K)`` logits
            or ``(B, K, H, W)`` logit maps on them; without them, no
            entropy.

    Returns:
        dict[str, Tensor]: Name to a scalar tensor.
    """
    images = images.detach().float()
    diagnostics = dict(
        diag_gen_absmax=images.abs().max(), diag_gen_std=images.std())
    if len(images) > 1:
        diagnostics['diag_gen_diversity'] = batch_diversity(images)
    if teacher_logits is not None and teacher_logits.shape[1] > 1:
        diagnostics['diag_teacher_class_entropy'] = class_entropy(
            teacher_logits)
    return diagnostics


@torch.no_grad()
def class_entropy(logits: torch.Tensor) -> torch.Tensor:
    """The entropy of the histogram of arg-max classes, normalised.

    Pooled over the batch, and over every pixel of logit maps; divided by
    ``log(num_classes)``: 1 when the classes are equally frequent, 0 when
    one class is predicted everywhere.

    Args:
        logits (Tensor): ``(B, K)`` logits or ``(B, K, H, W)`` logit maps,
            ``K >= 2``.

    Returns:
        Tensor: A scalar.
    """
    num_classes = logits.shape[1]
    classes = logits.detach().argmax(dim=1).flatten()
    # index_add_ rather than bincount: on a GPU bincount reads the largest
    # class back to the host, a sync in every student step.
    counts = classes.new_zeros(num_classes).index_add_(
        0, classes, torch.ones_like(classes))
    freq = counts.float() / counts.sum()
    return torch.special.entr(freq).sum() / math.log(num_classes)
