"""DAFL as declared by its configs equals DAFL's objectives, by hand."""
import pytest
import torch
from paper_objectives import (
    activation,
    declared_terms,
    information_entropy,
    kl_div,
    one_hot,
    run_tapped,
    tiny_from_config,
)
from tiny_models import tiny_seg_ddad

from mmdfkd.registry import MODELS

DIGITS = 'dafl/dafl_resnet34-w16_resnet18-w8_1xb64_digits.py'
MOSAIC = 'dafl/dafl_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py'


@pytest.fixture
def images():
    return torch.randn(8, 3, 32, 32)


def test_generator_objective_is_dafls(images):
    model = MODELS.build(tiny_from_config(DIGITS))
    terms = declared_terms(model, images, 'generator')
    teacher, taps = run_tapped(model.teacher, images, ['neck'])
    expected = dict(
        loss_onehot=0.05 * one_hot(teacher),
        # DAFL's information entropy takes the base-10 logarithm.
        loss_ie=5 * information_entropy(teacher, torch.log10),
        loss_act=0.01 * activation(taps['neck'][-1]))
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


def test_one_student_update_per_generator_update():
    model = MODELS.build(tiny_from_config(DIGITS))
    assert model.schedule == dict(student_steps=1, generator_steps=1,
                                  generator_first=False, memory_size=0,
                                  replay_ratio=0.5)
    assert model.draws_per_iteration == 2


def test_mosaic_objectives_read_pixels_and_the_backbone():
    model = MODELS.build(tiny_from_config(MOSAIC, tiny_seg_ddad))
    images = torch.randn(2, 3, 32, 32)
    terms = declared_terms(model, images, 'generator')
    _, taps = run_tapped(model.teacher, images, ['backbone'])
    assert terms['loss_act'].item() == pytest.approx(
        0.01 * activation(taps['backbone'][-1]).item(), rel=1e-5)
    # Per-pixel teacher predictions, as rows of classes.
    teacher = model.logits(model.teacher, images)
    rows = teacher.permute(0, 2, 3, 1).reshape(-1, teacher.shape[1])
    assert terms['loss_onehot'].item() == pytest.approx(
        0.05 * one_hot(rows).item(), rel=1e-5)
    assert terms['loss_ie'].item() == pytest.approx(
        5 * information_entropy(rows, torch.log10).item(), rel=1e-5)
