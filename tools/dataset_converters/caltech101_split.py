"""Write the seeded 80/20 per-class train/test split of Caltech101.

Usage::

    python tools/dataset_converters/caltech101_split.py data/caltech101

writes ``data/caltech101/splits/{train,test}.txt`` (``<class>/<image>
<label>`` per line), the split ``mmdfkd.Caltech101`` otherwise derives in
memory with the same seed and ratio. The files freeze the split: the
dataset reads them as they are.
"""
import argparse

from mmdfkd.datasets.caltech101 import write_caltech101_split


def parse_args() -> argparse.Namespace:
    """Command-line arguments."""
    parser = argparse.ArgumentParser(
        description='Write the train/test split files of Caltech101.')
    parser.add_argument(
        'data_root', help='folder holding 101_ObjectCategories')
    parser.add_argument(
        '--seed', type=int, default=0, help='seed of the split')
    parser.add_argument(
        '--test-ratio',
        type=float,
        default=0.2,
        help='fraction of each class held out for testing')
    parser.add_argument(
        '--include-background',
        action='store_true',
        help='keep BACKGROUND_Google as class 0 (102 classes); the files '
        'are then splits/{train,test}_with_background.txt')
    return parser.parse_args()


def main() -> None:
    """Write the split files and print their paths."""
    args = parse_args()
    for path in write_caltech101_split(args.data_root, args.seed,
                                       args.test_ratio,
                                       args.include_background):
        print(f'Wrote {path}')


if __name__ == '__main__':
    main()
