"""LossWeightScheduleHook: the factor it applies, its argument checks and
the weight the training step of a real Runner sees."""
import os.path as osp

import pytest
from mmengine.config import Config
from tiny_models import shrink_distillation_config

from mmdfkd.engine import DataFreeRunner
from mmdfkd.engine.hooks import LossWeightScheduleHook
from mmdfkd.engine.hooks.loss_weight_schedule_hook import weight_factor
from mmdfkd.models.utils import unwrap_model

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CGDD_L1 = 'configs/cgdd/cgdd-l1_resnet34-w16_resnet18-w8_1xb64_digits.py'


def test_cosine_and_linear_factors():
    # Full weight up to begin, end_factor from end on.
    assert weight_factor(0, 2, 6, 0.0) == 1.0
    assert weight_factor(2, 2, 6, 0.0) == 1.0
    assert weight_factor(6, 2, 6, 0.0) == 0.0
    assert weight_factor(9, 2, 6, 3.0) == 3.0
    # Half-way: both ramps at the mean; a quarter: cos(pi/4) for cosine.
    assert weight_factor(4, 2, 6, 0.0) == pytest.approx(0.5)
    assert weight_factor(4, 2, 6, 0.0, 'linear') == pytest.approx(0.5)
    assert weight_factor(3, 2, 6, 0.0, 'linear') == pytest.approx(0.75)
    assert weight_factor(3, 2, 6, 0.0) == pytest.approx(
        (1 + 2 ** -0.5) / 2)
    # A ramp up: x1 to x3 linearly.
    assert weight_factor(3, 2, 6, 3.0, 'linear') == pytest.approx(1.5)


@pytest.mark.parametrize('kwargs, message', [
    (dict(objective='teacher'), "objective must be one of .*'teacher'"),
    (dict(mode='step'), "mode must be one of .*'step'"),
    (dict(end_factor=-1.0), 'end_factor must be >= 0, got -1.0'),
])
def test_bad_arguments(kwargs, message):
    args = dict(objective='generator', term='loss_bn', end_factor=0.0)
    with pytest.raises(ValueError, match=message):
        LossWeightScheduleHook(**{**args, **kwargs})


def build(tmp_path, max_iters: int, hook: dict):
    """The digits CGDD-L1 config on tiny networks with ``hook``."""
    cfg = Config.fromfile(osp.join(ROOT, CGDD_L1))
    shrink_distillation_config(cfg, tmp_path, max_iters)
    cfg.merge_from_dict({'model.schedule.student_steps': 1,
                         'model.schedule.generator_steps': 1})
    cfg.val_dataloader = cfg.val_cfg = cfg.val_evaluator = None
    cfg.custom_hooks = [dict(type='mmdfkd.LossWeightScheduleHook', **hook)]
    cfg = Config(cfg.to_dict(), filename=cfg.filename,
                 format_python_code=False)
    return DataFreeRunner.from_cfg(cfg)


def test_training_step_sees_the_scheduled_weight(tmp_path):
    runner = build(tmp_path, 4, dict(objective='generator', term='loss_bn',
                                     end_factor=0.0, begin=1, end=3))
    objective = unwrap_model(runner.model).generator_objective
    seen = []
    forward = objective.forward

    def recording(views):
        seen.append(objective.weights['loss_bn'])
        return forward(views)

    objective.forward = recording
    runner.train()
    # The config's BN weight 0.1: kept at iterations 0 and 1, half at 2
    # (half-way down the cosine), 0 at 3; the other terms are untouched.
    assert seen == pytest.approx([0.1, 0.1, 0.05, 0.0])
    assert objective.weights['loss_cls'] == 10.0
    assert runner.message_hub.get_scalar('train/loss_bn').current() == 0


def test_unbuilt_term_names_the_terms_there_are(tmp_path):
    # CGDD-L1's student has loss_kd at weight 0: it is not built.
    runner = build(tmp_path, 2, dict(objective='student', term='loss_kd',
                                     end_factor=2.0))
    with pytest.raises(KeyError,
                       match=r"no term 'loss_kd' .*\['loss_fm', 'loss_l1'\]"):
        runner.train()


def test_empty_window_is_refused(tmp_path):
    runner = build(tmp_path, 2, dict(objective='generator', term='loss_bn',
                                     end_factor=0.0, begin=5))
    with pytest.raises(ValueError, match=r'begin \(5\) must be before end '
                       r'\(2\)'):
        runner.train()
