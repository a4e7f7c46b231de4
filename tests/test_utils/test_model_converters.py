"""tools/model_converters/timm_to_mmpretrain.py: a timm checkpoint becomes
a teacher of a TIMMBackbone config, with timm's predictions."""
import importlib.util
import os.path as osp
import sys

import pytest
import timm
import torch
from mmengine.config import Config
from safetensors.torch import save_file

from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TIMM_TEACHER = osp.join(ROOT, 'configs/teachers/timm-resnet50_in1k.py')


def _run_converter(monkeypatch, *args: str) -> None:
    path = osp.join(ROOT, 'tools', 'model_converters',
                    'timm_to_mmpretrain.py')
    spec = importlib.util.spec_from_file_location('timm_to_mmpretrain', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys, 'argv', ['timm_to_mmpretrain.py', *args])
    module.main()


@pytest.mark.parametrize('fmt', ['pth', 'safetensors'])
def test_timm_checkpoint_becomes_the_teacher(tmp_path, monkeypatch, fmt):
    # timm's smallest ResNet stands in for resnet50 in the shipped config.
    timm_model = timm.create_model('test_resnet', num_classes=10).eval()
    src = str(tmp_path / f'timm.{fmt}')
    if fmt == 'pth':
        torch.save(timm_model.state_dict(), src)
    else:
        save_file(timm_model.state_dict(), src)
    dst = str(tmp_path / 'converted.pth')
    _run_converter(monkeypatch, src, dst)

    teacher = Config.fromfile(TIMM_TEACHER).model
    teacher.backbone.model_name = 'test_resnet'
    teacher.head.update(num_classes=10, in_channels=timm_model.num_features)
    teacher._scope_ = 'mmpretrain'
    model = MODELS.build(
        dict(type='mmdfkd.DDAD', teacher=teacher, teacher_ckpt=dst,
             student=teacher,
             generator=dict(type='DFADGenerator', latent_dim=8,
                            base_channels=4)))
    images = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        torch.testing.assert_close(
            model.logits(model.teacher, images), timm_model(images))
