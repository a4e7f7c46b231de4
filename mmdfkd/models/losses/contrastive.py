"""Instance discrimination between two views of synthetic images (CMI)."""
from typing import Tuple

import torch
import torch.nn.functional as F
from torch import nn

from mmdfkd.registry import MODELS


@MODELS.register_module()
class InstanceContrastiveLoss(nn.Module):
    """InfoNCE between the local and global views of each image.

    Fang et al., "Contrastive Model Inversion for Data-Free Knowledge
    Distillation", IJCAI 2021. With ``l`` and ``g`` the L2-normalised
    projections of the local and global views of the ``B`` current images
    followed by ``M`` images of past rounds, the logits are
    ``l g^T / temperature`` (the global side without gradient) and each
    row's positive is its own image::

        L_cr = mean_{i < B} CE_i + mean_{i >= B} CE_i

    (the second mean only once past images exist), so images must differ
    from each other and from those synthesised before.

    Args:
        temperature (float): Softmax temperature. Defaults to 0.2.
    """

    # The view CMI computes: (local, global, number of current images).
    inputs = ('projections', )

    def __init__(self, temperature: float = 0.2) -> None:
        super().__init__()
        self.temperature = temperature

    def forward(
            self, projections: Tuple[torch.Tensor, torch.Tensor,
                                     int]) -> torch.Tensor:
        """Return ``L_cr``.

        Args:
            projections (tuple): ``(local, global, num_current)``: two
                ``(B + M, D)`` normalised projections and ``B``.
        """
        local, global_, num_current = projections
        logits = local.float() @ global_.float().detach().T / \
            self.temperature
        ce = F.cross_entropy(
            logits, torch.arange(len(logits), device=logits.device),
            reduction='none')
        loss = ce[:num_current].mean()
        if len(ce) > num_current:
            loss = loss + ce[num_current:].mean()
        return loss
