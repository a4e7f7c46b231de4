"""The Runner of data-free distillation: a config checked before training.
"""
import copy
import os
import os.path as osp
from typing import Optional

from mmengine.dist import master_only
from mmengine.registry import DATASETS as MMENGINE_DATASETS
from mmengine.runner import Runner
from torch import nn

from mmdfkd.datasets import LatentDataset
from mmdfkd.engine.hooks import RandomStateHook
from mmdfkd.models.algorithms import BaseDataFreeDistiller
from mmdfkd.models.utils import unwrap_model
from mmdfkd.registry import RUNNERS
from mmdfkd.utils.dist import use_cpu_ddp
from mmdfkd.utils.names import check_type_names

from .checkpoint_files import (
    PARTIAL_SUFFIX,
    is_local_dir,
    resume_candidates,
    unreadable_reason,
)
from .config_checks import check_iteration_based, default_model_wrapper


def _dataset_class(type_name, scope: str) -> Optional[type]:
    """The class a dataset ``type`` names, in ``scope`` unless prefixed."""
    if not isinstance(type_name, str):
        return type_name
    if '.' not in type_name:
        type_name = f'{scope}.{type_name}'
    return MMENGINE_DATASETS.get(type_name)


@RUNNERS.register_module()
class DataFreeRunner(Runner):
    """mmengine's Runner that refuses a data-free config that cannot work.

    Everything mmengine's ``Runner`` does is unchanged; before any weight
    is trained it checks, each with an error that names the fix:

    - at :meth:`from_cfg`: ``'mmdfkd.<Name>'`` types that mmdfkd does not
      register (with the closest names); a loop, schedulers, checkpoints
      or logs counted in epochs; a DDP wrapper that would wrap the
      algorithm as one network (one DDP per trained network is the
      default);
    - once the model is built: an optimizer missing for a trained network;
      a train dataset that is not a :class:`LatentDataset`, or whose
      ``latent_dim``, ``num_draws`` or ``num_classes`` contradict the
      generator and the schedule (left out, they are filled in from the
      model, so a config never has to keep them in step by hand);
    - when training starts: a classifier's generated images of another
      size than its validation images.

    Checkpoints survive a kill at any moment: each is written under a
    temporary name and renamed into place (on local disks), so a
    truncated file is never the latest; an automatic resume (``--resume``
    without a path) that finds the latest checkpoint unreadable says so
    and resumes from the most recent readable one. The random generators'
    states travel with the checkpoints (:class:`RandomStateHook`, registered
    here), so a resumed run draws what the uninterrupted one drew.

    Set ``runner_type = 'mmdfkd.DataFreeRunner'`` in a config (the shipped
    data-free runtimes do); ``tools/train.py`` and mmpretrain's or mmseg's
    own train scripts then build it.
    """

    @classmethod
    def from_cfg(cls, cfg) -> 'DataFreeRunner':
        """Check the config, then build the runner as mmengine does.

        Args:
            cfg (Config | dict): The whole config.
        """
        cfg = copy.deepcopy(cfg)
        check_type_names(cfg)
        check_iteration_based(cfg)
        default_model_wrapper(cfg)
        use_cpu_ddp(cfg)
        return super().from_cfg(cfg)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model = unwrap_model(self.model)
        if not isinstance(model, BaseDataFreeDistiller):
            raise TypeError(
                f'DataFreeRunner runs data-free distillation models, got '
                f'{type(model).__name__}: set model.type to a data-free '
                f'algorithm (e.g. \'mmdfkd.DDAD\') or drop runner_type.')
        if isinstance(self.optim_wrapper, dict):
            model.check_optim_wrapper(self.optim_wrapper)
        if isinstance(self._train_dataloader, dict):
            self._complete_latent_dataset(model, self._train_dataloader)
        if not any(isinstance(hook, RandomStateHook) for hook in self.hooks):
            self.register_hook(RandomStateHook())

    def _complete_latent_dataset(self, model: BaseDataFreeDistiller,
                                 loader: dict) -> None:
        """Check the latent train loader against the model; fill it in.

        Args:
            model (BaseDataFreeDistiller): The built algorithm.
            loader (dict): The ``train_dataloader`` config, completed in
                place.
        """
        dataset = loader.get('dataset')
        if not isinstance(dataset, dict):
            return
        dataset_cls = _dataset_class(dataset.get('type'),
                                     self.default_scope.scope_name)
        if dataset_cls is None:
            return  # mmengine reports the unknown name when it builds it
        if not issubclass(dataset_cls, LatentDataset):
            raise ValueError(
                f'train_dataloader.dataset is {dataset_cls.__name__}, but '
                f'data-free distillation never reads training images: it '
                f'trains on latent codes. Set train_dataloader = dict('
                f'_delete_=True, batch_size=<B>, sampler=dict('
                f'type=\'InfiniteSampler\', shuffle=False), collate_fn='
                f'dict(type=\'default_collate\'), dataset=dict('
                f'type=\'mmdfkd.LatentDataset\')).')
        collate = loader.get('collate_fn') or {}
        if collate.get('type') != 'default_collate':
            raise ValueError(
                'The latent codes of a batch must be stacked into tensors: '
                'set train_dataloader.collate_fn=dict('
                'type=\'default_collate\').')
        generator = unwrap_model(model.generator)
        needed = dict(
            latent_dim=(generator.latent_dim, 'the generator\'s latent_dim'),
            num_draws=(model.draws_per_iteration,
                       f'the draws one {type(model).__name__} iteration '
                       f'consumes'))
        if generator.conditional:
            needed['num_classes'] = (generator.num_classes,
                                     'the conditional generator\'s classes')
        for key, (value, meaning) in needed.items():
            given = dataset.setdefault(key, value)
            if given != value:
                raise ValueError(
                    f'train_dataloader.dataset.{key}={given} does not fit '
                    f'the model: {meaning} is {value}. Set it to {value}, '
                    f'or leave it out and the runner fills it in.')

    def train(self) -> nn.Module:
        """Check the validation images' size, then train as mmengine does.
        """
        self._check_validation_size()
        return super().train()

    def _check_validation_size(self) -> None:
        """A classifier must be evaluated at the size it is distilled at.

        Segmentors are fully convolutional and often evaluated on larger
        frames than the generated crops, so only classifiers are checked.
        """
        model = unwrap_model(self.model)
        if model.dense_prediction or self._val_loop is None:
            return
        # Built here rather than at the start of training: same object.
        self._val_loop = self.build_val_loop(self._val_loop)
        dataset = self._val_loop.dataloader.dataset
        if len(dataset) == 0:
            return
        val_size = tuple(dataset[0]['inputs'].shape[-2:])
        gen_size = tuple(unwrap_model(model.generator).img_size)
        if val_size != gen_size:
            raise ValueError(
                f'The generator draws {gen_size[0]}x{gen_size[1]} images '
                f'but the validation images are {val_size[0]}x'
                f'{val_size[1]}: the student would be distilled at one '
                f'size and evaluated at another. Set '
                f'model.generator.img_size={val_size}, or make the '
                f'validation pipeline produce {gen_size}.')

    @master_only
    def save_checkpoint(self, out_dir: str, filename: str, *args,
                        **kwargs) -> None:
        """Save as mmengine does (on rank 0 only), atomically on local
        disks.

        Args:
            out_dir (str): The directory of the checkpoint.
            filename (str): Its file name.
            *args: Passed on to mmengine's ``Runner.save_checkpoint``.
            **kwargs: Passed on to mmengine's ``Runner.save_checkpoint``.
        """
        if (kwargs.get('file_client_args') is not None or not is_local_dir(
                out_dir, kwargs.get('backend_args'))):
            super().save_checkpoint(out_dir, filename, *args, **kwargs)
            return
        partial = filename + PARTIAL_SUFFIX
        super().save_checkpoint(out_dir, partial, *args, **kwargs)
        # A rename within one directory is atomic: a kill leaves either the
        # previous file or the complete new one, never half of it.
        os.replace(osp.join(out_dir, partial), osp.join(out_dir, filename))

    def load_or_resume(self) -> None:
        """Load or resume as mmengine does; an automatic resume skips
        unreadable checkpoints, naming them, for the latest readable one.
        """
        if self._has_loaded or not (self._resume and self._load_from is None):
            super().load_or_resume()
            return
        for path in resume_candidates(self.work_dir):
            reason = unreadable_reason(path)
            if reason is None:
                self.logger.info(f'Auto resumed from the latest checkpoint '
                                 f'{path}.')
                self.resume(path)
                self._has_loaded = True
                return
            self.logger.error(
                f'Checkpoint {path} cannot be read ({reason}); it is skipped '
                f'and the previous checkpoint is tried.')
        self.logger.info(f'No checkpoint to resume from in {self.work_dir}: '
                         f'training starts from the beginning.')
