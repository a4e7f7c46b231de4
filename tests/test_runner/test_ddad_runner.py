"""DDAD end to end in a real mmengine Runner, on a tiny on-disk CIFAR-10."""
import glob
import os.path as osp

import pytest
import torch
from fixtures import write_cifar10
from mmengine.config import Config
from mmengine.registry import DefaultScope
from tiny_models import shrink_distillation_config

from mmdfkd.apis import build_runner
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CIFAR10_CONFIG = osp.join(ROOT,
                          'configs/ddad/ddad_resnet34_resnet18_1xb256_cifar10.py')


def tiny_cifar_config(tmp_path, max_iters: int) -> Config:
    """The paper's CIFAR-10 config, shrunk to tiny networks and batches."""
    data_root = str(tmp_path / 'cifar10')
    if not osp.isdir(data_root):
        write_cifar10(data_root, num_train=10, num_test=24)
    cfg = Config.fromfile(CIFAR10_CONFIG)
    shrink_distillation_config(cfg, tmp_path, max_iters)
    cfg.merge_from_dict({
        'val_dataloader.batch_size': 8,
        'val_dataloader.dataset.data_root': data_root,
        'test_dataloader.dataset.data_root': data_root,
    })
    return cfg


@pytest.mark.usefixtures('relaxed_cifar_checksums')
def test_train_validate_checkpoint_then_resume(tmp_path):
    cfg = tiny_cifar_config(tmp_path, max_iters=3)
    runner = build_runner(cfg)
    runner.train()
    work_dir = cfg.work_dir
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))
    assert osp.isfile(osp.join(work_dir, 'iter_3.pth'))
    scalars = runner.message_hub.log_scalars
    # Validation ran on the real (tiny) test split with mmpretrain Accuracy.
    assert 'val/accuracy/top1' in scalars
    for key in ('loss_student', 'loss_bn', 'loss_adv', 'generator.lr',
                'student.lr'):
        assert f'train/{key}' in scalars, key
    assert glob.glob(osp.join(work_dir, '*', 'vis_data', 'vis_image',
                              'generated_2.png'))
    student3 = {k: v.clone() for k, v in runner.model.student.state_dict()
                .items()}

    cfg = tiny_cifar_config(tmp_path, max_iters=4)
    cfg.resume = True
    resumed = build_runner(cfg)
    resumed.train()
    assert resumed.iter == 4
    assert osp.isfile(osp.join(work_dir, 'iter_4.pth'))
    ckpt = torch.load(osp.join(work_dir, 'iter_4.pth'))
    assert ckpt['meta']['iter'] == 4
    assert set(ckpt['optimizer']) == {'generator', 'student'}
    # Resumed from iter 3: its student, one more update away from iter 4.
    ckpt3 = torch.load(osp.join(work_dir, 'iter_3.pth'))['state_dict']
    for key, value in student3.items():
        assert torch.equal(ckpt3[f'student.{key}'], value)
    assert any(not torch.equal(ckpt['state_dict'][f'student.{k}'], v)
               for k, v in student3.items() if v.is_floating_point())


def test_user_config_inheriting_mmpretrain_builds(tmp_path):
    """A config that inherits an mmpretrain config and imports mmdfkd."""
    cfg_file = tmp_path / 'user_cfg.py'
    cfg_file.write_text(
        "_base_ = ['mmpretrain::resnet/resnet18_8xb16_cifar10.py']\n"
        "custom_imports = dict(imports=['mmdfkd'],"
        " allow_failed_imports=False)\n"
        "model = dict(_delete_=True, type='mmdfkd.DDAD',\n"
        "    teacher='mmpretrain::resnet/resnet18_8xb16_cifar10.py',\n"
        "    student=dict(_scope_='mmpretrain', type='ImageClassifier',\n"
        "        backbone=dict(type='ResNet_CIFAR', depth=18),\n"
        "        neck=dict(type='GlobalAveragePooling'),\n"
        "        head=dict(type='LinearClsHead', num_classes=10,\n"
        "                  in_channels=512)),\n"
        "    generator=dict(type='DFADGenerator', base_channels=8))\n"
        "custom_hooks = [dict(type='mmdfkd.GeneratedSamplesHook')]\n")
    cfg = Config.fromfile(str(cfg_file))
    assert cfg.default_scope == 'mmpretrain'
    assert cfg.train_dataloader.dataset.type == 'CIFAR10'
    model = MODELS.build(cfg.model)
    assert type(model).__name__ == 'DDAD'
    assert type(model.teacher.backbone).__name__ == 'ResNet_CIFAR'
    assert model.teacher.head.num_classes == 10
    assert all(not p.requires_grad for p in model.teacher.parameters())


@pytest.mark.parametrize('config', [
    'ddad/ddad_resnet34_resnet18_1xb256_cifar10.py',
    'ddad/ddad_resnet34_resnet18_1xb256_cifar100.py',
    'dfad/dfad_resnet34_resnet18_1xb256_cifar10.py',
    'ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py',
])
def test_shipped_configs_build_their_networks(config):
    cfg = Config.fromfile(osp.join(ROOT, 'configs', config))
    cfg.model.teacher_ckpt = None
    # The scope the Runner builds in: the digits student config has none.
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    num_classes = 100 if 'cifar100' in config else 10
    assert model.teacher.head.num_classes == num_classes
    assert model.student.head.num_classes == num_classes
    assert model.draws_per_iteration == 6
    assert model.generator_objective.weights.get('loss_bn', 0) == (
        0 if config.startswith('dfad') else 1)
