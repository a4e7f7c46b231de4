"""Generator priors on the teacher's predictions (DAFL)."""
import torch
import torch.nn.functional as F
from torch import nn

from mmdfkd.registry import MODELS


def _class_last(logits: torch.Tensor) -> torch.Tensor:
    """``(N, C, ...)`` logits as ``(M, C)`` rows, one per sample or pixel."""
    return logits.float().movedim(1, -1).reshape(-1, logits.shape[1])


@MODELS.register_module()
class OneHotLoss(nn.Module):
    """Cross-entropy of the teacher against its own arg-max.

    Chen et al., "Data-Free Learning of Student Networks" (DAFL), ICCV 2019:
    pushes generated samples towards confident teacher predictions.
    """

    # The objective view it reads (see DataFreeDistiller).
    inputs = ('teacher_logits', )

    def forward(self, logits: torch.Tensor) -> torch.Tensor:
        """Return ``CE(logits, argmax(logits))``.

        Args:
            logits (Tensor): Teacher logits, classes on dim 1.
        """
        rows = _class_last(logits)
        return F.cross_entropy(rows, rows.argmax(dim=1))


@MODELS.register_module()
class ClassBalanceLoss(nn.Module):
    """Negative entropy of the batch-mean teacher prediction (DAFL).

    Minimising it spreads the generated batch over all classes.
    """

    inputs = ('teacher_logits', )

    def forward(self, logits: torch.Tensor) -> torch.Tensor:
        """Return ``sum_c p_c log p_c`` of the mean prediction ``p``.

        Args:
            logits (Tensor): Teacher logits, classes on dim 1.
        """
        mean_prob = F.softmax(_class_last(logits), dim=1).mean(dim=0)
        return (mean_prob * torch.log(mean_prob.clamp_min(1e-12))).sum()


@MODELS.register_module()
class LabelCrossEntropy(nn.Module):
    """Cross-entropy of logits against the preset labels of the samples.

    With a conditional generator, each sample has the label it was drawn
    for: CGDD (Yu et al., arXiv 2112.15358) trains the generator with
    ``CE(T(x), y)`` (the default inputs) and supervises the student with
    ``CE(S(x), y)`` (``inputs=('student_logits', 'labels')``).
    """

    inputs = ('teacher_logits', 'labels')

    def forward(self, logits: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        """Return ``CE(logits, labels)``, averaged over the batch.

        Args:
            logits (Tensor): ``(N, C)`` logits.
            labels (Tensor): ``(N, )`` preset class indices.
        """
        return F.cross_entropy(logits.float(), labels)
