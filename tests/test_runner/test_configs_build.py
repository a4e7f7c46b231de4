"""The Caltech101, Tiny-ImageNet and ImageNet configs load and build: their
networks, and their validation data on tiny fixtures in the real layouts."""
import os.path as osp

import pytest
import torch
from fixtures import write_caltech101, write_imagenet, write_tiny_imagenet
from mmengine.config import Config
from mmengine.registry import DATASETS, DefaultScope

from mmdfkd.datasets.imagenet_subset import imagenet1k_wnids, read_class_list
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _write_caltech101(root):
    write_caltech101(root, num_per_class=3)


def _write_tiny_imagenet(root):
    # 200 classes, as the config's; validation images only.
    write_tiny_imagenet(root, imagenet1k_wnids()[::5], num_train=0,
                        num_val=1)


def _write_imagenet10(root):
    subsets = osp.join(ROOT, 'configs/_base_/datasets/imagenet_subsets')
    write_imagenet(root, read_class_list(osp.join(subsets, 'imagenet10.txt')),
                   num_train=0, num_val=1)


def _write_imagenet1k(root):
    write_imagenet(root, ['n01440764', 'n15075141'], num_train=0, num_val=1)


# config, classes, generated (and validation) image size, fixture writer.
DDAD_CONFIGS = [
    ('ddad_resnet34_resnet18_1xb64_caltech101-128.py', 101, 128,
     _write_caltech101),
    ('ddad_resnet34_resnet18_1xb256_tiny-imagenet-64.py', 200, 64,
     _write_tiny_imagenet),
    ('ddad_resnet34_resnet18_1xb64_imagenet10-224.py', 10, 224,
     _write_imagenet10),
    ('ddad_resnet50_resnet18_1xb64_in1k-224.py', 1000, 224,
     _write_imagenet1k),
]


@pytest.mark.parametrize('config,num_classes,img_size,write', DDAD_CONFIGS)
def test_ddad_configs_build(tmp_path, config, num_classes, img_size, write):
    cfg = Config.fromfile(osp.join(ROOT, 'configs/ddad', config))
    assert cfg.default_scope == 'mmpretrain'
    assert cfg.custom_imports.imports == ['mmdfkd']
    cfg.model.teacher_ckpt = None
    model = MODELS.build(cfg.model)
    assert model.teacher.head.num_classes == num_classes
    assert model.student.head.num_classes == num_classes
    assert model.generator.img_size == (img_size, img_size)
    assert cfg.train_dataloader.dataset.num_draws == \
        model.n_student_steps + 1
    assert cfg.data_preprocessor.num_classes == num_classes
    # x10 on the first BN layer for the ImageNet-stem teachers at 224.
    assert model.bn_loss.first_bn_multiplier == (10 if img_size == 224 else 1)
    if 'caltech101' in config:
        assert cfg.optim_wrapper.student.optimizer.lr == 0.05
        assert cfg.train_dataloader.batch_size == 64

    # The validation split, on a tiny fixture, at the generator's size.
    write(str(tmp_path))
    cfg.val_dataloader.dataset.data_root = str(tmp_path)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        dataset = DATASETS.build(cfg.val_dataloader.dataset)
    assert len(dataset.metainfo['classes']) == num_classes
    sample = dataset[0]
    assert tuple(sample['inputs'].shape) == (3, img_size, img_size)
    assert 0 <= sample['data_samples'].gt_label.item() < num_classes
    assert cfg.val_evaluator.topk == ((1, ) if num_classes <= 10 else (1, 5))


@pytest.mark.parametrize('config,num_classes,img_size', [
    ('resnet34_1xb64_caltech101.py', 101, 128),
    ('resnet18_1xb64_caltech101.py', 101, 128),
    ('resnet34_1xb128_tiny-imagenet.py', 200, 64),
    ('resnet18_1xb128_tiny-imagenet.py', 200, 64),
    ('resnet34_1xb128_imagenet10.py', 10, 224),
    ('resnet18_1xb128_imagenet10.py', 10, 224),
    ('resnet34_1xb128_imagenet100.py', 100, 224),
    ('resnet18_1xb128_imagenet100.py', 100, 224),
    ('timm-resnet50_in1k.py', 1000, 224),
])
def test_teacher_configs_build(config, num_classes, img_size):
    cfg = Config.fromfile(osp.join(ROOT, 'configs/teachers', config))
    assert cfg.data_preprocessor.num_classes == num_classes
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = cfg[loader].dataset
        if 'class_list' in dataset:
            assert len(read_class_list(dataset.class_list)) == num_classes
    depth = 18 if config.startswith('resnet18') else 34
    if 'timm' not in config:
        assert cfg.model.backbone.depth == depth
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model).eval()
    # A tiny input is enough to check the head matches the backbone.
    with torch.no_grad():
        logits = model(torch.randn(1, 3, 32, 32), mode='tensor')
    assert logits.shape == (1, num_classes)
