"""CMI: contrastive model inversion with a memory of past syntheses."""
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.optim import OptimWrapper, OptimWrapperDict
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from mmdfkd.models.losses import record_bn_inputs
from mmdfkd.models.task_modules import (
    RandomViews,
    SampleBank,
    batch_diagnostics,
    mean_over_space,
)
from mmdfkd.models.utils import evaluating, frozen_parameters, unwrap_model
from mmdfkd.registry import MODELS

from .round_based import RoundBasedDistiller


class ContrastiveHead(nn.Module):
    """CMI's projection: ``Linear(d, d)``, ReLU, ``Linear(d, k)``, then L2
    normalisation.

    Args:
        in_dim (int): Feature length ``d``.
        out_dim (int): Projection length ``k``.
    """

    def __init__(self, in_dim: int, out_dim: int) -> None:
        super().__init__()
        self.mlp = nn.Sequential(
            nn.Linear(in_dim, in_dim), nn.ReLU(inplace=True),
            nn.Linear(in_dim, out_dim))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.mlp(features), dim=1)


def reinitialise(module: nn.Module) -> None:
    """CMI's per-round restart: conv and linear weights ``N(0, 0.02)``,
    biases 0, BatchNorm scales ``N(1, 0.02)`` and shifts 0."""
    for layer in module.modules():
        if isinstance(layer, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(layer.weight, 0.0, 0.02)
            if layer.bias is not None:
                nn.init.zeros_(layer.bias)
        elif isinstance(layer, _BatchNorm) and layer.affine:
            nn.init.normal_(layer.weight, 1.0, 0.02)
            nn.init.zeros_(layer.bias)


@MODELS.register_module()
class CMI(RoundBasedDistiller):
    """Contrastive model inversion.

    Fang et al., "Contrastive Model Inversion for Data-Free Knowledge
    Distillation", IJCAI 2021. Every round inverts a new batch with a
    freshly initialised generator and its latent codes, pushing the batch
    to be realistic for the teacher (BN statistics, target classes), hard
    for the student (agreement-masked adversarial KL) and *diverse*: each
    image must be told apart from the other images of the batch and from
    those of past rounds, by a contrastive head over the teacher's
    features of two views of it. One training iteration is one round:

    1. the generator restarts (:func:`reinitialise`) and its optimizer
       state is cleared; the round's latent codes become parameters of
       their own Adam (the generator's learning rate and betas);
    2. ``schedule.synthesis_steps`` steps minimise::

           L_G = w_bn * L_bn(T, x_g) + w_cls * CE(T(x_g), y)
                 + w_adv * L_adv(T(x_g), S(x_g))
                 + w_cr * L_cr(h(f(x_l)), h(f(x_g)))    (loss_bn, loss_cls,
                                                         loss_adv, loss_cr)

       where ``x_g`` and ``x_l`` are the global (shifted, flipped) and
       local (resized crop, flipped) views of ``x = G(z)``
       (:class:`RandomViews`), ``f`` concatenates the per-channel spatial
       means of the inputs of the teacher's BN layers, ``h`` is the
       contrastive head, trained with the generator, and ``L_cr`` is
       :class:`InstanceContrastiveLoss` over the batch and
       ``schedule.negatives`` features of past rounds;
    3. the batch of the lowest ``L_G`` joins the replay memory
       (``schedule.memory_size`` images) and its features the feature bank
       (``schedule.feature_bank_size``), both checkpointed;
    4. ``schedule.student_steps`` student steps of ``KL_tau(S || T)`` (tau
       20) on batches drawn from the memory.

    The targets are the classes in turn. Classifiers only. The codes'
    optimizer lies outside the optimizer wrappers, so fp16 loss scaling is
    refused; bf16 autocast applies.

    Args:
        *args: :class:`DataFreeDistiller`'s arguments; ``schedule`` with
            ``synthesis_steps``, ``student_steps``, ``memory_size``,
            ``feature_bank_size`` and ``negatives``.
        head_dim (int): Length of the contrastive projection. Defaults to
            256.
        views (dict, optional): :class:`RandomViews` arguments.
        **kwargs: :class:`DataFreeDistiller`'s keyword arguments.
    """

    default_generator_losses = dict(
        loss_bn=dict(type='BNStatisticsLoss', weight=1.0),
        loss_cls=dict(type='LabelCrossEntropy', weight=1.0),
        loss_adv=dict(type='DecisionAdversarialLoss', weight=0.5),
        loss_cr=dict(type='InstanceContrastiveLoss', temperature=0.2,
                     weight=0.8))
    default_student_losses = dict(
        loss_kd=dict(type='KLDivergence', tau=20.0, weight=1.0))
    # Fast-Datafree's cmi_cifar.sh; the memory is a config's.
    default_schedule = dict(synthesis_steps=200, student_steps=400,
                            memory_size=0, feature_bank_size=40960,
                            negatives=4096)
    schedule_keys = ('synthesis_steps', 'student_steps', 'memory_size',
                     'feature_bank_size', 'negatives')
    provided_views = {'projections'}
    steps_own_optimizer = True

    def __init__(self,
                 *args,
                 head_dim: int = 256,
                 views: Optional[dict] = None,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.views = RandomViews(**(views or {}))
        feature_dim = self._feature_dim()
        self.head = ContrastiveHead(feature_dim, head_dim)
        self.feature_bank = SampleBank(self.schedule['feature_bank_size'],
                                       (2 * feature_dim, ))

    @classmethod
    def parse_schedule(cls, schedule: Optional[dict]) -> dict:
        """The base checks and a feature bank."""
        schedule = super().parse_schedule(schedule)
        if int(schedule['feature_bank_size']) < 1:
            raise ValueError(
                f'model.schedule.feature_bank_size must be >= 1 for CMI, '
                f'got {schedule["feature_bank_size"]}.')
        if int(schedule['negatives']) < 0:
            raise ValueError(
                f'model.schedule.negatives must be >= 0, got '
                f'{schedule["negatives"]}.')
        return schedule

    @torch.no_grad()
    def _feature_dim(self) -> int:
        """Length of ``f``: the channels of all the teacher's BN inputs."""
        with evaluating(self), record_bn_inputs(self.teacher) as records:
            self.logits(self.teacher, self.probe_images())
        return int(self.features(records).shape[1])

    @staticmethod
    def features(records: Sequence[Tuple[torch.Tensor, nn.Module]]
                 ) -> torch.Tensor:
        """Concatenated spatial means of recorded BN inputs, ``(N, d)``."""
        return torch.cat([mean_over_space(inputs.float())
                          for inputs, _ in records], dim=1)

    def trained_with(self, network: str) -> List[str]:
        """The contrastive head learns with the generator, as its loss is
        the generator's."""
        if network == 'generator':
            return ['generator', 'head']
        return super().trained_with(network)

    def synthesise_round(self, z: torch.Tensor, targets: torch.Tensor,
                         optim_wrapper: OptimWrapperDict
                         ) -> Dict[str, torch.Tensor]:
        """Invert a batch; store it in the memory, its features in the
        feature bank.

        Args:
            z (Tensor): The round's initial latent codes.
            targets (Tensor): The round's target classes.
            optim_wrapper (OptimWrapperDict): With the ``generator`` (the
                generator and the head) wrapper.

        Returns:
            dict: The synthesis terms of the round's last step.
        """
        images, features, log_vars = self.invert(z, targets,
                                                 optim_wrapper['generator'])
        self.store(images, targets)
        self.feature_bank.add(features, targets)
        return log_vars

    def invert(
            self, z: torch.Tensor, targets: torch.Tensor,
            synthesis: OptimWrapper
    ) -> Tuple[torch.Tensor, torch.Tensor, Dict[str, torch.Tensor]]:
        """Synthesise a batch from a restarted generator and its codes.

        Args:
            z (Tensor): The round's initial latent codes.
            targets (Tensor): The round's target classes.
            synthesis (OptimWrapper): The generator's (and head's) wrapper.

        Returns:
            tuple[Tensor, Tensor, dict]: The lowest-loss batch and its
            ``(local, global)`` features, without autograd history, and
            the last step's logged terms.
        """
        generator = unwrap_model(self.generator)
        reinitialise(generator)
        for param in generator.parameters():
            synthesis.optimizer.state.pop(param, None)
        group = synthesis.optimizer.param_groups[0]
        z = z.detach().clone().requires_grad_(True)
        codes = torch.optim.Adam([z], lr=group['lr'], betas=group['betas'])
        needed = self.generator_objective.views | {'teacher_bn'}
        best_loss, best = float('inf'), None
        with evaluating(unwrap_model(self.student)), \
                frozen_parameters(unwrap_model(self.student)):
            for _ in range(self.schedule['synthesis_steps']):
                with synthesis.optim_context(self.generator):
                    images = self.generate(z, generator=self.generator)
                    views = self.compute_views(
                        self.views.global_view(images), targets,
                        needed - {'projections'}, student_grad=False)
                    with record_bn_inputs(self.teacher) as local_records:
                        self.logits(self.teacher,
                                    self.views.local_view(images))
                    global_features = self.features(views['teacher_bn'])
                    local_features = self.features(local_records)
                    views['projections'] = self.projections(
                        local_features, global_features)
                    losses = self.generator_objective(views)
                    loss = sum(losses.values())
                codes.zero_grad()
                synthesis.update_params(loss)
                codes.step()
                if loss.item() < best_loss:
                    best_loss = loss.item()
                    best = (images.detach(),
                            torch.cat([local_features, global_features],
                                      dim=1).detach())
                log_vars = self.log_terms('loss_generator', loss, losses)
        self.diagnostics.update(
            batch_diagnostics(images.detach(), views.get('teacher_logits')))
        return (*best, log_vars)

    def projections(
            self, local: torch.Tensor,
            global_: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, int]:
        """The ``projections`` view: the head on the batch's features and
        on up to ``schedule.negatives`` banked ones.

        Args:
            local (Tensor): ``(B, d)`` features of the local views.
            global_ (Tensor): ``(B, d)`` features of the global views.

        Returns:
            tuple: ``(h_local, h_global, B)``, the projections ``(B + M,
            k)`` of the batch then the ``M`` banked images.
        """
        num_current = len(local)
        num = min(self.schedule['negatives'], self.feature_bank.num_stored)
        if num:
            banked, _ = self.feature_bank.sample(num)
            dim = local.shape[1]
            local = torch.cat([local, banked[:, :dim].to(local)])
            global_ = torch.cat([global_, banked[:, dim:].to(global_)])
        return self.head(local), self.head(global_), num_current
