"""DDAD: Dual Discriminator Adversarial Distillation."""
from mmdfkd.registry import MODELS

from .datafree_distiller import DataFreeDistiller


@MODELS.register_module()
class DDAD(DataFreeDistiller):
    """Dual Discriminator Adversarial Distillation.

    Zhao et al., "Dual Discriminator Adversarial Distillation for Data-free
    Model Compression", arXiv 2104.05382. The generator is shaped by two
    "discriminators": the teacher's BatchNorm running statistics (realism)
    and the teacher/student discrepancy (hardness)::

        L_G = w_bn * L_bn(T, x) + w_adv * L_adv(T(x), S(x))     (loss_bn,
                                                                  loss_adv)
        L_S = D(S(x), T(x))                                      (loss_kd)

    with ``x = G(z)``, ``D`` the L1 discrepancy and ``L_adv = -D``, or
    ``-log(1 + D)`` on the logit maps of segmentors; 5 student steps per
    generator step. These are the defaults of :class:`DataFreeDistiller`'s
    declarations, changed by name in a config, e.g.
    ``generator_losses=dict(loss_bn=dict(weight=0))`` is exactly DFAD
    (Fang et al., arXiv 1912.11006), and
    ``generator_losses=dict(loss_onehot=dict(type='OneHotLoss',
    weight=0.5))`` adds DAFL's one-hot prior. Classifiers and segmentors
    alike; see :class:`DataFreeDistiller` for the arguments.
    """

    default_generator_losses = dict(
        loss_bn=dict(type='BNStatisticsLoss', weight=1.0),
        loss_adv=dict(type='AdversarialLoss', weight=1.0))
    default_student_losses = dict(
        loss_kd=dict(type='L1Discrepancy', weight=1.0))
