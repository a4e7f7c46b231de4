"""CGDD: Conditional Generative Data-free knowledge Distillation."""
from mmdfkd.registry import MODELS

from .datafree_distiller import DataFreeDistiller


@MODELS.register_module()
class CGDD(DataFreeDistiller):
    """Conditional Generative Data-free knowledge Distillation.

    Yu et al., "Conditional Generative Data-free Knowledge Distillation",
    arXiv 2112.15358. A conditional generator ``x = G(z, y)`` draws images
    of preset labels ``y`` (balanced over the classes, from
    ``LatentDataset(num_classes=...)``)::

        L_G = w_bn * L_bn(T, x) + w_adv * L_adv(T(x), S(x))
              + w_cls * CE(T(x), y)                   (loss_bn, loss_adv,
                                                       loss_cls)
        L_S = KL_tau(S(x) || T(x)) + w_ce * CE(S(x), y)
              + w_fm * sum_pairs L_at(f_S, f_T)       (loss_kd, loss_ce,
                                                       loss_fm)

    The preset label supervises the generator through the teacher
    (semi-supervised generator training) and the student directly; the
    feature term is attention transfer (Zagoruyko & Komodakis, ICLR 2017)
    over ``feature_pairs`` at ZSKT's weight 250. ``loss_fm=dict(
    type='MSEFeatureLoss', weight=1.0)`` compares the maps through learned
    1x1 connectors instead, which the student's optimizer updates
    (``optim_wrapper.student.modules=['student', 'connectors']``: one
    optimizer, loss scaler and schedule for the one student loss). These
    are the defaults of :class:`DataFreeDistiller`'s declarations; see it
    for the arguments. The label terms need a conditional generator, e.g.
    ``generator=dict(type='ConditionalGenerator', num_classes=10)``.
    """

    default_generator_losses = dict(
        loss_bn=dict(type='BNStatisticsLoss', weight=1.0),
        loss_adv=dict(type='AdversarialLoss', weight=1.0),
        loss_cls=dict(type='LabelCrossEntropy', weight=1.0))
    default_student_losses = dict(
        loss_kd=dict(type='KLDivergence', tau=1.0, weight=1.0),
        loss_ce=dict(type='LabelCrossEntropy', weight=1.0,
                     inputs=('student_logits', 'labels')),
        loss_fm=dict(type='AttentionTransferLoss', weight=250.0))
