"""tools/model_converters/fastdatafree_to_mmpretrain.py: the public CIFAR
teachers of Fast-Datafree/CMI, DFAD and ZSKT, converted, load strictly into
the shipped teacher configs and predict exactly what the source networks
predict. mmdfkd.utils.converter_hint recognises them unconverted.

No checkpoint can be downloaded: each source network is rebuilt here from
its key layout and forward pass, with random weights and BN statistics.
"""
import importlib.util
import os
import os.path as osp
import subprocess
import sys
from typing import Callable, Dict, Sequence

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.runner import load_checkpoint
from mmpretrain.registry import MODELS as MMPRETRAIN_MODELS
from torch import nn

from mmdfkd.registry import MODELS
from mmdfkd.utils import converter_hint, foreign_layout
from mmdfkd.utils.foreign_checkpoints import CONVERTER
from mmdfkd.utils.safe_loading import load_state_dict_file

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TEACHERS = osp.join(ROOT, 'configs', 'teachers')
CIFAR10_MEAN = [125.307, 122.961, 113.8575]
CIFAR100_MEAN = [129.304, 124.070, 112.434]


def _converter():
    """The converter script as a module."""
    spec = importlib.util.spec_from_file_location(
        'fastdatafree_to_mmpretrain', osp.join(ROOT, CONVERTER))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Source networks, from the layouts of their repositories.


class SourceResNetBlock(nn.Module):
    """Post-activation basic block with a ``shortcut`` Sequential."""

    def __init__(self, in_planes: int, planes: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_planes, planes, 1, stride, bias=False),
                nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class SourceResNet(nn.Module):
    """Fast-Datafree/CMI ``resnet18/34`` (adaptive pooling) and DFAD
    ``ResNet*_8x`` (``avg_pool2d(4)``): 3x3 stem, ``layer1-4``,
    ``linear``."""

    def __init__(self, blocks: Sequence[int], num_classes: int,
                 fixed_pool: bool) -> None:
        super().__init__()
        self.fixed_pool = fixed_pool
        self.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        in_planes = 64
        for i, (num, planes) in enumerate(zip(blocks, (64, 128, 256, 512))):
            layer = []
            for j in range(num):
                stride = 2 if i and not j else 1
                layer.append(SourceResNetBlock(in_planes, planes, stride))
                in_planes = planes
            setattr(self, f'layer{i + 1}', nn.Sequential(*layer))
        self.linear = nn.Linear(512, num_classes)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        for i in range(1, 5):
            out = getattr(self, f'layer{i}')(out)
        if self.fixed_pool:
            out = F.avg_pool2d(out, 4)
        else:
            out = F.adaptive_avg_pool2d(out, 1)
        return self.linear(out.flatten(1))


class SourceWRNBlock(nn.Module):
    """Pre-activation block; ``convShortcut`` reads the pre-activated
    input when the widths differ, the identity the raw input otherwise."""

    def __init__(self, in_planes: int, planes: int, stride: int) -> None:
        super().__init__()
        self.bn1 = nn.BatchNorm2d(in_planes)
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.equal = in_planes == planes
        if not self.equal:
            self.convShortcut = nn.Conv2d(in_planes, planes, 1, stride,
                                          bias=False)

    def forward(self, x):
        act = F.relu(self.bn1(x))
        out = self.conv2(F.relu(self.bn2(self.conv1(act))))
        return out + (x if self.equal else self.convShortcut(act))


class SourceWRNGroup(nn.Module):

    def __init__(self, num: int, in_planes: int, planes: int,
                 stride: int) -> None:
        super().__init__()
        self.layer = nn.Sequential(*[
            SourceWRNBlock(in_planes if i == 0 else planes, planes,
                           stride if i == 0 else 1) for i in range(num)
        ])

    def forward(self, x):
        return self.layer(x)


class SourceWRN(nn.Module):
    """Fast-Datafree/CMI and ZSKT ``WideResNet``: ``conv1``,
    ``block1-3``, final ``bn1`` + ReLU, ``avg_pool2d(8)``, ``fc``."""

    def __init__(self, depth: int, widen: int, num_classes: int) -> None:
        super().__init__()
        num = (depth - 4) // 6
        widths = (16 * widen, 32 * widen, 64 * widen)
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.block1 = SourceWRNGroup(num, 16, widths[0], 1)
        self.block2 = SourceWRNGroup(num, widths[0], widths[1], 2)
        self.block3 = SourceWRNGroup(num, widths[1], widths[2], 2)
        self.bn1 = nn.BatchNorm2d(widths[2])
        self.fc = nn.Linear(widths[2], num_classes)

    def forward(self, x):
        out = self.block3(self.block2(self.block1(self.conv1(x))))
        out = F.avg_pool2d(F.relu(self.bn1(out)), 8)
        return self.fc(out.flatten(1))


class SourceVGG11(nn.Module):
    """Fast-Datafree/CMI ``vgg11`` (RepDistiller ``vgg11_bn``): blocks of
    conv-BN(-ReLU-conv-BN), ReLU after each block, max pools after blocks
    0-2 at 32x32, adaptive average pool, ``classifier``."""

    def __init__(self, num_classes: int) -> None:
        super().__init__()
        cfg = [[64], [128], [256, 256], [512, 512], [512, 512]]
        in_planes = 3
        for i, widths in enumerate(cfg):
            layers = []
            for width in widths:
                layers += [
                    nn.Conv2d(in_planes, width, 3, padding=1),
                    nn.BatchNorm2d(width),
                    nn.ReLU(inplace=True)
                ]
                in_planes = width
            setattr(self, f'block{i}', nn.Sequential(*layers[:-1]))
        self.classifier = nn.Linear(512, num_classes)

    def forward(self, x):
        for i in range(5):
            x = F.relu(getattr(self, f'block{i}')(x))
            if i < 3:
                x = F.max_pool2d(x, 2)
        return self.classifier(F.adaptive_avg_pool2d(x, 1).flatten(1))


def _randomised(net: nn.Module) -> nn.Module:
    """``net`` in eval mode, with BN statistics and affines off 0 / 1."""
    for module in net.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.normal_(0, 0.1)
            module.running_mean.normal_(0, 0.1)
            module.running_var.uniform_(0.5, 1.5)
    return net.eval()


def _save_source(net: nn.Module, path: str, container: str) -> None:
    """Save ``net`` as its repository does."""
    state = net.state_dict()
    if container == 'raw':  # DFAD
        torch.save(state, path)
    elif container == 'dataparallel':  # a DataParallel-wrapped network
        torch.save({'state_dict': {f'module.{k}': v
                                   for k, v in state.items()}}, path)
    else:  # Fast-Datafree/CMI train_scratch.py, ZSKT last.pth.tar
        torch.save({'epoch': 200, 'arch': 'x', 'best_acc1': 95.0,
                    'state_dict': state}, path)


def _build_teacher(config: str) -> nn.Module:
    """The shipped teacher config's classifier, as it is."""
    cfg = Config.fromfile(osp.join(TEACHERS, config))
    assert cfg.model._scope_ == 'mmpretrain'
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        return MMPRETRAIN_MODELS.build(cfg.model).eval()


def _assert_same_logits(teacher: nn.Module, source: nn.Module) -> None:
    """Equal logits on random 32x32 images, up to float reordering."""
    images = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        expected = source(images)
        actual = teacher(images, mode='tensor')
    torch.testing.assert_close(actual, expected, rtol=0, atol=1e-5)


CASES: Dict[str, tuple] = {
    # id: (teacher config, source network, source container)
    'resnet34-fastdatafree': (
        'resnet34_fastdatafree_cifar10.py',
        lambda: SourceResNet((3, 4, 6, 3), 10, fixed_pool=False),
        'state_dict'),
    'resnet18-8x-dfad': (
        'resnet18-8x_dfad_cifar100.py',
        lambda: SourceResNet((2, 2, 2, 2), 100, fixed_pool=True), 'raw'),
    # k = 2: a projection in every group.
    'wrn40-2-fastdatafree': (
        'wrn40-2_fastdatafree_cifar100.py', lambda: SourceWRN(40, 2, 100),
        'state_dict'),
    # k = 1: no projection in the first group.
    'wrn16-1-zskt': (
        'wrn16-1_zskt_cifar10.py', lambda: SourceWRN(16, 1, 10),
        'state_dict'),
    'vgg11-fastdatafree': (
        'vgg11-bn_fastdatafree_cifar10.py', lambda: SourceVGG11(10),
        'dataparallel'),
}


@pytest.mark.parametrize('case', list(CASES))
def test_converted_teacher_predicts_like_the_source(tmp_path, case):
    config, make_source, container = CASES[case]
    source = _randomised(make_source())
    src, dst = str(tmp_path / 'source.pth'), str(tmp_path / 'teacher.pth')
    _save_source(source, src, container)
    converter = _converter()
    torch.save({'state_dict': converter.convert(
        load_state_dict_file(src))}, dst)

    teacher = _build_teacher(config)
    load_checkpoint(teacher, dst, map_location='cpu', strict=True)
    _assert_same_logits(teacher, source)


def test_wrn_projection_placement():
    convert = _converter().convert
    narrow = convert(SourceWRN(16, 1, 10).state_dict())
    wide = convert(SourceWRN(16, 2, 10).state_dict())
    # 16 -> 16 channels in the first group of WRN-16-1: an identity.
    assert 'backbone.block1.layer.0.shortcut.weight' not in narrow
    assert 'backbone.block1.layer.0.shortcut.weight' in wide
    for converted in (narrow, wide):
        assert 'backbone.block2.layer.0.shortcut.weight' in converted
        assert 'backbone.block2.layer.1.shortcut.weight' not in converted
        assert not any('convShortcut' in key for key in converted)


def test_cli_converts_a_fastdatafree_checkpoint(tmp_path):
    source = _randomised(SourceResNet((3, 4, 6, 3), 10, fixed_pool=False))
    src, dst = str(tmp_path / 'source.pth'), str(tmp_path / 'teacher.pth')
    _save_source(source, src, 'state_dict')
    env = dict(os.environ,
               PYTHONPATH=os.pathsep.join(
                   filter(None, [ROOT, os.environ.get('PYTHONPATH')])))
    proc = subprocess.run(
        [sys.executable, osp.join(ROOT, CONVERTER), src, dst],
        env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f'Saved 218 tensors to {dst}' in proc.stdout
    converted = torch.load(dst, map_location='cpu', weights_only=True)
    assert list(converted) == ['state_dict']
    assert 'head.fc.weight' in converted['state_dict']
    assert 'backbone.layer2.0.downsample.0.weight' in converted['state_dict']

    teacher = _build_teacher('resnet34_fastdatafree_cifar10.py')
    load_checkpoint(teacher, dst, map_location='cpu', strict=True)
    _assert_same_logits(teacher, source)


def test_converted_teacher_config_is_a_distillation_teacher(tmp_path):
    source = _randomised(SourceWRN(16, 1, 10))
    src, dst = str(tmp_path / 'last.pth.tar'), str(tmp_path / 'teacher.pth')
    _save_source(source, src, 'state_dict')
    converter = _converter()
    torch.save({'state_dict': converter.convert(
        load_state_dict_file(src), arch='wrn')}, dst)
    config = osp.join(TEACHERS, 'wrn16-1_zskt_cifar10.py')
    model = MODELS.build(
        dict(type='mmdfkd.DDAD', teacher=config, teacher_ckpt=dst,
             student=config,
             generator=dict(type='DFADGenerator', latent_dim=8,
                            base_channels=4)))
    images = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        torch.testing.assert_close(
            model.logits(model.teacher, images), source(images),
            rtol=0, atol=1e-5)


def test_unconverted_teacher_checkpoint_names_the_converter(tmp_path):
    src = str(tmp_path / 'last.pth.tar')
    _save_source(SourceWRN(16, 1, 10), src, 'state_dict')
    config = osp.join(TEACHERS, 'wrn16-1_zskt_cifar10.py')
    with pytest.raises(ValueError, match='does not fit the teacher') as err:
        MODELS.build(
            dict(type='mmdfkd.DDAD', teacher=config, teacher_ckpt=src,
                 student=config,
                 generator=dict(type='DFADGenerator', latent_dim=8,
                                base_channels=4)))
    assert f'python {CONVERTER} {src} <converted.pth>' in str(err.value)


def test_convert_refuses_an_unknown_layout():
    state = {'conv.weight': torch.zeros(1), 'fc.bias': torch.zeros(1)}
    with pytest.raises(ValueError, match='first keys: conv.weight, fc.bias'):
        _converter().convert(state)


# Teacher configs: classes and the normalisation each source trained with.
CONFIGS = {
    **{f'{arch}_fastdatafree_cifar10.py': (10, CIFAR10_MEAN)
       for arch in ('resnet34', 'resnet18', 'wrn40-2', 'wrn16-2', 'wrn40-1',
                    'wrn16-1', 'vgg11-bn')},
    **{f'{arch}_fastdatafree_cifar100.py': (100, CIFAR100_MEAN)
       for arch in ('resnet34', 'resnet18', 'wrn40-2', 'wrn16-2', 'wrn40-1',
                    'wrn16-1', 'vgg11-bn')},
    **{f'resnet{depth}-8x_dfad_{data}.py': (classes, CIFAR10_MEAN)
       for depth in (34, 18)
       for data, classes in (('cifar10', 10), ('cifar100', 100))},
    **{f'wrn{arch}_zskt_cifar10.py': (10, CIFAR10_MEAN)
       for arch in ('40-2', '16-2', '40-1', '16-1')},
}


@pytest.mark.parametrize('config', sorted(CONFIGS))
def test_teacher_config_classes_and_normalisation(config):
    num_classes, mean = CONFIGS[config]
    cfg = Config.fromfile(osp.join(TEACHERS, config))
    assert cfg.model.head.num_classes == num_classes
    assert cfg.data_preprocessor.mean == mean
    dataset = cfg.test_dataloader.dataset.type
    assert dataset == ('CIFAR10' if '_cifar10.' in config else 'CIFAR100')
    if 'wrn' in config:
        backbone = cfg.model.backbone
        assert cfg.model.head.in_channels == 64 * backbone.widen_factor
        assert config.startswith(
            f'wrn{backbone.depth}-{backbone.widen_factor}_')


SOURCES: Dict[str, Callable[[], nn.Module]] = {
    'ResNet-34, 10 classes':
    lambda: SourceResNet((3, 4, 6, 3), 10, fixed_pool=False),
    'ResNet-18, 100 classes':
    lambda: SourceResNet((2, 2, 2, 2), 100, fixed_pool=True),
    'WRN-40-2, 100 classes': lambda: SourceWRN(40, 2, 100),
    'WRN-16-1, 10 classes': lambda: SourceWRN(16, 1, 10),
    'VGG-11, 10 classes': lambda: SourceVGG11(10),
}


@pytest.mark.parametrize('name', list(SOURCES))
def test_converter_hint_names_the_converter(name):
    state = SOURCES[name]().state_dict()
    assert foreign_layout(state) == name.split('-')[0].lower()
    # The container and a DataParallel prefix change nothing.
    wrapped = {'state_dict': {f'module.{k}': v for k, v in state.items()}}
    for checkpoint in (state, wrapped):
        hint = converter_hint(checkpoint, 'teacher.pth')
        assert f'({name})' in hint
        assert f'`python {CONVERTER} teacher.pth <converted.pth>`' in hint
        assert '\n' not in hint


def test_no_hint_for_mmpretrain_checkpoints():
    converted = _converter().convert(SourceWRN(16, 1, 10).state_dict())
    assert converter_hint(converted) is None
    assert converter_hint({'state_dict': converted}) is None
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        resnet = MMPRETRAIN_MODELS.build(
            Config.fromfile(
                osp.join(TEACHERS, 'resnet18_fastdatafree_cifar10.py')).model)
    assert foreign_layout(resnet.state_dict()) is None
    assert converter_hint({'meta': {}, 'state_dict': {}}) is None
