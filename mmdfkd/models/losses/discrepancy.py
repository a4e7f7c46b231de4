"""Teacher/student discrepancies on logits (images or pixel maps)."""
import torch
import torch.nn.functional as F
from torch import nn

from mmdfkd.registry import MODELS


@MODELS.register_module()
class L1Discrepancy(nn.Module):
    """Mean absolute difference of logits, the "MAE" of DFAD.

    Fang et al., "Data-Free Adversarial Distillation", arXiv 1912.11006.
    Works for ``(N, C)`` class logits and ``(N, C, H, W)`` logit maps.
    """

    # The objective views it reads (see DataFreeDistiller).
    inputs = ('student_logits', 'teacher_logits')

    def forward(self, student: torch.Tensor,
                teacher: torch.Tensor) -> torch.Tensor:
        """Return ``mean |student - teacher|``.

        Args:
            student (Tensor): Student logits.
            teacher (Tensor): Teacher logits of the same shape.
        """
        return F.l1_loss(student.float(), teacher.float())


@MODELS.register_module()
class KLDivergence(nn.Module):
    """KL(teacher || student) of temperature-softened predictions.

    Hinton et al., "Distilling the Knowledge in a Neural Network", 2015.
    Classes are on dim 1; the divergence is averaged over samples (and
    pixels for logit maps) and scaled by ``tau ** 2``.

    Args:
        tau (float): Softmax temperature. Defaults to 1.
    """

    inputs = ('student_logits', 'teacher_logits')

    def __init__(self, tau: float = 1.0) -> None:
        super().__init__()
        self.tau = tau

    def forward(self, student: torch.Tensor,
                teacher: torch.Tensor) -> torch.Tensor:
        """Return ``tau^2 * KL(softmax(t/tau) || softmax(s/tau))``.

        Args:
            student (Tensor): Student logits, classes on dim 1.
            teacher (Tensor): Teacher logits of the same shape.
        """
        log_p_s = F.log_softmax(student.float() / self.tau, dim=1)
        log_p_t = F.log_softmax(teacher.float() / self.tau, dim=1)
        kl = (log_p_t.exp() * (log_p_t - log_p_s)).sum(dim=1)
        return kl.mean() * self.tau**2


@MODELS.register_module()
class AdversarialLoss(nn.Module):
    """The generator's side of a discrepancy: maximise it.

    Fang et al., "Data-Free Adversarial Distillation", arXiv 1912.11006:
    ``L_adv = -D(S(x), T(x))`` on class logits and ``-log(1 + D)`` on logit
    maps, whose gradient fades as the pixel-wise discrepancy grows, so the
    generator does not run away from the teacher's image distribution.

    Args:
        discrepancy (dict): The discrepancy ``D``. Defaults to
            ``dict(type='L1Discrepancy')``.
    """

    inputs = ('student_logits', 'teacher_logits')

    def __init__(self,
                 discrepancy: dict = dict(type='L1Discrepancy')) -> None:
        super().__init__()
        self.discrepancy = MODELS.build(dict(_scope_='mmdfkd', **discrepancy))

    def forward(self, student: torch.Tensor,
                teacher: torch.Tensor) -> torch.Tensor:
        """Return ``-D`` (class logits) or ``-log(1 + D)`` (logit maps).

        Args:
            student (Tensor): Student logits or logit maps.
            teacher (Tensor): Teacher logits of the same shape.
        """
        discrepancy = self.discrepancy(student, teacher)
        if teacher.dim() == 4:
            return -torch.log1p(discrepancy)
        return -discrepancy


@MODELS.register_module()
class FaithfulAdversarialLoss(AdversarialLoss):
    """A conditional generator's adversarial term on its faithful samples.

    :class:`AdversarialLoss` pushes every sample towards the student's
    mistakes, and with a class-conditional generator that also pushes
    samples out of the class they were drawn for: the teacher then
    disagrees with their preset labels. Here only the samples the teacher
    still puts in their preset class push the generator::

        L_adv = -(1 / N) sum_i 1[argmax T_i = y_i] * D(S_i, T_i)

    so a sample that left its class is pulled back by the class term alone.
    Class logits only.

    Args:
        discrepancy (dict): The discrepancy ``D``, averaged over samples.
            Defaults to ``dict(type='L1Discrepancy')``.
    """

    inputs = ('student_logits', 'teacher_logits', 'labels')

    def forward(self, student: torch.Tensor, teacher: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        """Return ``-D`` over the faithful samples, times their share.

        Args:
            student (Tensor): ``(N, C)`` student logits.
            teacher (Tensor): ``(N, C)`` teacher logits.
            labels (Tensor): ``(N, )`` preset class indices.
        """
        if teacher.dim() != 2:
            raise ValueError(
                f'FaithfulAdversarialLoss compares class logits (N, C), got '
                f'shape {tuple(teacher.shape)}: use AdversarialLoss for '
                f'logit maps.')
        faithful = teacher.argmax(dim=1) == labels
        if not faithful.any():
            # No sample in its class: nothing to push, but keep the graph.
            return 0 * student.sum()
        share = faithful.float().mean()
        return -share * self.discrepancy(student[faithful],
                                         teacher[faithful])


@MODELS.register_module()
class DecisionAdversarialLoss(nn.Module):
    """The generator's adversarial term of CMI and Fast, masked by agreement.

    Fang et al., "Contrastive Model Inversion for Data-Free Knowledge
    Distillation", IJCAI 2021, and "Up to 100x Faster Data-free Knowledge
    Distillation", AAAI 2022::

        L_adv = -(1 / B) sum_i 1[argmax S_i = argmax T_i]
                              * KL(softmax(T_i) || softmax(S_i))

    Only the samples on which the student still agrees with the teacher's
    decision push the generator, so it seeks new disagreements instead of
    driving known ones further from the teacher's data. Class logits only.
    """

    inputs = ('student_logits', 'teacher_logits')

    def forward(self, student: torch.Tensor,
                teacher: torch.Tensor) -> torch.Tensor:
        """Return the masked, negated KL, averaged over the whole batch.

        Args:
            student (Tensor): ``(N, C)`` student logits.
            teacher (Tensor): ``(N, C)`` teacher logits.
        """
        if teacher.dim() != 2:
            raise ValueError(
                f'DecisionAdversarialLoss compares class logits (N, C), got '
                f'shape {tuple(teacher.shape)}: use AdversarialLoss for '
                f'logit maps.')
        student, teacher = student.float(), teacher.float()
        agree = (student.argmax(dim=1) == teacher.argmax(dim=1)).float()
        log_p_s = F.log_softmax(student, dim=1)
        log_p_t = F.log_softmax(teacher, dim=1)
        kl = (log_p_t.exp() * (log_p_t - log_p_s)).sum(dim=1)
        return -(agree * kl).mean()
