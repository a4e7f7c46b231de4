"""Train a model (a teacher or a data-free distillation) from a config."""
import argparse
import os
import os.path as osp
import warnings

from mmengine.config import Config, DictAction

# Importing mmdfkd installs the stack work-arounds and registers modules.
from mmdfkd.apis import build_runner
from mmdfkd.models.algorithms import BaseDataFreeDistiller
from mmdfkd.models.utils import unwrap_model
from mmdfkd.utils import close_dist, enable_amp
from mmdfkd.utils.cfg_options import load_config
from mmdfkd.utils.compile import compile_for_training


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint, or from the latest one in '
        'the work dir when no path is given')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='mixed precision: fp16 AMP on CUDA, bf16 autocast on CPU')
    parser.add_argument(
        '--compile',
        action='store_true',
        help='torch.compile the teacher, student and generator; they stay '
        'eager, with a warning, where compiling fails')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value pairs such as '
        'train_cfg.max_iters=100 (lists as key="[a,b]", no spaces)')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    # torch >= 2.0 launchers pass --local-rank, older ones --local_rank.
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if not osp.isfile(args.config):
        parser.error(f'config file {args.config!r} does not exist')
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options to the config.

    Args:
        cfg (Config): The loaded config, modified in place.
        args (argparse.Namespace): The parsed command line.
    """
    cfg.launcher = args.launcher
    # Work dir priority: command line > config > config file name.
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    if args.amp:
        enable_amp(cfg)
    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume
    return cfg


def main() -> None:
    """Build the runner from the config and train."""
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    merge_args(cfg, args)
    runner = build_runner(cfg)
    if args.compile:
        compile_model(runner)
    runner.train()
    close_dist()


def compile_model(runner) -> None:
    """``--compile``: the networks of a distillation, before training.

    Args:
        runner (Runner): The built runner.
    """
    model = unwrap_model(runner.model)
    if not isinstance(model, BaseDataFreeDistiller):
        warnings.warn(
            f'--compile compiles the networks of a data-free distillation; '
            f'{type(model).__name__} trains eagerly.', stacklevel=2)
        return
    if compile_for_training(model):
        runner.logger.info('Teacher, student and generator are compiled.')


if __name__ == '__main__':
    main()
