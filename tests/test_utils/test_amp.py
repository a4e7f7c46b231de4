"""``enable_amp`` on single and per-module optim-wrapper configs."""
import pytest
from mmengine.config import Config
from mmengine.optim import OptimWrapperDict, build_optim_wrapper
from torch import nn

from mmdfkd.engine.optimizers import AutocastOptimWrapper
from mmdfkd.utils import enable_amp


def _single() -> dict:
    return dict(
        optim_wrapper=dict(
            optimizer=dict(type='SGD', lr=0.1), clip_grad=None))


def _per_module() -> dict:
    return dict(
        optim_wrapper=dict(
            constructor='mmdfkd.PerModuleOptimWrapperConstructor',
            generator=dict(optimizer=dict(type='Adam', lr=1e-3)),
            student=dict(
                type='OptimWrapper',
                optimizer=dict(type='SGD', lr=0.1, momentum=0.9))))


def test_single_wrapper():
    cpu = enable_amp(_single(), device='cpu')['optim_wrapper']
    assert cpu['type'] == 'mmdfkd.AutocastOptimWrapper'
    assert 'loss_scale' not in cpu
    assert cpu['optimizer'] == dict(type='SGD', lr=0.1)
    cuda = enable_amp(_single(), device='cuda')['optim_wrapper']
    assert cuda['type'] == 'AmpOptimWrapper'
    assert cuda['loss_scale'] == 'dynamic'


def test_per_module_wrappers():
    for device, amp_type in [('cpu', 'mmdfkd.AutocastOptimWrapper'),
                             ('cuda', 'AmpOptimWrapper')]:
        cfg = enable_amp(_per_module(), device=device)['optim_wrapper']
        assert cfg['constructor'] == 'mmdfkd.PerModuleOptimWrapperConstructor'
        assert cfg['generator']['type'] == amp_type
        assert cfg['student']['type'] == amp_type


def test_mmengine_config_in_place_and_built():
    cfg = Config(_per_module())
    enable_amp(cfg, device='cpu')
    model = nn.Module()
    model.generator = nn.Linear(2, 2)
    model.student = nn.Linear(2, 2)
    wrappers = build_optim_wrapper(model, cfg.optim_wrapper)
    assert isinstance(wrappers, OptimWrapperDict)
    for wrapper in wrappers.values():
        assert isinstance(wrapper, AutocastOptimWrapper)


def test_unsupported_configs():
    custom = dict(
        optim_wrapper=dict(
            type='MyWrapper', optimizer=dict(type='SGD', lr=0.1)))
    with pytest.raises(ValueError, match="'MyWrapper' of optim_wrapper"):
        enable_amp(custom, device='cpu')
    with pytest.raises(ValueError, match='found no optimizer'):
        enable_amp(dict(optim_wrapper=dict(constructor='X')), device='cpu')
    with pytest.raises(ValueError, match='needs an optim_wrapper'):
        enable_amp(dict(), device='cpu')
