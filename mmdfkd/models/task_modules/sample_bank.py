"""A bounded bank of synthesised images that checkpoints with the model."""
from typing import Callable, Optional, Sequence, Tuple

import torch
from torch import nn

from .random_stream import RandomStream


class SampleBank(nn.Module):
    """The latest ``capacity`` synthesised images and their labels.

    Images and labels are persistent buffers allocated in full at
    construction, so a checkpoint holds the bank and ``--resume`` restores
    it exactly, together with the stream that samples from it. Once full,
    each new image replaces the oldest.

    With ``logits_shape`` the bank also keeps the frozen teacher's logits
    of each image: given with the image (:meth:`add`), when the method has
    just run the teacher on it, or else computed the first time the image
    is drawn (:meth:`teacher_logits_of`). A student that learns from the
    teacher's logits alone then runs the teacher at most once per stored
    image, not once per draw.

    Args:
        capacity (int): The most images held.
        image_shape (Sequence[int]): ``(C, H, W)`` of an image.
        logits_shape (Sequence[int], optional): The teacher's logits of one
            image, e.g. ``(num_classes, )``; None keeps no logits.
    """

    def __init__(self,
                 capacity: int,
                 image_shape: Sequence[int],
                 logits_shape: Optional[Sequence[int]] = None) -> None:
        super().__init__()
        if capacity < 1:
            raise ValueError(
                f'A sample bank needs a positive capacity, got {capacity}.')
        self.register_buffer('images', torch.zeros(capacity, *image_shape))
        self.register_buffer('labels',
                             torch.zeros(capacity, dtype=torch.long))
        if logits_shape is None:
            self.teacher_logits = self.logits_known = None
        else:
            self.register_buffer('teacher_logits',
                                 torch.zeros(capacity, *logits_shape))
            self.register_buffer('logits_known',
                                 torch.zeros(capacity, dtype=torch.bool))
        # Images ever added: the next one goes to slot added % capacity.
        self.register_buffer('added', torch.zeros((), dtype=torch.long))
        self.stream = RandomStream()

    @property
    def capacity(self) -> int:
        """The most images held."""
        return self.images.shape[0]

    @property
    def caches_logits(self) -> bool:
        """Whether the bank keeps the teacher's logits of its images."""
        return self.teacher_logits is not None

    @property
    def num_stored(self) -> int:
        """The images held now."""
        return min(int(self.added), self.capacity)

    @torch.no_grad()
    def add(self,
            images: torch.Tensor,
            labels: torch.Tensor,
            teacher_logits: Optional[torch.Tensor] = None) -> None:
        """Store a batch, replacing the oldest images once full.

        Args:
            images (Tensor): ``(B, C, H, W)``, ``B <= capacity``.
            labels (Tensor): ``(B, )``.
            teacher_logits (Tensor, optional): The frozen teacher's logits
                of ``images``, kept if the bank keeps logits (ignored if
                not); without them they are computed when first drawn.
        """
        if len(images) > self.capacity:
            raise ValueError(
                f'A batch of {len(images)} images does not fit a sample '
                f'bank of {self.capacity}: raise its capacity.')
        slots = (int(self.added) + torch.arange(len(images))) % self.capacity
        slots = slots.to(self.images.device)
        self.images[slots] = images.to(self.images)
        self.labels[slots] = labels.to(self.labels)
        if self.caches_logits:
            if teacher_logits is None:
                self.logits_known[slots] = False
            else:
                self.teacher_logits[slots] = teacher_logits.to(
                    self.teacher_logits)
                self.logits_known[slots] = True
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

    def sample_index(self, num: int) -> torch.Tensor:
        """The slots of ``num`` distinct stored images, drawn uniformly.

        Args:
            num (int): Batch size, at most :attr:`num_stored`.

        Returns:
            Tensor: ``(num, )`` slots, on the bank's device.
        """
        if num > self.num_stored:
            raise ValueError(
                f'Cannot draw {num} images from a sample bank holding '
                f'{self.num_stored}.')
        with self.stream.generator() as gen:
            index = torch.randperm(self.num_stored, generator=gen)[:num]
        return index.to(self.images.device)

    def sample(self, num: int) -> Tuple[torch.Tensor, torch.Tensor]:
        """``num`` distinct stored images, uniformly, and their labels.

        Args:
            num (int): Batch size, at most :attr:`num_stored`.

        Returns:
            tuple[Tensor, Tensor]: Images ``(num, C, H, W)`` and labels
            ``(num, )``.
        """
        index = self.sample_index(num)
        return self.images[index], self.labels[index]

    @torch.no_grad()
    def teacher_logits_of(
            self, index: torch.Tensor,
            teacher: Callable[[torch.Tensor], torch.Tensor]) -> torch.Tensor:
        """The teacher's logits of the images in slots ``index``: those not
        kept yet are computed by ``teacher`` in one call, then kept.

        The teacher must be frozen and deterministic (eval mode), so that
        kept logits are those a new forward would give.

        Args:
            index (Tensor): Slots, e.g. from :meth:`sample_index`.
            teacher (Callable): Images ``(N, C, H, W)`` to logits.

        Returns:
            Tensor: ``(len(index), *logits_shape)``, in float32.
        """
        if not self.caches_logits:
            raise RuntimeError(
                'This sample bank keeps no logits: build it with '
                'logits_shape.')
        missing = index[~self.logits_known[index]].unique()
        if len(missing):
            self.teacher_logits[missing] = teacher(
                self.images[missing]).to(self.teacher_logits)
            self.logits_known[missing] = True
        return self.teacher_logits[index]
