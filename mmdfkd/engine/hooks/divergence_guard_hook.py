"""Stop, or rewind and continue, a data-free run whose game diverges."""
import copy
import logging
import math
import os
import os.path as osp
import shutil
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

import torch
from mmengine.dist import (
    all_gather_object,
    all_reduce,
    get_world_size,
    is_main_process,
)
from mmengine.hooks import CheckpointHook, Hook
from mmengine.logging import print_log
from mmengine.optim import OptimWrapperDict

from mmdfkd.models.utils import unwrap_model
from mmdfkd.registry import HOOKS

#: The checks the guard can run.
CHECKS = ('non_finite', 'exploding', 'collapse')


class DivergenceError(RuntimeError):
    """Raised when :class:`DivergenceGuardHook` stops a diverged run."""


class Limit(NamedTuple):
    """A bound on one diagnostic the model reports.

    Attributes:
        check (str): ``'exploding'`` (a ceiling) or ``'collapse'`` (a
            floor).
        term (str): The diagnostic, e.g. ``'diag_gen_absmax'``.
        option (str): The hook argument that sets the bound.
        bound (float): The bound.
    """
    check: str
    term: str
    option: str
    bound: float

    def broken_by(self, value: float) -> bool:
        """Whether ``value`` is beyond the bound."""
        return value > self.bound if self.check == 'exploding' else \
            value < self.bound

    def describe(self, value: float) -> str:
        """``term=value > option=bound``, for messages."""
        sign = '>' if self.check == 'exploding' else '<'
        return f'{self.term}={value:.4g} {sign} {self.option}={self.bound:g}'


class Failure(NamedTuple):
    """A check that fired: its name, the term and what the term was."""
    check: str
    term: str
    detail: str


def _param_groups(optim_wrapper) -> List[dict]:
    """The param groups of every optimizer of the runner."""
    wrappers = optim_wrapper.values() if isinstance(
        optim_wrapper, OptimWrapperDict) else [optim_wrapper]
    return [group for wrapper in wrappers
            for group in wrapper.optimizer.param_groups]


@HOOKS.register_module()
class DivergenceGuardHook(Hook):
    """Detect a diverged data-free game; stop it, or rewind and continue.

    After every training iteration the guard checks:

    - ``'non_finite'``: every value the train step returned (each loss
      term) and every diagnostic is finite;
    - ``'exploding'``: the generated batch's largest ``|x|``
      (``diag_gen_absmax``) is at most ``max_abs`` and the std of its
      values (``diag_gen_std``) at most ``max_std``, in the normalised
      input space (a standardised generator gives about 3 and 1);
    - ``'collapse'``: the std across the batch of each value, averaged
      (``diag_gen_diversity``), is at least ``min_diversity``, and the
      entropy of the histogram of the teacher's arg-max classes over the
      batch, pooled over the pixels of logit maps, *divided by
      log(num_classes)* (``diag_teacher_class_entropy``, 1 for balanced
      classes, 0 for one class), at least ``min_class_entropy``; and the
      same entropy of the student's arg-max classes
      (``diag_student_class_entropy``) at least
      ``min_student_class_entropy`` (off by default): a student that
      predicts one class everywhere (e.g. the background of every pixel)
      has collapsed even while the generator is healthy.

    The generator's diagnostics are those of the last generator step of
    the iteration, the student's those of its last update, which the
    algorithm computes on the batches it holds
    (:func:`~mmdfkd.models.task_modules.batch_diagnostics`, the model's
    ``diagnostics``); the guard also logs them with the losses. A bound
    of None, or a diagnostic the model does not report (with a warning),
    is not checked.

    Non-finite values and exploding outputs fire at once. Collapse fires
    only after ``collapse_patience`` consecutive iterations below a bound:
    an adversarial generator early in training often draws a batch the
    teacher puts in one class, and recovers.

    An iteration is *good* when no bound is broken. The guard runs before
    :class:`~mmengine.hooks.CheckpointHook` and fires before the
    diverged iteration is saved, so the last good checkpoint is the last
    one saved after a good iteration. While a collapse is pending, that
    checkpoint is pinned, so that the rotation of ``max_keep_ckpts`` does
    not delete it: a hard link (or copy) ``last_good_<name>`` next to it,
    removed once a newer good checkpoint exists.

    When a check fires, the guard logs the check, the iteration (counted
    from 1, as in the log and in ``iter_<n>.pth``) and the term, then:

    - ``action='stop'``: raises :class:`DivergenceError` with that message
      and the last good checkpoint's path; ``<work_dir>/last_checkpoint``
      is pointed back to it, so ``--resume`` continues from it;
    - ``action='skip'``: restores, from memory, the state after the last
      good iteration of every network but the frozen teacher (weights and
      buffers, e.g. BN statistics or DeepInversion's bank) and of every
      optimizer (moments, step counts, loss scale), and continues.
      The iteration counter, the data stream and the learning-rate
      schedule go on (the optimizers keep the current learning rates):
      the diverged iterations are skipped, not replayed. After
      ``max_skips`` skips, the next firing stops as ``'stop'`` does. The
      state is copied after every good iteration: a second copy of the
      trained networks and optimizer states in memory.

    In distributed training the processes agree on every verdict, so they
    stop, skip and copy together.

    The defaults are far from healthy runs of the shipped digits configs
    (every method at its first iteration, DFAD over its 300 iterations,
    DeepInversion): ``diag_gen_absmax`` at most 4.8, ``diag_gen_std``
    about 1, ``diag_gen_diversity`` at least 0.95; DFAD's adversarial
    generator draws a batch of one teacher class now and then, but never
    two iterations in a row.

    Args:
        action (str): ``'stop'`` or ``'skip'``. Defaults to ``'stop'``.
        checks (Sequence[str]): The checks to run, of ``'non_finite'``,
            ``'exploding'`` and ``'collapse'``. Defaults to all.
        max_abs (float, optional): Bound of ``diag_gen_absmax``.
            Defaults to 1e3.
        max_std (float, optional): Bound of ``diag_gen_std``. Defaults to
            1e2.
        min_diversity (float, optional): Bound of ``diag_gen_diversity``.
            Defaults to 1e-2.
        min_class_entropy (float, optional): Bound of the normalised
            ``diag_teacher_class_entropy``. Defaults to 1e-2: a batch of
            64 images all in one class but one is at 0.06.
        min_student_class_entropy (float, optional): Bound of the
            normalised ``diag_student_class_entropy``. Defaults to None
            (not checked): a healthy student of the digit mosaic also
            predicts the background on every pixel (entropy 0) for its
            first 35 or so iterations, so the bound needs a
            ``collapse_patience`` beyond that, e.g. 1e-2 with 100.
        collapse_patience (int): Consecutive iterations below a collapse
            bound before it fires. Defaults to 20.
        max_skips (int): Skips before a firing stops the run
            (``action='skip'``). Defaults to 3.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self,
                 action: str = 'stop',
                 checks: Sequence[str] = CHECKS,
                 max_abs: Optional[float] = 1e3,
                 max_std: Optional[float] = 1e2,
                 min_diversity: Optional[float] = 1e-2,
                 min_class_entropy: Optional[float] = 1e-2,
                 min_student_class_entropy: Optional[float] = None,
                 collapse_patience: int = 20,
                 max_skips: int = 3) -> None:
        if action not in ('stop', 'skip'):
            raise ValueError(
                f'DivergenceGuardHook: action must be \'stop\' or '
                f'\'skip\', got {action!r}.')
        unknown = sorted(set(checks) - set(CHECKS))
        if unknown:
            raise ValueError(
                f'DivergenceGuardHook: unknown checks {unknown}; valid '
                f'checks: {list(CHECKS)}.')
        if collapse_patience < 1 or max_skips < 0:
            raise ValueError(
                f'DivergenceGuardHook: collapse_patience must be >= 1 and '
                f'max_skips >= 0, got {collapse_patience} and '
                f'{max_skips}.')
        self.action = action
        self.checks = tuple(checks)
        self.collapse_patience = collapse_patience
        self.max_skips = max_skips
        limits = [
            Limit('exploding', 'diag_gen_absmax', 'max_abs', max_abs),
            Limit('exploding', 'diag_gen_std', 'max_std', max_std),
            Limit('collapse', 'diag_gen_diversity', 'min_diversity',
                  min_diversity),
            Limit('collapse', 'diag_teacher_class_entropy',
                  'min_class_entropy', min_class_entropy),
            Limit('collapse', 'diag_student_class_entropy',
                  'min_student_class_entropy', min_student_class_entropy),
        ]
        self.limits = [limit for limit in limits
                       if limit.check in self.checks
                       and limit.bound is not None]

    def before_train(self, runner) -> None:
        """Check the hook order; start from the runner's state as good.

        Raises:
            ValueError: If a CheckpointHook runs before the guard, so that
            diverged iterations would be saved.
        """
        position = runner.hooks.index(self)
        if any(isinstance(hook, CheckpointHook)
               for hook in runner.hooks[:position]):
            raise ValueError(
                f'DivergenceGuardHook (priority {self.priority}) runs '
                f'after CheckpointHook, which would save a diverged '
                f'iteration before the guard sees it: give the guard a '
                f'higher priority than the CheckpointHook\'s (VERY_LOW), '
                f'e.g. its default \'ABOVE_NORMAL\'.')
        # A resumed run starts from the checkpoint it resumed.
        self._latest_ckpt = runner.message_hub.get_info('last_ckpt')
        self._good_ckpt = self._latest_ckpt
        self._pinned: Optional[str] = None
        self._good = True
        self._streaks: Dict[str, int] = {}
        self._unreported = {limit.term for limit in self.limits}
        self.skips = 0
        if self.action == 'skip':
            self._good_state = self._copy_state(runner)
            self._good_iter = runner.iter

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        """Note a checkpoint saved after the last iteration if it was good.
        """
        latest = runner.message_hub.get_info('last_ckpt')
        if latest == self._latest_ckpt:
            return
        self._latest_ckpt = latest
        if self._good:
            self._good_ckpt = latest
            self._unpin()

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs: Optional[dict] = None) -> None:
        """Check the iteration; stop or skip if a check fires.

        Raises:
            DivergenceError: If a check fires and the run stops.
        """
        model = unwrap_model(runner.model)
        diagnostics = {key: float(value) for key, value in getattr(
            model, 'diagnostics', {}).items()}
        for key, value in diagnostics.items():
            runner.message_hub.update_scalar(f'train/{key}', value)
        failure, suspect = self._agree(
            *self._check(outputs or {}, diagnostics))
        if failure is not None:
            check, term, detail = failure
            self._fire(runner, f'DivergenceGuardHook: the \'{check}\' check '
                       f'fired at iteration {runner.iter + 1} on {term} '
                       f'({detail})')
        elif suspect:
            if self._good:
                self._pin()
            self._good = False
        else:
            self._good = True
            if self.action == 'skip':
                self._good_state = self._copy_state(runner)
                self._good_iter = runner.iter + 1

    def after_train(self, runner) -> None:
        """Drop the pin of a collapse that never fired."""
        self._unpin()

    def _check(self, outputs: dict, diagnostics: Dict[str, float]
               ) -> Tuple[Optional[Failure], bool]:
        """This process's verdict on the iteration.

        Args:
            outputs (dict): The train step's log values.
            diagnostics (dict[str, float]): The model's diagnostics.

        Returns:
            tuple[Failure | None, bool]: What fired, if anything, and
            whether a bound is broken (the iteration is not good).
        """
        if 'non_finite' in self.checks:
            bad = {term: float(value)
                   for term, value in {**outputs, **diagnostics}.items()
                   if not math.isfinite(float(value))}
            if bad:
                return Failure('non_finite', ', '.join(bad), ', '.join(
                    f'{term}={value}' for term, value in bad.items())), True
        failure, suspect = None, False
        for limit in self.limits:
            if limit.term not in diagnostics:
                self._warn_unreported(limit)
                continue
            value = diagnostics[limit.term]
            if not limit.broken_by(value):
                self._streaks[limit.term] = 0
                continue
            suspect = True
            streak = self._streaks[limit.term] = \
                self._streaks.get(limit.term, 0) + 1
            patience = self.collapse_patience \
                if limit.check == 'collapse' else 1
            if streak >= patience and failure is None:
                detail = limit.describe(value)
                if patience > 1:
                    detail += f' for {streak} consecutive iterations'
                failure = Failure(limit.check, limit.term, detail)
        return failure, suspect

    def _warn_unreported(self, limit: Limit) -> None:
        """Warn once that a bound cannot be checked."""
        if limit.term in self._unreported:
            self._unreported.discard(limit.term)
            print_log(
                f'DivergenceGuardHook: the model reports no {limit.term}, '
                f'so {limit.option} is not checked.',
                logger='current',
                level=logging.WARNING)

    @staticmethod
    def _agree(failure: Optional[Failure],
               suspect: bool) -> Tuple[Optional[Failure], bool]:
        """The verdicts of all processes, so that they act together."""
        if get_world_size() == 1:
            return failure, suspect
        flags = torch.tensor([failure is not None, suspect],
                             dtype=torch.float32)
        all_reduce(flags, op='max')
        if flags[0]:
            failure = next(f for f in all_gather_object(failure)
                           if f is not None)
        return failure, bool(flags[1])

    def _fire(self, runner, message: str) -> None:
        """Log ``message``, then skip the diverged iterations or stop.

        Raises:
            DivergenceError: Unless the run skips.
        """
        skip = self.action == 'skip' and self.skips < self.max_skips
        if skip:
            self.skips += 1
            self._restore(runner, self._good_state)
            self._streaks.clear()
            self._good = True
            message += (f'. Skipped ({self.skips} of {self.max_skips}): the '
                        f'networks and optimizers are back to their state '
                        f'after iteration {self._good_iter}.')
        else:
            if self.action == 'skip':
                message += f' after {self.skips} skips'
            message += (f'. Training stopped; '
                        f'{self._keep_good_ckpt(runner)}')
        print_log(message, logger='current', level=logging.ERROR)
        if not skip:
            raise DivergenceError(message)

    def _keep_good_ckpt(self, runner) -> str:
        """Point ``last_checkpoint`` at the last good checkpoint.

        Returns:
            str: Where the last good checkpoint is, for the message.
        """
        path = self._good_ckpt
        if path is None:
            return 'no checkpoint was saved before the divergence.'
        if self._pinned is not None and not osp.isfile(path):
            path = self._pinned
        else:
            self._unpin()
        if is_main_process() and path != self._latest_ckpt:
            with open(osp.join(runner.work_dir, 'last_checkpoint'),
                      'w') as f:
                f.write(path)
        return (f'the last good checkpoint is {path} (`last_checkpoint` '
                f'points to it: --resume continues from it).')

    def _pin(self) -> None:
        """Keep the last good checkpoint through the rotation."""
        path = self._good_ckpt
        if self._pinned is not None or not is_main_process() or \
                path is None or not osp.isfile(path):
            return
        self._pinned = osp.join(
            osp.dirname(path), f'last_good_{osp.basename(path)}')
        try:
            # A second name for the file: the rotation removes the first.
            os.link(path, self._pinned)
        except OSError:  # e.g. a file system without hard links
            shutil.copyfile(path, self._pinned)

    def _unpin(self) -> None:
        """Remove the pin, if any: no longer the last good checkpoint."""
        if self._pinned is not None:
            os.remove(self._pinned)
            self._pinned = None

    @staticmethod
    def _copy_state(runner) -> dict:
        """The trained state: every network but the frozen teacher, and
        the optimizers."""
        model = unwrap_model(runner.model)
        return dict(
            networks={
                name: copy.deepcopy(unwrap_model(child).state_dict())
                for name, child in model.named_children()
                if name != 'teacher'
            },
            optim=copy.deepcopy(runner.optim_wrapper.state_dict()))

    @staticmethod
    def _restore(runner, state: dict) -> None:
        """Load a :meth:`_copy_state`, keeping the scheduled learning
        rates (and other hyper-parameters) of the current iteration."""
        model = unwrap_model(runner.model)
        for name, network_state in state['networks'].items():
            unwrap_model(getattr(model, name)).load_state_dict(network_state)
        scheduled = [{key: value for key, value in group.items()
                      if key != 'params'}
                     for group in _param_groups(runner.optim_wrapper)]
        # A copy: the optimizers update the tensors they load in place.
        runner.optim_wrapper.load_state_dict(copy.deepcopy(state['optim']))
        for group, values in zip(_param_groups(runner.optim_wrapper),
                                 scheduled):
            group.update(values)
