"""DeepInversion: pixels optimised per round, a bank, the student on it."""
import os.path as osp

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.registry import DefaultScope
from tiny_models import (
    assert_resume_is_exact,
    build_for_training,
    shrink_distillation_config,
    snapshot,
    tiny_ddad,
)
from torch import nn

from mmdfkd.apis import build_runner
from mmdfkd.models.losses import CompetitionLoss
from mmdfkd.models.task_modules import SampleBank
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
CONFIGS = osp.join(ROOT, 'configs', 'deepinversion')
DIGITS = osp.join(CONFIGS,
                  'deepinversion_resnet34-w16_resnet18-w8_1xb64_digits.py')
BATCH = 6
LATENT = 3 * 32 * 32
OPTIM = dict(
    constructor='mmdfkd.PerModuleOptimWrapperConstructor',
    generator=dict(optimizer=dict(type='Adam', lr=0.1)),
    student=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)))
# Every term on, L2 included (off by default).
WEIGHTS = dict(loss_cls=1.0, loss_bn=10.0, loss_tv=2.5e-5, loss_l2=1e-3,
               loss_compete=1.0)


def tiny_di(weights=WEIGHTS, **overrides) -> dict:
    """DeepInversion on tiny networks; no jitter, so the images the
    objective sees are the pixels."""
    cfg = tiny_ddad(
        type='mmdfkd.DeepInversion',
        generator=dict(type='PixelGenerator', batch_size=BATCH, jitter=0),
        generator_losses={k: dict(weight=w) for k, w in weights.items()},
        schedule=dict(synthesis_steps=2, student_steps=2),
        bank_size=2 * BATCH)
    cfg.update(overrides)
    return cfg


def batch(seed: int = 0) -> dict:
    return dict(inputs=torch.randn(
        BATCH, 1, LATENT, generator=torch.Generator().manual_seed(seed)))


def assert_same(module: nn.Module, state: dict) -> None:
    for key, value in module.state_dict().items():
        assert torch.equal(value, state[key]), key


def objective_by_hand(model, images, targets) -> dict:
    """The unweighted synthesis terms, written out in plain torch."""
    bn_terms = []
    hooks = [
        m.register_forward_pre_hook(lambda m, args: bn_terms.append(
            torch.norm(args[0].mean((0, 2, 3)) - m.running_mean) +
            torch.norm(args[0].var((0, 2, 3), unbiased=False) -
                       m.running_var)))
        for m in model.teacher.modules() if isinstance(m, nn.BatchNorm2d)
    ]
    with torch.no_grad():
        teacher = model.teacher(images, mode='tensor')
        for hook in hooks:
            hook.remove()
        model.student.eval()  # as the synthesis steps see it
        student = model.student(images, mode='tensor')
        model.student.train()
    x = images
    p_s, p_t = F.softmax(student / 3, 1), F.softmax(teacher / 3, 1)
    m = (p_s + p_t) / 2
    js = ((p_t * (p_t / m).log()).sum(1) / 2 +
          (p_s * (p_s / m).log()).sum(1) / 2).mean()
    return dict(
        loss_cls=F.cross_entropy(teacher, targets),
        loss_bn=sum(bn_terms),
        loss_tv=sum(torch.norm(d) for d in (
            x[:, :, :, 1:] - x[:, :, :, :-1],
            x[:, :, 1:, :] - x[:, :, :-1, :],
            x[:, :, 1:, 1:] - x[:, :, :-1, :-1],
            x[:, :, 1:, :-1] - x[:, :, :-1, 1:])),
        loss_l2=torch.norm(x),
        loss_compete=1 - js)


def test_synthesis_objective_is_the_formula():
    model, optim = build_for_training(tiny_di(schedule=dict(synthesis_steps=1,
                                               student_steps=1)), OPTIM)
    data = batch()
    images = data['inputs'][:, 0].view(BATCH, 3, 32, 32)
    # The first round targets the classes in turn.
    targets = torch.arange(BATCH) % 10
    expected = {k: WEIGHTS[k] * v.item()
                for k, v in objective_by_hand(model, images,
                                              targets).items()}
    # One synthesis step: its log is the objective at the initial pixels.
    log = model.train_step(data, optim)
    for key, value in expected.items():
        assert log[key] == pytest.approx(value, rel=1e-5), key
    assert log['loss_generator'] == pytest.approx(sum(expected.values()),
                                                  rel=1e-5)
    assert model.bank.labels[:BATCH].tolist() == targets.tolist()


@pytest.mark.parametrize('term', sorted(WEIGHTS))
def test_doubling_a_weight_doubles_its_term(term):
    schedule = dict(synthesis_steps=1, student_steps=1)
    model, optim = build_for_training(tiny_di(schedule=schedule), OPTIM)
    doubled, doubled_optim = build_for_training(tiny_di(
        dict(WEIGHTS, **{term: 2 * WEIGHTS[term]}), schedule=schedule), OPTIM)
    doubled.load_state_dict(model.state_dict())
    log = model.train_step(batch(), optim)
    log2 = doubled.train_step(batch(), doubled_optim)
    for key in WEIGHTS:
        factor = 2 if key == term else 1
        assert log2[key] == pytest.approx(factor * log[key], rel=1e-6), key
    assert log2['loss_generator'] == pytest.approx(
        log['loss_generator'] + log[term], rel=1e-6)


def test_synthesis_changes_only_the_pixels(monkeypatch):
    model, optim = build_for_training(tiny_di(), OPTIM)
    teacher0, student0 = snapshot(model.teacher), snapshot(model.student)
    pixels0 = model.generator.pixels.detach().clone()
    # The round without its student steps.
    monkeypatch.setattr(model, 'train_student',
                        lambda *args: dict(loss_student=torch.tensor(0.)))
    model.train_step(batch(), optim)
    assert not torch.equal(model.generator.pixels, pixels0)
    assert_same(model.teacher, teacher0)  # bit-identical
    # Weights and BN statistics: the student judged in eval mode.
    assert_same(model.student, student0)
    assert all(p.grad is None for p in model.teacher.parameters())
    assert all(p.grad is None for p in model.student.parameters())
    assert model.student.training
    # The banked batch is the optimised one.
    assert torch.equal(model.bank.images[:BATCH], model.generator.pixels)
    assert model.bank.num_stored == BATCH


def test_a_student_step_changes_only_the_student():
    model, optim = build_for_training(tiny_di(), OPTIM)
    model.train_step(batch(), optim)
    teacher0, student0 = snapshot(model.teacher), snapshot(model.student)
    generator0, images0 = snapshot(model.generator), model.bank.images.clone()
    images, labels = model.bank.sample(BATCH)
    model.train_student(images, optim['student'], labels)
    assert any(not torch.equal(v, student0[k])
               for k, v in model.student.state_dict().items())
    assert_same(model.teacher, teacher0)
    assert torch.equal(model.generator.pixels, generator0['pixels'])
    assert torch.equal(model.bank.images, images0)


def test_competition_term_alone_moves_the_pixels():
    model, optim = build_for_training(tiny_di(
        {k: (1.0 if k == 'loss_compete' else 0.0) for k in WEIGHTS}), OPTIM)
    assert list(model.generator_objective.terms) == ['loss_compete']
    # Keep the gradients: no update, no zeroing.
    optim['generator'].step = optim['generator'].zero_grad = lambda: None
    z = batch()['inputs'][:, 0]
    model.generator.reset(z)
    model.generator_step(z, optim['generator'], torch.arange(BATCH) % 10)
    assert model.generator.pixels.grad.abs().sum() > 0
    assert all(p.grad is None for p in model.teacher.parameters())
    assert all(p.grad is None for p in model.student.parameters())


def test_competition_is_one_minus_textbook_js():
    student, teacher = torch.randn(5, 7), torch.randn(5, 7)
    p, q = F.softmax(student / 2, 1), F.softmax(teacher / 2, 1)
    m = (p + q) / 2
    js = (0.5 * (p * (p / m).log()) + 0.5 * (q * (q / m).log())).sum(1)
    loss = CompetitionLoss(tau=2.0)
    assert torch.allclose(loss(student, teacher), 1 - js.mean())
    assert torch.allclose(loss(student, teacher), loss(teacher, student))
    assert loss(student, student).item() == pytest.approx(1.0)


def test_pixel_generator_jitters_and_flips_in_training_only():
    generator = MODELS.build(dict(type='mmdfkd.PixelGenerator',
                                  batch_size=2, img_size=8, jitter=2,
                                  flip=True))
    z = torch.randn(2, 3 * 8 * 8)
    generator.reset(z)
    image = z.view(2, 3, 8, 8)
    assert torch.equal(generator.eval()(z), image)
    generator.train()
    shifted = {(dy, dx, f) for dy in range(-2, 3) for dx in range(-2, 3)
               for f in (False, True)}
    for _ in range(10):
        out = generator(z)
        assert any(
            torch.equal(out, torch.roll(image, (dy, dx), (2, 3)).flip(3)
                        if f else torch.roll(image, (dy, dx), (2, 3)))
            for dy, dx, f in shifted)
    with pytest.raises(ValueError, match='batch_size'):
        generator.reset(torch.randn(3, 3 * 8 * 8))


def test_bank_keeps_the_latest_images():
    bank = SampleBank(5, (1, 2, 2))
    images = torch.arange(8.).view(8, 1, 1, 1).expand(8, 1, 2, 2)
    bank.add(images[:3], torch.arange(3))
    with pytest.raises(ValueError, match='holding 3'):
        bank.sample(4)
    bank.add(images[3:6], torch.arange(3, 6))
    bank.add(images[6:], torch.arange(6, 8))
    assert (bank.num_stored, int(bank.added)) == (5, 8)
    assert sorted(bank.labels.tolist()) == [3, 4, 5, 6, 7]
    drawn, labels = bank.sample(5)
    assert sorted(labels.tolist()) == [3, 4, 5, 6, 7]
    assert torch.equal(drawn[:, 0, 0, 0], labels.float())
    with pytest.raises(ValueError, match='capacity'):
        bank.add(images[:6], torch.arange(6))


def test_the_round_trip_restores_bank_and_streams():
    model, optim = build_for_training(tiny_di(), OPTIM)
    for seed in range(3):  # more images than the bank holds
        model.train_step(batch(seed), optim)
    assert model.bank.num_stored == 2 * BATCH
    assert int(model.bank.added) == 3 * BATCH
    restored = MODELS.build(tiny_di())
    restored.train()
    restored.load_state_dict(model.state_dict())
    assert_same(restored.bank, snapshot(model.bank))
    for _ in range(2):  # the same draws from the bank and the jitter
        for a, b in zip(model.bank.sample(BATCH),
                        restored.bank.sample(BATCH)):
            assert torch.equal(a, b)
    z = batch()['inputs'][:, 0]
    generator = MODELS.build(dict(type='mmdfkd.PixelGenerator',
                                  batch_size=BATCH, jitter=3, flip=True))
    copy = MODELS.build(dict(type='mmdfkd.PixelGenerator',
                             batch_size=BATCH, jitter=3, flip=True))
    copy.load_state_dict(generator.state_dict())
    for _ in range(3):
        assert torch.equal(generator(z), copy(z))


@pytest.mark.parametrize('overrides,error', [
    (dict(generator=dict(type='DFADGenerator', latent_dim=16,
                         base_channels=8)), 'PixelGenerator'),
    (dict(bank_size=BATCH - 1), 'cannot hold one batch'),
    (dict(schedule=dict(generator_first=True)), 'unknown keys'),
    (dict(schedule=dict(synthesis_steps=0)), 'synthesis_steps must be'),
])
def test_config_errors(overrides, error):
    with pytest.raises(ValueError, match=error):
        MODELS.build(tiny_di(**overrides))


def digits_config(tmp_path, max_iters: int, work_dir: str) -> Config:
    """The shipped digits config on tiny networks, 2 pixel steps a round.
    """
    cfg = Config.fromfile(DIGITS)
    shrink_distillation_config(cfg, tmp_path, max_iters)
    cfg.model.schedule.synthesis_steps = 2
    cfg.work_dir = str(tmp_path / work_dir)
    return cfg


def test_digits_config_trains_two_iterations(tmp_path):
    cfg = digits_config(tmp_path, 2, 'run')
    runner = build_runner(cfg)
    runner.train()
    scalars = runner.message_hub.log_scalars
    assert 'val/accuracy/top1' in scalars
    for key in ('loss_generator', 'loss_cls', 'loss_bn', 'loss_tv',
                'loss_compete', 'loss_student', 'loss_kd', 'generator.lr',
                'student.lr'):
        assert f'train/{key}' in scalars, key
    # Each round banked its batch of 4.
    assert int(runner.model.bank.added) == 8
    ckpt = torch.load(osp.join(cfg.work_dir, 'iter_2.pth'))
    assert set(ckpt['optimizer']) == {'generator', 'student'}
    assert ckpt['state_dict']['bank.images'].shape == (8, 3, 32, 32)


def test_resume_continues_exactly(tmp_path):
    """Two iterations, then a resumed third: the state of three in one go,
    bank and random streams included."""
    straight = build_runner(digits_config(tmp_path, 3, 'straight'))
    straight.train()
    assert_resume_is_exact(
        lambda max_iters, name: digits_config(tmp_path, max_iters, name),
        straight)


@pytest.mark.parametrize('name,num_classes', [
    ('deepinversion_resnet34-w16_resnet18-w8_1xb64_digits.py', 10),
    ('deepinversion_resnet34_resnet18_1xb256_cifar10.py', 10),
    ('deepinversion_resnet34_resnet18_1xb256_cifar100.py', 100),
])
def test_shipped_configs_build(name, num_classes):
    cfg = Config.fromfile(osp.join(CONFIGS, name))
    batch_size = cfg.train_dataloader.batch_size
    assert cfg.model.generator.batch_size == batch_size
    assert cfg.model.bank_size >= batch_size
    cfg.model.teacher_ckpt = None
    cfg.model.bank_size = batch_size  # no need to allocate the real bank
    # The scope the Runner builds in: the digits student config has none.
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    assert type(model).__name__ == 'DeepInversion'
    assert model.num_classes == num_classes
    assert model.draws_per_iteration == 1
    assert model.generator.latent_dim == 3 * 32 * 32
    assert set(model.generator_objective.terms) == {
        'loss_cls', 'loss_bn', 'loss_tv', 'loss_compete'}
