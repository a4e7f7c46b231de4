"""Tiny mmpretrain classifiers and a DDAD config for fast CPU tests."""
import copy
import os.path as osp
from typing import Callable, Optional, Tuple

import torch
from mmengine.config import Config
from mmengine.optim import OptimWrapperDict, build_optim_wrapper
from mmengine.runner import Runner, save_checkpoint
from torch import nn

from mmdfkd.apis import build_runner
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
NUM_CLASSES = 10
#: Optimizers for a distiller's training steps: Adam for the generator, SGD
#: with momentum for the student.
TRAINING_OPTIM = dict(
    constructor='mmdfkd.PerModuleOptimWrapperConstructor',
    generator=dict(optimizer=dict(type='Adam', lr=1e-2)),
    student=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)))


def tiny_classifier(width: int = 4, num_classes: int = NUM_CLASSES) -> dict:
    """A two-stage ResNet_CIFAR classifier with BatchNorm."""
    return dict(
        _scope_='mmpretrain',
        type='ImageClassifier',
        backbone=dict(
            type='ResNet_CIFAR',
            depth=18,
            num_stages=2,
            strides=(1, 2),
            dilations=(1, 1),
            out_indices=(1, ),
            stem_channels=width,
            base_channels=width),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(
            type='LinearClsHead',
            num_classes=num_classes,
            in_channels=width * 2,
            loss=dict(type='CrossEntropyLoss')))


def tiny_ddad(**overrides) -> dict:
    """A DDAD model config on tiny networks, 32x32 images."""
    cfg = dict(
        type='mmdfkd.DDAD',
        teacher=tiny_classifier(8),
        student=tiny_classifier(4),
        generator=dict(type='DFADGenerator', latent_dim=16, base_channels=8),
        schedule=dict(student_steps=2),
        data_preprocessor=dict(
            type='mmpretrain.ClsDataPreprocessor',
            num_classes=NUM_CLASSES,
            mean=[127.5] * 3,
            std=[64.0] * 3))
    cfg.update(copy.deepcopy(overrides))
    return cfg


# Both stages of the tiny classifiers, teacher path and student path.
TINY_FEATURE_PAIRS = [('backbone.layer1', 'backbone.layer1'),
                      ('backbone.layer2', 'backbone.layer2')]


def tiny_cgdd(**overrides) -> dict:
    """A CGDD model config on tiny networks, tapping both stages."""
    cfg = tiny_ddad(
        type='mmdfkd.CGDD',
        generator=dict(type='ConditionalGenerator', num_classes=NUM_CLASSES,
                       latent_dim=16, base_channels=8),
        feature_pairs=TINY_FEATURE_PAIRS)
    cfg.update(copy.deepcopy(overrides))
    return cfg


def shrink_distillation_config(cfg, tmp_path, max_iters: int) -> None:
    """Shrink a shipped distillation config to tiny networks and batches.

    A tiny teacher is saved under ``tmp_path`` as the teacher checkpoint.

    Args:
        cfg (Config): A loaded distillation config, modified in place.
        tmp_path (pathlib.Path): The test's temporary directory.
        max_iters (int): Training iterations.
    """
    ckpt = str(tmp_path / 'teacher.pth')
    if not (tmp_path / 'teacher.pth').exists():
        torch.manual_seed(0)
        teacher = MODELS.build(tiny_classifier(8))
        teacher.init_weights()
        save_checkpoint(teacher.state_dict(), ckpt)
    if cfg.model.generator.get('type') == 'PixelGenerator':
        # The pixels are the images (DeepInversion): a batch of the new
        # size, and a bank of two batches.
        generator = {'model.generator.batch_size': 4, 'model.bank_size': 8}
    else:
        generator = {
            'model.generator.latent_dim': 16,
            'model.generator.base_channels': 8,
            'train_dataloader.dataset.latent_dim': 16,
        }
    cfg.merge_from_dict({
        'work_dir': str(tmp_path / 'work_dir'),
        'model.teacher': dict(_delete_=True, **tiny_classifier(8)),
        'model.student': dict(_delete_=True, **tiny_classifier(4)),
        'model.teacher_ckpt': ckpt,
        **generator,
        'train_dataloader.batch_size': 4,
        'train_dataloader.num_workers': 0,
        'val_dataloader.batch_size': 64,
        'val_dataloader.num_workers': 0,
        'train_cfg.max_iters': max_iters,
        'train_cfg.val_interval': 2,
        'default_hooks.checkpoint.interval': 2,
        'default_hooks.logger.interval': 1,
        'custom_hooks': [
            dict(type='mmdfkd.GeneratedSamplesHook', interval=2,
                 num_samples=4, nrow=2)
        ],
    })
    if 'feature_pairs' in cfg.model:
        cfg.model.feature_pairs = TINY_FEATURE_PAIRS


def trained_digits_run(tmp_path, config: str) -> Tuple[str, str]:
    """One training iteration of a shipped digits config, shrunk.

    Args:
        tmp_path (pathlib.Path): Where the run and its teacher go.
        config (str): The config's path under ``configs/``.

    Returns:
        tuple[str, str]: The dumped config and the run's checkpoint.
    """
    cfg = Config.fromfile(osp.join(ROOT, 'configs', config))
    shrink_distillation_config(cfg, tmp_path, max_iters=1)
    build_runner(cfg).train()
    config_path = str(tmp_path / 'run.py')
    cfg.dump(config_path)
    return config_path, osp.join(cfg.work_dir, 'iter_1.pth')


SEG_NUM_CLASSES = 5


def tiny_segmentor(width: int = 4, num_classes: int = SEG_NUM_CLASSES,
                   crop: int = 32) -> dict:
    """A two-stage ResNet + ASPP (DeepLabV3-style) mmseg segmentor."""
    return dict(
        _scope_='mmseg',
        type='EncoderDecoder',
        data_preprocessor=dict(
            type='SegDataPreProcessor',
            mean=[127.5] * 3,
            std=[64.0] * 3,
            bgr_to_rgb=True,
            size=(crop, crop),
            pad_val=0,
            seg_pad_val=255),
        backbone=dict(
            type='ResNet',
            depth=18,
            num_stages=2,
            strides=(1, 2),
            dilations=(1, 1),
            out_indices=(1, ),
            stem_channels=width,
            base_channels=width),
        decode_head=dict(
            type='ASPPHead',
            in_channels=width * 2,
            in_index=0,
            channels=width * 2,
            dilations=(1, 2),
            num_classes=num_classes,
            align_corners=False,
            loss_decode=dict(type='CrossEntropyLoss')),
        train_cfg=dict(),
        test_cfg=dict(mode='whole'))


def tiny_seg_ddad(**overrides) -> dict:
    """A segmentation DDAD model config on tiny segmentors, 32x32 images."""
    cfg = dict(
        type='mmdfkd.DDAD',
        teacher=tiny_segmentor(8),
        student=tiny_segmentor(4),
        generator=dict(
            type='DCGANGenerator', latent_dim=16, base_channels=8,
            img_size=32),
        schedule=dict(student_steps=2))
    cfg.update(copy.deepcopy(overrides))
    return cfg


def shrink_seg_distillation_config(cfg, tmp_path, max_iters: int,
                                   num_classes: int) -> None:
    """Shrink a shipped segmentation distillation config to tiny segmentors.

    The runtime is shrunk as by :func:`shrink_distillation_config` (work
    dir, batches, workers, intervals, hooks); the networks become
    :func:`tiny_segmentor` ones on 32x32 generated images, and a tiny
    teacher is saved under ``tmp_path`` as the teacher checkpoint.
    Validation batches hold one image, since the frames of a segmentation
    dataset may differ in size.

    Args:
        cfg (Config): A loaded segmentation DDAD/DFAD config, modified in
            place.
        tmp_path (pathlib.Path): The test's temporary directory.
        max_iters (int): Training iterations.
        num_classes (int): Classes of the config's dataset.
    """
    shrink_distillation_config(cfg, tmp_path, max_iters)
    ckpt = str(tmp_path / 'seg_teacher.pth')
    torch.manual_seed(0)
    teacher = MODELS.build(tiny_segmentor(8, num_classes))
    teacher.init_weights()
    save_checkpoint(teacher.state_dict(), ckpt)
    cfg.merge_from_dict({
        'model.teacher': dict(_delete_=True,
                              **tiny_segmentor(8, num_classes)),
        'model.student': dict(_delete_=True,
                              **tiny_segmentor(4, num_classes)),
        'model.teacher_ckpt': ckpt,
        'model.generator.img_size': 32,
        'val_dataloader.batch_size': 1,
    })


def build_for_training(cfg: dict, optim: dict, seed: Optional[int] = None
                       ) -> Tuple[nn.Module, OptimWrapperDict]:
    """A distiller built from ``cfg`` in training mode, and its optimizer
    wrappers built from ``optim``; ``seed`` seeds the initialisation."""
    if seed is not None:
        torch.manual_seed(seed)
    model = MODELS.build(cfg)
    model.train()
    return model, build_optim_wrapper(model, optim)


def latent_batch(model: nn.Module, batch_size: int, seed: int = 0) -> dict:
    """A collated ``LatentDataset`` batch for ``model``: its draws per
    iteration of ``N(0, I)`` codes, and preset labels if it takes them."""
    gen = torch.Generator().manual_seed(seed)
    data = dict(inputs=torch.randn(
        batch_size, model.draws_per_iteration, model.generator.latent_dim,
        generator=gen))
    if model.has_labels:
        data['labels'] = torch.randint(
            NUM_CLASSES, (batch_size, model.draws_per_iteration),
            generator=gen)
    return data


def snapshot(module: nn.Module) -> dict:
    """A copy of ``module``'s state dict."""
    return {k: v.clone() for k, v in module.state_dict().items()}


def assert_resume_is_exact(config: Callable[[int, str], Config],
                           straight: Runner) -> None:
    """Train 2 iterations, resume to 3 in the same work dir, and check that
    the model's whole state (memories and random streams included) is
    that of ``straight``, the same config trained 3 in one go.

    Args:
        config (Callable): ``(max_iters, work_dir_name) -> Config``.
        straight (Runner): The finished 3-iteration run.
    """
    build_runner(config(2, 'resumed')).train()
    cfg = config(3, 'resumed')
    cfg.resume = True
    resumed = build_runner(cfg)
    resumed.train()
    assert resumed.iter == 3
    expected = straight.model.state_dict()
    state = resumed.model.state_dict()
    assert set(state) == set(expected)
    for key, value in state.items():
        assert torch.equal(value, expected[key]), key
