"""Adaptive DeepInversion's teacher/student competition."""
import math

import torch
import torch.nn.functional as F
from torch import nn

from mmdfkd.registry import MODELS


@MODELS.register_module()
class CompetitionLoss(nn.Module):
    """``1 - JS(p_T, p_S)``: minimised, teacher and student disagree.

    The competition term of Adaptive DeepInversion (Yin et al., "Dreaming
    to Distill: Data-free Knowledge Transfer via DeepInversion", CVPR
    2020): synthesised images on which the student does not yet agree with
    the teacher. ``JS`` is the textbook Jensen-Shannon divergence, in nats,
    of the temperature-softened predictions::

        JS = KL(p_T || m) / 2 + KL(p_S || m) / 2,    m = (p_T + p_S) / 2

    summed over the classes (dim 1) and averaged over samples (and pixels
    of logit maps); it is symmetric and at most ``ln 2``. The reference
    code computes ``KL(m || p_S) / 2 + KL(m || p_T) / 2`` instead, on
    probabilities clamped to ``[0.01, 0.99]``: the clamps cut the gradient
    of every class whose probability leaves that range, which are most
    classes of a confident prediction.

    Args:
        tau (float): Softmax temperature, 3 in the reference code.
            Defaults to 3.
    """

    # The objective views it reads (see DataFreeDistiller).
    inputs = ('student_logits', 'teacher_logits')

    def __init__(self, tau: float = 3.0) -> None:
        super().__init__()
        self.tau = tau

    def forward(self, student: torch.Tensor,
                teacher: torch.Tensor) -> torch.Tensor:
        """Return ``1 - JS(softmax(t/tau), softmax(s/tau))``.

        Args:
            student (Tensor): Student logits, classes on dim 1.
            teacher (Tensor): Teacher logits of the same shape.
        """
        log_p_s = F.log_softmax(student.float() / self.tau, dim=1)
        log_p_t = F.log_softmax(teacher.float() / self.tau, dim=1)
        log_m = torch.logaddexp(log_p_s, log_p_t) - math.log(2)
        js = (log_p_t.exp() * (log_p_t - log_m) + log_p_s.exp() *
              (log_p_s - log_m)).sum(dim=1) / 2
        return 1 - js.mean()
