"""DDAD: Dual Discriminator Adversarial Distillation."""
from typing import Dict, Optional, Union

import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict

from mmdfkd.models.utils import (
    build_component,
    frozen_parameters,
    unwrap_model,
)
from mmdfkd.registry import MODELS

from .base_datafree import BaseDataFreeDistiller, is_dense


@MODELS.register_module()
class DDAD(BaseDataFreeDistiller):
    """Dual Discriminator Adversarial Distillation.

    Zhao et al., "Dual Discriminator Adversarial Distillation for Data-free
    Model Compression", arXiv 2104.05382. The generator is shaped by two
    "discriminators": the teacher's BatchNorm running statistics (realism)
    and the teacher/student discrepancy (hardness)::

        L_G = lambda_bn * L_bn(T, x) + lambda_adv * L_adv(T(x), S(x))
              [+ lambda_onehot * L_oh + lambda_balance * L_ie]
        L_S = D(S(x), T(x))

    with ``x = G(z)`` and ``L_adv = -D``, or ``-log(1 + D)`` on the logit
    maps of segmentors. The same loop distils mmpretrain classifiers and
    mmseg segmentors: the task only changes the shape of the predictions
    (see :meth:`logits` and :meth:`adversarial_loss`), and validation runs
    the student's own ``predict``, so mmpretrain's ``Accuracy`` and mmseg's
    ``IoUMetric`` apply unchanged. Each training iteration runs
    ``n_student_steps`` student steps, then one generator step, and so
    consumes ``n_student_steps + 1`` latent draws per sample. With
    ``lambda_bn=0`` it is exactly DFAD (Fang et al., arXiv 1912.11006).

    A conditional generator receives the preset labels of
    ``LatentDataset(num_classes=...)``. Subclasses change the objectives by
    overriding :meth:`student_losses` and :meth:`generator_losses` (see
    :class:`CGDD`); the loop, the steps and the logging stay.

    Args:
        teacher (dict | str): Teacher model dict or config file.
        student (dict | str): Student model dict or config file.
        generator (dict): Generator config.
        teacher_ckpt (str, optional): Trained teacher checkpoint.
        bn_loss (dict): The BN-statistics loss. Defaults to
            ``dict(type='BNStatisticsLoss')``.
        discrepancy (dict): Teacher/student discrepancy ``D`` of both the
            student loss and the adversarial term. Defaults to
            ``dict(type='L1Discrepancy')``.
        lambda_bn (float): Weight of ``L_bn``. Defaults to 1.
        lambda_adv (float): Weight of the adversarial term. Defaults to 1.
        lambda_onehot (float): Weight of the one-hot term. Defaults to 0.
        lambda_balance (float): Weight of the class-balance term.
            Defaults to 0.
        n_student_steps (int): Student updates per generator update.
            Defaults to 5.
        data_preprocessor (dict, optional): Preprocessor of the real
            validation images. Defaults to the student's.
        channels_last (bool): Channels-last networks. Defaults to False.
        init_cfg (dict, optional): Unused.
    """

    def __init__(self,
                 teacher: Union[dict, str],
                 student: Union[dict, str],
                 generator: dict,
                 teacher_ckpt: Optional[str] = None,
                 bn_loss: dict = dict(type='BNStatisticsLoss'),
                 discrepancy: dict = dict(type='L1Discrepancy'),
                 lambda_bn: float = 1.0,
                 lambda_adv: float = 1.0,
                 lambda_onehot: float = 0.0,
                 lambda_balance: float = 0.0,
                 n_student_steps: int = 5,
                 data_preprocessor: Optional[dict] = None,
                 channels_last: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(teacher, student, generator, teacher_ckpt,
                         data_preprocessor, channels_last, init_cfg)
        if n_student_steps < 1:
            raise ValueError(
                f'n_student_steps must be >= 1, got {n_student_steps}.')
        self.n_student_steps = n_student_steps
        self.lambda_bn = lambda_bn
        self.lambda_adv = lambda_adv
        self.lambda_onehot = lambda_onehot
        self.lambda_balance = lambda_balance
        self.bn_loss = build_component(bn_loss, 'model.bn_loss')
        self.discrepancy = build_component(discrepancy, 'model.discrepancy')
        self.onehot_loss = MODELS.build(dict(type='mmdfkd.OneHotLoss'))
        self.balance_loss = MODELS.build(dict(type='mmdfkd.ClassBalanceLoss'))
        if lambda_bn:
            # Fail now, with a clear message, for a teacher without BN.
            self.bn_loss.tracked_layers(self.teacher)

    @property
    def draws_per_iteration(self) -> int:
        """``n_student_steps`` student draws and one generator draw."""
        return self.n_student_steps + 1

    def train_step(self, data: dict,
                   optim_wrapper: OptimWrapperDict) -> Dict[str, float]:
        """One iteration: ``n_student_steps`` student steps, one G step.

        Args:
            data (dict): Collated :class:`LatentDataset` batch.
            optim_wrapper (OptimWrapperDict): With ``generator`` and
                ``student`` wrappers.

        Returns:
            dict: Losses of the last student step and of the generator step.
        """
        *student_draws, generator_draw = self.latent_draws(
            data, self.draws_per_iteration)
        for z, labels in student_draws:
            log_vars = self.student_step(z, optim_wrapper['student'], labels)
        log_vars.update(
            self.generator_step(generator_draw.z, optim_wrapper['generator'],
                                generator_draw.labels))
        return self.detached(log_vars)

    def student_step(
            self,
            z: torch.Tensor,
            optim_wrapper: OptimWrapper,
            labels: Optional[torch.Tensor] = None) -> Dict[str, torch.Tensor]:
        """Update the student to match the teacher on fresh samples.

        Args:
            z (Tensor): Latent codes ``(B, latent_dim)``.
            optim_wrapper (OptimWrapper): The student's optimizer wrapper.
            labels (Tensor, optional): Preset labels ``(B, )`` of the codes.

        Returns:
            dict: ``loss_student``, the total, and the terms of
            :meth:`student_losses`.
        """
        with optim_wrapper.optim_context(self.student):
            # No autograd through the generator: only S learns here.
            with torch.no_grad():
                images = self.generate(z, labels)
            losses = self.student_losses(images, labels)
            loss = sum(losses.values())
        optim_wrapper.update_params(loss)
        return self.log_terms('loss_student', loss, losses)

    def student_losses(
            self, images: torch.Tensor,
            labels: Optional[torch.Tensor]) -> Dict[str, torch.Tensor]:
        """The weighted terms of the student loss on generated images.

        DDAD's only term is ``loss_student = D(S(x), T(x))``.

        Args:
            images (Tensor): Generated images, no autograd history.
            labels (Tensor, optional): Their preset labels; unused here.
        """
        with torch.no_grad():
            teacher_out = self.logits(self.teacher, images)
        student_out = self.logits(self.student, images)
        return dict(loss_student=self.discrepancy(student_out, teacher_out))

    def generator_step(
            self,
            z: torch.Tensor,
            optim_wrapper: OptimWrapper,
            labels: Optional[torch.Tensor] = None) -> Dict[str, torch.Tensor]:
        """Update the generator against the two discriminators.

        Gradients flow through teacher and student into the generator; the
        weight gradients of teacher and student are not computed.

        Args:
            z (Tensor): Latent codes ``(B, latent_dim)``.
            optim_wrapper (OptimWrapper): The generator's optimizer wrapper.
            labels (Tensor, optional): Preset labels ``(B, )`` of the codes.

        Returns:
            dict: ``loss_generator``, the total, and its terms.
        """
        losses = {}
        with optim_wrapper.optim_context(self.generator), \
                frozen_parameters(unwrap_model(self.student)):
            images = self.generate(z, labels, self.generator)
            if self.lambda_bn:
                with self.bn_loss.record(self.teacher):
                    teacher_out = self.logits(self.teacher, images)
                losses['loss_bn'] = self.lambda_bn * self.bn_loss()
            else:
                teacher_out = self.logits(self.teacher, images)
            losses.update(
                self.generator_losses(images, teacher_out, labels))
            if not losses:
                raise ValueError(
                    f'{type(self).__name__}: every generator loss weight is '
                    f'0.')
            loss = sum(losses.values())
        optim_wrapper.update_params(loss)
        return self.log_terms('loss_generator', loss, losses)

    def generator_losses(
            self, images: torch.Tensor, teacher_out: torch.Tensor,
            labels: Optional[torch.Tensor]) -> Dict[str, torch.Tensor]:
        """The weighted generator terms computed from the teacher's logits.

        ``loss_adv`` and the optional DAFL priors; terms of weight 0 are
        skipped. Runs with the student's weights frozen.

        Args:
            images (Tensor): Generated images, differentiable w.r.t. G.
            teacher_out (Tensor): The teacher's logits on them.
            labels (Tensor, optional): Their preset labels; unused here.
        """
        losses = {}
        if self.lambda_adv:
            losses['loss_adv'] = self.lambda_adv * self.adversarial_loss(
                self.logits(unwrap_model(self.student), images), teacher_out)
        if self.lambda_onehot:
            losses['loss_onehot'] = (
                self.lambda_onehot * self.onehot_loss(teacher_out))
        if self.lambda_balance:
            losses['loss_balance'] = (
                self.lambda_balance * self.balance_loss(teacher_out))
        return losses

    @staticmethod
    def log_terms(total_name: str, total: torch.Tensor,
                  terms: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
        """A loss total and its terms without autograd history, for the log.

        A loss of a single term named like the total is logged once.
        """
        return {key: value.detach()
                for key, value in {total_name: total, **terms}.items()}

    def adversarial_loss(self, student_out: torch.Tensor,
                         teacher_out: torch.Tensor) -> torch.Tensor:
        """The generator maximises the discrepancy.

        ``L_adv = -D`` on class logits; on logit maps DFAD's segmentation
        form ``L_adv = -log(1 + D)``, whose gradient fades as the pixel-wise
        discrepancy grows, so the generator does not run away from the
        teacher's image distribution.
        """
        discrepancy = self.discrepancy(student_out, teacher_out)
        if is_dense(teacher_out):
            return -torch.log1p(discrepancy)
        return -discrepancy
