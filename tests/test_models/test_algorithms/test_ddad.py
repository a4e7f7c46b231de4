import pytest
import torch
from mmengine.optim import build_optim_wrapper
from mmengine.runner import save_checkpoint
from tiny_models import snapshot, tiny_classifier, tiny_ddad
from torch import nn

from mmdfkd.models.algorithms import base_datafree
from mmdfkd.models.utils import channels_last_hazards
from mmdfkd.registry import MODELS

OPTIM = dict(
    constructor='mmdfkd.PerModuleOptimWrapperConstructor',
    generator=dict(optimizer=dict(type='Adam', lr=1e-2)),
    student=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)))


@pytest.fixture
def teacher_ckpt(tmp_path):
    teacher = MODELS.build(tiny_classifier(8))
    teacher.init_weights()
    path = str(tmp_path / 'teacher.pth')
    save_checkpoint(teacher.state_dict(), path)
    return path, teacher.state_dict()


def _batch(model, size=6):
    draws = model.draws_per_iteration
    return dict(inputs=torch.randn(size, draws, model.generator.latent_dim))


def test_train_step_updates_generator_and_student_only(teacher_ckpt):
    path, teacher_state = teacher_ckpt
    model = MODELS.build(tiny_ddad(teacher_ckpt=path))
    model.train()
    assert not model.teacher.training
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, teacher_state[key]), key
    optim = build_optim_wrapper(model, OPTIM)
    teacher0 = snapshot(model.teacher)
    student0 = snapshot(model.student)
    generator0 = snapshot(model.generator)

    log = model.train_step(_batch(model), optim)

    assert {'loss_student', 'loss_generator', 'loss_bn',
            'loss_adv'} <= set(log)
    assert all(torch.isfinite(torch.tensor(v)) for v in log.values())
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, teacher0[key]), key  # bit-identical
    assert all(p.grad is None for p in model.teacher.parameters())
    assert any(not torch.equal(v, student0[k])
               for k, v in model.student.state_dict().items())
    assert any(not torch.equal(v, generator0[k])
               for k, v in model.generator.state_dict().items())
    assert not model.teacher.training


@pytest.mark.parametrize('generator_first', [False, True])
def test_generator_steps_each_update_on_their_own_draw(teacher_ckpt,
                                                       generator_first):
    model = MODELS.build(tiny_ddad(
        teacher_ckpt=teacher_ckpt[0],
        schedule=dict(student_steps=2, generator_steps=3,
                      generator_first=generator_first)))
    assert model.draws_per_iteration == 5
    optim = build_optim_wrapper(model, OPTIM)
    calls = []
    for name in ('generator_step', 'student_step'):
        step = getattr(model, name)

        def recorded(z, *args, step=step, name=name):
            calls.append((name, z))
            return step(z, *args)

        setattr(model, name, recorded)
    batch = _batch(model)

    model.train_step(batch, optim)

    generator_draws = [0, 1, 2] if generator_first else [2, 3, 4]
    expected = ['generator_step'] * 3 + ['student_step'] * 2
    assert [name for name, _ in calls] == (
        expected if generator_first else expected[::-1])
    drawn = [z for name, z in calls if name == 'generator_step']
    for z, draw in zip(drawn, generator_draws):
        assert torch.equal(z, batch['inputs'][:, draw])
    adam_steps = [state['step'].item() for state in
                  optim['generator'].optimizer.state.values()]
    assert adam_steps and set(adam_steps) == {3}


@pytest.mark.parametrize('steps', [0, -1])
def test_generator_steps_below_one_are_refused(teacher_ckpt, steps):
    with pytest.raises(ValueError,
                       match=f'generator_steps must be >= 1, got {steps}'):
        MODELS.build(tiny_ddad(teacher_ckpt=teacher_ckpt[0],
                               schedule=dict(generator_steps=steps)))


def test_generator_step_computes_no_student_weight_gradients(teacher_ckpt):
    model = MODELS.build(tiny_ddad(teacher_ckpt=teacher_ckpt[0]))
    optim = build_optim_wrapper(model, OPTIM)
    # Keep the gradients: step and zero_grad are no-ops for this check.
    optim['generator'].step = optim['generator'].zero_grad = lambda: None
    model.generator_step(torch.randn(4, 16), optim['generator'])
    assert all(p.grad is None for p in model.student.parameters())
    assert all(p.grad is None for p in model.teacher.parameters())
    assert all(p.requires_grad for p in model.student.parameters())
    assert all(p.grad is not None for p in model.generator.parameters())


def test_student_step_leaves_generator_untouched(teacher_ckpt):
    model = MODELS.build(tiny_ddad(teacher_ckpt=teacher_ckpt[0]))
    optim = build_optim_wrapper(model, OPTIM)
    generator0 = snapshot(model.generator)
    model.student_step(torch.randn(4, 16), optim['student'])
    assert all(p.grad is None for p in model.generator.parameters())
    for key, value in model.generator.state_dict().items():
        if 'running' not in key and 'num_batches' not in key:
            assert torch.equal(value, generator0[key]), key


def test_student_learns_the_teacher(teacher_ckpt):
    model = MODELS.build(
        tiny_ddad(teacher_ckpt=teacher_ckpt[0],
                  generator_losses=dict(loss_adv=dict(weight=0.0))))
    optim = build_optim_wrapper(model, OPTIM)
    model.train()
    z = torch.randn(32, 16)
    losses = [model.student_step(z, optim['student'])['loss_student'].item()
              for _ in range(30)]
    assert losses[-1] < 0.5 * losses[0]


def _group_norm_teacher() -> dict:
    """The tiny teacher normalised by GroupNorm: no BatchNorm at all."""
    teacher = tiny_classifier(8)
    teacher['backbone']['norm_cfg'] = dict(type='GN', num_groups=4)
    return teacher


def test_dfad_baseline_has_no_bn_term_and_allows_bn_free_teacher():
    teacher = _group_norm_teacher()
    with pytest.raises(ValueError, match='has none'):
        MODELS.build(tiny_ddad(teacher=teacher))
    model = MODELS.build(tiny_ddad(
        teacher=teacher, generator_losses=dict(loss_bn=dict(weight=0.0))))
    assert not any(isinstance(m, nn.modules.batchnorm._BatchNorm)
                   for m in model.teacher.modules())
    optim = build_optim_wrapper(model, OPTIM)
    log = model.train_step(_batch(model), optim)
    assert 'loss_bn' not in log and 'loss_adv' in log
    assert log['loss_generator'] == log['loss_adv']


def test_optional_prior_terms_are_logged():
    model = MODELS.build(
        tiny_ddad(generator_losses=dict(
            loss_onehot=dict(type='OneHotLoss', weight=0.5),
            loss_balance=dict(type='ClassBalanceLoss', weight=2.0))))
    log = model.train_step(_batch(model), build_optim_wrapper(model, OPTIM))
    assert {'loss_onehot', 'loss_balance'} <= set(log)


def test_predict_runs_the_student(teacher_ckpt):
    model = MODELS.build(tiny_ddad(teacher_ckpt=teacher_ckpt[0]))
    model.eval()
    images = torch.randn(3, 3, 32, 32)
    expected = model.student(images, mode='tensor')
    assert torch.equal(model(images, mode='tensor'), expected)
    with pytest.raises(ValueError, match='train_step'):
        model(images, mode='loss')


def test_channels_last_matches_contiguous(teacher_ckpt):
    # A student of 16 channels: its strided shortcut is channels-last safe.
    a = MODELS.build(tiny_ddad(teacher_ckpt=teacher_ckpt[0],
                               student=tiny_classifier(16)))
    b = MODELS.build(
        tiny_ddad(teacher_ckpt=teacher_ckpt[0], student=tiny_classifier(16),
                  channels_last=True))
    b.load_state_dict(a.state_dict())
    a.eval(), b.eval()
    channels_last = torch.channels_last
    # The flag really switches the layout of weights and generated images.
    def kernels(module):
        # 3x3 kernels over several channels: the two layouts differ.
        return [p for p in module.parameters()
                if p.dim() == 4 and p.shape[1] > 1 and p.shape[2] > 1]

    for net in ('teacher', 'student', 'generator'):
        assert kernels(getattr(b, net)) and all(
            w.is_contiguous(memory_format=channels_last)
            for w in kernels(getattr(b, net)))
        assert not any(
            w.is_contiguous(memory_format=channels_last)
            for w in kernels(getattr(a, net)))
    z = torch.randn(2, 16)
    assert b.generate(z).is_contiguous(memory_format=channels_last)
    assert not a.generate(z).is_contiguous(memory_format=channels_last)
    images = torch.randn(2, 3, 32, 32)
    assert torch.allclose(a.logits(a.teacher, images),
                          b.logits(b.teacher, images), atol=1e-5)


def test_channels_last_hazards_are_the_narrow_strided_1x1_convs():
    # The stage-2 shortcut (1x1, stride 2) reads the stage-1 width.
    for width, hazards in ((4, ['backbone.layer2.0.downsample.0']),
                           (8, ['backbone.layer2.0.downsample.0']),
                           (16, [])):
        assert channels_last_hazards(
            MODELS.build(tiny_classifier(width))) == hazards
    assert channels_last_hazards(nn.Conv2d(4, 8, 3, stride=2)) == []
    assert channels_last_hazards(nn.Conv2d(4, 8, 1)) == []
    assert channels_last_hazards(nn.Conv2d(4, 8, 1, stride=2)) == ['']


def test_channels_last_is_refused_on_cpu_for_a_hazardous_student(
        teacher_ckpt, monkeypatch):
    logged = []
    monkeypatch.setattr(base_datafree, 'print_log',
                        lambda msg, **kwargs: logged.append(msg))
    model = MODELS.build(tiny_ddad(teacher_ckpt=teacher_ckpt[0],
                                   channels_last=True))
    assert not model.channels_last
    assert not any(p.is_contiguous(memory_format=torch.channels_last)
                   for p in model.student.parameters()
                   if p.dim() == 4 and p.shape[1] > 1 and p.shape[2] > 1)
    [warning] = [msg for msg in logged if 'channels_last' in msg]
    assert warning.startswith('channels_last=True is ignored on CPU')
    assert 'student.backbone.layer2.0.downsample.0 is one' in warning


def test_missing_checkpoint_error_names_path_and_fix(tmp_path):
    missing = str(tmp_path / 'nope.pth')
    with pytest.raises(FileNotFoundError) as err:
        MODELS.build(tiny_ddad(teacher_ckpt=missing))
    assert missing in str(err.value)
    assert 'tools/train.py' in str(err.value)


def test_class_count_mismatch_error():
    with pytest.raises(ValueError, match='num_classes'):
        MODELS.build(tiny_ddad(student=tiny_classifier(4, num_classes=7)))


def test_bn_free_teacher_error():

    class NoBN(nn.Module):

        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 10, 3)

        def forward(self, x, data_samples=None, mode='tensor'):
            return self.conv(x).mean(dim=(2, 3))

    # A class as ``type``: nothing registered that outlives the test.
    with pytest.raises(ValueError, match='loss_bn.weight=0'):
        MODELS.build(tiny_ddad(teacher=dict(type=NoBN)))


def test_unknown_component_error():
    with pytest.raises(KeyError, match='NoSuchGenerator'):
        MODELS.build(tiny_ddad(generator=dict(type='NoSuchGenerator')))


def test_wrong_latent_draws_error(teacher_ckpt):
    model = MODELS.build(tiny_ddad(teacher_ckpt=teacher_ckpt[0]))
    optim = build_optim_wrapper(model, OPTIM)
    with pytest.raises(ValueError, match='num_draws=3'):
        model.train_step(dict(inputs=torch.randn(4, 1, 16)), optim)


def test_optimizer_for_unknown_submodule_error():
    model = MODELS.build(tiny_ddad())
    bad = dict(OPTIM, discriminator=dict(optimizer=dict(type='SGD', lr=1)))
    with pytest.raises(KeyError, match='valid names'):
        build_optim_wrapper(model, bad)


def _bn_statistics_by_hand(teacher, images):
    """sum over BN layers of ||mu - rm|| + ||var - rv|| of their inputs."""
    terms = []
    hooks = [
        m.register_forward_pre_hook(lambda m, args: terms.append(
            torch.linalg.vector_norm(args[0].mean((0, 2, 3)) -
                                     m.running_mean) +
            torch.linalg.vector_norm(args[0].var((0, 2, 3), unbiased=False)
                                     - m.running_var)))
        for m in teacher.modules() if isinstance(m, nn.BatchNorm2d)
    ]
    teacher(images, mode='tensor')
    for hook in hooks:
        hook.remove()
    return sum(terms)


@pytest.mark.parametrize('w_bn,w_adv', [(1.0, 1.0), (2.0, 1.0), (1.0, 2.0)])
def test_generator_and_student_objectives_match_the_formulas(
        teacher_ckpt, w_bn, w_adv):
    model = MODELS.build(tiny_ddad(
        teacher_ckpt=teacher_ckpt[0], generator_losses=dict(
            loss_bn=dict(weight=w_bn), loss_adv=dict(weight=w_adv))))
    model.eval()  # the same outputs in every forward below
    images = model.generate(torch.randn(4, 16))
    objective = model.generator_objective
    losses = objective(model.compute_views(
        images, None, objective.views, student_grad=False))
    teacher = model.teacher(images, mode='tensor')
    student = model.student(images, mode='tensor')
    l1 = (student - teacher).abs().mean()
    assert torch.allclose(losses['loss_adv'], -w_adv * l1)
    assert torch.allclose(losses['loss_bn'],
                          w_bn * _bn_statistics_by_hand(model.teacher,
                                                        images))
    student_losses = model.student_objective(model.compute_views(
        images, None, model.student_objective.views, student_grad=True))
    assert set(student_losses) == {'loss_kd'}
    assert torch.allclose(student_losses['loss_kd'], l1)


def _discrepancy(model, z):
    with torch.no_grad():
        images = model.generate(z)
        return (model.student(images, mode='tensor') -
                model.teacher(images, mode='tensor')).abs().mean().item()


def test_generator_step_raises_and_student_step_lowers_the_discrepancy(
        teacher_ckpt):
    # DFAD: the generator's only term is the adversarial one.
    model = MODELS.build(tiny_ddad(
        teacher_ckpt=teacher_ckpt[0],
        generator_losses=dict(loss_bn=dict(weight=0.0))))
    optim = build_optim_wrapper(model, dict(
        OPTIM, generator=dict(optimizer=dict(type='SGD', lr=0.05))))
    model.eval()  # fixed BN behaviour: the change is the update's alone
    z = torch.randn(32, 16)
    teacher0, student0 = snapshot(model.teacher), snapshot(model.student)
    before = _discrepancy(model, z)
    model.generator_step(z, optim['generator'])
    after_generator = _discrepancy(model, z)
    assert after_generator > before
    for key, value in model.student.state_dict().items():
        assert torch.equal(value, student0[key]), key
    generator1 = snapshot(model.generator)
    model.student_step(z, optim['student'])
    assert _discrepancy(model, z) < after_generator
    for key, value in model.generator.state_dict().items():
        assert torch.equal(value, generator1[key]), key
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, teacher0[key]), key


class _SizedWrapper(nn.Module):
    """A wrapper whose truth value raises, as ``torch.compile``'s does."""

    def __init__(self, module: nn.Module) -> None:
        super().__init__()
        self.module = module

    def __getattr__(self, name: str):
        try:
            return super().__getattr__(name)
        except AttributeError:  # like torch.compile: the module's attributes
            return getattr(self.module, name)

    def __len__(self):
        raise TypeError(f'{type(self.module).__name__} has no len()')

    def forward(self, *args):
        return self.module(*args)


def test_generate_runs_a_wrapper_without_truth_value():
    model = MODELS.build(tiny_ddad())
    wrapper = _SizedWrapper(model.generator)
    z = torch.randn(2, model.generator.latent_dim)
    with torch.no_grad():
        torch.testing.assert_close(
            model.generate(z, generator=wrapper), model.generate(z))
