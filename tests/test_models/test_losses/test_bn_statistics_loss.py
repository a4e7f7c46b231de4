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


def test_standardized_terms_are_relative_to_the_running_statistics():
    # The batch of test_hand_computed_value (means 1, 3; variances 1, 4)
    # against running means (0, 3) and variances (4, 1):
    # mean gaps in running stds (1 / 2, 0), variance gaps relative (-3/4, 3)
    # over sqrt(C = 2): (1/2) / sqrt(2) + sqrt(9/16 + 9) / sqrt(2).
    x = torch.tensor([[[[0.]], [[1.]]], [[[2.]], [[5.]]]])
    model = nn.Sequential(_bn(2, [0., 3.], [4., 1.]))
    with record_bn_inputs(model) as records:
        model(x)
    eps = BNStatisticsLoss.eps
    expected = (
        (1 / (4 + eps)**0.5) + ((3 / (4 + eps))**2 + (3 / (1 + eps))**2)**0.5
    ) / 2**0.5
    assert BNStatisticsLoss(standardize=True)(records).item() == \
        pytest.approx(expected, rel=1e-6)
    # The absolute form of the same records: ||(1, 0)|| + ||(-3, 3)||.
    assert BNStatisticsLoss()(records).item() == \
        pytest.approx(1 + 18**0.5, rel=1e-6)


def test_standardized_term_ignores_the_activation_scale():
    x = torch.randn(16, 4, 3, 3)
    layer = _bn(4, [0.5] * 4, [2.] * 4)
    scaled = _bn(4, [50.] * 4, [2e4] * 4)  # the same layer, x 100
    with record_bn_inputs(layer) as records:
        layer(x)
    with record_bn_inputs(scaled) as scaled_records:
        scaled(100 * x)
    loss = BNStatisticsLoss(standardize=True)
    assert loss(scaled_records).item() == pytest.approx(
        loss(records).item(), rel=1e-4)
    assert BNStatisticsLoss()(scaled_records).item() > \
        50 * BNStatisticsLoss()(records).item()


def test_mean_reduction_averages_the_layers():
    x = torch.randn(8, 2, 3, 3)
    model = nn.Sequential(_bn(2, [1., 0.], [1., 2.]),
                          _bn(2, [0., 1.], [3., 1.]))
    with record_bn_inputs(model) as records:
        model(x)
    total = BNStatisticsLoss(first_bn_multiplier=3)(records)
    mean = BNStatisticsLoss(first_bn_multiplier=3, reduction='mean')(records)
    assert mean.item() == pytest.approx(total.item() / 2, rel=1e-6)
    with pytest.raises(ValueError, match="'sum' or 'mean'"):
        BNStatisticsLoss(reduction='max')
