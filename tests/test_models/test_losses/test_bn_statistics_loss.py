import pytest
import torch
from torch import nn

from mmdfkd.models.losses import BNStatisticsLoss, record_bn_inputs


def _bn(channels, mean, var):
    layer = nn.BatchNorm2d(channels).eval()
    layer.running_mean.copy_(torch.tensor(mean))
    layer.running_var.copy_(torch.tensor(var))
    return layer


def test_hand_computed_value():
    # Channel 0 holds {0, 2}: mean 1, biased var 1; channel 1 holds {1, 5}:
    # mean 3, var 4. Running stats (0, 3) and (1, 1):
    # ||(1, 0)|| + ||(0, 3)|| = 1 + 3 = 4.
    x = torch.tensor([[[[0.]], [[1.]]], [[[2.]], [[5.]]]])
    model = nn.Sequential(_bn(2, [0., 3.], [1., 1.]))
    with record_bn_inputs(model) as records:
        model(x)
    assert BNStatisticsLoss()(records).item() == pytest.approx(4.0)


def test_first_layer_multiplier_and_sum_over_layers():
    x = torch.tensor([[[[0.]], [[1.]]], [[[2.]], [[5.]]]])
    first = _bn(2, [0., 3.], [1., 1.])
    second = _bn(2, [0., 0.], [1., 1.])
    second.weight.data.fill_(1)
    model = nn.Sequential(first, second)
    with torch.no_grad():
        second_input = first(x)
    expected_second = BNStatisticsLoss.layer_term(second_input, second)
    with record_bn_inputs(model) as records:
        model(x)
    loss = BNStatisticsLoss(first_bn_multiplier=10)(records)
    assert loss.item() == pytest.approx(40 + expected_second.item())


def test_zero_when_batch_matches_running_statistics():
    x = torch.randn(64, 3, 5, 5) * 2 + 1
    layer = _bn(3, x.mean(dim=(0, 2, 3)).tolist(),
                x.var(dim=(0, 2, 3), unbiased=False).tolist())
    with record_bn_inputs(layer) as records:
        layer(x)
    assert BNStatisticsLoss()(records).item() < 1e-5


def test_hooks_removed_after_block_and_gradient_reaches_input():
    layer = _bn(3, [0.] * 3, [1.] * 3)
    x = torch.randn(8, 3, 4, 4, requires_grad=True)
    with record_bn_inputs(layer) as records:
        layer(x)
    assert not layer._forward_pre_hooks
    assert len(records) == 1
    # One call computes the loss: no state is left in the loss module.
    BNStatisticsLoss()(records).backward()
    assert x.grad is not None and x.grad.abs().sum() > 0
    layer(x)  # outside the block nothing is recorded
    assert len(records) == 1
    with pytest.raises(RuntimeError, match='got no BN inputs'):
        BNStatisticsLoss()([])


def test_error_on_teacher_without_batchnorm():
    with pytest.raises(ValueError, match='no BatchNorm|has none'):
        with record_bn_inputs(nn.Sequential(nn.Conv2d(3, 3, 1))):
            pass
