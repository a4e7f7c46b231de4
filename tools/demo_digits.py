"""Data-free distillation demo on the digits shipped with scikit-learn.

One command, no download: trains the digits teacher if its checkpoint is
missing, distils it into a small student with DDAD (never reading a
training image), and prints teacher and student accuracy on the held-out
digits. ``--baseline`` also runs DFAD (DDAD without the BN-statistics
discriminator) with the same budget. The figures are printed and written
to ``<work-dir>/demo_results.json``.

    python tools/demo_digits.py [--baseline] [--work-dir work_dirs/demo]
"""
import argparse
import json
import os.path as osp
import time
from typing import Dict

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

import mmdfkd  # noqa: F401  (registers the components)

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
TEACHER_CONFIG = 'configs/teachers/resnet34-w16_1xb64_digits.py'
DDAD_CONFIG = 'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py'
DFAD_CONFIG = 'configs/dfad/dfad_resnet34-w16_resnet18-w8_1xb64_digits.py'


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--work-dir', default='work_dirs/demo_digits',
        help='where the distillation runs and the results go')
    parser.add_argument(
        '--baseline', action='store_true',
        help='also run the DFAD baseline with the same budget')
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


def ensure_teacher(distill_cfg: Config) -> Dict[str, float]:
    """Train the teacher unless its checkpoint exists; return its metrics.

    Args:
        distill_cfg (Config): The distillation config naming the teacher's
            config and checkpoint.
    """
    ckpt = distill_cfg.model.teacher_ckpt
    work_dir = osp.dirname(ckpt)
    cfg = load_config(TEACHER_CONFIG, work_dir)
    if not osp.isfile(ckpt):
        print(f'No teacher checkpoint at {ckpt}: training the teacher on '
              f'the digits train split.', flush=True)
        Runner.from_cfg(cfg).train()
        if not osp.isfile(ckpt):
            raise RuntimeError(
                f'Teacher training did not write {ckpt}; check that '
                f'{TEACHER_CONFIG} saves its last epoch there.')
    cfg.load_from = ckpt
    return Runner.from_cfg(cfg).test()


def distil(cfg: Config) -> Dict[str, float]:
    """Run a distillation config; return held-out metrics and timing."""
    runner = Runner.from_cfg(cfg)
    start = time.time()
    runner.train()
    seconds = time.time() - start
    metrics = runner.test()
    iters = runner.max_iters
    return dict(
        accuracy=metrics['accuracy/top1'],
        train_seconds=round(seconds, 1),
        seconds_per_iter=round(seconds / iters, 3),
        iters=iters)


def main() -> None:
    """Teacher, DDAD (and DFAD), then the summary."""
    args = parse_args()
    ddad_cfg = load_config(DDAD_CONFIG, osp.join(args.work_dir, 'ddad'),
                           args.cfg_options)
    start = time.time()
    teacher_acc = ensure_teacher(ddad_cfg)['accuracy/top1']
    results = dict(teacher=dict(accuracy=teacher_acc))
    runs = [('ddad', ddad_cfg)]
    if args.baseline:
        runs.append(('dfad',
                     load_config(DFAD_CONFIG, osp.join(args.work_dir, 'dfad'),
                                 args.cfg_options)))
    for name, cfg in runs:
        results[name] = distil(cfg)
        results[name]['relative_accuracy'] = round(
            100 * results[name]['accuracy'] / teacher_acc, 2)
    results['total_seconds'] = round(time.time() - start, 1)

    print('\nData-free distillation on the held-out digits '
          '(the distillation read no training image):')
    print(f'  teacher            accuracy {teacher_acc:6.2f}%')
    for name, _ in runs:
        r = results[name]
        print(f'  {name.upper()} student  accuracy {r["accuracy"]:6.2f}%  '
              f'({r["relative_accuracy"]:.2f}% of the teacher), '
              f'{r["iters"]} iterations, {r["seconds_per_iter"]:.2f} s/iter')
    print(f'  total time {results["total_seconds"]:.0f} s')
    out = osp.join(args.work_dir, 'demo_results.json')
    with open(out, 'w') as f:
        json.dump(results, f, indent=2)
    print(f'Results written to {out}')


if __name__ == '__main__':
    main()
