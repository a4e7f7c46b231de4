"""Compare data-free methods over seeds on the embedded digit tasks.

Each cell (task, method, seed) distils the task's teacher with the
method's config, at one budget for every method of a task, validating the
student on the task's real held-out split every ``--eval-interval``
iterations and at the last one, together with the wall-clock time since
training started. A cell runs in a fresh process (so its peak memory is
its own) and writes ``<out-dir>/cells/<task>_<method>_seed<seed>.json``;
a rerun skips the cells whose file exists, after checking that the file
records the same config (a fingerprint of the resolved config and of the
model configs it points to) and the same teacher weights; a cell measured
otherwise is refused, never mixed in. A run that its divergence guard
stops is a cell too: its final metric is the student's when stopped, and
the table names it. The teacher is trained if its checkpoint is missing
and tested once per task. The summary goes to
``<out-dir>``: ``results.csv`` (one row per cell), ``results.md`` (a
table per task) and ``<task>_metric_vs_time.png``. ``--measured-only``
runs nothing and writes the summary of the cells measured so far, naming
those not measured yet.

``--tune`` chooses each method's settings instead, on a dev split (the
teacher's train split, which the student never sees), never the test
split: every point of the method's grid (in ``GRIDS``) is a cell,
``<out-dir>/tuning/cells/<task>_<method>_point<i>_seed<seed>.json``,
scored by its final dev metric (a conditional method: the lower of that
and its class fidelity); the point of the best mean over seeds is
chosen. The grids and the choices go to ``<out-dir>/tuning``:
``grid_<task>.csv`` (one row per cell) and ``tuning.md``. With
``--ablation`` the grid is an ablation of the asked-for methods (e.g. a
term's schedule on or off), written to ``<out-dir>`` itself.

    python tools/benchmark.py [--tasks digits mosaic] \\
        [--methods ddad dfad cgdd] [--seeds 0 1 2] [--tune]
"""
import argparse
import copy
import csv
import datetime
import functools
import hashlib
import itertools
import json
import os
import os.path as osp
import runpy
import shlex
import statistics
import subprocess
import sys
import time
from typing import (
    Any,
    Callable,
    Dict,
    List,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
)

import numpy as np
import torch
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from mmengine.config import Config, DictAction
from mmengine.logging import MMLogger

# Importing mmdfkd installs the stack work-arounds and registers modules.
from mmdfkd.apis import ensure_teacher, in_fresh_process, measure_distillation
from mmdfkd.engine import iter_schedulers
from mmdfkd.utils import safe_load
from mmdfkd.utils.cfg_options import config_value, ineffective_options
from mmdfkd.utils.threads import REFERENCE_THREADS, fix_cpu_threads

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


class Task(NamedTuple):
    """A benchmark task: its validation metric, how the tables name it on
    the test split and on the dev split of ``--tune``, and the shares of
    the teacher's metric (percent) whose times the tables give."""
    metric: str
    description: str
    dev_description: str
    thresholds: Tuple[int, ...]


TASKS = dict(
    digits=Task('accuracy/top1',
                'top-1 accuracy (%) on the 540 held-out digits',
                'top-1 accuracy (%) on the 1257 train digits (dev split)',
                (95, 98)),
    # No mosaic method keeps 95% of the teacher (configs/ddad/README.md):
    # 85% is what the best seeds keep before the end, 75% what every seed
    # of the leading methods keeps, so times to them compare.
    mosaic=Task('mIoU',
                'mIoU (%) on the test canvases of held-out digits',
                'mIoU (%) on the 2000 train canvases (dev split)',
                (75, 85)),
)
# The dev split of --tune: the teacher's train split, which a data-free
# student never sees, so that settings are not chosen on the test split.
# The test loader moves too: nothing in a tuning run may read the test set.
DEV_SPLIT = {
    'val_dataloader.dataset.split': 'train',
    'test_dataloader.dataset.split': 'train',
}
GRIDS = 'configs/_base_/tuning_grids.py'
# A method's grid: config key -> values (every combination), or a list of
# points (an ablation's variants).
Grid = Union[Dict[str, Sequence], Sequence[Dict[str, Any]]]

# (task, method) -> distillation config: adding a method is one line.
CONFIGS = {
    ('digits', 'ddad'):
    'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('digits', 'dfad'):
    'configs/dfad/dfad_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('digits', 'cgdd'):
    'configs/cgdd/cgdd_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('digits', 'cgdd-l1'):
    'configs/cgdd/cgdd-l1_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('digits', 'dafl'):
    'configs/dafl/dafl_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('digits', 'zskt'):
    'configs/zskt/zskt_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('digits', 'dfq'):
    'configs/dfq/dfq_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('digits', 'deepinversion'): 'configs/deepinversion/'
    'deepinversion_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('digits', 'fast'):
    'configs/fast/fast_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('digits', 'fast-1'):
    'configs/fast/fast-1_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('digits', 'fast-1-bf16'):
    'configs/fast/fast-1_resnet34-w16_resnet18-w8_1xb64-bf16_digits.py',
    ('digits', 'cmi'):
    'configs/cmi/cmi_resnet34-w16_resnet18-w8_1xb64_digits.py',
    ('mosaic', 'ddad'): 'configs/ddad/'
    'ddad_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
    ('mosaic', 'dfad'): 'configs/dfad/'
    'dfad_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
    ('mosaic', 'dafl'): 'configs/dafl/'
    'dafl_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
    ('mosaic', 'zskt'): 'configs/zskt/'
    'zskt_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
    ('mosaic', 'dfq'): 'configs/dfq/'
    'dfq_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
    ('mosaic', 'fast'): 'configs/fast/'
    'fast_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
}
METHODS = sorted({method for _, method in CONFIGS})

# Every task's shares of the teacher's metric, in percent: the columns.
THRESHOLDS = tuple(sorted({share for task in TASKS.values()
                           for share in task.thresholds}))
# Images per class drawn to measure a conditional generator's fidelity.
FIDELITY_PER_CLASS = 50
# The core share (percent) below which a CPU cell's times are marked as
# taken on a loaded machine: it did not get the cores it computed on.
LOADED_CORE_SHARE = 80
# Evaluations per run when --eval-interval is not given.
DEFAULT_EVALUATIONS = 20
COLUMNS = [
    'task', 'method', 'seed', 'teacher_metric', 'student_metric', 'relative',
    *(f'{name}_{t}{unit}' for t in THRESHOLDS
      for name, unit in (('time_to', '_s'), ('iters_to', ''))),
    's_per_iter', 'peak_mem_mb', 'wall_s', 'core_share', 'class_fidelity',
    'max_iters', 'student_updates', 'eval_interval', 'stopped_at_iter'
]


TUNING_COLUMNS = ['task', 'method', 'point', 'seed', 'settings', 'split',
                  'dev_metric', 'class_fidelity', 'score', 'wall_s']


class Cell(NamedTuple):
    """One run of the benchmark, or of a grid point when tuning."""
    task: str
    method: str
    seed: int
    # Tuning only: the index of the grid point and its (key, value) pairs.
    point: Optional[int] = None
    settings: Tuple[Tuple[str, Any], ...] = ()

    @property
    def parts(self) -> List[str]:
        """What tells the cell apart: its file name and work dir."""
        point = [] if self.point is None else [f'point{self.point}']
        return [self.task, self.method, *point, f'seed{self.seed}']

    @property
    def name(self) -> str:
        return '_'.join(self.parts)

    def __str__(self) -> str:
        return ' / '.join(self.parts)

    def __hash__(self) -> int:
        # The name tells cells apart; a setting's value may be a list
        # (e.g. ``custom_hooks``), which a tuple's hash refuses.
        return hash(self.name)


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='Configs (task, method): ' + ', '.join(
            f'{task} {method}' for task, method in CONFIGS))
    parser.add_argument(
        '--tasks', nargs='+', choices=sorted(TASKS), default=sorted(TASKS),
        help='tasks to run (default: all)')
    parser.add_argument(
        '--methods', nargs='+', choices=METHODS, default=METHODS,
        help='methods to run, where a task has a config for them '
        '(default: all)')
    parser.add_argument(
        '--seeds', nargs='+', type=int,
        help='seeds of each method, or of each grid point with --tune '
        '(default: 0 1 2; with --tune, 0)')
    parser.add_argument(
        '--max-iters', type=int,
        help='training iterations of every cell, iteration-based schedules '
        'stretched to match, for quick looks (default: each config\'s '
        'budget; the shipped configs of a task give every method the same '
        'number of student updates)')
    parser.add_argument(
        '--eval-interval', type=int,
        help='iterations between validations; the last iteration is '
        f'always validated (default: a {DEFAULT_EVALUATIONS}th of the '
        f'budget; with --tune, the last iteration only)')
    parser.add_argument(
        '--out-dir', default='docs/benchmarks',
        help='where the cell results and the summary go '
        '(default: docs/benchmarks)')
    parser.add_argument(
        '--work-dir', default='work_dirs/benchmark',
        help='work dirs of the runs (default: work_dirs/benchmark)')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='overrides for every distillation config, key=value pairs')
    parser.add_argument(
        '--tune', action='store_true',
        help='run every point of each method\'s grid on the dev split '
        'and choose the best, into <out-dir>/tuning and <work-dir>/tuning')
    parser.add_argument(
        '--ablation', action='store_true',
        help='with --tune: the grids are an ablation of the asked-for '
        'methods, not a tuning of every method: only their grids are '
        'checked (each key read, the config\'s setting a point), of any '
        'size, and --out-dir and --work-dir are used as given')
    parser.add_argument(
        '--grids', default=GRIDS,
        help='the file of the tuning grids, relative to the repository '
        f'(default: {GRIDS})')
    parser.add_argument(
        '--measured-only', action='store_true',
        help='run nothing: write the summary from the cells already in '
        '<out-dir>/cells, listing the asked-for cells not measured yet')
    parser.add_argument(
        '--threads', type=int, default=REFERENCE_THREADS,
        help='CPU threads of every cell; a seeded cell repeats exactly at '
        'the same count, whatever the load (default: '
        f'{REFERENCE_THREADS}, the count of the committed results)')
    args = parser.parse_args()
    for name in ('max_iters', 'eval_interval'):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f'--{name.replace("_", "-")} must be positive')
    if args.measured_only and args.tune:
        parser.error('--measured-only summarises the benchmark\'s cells; '
                     'a tuning run chooses from every grid point, run them')
    if args.ablation and not args.tune:
        parser.error('--ablation runs grid points on the dev split: add '
                     '--tune and the ablation\'s --grids')
    if args.seeds is None:
        args.seeds = [0] if args.tune else [0, 1, 2]
    if args.tune and not args.ablation:
        # Apart from the benchmark's cells, so neither resumes the other.
        args.out_dir = osp.join(args.out_dir, 'tuning')
        args.work_dir = osp.join(args.work_dir, 'tuning')
    return args


def plan(args: argparse.Namespace,
         grids: Optional[Dict[str, dict]] = None
         ) -> Tuple[List[Cell], List[str]]:
    """The cells to run, task by task, method by method, (grid point by
    grid point,) seed by seed.

    Args:
        args (argparse.Namespace): The command line.
        grids (dict, optional): When tuning, the grid of every method, see
            :func:`load_grids`. Defaults to None: no grid points.

    Returns:
        tuple[list[Cell], list[str]]: The cells, and the requested
        methods that a task has no config for (``'method on task'``).

    Raises:
        ValueError: If no chosen task has a config of a chosen method.
    """
    # dict.fromkeys: in the order given, each once.
    pairs = [(task, method) for task in dict.fromkeys(args.tasks)
             for method in dict.fromkeys(args.methods)]
    cells = [
        Cell(task, method, seed, index, tuple(point.items()))
        for task, method in pairs if (task, method) in CONFIGS
        for index, point in (enumerate(grid_points(
            task_grid(grids, task, method)))
                             if grids else [(None, {})])
        for seed in dict.fromkeys(args.seeds)
    ]
    if not cells:
        raise ValueError(
            f'No config for methods {args.methods} on tasks {args.tasks}; '
            f'available: {sorted(CONFIGS)}.')
    return cells, [f'{method} on {task}' for task, method in pairs
                   if (task, method) not in CONFIGS]


def load_grids(path: str) -> Dict[str, Grid]:
    """The tuning grids: method -> {dotted config key: values}, or an
    ablation's list of points (see :func:`grid_points`); a
    ``'<task>/<method>'`` key gives the method another grid on that task
    (:func:`task_grid`).

    Args:
        path (str): A Python file defining ``grids``, relative to the
            repository or absolute.
    """
    return runpy.run_path(osp.join(ROOT, path))['grids']


def task_grid(grids: Dict[str, Grid], task: str,
              method: str) -> Optional[Grid]:
    """A method's grid on a task: its ``'<task>/<method>'`` grid, for a
    method whose configs of two tasks ship settings that one grid of the
    task's size cannot both hold, else its ``'<method>'`` one.

    Args:
        grids (dict): The grids, see :func:`load_grids`.
        task (str): The task.
        method (str): The method.

    Returns:
        dict | list | None: The grid, None if the method has none.
    """
    return grids.get(f'{task}/{method}', grids.get(method))


def grid_points(grid: Grid) -> List[Dict[str, Any]]:
    """Every combination of a grid's values, the first key varying
    slowest; or, for an ablation's variants given one by one, those.

    Args:
        grid (dict[str, Sequence] | Sequence[dict]): Dotted config key ->
            values, or a list of points (each its own overrides, keys left
            out keeping the config's value).

    Returns:
        list[dict]: The points, each ``--cfg-options``-style overrides.
    """
    if not isinstance(grid, dict):
        return [dict(point) for point in grid]
    return [dict(zip(grid, values))
            for values in itertools.product(*grid.values())]


def grid_keys(points: Sequence[dict]) -> List[str]:
    """The keys the points of a grid set, in the order they first come."""
    return list(dict.fromkeys(key for point in points for key in point))


def base_config(task: str, method: str, options: Optional[dict]) -> Config:
    """The config of a method on a task, with the ``--cfg-options``."""
    cfg = Config.fromfile(osp.join(ROOT, CONFIGS[task, method]))
    if options:
        cfg.merge_from_dict(options)
    return cfg


def grid_problems(task: str, method: str, points: List[dict],
                  options: Optional[dict]) -> List[str]:
    """Why a method's grid cannot tune its config on a task, if it cannot.

    Args:
        task (str): The task.
        method (str): The method.
        points (list[dict]): Its grid points, see :func:`grid_points`.
        options (dict, optional): The ``--cfg-options``.

    Returns:
        list[str]: A message per grid key the config does not read, or one
        if the config's own setting is not a point (the grid must contain
        what the benchmark runs); empty when the grid is sound.
    """
    cfg = base_config(task, method, options)
    keys = grid_keys(points)
    problems = ineffective_options(cfg, dict.fromkeys(keys))
    if not problems:
        shipped = setting(cfg, keys)
        if not any(setting(applied(cfg, point), keys) == shipped
                   for point in points):
            problems.append(f'its config\'s setting {shipped} is not a '
                            f'point of the grid')
    return [f'{method} on {task}: {problem}' for problem in problems]


def applied(cfg: Config, point: dict) -> Config:
    """A copy of ``cfg`` with a grid point merged in, as its cell runs
    it: a dict value updates the config's dict rather than replacing it
    (so a point that sets one term of ``model.student_losses`` leaves the
    others).

    Args:
        cfg (Config): The config, left unchanged.
        point (dict): The grid point, dotted key -> value.
    """
    merged = copy.deepcopy(cfg)
    merged.merge_from_dict(point)
    return merged


def setting(cfg: Config, keys: Sequence[str]) -> dict:
    """The values of the grid's keys in a config, as a cell file holds
    them (see :func:`as_stored`).

    Args:
        cfg (Config): The config.
        keys (Sequence[str]): The grid's dotted keys.
    """
    return as_stored({key: config_value(cfg, key) for key in keys})


def as_stored(value: Any) -> Any:
    """``value`` through JSON, as a cell file holds it: a tuple comes back
    a list, so that values compare equal however they were written.

    Args:
        value: Settings or config values.
    """
    return json.loads(json.dumps(value, default=str))


def check_grids(tasks: Sequence[str], grids: Dict[str, Grid],
                options: Optional[dict],
                ablated: Optional[Sequence[str]] = None) -> None:
    """Check the grids of every method of the tasks, before any run.

    Every method with a config for a task, asked for or not, is checked:
    a comparison is fair only if each method tries as many points. An
    ablation compares the points of one method, not methods: only the
    grids of its methods are checked, and their sizes are free.

    Args:
        tasks (Sequence[str]): The tasks to tune.
        grids (dict): The grids, see :func:`load_grids`.
        options (dict, optional): The ``--cfg-options``.
        ablated (Sequence[str], optional): The methods of an ablation.
            Defaults to None: a tuning.

    Raises:
        ValueError: If a method has no grid, a grid key is not in the
            method's config, a config's setting is not a grid point, or
            the methods of a task have grids of different sizes.
    """
    problems = []
    for task in dict.fromkeys(tasks):
        sizes = {}
        for method in (m for t, m in CONFIGS if t == task
                       and (ablated is None or m in ablated)):
            grid = task_grid(grids, task, method)
            if grid is None:
                problems.append(f'{method} on {task}: no grid')
                continue
            points = grid_points(grid)
            sizes[method] = len(points)
            problems += grid_problems(task, method, points, options)
        if ablated is None and len(set(sizes.values())) > 1:
            problems.append(
                f'the grids of {task} differ in size ({sizes}), but every '
                f'method of a task gets the same tuning budget')
    if problems:
        raise ValueError('Bad tuning grids:\n  ' + '\n  '.join(problems))


def set_budget(cfg: Config, max_iters: int) -> None:
    """Train for ``max_iters`` iterations, schedules stretched to match.

    The windows (``begin``, ``end``, ``T_max``) and ``milestones`` of
    iteration-based schedulers, and the windows of loss-weight schedules
    (:class:`~mmdfkd.engine.LossWeightScheduleHook`), scale with the
    budget, so that e.g. a cosine decay over the configured run still
    spans the whole run.

    Args:
        cfg (Config): A distillation config, modified in place.
        max_iters (int): The new budget.
    """
    scale = max_iters / cfg.train_cfg.max_iters
    cfg.train_cfg.max_iters = max_iters
    for _, scheduler in iter_schedulers(cfg.get('param_scheduler')):
        if not scheduler.get('by_epoch', True):
            for key in ('begin', 'end', 'T_max'):
                if key in scheduler:
                    scheduler[key] = round(scheduler[key] * scale)
            if 'milestones' in scheduler:
                scheduler['milestones'] = [
                    round(m * scale) for m in scheduler['milestones']]
    for hook in cfg.get('custom_hooks') or ():
        if hook.get('type', '').endswith('LossWeightScheduleHook'):
            for key in ('begin', 'end'):
                if hook.get(key) is not None:
                    hook[key] = round(hook[key] * scale)


def load_configs(cells: Sequence[Cell],
                 args: argparse.Namespace) -> Dict[Cell, Config]:
    """The config of every cell: its method's config with the overrides,
    when tuning the dev split and the cell's grid point, the cell's seed
    and work dir, the task's budget and eval interval.

    Raises:
        ValueError: If the methods of a task disagree on the teacher.
    """
    cfgs = {}
    for cell in cells:
        cfg = base_config(cell.task, cell.method, args.cfg_options)
        if args.tune:
            cfg.merge_from_dict(DEV_SPLIT)
        if args.max_iters:
            set_budget(cfg, args.max_iters)
        cfg.merge_from_dict({
            **dict(cell.settings),
            'randomness.seed': cell.seed,
            'train_dataloader.dataset.seed': cell.seed,
        })
        cfg.work_dir = osp.join(args.work_dir, *cell.parts)
        cfgs[cell] = cfg
    for task in {cell.task for cell in cells}:
        task_cfgs = [cfg for cell, cfg in cfgs.items() if cell.task == task]
        shared(task, "configs' model.teacher_ckpt",
               [cfg.model.teacher_ckpt for cfg in task_cfgs])
        for cfg in task_cfgs:
            # Tuning scores the final checkpoint only: one validation.
            cfg.train_cfg.val_interval = args.eval_interval or (
                cfg.train_cfg.max_iters if args.tune else
                max(1, cfg.train_cfg.max_iters // DEFAULT_EVALUATIONS))
    return cfgs


def shared(task: str, what: str, values: list):
    """The one value in ``values``, ``what`` of each method of ``task``;
    None if there are none.

    Raises:
        ValueError: If they differ.
    """
    if len(set(values)) > 1:
        raise ValueError(
            f'The {task} {what} differ ({sorted(set(values))}), but the '
            f'methods of a task are compared with one teacher.')
    return values[0] if values else None


def elapsed(start: float) -> str:
    """Wall-clock time since ``start``, as H:MM:SS."""
    return str(datetime.timedelta(seconds=round(time.time() - start)))


def cell_file(out_dir: str, cell: Cell) -> str:
    return osp.join(out_dir, 'cells', f'{cell.name}.json')


def resolved(value: Any) -> Any:
    """``value`` with each path to a config file replaced by that config's
    content, so that a fingerprint follows the files a config points to
    (a student or teacher model) and not where the clone lies."""
    if isinstance(value, dict):
        return {key: resolved(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [resolved(item) for item in value]
    if isinstance(value, str) and value.endswith('.py') and osp.isfile(value):
        return resolved(Config.fromfile(value).to_dict())
    return value


def config_fingerprint(cfg: Config) -> str:
    """A short hash of every key and value of ``cfg`` but its work dir:
    two runs of one cell with the same fingerprint ran the same config."""
    settings = resolved(cfg.to_dict())
    settings.pop('work_dir', None)
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@functools.lru_cache
def teacher_digest(ckpt: str) -> str:
    """A short hash of the weights in the checkpoint ``ckpt``: a teacher
    trained again (on another machine, with other thread counts) differs
    even from the same config and seed."""
    checkpoint = safe_load(ckpt)
    state = checkpoint.get('state_dict', checkpoint)
    digest = hashlib.sha256()
    for key in sorted(state):
        digest.update(key.encode())
        digest.update(
            state[key].contiguous().flatten().view(torch.uint8).numpy())
    return digest.hexdigest()[:16]


def read_cell(path: str, cell: Cell, cfg: Config, logger: MMLogger) -> dict:
    """A finished cell's result, checked against the config, the teacher,
    the budget and the grid point asked for.

    Raises:
        ValueError: If it was measured with another config, teacher,
            budget, interval or settings.
    """
    with open(path) as f:
        result = json.load(f)
    settings = as_stored(dict(cell.settings))
    asked = (cfg.train_cfg.max_iters, cfg.train_cfg.val_interval, settings)
    measured = (result['max_iters'], result['eval_interval'],
                result.get('settings', {}))
    if measured != asked:
        raise ValueError(
            f'{path} was measured with {measured[0]} iterations, evaluated '
            f'every {measured[1]}, settings {measured[2]}; this run asks '
            f'for {asked[0]} every {asked[1]}, settings {asked[2]}. Use '
            f'another --out-dir, or delete the file.')
    # Same settings and config, so the same run wherever the file was
    # measured: it counts as the point asked for, even when it was
    # copied from another grid where its point had another index.
    result['point'] = cell.point
    fingerprint = config_fingerprint(cfg)
    if 'config_fingerprint' not in result:
        # Cells measured before fingerprints were recorded.
        logger.warning(
            f'{path} does not record its config: it is reused without '
            f'checking that {result["config"]} is unchanged since.')
    elif result['config_fingerprint'] != fingerprint:
        raise ValueError(
            f'{path} was measured with another config than this run '
            f'builds from {result["config"]} (fingerprint '
            f'{result["config_fingerprint"]}, now '
            f'{fingerprint}): the config, a base it inherits '
            f'or --cfg-options changed. Delete the file to measure it '
            f'again, or use another --out-dir.')
    if not osp.isfile(cfg.model.teacher_ckpt):
        # --measured-only: the cells of a task are checked against each
        # other instead (summarise_benchmark).
        return result
    teacher = teacher_digest(cfg.model.teacher_ckpt)
    if 'teacher_digest' not in result:
        logger.warning(
            f'{path} does not record its teacher: it is reused without '
            f'checking that it was distilled from '
            f'{cfg.model.teacher_ckpt}.')
    elif result['teacher_digest'] != teacher:
        raise ValueError(
            f'{path} was distilled from another teacher than '
            f'{cfg.model.teacher_ckpt} (weights {result["teacher_digest"]}, '
            f'now {teacher}): the teacher was trained again. Measure every '
            f'cell of the task with one teacher: delete its cells, or use '
            f'another --out-dir.')
    return result


def run_cell(cell: Cell, cfg: Config, teacher: float, path: str) -> dict:
    """Train and measure a cell in a fresh process; write its result with
    the metric of its ``teacher``."""
    result = in_fresh_process(measure_distillation, cfg,
                              TASKS[cell.task].metric, FIDELITY_PER_CLASS)
    result.update(
        task=cell.task, method=cell.method, seed=cell.seed,
        config=CONFIGS[cell.task, cell.method],
        max_iters=cfg.train_cfg.max_iters,
        eval_interval=cfg.train_cfg.val_interval,
        split=cfg.val_dataloader.dataset.split,
        point=cell.point, settings=as_stored(dict(cell.settings)),
        config_fingerprint=config_fingerprint(cfg),
        teacher_digest=teacher_digest(cfg.model.teacher_ckpt),
        teacher_metric=teacher)
    os.makedirs(osp.dirname(path), exist_ok=True)
    # Written whole, then renamed: an existing file is a finished cell.
    with open(path + '.tmp', 'w') as f:
        json.dump(result, f, indent=2)
    os.replace(path + '.tmp', path)
    return result


def run(cells: Sequence[Cell], cfgs: Dict[Cell, Config],
        teachers: Dict[str, float], out_dir: str,
        logger: MMLogger) -> Dict[Cell, dict]:
    """Run the cells not finished before, with progress; all results."""
    start = time.time()
    results = {}
    for index, cell in enumerate(cells, 1):
        path = cell_file(out_dir, cell)
        progress = f'[{index}/{len(cells)}] {cell}'
        if osp.isfile(path):
            results[cell] = read_cell(path, cell, cfgs[cell], logger)
            logger.info(f'{progress}: finished before, skipped')
            continue
        logger.info(f'{progress}: running, {elapsed(start)} elapsed')
        results[cell] = run_cell(cell, cfgs[cell], teachers[cell.task],
                                 path)
        stopped = results[cell].get('stopped')
        logger.info(
            f'{progress}: {TASKS[cell.task].metric} '
            f'{final_metric(results[cell]):.2f} on the '
            f'{results[cell]["split"]} split after '
            f'{results[cell]["seconds"]:.0f} s, {elapsed(start)} elapsed' +
            (f'; stopped by the divergence guard at iteration '
             f'{results[cell]["iters"]}' if stopped else ''))
    return results


def measured(cells: Sequence[Cell], cfgs: Dict[Cell, Config], out_dir: str,
             logger: MMLogger) -> Tuple[Dict[Cell, dict], List[Cell]]:
    """The results of the cells measured before, each checked as a rerun
    checks it, and the cells not measured yet.

    Raises:
        ValueError: If none of the cells was measured.
    """
    results, not_measured = {}, []
    for cell in cells:
        path = cell_file(out_dir, cell)
        if osp.isfile(path):
            results[cell] = read_cell(path, cell, cfgs[cell], logger)
        else:
            not_measured.append(cell)
    if not results:
        raise ValueError(
            f'None of the {len(cells)} cells asked for is in '
            f'{osp.join(out_dir, "cells")}: run them without '
            f'--measured-only.')
    if not_measured:
        logger.info('Not measured, left out of the summary: ' +
                    ', '.join(map(str, not_measured)))
    return results, not_measured


def final_metric(result: dict) -> float:
    """A cell's metric at its last iteration."""
    return result['timeline'][-1]['metric']


def lasting_point(timeline: Sequence[dict],
                  threshold: float) -> Optional[dict]:
    """The first evaluation from which the metric stays at or above
    ``threshold`` to the end of the run; None if the last one is below."""
    first = None
    for point in timeline:
        if point['metric'] < threshold:
            first = None
        elif first is None:
            first = point
    return first


def core_share(result: dict) -> Optional[float]:
    """The share (percent) of its cores a CPU cell computed on: its CPU
    seconds over its wall seconds times its threads. Well under 100, other
    jobs held the cores and its times are not the method's. None on a GPU,
    or for a cell measured before the CPU time was recorded."""
    if result.get('device') != 'cpu' or not result.get('cpu_seconds'):
        return None
    return 100 * result['cpu_seconds'] / (result['seconds'] *
                                          result['threads'])


def row(result: dict, teacher: float) -> dict:
    """The CSV row of a cell's result, given the teacher's metric."""
    timeline = result['timeline']
    final = final_metric(result)
    values = dict(
        task=result['task'], method=result['method'], seed=result['seed'],
        teacher_metric=teacher, student_metric=final,
        relative=100 * final / teacher,
        s_per_iter=(result['seconds'] - result['eval_seconds']) /
        result['iters'],
        peak_mem_mb=result['peak_mem_mb'], wall_s=result['seconds'],
        core_share=core_share(result),
        class_fidelity=result['class_fidelity'],
        max_iters=result['max_iters'],
        student_updates=result['student_updates'],
        eval_interval=result['eval_interval'],
        stopped_at_iter=result['iters'] if result.get('stopped') else None)
    for share in THRESHOLDS:
        point = lasting_point(timeline, share / 100 * teacher) if \
            share in TASKS[result['task']].thresholds else None
        values[f'time_to_{share}_s'] = (point or {}).get('seconds')
        values[f'iters_to_{share}'] = (point or {}).get('iter')
    return values


def write_csv(rows: Sequence[dict], path: str,
              columns: Sequence[str] = COLUMNS) -> None:
    """One line per cell; empty fields where a value does not exist."""
    with open(path, 'w', newline='') as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        for values in rows:
            writer.writerow({
                key: '' if value is None else
                round(value, 4) if isinstance(value, float) else value
                for key, value in values.items()
            })


def mean_reached(values: Sequence[Optional[float]], fmt: str) -> str:
    """Mean over the seeds that reached a threshold, and how many did."""
    reached = [v for v in values if v is not None]
    if not reached:
        return 'not reached'
    text = format(statistics.mean(reached), fmt)
    if len(reached) < len(values):
        text += f' ({len(reached)}/{len(values)} seeds)'
    return text


def lowest_core_share(rows: Sequence[dict]) -> str:
    """The lowest core share of the seeds, marked when under
    ``LOADED_CORE_SHARE``, with how many seeds have one when not all do
    (cells measured before it was recorded); ``-`` when none has."""
    shares = [r['core_share'] for r in rows if r['core_share'] is not None]
    if not shares:
        return '-'
    text = f'{min(shares):.0f}%'
    if min(shares) < LOADED_CORE_SHARE:
        text += ' (loaded)'
    if len(shares) < len(rows):
        text += f' ({len(shares)}/{len(rows)} seeds)'
    return text


def budget_updates(updates: int, iters: int, max_iters: int) -> int:
    """The student updates of a run's whole budget of ``max_iters``
    iterations, from the ``updates`` it made in ``iters`` (fewer when the
    divergence guard stopped it)."""
    return updates * max_iters // iters


def method_line(method: str, rows: Sequence[dict]) -> str:
    """The Markdown table line of a method: its seeds summarised."""
    finals = [r['student_metric'] for r in rows]
    spread = f' ± {statistics.stdev(finals):.2f}' if len(finals) > 1 else ''
    worst = min(rows, key=lambda r: r['student_metric'])
    fidelity = [r['class_fidelity'] for r in rows
                if r['class_fidelity'] is not None]
    first = rows[0]
    updates = budget_updates(first['student_updates'],
                             first['stopped_at_iter'] or first['max_iters'],
                             first['max_iters'])
    cells = [
        method,
        f'{first["max_iters"]} / {updates}',
        str(len(rows)),
        f'{statistics.mean(finals):.2f}{spread}',
        f'{worst["student_metric"]:.2f} (seed {worst["seed"]})',
        f'{statistics.mean(r["relative"] for r in rows):.2f}%',
    ]
    for share in TASKS[first['task']].thresholds:
        cells.append(mean_reached(
            [r[f'time_to_{share}_s'] for r in rows], '.0f'))
        cells.append(mean_reached(
            [r[f'iters_to_{share}'] for r in rows], '.0f'))
    cells += [
        f'{statistics.mean(r["s_per_iter"] for r in rows):.3f}',
        f'{max(r["peak_mem_mb"] for r in rows):.0f}',
        f'{statistics.mean(r["wall_s"] for r in rows):.0f}',
        lowest_core_share(rows),
        f'{statistics.mean(fidelity):.1f}%' if fidelity else '-',
    ]
    return '| ' + ' | '.join(cells) + ' |'


def task_section(task: str, rows: Sequence[dict],
                 not_measured: Sequence[Cell] = ()) -> List[str]:
    """The Markdown section of a task: teacher, budget, method table, and
    the cells of the task ``not_measured`` yet."""
    header = ['method', 'iterations / student updates', 'seeds',
              'final (mean ± std)', 'worst seed', 'relative to teacher']
    for share in TASKS[task].thresholds:
        header += [f'time to {share}% (s)', f'iters to {share}%']
    header += ['s/iter', 'peak mem (MiB)', 'wall (s)', 'core share (min)',
               'class fidelity']
    methods = list(dict.fromkeys(r['method'] for r in rows))
    return [
        f'## {task}: {TASKS[task].description}',
        '',
        f'Teacher: {rows[0]["teacher_metric"]:.2f}. Seeds: '
        f'{", ".join(str(s) for s in dict.fromkeys(r["seed"] for r in rows))}'
        f'. Plot: [{task}_metric_vs_time.png]({task}_metric_vs_time.png).',
        '',
        '| ' + ' | '.join(header) + ' |',
        '|' + '---|' * len(header),
        *(method_line(m, [r for r in rows if r['method'] == m])
          for m in methods),
        '',
        *([f'Stopped by the divergence guard (final: the student when '
           f'stopped): {stopped_text(rows)}.', '']
          if any(r['stopped_at_iter'] for r in rows) else []),
        *([f'Not measured yet: {unmeasured_text(not_measured)}.', '']
          if not_measured else []),
    ]


def stopped_text(rows: Sequence[dict]) -> str:
    """The seeds the divergence guard stopped, as ``method seed s at
    iteration i``."""
    return '; '.join(f'{r["method"]} seed {r["seed"]} at iteration '
                     f'{r["stopped_at_iter"]}'
                     for r in rows if r['stopped_at_iter'])


def unmeasured_text(cells: Sequence[Cell]) -> str:
    """Cells as ``method seeds a, b``, a method at a time."""
    seeds = {}
    for cell in cells:
        seeds.setdefault(cell.method, []).append(str(cell.seed))
    return '; '.join(f'{method} seed{"s" if len(s) > 1 else ""} '
                     f'{", ".join(s)}' for method, s in seeds.items())


def git_commit(out_dir: str) -> str:
    """The checked-out commit, flagged when files differ from it.

    Args:
        out_dir (str): Where this tool writes; its own outputs do not count
            as changes.
    """
    exclude = f':(exclude){osp.relpath(osp.abspath(out_dir), ROOT)}'
    try:
        commit = subprocess.run(
            ['git', 'rev-parse', 'HEAD'], cwd=ROOT, capture_output=True,
            text=True, check=True).stdout.strip()
        changes = subprocess.run(
            ['git', 'status', '--porcelain', '--untracked-files=no', '--',
             '.', exclude],
            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return 'unknown (not a git checkout)'
    return commit + (' (with uncommitted changes)' if changes else '')


def command_line() -> str:
    """The command that is running, as it can be typed again."""
    return ' '.join(
        shlex.quote(arg) for arg in
        ['python', osp.relpath(osp.abspath(__file__), ROOT), *sys.argv[1:]])


def heading(title: str, out_dir: str) -> List[str]:
    """The Markdown title, then the command and the commit.

    Args:
        title (str): The title.
        out_dir (str): Where the file goes (see :func:`git_commit`).
    """
    return [f'# {title}', '', f'Command: `{command_line()}`', '',
            f'Commit: `{git_commit(out_dir)}`', '']


def write_markdown(rows: Sequence[dict], path: str,
                   not_measured: Sequence[Cell] = ()) -> None:
    """The tables of every task, with the command and the commit, and the
    cells ``not_measured`` yet."""
    memory = "torch's peak allocated CUDA memory" \
        if torch.cuda.is_available() else \
        "the peak resident set size of the cell's process"
    lines = [
        *heading('Data-free distillation benchmark', osp.dirname(path)),
        'Scores are those of the final checkpoint (the last iteration, '
        'never the best) on the real held-out split, over seeds. A share '
        'of the teacher\'s score counts as reached at the first evaluation '
        'from which the student stays at or above it to the end of the '
        'run; times are wall-clock seconds since training started, '
        'validations included, averaged over the seeds that reach it. '
        f's/iter leaves the validations out; peak memory is {memory}; '
        'the core share is a CPU run\'s CPU time over its wall time times '
        'its threads, the lowest of the seeds: under '
        f'{LOADED_CORE_SHARE}% (marked "loaded") other jobs held the cores, '
        'and that method\'s times and s/iter are slower than the method; '
        'class fidelity (conditional generators) is the share of '
        f'{FIDELITY_PER_CLASS} generated images per class that the '
        'teacher assigns to the class asked for.',
        '',
    ]
    for task in dict.fromkeys(r['task'] for r in rows):
        lines += task_section(task, [r for r in rows if r['task'] == task],
                              [c for c in not_measured if c.task == task])
    with open(path, 'w') as f:
        f.write('\n'.join(lines))


def plot_task(task: str, results: Sequence[dict], teacher: float,
              path: str) -> None:
    """Metric vs wall-clock seconds per method: the mean over seeds and
    their min-max band."""
    fig = Figure(figsize=(7, 4.5))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    for method in dict.fromkeys(r['method'] for r in results):
        timelines = [r['timeline'] for r in results
                     if r['method'] == method]
        # Every seed is validated at the same iterations.
        length = min(len(t) for t in timelines)
        seconds = np.array([[p['seconds'] for p in t[:length]]
                            for t in timelines]).mean(0)
        metric = np.array([[p['metric'] for p in t[:length]]
                           for t in timelines])
        line, = ax.plot(seconds, metric.mean(0), marker='.', label=method)
        ax.fill_between(seconds, metric.min(0), metric.max(0),
                        color=line.get_color(), alpha=0.2)
    ax.axhline(teacher, color='black', linestyle='--',
               label=f'teacher {teacher:.2f}')
    for share in TASKS[task].thresholds:
        ax.axhline(share / 100 * teacher, color='grey', linestyle=':',
                   linewidth=0.8)
    ax.set_xlabel('wall-clock seconds since training started '
                  '(mean over seeds)')
    ax.set_ylabel(f'{TASKS[task].metric} (%)')
    ax.set_title(f'{task}: student {TASKS[task].metric} '
                 f'(mean, min-max over seeds); dotted: '
                 f'{" and ".join(f"{s}%" for s in TASKS[task].thresholds)}'
                 f' of teacher',
                 fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def options_text(settings: dict) -> str:
    """Settings as they are typed after ``--cfg-options``."""
    return ' '.join(f'{key}={value}' for key, value in settings.items())


def tuning_row(result: dict) -> dict:
    """The grid CSV row of a tuning cell's result."""
    return dict(
        task=result['task'], method=result['method'],
        point=result['point'], seed=result['seed'],
        settings=options_text(result['settings']), split=result['split'],
        dev_metric=final_metric(result),
        class_fidelity=result.get('class_fidelity'),
        score=point_score(result), wall_s=result['seconds'])


def point_score(result: dict) -> float:
    """What a tuning cell is chosen on: its final dev metric or, for a
    conditional method, the lower of that and its class fidelity.

    A conditional generator's labels are part of its output, so a point
    that buys student accuracy by drawing other classes than it was asked
    for must not win; both figures are percentages with the same target.
    """
    fidelity = result.get('class_fidelity')
    metric = final_metric(result)
    return metric if fidelity is None else min(metric, fidelity)


def point_mean(results: Sequence[dict], point: int,
               measure: Callable[[dict], Optional[float]]) -> Optional[float]:
    """The mean over seeds of ``measure`` at one grid point; None where a
    cell has no such figure."""
    values = [measure(r) for r in results if r['point'] == point]
    return None if None in values else statistics.mean(values)


def point_means(results: Sequence[dict]) -> Dict[int, float]:
    """The score (:func:`point_score`) of each grid point of one method,
    averaged over the seeds, in grid order."""
    return {point: point_mean(results, point, point_score)
            for point in dict.fromkeys(r['point'] for r in results)}


def best_point(means: Dict[int, float]) -> int:
    """The point of the best mean; on a tie, the first in grid order."""
    # max keeps the first of equal maxima.
    return max(means, key=means.get)


def method_grid(method: str, results: Sequence[dict]) -> List[str]:
    """The Markdown section of a method's grid on a task: the settings
    and mean dev metric of each point, the chosen one marked."""
    means = point_means(results)
    chosen = best_point(means)
    settings = {r['point']: r['settings'] for r in results}
    keys = grid_keys(list(settings.values()))
    first = results[0]
    conditional = first.get('class_fidelity') is not None
    fidelity_header = ' | class fidelity' if conditional else ''

    def figures(point: int, score: float) -> List[str]:
        if not conditional:
            return [f'{score:.2f}']
        metric = point_mean(results, point, final_metric)
        fidelity = point_mean(results, point,
                              lambda r: r.get('class_fidelity'))
        return [f'{metric:.2f}', f'{fidelity:.1f}', f'{score:.2f}']

    score_note = (' A conditional method scores the lower of its dev '
                  'metric and its class fidelity.' if conditional else '')
    updates = budget_updates(first['student_updates'], first['iters'],
                             first['max_iters'])
    return [
        f'### {method}',
        '',
        f'Config: `{first["config"]}`; {first["max_iters"]} iterations / '
        f'{updates} student updates per point. Chosen: '
        f'point {chosen}, `--cfg-options {options_text(settings[chosen])}`.'
        f'{score_note}',
        '',
        '| point | ' + ' | '.join(f'`{key}`' for key in keys) +
        f' | dev metric{fidelity_header}' +
        (' | score' if conditional else '') + ' | chosen |',
        '|' + '---|' * (len(keys) + 3 + 2 * conditional),
        *('| ' + ' | '.join([
            str(point),
            *(str(settings[point].get(key, '(config)')) for key in keys),
            *figures(point, mean), 'yes' if point == chosen else ''
        ]) + ' |' for point, mean in means.items()),
        '',
    ]


def write_tuning_markdown(results: Sequence[dict],
                          teachers: Dict[str, float], grids: str,
                          path: str, ablation: bool = False) -> None:
    """The grid of every task and method, with the command and the commit.

    Args:
        results (Sequence[dict]): The tuning cells' results, in grid order.
        teachers (dict[str, float]): The teacher's dev metric per task.
        grids (str): The file the grids come from.
        path (str): Where the Markdown goes.
        ablation (bool): The grids are an ablation of one method's
            variants (``--ablation``), not a tuning of every method.
    """
    fairness = ('An ablation compares the variants of one method, so its '
                'grid has the size it needs.' if ablation else
                'The methods of a task try the same number of points.')
    lines = [
        *heading(('Ablation' if ablation else 'Tuning') +
                 ' on the dev split', osp.dirname(path)),
        f'Every point of a method\'s grid (`{grids}`) distils the task\'s '
        'teacher at the budget of the method\'s config, over the seeds; '
        'a point scores the final checkpoint\'s metric on the dev split '
        '(the teacher\'s train split, which the student never sees; the '
        'test split is left for the benchmark), averaged over the seeds; '
        'a conditional method scores the lower of that metric and its '
        'class fidelity, since both are its targets. The chosen point has '
        f'the best score, the first in grid order on a tie. {fairness}',
        '',
    ]
    for task in dict.fromkeys(r['task'] for r in results):
        ours = [r for r in results if r['task'] == task]
        seeds = ', '.join(str(s) for s in dict.fromkeys(
            r['seed'] for r in ours))
        lines += [f'## {task}: {TASKS[task].dev_description}', '',
                  f'Teacher on the dev split: {teachers[task]:.2f}. '
                  f'Seeds: {seeds}.', '']
        for method in dict.fromkeys(r['method'] for r in ours):
            lines += method_grid(method,
                                 [r for r in ours if r['method'] == method])
    with open(path, 'w') as f:
        f.write('\n'.join(lines))


def summarise_tuning(cells: Sequence[Cell], results: Dict[Cell, dict],
                     teachers: Dict[str, float], args: argparse.Namespace,
                     logger: MMLogger) -> None:
    """Write ``grid_<task>.csv`` and ``tuning.md``; log the choices."""
    ordered = [results[cell] for cell in cells]
    for task in teachers:
        write_csv([tuning_row(r) for r in ordered if r['task'] == task],
                  osp.join(args.out_dir, f'grid_{task}.csv'),
                  TUNING_COLUMNS)
    write_tuning_markdown(ordered, teachers, args.grids,
                          osp.join(args.out_dir, 'tuning.md'), args.ablation)
    for task, method in dict.fromkeys((c.task, c.method) for c in cells):
        means = point_means([r for r in ordered if r['task'] == task
                             and r['method'] == method])
        chosen = best_point(means)
        logger.info(f'{task} / {method}: point {chosen} chosen, score '
                    f'{means[chosen]:.2f}')


def recorded_teacher(task: str, results: Sequence[dict],
                     scored: Optional[float]) -> float:
    """The teacher metric the cells of ``task`` record, which must be one
    (as must the teacher weights of those that record them); ``scored``
    (the teacher scored now, None when none was) for cells from before
    they recorded it.

    Raises:
        ValueError: If the cells record different teachers, or a cell
            records none and no teacher was scored.
    """
    shared(task, "cells' teacher weights",
           [r['teacher_digest'] for r in results if 'teacher_digest' in r])
    metrics = [r.get('teacher_metric', scored) for r in results]
    if None in metrics:
        raise ValueError(
            f'A {task} cell does not record its teacher metric: summarise '
            f'without --measured-only, which scores the teacher.')
    return shared(task, "cells' teacher metrics", metrics)


def summarise_benchmark(cells: Sequence[Cell], results: Dict[Cell, dict],
                        teachers: Dict[str, float], out_dir: str,
                        not_measured: Sequence[Cell] = ()) -> None:
    """Write ``results.csv``, ``results.md`` and the plots of the cells
    with ``results``, each against the teacher metric it recorded (from
    ``teachers``, those scored now, for cells from before that record);
    ``results.md`` lists the cells ``not_measured`` yet."""
    tasks = dict.fromkeys(cell.task for cell in results)
    teachers = {
        task: recorded_teacher(
            task, [r for c, r in results.items() if c.task == task],
            teachers.get(task))
        for task in tasks
    }
    rows = [row(results[cell], teachers[cell.task]) for cell in cells
            if cell in results]
    write_csv(rows, osp.join(out_dir, 'results.csv'))
    write_markdown(rows, osp.join(out_dir, 'results.md'), not_measured)
    for task in tasks:
        plot_task(task, [r for c, r in results.items() if c.task == task],
                  teachers[task],
                  osp.join(out_dir, f'{task}_metric_vs_time.png'))


def score_teachers(cells: Sequence[Cell], cfgs: Dict[Cell, Config],
                  logger: MMLogger) -> Dict[str, float]:
    """Train each task's teacher if missing; its metric on the split the
    students are validated on."""
    teachers = {}
    for task in dict.fromkeys(cell.task for cell in cells):
        first = next(cell for cell in cells if cell.task == task)
        teachers[task] = float(
            ensure_teacher(cfgs[first])[TASKS[task].metric])
        logger.info(f'{task} teacher: {TASKS[task].metric} '
                    f'{teachers[task]:.2f} on the '
                    f'{cfgs[first].val_dataloader.dataset.split} split')
    return teachers


def main() -> None:
    """Teachers, cells, then the summary: the benchmark's CSV, tables and
    plots, or the tuning's grids and choices."""
    args = parse_args()
    fix_cpu_threads(args.threads)
    grids = None
    if args.tune:
        grids = load_grids(args.grids)
        check_grids(args.tasks, grids, args.cfg_options,
                    args.methods if args.ablation else None)
    cells, missing = plan(args, grids)
    cfgs = load_configs(cells, args)
    for folder in (args.work_dir, args.out_dir):
        os.makedirs(folder, exist_ok=True)
    logger = MMLogger.get_instance(
        f'benchmark_{time.strftime("%Y%m%d_%H%M%S")}',
        logger_name='benchmark',
        log_file=osp.join(args.work_dir, 'benchmark.log'),
        file_mode='a')
    logger.info(f'{len(cells)} cells: {command_line()}')
    if missing:
        logger.info(f'No config for {", ".join(missing)}: skipped.')
    if args.measured_only:
        results, not_measured = measured(cells, cfgs, args.out_dir, logger)
        summarise_benchmark(cells, results, {}, args.out_dir, not_measured)
    else:
        teachers = score_teachers(cells, cfgs, logger)
        results = run(cells, cfgs, teachers, args.out_dir, logger)
        if args.tune:
            summarise_tuning(cells, results, teachers, args, logger)
        else:
            summarise_benchmark(cells, results, teachers, args.out_dir)
    logger.info(f'Results written to {args.out_dir}')


if __name__ == '__main__':
    main()
