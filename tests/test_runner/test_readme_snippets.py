"""The README's "From an existing OpenMMLab config" snippets, run as is.

Each snippet is read from README.md, written to a config file and trained
for 2 iterations by the data-free runner, on fixtures in the real on-disk
formats. Only what a test must change is overridden: data roots, the
teacher checkpoint (random weights saved by the test), batch and image
sizes, and the iteration budget.
"""
import os.path as osp
import re

import pytest
import torch
from fixtures import write_cifar10, write_cityscapes_val
from mmengine.config import Config
from mmengine.runner import save_checkpoint

from mmdfkd.apis import build_runner
from mmdfkd.engine import DataFreeRunner
from mmdfkd.models.utils import model_config
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def readme_snippet(name: str) -> str:
    """The Python block after ``<!-- snippet: name -->`` in README.md."""
    with open(osp.join(ROOT, 'README.md'), encoding='utf-8') as f:
        readme = f.read()
    match = re.search(
        rf'<!-- snippet: {name} -->\s*```python\n(.*?)```', readme, re.S)
    assert match, f'README.md has no "{name}" snippet'
    return match.group(1)


def snippet_config(name: str, tmp_path) -> Config:
    """The snippet as a config file of the user's, loaded."""
    path = tmp_path / f'{name}_user_config.py'
    path.write_text(readme_snippet(name))
    return Config.fromfile(str(path))


def save_random_teacher(cfg: Config, path: str) -> str:
    """Save the snippet's teacher, randomly initialised, as its checkpoint.
    """
    torch.manual_seed(0)
    teacher = MODELS.build(model_config(cfg.model.teacher))
    save_checkpoint(teacher.state_dict(), path)
    return path


def train_two_iterations(cfg: Config, tmp_path, overrides: dict):
    """Apply the test's overrides and train with the data-free runner."""
    cfg.merge_from_dict({
        'work_dir': str(tmp_path / 'work_dir'),
        'model.teacher_ckpt': save_random_teacher(
            cfg, str(tmp_path / 'teacher.pth')),
        'train_dataloader.num_workers': 0,
        'train_cfg.max_iters': 2,
        'train_cfg.val_interval': 2,
        'default_hooks.checkpoint.interval': 2,
        'default_hooks.logger.interval': 1,
        **overrides,
    })
    runner = build_runner(cfg)
    assert isinstance(runner, DataFreeRunner)
    runner.train()
    assert runner.iter == 2
    assert osp.isfile(osp.join(cfg.work_dir, 'iter_2.pth'))
    return runner


@pytest.mark.usefixtures('relaxed_cifar_checksums')
def test_mmpretrain_snippet_distils_and_validates_on_cifar(tmp_path):
    cfg = snippet_config('mmpretrain', tmp_path)
    # The base's epoch-based parts were all replaced.
    assert cfg.train_cfg.type == 'IterBasedTrainLoop'
    data_root = str(tmp_path / 'cifar10')
    write_cifar10(data_root, num_train=10, num_test=8)
    runner = train_two_iterations(cfg, tmp_path, {
        'train_dataloader.batch_size': 4,
        'val_dataloader.dataset.data_root': data_root,
        'val_dataloader.num_workers': 0,
        'val_dataloader.persistent_workers': False,
    })
    scalars = runner.message_hub.log_scalars
    assert 'val/accuracy/top1' in scalars
    for key in ('loss_student', 'loss_bn', 'loss_adv'):
        assert torch.isfinite(
            torch.tensor(scalars[f'train/{key}'].current())), key
    # The draws per iteration were derived from schedule.student_steps=5.
    assert runner.train_dataloader.dataset.num_draws == 6
    assert runner.train_dataloader.dataset.latent_dim == 256


def test_mmseg_snippet_distils_and_validates_on_cityscapes(tmp_path):
    cfg = snippet_config('mmseg', tmp_path)
    data_root = str(tmp_path / 'cityscapes')
    write_cityscapes_val(data_root, height=32, width=64)
    runner = train_two_iterations(cfg, tmp_path, {
        'train_dataloader.batch_size': 2,
        'model.generator.img_size': (32, 64),
        'val_dataloader.dataset.data_root': data_root,
        # Frames at their written size rather than mmseg's 1024x2048.
        'val_dataloader.dataset.pipeline.1.scale': (64, 32),
        'val_dataloader.num_workers': 0,
        'val_dataloader.persistent_workers': False,
    })
    assert 'val/mIoU' in runner.message_hub.log_scalars
