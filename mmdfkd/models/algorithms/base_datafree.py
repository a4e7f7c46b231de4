"""Teacher, student and generator: what every data-free algorithm holds."""
import logging
import os.path as osp
import re
from typing import Dict, List, NamedTuple, Optional, Union

import torch
import torch.nn.functional as F
from mmengine.device import get_device
from mmengine.logging import print_log
from mmengine.model import BaseModel, is_model_wrapper, revert_sync_batchnorm
from mmengine.runner.checkpoint import (
    _load_checkpoint,
    _load_checkpoint_to_model,
)
from torch import nn

from mmdfkd.models.utils import (
    build_component,
    channels_last_hazards,
    evaluating,
    model_config,
    unwrap_model,
)
from mmdfkd.registry import MODELS, OPTIM_WRAPPER_CONSTRUCTORS
from mmdfkd.utils.foreign_checkpoints import converter_hint


class LatentDraw(NamedTuple):
    """The inputs of one network update: codes and optional preset labels.

    Attributes:
        z (Tensor): Latent codes ``(B, latent_dim)``.
        labels (Tensor | None): Preset class labels ``(B, )``, or None when
            the latent dataset has no ``num_classes``.
    """
    z: torch.Tensor
    labels: Optional[torch.Tensor]


def is_dense(predictions: torch.Tensor) -> bool:
    """Whether predictions are per-pixel logit maps (segmentation) rather
    than per-image class logits (classification)."""
    return predictions.dim() == 4


def _unwrapped_keys(module: nn.Module, state_dict: dict, prefix: str,
                    local_metadata: dict) -> None:
    """State-dict post hook: ``student.module.x`` -> ``student.x``."""
    for name, child in module.named_children():
        if not is_model_wrapper(child):
            continue
        wrapped = f'{prefix}{name}.module.'
        for key in [k for k in state_dict if k.startswith(wrapped)]:
            plain = f'{prefix}{name}.' + key[len(wrapped):]
            state_dict[plain] = state_dict.pop(key)


def check_state_dict_fits(model: nn.Module, checkpoint: dict,
                          path: str) -> None:
    """Refuse a teacher checkpoint of another architecture, with its keys.

    Args:
        model (nn.Module): The teacher.
        checkpoint (dict): The loaded checkpoint file.
        path (str): Its path, for the message.

    Raises:
        ValueError: Listing missing, unexpected and mis-shaped keys.
    """
    state = checkpoint.get('state_dict', checkpoint)
    state = {re.sub(r'^module\.', '', k): v for k, v in state.items()}
    expected = model.state_dict()
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    shapes = [
        f'{k} {tuple(state[k].shape)} vs {tuple(v.shape)}'
        for k, v in expected.items()
        if k in state and hasattr(state[k], 'shape')
        and state[k].shape != v.shape
    ]
    if not (missing or unexpected or shapes):
        return

    def listing(keys: List[str]) -> str:
        more = f', ... ({len(keys)} in all)' if len(keys) > 5 else ''
        return ', '.join(keys[:5]) + more

    # A known public layout (Fast-Datafree, DFAD, ZSKT) names its converter.
    hint = converter_hint(state, path)
    raise ValueError(
        f'The teacher checkpoint {path} does not fit the teacher '
        f'({type(model).__name__} of model.teacher): '
        f'missing keys: {listing(missing) or "none"}; unexpected keys: '
        f'{listing(unexpected) or "none"}; shape mismatches: '
        f'{listing(shapes) or "none"}. Set model.teacher to the '
        f'architecture the checkpoint was trained with (e.g. its training '
        f'config), or convert a checkpoint of another code base first.'
        + (f' {hint}' if hint else ''))


class BaseDataFreeDistiller(BaseModel):
    """Base of the algorithms that distil a frozen teacher on generated data.

    Holds three networks: ``teacher`` (built from an mmpretrain /
    mmsegmentation model dict or config file, loaded from ``teacher_ckpt``,
    frozen and always in eval mode), ``student`` and ``generator``.
    Validation and testing run the student, so the task's usual metrics
    (``mmpretrain.Accuracy``, ``mmseg.IoUMetric``) apply unchanged.

    Training data are latent codes (and, for conditional generators,
    preset labels) from :class:`~mmdfkd.datasets.LatentDataset`;
    subclasses implement
    :meth:`train_step` with one optimizer per trainable network.

    Args:
        teacher (dict | str): The teacher's model dict (with
            ``_scope_='mmpretrain'`` or ``'mmseg'``) or its config file.
        student (dict | str): The student's model dict or config file.
        generator (dict): The generator, e.g. ``dict(type='DFADGenerator')``.
        teacher_ckpt (str, optional): The trained teacher's checkpoint. Only
            ``None`` for smoke tests: a random teacher teaches nothing.
        data_preprocessor (dict, optional): Preprocessor of the *real*
            validation images; without a ``type`` it is of the student's
            preprocessor type. Defaults to the student's own.
        channels_last (bool): Run the networks in channels-last memory
            format (faster convolutions on CPU and on tensor cores).
            Defaults to False.
        init_cfg (dict, optional): Unused; kept for the mmengine interface.
    """

    #: The networks that each have their own optimizer wrapper.
    trained_networks = ('generator', 'student')
    #: Latent draws one training iteration consumes per sample.
    draws_per_iteration = 1

    def __init__(self,
                 teacher: Union[dict, str],
                 student: Union[dict, str],
                 generator: dict,
                 teacher_ckpt: Optional[str] = None,
                 data_preprocessor: Optional[dict] = None,
                 channels_last: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.teacher = MODELS.build(model_config(teacher))
        self.student = MODELS.build(model_config(student))
        if get_device() == 'cpu':
            # SyncBN (the GPU configs' norm) only runs on accelerators; on
            # CPU, one process or many, it is plain BN.
            self.teacher = revert_sync_batchnorm(self.teacher)
            self.student = revert_sync_batchnorm(self.student)
        self.generator = build_component(generator, 'model.generator')
        if data_preprocessor is None:
            self.data_preprocessor = self.student.data_preprocessor
        else:
            data_preprocessor = dict(data_preprocessor)
            data_preprocessor.setdefault('type',
                                         type(self.student.data_preprocessor))
            self.data_preprocessor = MODELS.build(data_preprocessor)
        self.channels_last = channels_last and self._channels_last_safe()
        self._load_teacher(teacher_ckpt)
        self._check_compatible()
        if self.channels_last:
            for net in (self.teacher, self.student, self.generator):
                net.to(memory_format=torch.channels_last)
        # Distributed training wraps each trained network in its own DDP
        # (MMSeparateDistributedDataParallel), which would put `.module.`
        # into the keys: checkpoints keep the unwrapped keys instead, the
        # form mmengine's loader expects, so they load whatever the number
        # of processes.
        self.register_state_dict_post_hook(_unwrapped_keys)

    def _channels_last_safe(self) -> bool:
        """Whether the trained networks can run channels-last here: not on
        CPU with a convolution of :func:`channels_last_hazards`, whose
        weight gradient oneDNN gets wrong (a warning names them)."""
        if get_device() != 'cpu':
            return True
        hazards = [
            f'{name}.{conv}' for name in self.trained_networks
            for conv in channels_last_hazards(getattr(self, name))
        ]
        if hazards:
            print_log(
                f'channels_last=True is ignored on CPU: oneDNN computes the '
                f'weight gradient of a strided 1x1 convolution with fewer '
                f'than 16 input channels wrongly (or hangs) in channels-last '
                f'memory, and {", ".join(hazards)} is one. The networks run '
                f'in the default layout; widen them or set '
                f'model.channels_last=False to silence this.',
                logger='current',
                level=logging.WARNING)
        return not hazards

    def _load_teacher(self, ckpt: Optional[str]) -> None:
        """Load, freeze and switch the teacher to eval mode."""
        if ckpt is None:
            print_log(
                'No teacher_ckpt given: the teacher keeps random weights.',
                logger='current',
                level=logging.WARNING)
        elif '://' not in ckpt and not osp.isfile(ckpt):
            raise FileNotFoundError(
                f'Teacher checkpoint not found: {ckpt}. Train a teacher with '
                f'its own config first (e.g. `python tools/train.py '
                f'configs/teachers/<teacher config>.py`) and point '
                f'`model.teacher_ckpt` at the checkpoint, e.g. with '
                f'`--cfg-options model.teacher_ckpt=<path>`.')
        else:
            checkpoint = _load_checkpoint(ckpt, map_location='cpu')
            check_state_dict_fits(self.teacher, checkpoint, ckpt)
            _load_checkpoint_to_model(self.teacher, checkpoint, strict=True)
            # Stop Runner.init_weights() from re-initialising the teacher.
            self.teacher._is_init = True
        self.teacher.requires_grad_(False)
        self.teacher.eval()

    def probe_images(self, num: int = 2) -> torch.Tensor:
        """A few generated images (random codes, classes in turn).

        For shape checks at build time: run it under :func:`evaluating`.

        Args:
            num (int): Number of images. Defaults to 2.
        """
        return self.generate(
            torch.randn(num, self.generator.latent_dim),
            self.generator.cycled_labels(num))

    @torch.no_grad()
    def _check_compatible(self) -> None:
        """Fail early when generator, teacher and student do not fit."""
        with evaluating(self):
            images = self.probe_images()
            teacher_out = self._probe(self.teacher, 'teacher', images)
            student_out = self._probe(self.student, 'student', images)
        # Per-pixel logit maps (segmentation) or class logits.
        self.dense_prediction = is_dense(teacher_out)
        # The classes the teacher predicts.
        self.num_classes = teacher_out.shape[1]
        if teacher_out.shape[1] != student_out.shape[1]:
            raise ValueError(
                f'Teacher and student predict different numbers of classes '
                f'({teacher_out.shape[1]} vs {student_out.shape[1]}). Set '
                f'the student head\'s num_classes to the teacher\'s.')
        if self.generator.conditional and \
                self.generator.num_classes != teacher_out.shape[1]:
            raise ValueError(
                f'The conditional generator draws '
                f'{self.generator.num_classes} classes but the teacher '
                f'predicts {teacher_out.shape[1]}: set the generator\'s '
                f'num_classes (and the LatentDataset\'s) to '
                f'{teacher_out.shape[1]}.')

    def _probe(self, model: nn.Module, name: str,
               images: torch.Tensor) -> torch.Tensor:
        """Logits of ``model`` on probe images, or an error naming sizes."""
        try:
            return self.logits(model, images)
        except RuntimeError as error:
            height, width = images.shape[2:]
            raise ValueError(
                f'The {name} cannot take the generator\'s {height}x{width} '
                f'images ({error}). Set model.generator.img_size to the '
                f'input size the {name} was built for (for a classifier, '
                f'the size of its validation images).') from error

    def trained_with(self, network: str) -> List[str]:
        """The children one network's optimizer updates.

        Args:
            network (str): A name of :attr:`trained_networks`.
        """
        return [network]

    def check_optim_wrapper(self, optim_wrapper: dict) -> None:
        """Refuse an optim-wrapper config that cannot train this model.

        Called once, by :class:`~mmdfkd.engine.DataFreeRunner`, before the
        wrappers are built.

        Args:
            optim_wrapper (dict): The config's ``optim_wrapper``.

        Raises:
            ValueError: If it is not one wrapper per trained network, or
            misses one of :attr:`trained_networks`.
        """
        networks = ', '.join(f'{n}=dict(optimizer=...)'
                             for n in self.trained_networks)
        fix = (f'optim_wrapper = dict(_delete_=True, '
               f'constructor=\'mmdfkd.PerModuleOptimWrapperConstructor\', '
               f'{networks})')
        from mmdfkd.engine.optimizers import PerModuleOptimWrapperConstructor
        constructor = OPTIM_WRAPPER_CONSTRUCTORS.get(
            optim_wrapper.get('constructor', 'DefaultOptimWrapperConstructor'))
        if not (isinstance(constructor, type) and issubclass(
                constructor, PerModuleOptimWrapperConstructor)):
            raise ValueError(
                f'{type(self).__name__} trains '
                f'{", ".join(self.trained_networks)} with one optimizer '
                f'each, but optim_wrapper is a single optimizer wrapper '
                f'({optim_wrapper.get("optimizer")}). Set {fix}.')
        missing = [n for n in self.trained_networks if n not in optim_wrapper]
        if missing:
            raise ValueError(
                f'{type(self).__name__} needs an optimizer for {missing}: '
                f'optim_wrapper has '
                f'{sorted(k for k in optim_wrapper if k != "constructor")}. '
                f'Set {fix}.')

    def train(self, mode: bool = True) -> 'BaseDataFreeDistiller':
        """Set the training mode; the teacher always stays in eval mode."""
        super().train(mode)
        self.teacher.eval()
        return self

    def logits(self, model: nn.Module, images: torch.Tensor) -> torch.Tensor:
        """Raw predictions of ``model``: class logits or logit maps.

        Segmentors predict at the stride of their decoder, which may differ
        between teacher and student: logit maps are resized to the image
        size, as the segmentor itself does before its loss and prediction.

        Args:
            model (nn.Module): Teacher or student, possibly DDP-wrapped.
            images (Tensor): Images in the normalised input space.

        Returns:
            Tensor: ``(B, C)`` class logits or ``(B, C, H, W)`` logit maps
            at the size of ``images``.
        """
        out = model(images, mode='tensor')
        if is_dense(out) and out.shape[2:] != images.shape[2:]:
            out = F.interpolate(
                out,
                size=images.shape[2:],
                mode='bilinear',
                align_corners=unwrap_model(model).align_corners)
        return out

    def generate(self,
                 z: torch.Tensor,
                 labels: Optional[torch.Tensor] = None,
                 generator: Optional[nn.Module] = None) -> torch.Tensor:
        """Images from latent codes, in the memory format of the networks.

        Args:
            z (Tensor): Latent codes ``(B, latent_dim)``.
            labels (Tensor, optional): Preset class labels ``(B, )``; given
                to conditional generators only, which require them.
            generator (nn.Module, optional): The (wrapped) generator to run.
                Defaults to the unwrapped one.
        """
        if generator is None:  # a module may define __len__: no truthiness
            generator = unwrap_model(self.generator)
        if not unwrap_model(generator).conditional:
            images = generator(z)
        elif labels is None:
            raise ValueError(
                f'{type(unwrap_model(generator)).__name__} is conditional '
                f'and needs a preset label per latent code: set the train '
                f'dataset to LatentDataset(num_classes=<teacher classes>, '
                f'...).')
        else:
            images = generator(z, labels)
        return self.in_network_format(images)

    def in_network_format(self, images: torch.Tensor) -> torch.Tensor:
        """``images`` in the memory format of the networks (channels-last
        when :attr:`channels_last`), for images made outside the generator.

        Args:
            images (Tensor): Images ``(N, C, H, W)``.
        """
        if self.channels_last:
            return images.contiguous(memory_format=torch.channels_last)
        return images

    def latent_draws(self, data: dict, needed: int) -> List[LatentDraw]:
        """The latent codes (and preset labels) of one iteration, on device.

        Args:
            data (dict): A collated batch of :class:`LatentDataset`:
                ``inputs`` of shape ``(B, draws, latent_dim)`` and, with
                ``num_classes`` set, ``labels`` of shape ``(B, draws)``.
            needed (int): Draws one training iteration consumes.

        Returns:
            list[LatentDraw]: ``needed`` draws of ``(z, labels)``, ``z`` of
            shape ``(B, latent_dim)``, ``labels`` ``(B, )`` or None.
        """
        data = self.data_preprocessor.cast_data(data)
        latents, labels = data['inputs'], data.get('labels')
        if latents.dim() != 3 or latents.shape[1] < needed:
            raise ValueError(
                f'{type(self).__name__} consumes {needed} latent draws per '
                f'sample and iteration, got a batch of shape '
                f'{tuple(latents.shape)}. Set the train dataset to '
                f'LatentDataset(num_draws={needed}, ...) with '
                f'collate_fn=dict(type=\'default_collate\').')
        return [
            LatentDraw(latents[:, i], None if labels is None else labels[:, i])
            for i in range(needed)
        ]

    def forward(self,
                inputs: torch.Tensor,
                data_samples: Optional[List] = None,
                mode: str = 'tensor') -> Union[torch.Tensor, List]:
        """Run the student on real images (validation, test, inference).

        Args:
            inputs (Tensor): Preprocessed images.
            data_samples (list, optional): The task's data samples.
            mode (str): ``'tensor'`` or ``'predict'``.
        """
        if mode not in ('tensor', 'predict'):
            raise ValueError(
                f'{type(self).__name__}.forward supports "tensor" and '
                f'"predict" modes, got "{mode}": training goes through '
                f'train_step.')
        return unwrap_model(self.student)(inputs, data_samples, mode=mode)

    @staticmethod
    def detached(log_vars: Dict[str, torch.Tensor]) -> Dict[str, float]:
        """Loss values as floats for the logger."""
        return {key: value.item() for key, value in log_vars.items()}
