"""--compile: compiled networks, or eager ones with a warning."""
import os.path as osp
import warnings

import pytest
import torch
from mmengine.config import Config
from tiny_models import shrink_distillation_config, tiny_ddad
from torch import nn

from mmdfkd.registry import MODELS
from mmdfkd.utils.compile import NETWORKS, compile_for_training

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DIGITS = osp.join(ROOT,
                  'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py')


@pytest.fixture
def no_compiler(monkeypatch):
    """A platform where compiling fails at the first call."""

    def failing_call(self, *args, **kwargs):
        raise RuntimeError('no C++ compiler here')

    def compile(self, *args, **kwargs):
        self._compiled_call_impl = failing_call.__get__(self)

    monkeypatch.setattr(nn.Module, 'compile', compile)


def test_failed_compile_leaves_eager_networks_and_the_same_state(
        no_compiler):
    model = MODELS.build(tiny_ddad())
    model.train()
    state = {k: v.clone() for k, v in model.state_dict().items()}
    rng = torch.get_rng_state()
    with pytest.warns(UserWarning, match='torch.compile failed'):
        assert not compile_for_training(model)
    for name in NETWORKS:
        assert getattr(model, name)._compiled_call_impl is None
    for key, value in model.state_dict().items():
        assert torch.equal(value, state[key]), key
    assert all(p.grad is None for p in model.parameters())
    assert torch.equal(torch.get_rng_state(), rng)
    model.generate(torch.randn(2, model.generator.latent_dim))  # eager


def test_train_with_failed_compile_is_the_eager_run(run_tool, tmp_path,
                                                    no_compiler):
    cfg = Config.fromfile(DIGITS)
    shrink_distillation_config(cfg, tmp_path, max_iters=2)
    config = str(tmp_path / 'ddad_tiny.py')
    cfg.dump(config)
    states = []
    for flags in ((), ('--compile', )):
        work_dir = str(tmp_path / f'run{len(flags)}')
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter('always')
            run_tool('train', config, '--work-dir', work_dir, *flags)
        assert any('torch.compile failed' in str(w.message)
                   for w in warned) == bool(flags)
        states.append(torch.load(osp.join(work_dir, 'iter_2.pth'))
                      ['state_dict'])
    for key, value in states[1].items():
        assert torch.equal(value, states[0][key]), key
