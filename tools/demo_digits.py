"""Data-free distillation demo on the digits shipped with scikit-learn.

One command, no download: trains the teacher if its checkpoint is missing,
distils it into a small student with DDAD (never reading a training
image), and prints teacher and student scores on held-out data:

- ``--task classification`` (default): digit classification, accuracy on
  the held-out digits;
- ``--task segmentation``: digit mosaics (canvases of digits on textured
  backgrounds, labelled per pixel), mIoU on canvases of held-out digits.

``--baseline`` also runs DFAD (DDAD without the BN-statistics
discriminator) with the same budget. The figures are printed and written
to ``<work-dir>/demo_results.json``.

    python tools/demo_digits.py [--task segmentation] [--baseline]
"""
import argparse
import json
import os.path as osp
import time
from typing import Dict, NamedTuple

from mmengine.config import Config, DictAction

from mmdfkd.apis import build_runner, ensure_teacher
from mmdfkd.utils.threads import REFERENCE_THREADS, fix_cpu_threads

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


class Task(NamedTuple):
    """The configs of one demo task, the metric it reports and its default
    work dir; the teacher's config is the one the DDAD config names."""
    ddad_config: str
    dfad_config: str
    metric: str
    metric_name: str
    work_dir: str


TASKS = dict(
    classification=Task(
        'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py',
        'configs/dfad/dfad_resnet34-w16_resnet18-w8_1xb64_digits.py',
        'accuracy/top1', 'accuracy', 'work_dirs/demo_digits'),
    segmentation=Task(
        'configs/ddad/'
        'ddad_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
        'configs/dfad/'
        'dfad_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
        'mIoU', 'mIoU', 'work_dirs/demo_mosaic'),
)


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--task', choices=sorted(TASKS), default='classification',
        help='digit classification or digit-mosaic segmentation')
    parser.add_argument(
        '--work-dir',
        help='where the distillation runs and the results go; defaults to '
        'work_dirs/demo_digits (classification) or work_dirs/demo_mosaic '
        '(segmentation)')
    parser.add_argument(
        '--baseline', action='store_true',
        help='also run the DFAD baseline with the same budget')
    parser.add_argument(
        '--threads', type=int, default=REFERENCE_THREADS,
        help='CPU threads of every computation; a seeded run repeats '
        'exactly at the same count, whatever the load (default: '
        f'{REFERENCE_THREADS}, the count of the README\'s figures)')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='overrides for the distillation configs, e.g. '
        'train_cfg.max_iters=100')
    return parser.parse_args()


def load_config(path: str, work_dir: str, options=None) -> Config:
    """Load a config of this repository and set its work dir."""
    cfg = Config.fromfile(osp.join(ROOT, path))
    if options:
        cfg.merge_from_dict(options)
    cfg.work_dir = work_dir
    return cfg


def distil(cfg: Config, metric: str) -> Dict[str, float]:
    """Run a distillation config; return held-out metrics and timing.

    Args:
        cfg (Config): The distillation config.
        metric (str): The key of the reported metric.
    """
    runner = build_runner(cfg)
    start = time.time()
    runner.train()
    seconds = time.time() - start
    metrics = runner.test()
    iters = runner.max_iters
    return dict(
        score=float(metrics[metric]),
        train_seconds=round(seconds, 1),
        seconds_per_iter=round(seconds / iters, 3),
        iters=iters)


def main() -> None:
    """Teacher, DDAD (and DFAD), then the summary."""
    args = parse_args()
    fix_cpu_threads(args.threads)
    task = TASKS[args.task]
    work_dir = args.work_dir or task.work_dir
    ddad_cfg = load_config(task.ddad_config, osp.join(work_dir, 'ddad'),
                           args.cfg_options)
    start = time.time()
    teacher_score = float(ensure_teacher(ddad_cfg)[task.metric])
    results = dict(task=args.task, metric=task.metric_name,
                   teacher=dict(score=teacher_score))
    runs = [('ddad', ddad_cfg)]
    if args.baseline:
        runs.append(('dfad',
                     load_config(task.dfad_config,
                                 osp.join(work_dir, 'dfad'),
                                 args.cfg_options)))
    for name, cfg in runs:
        results[name] = distil(cfg, task.metric)
        results[name]['relative_score'] = round(
            100 * results[name]['score'] / teacher_score, 2)
    results['total_seconds'] = round(time.time() - start, 1)

    name = task.metric_name
    print(f'\nData-free distillation, {args.task} on held-out digits '
          f'(the distillation read no training image):')
    print(f'  teacher            {name} {teacher_score:6.2f}%')
    for run, _ in runs:
        r = results[run]
        print(f'  {run.upper()} student  {name} {r["score"]:6.2f}%  '
              f'({r["relative_score"]:.2f}% of the teacher), '
              f'{r["iters"]} iterations, {r["seconds_per_iter"]:.2f} s/iter')
    print(f'  total time {results["total_seconds"]:.0f} s')
    out = osp.join(work_dir, 'demo_results.json')
    with open(out, 'w') as f:
        json.dump(results, f, indent=2)
    print(f'Results written to {out}')


if __name__ == '__main__':
    main()
