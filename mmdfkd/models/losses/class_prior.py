"""Generator priors on the teacher's predictions (DAFL)."""
import math

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

    Minimising it spreads the generated batch over all classes. DAFL's
    original code takes the logarithm to base 10 and its weights (e.g. 5
    on CIFAR-10) are tuned for it; Fast-Datafree's DAFL and DFQ use the
    natural logarithm.

    Args:
        log_base (float): Base of the logarithm. Defaults to ``e``.
    """

    inputs = ('teacher_logits', )

    def __init__(self, log_base: float = math.e) -> None:
        super().__init__()
        self.log_base = log_base

    def forward(self, logits: torch.Tensor) -> torch.Tensor:
        """Return ``sum_c p_c log p_c`` of the mean prediction ``p``.

        Args:
            logits (Tensor): Teacher logits, classes on dim 1.
        """
        mean_prob = F.softmax(_class_last(logits), dim=1).mean(dim=0)
        log_prob = torch.log(mean_prob.clamp_min(1e-12))
        return (mean_prob * log_prob).sum() / math.log(self.log_base)


@MODELS.register_module()
class LabelCrossEntropy(nn.Module):
    """Cross-entropy of logits against the preset labels of the samples.

    With a conditional generator, each sample has the label it was drawn
    for: CGDD (Yu et al., arXiv 2112.15358) trains the generator with
    ``CE(T(x), y)`` (the default inputs) and supervises the student with
    ``CE(S(x), y)`` (``inputs=('student_logits', 'labels')``).

    With label smoothing ``eps`` the target puts ``1 - eps + eps / C`` on
    the preset class and ``eps / C`` on each other one, so the term stops
    pulling once the teacher is that confident: it asks the generator for
    the class, not for ever more prototypical images of it.

    Args:
        label_smoothing (float): ``eps`` in ``[0, 1)``. Defaults to 0
            (plain cross-entropy, the paper's term).
    """

    inputs = ('teacher_logits', 'labels')

    def __init__(self, label_smoothing: float = 0.0) -> None:
        super().__init__()
        if not 0.0 <= label_smoothing < 1.0:
            raise ValueError(f'label_smoothing must be in [0, 1), got '
                             f'{label_smoothing}')
        self.label_smoothing = label_smoothing

    def forward(self, logits: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        """Return ``CE(logits, labels)``, averaged over the batch.

        Args:
            logits (Tensor): ``(N, C)`` logits.
            labels (Tensor): ``(N, )`` preset class indices.
        """
        return F.cross_entropy(logits.float(), labels,
                               label_smoothing=self.label_smoothing)


@MODELS.register_module()
class AgreedLabelCrossEntropy(nn.Module):
    """Student cross-entropy on the preset labels the teacher agrees with.

    A variant of CGDD's student term ``CE(S(x), y)``: a conditional
    generator does not always draw the class it was asked for, and on a
    sample the teacher puts in another class the preset label teaches the
    student the opposite of the teacher. Only the samples with
    ``argmax T(x) = y`` count::

        L = (1 / N) sum_i 1[argmax T_i = y_i] * CE(S_i, y_i)

    averaged over the whole batch, so the term shrinks with the share of
    unfaithful samples instead of growing on the few faithful ones.
    """

    inputs = ('student_logits', 'teacher_logits', 'labels')

    def forward(self, student: torch.Tensor, teacher: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        """Return the masked cross-entropy, averaged over the batch.

        Args:
            student (Tensor): ``(N, C)`` student logits.
            teacher (Tensor): ``(N, C)`` teacher logits.
            labels (Tensor): ``(N, )`` preset class indices.
        """
        agree = (teacher.argmax(dim=1) == labels).float()
        ce = F.cross_entropy(student.float(), labels, reduction='none')
        return (agree * ce).mean()


@MODELS.register_module()
class LabelMarginLoss(nn.Module):
    """Hinge on the margin of the preset class over the best other class.

    For logits ``z`` and preset labels ``y``::

        L = mean_i max(0, m - (z_{i, y_i} - max_{c != y_i} z_{i, c}))

    A variant of CGDD's class term for the generator (``inputs`` as
    :class:`LabelCrossEntropy`'s): class fidelity needs the teacher's
    arg-max on the preset class, not its confidence. Cross-entropy keeps
    pushing a correctly classified sample towards the class prototype,
    against the adversarial term that seeks the samples near the decision
    boundaries the student must learn; the hinge stops at margin ``m``, so
    the two agree on the samples that are already faithful.

    Args:
        margin (float): The logit margin ``m`` at which a sample stops
            contributing. Defaults to 1.
    """

    inputs = ('teacher_logits', 'labels')

    def __init__(self, margin: float = 1.0) -> None:
        super().__init__()
        self.margin = margin

    def forward(self, logits: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        """Return the mean hinge over the batch.

        Args:
            logits (Tensor): ``(N, C)`` logits.
            labels (Tensor): ``(N, )`` preset class indices.
        """
        logits = logits.float()
        target = logits.gather(1, labels[:, None]).squeeze(1)
        others = logits.scatter(1, labels[:, None], float('-inf'))
        margin = target - others.max(dim=1).values
        return F.relu(self.margin - margin).mean()
