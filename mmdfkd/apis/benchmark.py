"""Measure a distillation run: evaluation timeline, speed, memory."""
import multiprocessing
import resource
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Dict, Optional

import torch
from mmengine.config import Config

from mmdfkd.engine.hooks import DivergenceError, EvalTimelineHook
from mmdfkd.models.algorithms import BaseDataFreeDistiller
from mmdfkd.models.utils import unwrap_model

from .runner import build_runner
from .synthesis import write_synthetic_dataset


def peak_memory_mb() -> float:
    """The peak memory of this process so far, in MiB.

    Torch's peak of allocated CUDA memory on a GPU; otherwise the peak
    resident set size of the process, from ``resource.getrusage``.
    """
    if torch.cuda.is_available():
        return torch.cuda.max_memory_allocated() / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / 2**20 if sys.platform == 'darwin' else peak / 2**10


def class_fidelity(model: BaseDataFreeDistiller,
                   num_per_class: int) -> Optional[float]:
    """The teacher's agreement with a conditional generator's labels.

    Draws ``num_per_class`` images of every class with
    :func:`~mmdfkd.apis.write_synthetic_dataset` (into a temporary
    folder) and returns their mean class fidelity. The latent codes are
    always the same (seed 0), so runs differ only by their generators.

    Args:
        model (BaseDataFreeDistiller): The trained algorithm.
        num_per_class (int): Images drawn per class.

    Returns:
        float | None: The fidelity in percent; None for an unconditional
        generator, whose images have no preset class.
    """
    if not unwrap_model(model.generator).conditional:
        return None
    with tempfile.TemporaryDirectory() as out_dir:
        dataset = write_synthetic_dataset(
            model, out_dir, num_per_class=num_per_class)
    return 100 * dataset.mean_fidelity


def measure_distillation(cfg: Config, metric: str,
                         fidelity_per_class: int = 50) -> Dict[str, Any]:
    """Train a distillation config and measure the run.

    The run is trained as configured; an :class:`EvalTimelineHook` records
    each validation (``train_cfg.val_interval``, and always the last
    iteration) with the wall-clock time since training started. A run that
    its :class:`~mmdfkd.engine.DivergenceGuardHook` stops is a measured
    failure, not an error: the student is validated as the guard left it,
    that is its final point, and ``stopped`` holds the guard's message.

    Args:
        cfg (Config): The distillation config.
        metric (str): The key of the validation metric to report, e.g.
            ``'accuracy/top1'`` or ``'mIoU'``.
        fidelity_per_class (int): Images per class drawn to measure the
            class fidelity of a conditional generator. Defaults to 50.

    Returns:
        dict: ``timeline``, a list of ``dict(iter, seconds, metric)``;
        ``iters``; ``student_updates``, the student's optimizer steps;
        ``seconds``, the training wall-clock time (validations
        included); ``eval_seconds``, the part spent validating;
        ``cpu_seconds``, the CPU time of the process's threads over the
        training; ``threads``, torch's intra-op threads; ``device``, the
        student's device type;
        ``peak_mem_mb``, see :func:`peak_memory_mb`; ``class_fidelity``,
        see :func:`class_fidelity`; ``stopped``, the message of the
        divergence guard that ended the run early, else None.

    Raises:
        RuntimeError: If the last iteration was not validated.
    """
    runner = build_runner(cfg)
    hook = EvalTimelineHook()
    runner.register_hook(hook)
    stopped = None
    try:
        runner.train()
        iters = runner.iter
    except DivergenceError as error:
        # The guard ended the game: the student as it stands is the run's
        # final one, scored like any other. The loop had not yet counted
        # the iteration the guard stopped in.
        stopped, iters = str(error), runner.iter + 1
        runner.val_loop.run()
        hook.points[-1]['iter'] = iters
        hook.after_train(runner)
    points = hook.points
    if not points or points[-1]['iter'] != iters:
        raise RuntimeError(
            f'The last iteration ({iters}) was not validated: use a '
            f'train loop that validates at the end, such as mmengine\'s '
            f'IterBasedTrainLoop.')
    return dict(
        timeline=[
            dict(iter=p['iter'], seconds=p['seconds'],
                 metric=p['metrics'][metric]) for p in points
        ],
        iters=iters,
        student_updates=iters *
        unwrap_model(runner.model).student_updates_per_iteration,
        seconds=hook.seconds,
        eval_seconds=hook.eval_seconds,
        cpu_seconds=hook.cpu_seconds,
        threads=torch.get_num_threads(),
        device=next(unwrap_model(runner.model).student.parameters()
                    ).device.type,
        peak_mem_mb=peak_memory_mb(),
        class_fidelity=class_fidelity(
            unwrap_model(runner.model), fidelity_per_class),
        stopped=stopped)


def in_fresh_process(func: Callable, *args, **kwargs) -> Any:
    """Call ``func`` in a new Python process and return its result.

    Each call gets its own process, so measurements such as the peak
    memory of :func:`measure_distillation` are those of that call alone.
    An exception of ``func`` is raised again here.

    Args:
        func (Callable): An importable function (it is pickled by name).
        *args: Its positional arguments, picklable.
        **kwargs: Its keyword arguments, picklable.
    """
    context = multiprocessing.get_context('spawn')
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(func, *args, **kwargs).result()
