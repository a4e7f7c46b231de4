"""``student_views``: the student trains on random views of its batches."""
import copy
import math

import pytest
import torch
from tiny_models import (
    TRAINING_OPTIM,
    build_for_training,
    latent_batch,
    tiny_seg_ddad,
)

from mmdfkd.models.task_modules import RandomViews
from mmdfkd.registry import MODELS

BATCH = 4


def record_student_batches(model, monkeypatch) -> list:
    """``(batch given, images teacher and student saw)`` per update."""
    seen = []
    train_student = model.train_student
    compute_views = model.compute_views

    def spy_train(images, *args, **kwargs):
        seen.append([images.clone()])
        return train_student(images, *args, **kwargs)

    def spy_views(images, labels, needed, student_grad, known=None):
        if student_grad:
            seen[-1].append(images.clone())
        return compute_views(images, labels, needed, student_grad, known)

    monkeypatch.setattr(model, 'train_student', spy_train)
    monkeypatch.setattr(model, 'compute_views', spy_views)
    return seen


@pytest.mark.parametrize('kind', ['global', 'local'])
def test_teacher_and_student_see_the_views_of_each_batch(kind, monkeypatch):
    views = dict(kind=kind, padding=8, min_scale=0.5, flip=False)
    model, optim = build_for_training(
        tiny_seg_ddad(student_views=views), TRAINING_OPTIM, seed=0)
    reference = RandomViews(padding=8, min_scale=0.5, flip=False)
    reference.load_state_dict(copy.deepcopy(
        model.student_views.state_dict()))
    seen = record_student_batches(model, monkeypatch)
    before = copy.deepcopy(model.student.state_dict())
    log = model.train_step(latent_batch(model, BATCH), optim)
    assert len(seen) == model.schedule['student_steps']
    for given, viewed in seen:
        assert not torch.equal(given, viewed)
        assert torch.equal(viewed, reference(given, kind))
    assert math.isfinite(log['loss_student'])
    assert any(not torch.equal(value, model.student.state_dict()[key])
               for key, value in before.items())


def test_views_are_off_by_default_and_checkpointed_when_on():
    assert MODELS.build(tiny_seg_ddad()).student_views is None
    model = MODELS.build(tiny_seg_ddad(student_views=dict(padding=8)))
    assert 'student_views.stream.state' in model.state_dict()
    assert model.student_view_kind == 'global'


def test_bad_view_kind_names_the_choices():
    with pytest.raises(ValueError, match=r"^model.student_views.kind must "
                       r"be one of \['global', 'local'\], got 'crop'"):
        MODELS.build(tiny_seg_ddad(student_views=dict(kind='crop')))
    with pytest.raises(ValueError, match='^A view is one of'):
        RandomViews()(torch.zeros(1, 3, 8, 8), 'crop')


def test_a_memory_of_stored_images_keeps_no_teacher_logits_for_views():
    fast = dict(type='mmdfkd.FastDFKD',
                schedule=dict(synthesis_steps=1, student_steps=1,
                              memory_size=8),
                generator_losses=dict(loss_cls=dict(weight=0)))
    assert MODELS.build(tiny_seg_ddad(**fast)).memory.caches_logits
    viewed = MODELS.build(tiny_seg_ddad(**fast,
                                        student_views=dict(padding=8)))
    assert not viewed.memory.caches_logits
