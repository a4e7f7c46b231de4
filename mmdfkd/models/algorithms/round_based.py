"""The frame of the methods whose training iteration is one round."""
import functools
from typing import Dict, Mapping, Optional, Sequence

import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict

from mmdfkd.models.task_modules import SampleBank

from .datafree_distiller import TEACHER_VIEWS, DataFreeDistiller


class RoundBasedDistiller(DataFreeDistiller):
    """A method whose training iteration is a round (DeepInversion, CMI,
    Fast):

    1. the round's latent codes and its targets, the classes in turn, the
       cycle continuing from round to round so that every batch and the
       whole run are balanced;
    2. :meth:`synthesise_round` makes one batch of images of those classes
       and keeps it in :attr:`round_bank`;
    3. ``schedule.student_steps`` student updates, each on a batch drawn
       uniformly from :attr:`round_bank` (:meth:`train_student_on`).

    When the student's objective reads no teacher view but its logits
    and the student trains on its batches as stored (no
    ``student_views``), the banks keep the teacher's logits of their images
    (:meth:`SampleBank.teacher_logits_of`): the frozen teacher runs once
    per stored image instead of once per draw, with the same values.

    The targets are per-image classes, which a segmentor does not
    predict: on a segmentor no term may read them (the rounds then differ
    in their codes alone) and the banks keep the teacher's logit maps. The
    method draws the targets itself, so its generator is unconditional.
    Subclasses implement :meth:`synthesise_round`; :attr:`round_bank` is
    the replay memory, so ``schedule.memory_size`` must be set, unless
    they keep their own and leave ``memory_size`` out of their
    ``schedule_keys``.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        name = type(self).__name__
        if self.dense_prediction:
            label_terms = [
                f'{where}.{term}' for where, objective in (
                    ('generator_losses', self.generator_objective),
                    ('student_losses', self.student_objective))
                for term, inputs in objective.term_inputs.items()
                if 'labels' in inputs
            ]
            if label_terms:
                raise ValueError(
                    f'{name} synthesises images of per-image target '
                    f'classes, which a segmentor does not predict: switch '
                    f'off the terms that read them ({", ".join(label_terms)}'
                    f'), e.g. model.generator_losses=dict(loss_cls=dict('
                    f'weight=0)).')
        if self.generator.conditional:
            raise ValueError(
                f'{name} draws the target classes itself, so it needs an '
                f'unconditional generator: use e.g. '
                f'generator=dict(type=\'DFADGenerator\').')

    @classmethod
    def parse_schedule(cls, schedule: Optional[dict]) -> dict:
        """The base checks, and a memory when the rounds keep theirs in
        it."""
        schedule = super().parse_schedule(schedule)
        if 'memory_size' in cls.schedule_keys and \
                int(schedule['memory_size']) < 1:
            raise ValueError(
                f'{cls.__name__} trains the student on the memory of '
                f'synthesised batches: model.schedule.memory_size must be '
                f'at least the train batch size, got '
                f'{schedule["memory_size"]}.')
        return schedule

    def new_bank(self, capacity: int,
                 image_shape: Sequence[int]) -> SampleBank:
        """A bank that keeps the teacher's logits of its images when they
        are the only teacher view the student's objective reads.

        Args:
            capacity (int): The most images it holds.
            image_shape (Sequence[int]): ``(C, H, W)`` of an image.
        """
        teacher_views = self.student_objective.views & TEACHER_VIEWS
        logits_shape = None
        # The teacher labels each view of a stored image anew.
        if teacher_views == {'teacher_logits'} and \
                self.student_views is None:
            # A segmentor's logit maps come at the image size (logits()).
            logits_shape = (self.num_classes, *image_shape[1:]) if \
                self.dense_prediction else (self.num_classes, )
        return SampleBank(capacity, image_shape, logits_shape)

    def teacher_logits(self, images: torch.Tensor) -> torch.Tensor:
        """The frozen teacher's logits of ``images``, without a graph.

        Args:
            images (Tensor): Images ``(N, C, H, W)``.
        """
        with torch.no_grad():
            return self.logits(self.teacher, images)

    @property
    def has_labels(self) -> bool:
        """Always: the target classes of the synthesised images."""
        return True

    @classmethod
    def generator_updates(cls, schedule: Mapping[str, object]) -> int:
        """The round's synthesis steps (generator or pixel updates).

        Args:
            schedule (Mapping): A schedule from :meth:`parse_schedule`.
        """
        return int(schedule['synthesis_steps'])

    @property
    def draws_per_iteration(self) -> int:
        """One: the round's initial latent codes. The student's batches
        come from :attr:`round_bank`."""
        return 1

    @property
    def round_bank(self) -> SampleBank:
        """Where the rounds keep their batches: the replay memory."""
        return self.memory

    def synthesise_round(self, z: torch.Tensor, targets: torch.Tensor,
                         optim_wrapper: OptimWrapperDict
                         ) -> Dict[str, torch.Tensor]:
        """Synthesise a batch for ``targets`` and keep it in
        :attr:`round_bank`.

        Args:
            z (Tensor): The round's latent codes ``(B, latent_dim)``.
            targets (Tensor): The target classes ``(B, )``.
            optim_wrapper (OptimWrapperDict): All the wrappers.

        Returns:
            dict: The synthesis terms to log.
        """
        raise NotImplementedError

    def train_student_on(self, bank: SampleBank, batch_size: int,
                         optim_wrapper: OptimWrapper
                         ) -> Dict[str, torch.Tensor]:
        """``schedule.student_steps`` student updates, each on a batch
        drawn uniformly from ``bank``.

        Args:
            bank (SampleBank): The stored images and their labels.
            batch_size (int): Images per update.
            optim_wrapper (OptimWrapper): The student's optimizer wrapper.

        Returns:
            dict: The student's logged terms, averaged over the updates.
        """
        return self.averaged([
            self.student_update(bank, batch_size, optim_wrapper)
            for _ in range(self.schedule['student_steps'])
        ])

    def student_update(self, bank: SampleBank, batch_size: int,
                       optim_wrapper: OptimWrapper
                       ) -> Dict[str, torch.Tensor]:
        """One student update on a batch drawn uniformly from ``bank``,
        with the teacher's logits the bank keeps when it keeps them.

        Args:
            bank (SampleBank): The stored images and their labels.
            batch_size (int): Images in the update.
            optim_wrapper (OptimWrapper): The student's optimizer wrapper.

        Returns:
            dict: The student's logged terms.
        """
        index = bank.sample_index(batch_size)
        banked_logits = functools.partial(
            bank.teacher_logits_of, index,
            self.teacher_logits) if bank.caches_logits else None
        return self.train_student(bank.images[index], optim_wrapper,
                                  bank.labels[index], banked_logits)

    def train_step(self, data: dict,
                   optim_wrapper: OptimWrapperDict) -> Dict[str, float]:
        """One round: synthesise and keep a batch, train the student.

        Args:
            data (dict): Collated :class:`LatentDataset` batch.
            optim_wrapper (OptimWrapperDict): With ``generator`` and
                ``student`` wrappers.

        Returns:
            dict: The synthesis terms, and the student's averaged over its
            steps.
        """
        z = self.latent_draws(data, self.draws_per_iteration)[0].z
        targets = self.round_bank.cycled_labels(len(z), self.num_classes)
        log_vars = self.synthesise_round(z, targets, optim_wrapper)
        log_vars.update(self.train_student_on(
            self.round_bank, len(z), optim_wrapper['student']))
        return self.detached(log_vars)
