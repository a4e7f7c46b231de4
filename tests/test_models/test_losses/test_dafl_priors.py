"""DAFL's activation term and the base-10 information entropy, pinned."""
import math

import pytest
import torch

from mmdfkd.models import ActivationLoss, ClassBalanceLoss


def test_activation_loss_is_minus_mean_magnitude():
    feature = torch.tensor([[1., -2., 0., 3.], [0.5, 0.5, -1., 2.]])
    # (1 + 2 + 0 + 3 + 0.5 + 0.5 + 1 + 2) / 8
    assert ActivationLoss()(feature).item() == pytest.approx(-10 / 8)
    assert ActivationLoss.inputs == ('teacher_embedding', )


def test_activation_loss_averages_a_feature_map():
    maps = torch.randn(2, 3, 4, 4)
    pooled = maps.abs().mean(dim=(2, 3))
    assert ActivationLoss()(maps).item() == pytest.approx(
        ActivationLoss()(pooled).item(), rel=1e-6)


def test_class_balance_log10_is_dafls_information_entropy():
    logits = torch.tensor([[2., 0., 0.], [0., 1., 0.], [0., 0., 3.]])
    p = logits.softmax(dim=1).mean(dim=0)
    expected = sum(p_c * math.log10(p_c) for p_c in p.tolist())
    assert ClassBalanceLoss(log_base=10)(logits).item() == pytest.approx(
        expected, rel=1e-6)
    assert ClassBalanceLoss()(logits).item() == pytest.approx(
        expected * math.log(10), rel=1e-6)
