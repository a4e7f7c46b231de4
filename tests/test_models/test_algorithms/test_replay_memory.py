"""The replay memory of the shared loop: what a student batch holds."""
import pytest
import torch
from tiny_models import (
    TRAINING_OPTIM,
    build_for_training,
    latent_batch,
    tiny_cgdd,
    tiny_ddad,
)

from mmdfkd.registry import MODELS

BATCH = 6


def student_batches(model, monkeypatch) -> list:
    """Record every student update: its images and labels, and the memory
    once the update's fresh images are stored."""
    seen = []
    train_student = model.train_student

    def spy(images, optim_wrapper, labels=None):
        seen.append((images.clone(), None if labels is None else
                     labels.clone(), model.memory.images.clone(),
                     model.memory.labels.clone(), model.memory.num_stored))
        return train_student(images, optim_wrapper, labels)

    monkeypatch.setattr(model, 'train_student', spy)
    return seen


def test_no_memory_by_default():
    model = MODELS.build(tiny_ddad())
    assert model.memory is None
    assert not any(key.startswith('memory') for key in model.state_dict())


def test_student_batches_replay_stored_images_then_store_fresh(monkeypatch):
    model, optim = build_for_training(tiny_ddad(
        schedule=dict(student_steps=3, memory_size=12, replay_ratio=0.5)),
        TRAINING_OPTIM)
    seen = student_batches(model, monkeypatch)
    model.train_step(latent_batch(model, BATCH), optim)
    # First update: an empty memory, so six fresh images, then stored.
    assert (len(seen[0][0]), seen[0][4]) == (BATCH, BATCH)
    # Later updates: three fresh images and three of those stored before.
    for (images, _, _, _, stored), (_, _, before, _, stored_before) in zip(
            seen[1:], seen):
        assert len(images) == BATCH and stored == stored_before + 3
        for image in images[3:]:
            assert any(torch.equal(image, kept)
                       for kept in before[:stored_before])
        for image in images[:3]:
            assert not any(torch.equal(image, kept)
                           for kept in before[:stored_before])
    # 6 + 3 + 3 fresh images stored; the next iteration wraps the ring.
    assert int(model.memory.added) == 12
    model.train_step(latent_batch(model, BATCH, 1), optim)
    assert model.memory.num_stored == 12
    assert int(model.memory.added) == 21
    assert model.memory.images.shape == (12, 3, 32, 32)


def test_conditional_samples_are_replayed_with_their_labels(monkeypatch):
    model, optim = build_for_training(tiny_cgdd(
        schedule=dict(student_steps=2, memory_size=12, replay_ratio=0.5)),
        TRAINING_OPTIM)
    seen = student_batches(model, monkeypatch)
    data = latent_batch(model, BATCH)
    model.train_step(data, optim)
    images, labels, bank, bank_labels, stored = seen[1]
    # The fresh half carries the draw's preset labels.
    assert torch.equal(labels[:3], data['labels'][:3, 1])
    for image, label in zip(images[3:], labels[3:]):
        slot = [i for i in range(stored) if torch.equal(image, bank[i])]
        assert slot and int(bank_labels[slot[0]]) == int(label)


def test_state_dict_round_trip_continues_the_memory():
    cfg = tiny_ddad(schedule=dict(memory_size=12, replay_ratio=0.5))
    model, optim = build_for_training(cfg, TRAINING_OPTIM)
    model.train_step(latent_batch(model, BATCH), optim)
    restored = MODELS.build(cfg)
    restored.load_state_dict(model.state_dict())
    for key, value in model.memory.state_dict().items():
        assert torch.equal(value, restored.memory.state_dict()[key]), key
    for _ in range(2):  # the same draws from both
        for a, b in zip(model.memory.sample(BATCH),
                        restored.memory.sample(BATCH)):
            assert torch.equal(a, b)


def test_replay_needs_a_memory_that_holds_a_batch():
    model, optim = build_for_training(tiny_ddad(
        schedule=dict(memory_size=BATCH - 1, replay_ratio=0.5)),
        TRAINING_OPTIM)
    with pytest.raises(ValueError, match='memory_size=5 cannot hold'):
        model.train_step(latent_batch(model, BATCH), optim)


@pytest.mark.parametrize('schedule,error', [
    (dict(memory_size=-1), 'memory_size must be >= 0'),
    (dict(memory_size=8, replay_ratio=1.0), r'replay_ratio must be in'),
    (dict(memory_size=8, replay_ratio=-0.1), r'replay_ratio must be in'),
])
def test_schedule_errors(schedule, error):
    with pytest.raises(ValueError, match=error):
        MODELS.build(tiny_ddad(schedule=schedule))
