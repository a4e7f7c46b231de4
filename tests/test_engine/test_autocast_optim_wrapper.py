"""``AutocastOptimWrapper``: bf16 autocast on CPU, fp32 parameters."""
import pytest
import torch
from mmengine.device import get_device
from mmengine.optim import build_optim_wrapper
from torch import nn

from mmdfkd.engine.optimizers import AutocastOptimWrapper


def _model() -> nn.Module:
    # Autocast follows mmengine's current device, as the runner's model.
    return nn.Sequential(
        nn.Conv2d(3, 4, 3), nn.Flatten(),
        nn.Linear(4 * 6 * 6, 2)).to(get_device())


def test_forward_is_bf16_and_step_updates_params():
    model = _model()
    wrapper = build_optim_wrapper(
        model,
        dict(
            type='mmdfkd.AutocastOptimWrapper',
            optimizer=dict(type='SGD', lr=0.1)))
    assert isinstance(wrapper, AutocastOptimWrapper)
    before = [p.detach().clone() for p in model.parameters()]
    inputs = torch.rand(2, 3, 8, 8, device=get_device())
    with wrapper.optim_context(model):
        features = model[0](inputs)
        out = model[2](model[1](features))
    assert features.dtype == torch.bfloat16
    assert out.dtype == torch.bfloat16
    assert model(inputs).dtype == torch.float32  # outside the context
    wrapper.update_params(out.float().pow(2).mean())
    for old, new in zip(before, model.parameters()):
        assert new.dtype == torch.float32
        assert not torch.equal(old, new)


def test_dtype_argument():
    model = _model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    wrapper = AutocastOptimWrapper(optimizer=optimizer, dtype=torch.bfloat16)
    assert wrapper.cast_dtype is torch.bfloat16
    with pytest.raises(ValueError, match='dtype should be one of'):
        AutocastOptimWrapper(optimizer=optimizer, dtype='float64')
