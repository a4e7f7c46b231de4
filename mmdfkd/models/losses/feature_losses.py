"""Feature-map distillation losses between teacher and student layers."""
from typing import Tuple

import torch
import torch.nn.functional as F
from torch import nn

from mmdfkd.registry import MODELS


def check_feature_map(feature: torch.Tensor, name: str) -> None:
    """Raise a clear error unless ``feature`` is an ``(N, C, H, W)`` map.

    Args:
        feature (Tensor): A recorded feature.
        name (str): What it is, for the message.
    """
    if not isinstance(feature, torch.Tensor) or feature.dim() != 4:
        found = (tuple(feature.shape) if isinstance(feature, torch.Tensor)
                 else type(feature).__name__)
        raise ValueError(
            f'Feature-map losses compare (N, C, H, W) maps, but {name} is '
            f'{found}. Tap a convolutional stage, e.g. "backbone.layer1" '
            f'of a ResNet.')


def match_spatial(student: torch.Tensor,
                  teacher: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """Average-pool the larger of two maps to the other's spatial size.

    Pooling (rather than upsampling) keeps the comparison at the coarser
    resolution, where both networks have information. Maps of equal size
    are returned unchanged.

    Args:
        student (Tensor): ``(N, C_s, H_s, W_s)``.
        teacher (Tensor): ``(N, C_t, H_t, W_t)``.

    Returns:
        tuple[Tensor, Tensor]: Both maps at ``(min(H), min(W))``.
    """
    size = (min(student.shape[2], teacher.shape[2]),
            min(student.shape[3], teacher.shape[3]))
    if student.shape[2:] != size:
        student = F.adaptive_avg_pool2d(student, size)
    if teacher.shape[2:] != size:
        teacher = F.adaptive_avg_pool2d(teacher, size)
    return student, teacher


@MODELS.register_module()
class AttentionTransferLoss(nn.Module):
    """Attention transfer between a student and a teacher feature map.

    Zagoruyko & Komodakis, "Paying More Attention to Attention", ICLR 2017.
    The spatial attention map of ``f`` (N, C, H, W) is the channel mean of
    ``|f|^p``, flattened and L2-normalised per sample::

        Q(f) = normalize(mean_c |f_c|^p)        (N, H*W)
        L_at = mean_{n, position} (Q(f_s) - Q(f_t))^2

    Channel counts may differ; differing spatial sizes are matched by
    average-pooling the larger attention map. ZSKT (Micaelli & Storkey,
    NeurIPS 2019) weighs the sum over the stages of a ResNet by 250.

    Args:
        p (float): Exponent of the activations. Defaults to 2.
    """

    # Channel counts may differ: no connector needed.
    requires_connectors = False
    # The objective views it reads, one map per feature pair, summed over
    # the pairs (see DataFreeDistiller).
    inputs = ('student_features', 'teacher_features')
    per_pair = True

    def __init__(self, p: float = 2.0) -> None:
        super().__init__()
        self.p = p

    def attention(self, feature: torch.Tensor) -> torch.Tensor:
        """The ``(N, 1, H, W)`` attention map, before normalisation."""
        return feature.float().abs().pow(self.p).mean(dim=1, keepdim=True)

    def forward(self, student: torch.Tensor,
                teacher: torch.Tensor) -> torch.Tensor:
        """Return ``L_at`` of one pair of feature maps.

        Args:
            student (Tensor): Student feature map ``(N, C_s, H_s, W_s)``.
            teacher (Tensor): Teacher feature map ``(N, C_t, H_t, W_t)``.
        """
        student, teacher = match_spatial(
            self.attention(student), self.attention(teacher))
        return (F.normalize(student.flatten(1), dim=1) -
                F.normalize(teacher.flatten(1), dim=1)).pow(2).mean()


@MODELS.register_module()
class MSEFeatureLoss(nn.Module):
    """Mean squared error between feature maps of equal channel counts.

    The hint loss of FitNets (Romero et al., ICLR 2015): the student map
    goes through a learned 1x1 connector to the teacher's width first
    (the algorithm owns the connectors); differing spatial sizes are
    matched by average-pooling the larger map.
    """

    # The student map must be projected to the teacher's channels first.
    requires_connectors = True
    inputs = ('student_features', 'teacher_features')
    per_pair = True

    def forward(self, student: torch.Tensor,
                teacher: torch.Tensor) -> torch.Tensor:
        """Return ``mean (f_s - f_t)^2`` of one pair of feature maps.

        Args:
            student (Tensor): Student map ``(N, C, H_s, W_s)``, connected.
            teacher (Tensor): Teacher map ``(N, C, H_t, W_t)``.
        """
        if student.shape[1] != teacher.shape[1]:
            raise ValueError(
                f'MSEFeatureLoss compares maps of equal channel counts, got '
                f'{student.shape[1]} (student) and {teacher.shape[1]} '
                f'(teacher): project the student map with a connector.')
        student, teacher = match_spatial(student.float(), teacher.float())
        return F.mse_loss(student, teacher)
