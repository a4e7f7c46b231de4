"""Record every validation of a training run with its wall-clock time."""
import json
import numbers
import os.path as osp
import time
from typing import Dict, List, Optional

from mmengine.dist import master_only
from mmengine.hooks import Hook

from mmdfkd.registry import HOOKS


@HOOKS.register_module()
class EvalTimelineHook(Hook):
    """Keep the timeline of the validations run during training.

    After each validation inside training, the hook appends a point
    ``dict(iter=..., seconds=..., metrics={...})``: the iterations done,
    the wall-clock seconds since training started (validations included)
    and the validation metrics. It also sums the seconds spent validating,
    so that the training speed can be told apart from the evaluation cost,
    and counts the CPU seconds of the process over the whole training (all
    its threads), so that a run that did not get its cores can be told
    apart from a slow one.
    The timeline is written to ``out_file`` after every validation, so a
    long run can be watched, and a crashed one keeps what it measured::

        {"points": [...], "eval_seconds": 12.3, "seconds": 456.7,
         "cpu_seconds": 890.1}

    where ``seconds`` and ``cpu_seconds`` are the whole training's, set
    once training ends.
    Validations outside training (``runner.val()``) are not recorded.

    Args:
        out_file (str, optional): The JSON file, relative to the work dir.
            None keeps the timeline in memory only (:attr:`timeline`).
            Defaults to ``'eval_timeline.json'``.
    """

    priority = 'LOW'

    def __init__(self, out_file: Optional[str] = 'eval_timeline.json'
                 ) -> None:
        self.out_file = out_file
        self.points: List[dict] = []
        self.eval_seconds = 0.0
        self.seconds: Optional[float] = None
        self.cpu_seconds: Optional[float] = None
        self._start: Optional[float] = None
        self._cpu_start: Optional[float] = None
        self._val_start: Optional[float] = None

    @property
    def timeline(self) -> Dict:
        """The points, the validation seconds and the training's wall and
        CPU seconds."""
        return dict(points=self.points, eval_seconds=self.eval_seconds,
                    seconds=self.seconds, cpu_seconds=self.cpu_seconds)

    def _elapsed(self) -> float:
        return time.perf_counter() - self._start

    def before_train(self, runner) -> None:
        """Start the clock and an empty timeline."""
        self.points, self.eval_seconds = [], 0.0
        self.seconds = self.cpu_seconds = None
        self._start = time.perf_counter()
        self._cpu_start = time.process_time()

    def before_val(self, runner) -> None:
        """Time the validation, if it runs inside training."""
        if self._start is not None and self.seconds is None:
            self._val_start = time.perf_counter()

    def after_val_epoch(self, runner, metrics: Optional[Dict] = None
                        ) -> None:
        """Add a point with the metrics of this validation."""
        if self._val_start is None:
            return
        self.points.append(dict(
            iter=runner.iter,
            seconds=self._elapsed(),
            # Scalars only: a metric may also report per-class lists.
            metrics={key: float(value)
                     for key, value in (metrics or {}).items()
                     if isinstance(value, numbers.Real)}))

    def after_val(self, runner) -> None:
        """Count the validation's time and write the timeline."""
        if self._val_start is None:
            return
        self.eval_seconds += time.perf_counter() - self._val_start
        self._val_start = None
        self._dump(runner)

    def after_train(self, runner) -> None:
        """Record the whole training time and write the timeline."""
        self.seconds = self._elapsed()
        self.cpu_seconds = time.process_time() - self._cpu_start
        self._dump(runner)

    @master_only
    def _dump(self, runner) -> None:
        if self.out_file is not None:
            with open(osp.join(runner.work_dir, self.out_file), 'w') as f:
                json.dump(self.timeline, f, indent=2)
