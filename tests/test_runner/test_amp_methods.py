"""DDAD, CGDD and Fast on digits, DDAD and Fast on the digit mosaic train
under bf16 autocast."""
import math
import os.path as osp

import pytest
from mmengine.config import Config
from tiny_models import (
    shrink_distillation_config,
    shrink_seg_distillation_config,
)

from mmdfkd.apis import build_runner
from mmdfkd.engine.optimizers import AutocastOptimWrapper
from mmdfkd.utils.amp import enable_amp

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = [
    'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py',
    'configs/cgdd/cgdd_resnet34-w16_resnet18-w8_1xb64_digits.py',
    'configs/fast/fast_resnet34-w16_resnet18-w8_1xb64_digits.py',
    'configs/ddad/'
    'ddad_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
    'configs/fast/'
    'fast_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
]


@pytest.mark.parametrize('config', CONFIGS, ids=osp.basename)
def test_two_iterations_under_bf16_autocast(tmp_path, config):
    cfg = Config.fromfile(osp.join(ROOT, config))
    if 'mosaic' in config:
        shrink_seg_distillation_config(cfg, tmp_path, 2, num_classes=11)
        cfg.merge_from_dict({'val_dataloader.dataset.num_canvases': 4})
    else:
        shrink_distillation_config(cfg, tmp_path, 2)
    if cfg.model.type == 'mmdfkd.FastDFKD':
        cfg.model.schedule.memory_size = 8
    enable_amp(cfg, device='cpu')
    runner = build_runner(cfg)
    runner.train()
    for name in ('generator', 'student'):
        assert isinstance(runner.optim_wrapper[name], AutocastOptimWrapper)
    losses = {key: buffer.current() for key, buffer in
              runner.message_hub.log_scalars.items()
              if key.startswith('train/loss')}
    assert {'train/loss_generator', 'train/loss_student'} <= set(losses)
    assert all(math.isfinite(value) for value in losses.values()), losses
