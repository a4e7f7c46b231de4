"""CGDD: Conditional Generative Data-free knowledge Distillation."""
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F

from mmdfkd.models.losses import check_feature_map
from mmdfkd.models.task_modules import FeatureConnectors, FeatureRecorder
from mmdfkd.models.utils import build_component, evaluating
from mmdfkd.registry import MODELS

from .ddad import DDAD


@MODELS.register_module()
class CGDD(DDAD):
    """Conditional Generative Data-free knowledge Distillation.

    Yu et al., "Conditional Generative Data-free Knowledge Distillation",
    arXiv 2112.15358. A conditional generator ``x = G(z, y)`` draws images
    of preset labels ``y`` (balanced over the classes, from
    ``LatentDataset(num_classes=...)``). On top of DDAD's loop and
    generator terms::

        L_G = lambda_cls * CE(T(x), y) + lambda_bn * L_bn(T, x)
              + lambda_adv * L_adv(T(x), S(x))
        L_S = KL_tau(S(x) || T(x)) + lambda_ce * CE(S(x), y)
              + lambda_fm * sum_pairs L_fm(f_S, f_T)

    ``L_adv = -D`` with DDAD's ``discrepancy`` (L1 by default). The preset
    label supervises the generator through the teacher (semi-supervised
    generator training) and the student directly; ``L_fm`` matches the
    feature maps of ``feature_pairs``: attention transfer (Zagoruyko &
    Komodakis, ICLR 2017) by default, which compares maps of any channel
    counts, or a loss with ``requires_connectors`` such as
    ``MSEFeatureLoss``, for which a learned 1x1 convolution per pair maps
    the student's channels to the teacher's.

    The connectors are the child ``connectors`` (empty without such a
    loss) and are optimised *with the student*, by the student's optim
    wrapper listing both children:
    ``optim_wrapper.student.modules=['student', 'connectors']``. One
    optimizer, loss scaler and schedule for the one student loss keeps AMP
    correct (two wrappers would scale a single backward with two loss
    scalers). Under distributed training the connectors have their own
    DDP wrapper, which runs once per student step, so their gradients are
    synchronised like the student's.

    Args:
        feature_pairs (Sequence[tuple[str, str]]): ``(teacher_path,
            student_path)`` pairs of modules whose outputs are compared,
            dotted names from ``named_modules()`` of each network, e.g.
            ``('backbone.layer1', 'backbone.layer1')``. Empty (default):
            no feature-map term.
        feature_loss (dict): The feature-map loss of one pair. Defaults to
            ``dict(type='AttentionTransferLoss')``.
        kd_loss (dict): The student's loss on logits. Defaults to
            ``dict(type='KLDivergence', tau=1.0)``.
        lambda_cls (float): Weight of the generator's ``CE(T(x), y)``.
            Defaults to 1.
        lambda_ce (float): Weight of the student's ``CE(S(x), y)``.
            Defaults to 1.
        lambda_fm (float): Weight of the feature-map term, summed over the
            pairs. Defaults to 250, ZSKT's weight for attention transfer;
            about 1 suits ``MSEFeatureLoss``.
        **kwargs: The arguments of :class:`DDAD`: ``teacher``, ``student``,
            ``generator`` (a conditional one, e.g.
            ``dict(type='ConditionalGenerator', num_classes=10)``),
            ``teacher_ckpt``, ``bn_loss``, ``discrepancy``, ``lambda_bn``,
            ``lambda_adv``, ``n_student_steps``, ...
    """

    def __init__(self,
                 feature_pairs: Sequence[Sequence[str]] = (),
                 feature_loss: dict = dict(type='AttentionTransferLoss'),
                 kd_loss: dict = dict(type='KLDivergence', tau=1.0),
                 lambda_cls: float = 1.0,
                 lambda_ce: float = 1.0,
                 lambda_fm: float = 250.0,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if not self.generator.conditional:
            raise ValueError(
                f'CGDD needs a conditional generator, got '
                f'{type(self.generator).__name__}: use e.g. '
                f'generator=dict(type=\'ConditionalGenerator\', '
                f'num_classes=<teacher classes>).')
        self.lambda_cls = lambda_cls
        self.lambda_ce = lambda_ce
        self.lambda_fm = lambda_fm
        self.kd_loss = build_component(kd_loss, 'model.kd_loss')
        self.feature_loss = build_component(feature_loss,
                                            'model.feature_loss')
        self.feature_pairs = self._parse_pairs(feature_pairs)
        self.teacher_features = FeatureRecorder(
            self.teacher, [pair[0] for pair in self.feature_pairs])
        self.student_features = FeatureRecorder(
            self.student, [pair[1] for pair in self.feature_pairs])
        self.connectors = FeatureConnectors(self._connector_channels())
        if self.channels_last:
            self.connectors.to(memory_format=torch.channels_last)

    @staticmethod
    def _parse_pairs(pairs: Sequence[Sequence[str]]) -> List[Tuple[str, str]]:
        """``feature_pairs`` as a list of ``(teacher, student)`` tuples."""
        if any(isinstance(pair, str) or len(pair) != 2 for pair in pairs):
            raise ValueError(
                f'feature_pairs must hold (teacher_path, student_path) '
                f'pairs, e.g. [(\'backbone.layer1\', \'backbone.layer1\')], '
                f'got {pairs!r}.')
        return [tuple(pair) for pair in pairs]

    @property
    def distils_features(self) -> bool:
        """Whether the student loss has the feature-map term."""
        return bool(self.lambda_fm and self.feature_pairs)

    @torch.no_grad()
    def _connector_channels(self) -> List[Tuple[int, int]]:
        """Check the tapped outputs on probe images; size the connectors.

        Returns:
            list[tuple[int, int]]: ``(student, teacher)`` channels per pair
            when the feature-map term needs connectors, else an empty list.
        """
        with evaluating(self), \
                self.teacher_features.record() as teacher_maps, \
                self.student_features.record() as student_maps:
            images = self.probe_images()
            self.logits(self.teacher, images)
            self.logits(self.student, images)
        for net, recorder, maps in (
                ('teacher', self.teacher_features, teacher_maps),
                ('student', self.student_features, student_maps)):
            for path in recorder.paths:
                if path not in maps:
                    raise ValueError(
                        f'The {net} module "{path}" does not run in the '
                        f'{net}\'s forward: tap a module on its path from '
                        f'image to logits.')
                check_feature_map(maps[path], f'the {net} output "{path}"')
        if not (self.distils_features
                and self.feature_loss.requires_connectors):
            return []
        return [(student_maps[s].shape[1], teacher_maps[t].shape[1])
                for t, s in self.feature_pairs]

    def check_optim_wrapper(self, optim_wrapper: dict) -> None:
        """DDAD's check, and the connectors learning with the student.

        Args:
            optim_wrapper (dict): The config's ``optim_wrapper``.

        Raises:
            ValueError: If feature connectors exist but the student's
            wrapper does not list them in ``modules``.
        """
        super().check_optim_wrapper(optim_wrapper)
        modules = optim_wrapper['student'].get('modules', ['student'])
        if len(self.connectors) and 'connectors' not in modules:
            raise ValueError(
                'The feature connectors are not optimised: set '
                'optim_wrapper.student.modules=[\'student\', '
                '\'connectors\'] so that the student\'s optimizer '
                'updates them.')

    def student_losses(
            self, images: torch.Tensor,
            labels: Optional[torch.Tensor]) -> Dict[str, torch.Tensor]:
        """``loss_kd``, ``loss_ce`` and ``loss_fm`` (weighted) of S.

        Args:
            images (Tensor): Generated images, no autograd history.
            labels (Tensor): Their preset labels ``(B, )``.
        """
        with torch.no_grad(), \
                self.teacher_features.record() as teacher_maps:
            teacher_out = self.logits(self.teacher, images)
        with self.student_features.record() as student_maps:
            student_out = self.logits(self.student, images)
        losses = dict(loss_kd=self.kd_loss(student_out, teacher_out))
        if self.lambda_ce:
            losses['loss_ce'] = self.lambda_ce * F.cross_entropy(
                student_out.float(), labels)
        if self.distils_features:
            losses['loss_fm'] = self.lambda_fm * self.feature_map_loss(
                student_maps, teacher_maps)
        return losses

    def feature_map_loss(
            self, student_maps: Dict[str, torch.Tensor],
            teacher_maps: Dict[str, torch.Tensor]) -> torch.Tensor:
        """Sum over ``feature_pairs`` of the (unweighted) feature loss.

        Args:
            student_maps (dict[str, Tensor]): Recorded student outputs.
            teacher_maps (dict[str, Tensor]): Recorded teacher outputs.
        """
        students = [student_maps[s] for _, s in self.feature_pairs]
        teachers = [teacher_maps[t] for t, _ in self.feature_pairs]
        if self.feature_loss.requires_connectors:
            # Through the (possibly DDP-wrapped) module: gradients sync.
            students = self.connectors(students)
        return sum(
            self.feature_loss(student, teacher)
            for student, teacher in zip(students, teachers))

    def generator_losses(
            self, images: torch.Tensor, teacher_out: torch.Tensor,
            labels: Optional[torch.Tensor]) -> Dict[str, torch.Tensor]:
        """DDAD's terms plus ``loss_cls = lambda_cls * CE(T(x), y)``.

        Args:
            images (Tensor): Generated images, differentiable w.r.t. G.
            teacher_out (Tensor): The teacher's logits on them.
            labels (Tensor): Their preset labels ``(B, )``.
        """
        losses = super().generator_losses(images, teacher_out, labels)
        if self.lambda_cls:
            losses['loss_cls'] = self.lambda_cls * F.cross_entropy(
                teacher_out.float(), labels)
        return losses
