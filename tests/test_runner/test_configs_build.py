"""The Caltech101, Tiny-ImageNet and ImageNet configs (DDAD, DFAD, CGDD)
load and build: their networks, and their validation data on tiny fixtures
in the real layouts."""
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


def _write_imagenet_subset(name):

    def write(root):
        subsets = osp.join(ROOT, 'configs/_base_/datasets/imagenet_subsets')
        wnids = read_class_list(osp.join(subsets, f'{name}.txt'))
        write_imagenet(root, wnids, num_train=0, num_val=1)

    return write


_write_imagenet10 = _write_imagenet_subset('imagenet10')
_write_imagenet100 = _write_imagenet_subset('imagenet100')


def _write_imagenet1k(root):
    write_imagenet(root, ['n01440764', 'n15075141'], num_train=0, num_val=1)


STAGES = [f'backbone.layer{i}' for i in range(1, 5)]
TIMM_STAGES = [f'backbone.timm_model.layer{i}' for i in range(1, 5)]

# config, classes, generated (and validation) image size, fixture writer,
# teacher stages tapped by CGDD (None: not a CGDD config).
CONFIGS = [
    ('ddad/ddad_resnet34_resnet18_1xb64_caltech101-128.py', 101, 128,
     _write_caltech101, None),
    ('ddad/ddad_resnet34_resnet18_1xb256_tiny-imagenet-64.py', 200, 64,
     _write_tiny_imagenet, None),
    ('ddad/ddad_resnet34_resnet18_1xb64_imagenet10-224.py', 10, 224,
     _write_imagenet10, None),
    ('ddad/ddad_resnet50_resnet18_1xb64_in1k-224.py', 1000, 224,
     _write_imagenet1k, None),
    ('dfad/dfad_resnet34_resnet18_1xb64_caltech101-128.py', 101, 128,
     _write_caltech101, None),
    ('cgdd/cgdd_resnet34_resnet18_1xb64_caltech101-128.py', 101, 128,
     _write_caltech101, STAGES),
    ('cgdd/cgdd_resnet34_resnet18_1xb256_tiny-imagenet-64.py', 200, 64,
     _write_tiny_imagenet, STAGES),
    ('cgdd/cgdd_resnet34_resnet18_1xb64_imagenet10-224.py', 10, 224,
     _write_imagenet10, STAGES),
    ('cgdd/cgdd_resnet34_resnet18_1xb64_imagenet100-224.py', 100, 224,
     _write_imagenet100, STAGES),
    ('cgdd/cgdd_resnet50_resnet18_1xb64_in1k-224.py', 1000, 224,
     _write_imagenet1k, STAGES),
    ('cgdd/cgdd_timm-resnet50_resnet18_1xb64_in1k-224.py', 1000, 224,
     _write_imagenet1k, TIMM_STAGES),
]


@pytest.mark.parametrize('config,num_classes,img_size,write,teacher_stages',
                         CONFIGS, ids=[c[0] for c in CONFIGS])
def test_distillation_configs_build(tmp_path, config, num_classes, img_size,
                                    write, teacher_stages):
    cfg = Config.fromfile(osp.join(ROOT, 'configs', config))
    assert cfg.default_scope == 'mmpretrain'
    assert cfg.custom_imports.imports == ['mmdfkd']
    cfg.model.teacher_ckpt = None
    # CGDD also runs probe images through its feature taps here.
    model = MODELS.build(cfg.model)
    assert model.teacher.head.num_classes == num_classes
    assert model.student.head.num_classes == num_classes
    assert model.generator.img_size == (img_size, img_size)
    # Left to the runner, which derives it from the schedule.
    assert 'num_draws' not in cfg.train_dataloader.dataset
    assert model.draws_per_iteration == 6
    assert cfg.data_preprocessor.num_classes == num_classes
    weights = model.generator_objective.weights
    assert weights.get('loss_bn', 0) == (0 if config.startswith('dfad/')
                                         else 1)
    if 'loss_bn' in weights:
        # x10 on the first BN layer for the ImageNet-stem teachers at 224.
        bn_term = model.generator_objective.term('loss_bn')
        assert bn_term.first_bn_multiplier == (10 if img_size == 224 else 1)
    if 'caltech101' in config:
        assert cfg.optim_wrapper.student.optimizer.lr == 0.05
        assert cfg.train_dataloader.batch_size == 64
    if teacher_stages is None:
        assert not model.generator.conditional
    else:
        assert type(model).__name__ == 'CGDD'
        assert model.generator.num_classes == num_classes
        assert cfg.train_dataloader.dataset.num_classes == num_classes
        assert model.feature_pairs == list(zip(teacher_stages, STAGES))
        # Attention transfer: no connectors, the student learns alone.
        assert model.trained_with('student') == ['student']

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
    assert cfg.test_dataloader.dataset.get('class_list') == \
        cfg.val_dataloader.dataset.get('class_list')


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
