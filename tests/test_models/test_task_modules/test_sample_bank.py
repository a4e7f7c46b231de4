"""The teacher logits a sample bank keeps for its images."""
import pytest
import torch

from mmdfkd.models.task_modules import SampleBank


class CountingTeacher:
    """Logits ``(sum of pixels, -sum)`` of each image; records the rows of
    every call."""

    def __init__(self) -> None:
        self.calls = []

    def __call__(self, images: torch.Tensor) -> torch.Tensor:
        self.calls.append(len(images))
        total = images.flatten(1).sum(1)
        return torch.stack([total, -total], dim=1)


def images_of(values) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float).view(-1, 1, 1, 1)


def test_logits_are_computed_once_per_stored_image():
    bank = SampleBank(4, (1, 1, 1), logits_shape=(2, ))
    teacher = CountingTeacher()
    bank.add(images_of([1, 2, 3]), torch.arange(3))
    logits = bank.teacher_logits_of(torch.tensor([2, 0]), teacher)
    assert logits.tolist() == [[3, -3], [1, -1]]
    assert teacher.calls == [2]
    # Slot 1 is new to the cache; slots 0 and 2 are kept.
    logits = bank.teacher_logits_of(torch.tensor([0, 1, 2]), teacher)
    assert logits.tolist() == [[1, -1], [2, -2], [3, -3]]
    assert teacher.calls == [2, 1]
    bank.teacher_logits_of(torch.tensor([1, 2]), teacher)
    assert teacher.calls == [2, 1]


def test_a_replaced_image_gets_new_logits():
    bank = SampleBank(3, (1, 1, 1), logits_shape=(2, ))
    teacher = CountingTeacher()
    bank.add(images_of([1, 2, 3]), torch.arange(3))
    bank.teacher_logits_of(torch.arange(3), teacher)
    # The bank is full: the new image takes the oldest slot, 0.
    bank.add(images_of([10]), torch.tensor([0]))
    logits = bank.teacher_logits_of(torch.arange(3), teacher)
    assert logits.tolist() == [[10, -10], [2, -2], [3, -3]]
    assert teacher.calls == [3, 1]


def test_logits_given_with_the_images_are_kept_without_a_forward():
    bank = SampleBank(3, (1, 1, 1), logits_shape=(2, ))
    teacher = CountingTeacher()
    bank.add(images_of([1, 2]), torch.arange(2),
             teacher_logits=torch.tensor([[5., 6.], [7., 8.]]))
    bank.add(images_of([3]), torch.tensor([2]))
    logits = bank.teacher_logits_of(torch.tensor([1, 0, 2]), teacher)
    assert logits.tolist() == [[7, 8], [5, 6], [3, -3]]
    assert teacher.calls == [1]  # only the image added without logits
    # Given logits replace those of the slot's former image.
    bank.add(images_of([4]), torch.tensor([0]),
             teacher_logits=torch.tensor([[9., 9.]]))
    assert bank.teacher_logits_of(torch.tensor([0]),
                                  teacher).tolist() == [[9, 9]]
    assert teacher.calls == [1]


def test_the_kept_logits_are_checkpointed():
    bank = SampleBank(3, (1, 1, 1), logits_shape=(2, ))
    bank.add(images_of([1, 2]), torch.arange(2))
    bank.teacher_logits_of(torch.tensor([1]), CountingTeacher())
    restored = SampleBank(3, (1, 1, 1), logits_shape=(2, ))
    restored.load_state_dict(bank.state_dict())
    teacher = CountingTeacher()
    logits = restored.teacher_logits_of(torch.tensor([0, 1]), teacher)
    assert logits.tolist() == [[1, -1], [2, -2]]
    assert teacher.calls == [1]  # slot 1 came with the checkpoint


def test_a_bank_without_logits_keeps_none():
    bank = SampleBank(3, (1, 1, 1))
    assert not bank.caches_logits
    assert list(bank.state_dict()) == ['images', 'labels', 'added',
                                       'stream.state']
    bank.add(images_of([1]), torch.tensor([0]),
             teacher_logits=torch.tensor([[1., -1.]]))
    assert list(bank.state_dict()) == ['images', 'labels', 'added',
                                       'stream.state']
    with pytest.raises(RuntimeError, match='keeps no logits'):
        bank.teacher_logits_of(torch.tensor([0]), CountingTeacher())
