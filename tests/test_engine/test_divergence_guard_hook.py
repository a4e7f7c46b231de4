"""DivergenceGuardHook in a real Runner on tiny networks: a diverged
iteration (non-finite loss, exploding or collapsed generator) is caught,
stopped or skipped; a healthy run is left alone, bit for bit."""
import glob
import math
import os.path as osp
import re
from typing import Optional

import pytest
import torch
from mmengine.config import Config
from tiny_models import shrink_distillation_config

from mmdfkd.engine import DataFreeRunner, DivergenceError, DivergenceGuardHook
from mmdfkd.models.algorithms import datafree_distiller
from mmdfkd.models.task_modules import batch_diagnostics, class_entropy
from mmdfkd.models.utils import unwrap_model

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DDAD = 'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py'


def patch_from(runner, module, iteration: int, change,
               until: Optional[int] = None) -> None:
    """Make ``module``'s output ``change(output)`` from ``iteration``
    (counted from 1) to ``until`` (default: to the end)."""
    forward = module.forward

    def patched(*args, **kwargs):
        out = forward(*args, **kwargs)
        current = runner.iter + 1
        if current >= iteration and (until is None or current <= until):
            return change(out)
        return out

    module.forward = patched


def build(tmp_path, max_iters: int, guard=None, **options):
    """The digits DDAD config on tiny networks, one student step per
    iteration, checkpoints every 2 iterations, no validation, with
    ``guard`` (a dict of hook arguments; None for no guard)."""
    tmp_path.mkdir(exist_ok=True)
    cfg = Config.fromfile(osp.join(ROOT, DDAD))
    shrink_distillation_config(cfg, tmp_path, max_iters)
    cfg.merge_from_dict({'model.schedule.student_steps': 1, **options})
    cfg.val_dataloader = cfg.val_cfg = cfg.val_evaluator = None
    cfg.custom_hooks = [] if guard is None else [
        dict(type='mmdfkd.DivergenceGuardHook', **guard)]
    # The config text unformatted: yapf would take most of a tiny run's
    # time (the runner logs the text, dumps it and saves it in every
    # checkpoint).
    cfg = Config(cfg.to_dict(), filename=cfg.filename,
                 format_python_code=False)
    runner = DataFreeRunner.from_cfg(cfg)
    # The tiny random teacher and student see one class everywhere: they
    # put image i of a batch in class i % 10 instead, as a trained teacher
    # and a learning student spread their classes.
    model = unwrap_model(runner.model)
    for network in (model.teacher, model.student):
        patch_from(runner, network, 1,
                   lambda logits: logits + 100 * torch.eye(10)[
                       torch.arange(len(logits)) % 10])
    return runner


def one_class_from(runner, network: str, iteration: int, cls: int) -> None:
    """From ``iteration``, the model's ``network`` puts every sample in
    class ``cls``."""
    patch_from(runner, getattr(unwrap_model(runner.model), network),
               iteration, lambda logits: logits + 1000 * torch.eye(10)[cls])


def guard_of(runner) -> DivergenceGuardHook:
    return next(h for h in runner.hooks
                if isinstance(h, DivergenceGuardHook))


def nan_loss_kd(runner, iteration: int, until: Optional[int] = None) -> None:
    model = unwrap_model(runner.model)
    patch_from(runner, model.student_objective.term('loss_kd'),
               iteration, lambda loss: loss * math.nan, until)


def finite_state(runner) -> bool:
    model = unwrap_model(runner.model)
    return all(torch.isfinite(v).all()
               for net in (model.student, model.generator)
               for v in net.state_dict().values() if v.is_floating_point())


def test_every_shipped_datafree_config_runs_the_guard():
    """The data-free runtime lists the guard in custom_hooks, so a config
    that sets its own custom_hooks must list it again."""
    texts = {}
    for path in glob.glob(osp.join(ROOT, 'configs/**/*.py'), recursive=True):
        with open(path, encoding='utf-8') as f:
            texts[osp.relpath(path, ROOT)] = f.read()
    setting = [path for path, text in texts.items()
               if re.search(r'^custom_hooks = ', text, re.M)]
    assert 'configs/_base_/datafree_runtime.py' in setting
    assert not [path for path in setting
                if 'mmdfkd.DivergenceGuardHook' not in texts[path]]


def test_diagnostics_of_images_and_class_maps():
    images = torch.randn(8, 3, 4, 4)
    logits = torch.eye(4).repeat(2, 1)  # every class twice
    diag = batch_diagnostics(images, logits)
    assert diag['diag_gen_absmax'] == images.abs().max()
    assert diag['diag_teacher_class_entropy'] == pytest.approx(1.0)
    same = batch_diagnostics(images[:1].expand(8, -1, -1, -1))
    assert same['diag_gen_diversity'] == 0
    assert 'diag_teacher_class_entropy' not in same
    # Logit maps: the pixels pooled, half class 0, half class 1 of 3.
    maps = torch.zeros(2, 3, 2, 2)
    maps[:, 1, 0] = 1
    entropy = batch_diagnostics(images[:2], maps)['diag_teacher_class_entropy']
    assert entropy == pytest.approx(math.log(2) / math.log(3))
    assert class_entropy(maps) == entropy
    # Three samples of class 2, one of class 0, of 4 classes.
    logits = torch.eye(4)[torch.tensor([2, 2, 0, 2])]
    assert class_entropy(logits) == pytest.approx(
        -(0.75 * math.log(0.75) + 0.25 * math.log(0.25)) / math.log(4))


def test_healthy_run_is_unchanged_and_never_fires(tmp_path, monkeypatch):
    guarded = build(tmp_path / 'guarded', 2, dict(action='skip'))
    guarded.train()
    scalars = guarded.message_hub.log_scalars
    for key in ('diag_gen_absmax', 'diag_gen_std', 'diag_gen_diversity',
                'diag_teacher_class_entropy', 'diag_student_class_entropy'):
        assert f'train/{key}' in scalars, key
    assert guard_of(guarded).skips == 0
    # Neither the guard nor the diagnostics change what is trained.
    monkeypatch.setattr(datafree_distiller, 'batch_diagnostics',
                        lambda *args: {})
    plain = build(tmp_path / 'plain', 2)
    plain.train()
    for net in ('student', 'generator'):
        ours = getattr(unwrap_model(guarded.model), net).state_dict()
        theirs = getattr(unwrap_model(plain.model), net).state_dict()
        assert all(torch.equal(ours[k], theirs[k]) for k in ours), net


def test_non_finite_loss_stops_and_keeps_the_last_good_checkpoint(tmp_path):
    runner = build(tmp_path, 6, dict())
    nan_loss_kd(runner, 5)
    work_dir = runner.work_dir
    good = osp.join(work_dir, 'iter_4.pth')
    with pytest.raises(DivergenceError, match=re.escape(
            "'non_finite' check fired at iteration 5 on loss_student, "
            "loss_kd, ") + '.*' + re.escape(
            f'the last good checkpoint is {good}')):
        runner.train()
    assert osp.isfile(good) and osp.isfile(osp.join(work_dir, 'iter_2.pth'))
    assert not osp.exists(osp.join(work_dir, 'iter_5.pth'))
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        assert f.read() == good


def test_non_finite_loss_is_skipped_to_max_iters(tmp_path):
    runner = build(tmp_path, 6, dict(action='skip'))
    nan_loss_kd(runner, 3, until=3)
    runner.train()
    assert runner.iter == 6
    assert guard_of(runner).skips == 1
    assert finite_state(runner)
    assert math.isfinite(
        runner.message_hub.get_scalar('train/loss_student').current())


def test_skips_run_out_then_stop(tmp_path):
    runner = build(tmp_path, 6, dict(action='skip', max_skips=1))
    nan_loss_kd(runner, 2)
    with pytest.raises(DivergenceError,
                       match=r'iteration 3 on loss_student.* after 1 skips'
                       r'.*the last good checkpoint is .*iter_2.pth'):
        # Iteration 2 is skipped: its checkpoint holds iteration 1's state.
        runner.train()


def test_exploding_generator_fires_at_once(tmp_path):
    runner = build(tmp_path, 4, dict())
    generator = unwrap_model(runner.model).generator
    patch_from(runner, generator, 3, lambda x: x * 1e4)
    with pytest.raises(DivergenceError, match=r"'exploding' check fired at "
                       r'iteration 3 on diag_gen_absmax \(diag_gen_absmax='
                       r'.* > max_abs=1000\)'):
        runner.train()


def test_one_class_teacher_fires_after_the_collapse_patience(tmp_path):
    runner = build(tmp_path, 6, dict(collapse_patience=2))
    one_class_from(runner, 'teacher', 3, cls=3)
    with pytest.raises(DivergenceError, match=r"'collapse' check fired at "
                       r'iteration 4 on diag_teacher_class_entropy '
                       r'\(diag_teacher_class_entropy=0 < '
                       r'min_class_entropy=0.01 for 2 consecutive'):
        runner.train()


def test_one_class_student_fires_while_the_generator_is_healthy(tmp_path):
    """A student that predicts one class for every sample (on the mosaic:
    the background of every pixel) has collapsed although the generator
    and the teacher look healthy."""
    runner = build(tmp_path, 6, dict(collapse_patience=2,
                                     min_student_class_entropy=0.01))
    one_class_from(runner, 'student', 3, cls=0)
    with pytest.raises(DivergenceError, match=r"'collapse' check fired at "
                       r'iteration 4 on diag_student_class_entropy '
                       r'\(diag_student_class_entropy=0 < '
                       r'min_student_class_entropy=0.01 for 2 consecutive'):
        runner.train()
    # Unbounded by default: a healthy student starts as one class too.
    unbounded = build(tmp_path / 'unbounded', 6, dict(collapse_patience=2))
    one_class_from(unbounded, 'student', 3, cls=0)
    unbounded.train()
    assert unbounded.message_hub.get_scalar(
        'train/diag_student_class_entropy').current() == 0
    scalars = runner.message_hub.log_scalars
    # The teacher still spreads the tiny batch over 4 classes of 10.
    assert scalars['train/diag_teacher_class_entropy'].current() == \
        pytest.approx(math.log(4) / math.log(10))


def test_collapse_pins_the_last_good_checkpoint_through_rotation(tmp_path):
    # A checkpoint every iteration, one kept: the collapsing iterations'
    # checkpoints rotate the good one out, its pin keeps it.
    runner = build(tmp_path, 6, dict(collapse_patience=3), **{
        'default_hooks.checkpoint.interval': 1,
        'default_hooks.checkpoint.max_keep_ckpts': 1})
    # From iteration 3, identical images, still in the generator's graph.
    patch_from(runner, unwrap_model(runner.model).generator, 3,
               lambda x: x * 0 + 1)
    pinned = osp.join(runner.work_dir, 'last_good_iter_2.pth')
    with pytest.raises(DivergenceError, match=re.escape(
            "'collapse' check fired at iteration 5 on diag_gen_diversity "
            '(diag_gen_diversity=0 < min_diversity=0.01 for 3 consecutive '
            'iterations). Training stopped; the last good checkpoint is '
            f'{pinned}')):
        runner.train()
    assert not osp.exists(osp.join(runner.work_dir, 'iter_2.pth'))
    assert torch.load(pinned, weights_only=False)['meta']['iter'] == 2
    with open(osp.join(runner.work_dir, 'last_checkpoint')) as f:
        assert f.read() == pinned
