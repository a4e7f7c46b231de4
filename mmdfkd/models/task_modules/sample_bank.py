"""A bounded bank of synthesised images that checkpoints with the model."""
from typing import Sequence, Tuple

import torch
from torch import nn

from .random_stream import RandomStream


class SampleBank(nn.Module):
    """The latest ``capacity`` synthesised images and their labels.

    Images and labels are persistent buffers allocated in full at
    construction, so a checkpoint holds the bank and ``--resume`` restores
    it exactly, together with the stream that samples from it. Once full,
    each new image replaces the oldest.

    Args:
        capacity (int): The most images held.
        image_shape (Sequence[int]): ``(C, H, W)`` of an image.
    """

    def __init__(self, capacity: int, image_shape: Sequence[int]) -> None:
        super().__init__()
        if capacity < 1:
            raise ValueError(
                f'A sample bank needs a positive capacity, got {capacity}.')
        self.register_buffer('images', torch.zeros(capacity, *image_shape))
        self.register_buffer('labels',
                             torch.zeros(capacity, dtype=torch.long))
        # Images ever added: the next one goes to slot added % capacity.
        self.register_buffer('added', torch.zeros((), dtype=torch.long))
        self.stream = RandomStream()

    @property
    def capacity(self) -> int:
        """The most images held."""
        return self.images.shape[0]

    @property
    def num_stored(self) -> int:
        """The images held now."""
        return min(int(self.added), self.capacity)

    @torch.no_grad()
    def add(self, images: torch.Tensor, labels: torch.Tensor) -> None:
        """Store a batch, replacing the oldest images once full.

        Args:
            images (Tensor): ``(B, C, H, W)``, ``B <= capacity``.
            labels (Tensor): ``(B, )``.
        """
        if len(images) > self.capacity:
            raise ValueError(
                f'A batch of {len(images)} images does not fit a sample '
                f'bank of {self.capacity}: raise its capacity.')
        slots = (int(self.added) + torch.arange(len(images))) % self.capacity
        slots = slots.to(self.images.device)
        self.images[slots] = images.to(self.images)
        self.labels[slots] = labels.to(self.labels)
        self.added += len(images)

    def cycled_labels(self, num: int, num_classes: int) -> torch.Tensor:
        """Target classes of the next ``num`` images: the classes in turn,
        continuing the cycle of the images added so far, so that every
        batch and the whole bank stay balanced.

        Args:
            num (int): Batch size.
            num_classes (int): The classes to cycle over.
        """
        first = int(self.added)
        return (first + torch.arange(num, device=self.labels.device)
                ) % num_classes

    def sample(self, num: int) -> Tuple[torch.Tensor, torch.Tensor]:
        """``num`` distinct stored images, uniformly, and their labels.

        Args:
            num (int): Batch size, at most :attr:`num_stored`.

        Returns:
            tuple[Tensor, Tensor]: Images ``(num, C, H, W)`` and labels
            ``(num, )``.
        """
        if num > self.num_stored:
            raise ValueError(
                f'Cannot draw {num} images from a sample bank holding '
                f'{self.num_stored}.')
        with self.stream.generator() as gen:
            index = torch.randperm(self.num_stored, generator=gen)[:num]
        index = index.to(self.images.device)
        return self.images[index], self.labels[index]
