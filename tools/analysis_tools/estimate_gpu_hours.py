"""Expected accelerator hours of a config's whole schedule, from a FLOP
profile of the same config at a small batch and few steps.

A paper-scale run (CIFAR-10 at batch 256 for tens of thousands of
iterations) cannot be timed on a small machine, but its work can be
counted: ``benchmark_speed.py`` counts the FLOPs of one iteration of the
config at any batch size and step counts (``--cfg-options``), and the
FLOPs of a generator (or pixel) update and of a student update are linear
in the batch. This tool scales them to the config's own batch size, step
counts and iterations:

- ``synthesis_flops``: every generator update of the run (what the
  papers time as synthesis or generation cost);
- ``student_flops``: every student update (for a round-based method the
  student update's FLOPs are those of the profiled draw: its bank keeps
  the teacher's logits of an image after the first draw, so the share of
  draws that run the teacher varies);
- ``hours``: those FLOPs over each ``--tflops`` (a sustained throughput,
  in TFLOP/s, which the user states for their device);
- with ``--paper-hours``: ``implied_tflops``, the sustained throughput at
  which the synthesis takes the paper's reported hours.

    python tools/analysis_tools/benchmark_speed.py CONFIG --iters 1 \\
        --warmup 0 --out PROFILE --cfg-options \\
        train_dataloader.batch_size=16 model.schedule.synthesis_steps=2
    python tools/analysis_tools/estimate_gpu_hours.py CONFIG PROFILE \\
        [--tflops 5 10] [--paper-hours 19.0] [--out FILE]
"""
import argparse
import json
import os.path as osp
from typing import Dict, Optional, Sequence

import mmengine
from mmengine.config import Config, DictAction
from mmengine.registry import DefaultScope

from mmdfkd.registry import MODELS


def schedule_counts(cfg: Config) -> Dict[str, int]:
    """Batch size, iterations and updates per iteration of a config.

    Args:
        cfg (Config): A distillation config.

    Returns:
        dict: ``batch_size``, ``iterations``, ``student_steps`` and
        ``generator_updates``.
    """
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        algorithm = MODELS.get(cfg.model.type)
    if algorithm is None:
        raise ValueError(f'model.type {cfg.model.type!r} is not a '
                         f'registered mmdfkd algorithm.')
    schedule = algorithm.parse_schedule(cfg.model.get('schedule'))
    return dict(
        batch_size=int(cfg.train_dataloader.batch_size),
        iterations=int(cfg.train_cfg.max_iters),
        student_steps=int(schedule['student_steps']),
        generator_updates=algorithm.generator_updates(schedule))


def per_image_flops(profile: dict) -> Dict[str, float]:
    """FLOPs of one image in a generator update and in a student update.

    Args:
        profile (dict): ``benchmark_speed.py``'s figures.
    """
    batch = profile['batch_size']
    student = profile['student_step_flops']
    synthesis = profile['flops_per_iter'] - profile['student_steps'] * student
    return dict(
        generator_update=synthesis / profile['generator_updates'] / batch,
        student_update=student / batch)


def estimate(cfg: Config, profile: dict, tflops: Sequence[float],
             paper_hours: Optional[float] = None) -> dict:
    """Whole-schedule FLOPs of ``cfg`` and the hours they take.

    Args:
        cfg (Config): The config the profile was measured on, without the
            profile's overrides.
        profile (dict): ``benchmark_speed.py``'s figures of that config.
        tflops (Sequence[float]): Sustained throughputs, TFLOP/s.
        paper_hours (float, optional): A reported synthesis time, hours.

    Returns:
        dict: The counts, the FLOPs, ``hours`` per throughput and, with
        ``paper_hours``, ``implied_tflops``.
    """
    counts = schedule_counts(cfg)
    per_image = per_image_flops(profile)
    images = counts['iterations'] * counts['batch_size']
    synthesis = images * counts['generator_updates'] * \
        per_image['generator_update']
    student = images * counts['student_steps'] * per_image['student_update']
    result = dict(
        **counts,
        profiled_batch_size=profile['batch_size'],
        generator_update_flops_per_image=per_image['generator_update'],
        student_update_flops_per_image=per_image['student_update'],
        synthesis_flops=synthesis,
        student_flops=student,
        total_flops=synthesis + student,
        hours={
            f'{rate:g}': dict(synthesis=synthesis / rate / 1e12 / 3600,
                              total=(synthesis + student) / rate / 1e12 /
                              3600)
            for rate in tflops
        })
    if paper_hours is not None:
        result['paper_hours'] = paper_hours
        result['implied_tflops'] = synthesis / (paper_hours * 3600) / 1e12
    return result


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description='Expected hours of a config\'s whole schedule from a '
        'FLOP profile of benchmark_speed.py')
    parser.add_argument('config', help='distillation config file')
    parser.add_argument('profile', help='benchmark_speed.py JSON of it')
    parser.add_argument(
        '--tflops', type=float, nargs='+', default=[5.0],
        help='sustained throughputs of the device, TFLOP/s')
    parser.add_argument('--paper-hours', type=float,
                        help='a reported synthesis time, to give the '
                        'throughput it implies')
    parser.add_argument('--out', help='write the figures to this JSON file')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config settings, key=value pairs')
    args = parser.parse_args()
    if min(args.tflops) <= 0 or (args.paper_hours is not None
                                 and args.paper_hours <= 0):
        parser.error('--tflops and --paper-hours must be positive')
    return args


def main() -> None:
    """Estimate and print (and optionally write) the figures."""
    args = parse_args()
    with open(args.profile) as f:
        profile = json.load(f)
    if osp.normpath(profile['config']) != osp.normpath(args.config):
        raise ValueError(
            f'{args.profile} profiles {profile["config"]}, not '
            f'{args.config}: profile this config with benchmark_speed.py.')
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    figures = estimate(cfg, profile, args.tflops, args.paper_hours)
    print(json.dumps(figures, indent=2))
    if args.out:
        mmengine.dump(figures, args.out, indent=2)


if __name__ == '__main__':
    main()
