"""A generator prior on the teacher's features (DAFL)."""
import torch
from torch import nn

from mmdfkd.registry import MODELS


@MODELS.register_module()
class ActivationLoss(nn.Module):
    """Negative mean absolute activation of the teacher's pooled feature.

    Chen et al., "Data-Free Learning of Student Networks" (DAFL), ICCV 2019:
    images of the teacher's training distribution excite its penultimate
    neurons strongly, so the generator maximises their mean magnitude::

        L_a = -mean |f_T(x)|

    It reads the ``teacher_embedding`` view: the ``(N, C)`` pooled feature
    of a classifier, or an ``(N, C, H, W)`` map (e.g. a segmentor's
    backbone output), averaged over all its elements.
    """

    # The objective view it reads (see DataFreeDistiller).
    inputs = ('teacher_embedding', )

    def forward(self, feature: torch.Tensor) -> torch.Tensor:
        """Return ``-mean |feature|``.

        Args:
            feature (Tensor): The teacher's feature, any shape.
        """
        return -feature.float().abs().mean()
