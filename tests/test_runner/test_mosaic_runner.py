"""Segmentation DDAD and Fast in a real Runner on the embedded digit
mosaics."""
import glob
import os.path as osp

from mmengine.config import Config
from tiny_models import (
    assert_resume_is_exact,
    shrink_seg_distillation_config,
)

from mmdfkd.apis import build_runner

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
MOSAIC_CONFIG = osp.join(
    ROOT, 'configs/ddad/'
    'ddad_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py')
FAST_MOSAIC_CONFIG = osp.join(
    ROOT, 'configs/fast/'
    'fast_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py')


def tiny_mosaic_config(tmp_path, max_iters: int,
                       config: str = MOSAIC_CONFIG) -> Config:
    """A shipped mosaic config on tiny segmentors and 20 test canvases."""
    cfg = Config.fromfile(config)
    shrink_seg_distillation_config(cfg, tmp_path, max_iters, num_classes=11)
    if cfg.model.type == 'mmdfkd.FastDFKD':
        cfg.model.schedule.memory_size = 8
    cfg.merge_from_dict({
        'val_dataloader.batch_size': 10,
        'val_dataloader.dataset.num_canvases': 20,
        'test_dataloader.dataset.num_canvases': 20,
    })
    return cfg


def test_mosaic_distillation_validates_with_iou_and_resumes(tmp_path):
    runner = build_runner(tiny_mosaic_config(tmp_path, max_iters=2))
    runner.train()
    work_dir = runner.work_dir
    scalars = runner.message_hub.log_scalars
    # mmseg's IoUMetric on the held-out canvases, through the student.
    assert 'val/mIoU' in scalars
    assert 0.0 <= scalars['val/mIoU'].current() <= 100.0
    for key in ('loss_student', 'loss_bn', 'loss_adv'):
        assert f'train/{key}' in scalars, key
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))
    assert glob.glob(osp.join(work_dir, '*', 'vis_data', 'vis_image',
                              'generated_2.png'))
    student = {k: v.clone() for k, v in runner.model.student.state_dict()
               .items()}

    cfg = tiny_mosaic_config(tmp_path, max_iters=3)
    cfg.resume = True
    resumed = build_runner(cfg)
    resumed.train()
    assert resumed.iter == 3
    # Resumed from the iteration-2 student, then trained one more step.
    assert any(not v.equal(student[k]) for k, v in
               resumed.model.student.state_dict().items())
    metrics = resumed.test()
    assert 0.0 <= metrics['mIoU'] <= 100.0


def test_fast_mosaic_config_trains_and_resumes_exactly(tmp_path):
    """Fast on the mosaic: the memory of canvases and logit maps is in
    the checkpoint, so a resumed run ends where a straight one does."""
    def config(max_iters, work_dir):
        cfg = tiny_mosaic_config(tmp_path, max_iters, FAST_MOSAIC_CONFIG)
        cfg.work_dir = str(tmp_path / work_dir)
        return cfg

    straight = build_runner(config(3, 'straight'))
    straight.train()
    scalars = straight.message_hub.log_scalars
    for key in ('loss_bn', 'loss_adv', 'loss_l1', 'loss_student'):
        assert f'train/{key}' in scalars, key
    assert 'train/loss_cls' not in scalars
    assert 0.0 <= scalars['val/mIoU'].current() <= 100.0
    assert straight.model.memory.teacher_logits.shape[1:] == (11, 32, 32)
    assert_resume_is_exact(config, straight)
