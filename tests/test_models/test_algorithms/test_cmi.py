"""CMI: per-round inversion with contrastive views, memories, a student."""
import os.path as osp

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.registry import DefaultScope
from tiny_models import (
    assert_resume_is_exact,
    build_for_training,
    latent_batch,
    shrink_distillation_config,
    snapshot,
    tiny_ddad,
)

from mmdfkd.apis import build_runner
from mmdfkd.models.algorithms import cmi
from mmdfkd.models.algorithms.cmi import reinitialise
from mmdfkd.models.losses import InstanceContrastiveLoss
from mmdfkd.models.task_modules import RandomViews
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
DIGITS = osp.join(ROOT, 'configs', 'cmi',
                  'cmi_resnet34-w16_resnet18-w8_1xb64_digits.py')
BATCH = 6
SCHEDULE = dict(synthesis_steps=2, student_steps=2, memory_size=2 * BATCH,
                feature_bank_size=2 * BATCH, negatives=4)
OPTIM = dict(
    constructor='mmdfkd.PerModuleOptimWrapperConstructor',
    generator=dict(optimizer=dict(type='Adam', lr=1e-2,
                                  betas=(0.5, 0.999))),
    student=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)))


def tiny_cmi(**overrides) -> dict:
    """CMI's default terms on tiny networks, 2 synthesis steps a round."""
    return tiny_ddad(**dict(dict(type='mmdfkd.CMI', head_dim=8,
                                 schedule=dict(SCHEDULE)), **overrides))


def test_views_without_crop_or_flip_are_the_images():
    images = torch.randn(4, 3, 8, 8)
    views = RandomViews(padding=0, min_scale=1.0, flip=False)
    assert torch.allclose(views.global_view(images), images, atol=1e-5)
    assert torch.allclose(views.local_view(images), images, atol=1e-5)


def test_views_shift_flip_and_pass_gradients():
    images = torch.randn(64, 1, 8, 8, requires_grad=True)
    flips = RandomViews(padding=0, min_scale=1.0, flip=True)
    flipped = flips.global_view(images)
    is_flipped = [torch.allclose(v, x.flip(2), atol=1e-5)
                  for v, x in zip(flipped, images)]
    is_same = [torch.allclose(v, x, atol=1e-5)
               for v, x in zip(flipped, images)]
    assert all(a or b for a, b in zip(is_flipped, is_same))
    assert 10 < sum(is_flipped) < 54
    # A shift by whole pixels moves the content: a one-hot pixel image.
    dot = torch.zeros(1, 1, 9, 9)
    dot[0, 0, 4, 4] = 1
    shifted = RandomViews(padding=2, flip=False).global_view(
        dot.expand(32, 1, 9, 9))
    assert not all(torch.allclose(s, dot[0], atol=1e-3) for s in shifted)
    crops = RandomViews(min_scale=0.25).local_view(images)
    crops.sum().backward()
    assert images.grad is not None and images.grad.abs().sum() > 0
    # A copy of the stream draws the same views.
    copy = RandomViews(min_scale=0.25)
    source = RandomViews(min_scale=0.25)
    copy.load_state_dict(source.state_dict())
    assert torch.equal(copy.local_view(images.detach()),
                       source.local_view(images.detach()))


def test_contrastive_loss_by_hand():
    local = F.normalize(torch.tensor([[1., 0.], [0., 1.], [1., 1.]]), dim=1)
    global_ = F.normalize(torch.tensor([[1., .2], [.1, 1.], [1., 0.]]),
                          dim=1)
    logits = local @ global_.T / 0.5
    ce = [float(torch.logsumexp(logits[i], 0) - logits[i, i])
          for i in range(3)]
    loss = InstanceContrastiveLoss(temperature=0.5)
    # Two current images, one banked: the two means add up.
    assert loss((local, global_, 2)).item() == pytest.approx(
        (ce[0] + ce[1]) / 2 + ce[2], rel=1e-5)
    assert loss((local, global_, 3)).item() == pytest.approx(
        sum(ce) / 3, rel=1e-5)


def test_a_round_restarts_the_generator_and_fills_both_memories(
        monkeypatch):
    model, optim = build_for_training(tiny_cmi(), OPTIM)
    restarts = []

    def restart(module):
        reinitialise(module)
        restarts.append(snapshot(module))

    monkeypatch.setattr(cmi, 'reinitialise', restart)
    teacher, student = snapshot(model.teacher), snapshot(model.student)
    head = snapshot(model.head)
    seen = []
    train_student = model.train_student

    def spy(images, optim_wrapper, labels=None, banked_logits=None):
        seen.append(images.clone())
        return train_student(images, optim_wrapper, labels, banked_logits)

    model.train_student = spy
    log = model.train_step(latent_batch(model, BATCH), optim)
    assert {'loss_bn', 'loss_cls', 'loss_adv', 'loss_cr', 'loss_kd'} <= \
        set(log)
    after_first = snapshot(model.generator)
    model.train_step(latent_batch(model, BATCH, 1), optim)
    # Each round restarts the generator from fresh N(0, 0.02) weights.
    assert len(restarts) == 2
    start = restarts[1]['project.weight']
    assert not torch.equal(start, after_first['project.weight'])
    assert abs(float(start.std()) - 0.02) < 0.005
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, teacher[key]), key
    for module, before in ((model.student, student), (model.head, head)):
        assert any(not torch.equal(v, before[k])
                   for k, v in module.state_dict().items())
    assert int(model.memory.added) == int(model.feature_bank.added) == \
        2 * BATCH
    assert model.memory.labels.tolist() == [i % 10 for i in range(12)]
    stored = model.memory.images
    for images in seen:
        for image in images:
            assert any(torch.equal(image, kept) for kept in stored)


def test_the_projections_hold_the_batch_then_the_negatives():
    model, optim = build_for_training(tiny_cmi(), OPTIM)
    dim = model.head.mlp[0].in_features
    local, global_ = torch.randn(BATCH, dim), torch.randn(BATCH, dim)
    h_local, h_global, num = model.projections(local, global_)
    assert (h_local.shape, num) == ((BATCH, 8), BATCH)
    model.train_step(latent_batch(model, BATCH), optim)
    h_local, h_global, num = model.projections(local, global_)
    assert (h_local.shape, h_global.shape, num) == \
        ((BATCH + 4, 8), (BATCH + 4, 8), BATCH)
    assert torch.allclose(h_local.norm(dim=1), torch.ones(BATCH + 4))


@pytest.mark.parametrize('overrides,error', [
    (dict(schedule=dict(SCHEDULE, feature_bank_size=0)),
     'feature_bank_size must be >= 1'),
    (dict(schedule=dict(SCHEDULE, memory_size=0)), 'memory_size must be'),
    (dict(schedule=dict(SCHEDULE, negatives=-1)), 'negatives must be'),
])
def test_config_errors(overrides, error):
    with pytest.raises(ValueError, match=error):
        MODELS.build(tiny_cmi(**overrides))


def test_other_methods_cannot_read_the_projections():
    with pytest.raises(ValueError, match='projections'):
        MODELS.build(tiny_ddad(generator_losses=dict(
            loss_cr=dict(type='InstanceContrastiveLoss', weight=1.0))))


def test_digits_config_trains_and_resumes_exactly(tmp_path):
    def config(max_iters, work_dir):
        cfg = Config.fromfile(DIGITS)
        shrink_distillation_config(cfg, tmp_path, max_iters)
        cfg.model.schedule.update(memory_size=8, feature_bank_size=8,
                                  negatives=4, synthesis_steps=2)
        cfg.work_dir = str(tmp_path / work_dir)
        return cfg

    straight = build_runner(config(3, 'straight'))
    straight.train()
    assert 'train/loss_cr' in straight.message_hub.log_scalars
    assert_resume_is_exact(config, straight)


def test_shipped_config_builds():
    cfg = Config.fromfile(DIGITS)
    cfg.model.teacher_ckpt = None
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    assert type(model).__name__ == 'CMI'
    assert model.student_updates_per_iteration == 5
    assert model.generator_objective.weights == dict(
        loss_bn=1.0, loss_cls=1.0, loss_adv=0.5, loss_cr=0.8)
    assert model.generator_objective.term('loss_cr').temperature == 0.2
