"""Evaluate a checkpoint on the test set of a config."""
import argparse
import os
import os.path as osp

from mmengine.config import DictAction

# Importing mmdfkd installs the stack work-arounds and registers modules.
from mmdfkd.apis import build_runner
from mmdfkd.utils import close_dist
from mmdfkd.utils.cfg_options import load_config


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description='Test a checkpoint')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file (path or URL)')
    parser.add_argument('--work-dir', help='the dir to save logs')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value pairs such as '
        'test_dataloader.batch_size=8 (lists as key="[a,b]", no spaces)')
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
    if '://' not in args.checkpoint and not osp.isfile(args.checkpoint):
        parser.error(f'checkpoint {args.checkpoint!r} does not exist')
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def main() -> None:
    """Build the runner from the config, load the checkpoint and test."""
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    cfg.launcher = args.launcher
    cfg.load_from = args.checkpoint
    # Work dir priority: command line > config > config file name.
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    build_runner(cfg).test()
    close_dist()


if __name__ == '__main__':
    main()
