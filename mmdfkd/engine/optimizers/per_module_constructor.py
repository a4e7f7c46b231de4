"""One optimizer wrapper per sub-network of an algorithm."""
from typing import Optional

from mmengine.optim import OptimWrapperDict, build_optim_wrapper
from torch import nn

from mmdfkd.models.utils import unwrap_model
from mmdfkd.registry import OPTIM_WRAPPER_CONSTRUCTORS


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class PerModuleOptimWrapperConstructor:
    """Build an :class:`OptimWrapperDict` keyed by sub-network name.

    Each key of the config names a child of the model (``generator``,
    ``student``) and holds an ordinary optim-wrapper config, built with its
    own ``constructor`` (default ``DefaultOptimWrapperConstructor``) on that
    child's parameters only. ``param_scheduler`` may then be a dict with the
    same keys.

    An entry may also list several children in ``modules``: one optimizer
    (and one loss scaler under AMP) then updates them together, e.g. the
    student with the feature connectors that only serve its loss, under
    the student's learning-rate schedule. Without ``modules``, a model's
    ``trained_with(name)`` gives them (a data-free distiller puts its
    connectors with the student). Parameter names in
    ``paramwise_cfg`` are then prefixed by the child's name
    (``student.backbone...``).

    Example:
        >>> optim_wrapper = dict(
        ...     constructor='mmdfkd.PerModuleOptimWrapperConstructor',
        ...     generator=dict(optimizer=dict(type='Adam', lr=1e-3)),
        ...     student=dict(optimizer=dict(type='SGD', lr=0.1),
        ...                  modules=['student', 'connectors']))

    Args:
        optim_wrapper_cfg (dict): Sub-network name to optim-wrapper config,
            optionally with ``modules``, the children it updates (defaults
            to ``[name]``).
        paramwise_cfg (dict, optional): Not supported at this level; give
            ``paramwise_cfg`` inside each sub-network's config instead.
    """

    def __init__(self,
                 optim_wrapper_cfg: dict,
                 paramwise_cfg: Optional[dict] = None) -> None:
        if paramwise_cfg is not None:
            raise ValueError(
                'PerModuleOptimWrapperConstructor: put paramwise_cfg inside '
                'the config of each sub-network, e.g. '
                'optim_wrapper.student.paramwise_cfg.')
        if not optim_wrapper_cfg:
            raise ValueError(
                'PerModuleOptimWrapperConstructor needs one optim-wrapper '
                'config per trained sub-network, e.g. generator=dict(...).')
        for name, cfg in optim_wrapper_cfg.items():
            if not isinstance(cfg, dict) or 'optimizer' not in cfg:
                raise ValueError(
                    f'optim_wrapper.{name} must be an optim-wrapper config '
                    f'with an "optimizer" key, got {cfg!r}.')
        self.optim_wrapper_cfg = optim_wrapper_cfg

    def __call__(self, model: nn.Module) -> OptimWrapperDict:
        """Build the wrappers for the children of ``model``.

        Args:
            model (nn.Module): The algorithm, possibly wrapped for DDP.
        """
        model = unwrap_model(model)
        children = dict(model.named_children())
        wrappers = {}
        for name, cfg in self.optim_wrapper_cfg.items():
            cfg = dict(cfg)
            # A model may declare what learns with a network (e.g. the
            # student's feature connectors).
            default = model.trained_with(name) if hasattr(
                model, 'trained_with') else [name]
            modules = cfg.pop('modules', default)
            for module in modules:
                if module not in children:
                    raise KeyError(
                        f'optim_wrapper.{name} names no sub-network '
                        f'"{module}" of {type(model).__name__}; valid names: '
                        f'{sorted(children)}.')
            if len(modules) == 1:
                params = children[modules[0]]
            else:
                # A plain container of the unwrapped children: one
                # optimizer over all their parameters.
                params = nn.ModuleDict(
                    {m: unwrap_model(children[m]) for m in modules})
            wrappers[name] = build_optim_wrapper(params, cfg)
        return OptimWrapperDict(**wrappers)
