"""Fast: a meta-learned generator adapted per batch, a memory, a student."""
import copy
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
    tiny_cgdd,
    tiny_ddad,
    tiny_seg_ddad,
)

from mmdfkd.apis import build_runner
from mmdfkd.models.losses import (
    AdversarialLoss,
    BNStatisticsLoss,
    DecisionAdversarialLoss,
    record_bn_inputs,
)
from mmdfkd.models.utils import frozen_parameters
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
DIGITS = osp.join(ROOT, 'configs', 'fast',
                  'fast_resnet34-w16_resnet18-w8_1xb64_digits.py')
BATCH = 6
SCHEDULE = dict(synthesis_steps=3, student_steps=2, memory_size=2 * BATCH,
                inner_lr=1e-2, latent_lr=0.1)
META_LR = 0.03
OPTIM = dict(
    constructor='mmdfkd.PerModuleOptimWrapperConstructor',
    generator=dict(optimizer=dict(type='Adam', lr=META_LR,
                                  betas=(0.5, 0.999))),
    student=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)))


def tiny_fast(**overrides) -> dict:
    """Fast's default terms on tiny networks, 3 inner steps a round."""
    return tiny_ddad(**dict(dict(type='mmdfkd.FastDFKD',
                                 schedule=dict(SCHEDULE)), **overrides))


def assert_round_trained(model, teacher: dict, student: dict,
                         generator: dict) -> None:
    """A round left the teacher as in its ``teacher`` snapshot and changed
    the student and the generator."""
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, teacher[key]), key
    assert any(not torch.equal(v, student[k])
               for k, v in model.student.state_dict().items())
    assert any(not torch.equal(v, generator[k])
               for k, v in model.generator.state_dict().items())


def test_decision_adversarial_loss_by_hand():
    student = torch.tensor([[2., 0., 0.], [0., 1., 0.]])
    teacher = torch.tensor([[1., 0., 0.], [2., 0., 0.]])
    # Sample 0 agrees (class 0): KL(p_t || p_s); sample 1 does not.
    p_t = F.softmax(teacher[0], 0)
    p_s = F.softmax(student[0], 0)
    kl = float((p_t * (p_t.log() - p_s.log())).sum())
    assert DecisionAdversarialLoss()(student, teacher).item() == \
        pytest.approx(-kl / 2, rel=1e-6)
    with pytest.raises(ValueError, match='class logits'):
        DecisionAdversarialLoss()(torch.zeros(1, 3, 2, 2),
                                  torch.zeros(1, 3, 2, 2))


def test_meta_update_is_the_sum_of_the_inner_gradients():
    """Redo a round's synthesis by hand in plain torch: copy, inner Adam on
    the copy and the codes, sum of the copy's gradients, one meta Adam."""
    model, optim = build_for_training(tiny_fast(), OPTIM, seed=0)
    twin, _ = build_for_training(tiny_fast(), OPTIM, seed=0)
    z = latent_batch(model, BATCH)['inputs'][:, 0]
    targets = torch.arange(BATCH) % 10

    fast = copy.deepcopy(twin.generator)
    codes = z.clone().requires_grad_(True)
    inner = torch.optim.Adam(
        [dict(params=fast.parameters(), lr=SCHEDULE['inner_lr']),
         dict(params=[codes], lr=SCHEDULE['latent_lr'])], betas=(0.5, 0.999))
    grads = [torch.zeros_like(p) for p in fast.parameters()]
    for _ in range(SCHEDULE['synthesis_steps']):
        with frozen_parameters(twin.student):
            images = fast(codes)
            with record_bn_inputs(twin.teacher) as records:
                teacher = twin.teacher(images, mode='tensor')
            student = twin.student(images, mode='tensor')
        loss = (10 * BNStatisticsLoss()(records) +
                0.5 * F.cross_entropy(teacher, targets) +
                1.33 * DecisionAdversarialLoss()(student, teacher))
        inner.zero_grad()
        loss.backward()
        for total, param in zip(grads, fast.parameters()):
            total += param.grad
        inner.step()
    meta = torch.optim.Adam(twin.generator.parameters(), lr=META_LR,
                            betas=(0.5, 0.999))
    for param, grad in zip(twin.generator.parameters(), grads):
        param.grad = grad
    meta.step()

    images, logits, _ = model.synthesise(z, targets, optim['generator'])
    for (name, mine), theirs in zip(model.generator.named_parameters(),
                                    twin.generator.parameters()):
        assert torch.equal(mine, theirs), name
    # The meta generator keeps the adapted copy's BN statistics.
    for (name, mine), theirs in zip(model.generator.named_buffers(),
                                    fast.buffers()):
        assert torch.equal(mine, theirs), name
    assert images.shape == (BATCH, 3, 32, 32) and not images.requires_grad
    # The logits the memory keeps are the teacher's of the kept batch.
    with torch.no_grad():
        assert torch.allclose(logits, model.teacher(images, mode='tensor'),
                              atol=1e-6)
    assert not logits.requires_grad


def test_a_round_changes_generator_memory_and_student_not_teacher():
    model, optim = build_for_training(tiny_fast(), OPTIM, seed=0)
    teacher, student = snapshot(model.teacher), snapshot(model.student)
    generator = snapshot(model.generator)
    seen = []
    train_student = model.train_student

    def spy(images, optim_wrapper, labels=None, banked_logits=None):
        seen.append((images.clone(), labels.clone()))
        return train_student(images, optim_wrapper, labels, banked_logits)

    model.train_student = spy
    log = model.train_step(latent_batch(model, BATCH), optim)
    assert {'loss_generator', 'loss_bn', 'loss_cls', 'loss_adv',
            'loss_student', 'loss_kd'} <= set(log)
    assert_round_trained(model, teacher, student, generator)
    # The round's batch is in the memory with its targets, the classes in
    # turn; the student's batches come from the memory only.
    assert int(model.memory.added) == BATCH
    assert model.memory.labels[:BATCH].tolist() == list(range(BATCH))
    assert len(seen) == SCHEDULE['student_steps']
    for images, labels in seen:
        for image, label in zip(images, labels):
            slot = [i for i in range(BATCH)
                    if torch.equal(image, model.memory.images[i])]
            assert slot and int(model.memory.labels[slot[0]]) == int(label)
    # The next round continues the class cycle.
    model.train_step(latent_batch(model, BATCH, 1), optim)
    assert model.memory.labels[BATCH:2 * BATCH].tolist() == \
        [(BATCH + i) % 10 for i in range(BATCH)]


# Fast on a segmentor: no class term, DDAD's dense adversarial term and
# L1 student, as in the shipped mosaic config.
SEG_TERMS = dict(
    generator_losses=dict(
        loss_bn=dict(weight=0.1), loss_cls=dict(weight=0),
        loss_adv=dict(type='AdversarialLoss', weight=0.3)),
    student_losses=dict(
        loss_kd=dict(weight=0),
        loss_l1=dict(type='L1Discrepancy', weight=1.0)))


def test_a_segmentation_round_keeps_logit_maps_and_trains_the_student():
    cfg = tiny_seg_ddad(type='mmdfkd.FastDFKD', schedule=dict(SCHEDULE),
                        **SEG_TERMS)
    model, optim = build_for_training(cfg, OPTIM, seed=0)
    assert model.dense_prediction and model.memory.caches_logits
    assert model.memory.teacher_logits.shape[1:] == (5, 32, 32)
    teacher, student = snapshot(model.teacher), snapshot(model.student)
    generator = snapshot(model.generator)
    drawn = []
    train_student = model.train_student

    def spy(images, optim_wrapper, labels=None, banked_logits=None):
        # The student's batches come with the teacher's banked logit maps
        # of those very images: no teacher forward in the student steps.
        with torch.no_grad():
            assert torch.allclose(banked_logits(),
                                  model.logits(model.teacher, images),
                                  atol=1e-6)
        drawn.append(len(images))
        return train_student(images, optim_wrapper, labels, banked_logits)

    model.train_student = spy
    log = model.train_step(latent_batch(model, BATCH), optim)
    assert {'loss_generator', 'loss_bn', 'loss_adv', 'loss_student',
            'loss_l1'} <= set(log)
    assert 'loss_cls' not in log and 'loss_kd' not in log
    # The memory keeps the teacher's logit maps at the image size.
    images = model.memory.images[:BATCH]
    with torch.no_grad():
        maps = model.logits(model.teacher, images)
    assert torch.allclose(model.memory.teacher_logits[:BATCH], maps,
                          atol=1e-6)
    assert maps.shape == (BATCH, 5, 32, 32)
    assert isinstance(model.generator_objective.term('loss_adv'),
                      AdversarialLoss)
    assert drawn == [BATCH] * SCHEDULE['student_steps']
    assert_round_trained(model, teacher, student, generator)


@pytest.mark.parametrize('overrides,error', [
    (dict(schedule=dict(SCHEDULE, memory_size=0)), 'memory_size'),
    (dict(schedule=dict(SCHEDULE, synthesis_steps=0)), 'synthesis_steps'),
    (dict(schedule=dict(SCHEDULE, replay_ratio=0.5)), 'unknown keys'),
    (dict(generator=tiny_cgdd()['generator']), 'unconditional'),
])
def test_config_errors(overrides, error):
    with pytest.raises(ValueError, match=error):
        MODELS.build(tiny_fast(**overrides))


def test_fp16_loss_scaling_is_refused():
    model = MODELS.build(tiny_fast())
    with pytest.raises(ValueError, match='AutocastOptimWrapper'):
        model.check_optim_wrapper(dict(
            OPTIM, generator=dict(OPTIM['generator'],
                                  type='AmpOptimWrapper')))


def test_digits_config_trains_and_resumes_exactly(tmp_path):
    def config(max_iters, work_dir):
        cfg = Config.fromfile(DIGITS)
        shrink_distillation_config(cfg, tmp_path, max_iters)
        cfg.model.schedule.memory_size = 8
        cfg.work_dir = str(tmp_path / work_dir)
        return cfg

    straight = build_runner(config(3, 'straight'))
    straight.train()
    scalars = straight.message_hub.log_scalars
    for key in ('loss_generator', 'loss_bn', 'loss_cls', 'loss_adv',
                'loss_student', 'loss_kd', 'val/accuracy/top1'):
        assert (key if key.startswith('val') else f'train/{key}') \
            in scalars, key
    assert_resume_is_exact(config, straight)


@pytest.mark.parametrize('name,num_classes,student_steps,bn_weight', [
    # Digits ships the BN weight of its dev-split tuning, CIFAR Fast's.
    ('fast_resnet34-w16_resnet18-w8_1xb64_digits.py', 10, 5, 1.0),
    ('fast_resnet34_resnet18_1xb256_cifar10.py', 10, 400, 10.0),
    ('fast_resnet34_resnet18_1xb256_cifar100.py', 100, 400, 10.0),
])
def test_shipped_configs_build(name, num_classes, student_steps, bn_weight):
    cfg = Config.fromfile(osp.join(osp.dirname(DIGITS), name))
    batch_size = cfg.train_dataloader.batch_size
    assert cfg.model.schedule.memory_size >= batch_size
    # Fast-Datafree's meta lr: the inner lr times the inner steps.
    assert cfg.optim_wrapper.generator.optimizer.lr == pytest.approx(
        cfg.model.schedule.inner_lr * cfg.model.schedule.synthesis_steps)
    cfg.model.teacher_ckpt = None
    cfg.model.schedule.memory_size = batch_size  # no need for the real one
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    assert type(model).__name__ == 'FastDFKD'
    assert model.num_classes == num_classes
    assert model.draws_per_iteration == 1
    assert model.student_updates_per_iteration == student_steps
    assert {name: objective.weights for name, objective in (
        ('generator', model.generator_objective),
        ('student', model.student_objective))} == dict(
            generator=dict(loss_bn=bn_weight, loss_cls=0.5, loss_adv=1.33),
            student=dict(loss_kd=1.0))
    assert model.student_objective.term('loss_kd').tau == 20.0
