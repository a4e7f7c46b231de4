"""Every shipped method's adversarial term trains its generator.

One widely used code base builds several baselines with the teacher in
the student's place, so their adversarial term compares the teacher with
itself: identically zero, and the generator never learns from it. Here,
for every digits config whose generator objective has an adversarial term
(found by the term's type, whatever its name), that term alone must give
the generator a non-zero gradient.
"""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from tiny_models import shrink_distillation_config

from mmdfkd.models.losses import AdversarialLoss
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


def adversarial_terms(model) -> list:
    """Names of the generator terms that maximise a discrepancy."""
    objective = model.generator_objective
    return [name for name, loss in objective.terms.items()
            if isinstance(loss, AdversarialLoss)]


@pytest.mark.parametrize('config', DIGITS_CONFIGS)
def test_adversarial_term_alone_moves_the_generator(config, tmp_path):
    cfg = Config.fromfile(osp.join(ROOT, config))
    shrink_distillation_config(cfg, tmp_path, max_iters=1)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    names = adversarial_terms(model) if hasattr(
        model, 'generator_objective') else []
    if not names:
        pytest.skip(f'{config} has no adversarial generator term')
    model.train()
    z = torch.randn(8, model.generator.latent_dim)
    labels = model.generator.cycled_labels(8)
    # As in the generator step: the student's weights frozen.
    with frozen_parameters(model.student):
        images = model.generate(z, labels)
        views = model.compute_views(images, labels,
                                    model.generator_objective.views,
                                    student_grad=False)
        losses = model.generator_objective(views)
        for name in names:
            model.generator.zero_grad()
            losses[name].backward(retain_graph=True)
            grads = [p.grad for p in model.generator.parameters()
                     if p.grad is not None]
            assert grads and sum(g.abs().sum() for g in grads) > 0, name
    # The term reaches the generator only.
    assert all(p.grad is None for p in model.teacher.parameters())
    assert all(p.grad is None for p in model.student.parameters())
