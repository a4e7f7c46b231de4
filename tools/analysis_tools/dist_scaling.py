"""Iterations/s and samples/s of N processes against one, at equal global
batch.

Trains CONFIG for ``--iters`` iterations twice, each in fresh processes:
with ``tools/train.py`` (one process, the config's batch ``B``, ``--threads``
CPU threads) and with ``tools/dist_train.sh`` on ``--procs N`` processes
(batch ``B / N`` each, ``threads / N`` threads each, gloo on CPU, NCCL on
GPUs), logging every iteration. Each run's seconds per iteration is the
median of mmengine's per-iteration ``time`` after ``--warmup`` iterations
(rank 0's log). Printed and written as JSON: ``s_per_iter``,
``iters_per_s``, ``samples_per_s`` (global batch / s_per_iter) for both,
and ``speedup`` (one process's s/iter over N processes').

Under DDP each process draws its own latent codes (the samplers hand the
ranks disjoint indices of ``LatentDataset``, whose codes are a function of
the index), keeps its own replay memory of the images it generated, and
gradients are averaged across the processes.

    python tools/analysis_tools/dist_scaling.py CONFIG [--procs 2] \\
        [--iters 30] [--warmup 5] [--threads 2] [--out FILE] \\
        [--cfg-options ...]
"""
import argparse
import glob
import json
import os
import os.path as osp
import socket
import statistics
import subprocess
import sys
import tempfile
from typing import Dict, List

import mmengine
from mmengine.config import Config, DictAction

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config', help='distillation config file')
    parser.add_argument('--procs', type=int, default=2,
                        help='processes of the distributed run')
    parser.add_argument('--iters', type=int, default=30,
                        help='training iterations of each run')
    parser.add_argument('--warmup', type=int, default=5,
                        help='first iterations left out of the median')
    parser.add_argument('--threads', type=int, default=2,
                        help='CPU threads in all, split over the processes')
    parser.add_argument('--out', help='JSON file to write the figures to')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='overrides of the config, key=value pairs')
    return parser.parse_args()


def free_port() -> int:
    """A free local TCP port for the rendezvous."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def iteration_times(work_dir: str) -> List[float]:
    """Rank 0's per-iteration ``time`` values, in iteration order."""
    paths = glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json'))
    if not paths:
        raise RuntimeError(f'No scalars.json under {work_dir}: the run '
                           f'failed before logging an iteration.')
    with open(sorted(paths)[-1]) as file:
        rows = [json.loads(line) for line in file]
    return [row['time'] for row in rows if 'time' in row and 'step' in row]


def run(config: str, procs: int, threads: int, args: argparse.Namespace,
        work_dir: str) -> Dict[str, float]:
    """Train ``config`` on ``procs`` processes; its speed figures."""
    options = dict(args.cfg_options or {})
    options.update({
        'train_cfg.max_iters': args.iters,
        'train_cfg.val_interval': args.iters + 1,
        'default_hooks.logger.interval': 1,
        'default_hooks.checkpoint.interval': args.iters + 1,
        'train_dataloader.batch_size': args.global_batch // procs,
        'custom_hooks': [],
    })
    overrides = [f'{key}={value}' for key, value in options.items()]
    env = dict(os.environ, OMP_NUM_THREADS=str(max(1, threads // procs)),
               PORT=str(free_port()),
               PATH=osp.dirname(sys.executable) + os.pathsep +
               os.environ['PATH'])
    if procs == 1:
        cmd = [sys.executable, osp.join(ROOT, 'tools', 'train.py'), config]
    else:
        cmd = ['bash', osp.join(ROOT, 'tools', 'dist_train.sh'), config,
               str(procs)]
    cmd += ['--work-dir', work_dir, '--cfg-options', *overrides]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f'{" ".join(cmd)} failed:\n'
                           f'{(proc.stdout + proc.stderr)[-3000:]}')
    times = iteration_times(work_dir)[args.warmup:]
    if not times:
        raise RuntimeError(f'--iters {args.iters} leaves no iteration after '
                           f'--warmup {args.warmup}.')
    s_per_iter = statistics.median(times)
    return dict(processes=procs, threads_per_process=max(1, threads // procs),
                batch_per_process=args.global_batch // procs,
                s_per_iter=s_per_iter, iters_per_s=1 / s_per_iter,
                samples_per_s=args.global_batch / s_per_iter)


def main() -> None:
    args = parse_args()
    args.global_batch = Config.fromfile(
        args.config).train_dataloader.batch_size
    if args.global_batch % args.procs:
        raise SystemExit(f'The batch of {args.global_batch} does not split '
                         f'over {args.procs} processes.')
    with tempfile.TemporaryDirectory() as tmp:
        single = run(args.config, 1, args.threads, args,
                     osp.join(tmp, 'single'))
        multi = run(args.config, args.procs, args.threads, args,
                    osp.join(tmp, 'multi'))
    result = dict(config=args.config, global_batch=args.global_batch,
                  iters=args.iters, warmup=args.warmup, single=single,
                  distributed=multi,
                  speedup=single['s_per_iter'] / multi['s_per_iter'])
    print(json.dumps(result, indent=2))
    if args.out:
        mmengine.dump(result, args.out, indent=2)


if __name__ == '__main__':
    main()
