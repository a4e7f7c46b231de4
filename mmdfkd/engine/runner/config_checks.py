"""Checks of a data-free config that need no built component.

Latent codes have no epochs: every part of the runtime that counts in
epochs (loop, schedulers, checkpoints, logs) would silently misbehave, so
each is refused with the line that fixes it.
"""
from typing import Any, Iterator, Tuple

from mmengine.registry import MODEL_WRAPPERS, PARAM_SCHEDULERS

__all__ = ['check_iteration_based', 'default_model_wrapper', 'iter_schedulers']


def iter_schedulers(param_scheduler: Any) -> Iterator[Tuple[str, dict]]:
    """``(config key, scheduler dict)`` of a list, a dict, or a dict of
    lists keyed by sub-network.

    Args:
        param_scheduler: A config's ``param_scheduler``.
    """
    if isinstance(param_scheduler, dict) and 'type' in param_scheduler:
        yield 'param_scheduler', param_scheduler
    elif isinstance(param_scheduler, dict):
        for name, value in param_scheduler.items():
            for key, sched in iter_schedulers(value):
                yield key.replace('param_scheduler',
                                  f'param_scheduler.{name}', 1), sched
    elif isinstance(param_scheduler, (list, tuple)):
        for index, sched in enumerate(param_scheduler):
            yield f'param_scheduler.{index}', sched


def _scheduler_by_epoch(sched: dict) -> bool:
    """Whether a scheduler dict counts in epochs (mmengine's default)."""
    sched_type = sched.get('type')
    if isinstance(sched_type, str):
        sched_type = PARAM_SCHEDULERS.get(sched_type)
    if sched_type is not None and not isinstance(sched_type, type):
        return False  # an object, not a config
    return sched.get('by_epoch', True)


def check_iteration_based(cfg: dict) -> None:
    """Refuse epoch-based loop, schedulers, checkpoints and logs.

    Args:
        cfg (dict): The whole config.

    Raises:
        ValueError: Naming the first epoch-based part and its fix.
    """
    train_cfg = cfg.get('train_cfg') or {}
    loop_type = train_cfg.get('type', '')
    loop_name = loop_type if isinstance(loop_type, str) else \
        getattr(loop_type, '__name__', '')
    if train_cfg.get('by_epoch') or 'EpochBased' in loop_name:
        raise ValueError(
            f'train_cfg is epoch-based ({dict(train_cfg)}), but data-free '
            f'training reads latent codes, which have no epochs (one '
            f'"epoch" would be the whole latent dataset). Set train_cfg = '
            f'dict(_delete_=True, type=\'IterBasedTrainLoop\', '
            f'max_iters=<N>, val_interval=<M>).')
    for key, sched in iter_schedulers(cfg.get('param_scheduler')):
        if isinstance(sched, dict) and _scheduler_by_epoch(sched):
            raise ValueError(
                f'{key} ({sched.get("type")}) is epoch-based: under an '
                f'iteration-based loop it would never step. Set '
                f'by_epoch=False and give its milestones/steps in '
                f'iterations.')
    hooks = cfg.get('default_hooks') or {}
    checkpoint = hooks.get('checkpoint') or {}
    if checkpoint and checkpoint.get('by_epoch', True):
        raise ValueError(
            'default_hooks.checkpoint saves by epoch, which an '
            'iteration-based loop never ends: set default_hooks = '
            'dict(checkpoint=dict(by_epoch=False, interval=<iterations>)).')
    logger = hooks.get('logger') or {}
    if logger and logger.get('log_metric_by_epoch', True):
        raise ValueError(
            'default_hooks.logger logs validation metrics by epoch, so '
            'every evaluation would be recorded at step 0: set '
            'default_hooks = dict(logger=dict(log_metric_by_epoch=False)).')
    if (cfg.get('log_processor') or {}).get('by_epoch', True):
        raise ValueError(
            'log_processor counts in epochs (the default): set '
            'log_processor = dict(by_epoch=False) for an iteration-based '
            'loop.')


def default_model_wrapper(cfg: dict) -> None:
    """One DDP per trained network, unless the config chose a wrapper.

    A data-free algorithm updates several networks with several
    optimizers in its own ``train_step``, which the usual single DDP
    wrapper cannot run.

    Args:
        cfg (dict): The whole config, modified in place.

    Raises:
        ValueError: If the config's wrapper wraps the model as one network.
    """
    wrapper = cfg.get('model_wrapper_cfg')
    if wrapper is None:
        # Unused parameters (e.g. an mmseg student's auxiliary head, which
        # distillation does not train) are allowed; device_ids=None suits
        # CPU (gloo) and GPU processes alike.
        cfg['model_wrapper_cfg'] = dict(
            type='MMSeparateDistributedDataParallel',
            device_ids=None,
            broadcast_buffers=False,
            find_unused_parameters=True)
        return
    wrapper_type = wrapper.get('type', 'MMDistributedDataParallel')
    if isinstance(wrapper_type, str):
        wrapper_type = MODEL_WRAPPERS.get(wrapper_type)
    separate = MODEL_WRAPPERS.get('MMSeparateDistributedDataParallel')
    if not (isinstance(wrapper_type, type)
            and issubclass(wrapper_type, separate)):
        raise ValueError(
            f'model_wrapper_cfg wraps the data-free model as one network '
            f'({wrapper.get("type")}), which cannot run its train_step '
            f'with several optimizers: use model_wrapper_cfg = dict('
            f'type=\'MMSeparateDistributedDataParallel\', '
            f'device_ids=None, broadcast_buffers=False).')
