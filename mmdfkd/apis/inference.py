"""Rebuild a trained data-free distillation from its config and checkpoint."""
import copy
import logging
from contextlib import contextmanager
from typing import Iterator, Optional, Tuple, Union

import torch
from mmengine.config import Config
from mmengine.logging import MMLogger, print_log
from mmengine.registry import DefaultScope
from mmengine.runner import load_checkpoint

from mmdfkd.models.algorithms import BaseDataFreeDistiller
from mmdfkd.registry import DATASETS, MODELS


@contextmanager
def _quiet_logger(level: int = logging.ERROR) -> Iterator[None]:
    """Raise the current logger's level inside the block."""
    logger = MMLogger.get_current_instance()
    previous = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(previous)


def init_distiller(config: Union[str, Config],
                   checkpoint: str,
                   device: Union[str, torch.device] = 'cpu',
                   cfg_options: Optional[dict] = None
                   ) -> BaseDataFreeDistiller:
    """Build a data-free algorithm (DDAD, DFAD, CGDD) and load its run.

    A training checkpoint holds the whole algorithm, teacher included, so
    the config's ``teacher_ckpt`` is not read.

    Args:
        config (str | Config): The config the run was trained with.
        checkpoint (str): An mmengine checkpoint of the run, e.g.
            ``work_dirs/<config name>/iter_300.pth``, or its URL.
        device (str | torch.device): Where the networks run. Defaults to
            ``'cpu'``.
        cfg_options (dict, optional): Overrides merged into the config.

    Returns:
        BaseDataFreeDistiller: The algorithm in eval mode, with the config
        it was built from as ``model.cfg``.

    Raises:
        TypeError: If the config's model is not a data-free algorithm.
    """
    cfg = Config.fromfile(config) if isinstance(config, str) else \
        copy.deepcopy(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    model_cfg = copy.deepcopy(cfg.model)
    model_cfg.teacher_ckpt = None
    # As the Runner does: the top-level preprocessor is the model's default.
    if cfg.get('data_preprocessor') is not None:
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    # The build would warn that the teacher keeps random weights; here
    # they come from the checkpoint.
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')), \
            _quiet_logger():
        model = MODELS.build(model_cfg)
    if not isinstance(model, BaseDataFreeDistiller):
        raise TypeError(
            f'The config builds a {type(model).__name__}, not a data-free '
            f'distillation: give the config of a DDAD, DFAD or CGDD run.')
    load_checkpoint(model, checkpoint, map_location='cpu', strict=True)
    model.cfg = cfg
    return model.to(device).eval()


def dataset_class_names(cfg: Config) -> Optional[Tuple[str, ...]]:
    """The class names of a config's validation dataset, if available.

    The dataset is built lazily, so its data are not read; datasets whose
    class list lives with the data (e.g. Tiny-ImageNet) need them on disk.

    Args:
        cfg (Config): A distillation config.

    Returns:
        tuple[str] | None: ``metainfo['classes']`` of the validation
        dataset, or None when the dataset cannot say.
    """
    dataloader = cfg.get('val_dataloader') or {}
    if not dataloader.get('dataset'):
        return None
    dataset_cfg = copy.deepcopy(dataloader['dataset'])
    dataset_cfg['lazy_init'] = True
    try:
        with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
            dataset = DATASETS.build(dataset_cfg)
    # Whatever the failure (missing files, a dataset without lazy_init),
    # it costs only the names, and the warning says why.
    except Exception as error:
        print_log(
            f'No class names from the validation dataset ({error!r}): the '
            f'classes are named by index.',
            logger='current',
            level=logging.WARNING)
        return None
    classes = getattr(dataset, 'metainfo', {}).get('classes')
    return tuple(classes) if classes else None
