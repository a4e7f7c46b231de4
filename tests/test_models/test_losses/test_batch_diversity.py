"""The batch-diversity term: its value, its gradient and its weight."""
import math

import pytest
import torch

from mmdfkd.models import BatchDiversityLoss, Objective, batch_diversity
from mmdfkd.models.task_modules import batch_diagnostics


def test_batch_diversity_by_hand():
    # Pixel 0 holds 0 and 2 (unbiased std sqrt(2)), pixel 1 holds 2 and 2.
    images = torch.tensor([[[[0.0, 2.0]]], [[[2.0, 2.0]]]])
    assert batch_diversity(images).item() == pytest.approx(math.sqrt(2) / 2)
    assert BatchDiversityLoss()(images).item() == pytest.approx(
        -math.sqrt(2) / 2)
    same = images[:1].expand(4, -1, -1, -1)
    assert BatchDiversityLoss()(same).item() == 0.0


def test_the_collapse_diagnostic_is_the_same_figure():
    images = torch.randn(5, 3, 4, 4)
    assert batch_diagnostics(images)['diag_gen_diversity'].item() == \
        pytest.approx(batch_diversity(images).item())


def test_a_step_on_the_term_spreads_the_batch_apart():
    torch.manual_seed(0)
    # Two images that share most of their content.
    images = (torch.randn(1, 1, 6, 6) + 0.1 * torch.randn(2, 1, 6, 6))
    images.requires_grad_(True)
    before = batch_diversity(images).item()
    BatchDiversityLoss()(images).backward()
    with torch.no_grad():
        after = batch_diversity(images - 0.1 * images.grad).item()
    assert after > before


def test_its_weight_scales_the_generator_objective():
    images = torch.randn(4, 3, 5, 5)
    terms = {w: Objective(
        dict(loss_div=dict(type='mmdfkd.BatchDiversityLoss', weight=w)),
        'model.generator_losses')(dict(images=images))['loss_div']
        for w in (0.1, 1.0)}
    assert terms[1.0].item() == pytest.approx(-batch_diversity(images).item())
    assert terms[0.1].item() == pytest.approx(0.1 * terms[1.0].item())
