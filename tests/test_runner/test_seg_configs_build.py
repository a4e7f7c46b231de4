"""The segmentation configs (DDAD, DFAD, their teachers and students) load
and build: the networks, the validation data on tiny fixtures in the real
layouts, one validation batch through the student, and a short Runner run
on CamVid."""
import functools
import os
import os.path as osp

import numpy as np
import pytest
import torch
from fixtures import write_camvid, write_cityscapes_val, write_nyuv2
from mmengine.config import Config
from mmengine.config import utils as config_utils
from mmengine.dataset import pseudo_collate
from mmengine.evaluator import Evaluator
from mmengine.registry import DATASETS, DefaultScope
from mmengine.runner import CheckpointLoader, Runner
from mmseg.datasets import CityscapesDataset, PascalVOCDataset
from mmseg.structures import SegDataSample
from PIL import Image
from tiny_models import shrink_seg_distillation_config

from mmdfkd.apis import build_runner
from mmdfkd.datasets import CamVidDataset, NYUv2Dataset
from mmdfkd.models.utils import model_config
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
IGNORE = 255


@pytest.fixture(scope='module', autouse=True)
def _metafiles_read_once():
    """mmengine reads every metafile of mmseg (about half a second) for each
    ``mmseg::`` path it resolves; read each file once in this module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config_utils, 'load',
                      functools.lru_cache(maxsize=None)(config_utils.load))
        yield


def _write_png(path: str, array: np.ndarray) -> None:
    os.makedirs(osp.dirname(path), exist_ok=True)
    Image.fromarray(array).save(path)


def write_voc12_val(root: str, height: int = 30, width: int = 40,
                    seed: int = 0) -> None:
    """Write two val images of Pascal VOC 2012 in its layout at ``root``.

    ``JPEGImages/<id>.jpg``, ``SegmentationClass/<id>.png`` (0 background,
    1-20 the classes, 255 the object borders) and the split list
    ``ImageSets/Segmentation/val.txt``.

    Args:
        root (str): The ``data_root`` of ``PascalVOCDataset``
            (``VOCdevkit/VOC2012``).
        height (int): Image height. Defaults to 30.
        width (int): Image width. Defaults to 40.
        seed (int): Seed of the images and labels. Defaults to 0.
    """
    rng = np.random.default_rng(seed)
    ids = ['2007_000033', '2007_000042']
    for image_id in ids:
        _write_png(osp.join(root, 'JPEGImages', f'{image_id}.jpg'),
                   rng.integers(0, 256, (height, width, 3), dtype=np.uint8))
        labels = rng.integers(0, 21, (height, width), dtype=np.uint8)
        labels[0] = IGNORE
        _write_png(osp.join(root, 'SegmentationClass', f'{image_id}.png'),
                   labels)
    os.makedirs(osp.join(root, 'ImageSets/Segmentation'))
    with open(osp.join(root, 'ImageSets/Segmentation/val.txt'), 'w') as f:
        f.write('\n'.join(ids) + '\n')


# config, dataset class, student backbone (type, depth), generated size,
# latent batch size, fixture writer, size of the fixture's first val image
# after the evaluation resize. The DFAD and ResNet-18 student configs are
# checked against the DDAD config they inherit, so each network builds
# once: a DeepLabV3-R50 takes seconds on a CPU.
CONFIGS = [
    ('ddad/ddad_deeplabv3-r50_deeplabv3-mbv2_1xb64_camvid-128.py',
     CamVidDataset, ('MobileNetV2', None), (128, 128), 64, write_camvid,
     (256, 341)),
    ('ddad/ddad_deeplabv3-r50_deeplabv3-mbv2_1xb64_nyuv2-128.py',
     NYUv2Dataset, ('MobileNetV2', None), (128, 128), 64, write_nyuv2,
     (256, 341)),
    # mmseg's own evaluation scales: whole 1024x2048 frames, VOC images
    # with the shorter side at 512.
    ('ddad/ddad_deeplabv3-r50_deeplabv3-mbv2_1xb8_cityscapes-256x512.py',
     CityscapesDataset, ('MobileNetV2', None), (256, 512), 8,
     write_cityscapes_val, (1024, 2048)),
    ('ddad/ddad_deeplabv3-r50_deeplabv3-mbv2_1xb16_voc12-256.py',
     PascalVOCDataset, ('MobileNetV2', None), (256, 256), 16,
     write_voc12_val, (512, 683)),
]


def _load(config: str) -> Config:
    return Config.fromfile(osp.join(ROOT, 'configs', config))


def _backbone(net: torch.nn.Module) -> tuple:
    return type(net.backbone).__name__, getattr(net.backbone, 'depth', None)


@pytest.mark.parametrize(
    'config,dataset_class,student_backbone,img_size,batch_size,write,'
    'val_size', CONFIGS, ids=[c[0] for c in CONFIGS])
def test_seg_distillation_configs_build(tmp_path, config, dataset_class,
                                        student_backbone, img_size,
                                        batch_size, write, val_size):
    cfg = _load(config)
    num_classes = len(dataset_class.METAINFO['classes'])
    assert cfg.default_scope == 'mmseg'
    assert cfg.custom_imports.imports == ['mmdfkd']
    assert cfg.train_dataloader.batch_size == batch_size
    assert cfg.train_dataloader.dataset.type == 'mmdfkd.LatentDataset'
    assert (cfg.val_evaluator.type, cfg.val_evaluator.iou_metrics) == \
        ('IoUMetric', ['mIoU'])
    checkpoint = cfg.default_hooks.checkpoint
    assert (checkpoint.save_best, checkpoint.rule) == ('mIoU', 'greater')
    # 300 epochs of 50 iterations, lr decay every 100, val every 10.
    assert cfg.train_cfg.max_iters == 15000
    assert cfg.train_cfg.val_interval == checkpoint.interval == 500
    nyuv2 = dataset_class is NYUv2Dataset
    for schedulers in cfg.param_scheduler.values():
        assert [(s.type, s.step_size, s.gamma) for s in schedulers] == \
            [('StepLR', 5000, 0.3 if nyuv2 else 0.1)]
    student_optim = cfg.optim_wrapper.student.optimizer
    assert (student_optim.lr, student_optim.weight_decay) == \
        (0.1, 5e-5 if nyuv2 else 5e-4)

    cfg.model.teacher_ckpt = None
    # The build runs probe images through teacher and student and refuses
    # mismatched class counts.
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg.model)
    assert _backbone(model.teacher) == ('ResNetV1c', 50)
    assert _backbone(model.student) == student_backbone
    for net in (model.teacher, model.student):
        assert net.decode_head.num_classes == num_classes
        assert net.auxiliary_head.num_classes == num_classes
    assert not any(isinstance(m, torch.nn.SyncBatchNorm)
                   for m in model.modules())
    assert model.generator.img_size == img_size
    assert model.generator.latent_dim == 256
    assert model.generator_objective.weights['loss_bn'] == 1
    assert model.draws_per_iteration == 6

    # The validation split on a tiny fixture, one batch through the
    # student, scored by mmseg's IoUMetric.
    write(str(tmp_path))
    cfg.val_dataloader.dataset.data_root = str(tmp_path)
    with DefaultScope.overwrite_default_scope('mmseg'):
        dataset = DATASETS.build(cfg.val_dataloader.dataset)
    assert isinstance(dataset, dataset_class)
    sample = dataset[0]
    assert tuple(sample['inputs'].shape) == (3, *val_size)
    gt = sample['data_samples'].gt_sem_seg.data
    assert gt.shape[1:] == sample['data_samples'].ori_shape
    assert set(gt.unique().tolist()) <= {*range(num_classes), IGNORE}
    assert IGNORE in gt

    # One batch through the student at the protocol's 256 scale: whole
    # 1024x2048 Cityscapes frames take about 15 s on a CPU, and the
    # configured size is checked on the sample above.
    for transform in dataset.pipeline.transforms:
        if type(transform).__name__ == 'Resize':
            transform.scale = (1024, 256)
    model.eval()
    batch = pseudo_collate([dataset[0]])
    outputs = model.val_step(batch)
    assert len(outputs) == 1 and isinstance(outputs[0], SegDataSample)
    pred = outputs[0].pred_sem_seg.data
    assert pred.shape == gt.shape
    assert set(pred.unique().tolist()) <= set(range(num_classes))
    with DefaultScope.overwrite_default_scope('mmseg'):
        evaluator = Evaluator(cfg.val_evaluator)
    evaluator.dataset_meta = dataset.metainfo
    evaluator.process(outputs, batch)
    assert 0 <= evaluator.evaluate(1)['mIoU'] <= 100


@pytest.mark.parametrize('config', [
    'dfad/dfad_deeplabv3-r50_deeplabv3-mbv2_1xb64_camvid-128.py',
    'dfad/dfad_deeplabv3-r50_deeplabv3-mbv2_1xb64_nyuv2-128.py',
])
def test_dfad_configs_are_ddad_without_bn_term(config):
    dfad = _load(config)
    ddad = _load(config.replace('dfad', 'ddad'))
    assert dfad.model.generator_losses.loss_bn.weight == 0
    dfad.model.generator_losses.loss_bn.weight = \
        ddad.model.generator_losses.loss_bn.weight
    # Everything else, the networks included, is the DDAD setting built
    # by test_seg_distillation_configs_build.
    assert dfad.to_dict() == ddad.to_dict()


@pytest.mark.parametrize('config,num_classes', [
    ('ddad/ddad_deeplabv3-r50_deeplabv3-r18_1xb64_camvid-128.py', 11),
    ('ddad/ddad_deeplabv3-r50_deeplabv3-r18_1xb64_nyuv2-128.py', 13),
])
def test_r18_student_configs_swap_only_the_student(config, num_classes):
    r18 = _load(config)
    mbv2 = _load(config.replace('-r18_', '-mbv2_'))
    student = r18.model.student
    assert osp.basename(student).startswith('deeplabv3_r18-d8_')
    r18.model.student = mbv2.model.student
    # Teacher, generator, data and schedule: the MobileNetV2 setting built
    # by test_seg_distillation_configs_build.
    assert r18.to_dict() == mbv2.to_dict()
    # The student on generated-size images predicts the teacher's classes.
    with DefaultScope.overwrite_default_scope('mmseg'):
        net = MODELS.build(model_config(student)).eval()
    assert _backbone(net) == ('ResNetV1c', 18)
    with torch.no_grad():
        logits = net(torch.randn(1, 3, 128, 128), mode='tensor')
    assert logits.shape[:2] == (1, num_classes)


TEACHER_CONFIGS = [
    ('deeplabv3_r50-d8_1xb8-20k_camvid-256x256.py', CamVidDataset,
     ('ResNetV1c', 50), 'open-mmlab://resnet50_v1c'),
    ('deeplabv3_mobilenet-v2-d8_1xb8-20k_camvid-256x256.py', CamVidDataset,
     ('MobileNetV2', None), None),
    ('deeplabv3_r18-d8_1xb8-20k_camvid-256x256.py', CamVidDataset,
     ('ResNetV1c', 18), None),
    ('deeplabv3_r50-d8_1xb8-20k_nyuv2-256x256.py', NYUv2Dataset,
     ('ResNetV1c', 50), 'open-mmlab://resnet50_v1c'),
    ('deeplabv3_mobilenet-v2-d8_1xb8-20k_nyuv2-256x256.py', NYUv2Dataset,
     ('MobileNetV2', None), None),
    ('deeplabv3_r18-d8_1xb8-20k_nyuv2-256x256.py', NYUv2Dataset,
     ('ResNetV1c', 18), None),
    ('deeplabv3_mobilenet-v2-d8_4xb2-80k_cityscapes-512x1024.py',
     CityscapesDataset, ('MobileNetV2', None), None),
    ('deeplabv3_mobilenet-v2-d8_4xb4-20k_voc12aug-512x512.py',
     PascalVOCDataset, ('MobileNetV2', None), None),
]


@pytest.mark.parametrize('config,dataset_class,backbone,pretrained',
                         TEACHER_CONFIGS, ids=[c[0] for c in TEACHER_CONFIGS])
def test_seg_teacher_configs(tmp_path, config, dataset_class, backbone,
                             pretrained):
    """The networks build in the distillation tests; here the supervised
    training set-up: classes, initialisation, the training crops."""
    cfg = _load(osp.join('teachers', config))
    num_classes = len(dataset_class.METAINFO['classes'])
    assert cfg.default_scope == 'mmseg'
    assert (cfg.model.backbone.type, cfg.model.backbone.get('depth')) == \
        backbone
    assert cfg.model.pretrained == pretrained
    assert cfg.model.decode_head.num_classes == num_classes
    assert cfg.model.auxiliary_head.num_classes == num_classes
    assert cfg.model.data_preprocessor.size == cfg.crop_size
    assert cfg.val_dataloader.dataset.type.endswith(dataset_class.__name__)
    if dataset_class not in (CamVidDataset, NYUv2Dataset):
        return
    assert cfg.crop_size == (256, 256)
    # Two frames of the real size, so that crops come from larger images.
    if dataset_class is CamVidDataset:
        write_camvid(str(tmp_path), counts={'train': 2}, height=360,
                     width=480)
    else:
        write_nyuv2(str(tmp_path), indices={'train': (3, 4)}, height=480,
                    width=640)
    cfg.train_dataloader.dataset.data_root = str(tmp_path)
    with DefaultScope.overwrite_default_scope('mmseg'):
        dataset = DATASETS.build(cfg.train_dataloader.dataset)
    assert dataset.split == 'train'
    for i in range(len(dataset)):
        sample = dataset[i]
        height, width = sample['inputs'].shape[1:]
        assert height <= 256 and width <= 256
        gt = sample['data_samples'].gt_sem_seg.data
        assert gt.shape[1:] == (height, width)
        assert set(gt.unique().tolist()) <= {*range(num_classes), IGNORE}


@pytest.fixture(scope='module')
def camvid_run(tmp_path_factory) -> Runner:
    """The CamVid DDAD config on tiny segmentors, 2 iterations in a Runner,
    validated with IoUMetric on the CamVid fixture."""
    tmp_path = tmp_path_factory.mktemp('camvid_run')
    root = str(tmp_path / 'camvid')
    write_camvid(root)
    cfg = _load('ddad/ddad_deeplabv3-r50_deeplabv3-mbv2_1xb64_camvid-128.py')
    shrink_seg_distillation_config(cfg, tmp_path, max_iters=2,
                                   num_classes=11)
    cfg.val_dataloader.dataset.data_root = root
    runner = build_runner(cfg)
    runner.train()
    return runner


def test_camvid_distillation_runs_and_keeps_best_miou(camvid_run):
    work_dir = camvid_run.work_dir
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))
    # save_best='mIoU' found the metric of the validation at iteration 2.
    assert osp.isfile(osp.join(work_dir, 'best_mIoU_iter_2.pth'))
    scalars = camvid_run.message_hub.log_scalars
    assert 'val/mIoU' in scalars
    for key in ('loss_student', 'loss_bn', 'loss_adv', 'generator.lr',
                'student.lr'):
        assert f'train/{key}' in scalars, key


def test_camvid_best_checkpoint_loads(camvid_run):
    # The loader of tools/test.py (and of --resume, whose checkpoints hold
    # the best score once a validation ran).
    ckpt = CheckpointLoader.load_checkpoint(
        osp.join(camvid_run.work_dir, 'best_mIoU_iter_2.pth'),
        map_location='cpu')
    assert ckpt['meta']['iter'] == 2
    assert ckpt['message_hub']['runtime_info']['best_score'] == \
        camvid_run.message_hub.get_info('best_score')
    student = camvid_run.model.student.state_dict()
    for key, value in student.items():
        assert torch.equal(ckpt['state_dict'][f'student.{key}'], value)
