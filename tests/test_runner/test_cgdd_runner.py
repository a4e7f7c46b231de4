"""CGDD end to end in a real mmengine Runner, on the embedded digits."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from tiny_models import shrink_distillation_config

from mmdfkd.apis import build_runner
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DIGITS_CONFIG = 'cgdd/cgdd_resnet34-w16_resnet18-w8_1xb64_digits.py'


@pytest.mark.parametrize('feature_loss', ['AttentionTransferLoss',
                                          'MSEFeatureLoss'])
def test_train_and_validate_the_digits_config(tmp_path, feature_loss):
    cfg = Config.fromfile(osp.join(ROOT, 'configs', DIGITS_CONFIG))
    shrink_distillation_config(cfg, tmp_path, max_iters=2)
    cfg.model.student_losses = dict(loss_fm=dict(type=feature_loss))
    runner = build_runner(cfg)
    runner.train()

    scalars = runner.message_hub.log_scalars
    # Validated on the held-out digits with mmpretrain's Accuracy.
    assert 'val/accuracy/top1' in scalars
    for key in ('loss_student', 'loss_kd', 'loss_ce', 'loss_fm',
                'loss_generator', 'loss_cls', 'loss_bn', 'loss_adv',
                'generator.lr', 'student.lr'):
        assert f'train/{key}' in scalars, key
    # The conditional generator's preview grid.
    assert glob.glob(osp.join(cfg.work_dir, '*', 'vis_data', 'vis_image',
                              'generated_2.png'))
    ckpt = torch.load(osp.join(cfg.work_dir, 'iter_2.pth'))
    assert set(ckpt['optimizer']) == {'generator', 'student'}
    connector_keys = [k for k in ckpt['state_dict']
                      if k.startswith('connectors.')]
    assert bool(connector_keys) == (feature_loss == 'MSEFeatureLoss')


@pytest.mark.parametrize('config,num_classes,stages', [
    (DIGITS_CONFIG, 10, 3),
    ('cgdd/cgdd_resnet34_resnet18_1xb256_cifar10.py', 10, 4),
    ('cgdd/cgdd_resnet34_resnet18_1xb256_cifar100.py', 100, 4),
])
def test_shipped_configs_build(config, num_classes, stages):
    cfg = Config.fromfile(osp.join(ROOT, 'configs', config))
    cfg.model.teacher_ckpt = None
    # The scope the Runner builds in: the digits student config has none.
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    assert type(model).__name__ == 'CGDD'
    assert model.generator.num_classes == num_classes
    assert model.teacher.head.num_classes == num_classes
    assert cfg.train_dataloader.dataset.num_classes == num_classes
    assert model.draws_per_iteration == 6
    assert [s for _, s in model.feature_pairs] == [
        f'backbone.layer{i}' for i in range(1, stages + 1)]
    # Attention maps need no connectors: the student learns alone.
    assert model.trained_with('student') == ['student']
