import math

import pytest
import torch
import torch.nn.functional as F

from mmdfkd.models import (
    ClassBalanceLoss,
    KLDivergence,
    L1Discrepancy,
    OneHotLoss,
)


def test_l1_discrepancy_value_on_logits_and_maps():
    s = torch.tensor([[1., 2.], [3., 4.]])
    t = torch.tensor([[0., 2.], [5., 4.]])
    assert L1Discrepancy()(s, t).item() == pytest.approx(0.75)
    maps = torch.randn(2, 3, 4, 4)
    assert L1Discrepancy()(maps, maps).item() == 0


def test_kl_divergence_matches_torch_and_scales_with_tau():
    s, t = torch.randn(6, 5), torch.randn(6, 5)
    expected = F.kl_div(F.log_softmax(s / 4, 1), F.softmax(t / 4, 1),
                        reduction='batchmean') * 16
    assert KLDivergence(tau=4)(s, t).item() == pytest.approx(
        expected.item(), rel=1e-5)
    assert KLDivergence()(t, t).item() == pytest.approx(0, abs=1e-6)


def test_kl_divergence_on_maps_averages_over_pixels():
    s, t = torch.randn(2, 3, 4, 5), torch.randn(2, 3, 4, 5)
    rows = (s.permute(0, 2, 3, 1).reshape(-1, 3),
            t.permute(0, 2, 3, 1).reshape(-1, 3))
    assert KLDivergence()(s, t).item() == pytest.approx(
        KLDivergence()(*rows).item(), rel=1e-5)


def test_onehot_loss_is_cross_entropy_with_argmax():
    logits = torch.tensor([[2., 0., 0.], [0., 0., 1.]])
    expected = F.cross_entropy(logits, torch.tensor([0, 2]))
    assert OneHotLoss()(logits).item() == pytest.approx(expected.item())


def test_class_balance_minimal_for_uniform_batch():
    balanced = torch.eye(4) * 10
    collapsed = torch.zeros(4, 4)
    collapsed[:, 0] = 10
    loss = ClassBalanceLoss()
    assert loss(balanced).item() == pytest.approx(-math.log(4), abs=1e-3)
    assert loss(collapsed).item() > loss(balanced).item() + 1
