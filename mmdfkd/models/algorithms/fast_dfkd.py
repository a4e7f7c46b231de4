"""Fast: a meta-learned generator that needs few steps per batch."""
import copy
from typing import Dict, Optional, Tuple

import torch
from mmengine.dist import all_reduce, get_world_size
from mmengine.optim import OptimWrapper, OptimWrapperDict

from mmdfkd.models.task_modules import batch_diagnostics
from mmdfkd.models.utils import frozen_parameters, unwrap_model
from mmdfkd.registry import MODELS

from .round_based import RoundBasedDistiller


@MODELS.register_module()
class FastDFKD(RoundBasedDistiller):
    """Fast data-free knowledge distillation with a meta-learned generator.

    Fang et al., "Up to 100x Faster Data-free Knowledge Distillation",
    AAAI 2022. The generator is a learned *initialisation* ("common
    features"): each round adapts a copy of it to a new batch in a few
    steps, and the initialisation learns from every round to make that
    adaptation fast. One training iteration is one round:

    1. the *fast* generator starts as a copy of the meta generator, the
       round's latent codes ``z`` become parameters, and one new Adam
       (betas 0.5, 0.999) over both (learning rates
       ``schedule.inner_lr`` and ``schedule.latent_lr``) takes
       ``schedule.synthesis_steps`` steps on::

           L_G = w_bn * L_bn(T, x) + w_cls * CE(T(x), y)
                 + w_adv * L_adv(T(x), S(x))    (loss_bn, loss_cls,
                                                 loss_adv)

       with ``L_adv`` the agreement-masked adversarial KL
       (:class:`DecisionAdversarialLoss`) and ``y`` the round's target
       classes (the classes in turn, as in DeepInversion);
    2. the meta generator steps once, through the ``generator`` optimizer
       wrapper, on the sum of the fast generator's gradients over the inner
       steps (first-order MAML, Fast's ``is_maml=1``); it keeps the fast
       generator's BatchNorm statistics;
    3. the batch of the inner step with the lowest ``L_G`` joins the replay
       memory (``schedule.memory_size`` images, a checkpointed
       :class:`SampleBank`), with the teacher's logits of that step when
       the memory keeps logits (no second teacher forward), and the
       student takes ``schedule.student_steps`` steps of
       ``L_S = KL_tau(S || T)`` (``loss_kd``, tau 20) on batches drawn
       uniformly from it.

    The objectives are declared as in every :class:`DataFreeDistiller`;
    on a segmentor, with the class term off and a dense adversarial term
    (e.g. DDAD's :class:`AdversarialLoss`), the loop is the same. Under
    DDP the processes average their meta-gradients and each keeps its own
    memory. The inner optimizer lies outside the optimizer wrappers, so
    fp16 loss scaling (``AmpOptimWrapper``) is refused; bf16 autocast
    applies.

    Args:
        *args: :class:`DataFreeDistiller`'s arguments; ``schedule`` with
            ``synthesis_steps``, ``student_steps``, ``memory_size``,
            ``inner_lr`` and ``latent_lr``.
        **kwargs: :class:`DataFreeDistiller`'s keyword arguments.
    """

    default_generator_losses = dict(
        loss_bn=dict(type='BNStatisticsLoss', weight=10.0),
        loss_cls=dict(type='LabelCrossEntropy', weight=0.5),
        loss_adv=dict(type='DecisionAdversarialLoss', weight=1.33))
    default_student_losses = dict(
        loss_kd=dict(type='KLDivergence', tau=20.0, weight=1.0))
    # Fast-5 of Fast-Datafree's CIFAR scripts; the memory is a config's.
    default_schedule = dict(synthesis_steps=5, student_steps=400,
                            memory_size=0, inner_lr=3e-3, latent_lr=1e-2)
    schedule_keys = ('synthesis_steps', 'student_steps', 'memory_size',
                     'inner_lr', 'latent_lr')
    steps_own_optimizer = True

    def synthesise_round(self, z: torch.Tensor, targets: torch.Tensor,
                         optim_wrapper: OptimWrapperDict
                         ) -> Dict[str, torch.Tensor]:
        """Adapt and meta-update (:meth:`synthesise`); store the batch.

        Args:
            z (Tensor): The round's initial latent codes.
            targets (Tensor): The round's target classes.
            optim_wrapper (OptimWrapperDict): With the ``generator`` (the
                meta generator) wrapper.

        Returns:
            dict: The synthesis terms of the round's last inner step.
        """
        images, teacher_logits, log_vars = self.synthesise(
            z, targets, optim_wrapper['generator'])
        self.store(images, targets, teacher_logits)
        return log_vars

    def synthesise(
        self, z: torch.Tensor, targets: torch.Tensor,
        meta_wrapper: OptimWrapper
    ) -> Tuple[torch.Tensor, Optional[torch.Tensor], Dict[str,
                                                          torch.Tensor]]:
        """Adapt a copy of the meta generator to a batch; meta-update it.

        Args:
            z (Tensor): The round's initial latent codes.
            targets (Tensor): The round's target classes.
            meta_wrapper (OptimWrapper): The meta generator's wrapper.

        Returns:
            tuple[Tensor, Tensor | None, dict]: The lowest-loss batch of
            the inner steps and the teacher's logits of it, from the same
            forward (None if the objective reads none), without autograd
            history, and the last inner step's logged terms.
        """
        meta = unwrap_model(self.generator)
        fast = copy.deepcopy(meta)
        z = z.detach().clone().requires_grad_(True)
        inner = torch.optim.Adam(
            [dict(params=fast.parameters(), lr=self.schedule['inner_lr']),
             dict(params=[z], lr=self.schedule['latent_lr'])],
            betas=(0.5, 0.999))
        meta_wrapper.zero_grad()
        best_loss, best = float('inf'), None
        with frozen_parameters(unwrap_model(self.student)):
            for _ in range(self.schedule['synthesis_steps']):
                with meta_wrapper.optim_context(self.generator):
                    images = self.generate(z, generator=fast)
                    views = self.compute_views(
                        images, targets, self.generator_objective.views,
                        student_grad=False)
                    losses = self.generator_objective(views)
                    loss = sum(losses.values())
                inner.zero_grad()
                loss.backward()
                for meta_param, fast_param in zip(meta.parameters(),
                                                  fast.parameters()):
                    if fast_param.grad is None:
                        continue
                    if meta_param.grad is None:
                        meta_param.grad = fast_param.grad.clone()
                    else:
                        meta_param.grad += fast_param.grad
                inner.step()
                if loss.item() < best_loss:
                    # The teacher is frozen and in eval mode: these are
                    # the logits a new forward would give.
                    logits = views.get('teacher_logits')
                    best_loss, best = loss.item(), (
                        images.detach(),
                        None if logits is None else logits.detach())
                log_vars = self.log_terms('loss_generator', loss, losses)
        if get_world_size() > 1:
            for param in meta.parameters():
                if param.grad is not None:
                    all_reduce(param.grad, op='mean')
        meta_wrapper.step()
        meta_wrapper.zero_grad()
        for meta_buffer, fast_buffer in zip(meta.buffers(), fast.buffers()):
            meta_buffer.copy_(fast_buffer)
        self.diagnostics.update(
            batch_diagnostics(images.detach(), views.get('teacher_logits')))
        return (*best, log_vars)
