"""A schedule for the weight of one loss term of an objective."""
import math
from typing import Optional

from mmengine.hooks import Hook

from mmdfkd.models.utils import unwrap_model
from mmdfkd.registry import HOOKS

__all__ = ['LossWeightScheduleHook', 'weight_factor']

OBJECTIVES = ('generator', 'student')
MODES = ('cosine', 'linear')


def weight_factor(iteration: int, begin: int, end: int, end_factor: float,
                  mode: str = 'cosine') -> float:
    """The factor on a term's initial weight at an iteration.

    Args:
        iteration (int): The iteration, counted from 0.
        begin (int): The last iteration at the full weight.
        end (int): The first iteration at ``end_factor``.
        end_factor (float): The factor from ``end`` on.
        mode (str): ``'cosine'`` (a half cosine from 1 to ``end_factor``)
            or ``'linear'``.

    Returns:
        float: 1 up to ``begin``, ``end_factor`` from ``end`` on, the ramp
        in between.
    """
    if iteration <= begin:
        return 1.0
    if iteration >= end:
        return end_factor
    progress = (iteration - begin) / (end - begin)
    if mode == 'cosine':
        progress = (1 - math.cos(math.pi * progress)) / 2
    return 1.0 + (end_factor - 1.0) * progress


@HOOKS.register_module()
class LossWeightScheduleHook(Hook):
    """Ramp the weight of one term of the generator or student objective.

    A warm-up or a fade-out of a term (e.g. the BN-alignment term of a
    conditional generator, which pulls the samples towards realism first
    and then leaves the class term to sharpen them) without a new
    algorithm: before every training iteration the term's weight is set to
    its configured weight times :func:`weight_factor`. The weight depends
    on the iteration alone, so a resumed run sees the same weights as an
    uninterrupted one.

    Args:
        objective (str): ``'generator'`` or ``'student'``.
        term (str): The term's name in that objective, e.g. ``'loss_bn'``.
        end_factor (float): The factor on the configured weight at the end
            of the ramp (0 turns the term off).
        begin (int): The last iteration at the configured weight.
            Defaults to 0.
        end (int, optional): The first iteration at ``end_factor``.
            Defaults to the run's ``max_iters``.
        mode (str): ``'cosine'`` or ``'linear'``. Defaults to ``'cosine'``.
    """

    priority = 'NORMAL'

    def __init__(self, objective: str, term: str, end_factor: float,
                 begin: int = 0, end: Optional[int] = None,
                 mode: str = 'cosine') -> None:
        if objective not in OBJECTIVES:
            raise ValueError(f'LossWeightScheduleHook: objective must be one '
                             f'of {OBJECTIVES}, got {objective!r}.')
        if mode not in MODES:
            raise ValueError(f'LossWeightScheduleHook: mode must be one of '
                             f'{MODES}, got {mode!r}.')
        if end_factor < 0:
            raise ValueError(f'LossWeightScheduleHook: end_factor must be '
                             f'>= 0, got {end_factor}.')
        self.objective = objective
        self.term = term
        self.end_factor = end_factor
        self.begin = begin
        self.end = end
        self.mode = mode
        self._weights = None
        self._initial: Optional[float] = None

    def before_train(self, runner) -> None:
        """Record the term's configured weight and check the window.

        Args:
            runner (Runner): The runner.
        """
        objective = getattr(unwrap_model(runner.model),
                            f'{self.objective}_objective')
        if self.term not in objective.weights:
            raise KeyError(
                f'LossWeightScheduleHook: the {self.objective} objective has '
                f'no term {self.term!r} (a term of weight 0 is not built); '
                f'its terms: {sorted(objective.weights)}.')
        if self.end is None:
            self.end = runner.max_iters
        if self.begin >= self.end:
            raise ValueError(
                f'LossWeightScheduleHook: begin ({self.begin}) must be '
                f'before end ({self.end}); set end <= max_iters.')
        self._weights = objective.weights
        self._initial = objective.weights[self.term]

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        """Set the term's weight for this iteration.

        Args:
            runner (Runner): The runner.
            batch_idx (int): The iteration's index.
            data_batch: The iteration's data.
        """
        self._weights[self.term] = self._initial * weight_factor(
            runner.iter, self.begin, self.end, self.end_factor, self.mode)
