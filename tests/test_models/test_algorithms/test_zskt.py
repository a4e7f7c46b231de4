"""ZSKT as declared by its configs equals ZSKT's objectives, by hand."""
import pytest
import torch
from paper_objectives import (
    attention_difference,
    declared_terms,
    kl_div,
    run_tapped,
    tiny_from_config,
)
from tiny_models import TINY_FEATURE_PAIRS, tiny_seg_ddad

from mmdfkd.registry import MODELS

DIGITS = 'zskt/zskt_resnet34-w16_resnet18-w8_1xb64_digits.py'
MOSAIC = 'zskt/zskt_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py'
STAGES = [path for path, _ in TINY_FEATURE_PAIRS]


@pytest.fixture
def images():
    return torch.randn(8, 3, 32, 32)


def test_generator_objective_is_minus_zskts_kl(images):
    model = MODELS.build(tiny_from_config(DIGITS))
    terms = declared_terms(model, images, 'generator')
    teacher = model.teacher(images, mode='tensor')
    student = model.student(images, mode='tensor')
    assert list(terms) == ['loss_adv']
    # ZSKT's code: PyTorch's element-wise mean over samples and classes.
    assert terms['loss_adv'].item() == pytest.approx(
        -kl_div(student, teacher, reduction='mean').item(), rel=1e-5)


def test_student_objective_is_kl_plus_250_attention(images):
    model = MODELS.build(tiny_from_config(DIGITS))
    terms = declared_terms(model, images, 'student')
    teacher, teacher_maps = run_tapped(model.teacher, images, STAGES)
    student, student_maps = run_tapped(model.student, images, STAGES)
    expected = dict(
        loss_kd=kl_div(student, teacher, reduction='mean'),
        loss_at=250 * sum(
            attention_difference(student_maps[path], teacher_maps[path])
            for path in STAGES))
    assert list(terms) == list(expected)
    for name, value in expected.items():
        assert terms[name].item() == pytest.approx(value.item(), rel=1e-5)


def test_ten_student_updates_after_each_generator_update():
    model = MODELS.build(tiny_from_config(DIGITS))
    assert model.schedule == dict(student_steps=10, generator_steps=1,
                                  generator_first=True, memory_size=0,
                                  replay_ratio=0.5)


def test_mosaic_generator_term_is_minus_log1p_of_the_pixel_kl():
    model = MODELS.build(tiny_from_config(MOSAIC, tiny_seg_ddad))
    model.eval()  # no dropout in the student's head
    images = torch.randn(2, 3, 32, 32)
    terms = declared_terms(model, images, 'generator')

    def rows(logits):
        return logits.permute(0, 2, 3, 1).reshape(-1, logits.shape[1])

    kl = kl_div(rows(model.logits(model.student, images)),
                rows(model.logits(model.teacher, images)))
    # The mosaic's 11 classes set the weight.
    assert terms['loss_adv'].item() == pytest.approx(
        -torch.log1p(kl).item() / 11, rel=1e-5)
    assert set(declared_terms(model, images, 'student')) == \
        {'loss_kd', 'loss_at'}
