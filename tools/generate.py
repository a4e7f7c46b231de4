"""Write a labelled synthetic dataset with the generator of a trained run.

A conditional generator (CGDD) draws N images of each chosen class and
reports the teacher's agreement with the chosen label (class fidelity); an
unconditional one (DDAD, DFAD) draws N images that the teacher labels. The
result reads back with mmpretrain's ``CustomDataset``::

    python tools/generate.py CONFIG work_dirs/NAME/iter_300.pth \\
        --out-dir data/synthetic --num-per-class 100 --classes 0 3 7
"""
import argparse
import os.path as osp

import torch
from mmengine.config import DictAction
from mmengine.fileio import list_from_file

# Importing mmdfkd installs the stack work-arounds and registers modules.
from mmdfkd.apis import (
    dataset_class_names,
    init_distiller,
    write_synthetic_dataset,
)


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='Conditional generators take --num-per-class (and '
        'optionally --classes or --classes-file); unconditional ones take '
        '--num.')
    parser.add_argument('config', help='config file of the trained run')
    parser.add_argument(
        'checkpoint', help='checkpoint of the run (path or URL), e.g. '
        'work_dirs/NAME/iter_300.pth')
    parser.add_argument(
        '--out-dir', required=True,
        help='root of the dataset to write; must be new or empty')
    parser.add_argument(
        '--num-per-class', type=int,
        help='images per class (conditional generators)')
    classes = parser.add_mutually_exclusive_group()
    classes.add_argument(
        '--classes', nargs='+',
        help='classes to draw, by index or name (conditional generators; '
        'default: all)')
    classes.add_argument(
        '--classes-file',
        help='file of classes to draw, one index or name a line')
    parser.add_argument(
        '--num', type=int, help='number of images (unconditional generators)')
    parser.add_argument(
        '--batch-size', type=int, default=64,
        help='images per forward pass (default: 64)')
    parser.add_argument(
        '--seed', type=int, default=0,
        help='seed of the latent codes (default: 0)')
    parser.add_argument(
        '--device', choices=['cpu', 'cuda'],
        default='cuda' if torch.cuda.is_available() else 'cpu',
        help='where the networks run (default: cuda if available)')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config settings, key=value pairs')
    return parser


def parse_args() -> argparse.Namespace:
    """Parse the command line and check the input files."""
    parser = build_parser()
    args = parser.parse_args()
    if not osp.isfile(args.config):
        parser.error(f'config file {args.config!r} does not exist')
    if '://' not in args.checkpoint and not osp.isfile(args.checkpoint):
        parser.error(f'checkpoint {args.checkpoint!r} does not exist')
    if args.classes_file is not None:
        if not osp.isfile(args.classes_file):
            parser.error(
                f'classes file {args.classes_file!r} does not exist')
        args.classes = [
            line.strip() for line in list_from_file(args.classes_file)
            if line.strip()
        ]
    return args


def main() -> None:
    """Load the run, write the dataset, print images and fidelity."""
    args = parse_args()
    model = init_distiller(args.config, args.checkpoint, args.device,
                           args.cfg_options)
    dataset = write_synthetic_dataset(
        model,
        args.out_dir,
        class_names=dataset_class_names(model.cfg),
        num_per_class=args.num_per_class,
        classes=args.classes,
        num=args.num,
        batch_size=args.batch_size,
        seed=args.seed)
    print(dataset.table())
    print(f'Dataset written to {args.out_dir}')


if __name__ == '__main__':
    main()
