"""DDAD distilling mmseg segmentors: the same algorithm on logit maps."""
import pytest
import torch
from mmengine.optim import build_optim_wrapper
from mmengine.runner import save_checkpoint
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample
from tiny_models import (
    SEG_NUM_CLASSES,
    snapshot,
    tiny_seg_ddad,
    tiny_segmentor,
)

from mmdfkd.registry import MODELS

OPTIM = dict(
    constructor='mmdfkd.PerModuleOptimWrapperConstructor',
    generator=dict(optimizer=dict(type='Adam', lr=1e-2)),
    student=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)))


@pytest.fixture
def teacher_ckpt(tmp_path):
    teacher = MODELS.build(tiny_segmentor(8))
    teacher.init_weights()
    path = str(tmp_path / 'teacher.pth')
    save_checkpoint(teacher.state_dict(), path)
    return path


def test_logit_maps_are_compared_at_image_size(teacher_ckpt):
    model = MODELS.build(tiny_seg_ddad(teacher_ckpt=teacher_ckpt))
    images = model.generate(torch.randn(2, 16))
    raw = model.teacher(images, mode='tensor')
    assert raw.shape[2:] == (4, 4)  # the decoder's stride 8
    assert model.logits(model.teacher, images).shape == (2, SEG_NUM_CLASSES,
                                                         32, 32)


def test_adversarial_loss_is_negative_log1p_on_maps(teacher_ckpt):
    model = MODELS.build(tiny_seg_ddad(teacher_ckpt=teacher_ckpt))
    adversarial = model.generator_objective.term('loss_adv')
    student, teacher = torch.zeros(2, 3, 4, 4), torch.full((2, 3, 4, 4), 2.)
    assert adversarial(student, teacher).item() == \
        pytest.approx(-torch.log1p(torch.tensor(2.)).item())
    # Class logits keep DFAD's classification form -D.
    assert adversarial(student[..., 0, 0],
                       teacher[..., 0, 0]).item() == -2.0


def test_train_step_updates_generator_and_student_only(teacher_ckpt):
    model = MODELS.build(tiny_seg_ddad(teacher_ckpt=teacher_ckpt))
    model.train()
    optim = build_optim_wrapper(model, OPTIM)
    teacher0, student0, generator0 = (
        snapshot(model.teacher), snapshot(model.student),
        snapshot(model.generator))
    draws = model.draws_per_iteration

    log = model.train_step(dict(inputs=torch.randn(4, draws, 16)), optim)

    assert {'loss_student', 'loss_generator', 'loss_bn',
            'loss_adv'} <= set(log)
    assert all(torch.isfinite(torch.tensor(v)) for v in log.values())
    # -log(1 + D) with D >= 0.
    assert log['loss_adv'] <= 0
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, teacher0[key]), key
    assert all(p.grad is None for p in model.teacher.parameters())
    assert any(not torch.equal(v, student0[k])
               for k, v in model.student.state_dict().items())
    assert any(not torch.equal(v, generator0[k])
               for k, v in model.generator.state_dict().items())


def test_student_loss_falls_on_fixed_samples(teacher_ckpt):
    model = MODELS.build(tiny_seg_ddad(teacher_ckpt=teacher_ckpt))
    model.train()
    optim = build_optim_wrapper(model, OPTIM)
    z = torch.randn(8, 16)
    losses = [model.student_step(z, optim['student'])['loss_student'].item()
              for _ in range(15)]
    assert losses[-1] < 0.7 * losses[0]


def test_val_step_gives_seg_data_samples(teacher_ckpt):
    model = MODELS.build(tiny_seg_ddad(teacher_ckpt=teacher_ckpt))
    model.eval()
    samples = []
    for _ in range(2):
        sample = SegDataSample(metainfo=dict(
            img_shape=(30, 30), ori_shape=(30, 30)))
        sample.gt_sem_seg = PixelData(
            data=torch.zeros(1, 30, 30, dtype=torch.long))
        samples.append(sample)
    data = dict(
        inputs=[torch.randint(0, 255, (3, 30, 30), dtype=torch.uint8)
                for _ in range(2)],
        data_samples=samples)
    outputs = model.val_step(data)
    assert len(outputs) == 2
    assert all(isinstance(out, SegDataSample) for out in outputs)
    # Back at the original size, after the preprocessor padded to 32.
    assert outputs[0].pred_sem_seg.data.shape == (1, 30, 30)
    assert outputs[0].seg_logits.data.shape == (SEG_NUM_CLASSES, 30, 30)


def test_mismatched_class_counts_are_refused():
    with pytest.raises(ValueError, match='different numbers of classes'):
        MODELS.build(tiny_seg_ddad(
            student=tiny_segmentor(4, num_classes=SEG_NUM_CLASSES + 1)))


def test_sync_bn_segmentors_run_as_bn_on_cpu(teacher_ckpt):
    sync = tiny_segmentor(4)
    sync['backbone']['norm_cfg'] = dict(type='SyncBN')
    sync['decode_head']['norm_cfg'] = dict(type='SyncBN')
    model = MODELS.build(tiny_seg_ddad(teacher_ckpt=teacher_ckpt,
                                       student=sync))
    assert not any(isinstance(m, torch.nn.SyncBatchNorm)
                   for m in model.modules())
    model.train()
    optim = build_optim_wrapper(model, OPTIM)
    log = model.train_step(dict(inputs=torch.randn(2, 3, 16)), optim)
    assert torch.isfinite(torch.tensor(log['loss_student']))
