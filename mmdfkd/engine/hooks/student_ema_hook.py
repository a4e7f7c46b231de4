"""An exponential moving average of the distiller's student alone."""
from mmengine.hooks import EMAHook
from mmengine.registry import MODELS

from mmdfkd.models.utils import unwrap_model
from mmdfkd.registry import HOOKS

__all__ = ['StudentEMAHook']


@HOOKS.register_module()
class StudentEMAHook(EMAHook):
    """mmengine's :class:`~mmengine.hooks.EMAHook` scoped to one submodule
    of the distiller, the student by default.

    ``EMAHook`` averages the whole model: for a distiller that means the
    frozen teacher, the generator and, with ``update_buffers=True``, the
    sample memory too, every iteration, and swaps them all around each
    validation. Only the student is deployed, so only the student is
    averaged here. As with ``EMAHook``, validation and testing use the
    average, and checkpoints store it under the student's keys of
    ``state_dict`` (ready to deploy) and the live student under
    ``ema_state_dict`` (for an exact resume).

    Args:
        module (str): Attribute of the distiller to average.
            Defaults to ``'student'``.
        **kwargs: :class:`~mmengine.hooks.EMAHook`'s arguments
            (``momentum``, ``update_buffers``, ``begin_iter``, ...).
    """

    def __init__(self, module: str = 'student', **kwargs) -> None:
        super().__init__(**kwargs)
        self.module = module

    def before_run(self, runner) -> None:
        """Make the average from the distiller's ``module``.

        Args:
            runner (Runner): The runner of the training process.
        """
        model = unwrap_model(runner.model)
        if not hasattr(model, self.module):
            raise ValueError(
                f'StudentEMAHook: the model ({type(model).__name__}) has no '
                f'submodule {self.module!r} to average; set `module` to one '
                'of its attributes, e.g. module=\'student\'.')
        self.src_model = getattr(model, self.module)
        self.ema_model = MODELS.build(
            self.ema_cfg, default_args=dict(model=self.src_model))

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        """Resume the average, or start it from a loaded student.

        Args:
            runner (Runner): The runner of the training process.
            checkpoint (dict): The loaded checkpoint.
        """
        if 'ema_state_dict' in checkpoint and runner._resume:
            super().after_load_checkpoint(runner, checkpoint)
        else:
            super().after_load_checkpoint(
                runner,
                dict(checkpoint,
                     state_dict=self._module_state(checkpoint['state_dict'])))

    def _module_state(self, model_state: dict) -> dict:
        """The averaged module's entries of the model's ``state_dict``,
        under the module's own keys."""
        prefix = f'{self.module}.'
        return {
            key[len(prefix):]: value
            for key, value in model_state.items() if key.startswith(prefix)
        }

    def _swap_ema_state_dict(self, checkpoint: dict) -> None:
        """Swap the average (``module.<key>`` of ``ema_state_dict``) with
        the live submodule (``<module>.<key>`` of ``state_dict``)."""
        model_state = checkpoint['state_dict']
        ema_state = checkpoint['ema_state_dict']
        for key in ema_state:
            if key.startswith('module.'):
                model_key = f'{self.module}.{key[len("module."):]}'
                ema_state[key], model_state[model_key] = (
                    model_state[model_key], ema_state[key])
