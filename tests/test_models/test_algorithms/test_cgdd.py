import pytest
import torch
import torch.nn.functional as F
from mmengine.optim import build_optim_wrapper
from mmengine.runner import save_checkpoint
from tiny_models import snapshot, tiny_cgdd, tiny_classifier, tiny_ddad

from mmdfkd.registry import MODELS

OPTIM = dict(
    constructor='mmdfkd.PerModuleOptimWrapperConstructor',
    generator=dict(optimizer=dict(type='Adam', lr=1e-2)),
    student=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9),
                 modules=['student', 'connectors']))
MSE = dict(student_losses=dict(
    loss_fm=dict(type='MSEFeatureLoss', weight=1.0)))


@pytest.fixture
def teacher_ckpt(tmp_path):
    teacher = MODELS.build(tiny_classifier(8))
    teacher.init_weights()
    path = str(tmp_path / 'teacher.pth')
    save_checkpoint(teacher.state_dict(), path)
    return path


def _batch(model, size=10):
    draws = model.draws_per_iteration
    return dict(
        inputs=torch.randn(size, draws, model.generator.latent_dim),
        labels=torch.randint(0, 10, (size, draws)))


def _changed(module, before):
    return any(not torch.equal(v, before[k])
               for k, v in module.state_dict().items())


def test_train_step_updates_generator_student_and_connectors(teacher_ckpt):
    model = MODELS.build(tiny_cgdd(teacher_ckpt=teacher_ckpt, **MSE))
    model.train()
    optim = build_optim_wrapper(model, OPTIM)
    nets = ('teacher', 'student', 'generator', 'connectors')
    before = {name: snapshot(getattr(model, name)) for name in nets}

    log = model.train_step(_batch(model), optim)

    assert set(log) == {
        'loss_student', 'loss_kd', 'loss_ce', 'loss_fm', 'loss_generator',
        'loss_cls', 'loss_bn', 'loss_adv'
    }
    assert all(torch.isfinite(torch.tensor(v)) for v in log.values())
    assert log['loss_student'] == pytest.approx(
        log['loss_kd'] + log['loss_ce'] + log['loss_fm'], rel=1e-5)
    assert log['loss_generator'] == pytest.approx(
        log['loss_cls'] + log['loss_bn'] + log['loss_adv'], rel=1e-5)
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, before['teacher'][key]), key
    assert all(p.grad is None for p in model.teacher.parameters())
    assert not model.teacher.training
    for name in ('student', 'generator', 'connectors'):
        assert _changed(getattr(model, name), before[name]), name
    assert len(model.connectors) == 2


def test_attention_transfer_needs_no_connectors():
    model = MODELS.build(tiny_cgdd())
    assert len(model.connectors) == 0
    log = model.train_step(_batch(model), build_optim_wrapper(model, OPTIM))
    assert log['loss_fm'] > 0


def test_student_loss_terms_match_their_formulas(teacher_ckpt):
    tau = 4.0
    model = MODELS.build(
        tiny_cgdd(teacher_ckpt=teacher_ckpt, student_losses=dict(
            loss_kd=dict(tau=tau), loss_ce=dict(weight=0.5),
            loss_fm=dict(weight=3.0))))
    model.eval()  # the same logits in every forward below
    labels = torch.tensor([0, 3, 7, 9])
    images = model.generate(torch.randn(4, 16), labels)
    losses = model.student_objective(model.compute_views(
        images, labels, model.student_objective.views, student_grad=True))
    student = model.student(images, mode='tensor')
    teacher = model.teacher(images, mode='tensor')
    kl = F.kl_div(F.log_softmax(student / tau, dim=1),
                  F.softmax(teacher / tau, dim=1),
                  reduction='batchmean') * tau**2
    assert torch.allclose(losses['loss_kd'], kl, atol=1e-6)
    assert torch.allclose(losses['loss_ce'],
                          0.5 * F.cross_entropy(student, labels))
    at = model.student_objective.term('loss_fm')
    features = {}
    for net in ('teacher', 'student'):
        layers = getattr(model, net).backbone
        x = layers.relu(layers.norm1(layers.conv1(images)))
        features[net] = [layers.layer1(x), layers.layer2(layers.layer1(x))]
    expected = sum(at(s, t) for s, t in zip(features['student'],
                                            features['teacher']))
    assert torch.allclose(losses['loss_fm'], 3.0 * expected)


def test_generator_step_supervises_the_teacher_with_the_preset_label(
        teacher_ckpt):
    model = MODELS.build(
        tiny_cgdd(teacher_ckpt=teacher_ckpt, generator_losses=dict(
            loss_bn=dict(weight=0.0), loss_adv=dict(weight=0.0),
            loss_cls=dict(weight=2.0))))
    optim = build_optim_wrapper(model, OPTIM)
    # Keep the gradients: step and zero_grad are no-ops for this check.
    optim['generator'].step = optim['generator'].zero_grad = lambda: None
    z, labels = torch.randn(4, 16), torch.tensor([1, 1, 5, 8])
    generator0 = snapshot(model.generator)
    log = model.generator_step(z, optim['generator'], labels)
    assert set(log) == {'loss_generator', 'loss_cls'}
    # Recompute with the generator's state before the step (BN buffers).
    model.generator.load_state_dict(generator0)
    with torch.no_grad():
        teacher = model.teacher(model.generate(z, labels), mode='tensor')
    assert torch.allclose(log['loss_cls'],
                          2.0 * F.cross_entropy(teacher, labels))
    assert model.generator.label_embedding.weight.grad[[1, 5, 8]].abs()\
        .sum() > 0
    assert all(p.grad is None for p in model.student.parameters())
    assert all(p.grad is None for p in model.teacher.parameters())


def test_wrong_feature_path_error_lists_valid_paths():
    pairs = [('backbone.layer1', 'backbone.layer1'),
             ('backbone.layer2', 'backbone.stage2')]
    with pytest.raises(ValueError) as err:
        MODELS.build(tiny_cgdd(feature_pairs=pairs))
    message = str(err.value)
    assert '"backbone.stage2"' in message
    for valid in ('backbone.layer1', 'backbone.layer2', 'head.fc'):
        assert f"'{valid}'" in message


def test_feature_pair_errors():
    with pytest.raises(ValueError, match=r'\(N, C, H, W\) maps'):
        MODELS.build(tiny_cgdd(feature_pairs=[('neck', 'neck')]))
    with pytest.raises(ValueError, match='teacher_path, student_path'):
        MODELS.build(tiny_cgdd(feature_pairs=['backbone.layer1']))
    # A module outside the forward path of mode='tensor'.
    with pytest.raises(ValueError, match='does not run'):
        MODELS.build(tiny_cgdd(
            feature_pairs=[('head.loss_module', 'backbone.layer1')]))


def test_feature_term_switched_off_without_pairs():
    with pytest.raises(ValueError, match='feature_pairs is empty'):
        MODELS.build(tiny_cgdd(feature_pairs=[]))
    model = MODELS.build(tiny_cgdd(
        feature_pairs=[], student_losses=dict(loss_fm=dict(weight=0.0))))
    assert len(model.connectors) == 0
    log = model.train_step(_batch(model), build_optim_wrapper(model, OPTIM))
    assert 'loss_fm' not in log and 'loss_ce' in log


def test_unoptimised_connectors_error():
    model = MODELS.build(tiny_cgdd(**MSE))
    optim = dict(OPTIM, student=dict(OPTIM['student'], modules=['student']))
    with pytest.raises(ValueError, match="modules=\\['student', "):
        model.check_optim_wrapper(optim)


def test_connectors_share_the_student_optimizer():
    model = MODELS.build(tiny_cgdd(**MSE))
    # Without `modules`, the model declares what learns with the student.
    unlisted = dict(OPTIM, student=dict(optimizer=OPTIM['student'][
        'optimizer']))
    model.check_optim_wrapper(unlisted)
    optim = build_optim_wrapper(model, unlisted)
    params = {id(p) for group in optim['student'].optimizer.param_groups
              for p in group['params']}
    trained = [*model.student.parameters(), *model.connectors.parameters()]
    assert params == {id(p) for p in trained}


def test_unconditional_generator_and_class_count_errors():
    with pytest.raises(ValueError, match='is not conditional'):
        MODELS.build(tiny_cgdd(generator=dict(
            type='DFADGenerator', latent_dim=16, base_channels=8)))
    with pytest.raises(ValueError, match='draws 7 classes'):
        MODELS.build(tiny_cgdd(generator=dict(
            type='ConditionalGenerator', num_classes=7, latent_dim=16,
            base_channels=8)))


def test_ddad_runs_a_conditional_generator_with_preset_labels():
    model = MODELS.build(tiny_ddad(generator=dict(
        type='ConditionalGenerator', num_classes=10, latent_dim=16,
        base_channels=8)))
    optim = build_optim_wrapper(
        model, dict(OPTIM, student=dict(optimizer=dict(type='SGD', lr=0.1))))
    assert {'loss_student', 'loss_bn'} <= set(
        model.train_step(_batch(model), optim))
    batch = _batch(model)
    del batch['labels']
    with pytest.raises(ValueError, match='LatentDataset\\(num_classes='):
        model.train_step(batch, optim)
