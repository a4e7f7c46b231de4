"""The round-based frame of DeepInversion, CMI and Fast."""
import pytest
import torch
from tiny_models import (
    TINY_FEATURE_PAIRS,
    build_for_training,
    latent_batch,
    tiny_cgdd,
    tiny_ddad,
    tiny_seg_ddad,
)

from mmdfkd.models.algorithms import RoundBasedDistiller
from mmdfkd.registry import MODELS

ROUNDS = dict(synthesis_steps=1, student_steps=1)
CMI = dict(type='mmdfkd.CMI', head_dim=4,
           schedule=dict(ROUNDS, memory_size=8, feature_bank_size=8,
                         negatives=2))
FAST = dict(type='mmdfkd.FastDFKD', schedule=dict(ROUNDS, memory_size=8))


@pytest.mark.parametrize('method', [
    dict(type='mmdfkd.DeepInversion', bank_size=8, schedule=ROUNDS),
    CMI,
    FAST,
])
def test_round_based_methods_refuse_class_terms_on_segmentors(method):
    name = method['type'].split('.')[1]
    assert issubclass(MODELS.get(name), RoundBasedDistiller)
    with pytest.raises(ValueError, match=f'^{name} synthesises images of '
                       'per-image target classes, which a segmentor does '
                       r'not predict: switch off the terms that read them '
                       r'\(generator_losses.loss_cls\)'):
        MODELS.build(tiny_seg_ddad(**method))


@pytest.mark.parametrize('method', [CMI, FAST])
def test_memory_methods_refuse_conditional_generators_and_no_memory(method):
    name = method['type'].split('.')[1]
    with pytest.raises(ValueError, match=f'^{name} draws the target classes '
                       'itself, so it needs an unconditional generator'):
        MODELS.build(tiny_ddad(
            **method, generator=tiny_cgdd()['generator']))
    no_memory = dict(method, schedule=dict(method['schedule'], memory_size=0))
    with pytest.raises(ValueError, match=f'^{name} trains the student on the '
                       'memory .*memory_size must be at least the train '
                       'batch size, got 0'):
        MODELS.build(tiny_ddad(**no_memory))


BATCH = 4
OPTIM = dict(
    constructor='mmdfkd.PerModuleOptimWrapperConstructor',
    generator=dict(optimizer=dict(type='Adam', lr=1e-2,
                                  betas=(0.5, 0.999))),
    student=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)))
# Two student draws a round from a memory of two rounds: images are drawn
# again, and the third round replaces the first.
MEMORY = dict(student_steps=2, memory_size=2 * BATCH)
CACHING = [
    dict(CMI, schedule=dict(CMI['schedule'], **MEMORY, feature_bank_size=8)),
    dict(FAST, schedule=dict(FAST['schedule'], **MEMORY)),
]


@pytest.mark.parametrize('method,logits_from_synthesis',
                         [(CACHING[0], False), (CACHING[1], True)])
def test_banked_logits_train_the_student_as_teacher_forwards_do(
        method, logits_from_synthesis):
    cached, optim = build_for_training(tiny_ddad(**method), OPTIM, seed=0)
    recomputed, recomputed_optim = build_for_training(
        tiny_ddad(**method), OPTIM, seed=0)
    assert cached.memory.caches_logits
    # The same bank and draws, without logits: every draw runs the teacher.
    recomputed.memory.teacher_logits = None
    assert not recomputed.memory.caches_logits
    rows = []
    teacher_logits = cached.teacher_logits

    def counted(images):
        rows.append(len(images))
        return teacher_logits(images)

    cached.teacher_logits = counted
    for seed in range(3):
        # CMI restarts its generator from the global stream each round.
        for model, wrappers in ((cached, optim),
                                (recomputed, recomputed_optim)):
            torch.manual_seed(seed)
            model.train_step(latent_batch(model, BATCH, seed), wrappers)
    for key, value in recomputed.student.state_dict().items():
        assert torch.allclose(cached.student.state_dict()[key], value,
                              rtol=1e-5, atol=1e-6), key
    assert int(cached.memory.added) == 3 * BATCH
    if logits_from_synthesis:
        # Fast's teacher saw the stored images themselves: the memory
        # keeps those logits, and no student update runs the teacher.
        assert sum(rows) == 0
    else:
        # CMI's teacher saw augmented views: at most one forward per
        # stored image, against one per draw.
        assert 0 < sum(rows) <= 3 * BATCH
        assert sum(rows) < 3 * MEMORY['student_steps'] * BATCH


def test_no_banked_logits_for_a_student_that_reads_teacher_features():
    method = CACHING[1]
    model = MODELS.build(tiny_ddad(
        **method, feature_pairs=TINY_FEATURE_PAIRS,
        student_losses=dict(loss_at=dict(type='AttentionTransferLoss',
                                         weight=1.0))))
    assert not model.memory.caches_logits
