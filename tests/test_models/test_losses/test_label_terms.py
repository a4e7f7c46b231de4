"""The preset-label terms of conditional generators, pinned by hand."""
import pytest
import torch

from mmdfkd.models import LabelMarginLoss


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
