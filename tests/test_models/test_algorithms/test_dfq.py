"""DFQ as declared by its configs equals DFQ's objectives (as Fast-Datafree
implements them), by hand."""
import pytest
import torch
from paper_objectives import (
    bn_inputs,
    bn_statistics,
    declared_terms,
    information_entropy,
    kl_div,
    one_hot,
    tiny_from_config,
)
from tiny_models import tiny_seg_ddad

from mmdfkd.registry import MODELS

DIGITS = 'dfq/dfq_resnet34-w16_resnet18-w8_1xb64_digits.py'
MOSAIC = 'dfq/dfq_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py'


@pytest.fixture
def images():
    return torch.randn(8, 3, 32, 32)


def test_generator_objective_is_dfqs(images):
    model = MODELS.build(tiny_from_config(DIGITS))
    terms = declared_terms(model, images, 'generator')
    teacher = model.teacher(images, mode='tensor')
    student = model.student(images, mode='tensor')
    # The digits config ships the tuned weights: BN 0.1, class balance 2.
    expected = dict(
        loss_bn=0.1 * bn_statistics(bn_inputs(model.teacher, images)),
        loss_onehot=one_hot(teacher),
        loss_adv=-kl_div(student, teacher),
        # The natural logarithm, as in Fast-Datafree.
        loss_balance=2 * information_entropy(teacher))
    assert list(terms) == list(expected)
    for name, value in expected.items():
        assert terms[name].item() == pytest.approx(value.item(), rel=1e-5)


def test_student_objective_is_kl_at_temperature_1(images):
    model = MODELS.build(tiny_from_config(DIGITS))
    terms = declared_terms(model, images, 'student')
    teacher = model.teacher(images, mode='tensor')
    student = model.student(images, mode='tensor')
    assert list(terms) == ['loss_kd']
    assert terms['loss_kd'].item() == pytest.approx(
        kl_div(student, teacher).item(), rel=1e-5)


def test_ten_student_updates_after_each_generator_update():
    model = MODELS.build(tiny_from_config(DIGITS))
    assert model.schedule == dict(student_steps=10, generator_steps=1,
                                  generator_first=True, memory_size=0,
                                  replay_ratio=0.5)


def test_mosaic_objectives_read_pixels():
    model = MODELS.build(tiny_from_config(MOSAIC, tiny_seg_ddad))
    model.eval()  # no dropout in the student's head
    images = torch.randn(2, 3, 32, 32)
    terms = declared_terms(model, images, 'generator')

    def rows(logits):
        return logits.permute(0, 2, 3, 1).reshape(-1, logits.shape[1])

    teacher = rows(model.logits(model.teacher, images))
    student = rows(model.logits(model.student, images))
    expected = dict(
        loss_bn=bn_statistics(bn_inputs(model.teacher, images)),
        loss_onehot=one_hot(teacher),
        loss_adv=-torch.log1p(kl_div(student, teacher)),
        loss_balance=20 * information_entropy(teacher))
    for name, value in expected.items():
        assert terms[name].item() == pytest.approx(value.item(), rel=1e-5)
