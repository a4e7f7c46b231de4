"""DeepInversion with Adaptive DeepInversion's competition (DI / ADI)."""
from typing import Dict

import torch
from mmengine.dist import get_world_size
from mmengine.optim import OptimWrapperDict

from mmdfkd.models.generators import PixelGenerator
from mmdfkd.models.task_modules import SampleBank
from mmdfkd.models.utils import (
    evaluating,
    normalisation_statistics,
    unwrap_model,
)
from mmdfkd.registry import MODELS

from .round_based import RoundBasedDistiller


@MODELS.register_module()
class DeepInversion(RoundBasedDistiller):
    """DeepInversion and its adaptive competition (ADI).

    Yin et al., "Dreaming to Distill: Data-free Knowledge Transfer via
    DeepInversion", CVPR 2020. Instead of a generator, every round
    optimises the pixels of a new batch ``x`` (a :class:`PixelGenerator`)
    towards target labels ``y``, through the frozen teacher and the
    student::

        L_G = w_cls * CE(T(x), y) + w_bn * L_bn(T, x)
              + w_tv * L_tv(x) + w_l2 * ||x||_2
              + w_compete * (1 - JS(T(x), S(x)))     (loss_cls, loss_bn,
                                                      loss_tv, loss_l2,
                                                      loss_compete)
        L_S = KL_tau(S(x) || T(x))                   (loss_kd)

    One training iteration is one round: the pixels restart from the
    round's latent codes (Gaussian noise) with fresh optimizer moments and
    take ``schedule.synthesis_steps`` steps on ``L_G`` (the student in eval
    mode, as the reference does; after each step the pixels are clipped to
    the images the preprocessor's mean and std can encode); the batch then
    joins a :class:`SampleBank` of the latest ``bank_size`` images, and
    the student takes ``schedule.student_steps`` steps on ``L_S``, each on
    a batch drawn uniformly from the bank. The targets are the classes in
    turn, the cycle continuing from round to round, so every batch and the
    whole run are balanced whatever the number of classes; they are also
    the ``labels`` view of the bank's images for student terms. The bank
    and the random streams of the jitter and of the bank's draws are
    buffers: checkpoints hold them, ``--resume`` continues exactly.

    Classifiers only (per-image targets), in one process: with one DDP
    wrapper per network, the processes' pixel gradients would be averaged
    over different images.

    Args:
        *args: :class:`RoundBasedDistiller`'s arguments; ``generator`` a
            :class:`PixelGenerator`, ``schedule`` with ``synthesis_steps``
            and ``student_steps``.
        bank_size (int): The most images the bank holds, at least the
            batch size.
        **kwargs: :class:`RoundBasedDistiller`'s keyword arguments.
    """

    default_generator_losses = dict(
        loss_cls=dict(type='LabelCrossEntropy', weight=1.0),
        loss_bn=dict(type='BNStatisticsLoss', weight=10.0),
        loss_tv=dict(type='TotalVariationLoss', weight=2.5e-5),
        loss_l2=dict(type='ImageL2Loss', weight=0.0),
        loss_compete=dict(type='CompetitionLoss', tau=3.0, weight=1.0))
    default_student_losses = dict(
        loss_kd=dict(type='KLDivergence', tau=20.0, weight=1.0))
    default_schedule = dict(synthesis_steps=2000, student_steps=400)
    schedule_keys = ('synthesis_steps', 'student_steps')

    def __init__(self, *args, bank_size: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not isinstance(self.generator, PixelGenerator):
            raise ValueError(
                f'DeepInversion optimises pixels, not a generator network: '
                f'set model.generator=dict(type=\'PixelGenerator\', '
                f'batch_size=<train batch size>), not '
                f'{type(self.generator).__name__}.')
        if get_world_size() > 1:
            raise NotImplementedError(
                'DeepInversion runs in one process: DDP would average the '
                'pixel gradients of different images across processes.')
        if bank_size < self.generator.batch_size:
            raise ValueError(
                f'bank_size={bank_size} cannot hold one batch of '
                f'{self.generator.batch_size} images.')
        self.bank = self.new_bank(bank_size,
                                  self.generator.pixels.shape[1:])

    @property
    def round_bank(self) -> SampleBank:
        """The bank of every round's pixels."""
        return self.bank

    def synthesise_round(self, z: torch.Tensor, targets: torch.Tensor,
                         optim_wrapper: OptimWrapperDict
                         ) -> Dict[str, torch.Tensor]:
        """Optimise a new batch of pixels, starting from ``z``, and bank it.

        Args:
            z (Tensor): The initial pixels, flattened.
            targets (Tensor): The target classes.
            optim_wrapper (OptimWrapperDict): With the ``generator`` (the
                pixels) wrapper.

        Returns:
            dict: The synthesis terms at the round's last step.
        """
        generator = unwrap_model(self.generator)
        generator.reset(z)
        # The pixels of images in [0, 255], in the normalised space.
        mean, std = (s.to(z) for s in normalisation_statistics(
            self.data_preprocessor))
        low, high = -mean / std, (255 - mean) / std
        synthesis = optim_wrapper['generator']
        # A new batch starts from fresh Adam moments.
        synthesis.optimizer.state.clear()
        with evaluating(unwrap_model(self.student)):
            for _ in range(self.schedule['synthesis_steps']):
                log_vars = self.generator_step(z, synthesis, targets)
                generator.clamp_(low, high)
        self.bank.add(generator.pixels, targets)
        return log_vars
