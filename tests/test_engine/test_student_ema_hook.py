"""StudentEMAHook in a real Runner on tiny networks: it averages the
student and nothing else, validation and checkpoints see the average, and
a loaded student starts the average."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from tiny_models import shrink_distillation_config

from mmdfkd.apis import build_runner
from mmdfkd.engine import StudentEMAHook
from mmdfkd.models.utils import unwrap_model

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
FAST_1 = 'configs/fast/fast-1_resnet34-w16_resnet18-w8_1xb64_digits.py'
MAX_ITERS = 3


def fast_1_runner(tmp_path, **hook):
    """Fast-1's digits config on tiny networks, 3 rounds, averaging the
    student with ``hook``'s arguments; no validation during training."""
    cfg = Config.fromfile(osp.join(ROOT, FAST_1))
    shrink_distillation_config(cfg, tmp_path, MAX_ITERS)
    cfg.merge_from_dict({
        'train_cfg.val_interval': MAX_ITERS + 1,
        'default_hooks.checkpoint.interval': MAX_ITERS,
        'custom_hooks': [dict(type='mmdfkd.StudentEMAHook', **hook)],
    })
    return build_runner(cfg)


def ema_hook(runner) -> StudentEMAHook:
    return next(h for h in runner.hooks if isinstance(h, StudentEMAHook))


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """A trained run: its runner and its final checkpoint."""
    tmp_path = tmp_path_factory.mktemp('student_ema')
    runner = fast_1_runner(tmp_path, momentum=0.5, update_buffers=True)
    runner.train()
    ckpt = torch.load(osp.join(runner.work_dir, f'iter_{MAX_ITERS}.pth'))
    return runner, ckpt


def test_only_the_student_is_averaged(trained):
    runner, _ = trained
    model = unwrap_model(runner.model)
    average = ema_hook(runner).ema_model.module
    assert set(average.state_dict()) == set(model.student.state_dict())
    # The average trails the student: same keys, other values.
    moved = [
        key for key, value in average.state_dict().items()
        if value.is_floating_point()
        and not torch.equal(value, model.student.state_dict()[key])
    ]
    assert moved
    # BatchNorm statistics are averaged with the weights.
    assert any(key.endswith('running_mean') for key in moved)


def test_checkpoint_deploys_the_average_and_keeps_the_live_student(trained):
    runner, ckpt = trained
    model = unwrap_model(runner.model)
    average = ema_hook(runner).ema_model.module.state_dict()
    live = model.student.state_dict()
    for key in live:
        assert torch.equal(ckpt['state_dict'][f'student.{key}'],
                           average[key]), key
        assert torch.equal(ckpt['ema_state_dict'][f'module.{key}'],
                           live[key]), key
    # Nothing but the student is in the average, so the generator's and
    # the teacher's entries are the live ones.
    assert set(ckpt['ema_state_dict']) == {
        f'module.{key}' for key in live} | {'steps'}
    for key, value in model.state_dict().items():
        if not key.startswith('student.'):
            assert torch.equal(ckpt['state_dict'][key], value), key


def test_validation_sees_the_average_then_the_live_student(trained):
    runner, _ = trained
    hook = ema_hook(runner)
    student = unwrap_model(runner.model).student
    live = {k: v.clone() for k, v in student.state_dict().items()}
    average = {
        k: v.clone() for k, v in hook.ema_model.module.state_dict().items()
    }
    hook.before_val_epoch(runner)
    for key, value in student.state_dict().items():
        if value.is_floating_point():
            assert torch.equal(value, average[key]), key
    hook.after_val_epoch(runner)
    for key, value in student.state_dict().items():
        assert torch.equal(value, live[key]), key


def test_a_loaded_student_starts_the_average(trained, tmp_path):
    _, ckpt = trained
    path = str(tmp_path / 'student.pth')
    # A checkpoint without an average, e.g. one trained without the hook.
    torch.save(dict(state_dict=ckpt['state_dict'], meta={}), path)
    runner = fast_1_runner(tmp_path, momentum=0.5)
    runner.call_hook('before_run')
    runner.load_checkpoint(path)
    average = ema_hook(runner).ema_model.module.state_dict()
    for key, value in average.items():
        assert torch.equal(value, ckpt['state_dict'][f'student.{key}']), key


def test_a_missing_submodule_is_named(tmp_path):
    runner = fast_1_runner(tmp_path, module='pupil')
    with pytest.raises(ValueError, match="no submodule 'pupil'.*module="):
        runner.call_hook('before_run')
