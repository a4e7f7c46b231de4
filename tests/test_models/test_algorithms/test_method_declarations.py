"""What every shipped method declares holds, whatever the method.

For every digits config of a ``DataFreeDistiller`` method:

- each term's weight is honoured: doubling it doubles that term alone;
- an adversarial term (found by its type, whatever its name: DFAD's or
  CMI/Fast's agreement-masked one) alone gives
  the generator a non-zero gradient. One widely used code base builds
  several baselines with the teacher in the student's place, so their
  adversarial term compares the teacher with itself: identically zero,
  and the generator never learns from it; that case is checked to give
  zero here, so the test can tell the two apart.
"""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from tiny_models import shrink_distillation_config

from mmdfkd.models.algorithms import DeepInversion
from mmdfkd.models.losses import AdversarialLoss, DecisionAdversarialLoss
from mmdfkd.models.utils import frozen_parameters
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
# The distillation configs of every method (teachers have their own
# folder).
DIGITS_CONFIGS = sorted(
    osp.relpath(path, ROOT)
    for path in glob.glob(osp.join(ROOT, 'configs', '*', '*_digits.py'))
    if '/teachers/' not in path)


def build_tiny(config: str, tmp_path, **model_overrides):
    """The config's method on tiny networks."""
    cfg = Config.fromfile(osp.join(ROOT, config))
    shrink_distillation_config(cfg, tmp_path, max_iters=1)
    cfg.model.update(model_overrides)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        return MODELS.build(cfg.model), cfg


def adversarial_terms(model) -> list:
    """Names of the generator terms that maximise a discrepancy."""
    objective = model.generator_objective
    return [name for name, loss in objective.terms.items()
            if isinstance(loss, (AdversarialLoss, DecisionAdversarialLoss))]


def batch_labels(model, num: int):
    """The labels view of a batch: the preset labels of a conditional
    generator, the classes in turn for a method that sets targets (Fast),
    else None."""
    if model.generator.conditional or not model.has_labels:
        return model.generator.cycled_labels(num)
    return torch.arange(num) % model.num_classes


def agreeing_student(model) -> None:
    """Make the student a slightly perturbed copy of the teacher: it then
    agrees with most of the teacher's decisions, where an agreement-masked
    term acts (two random networks agree on none)."""
    model.student.load_state_dict(model.teacher.state_dict())
    torch.manual_seed(1)
    with torch.no_grad():
        for param in model.student.parameters():
            param.add_(0.05 * param.abs().mean() * torch.randn_like(param))


@pytest.mark.parametrize('config', DIGITS_CONFIGS)
def test_adversarial_term_alone_moves_the_generator(config, tmp_path):
    model, cfg = build_tiny(config, tmp_path)
    names = adversarial_terms(model)
    if not names:
        pytest.skip(f'{config} has no adversarial generator term')
    if any(isinstance(model.generator_objective.term(name),
                      DecisionAdversarialLoss) for name in names):
        model, _ = build_tiny(config, tmp_path, student=cfg.model.teacher)
        agreeing_student(model)
    model.train()
    z = torch.randn(8, model.generator.latent_dim)
    labels = batch_labels(model, 8)
    params = list(model.generator.parameters())

    def magnitude(loss):
        grads = torch.autograd.grad(loss, params, retain_graph=True,
                                    allow_unused=True)
        return float(sum(g.abs().sum() for g in grads if g is not None))

    # As in the generator step: the student's weights frozen.
    with frozen_parameters(model.student):
        images = model.generate(z, labels)
        views = model.compute_views(images, labels,
                                    model.generator_objective.views,
                                    student_grad=False)
        for name in names:
            term = model.generator_objective.term(name)
            assert magnitude(term(views['student_logits'],
                                  views['teacher_logits'])) > 0, name
            # The public-code bug: the teacher in the student's place.
            assert magnitude(term(views['teacher_logits'],
                                  views['teacher_logits'])) == \
                pytest.approx(0, abs=1e-6), name
    assert all(p.grad is None for p in model.teacher.parameters())
    assert all(p.grad is None for p in model.student.parameters())


@pytest.mark.parametrize('config', DIGITS_CONFIGS)
def test_doubling_a_weight_doubles_its_term(config, tmp_path):
    model, cfg = build_tiny(config, tmp_path)
    if isinstance(model, DeepInversion):
        pytest.skip('test_deep_inversion.py pins its weights: its labels '
                    'come from the method, not the generator')
    model.eval()  # the same outputs in every forward below
    labels = batch_labels(model, 4)
    images = model.generate(torch.randn(4, model.generator.latent_dim),
                            labels)
    for side in ('generator', 'student'):
        objective = getattr(model, f'{side}_objective')
        views = model.compute_views(images, labels, objective.views,
                                    student_grad=False)
        if 'projections' in objective.views:  # CMI's own view
            features = model.features(views['teacher_bn'])
            views['projections'] = model.projections(features, features)
        once = objective(views)
        for name in once:
            losses = dict(cfg.model.get(f'{side}_losses') or {})
            losses[name] = dict(losses.get(name, {}),
                                weight=2 * objective.weights[name])
            doubled, _ = build_tiny(config, tmp_path,
                                    **{f'{side}_losses': losses})
            doubled.load_state_dict(model.state_dict())
            doubled.eval()
            twice = getattr(doubled, f'{side}_objective')(views)
            for term, value in once.items():
                factor = 2 if term == name else 1
                assert twice[term].item() == pytest.approx(
                    factor * value.item(), rel=1e-5), (side, name, term)
