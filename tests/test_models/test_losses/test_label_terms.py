"""The preset-label terms of conditional generators, pinned by hand."""
import math

import pytest
import torch

from mmdfkd.models import (
    AgreedLabelCrossEntropy,
    FaithfulAdversarialLoss,
    LabelCrossEntropy,
    LabelMarginLoss,
)


def test_margin_hinge_of_the_preset_class_over_the_best_other():
    logits = torch.tensor([[3., 1., 0.], [0., 2., 2.5], [1., 1., 1.]])
    labels = torch.tensor([0, 1, 2])
    # margins: 3 - 1 = 2, 2 - 2.5 = -0.5, 1 - 1 = 0
    # hinge at m = 1: max(0, 1 - 2), max(0, 1 + 0.5), max(0, 1 - 0)
    assert LabelMarginLoss()(logits, labels).item() == pytest.approx(
        (0 + 1.5 + 1) / 3)
    # m = 3: 1, 3.5, 3
    assert LabelMarginLoss(margin=3.0)(logits, labels).item() == \
        pytest.approx((1 + 3.5 + 3) / 3)


def test_margin_hinge_ignores_samples_past_the_margin():
    logits = torch.tensor([[5., 0.], [0., 0.5]], requires_grad=True)
    LabelMarginLoss()(logits, torch.tensor([0, 1])).backward()
    # The first sample's margin 5 >= 1: no gradient. The second pushes
    # its class up and the best other class down, each by 1 / N.
    assert logits.grad.tolist() == [[0., 0.], [0.5, -0.5]]


def test_label_smoothing_spreads_eps_over_the_classes():
    logits = torch.tensor([[2., 0., 0.], [0., 1., 3.]])
    labels = torch.tensor([0, 2])
    log_p = torch.log_softmax(logits, dim=1).tolist()
    # eps = 0.3 over C = 3: target 0.8 on the preset class, 0.1 elsewhere.
    by_hand = -sum(0.8 * row[y] + 0.1 * (sum(row) - row[y])
                   for row, y in zip(log_p, (0, 2))) / 2
    assert LabelCrossEntropy(label_smoothing=0.3)(
        logits, labels).item() == pytest.approx(by_hand)
    plain = -(log_p[0][0] + log_p[1][2]) / 2
    assert LabelCrossEntropy()(logits, labels).item() == \
        pytest.approx(plain)


def test_label_smoothing_stops_pulling_at_its_target():
    # Softmax (0.8, 0.1, 0.1) is the smoothed target itself: no gradient.
    logits = torch.tensor([[math.log(8.), 0., 0.]], requires_grad=True)
    LabelCrossEntropy(label_smoothing=0.3)(
        logits, torch.tensor([0])).backward()
    assert logits.grad.abs().max().item() < 1e-6
    with pytest.raises(ValueError, match=r'label_smoothing must be in'):
        LabelCrossEntropy(label_smoothing=1.0)


def test_agreed_label_ce_counts_the_samples_the_teacher_agrees_with():
    student = torch.tensor([[2., 0.], [0., 1.], [1., 1.]],
                           requires_grad=True)
    teacher = torch.tensor([[1., 0.], [3., 0.], [0., 1.]])
    labels = torch.tensor([0, 1, 1])
    # The teacher agrees with samples 0 and 2 (class 0, class 1), not 1.
    ce0 = -math.log(math.exp(2) / (math.exp(2) + 1))
    ce2 = math.log(2)
    loss = AgreedLabelCrossEntropy()(student, teacher, labels)
    # Averaged over all three samples, the unfaithful one counting 0.
    assert loss.item() == pytest.approx((ce0 + ce2) / 3, rel=1e-6)
    loss.backward()
    assert student.grad[1].tolist() == [0.0, 0.0]
    assert student.grad[0].abs().sum() > 0 and student.grad[2].abs().sum() > 0
    # All faithful: the plain cross-entropy.
    agreeing = torch.tensor([[1., 0.], [0., 3.], [0., 1.]])
    assert AgreedLabelCrossEntropy()(student, agreeing, labels).item() == \
        pytest.approx(torch.nn.functional.cross_entropy(
            student, labels).item(), rel=1e-6)


def test_faithful_adversarial_term_pushes_only_samples_in_their_class():
    student = torch.tensor([[2., 0.], [0., 1.], [1., 1.]],
                           requires_grad=True)
    teacher = torch.tensor([[1., 0.], [3., 0.], [0., 1.]])
    labels = torch.tensor([0, 1, 1])
    # Samples 0 and 2 are in their class; L1 per sample is the mean |s - t|
    # over the 2 classes: (1 + 0) / 2 and (1 + 0) / 2.
    loss = FaithfulAdversarialLoss()(student, teacher, labels)
    assert loss.item() == pytest.approx(-(0.5 + 0.5) / 3, rel=1e-6)
    loss.backward()
    assert student.grad[1].tolist() == [0.0, 0.0]
    assert student.grad[0].abs().sum() > 0
    kl = FaithfulAdversarialLoss(discrepancy=dict(type='KLDivergence'))
    p_t, p_s = teacher[0].softmax(0), student[0].detach().softmax(0)
    kl0 = float((p_t * (p_t.log() - p_s.log())).sum())
    p_t, p_s = teacher[2].softmax(0), student[2].detach().softmax(0)
    kl2 = float((p_t * (p_t.log() - p_s.log())).sum())
    assert kl(student, teacher, labels).item() == pytest.approx(
        -(kl0 + kl2) / 3, rel=1e-5)
    # None in its class: zero, with a graph to backpropagate through.
    none = FaithfulAdversarialLoss()(student, teacher, torch.tensor([1, 1, 0]))
    assert none.item() == 0 and none.requires_grad
    with pytest.raises(ValueError, match='class logits'):
        FaithfulAdversarialLoss()(torch.zeros(1, 2, 2, 2),
                                  torch.zeros(1, 2, 2, 2), labels[:1])
