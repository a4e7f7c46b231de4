"""The shared data-free loop; methods declare objectives and a schedule."""
from contextlib import ExitStack
from typing import (
    Callable,
    Dict,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
    Union,
)

import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict

from mmdfkd.models.losses import (
    BNStatisticsLoss,
    check_feature_map,
    record_bn_inputs,
)
from mmdfkd.models.task_modules import (
    METHOD_VIEWS,
    FeatureConnectors,
    FeatureRecorder,
    Objective,
    RandomViews,
    SampleBank,
    batch_diagnostics,
    class_entropy,
    merge_terms,
)
from mmdfkd.models.utils import evaluating, frozen_parameters, unwrap_model
from mmdfkd.registry import MODELS

from .base_datafree import BaseDataFreeDistiller

TEACHER_VIEWS = {'teacher_logits', 'teacher_bn', 'teacher_features',
                 'teacher_embedding'}
STUDENT_VIEWS = {'student_logits', 'student_features'}


@MODELS.register_module()
class DataFreeDistiller(BaseDataFreeDistiller):
    """One data-free loop; a method is its declared objectives and schedule.

    Each training iteration draws fresh latent codes (and preset labels)
    for every network update and runs ``schedule.student_steps`` student
    steps and ``schedule.generator_steps`` generator steps (the generator
    first when ``schedule.generator_first``). The generator step minimises
    ``generator_losses`` (the teacher frozen, the student's weights
    frozen); a student step minimises ``student_losses`` on generated
    images without autograd history. With ``schedule.memory_size`` set, the
    student also replays past samples: each student step draws the share
    ``schedule.replay_ratio`` of its batch from a :class:`SampleBank` of
    the latest ``memory_size`` fresh student-step images (with their preset
    labels), generating only the rest, and then stores its fresh images.
    The bank is a set of buffers allocated in full when the model is built
    (``memory_size * C * H * W`` floats), so memory is bounded and
    checkpoints hold it: ``--resume`` continues exactly. With
    ``student_views`` set, every student batch (fresh and replayed) is
    replaced by random views of it (:class:`RandomViews`: shifts or
    resized crops) before teacher and student see it, so the teacher
    labels each view. Under DDP every
    process keeps its own bank of the images it generated; a resumed run
    gives every process rank 0's. Each objective is a dict of weighted
    registered loss terms (:class:`~mmdfkd.models.task_modules.Objective`)
    that read *views* of the batch: the images, the preset labels, the
    teacher's and student's logits, the inputs of the teacher's BN layers,
    the maps of ``feature_pairs`` and the teacher's pooled feature. Only
    the views some term reads are computed, in one forward per network.

    So DFAD, DDAD, DAFL, DFQ, ZSKT and CGDD differ in config, not in code;
    e.g. DDAD::

        generator_losses=dict(
            loss_bn=dict(type='BNStatisticsLoss', weight=1.0),
            loss_adv=dict(type='AdversarialLoss', weight=1.0)),
        student_losses=dict(loss_kd=dict(type='L1Discrepancy')),
        schedule=dict(student_steps=5)

    Subclasses may declare default terms (``default_generator_losses``,
    ``default_student_losses``) and ``default_schedule``; a config then
    changes a term by its name (``loss_bn=dict(weight=0.1)``), switches it
    off with weight 0, or adds one with its ``type``. The contract is
    checked when the model is built: unknown terms and views, terms that
    read labels without a conditional generator or BN statistics of a
    teacher without BN, an empty objective, unknown schedule keys; and, by
    :class:`~mmdfkd.engine.DataFreeRunner`, the optimizers and the latent
    draws of the train loader.

    Args:
        teacher (dict | str): Teacher model dict or config file.
        student (dict | str): Student model dict or config file.
        generator (dict): Generator config.
        generator_losses (dict, optional): Terms of the generator's
            objective, merged over ``default_generator_losses``.
        student_losses (dict, optional): Terms of the student's objective,
            merged over ``default_student_losses``.
        schedule (dict, optional): ``student_steps`` (student updates per
            iteration), ``generator_steps`` (generator updates per
            iteration, each on fresh codes; default 1),
            ``generator_first`` (update the generator before the students
            of an iteration), ``memory_size`` (images
            the replay memory holds; 0, the default, keeps none) and
            ``replay_ratio`` (the share of a student batch replayed from
            it, in ``[0, 1)``), over ``default_schedule``.
        student_views (dict, optional): Train the student on random views
            of its batches: ``kind`` (``'global'``, shifts of up to
            ``padding`` pixels, the default; or ``'local'``, square crops
            of ``[min_scale, 1]`` of the area resized to the image) and
            the other :class:`RandomViews` arguments. Defaults to None
            (the batches as generated).
        feature_pairs (Sequence[tuple[str, str]]): ``(teacher_path,
            student_path)`` modules whose outputs feature terms compare,
            dotted names from ``named_modules()``. Defaults to none.
        embedding_path (str): Teacher module whose output is the
            ``teacher_embedding`` view (an mmpretrain classifier's pooled
            ``neck``). Defaults to ``'neck'``.
        teacher_ckpt (str, optional): Trained teacher checkpoint.
        data_preprocessor (dict, optional): Preprocessor of the real
            validation images. Defaults to the student's.
        channels_last (bool): Channels-last networks. Defaults to False.
        init_cfg (dict, optional): Unused.
    """

    default_generator_losses: Mapping[str, dict] = {}
    default_student_losses: Mapping[str, dict] = {}
    default_schedule: Mapping[str, object] = dict(
        student_steps=5, generator_steps=1, generator_first=False,
        memory_size=0, replay_ratio=0.5)
    #: The keys ``schedule`` accepts; a subclass with another loop may
    #: declare others.
    schedule_keys: Tuple[str, ...] = ('student_steps', 'generator_steps',
                                      'generator_first', 'memory_size',
                                      'replay_ratio')
    #: The views of :data:`METHOD_VIEWS` that the method computes.
    provided_views: Set[str] = set()
    #: Whether the method steps an optimizer of its own besides the
    #: wrappers (Fast's inner loop, CMI's latent codes), which fp16 loss
    #: scaling would not reach.
    steps_own_optimizer: bool = False

    def __init__(self,
                 teacher: Union[dict, str],
                 student: Union[dict, str],
                 generator: dict,
                 generator_losses: Optional[dict] = None,
                 student_losses: Optional[dict] = None,
                 schedule: Optional[dict] = None,
                 student_views: Optional[dict] = None,
                 feature_pairs: Sequence[Sequence[str]] = (),
                 embedding_path: str = 'neck',
                 teacher_ckpt: Optional[str] = None,
                 data_preprocessor: Optional[dict] = None,
                 channels_last: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(teacher, student, generator, teacher_ckpt,
                         data_preprocessor, channels_last, init_cfg)
        self.generator_objective = Objective(
            merge_terms(self.default_generator_losses, generator_losses,
                        'model.generator_losses'), 'model.generator_losses')
        self.student_objective = Objective(
            merge_terms(self.default_student_losses, student_losses,
                        'model.student_losses'), 'model.student_losses')
        self.schedule = self.parse_schedule(schedule)
        self.student_views, self.student_view_kind = self._build_views(
            student_views)
        # Built only when asked for: its random stream draws a seed.
        self.memory = self.new_bank(
            self.schedule['memory_size'],
            (self.generator.out_channels, *self.generator.img_size)
        ) if self.schedule.get('memory_size') else None
        self.feature_pairs = self._parse_pairs(feature_pairs)
        self._check_views()
        self.teacher_features = FeatureRecorder(
            self.teacher, [t for t, _ in self.feature_pairs])
        self.student_features = FeatureRecorder(
            self.student, [s for _, s in self.feature_pairs])
        self.teacher_embedding = FeatureRecorder(
            self.teacher, [embedding_path] if 'teacher_embedding' in
            self.all_views else [])
        self.connectors = FeatureConnectors(self._connector_channels())
        if self.channels_last:
            self.connectors.to(memory_format=torch.channels_last)
        #: :func:`batch_diagnostics` of the last generator step's batch and
        #: the student's ``diag_student_class_entropy`` on its last batch,
        #: which :class:`~mmdfkd.engine.DivergenceGuardHook` checks.
        self.diagnostics: Dict[str, torch.Tensor] = {}

    @classmethod
    def parse_schedule(cls, schedule: Optional[dict]) -> dict:
        """``default_schedule`` updated by a config's ``model.schedule``,
        checked; a class method, so that tools can read a config's
        schedule without building its networks.

        Args:
            schedule (dict, optional): The config's schedule.

        Returns:
            dict: The whole schedule.
        """
        unknown = sorted(set(schedule or {}) - set(cls.schedule_keys))
        if unknown:
            raise ValueError(
                f'model.schedule has unknown keys {unknown}; valid keys: '
                f'{list(cls.schedule_keys)}.')
        schedule = dict(cls.default_schedule, **(schedule or {}))
        if int(schedule['student_steps']) < 1:
            raise ValueError(
                f'model.schedule.student_steps must be >= 1, got '
                f'{schedule["student_steps"]}.')
        for key in ('synthesis_steps', 'generator_steps'):
            if int(schedule.get(key, 1)) < 1:
                raise ValueError(
                    f'model.schedule.{key} must be >= 1, got '
                    f'{schedule[key]}.')
        if int(schedule.get('memory_size', 0)) < 0:
            raise ValueError(
                f'model.schedule.memory_size must be >= 0 (0 keeps no '
                f'memory), got {schedule["memory_size"]}.')
        if not 0 <= schedule.get('replay_ratio', 0) < 1:
            raise ValueError(
                f'model.schedule.replay_ratio must be in [0, 1): a student '
                f'batch needs fresh images to store, got '
                f'{schedule["replay_ratio"]}.')
        return schedule

    @staticmethod
    def _build_views(
            cfg: Optional[dict]) -> Tuple[Optional[RandomViews], str]:
        """The student's :class:`RandomViews` and their kind, or None."""
        if cfg is None:
            return None, 'global'
        cfg = dict(cfg)
        kind = cfg.pop('kind', 'global')
        if kind not in RandomViews.kinds:
            raise ValueError(
                f'model.student_views.kind must be one of '
                f'{list(RandomViews.kinds)}, got {kind!r}.')
        return RandomViews(**cfg), kind

    @staticmethod
    def _parse_pairs(pairs: Sequence[Sequence[str]]) -> List[Tuple[str, str]]:
        """``feature_pairs`` as a list of ``(teacher, student)`` tuples."""
        if any(isinstance(pair, str) or len(pair) != 2 for pair in pairs):
            raise ValueError(
                f'feature_pairs must hold (teacher_path, student_path) '
                f'pairs, e.g. [(\'backbone.layer1\', \'backbone.layer1\')], '
                f'got {pairs!r}.')
        return [tuple(pair) for pair in pairs]

    def new_bank(self, capacity: int,
                 image_shape: Sequence[int]) -> SampleBank:
        """A bank of synthesised images (see :class:`SampleBank`).

        Args:
            capacity (int): The most images it holds.
            image_shape (Sequence[int]): ``(C, H, W)`` of an image.
        """
        return SampleBank(capacity, image_shape)

    @property
    def all_views(self) -> Set[str]:
        """The views either objective reads."""
        return self.generator_objective.views | self.student_objective.views

    def _check_views(self) -> None:
        """Fail at build for objectives this model cannot compute."""
        for name, objective in (('generator', self.generator_objective),
                                ('student', self.student_objective)):
            if not objective.terms:
                raise ValueError(
                    f'The {name} objective has no term of non-zero weight: '
                    f'model.{name}_losses must keep at least one.')
        views = self.all_views
        foreign = sorted(views & (METHOD_VIEWS - self.provided_views))
        if foreign:
            raise ValueError(
                f'A term reads {foreign}, which {type(self).__name__} does '
                f'not compute: it belongs to another method (e.g. '
                f'projections to mmdfkd.CMI).')
        if 'labels' in views and not self.has_labels:
            raise ValueError(
                f'A term reads the preset labels, but '
                f'{type(self.generator).__name__} is not conditional: use '
                f'generator=dict(type=\'ConditionalGenerator\', '
                f'num_classes=<teacher classes>).')
        if views & {'teacher_features', 'student_features'} and \
                not self.feature_pairs:
            raise ValueError(
                'A feature term compares feature maps, but feature_pairs '
                'is empty: set model.feature_pairs=[(teacher_path, '
                'student_path), ...].')
        if 'teacher_bn' in views:
            # A clear error now for a teacher without BatchNorm.
            BNStatisticsLoss.tracked_layers(self.teacher)

    @property
    def has_labels(self) -> bool:
        """Whether batches have labels (the ``labels`` view): the preset
        labels of a conditional generator."""
        return self.generator.conditional

    @property
    def student_updates_per_iteration(self) -> int:
        """Student optimizer steps in one training iteration."""
        return int(self.schedule['student_steps'])

    @classmethod
    def generator_updates(cls, schedule: Mapping[str, object]) -> int:
        """Generator updates in one iteration of a parsed schedule.

        Args:
            schedule (Mapping): A schedule from :meth:`parse_schedule`.
        """
        return int(schedule['generator_steps'])

    @property
    def draws_per_iteration(self) -> int:
        """A draw per student update and per generator update."""
        return (self.student_updates_per_iteration +
                self.generator_updates(self.schedule))

    def _needs_connectors(self) -> bool:
        """Whether a feature term compares maps of equal channel counts."""
        return any(
            getattr(loss, 'requires_connectors', False)
            for objective in (self.generator_objective,
                              self.student_objective)
            for loss in objective.terms.values())

    @torch.no_grad()
    def _connector_channels(self) -> List[Tuple[int, int]]:
        """Check the tapped outputs on probe images; size the connectors.

        Returns:
            list[tuple[int, int]]: ``(student, teacher)`` channels per pair
            when a feature term needs connectors, else an empty list.
        """
        if not self.feature_pairs and not self.teacher_embedding.paths:
            return []
        with evaluating(self), \
                self.teacher_features.record() as teacher_maps, \
                self.student_features.record() as student_maps, \
                self.teacher_embedding.record() as embedding:
            images = self.probe_images()
            self.logits(self.teacher, images)
            self.logits(self.student, images)
        for net, recorder, maps in (
                ('teacher', self.teacher_features, teacher_maps),
                ('student', self.student_features, student_maps),
                ('teacher', self.teacher_embedding, embedding)):
            for path in recorder.paths:
                if path not in maps:
                    raise ValueError(
                        f'The {net} module "{path}" does not run in the '
                        f'{net}\'s forward: tap a module on its path from '
                        f'image to logits.')
                if recorder is not self.teacher_embedding:
                    check_feature_map(maps[path],
                                      f'the {net} output "{path}"')
        if not self._needs_connectors():
            return []
        return [(student_maps[s].shape[1], teacher_maps[t].shape[1])
                for t, s in self.feature_pairs]

    def trained_with(self, network: str) -> List[str]:
        """The student's optimizer also updates the feature connectors,
        which only serve its loss: one optimizer, loss scaler and schedule
        for the one student loss keeps AMP correct.

        Args:
            network (str): ``'generator'`` or ``'student'``.
        """
        if network == 'student' and len(self.connectors):
            return ['student', 'connectors']
        return [network]

    def check_optim_wrapper(self, optim_wrapper: dict) -> None:
        """The base check, the connectors learning with the student, and
        no fp16 loss scaling for a method with its own optimizer.

        Args:
            optim_wrapper (dict): The config's ``optim_wrapper``.

        Raises:
            ValueError: If feature connectors exist but the student's
            wrapper's explicit ``modules`` leave them out, or if
            :attr:`steps_own_optimizer` and the generator's wrapper scales
            the loss.
        """
        super().check_optim_wrapper(optim_wrapper)
        wrapper_type = str(optim_wrapper['generator'].get('type', ''))
        if self.steps_own_optimizer and \
                wrapper_type.split('.')[-1] == 'AmpOptimWrapper':
            raise ValueError(
                f'{type(self).__name__} steps an optimizer of its own in '
                f'synthesis, which fp16 loss scaling (AmpOptimWrapper) does '
                f'not reach: use optim_wrapper.generator.type='
                f'\'mmdfkd.AutocastOptimWrapper\' with dtype=\'bfloat16\', '
                f'or fp32.')
        modules = optim_wrapper['student'].get(
            'modules', self.trained_with('student'))
        if len(self.connectors) and 'connectors' not in modules:
            raise ValueError(
                'The feature connectors are not optimised: set '
                'optim_wrapper.student.modules=[\'student\', '
                '\'connectors\'] so that the student\'s optimizer '
                'updates them.')

    def train_step(self, data: dict,
                   optim_wrapper: OptimWrapperDict) -> Dict[str, float]:
        """One iteration: the student steps and the generator step.

        Args:
            data (dict): Collated :class:`LatentDataset` batch.
            optim_wrapper (OptimWrapperDict): With ``generator`` and
                ``student`` wrappers.

        Returns:
            dict: The generator's terms and the student's, each averaged
            over the iteration's steps of its network.
        """
        draws = self.latent_draws(data, self.draws_per_iteration)
        num_generator = int(self.schedule['generator_steps'])
        generator_first = self.schedule['generator_first']
        if generator_first:
            generator_draws = draws[:num_generator]
            student_draws = draws[num_generator:]
        else:
            student_draws = draws[:-num_generator]
            generator_draws = draws[-num_generator:]

        def generator_steps() -> Dict[str, torch.Tensor]:
            return self.averaged([
                self.generator_step(draw.z, optim_wrapper['generator'],
                                    draw.labels)
                for draw in generator_draws
            ])

        log_vars = generator_steps() if generator_first else {}
        log_vars.update(self.averaged([
            self.student_step(draw.z, optim_wrapper['student'], draw.labels)
            for draw in student_draws
        ]))
        if not generator_first:
            log_vars.update(generator_steps())
        return self.detached(log_vars)

    def compute_views(
            self,
            images: torch.Tensor,
            labels: Optional[torch.Tensor],
            needed: Set[str],
            student_grad: bool,
            known: Optional[Dict[str, torch.Tensor]] = None
    ) -> Dict[str, object]:
        """The views of a batch that ``needed`` names, one forward each.

        The teacher runs without weight gradients (its weights are frozen)
        and, when ``images`` has no autograd history, without any graph.
        In the student step the student is trained (``student_grad``); in
        the generator step its unwrapped network runs with frozen weights.

        Args:
            images (Tensor): Generated images.
            labels (Tensor, optional): Their preset labels.
            needed (set[str]): The views to compute.
            student_grad (bool): Whether the student is being trained.
            known (dict[str, Tensor], optional): Views already at hand
                (the banked teacher logits), not computed again.

        Returns:
            dict[str, object]: View name to value.
        """
        views = dict(images=images, labels=labels, **(known or {}))
        needed = needed - set(known or {})
        if needed & TEACHER_VIEWS:
            with ExitStack() as stack:
                if 'teacher_bn' in needed:
                    views['teacher_bn'] = stack.enter_context(
                        record_bn_inputs(self.teacher))
                teacher_maps = stack.enter_context(
                    self.teacher_features.record())
                embedding = stack.enter_context(
                    self.teacher_embedding.record())
                with torch.set_grad_enabled(images.requires_grad):
                    views['teacher_logits'] = self.logits(
                        self.teacher, images)
            views['teacher_features'] = [
                teacher_maps[t] for t, _ in self.feature_pairs]
            if self.teacher_embedding.paths:
                pooled = embedding[self.teacher_embedding.paths[0]]
                views['teacher_embedding'] = pooled[-1] if isinstance(
                    pooled, (tuple, list)) else pooled
        if needed & STUDENT_VIEWS:
            student = self.student if student_grad else \
                unwrap_model(self.student)
            with self.student_features.record() as student_maps:
                views['student_logits'] = self.logits(student, images)
            maps = [student_maps[s] for _, s in self.feature_pairs]
            if len(self.connectors):
                # Through the (possibly DDP-wrapped) module: gradients sync.
                maps = self.connectors(maps)
            views['student_features'] = maps
        return views

    def student_step(
            self,
            z: torch.Tensor,
            optim_wrapper: OptimWrapper,
            labels: Optional[torch.Tensor] = None) -> Dict[str, torch.Tensor]:
        """Update the student on fresh samples, and replayed ones when the
        memory holds enough (see :meth:`num_replayed`).

        Args:
            z (Tensor): Latent codes ``(B, latent_dim)``; only the first
                ``B`` minus the replayed images are generated.
            optim_wrapper (OptimWrapper): The student's optimizer wrapper.
            labels (Tensor, optional): Their preset labels ``(B, )``.

        Returns:
            dict: ``loss_student``, the total, and its terms.
        """
        num_replayed = self.num_replayed(len(z))
        num_fresh = len(z) - num_replayed
        z = z[:num_fresh]
        labels = None if labels is None else labels[:num_fresh]
        # No autograd through the generator: only S learns here.
        with optim_wrapper.optim_context(self.student), torch.no_grad():
            images = self.generate(z, labels)
        if self.memory is not None:
            images, labels = self.replay(images, labels, num_replayed)
        return self.train_student(images, optim_wrapper, labels)

    def num_replayed(self, batch_size: int) -> int:
        """The images of a student batch that come from the memory: the
        ``replay_ratio`` share once the memory holds that many, else 0.

        Args:
            batch_size (int): The student batch size.
        """
        if self.memory is None:
            return 0
        num = int(round(self.schedule['replay_ratio'] * batch_size))
        return num if num <= self.memory.num_stored else 0

    def replay(self, fresh: torch.Tensor, labels: Optional[torch.Tensor],
               num: int) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        """Complete a student batch from the memory, then store its fresh
        images.

        Args:
            fresh (Tensor): The batch's fresh images.
            labels (Tensor, optional): Their preset labels.
            num (int): Images to draw from the memory.

        Returns:
            tuple[Tensor, Tensor | None]: The fresh then the replayed
            images, and their labels (None without preset labels).
        """
        images, replayed_labels = fresh, labels
        if num:
            old_images, old_labels = self.memory.sample(num)
            images = self.in_network_format(
                torch.cat([fresh, old_images.to(fresh)]))
            if labels is not None:
                replayed_labels = torch.cat([labels, old_labels.to(labels)])
        self.store(fresh, labels)
        return images, replayed_labels

    def store(self,
              images: torch.Tensor,
              labels: Optional[torch.Tensor],
              teacher_logits: Optional[torch.Tensor] = None) -> None:
        """Add a batch to the memory (label 0 without preset labels).

        Args:
            images (Tensor): Images without autograd history.
            labels (Tensor, optional): Their labels.
            teacher_logits (Tensor, optional): The frozen teacher's logits
                of ``images``, for a memory that keeps them
                (:meth:`SampleBank.add`).

        Raises:
            ValueError: If the memory cannot hold the batch.
        """
        if len(images) > self.memory.capacity:
            raise ValueError(
                f'model.schedule.memory_size={self.memory.capacity} cannot '
                f'hold one batch of {len(images)} images: raise it.')
        if labels is None:
            labels = torch.zeros(len(images), dtype=torch.long,
                                 device=images.device)
        self.memory.add(images, labels, teacher_logits)

    def train_student(
            self,
            images: torch.Tensor,
            optim_wrapper: OptimWrapper,
            labels: Optional[torch.Tensor] = None,
            banked_logits: Optional[Callable[[], torch.Tensor]] = None
    ) -> Dict[str, torch.Tensor]:
        """One student update on images without autograd history.

        Args:
            images (Tensor): Synthetic images ``(B, C, H, W)``, replaced
                by their views with ``student_views``.
            optim_wrapper (OptimWrapper): The student's optimizer wrapper.
            labels (Tensor, optional): Their labels ``(B, )``.
            banked_logits (Callable, optional): Returns the teacher's
                logits of ``images`` kept in a bank (never with
                ``student_views``: a view needs its own); called in the
                student's precision context, in place of a teacher
                forward.

        Returns:
            dict: ``loss_student``, the total, and its terms.
        """
        if self.student_views is not None:
            with torch.no_grad():
                images = self.in_network_format(
                    self.student_views(images, self.student_view_kind))
        with optim_wrapper.optim_context(self.student):
            known = None if banked_logits is None else dict(
                teacher_logits=banked_logits())
            views = self.compute_views(images, labels,
                                       self.student_objective.views,
                                       student_grad=True, known=known)
            losses = self.student_objective(views)
            loss = sum(losses.values())
        optim_wrapper.update_params(loss)
        student_logits = views.get('student_logits')
        if student_logits is not None and student_logits.shape[1] > 1:
            # A student that predicts one class everywhere has collapsed,
            # even while the generator is healthy.
            self.diagnostics['diag_student_class_entropy'] = class_entropy(
                student_logits)
        return self.log_terms('loss_student', loss, losses)

    def generator_step(
            self,
            z: torch.Tensor,
            optim_wrapper: OptimWrapper,
            labels: Optional[torch.Tensor] = None) -> Dict[str, torch.Tensor]:
        """Update the generator through the frozen teacher and student.

        Gradients flow through teacher and student into the generator; the
        weight gradients of teacher and student are not computed.

        Args:
            z (Tensor): Latent codes ``(B, latent_dim)``.
            optim_wrapper (OptimWrapper): The generator's optimizer wrapper.
            labels (Tensor, optional): Their preset labels ``(B, )``.

        Returns:
            dict: ``loss_generator``, the total, and its terms.
        """
        with optim_wrapper.optim_context(self.generator), \
                frozen_parameters(unwrap_model(self.student)):
            images = self.generate(z, labels, self.generator)
            views = self.compute_views(images, labels,
                                       self.generator_objective.views,
                                       student_grad=False)
            losses = self.generator_objective(views)
            loss = sum(losses.values())
        optim_wrapper.update_params(loss)
        self.diagnostics.update(
            batch_diagnostics(images, views.get('teacher_logits')))
        return self.log_terms('loss_generator', loss, losses)

    @staticmethod
    def averaged(logs: Sequence[Dict[str, torch.Tensor]]
                 ) -> Dict[str, torch.Tensor]:
        """The mean of each logged value over the updates of an iteration.
        """
        return {key: torch.stack([log[key] for log in logs]).mean()
                for key in logs[0]}

    @staticmethod
    def log_terms(total_name: str, total: torch.Tensor,
                  terms: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
        """A loss total and its terms without autograd history, for the log.
        """
        return {key: value.detach()
                for key, value in {total_name: total, **terms}.items()}
