"""Write NYUv2 in the folder layout of ``mmdfkd.NYUv2Dataset``.

Usage::

    python tools/dataset_converters/nyuv2_13class.py \\
        nyu_depth_v2_labeled.mat splits.mat nyuv2-meta-data data/nyuv2

reads the 1449 RGB frames of the official ``nyu_depth_v2_labeled.mat``
(MATLAB v7.3, an HDF5 file), the 1-based ``trainNdxs`` and ``testNdxs`` of
the official ``splits.mat``, and the 13-class labels of the
ankurhanda/nyuv2-meta-data repository (its ``train_labels_13`` and
``test_labels_13`` archives extracted in place), and writes
``data/nyuv2/image/<split>/<index>.png`` and
``data/nyuv2/seg13/<split>/<index>.png``, ``<index>`` being the frame's
1-based index on five digits. The label PNGs are copied unchanged: 0 is
unknown, 1-13 the classes.
"""
import argparse
import os
import os.path as osp
import re
import shutil
from typing import Dict

import h5py
import numpy as np
from PIL import Image
from scipy.io import loadmat

SPLITS = ('train', 'test')
# new_nyu_class13_0003.png: the label of frame 3 (1-based).
LABEL_NAME = re.compile(r'new_nyu_class13_(\d+)\.png$')


def find_labels(meta_data: str, split: str) -> Dict[int, str]:
    """Find the 13-class label PNGs of a split in the meta-data folder.

    The PNGs are searched at any depth under ``<split>_labels_13``, so the
    archives may be extracted with or without a folder of their own.

    Args:
        meta_data (str): The nyuv2-meta-data folder.
        split (str): ``'train'`` or ``'test'``.

    Returns:
        dict[int, str]: Path of the label PNG of each 1-based frame index.
    """
    labels = {}
    for folder, _, files in os.walk(osp.join(meta_data, f'{split}_labels_13')):
        for name in files:
            match = LABEL_NAME.match(name)
            if match:
                labels[int(match.group(1))] = osp.join(folder, name)
    return labels


def convert_nyuv2(labeled_mat: str, splits_mat: str, meta_data: str,
                  out_dir: str) -> Dict[str, int]:
    """Write the images and 13-class labels of both splits as PNGs.

    Args:
        labeled_mat (str): The official ``nyu_depth_v2_labeled.mat``.
        splits_mat (str): The official ``splits.mat``.
        meta_data (str): The nyuv2-meta-data folder, holding
            ``train_labels_13`` and ``test_labels_13`` with the extracted
            ``new_nyu_class13_<index>.png``.
        out_dir (str): The data root to write.

    Returns:
        dict[str, int]: Number of images written per split.

    Raises:
        FileNotFoundError: If the label of a frame of a split is missing.
    """
    splits = loadmat(splits_mat)
    written = {}
    with h5py.File(labeled_mat, 'r') as mat:
        # MATLAB stores arrays column-major, so the HDF5 view of the
        # H x W x 3 x N array is (N, 3, W, H).
        images = mat['images']
        for split in SPLITS:
            indices = splits[f'{split}Ndxs'].reshape(-1).astype(int)
            labels = find_labels(meta_data, split)
            missing = [i for i in indices if i not in labels]
            if missing:
                raise FileNotFoundError(
                    f'{len(missing)} {split} labels missing under '
                    f'{osp.join(meta_data, f"{split}_labels_13")}, e.g. '
                    f'new_nyu_class13_{missing[0]:04d}.png.')
            img_dir = osp.join(out_dir, 'image', split)
            label_dir = osp.join(out_dir, 'seg13', split)
            os.makedirs(img_dir, exist_ok=True)
            os.makedirs(label_dir, exist_ok=True)
            for index in indices:
                # One frame at a time: all of them take 1.3 GB.
                frame = np.ascontiguousarray(images[index - 1].transpose(
                    2, 1, 0))
                name = f'{index:05d}.png'
                Image.fromarray(frame).save(osp.join(img_dir, name))
                shutil.copyfile(labels[index], osp.join(label_dir, name))
            written[split] = len(indices)
    return written


def parse_args() -> argparse.Namespace:
    """Command-line arguments."""
    parser = argparse.ArgumentParser(
        description='Write NYUv2 13-class segmentation as PNG folders.')
    parser.add_argument('labeled_mat', help='nyu_depth_v2_labeled.mat')
    parser.add_argument('splits_mat', help='splits.mat')
    parser.add_argument(
        'meta_data',
        help='nyuv2-meta-data folder, with train_labels_13 and '
        'test_labels_13 extracted')
    parser.add_argument('out_dir', help='data root to write')
    return parser.parse_args()


def main() -> None:
    """Convert, and print the number of images of each split."""
    args = parse_args()
    written = convert_nyuv2(args.labeled_mat, args.splits_mat,
                            args.meta_data, args.out_dir)
    for split, num in written.items():
        print(f'Wrote {num} {split} images and labels under '
              f'{osp.join(args.out_dir, "image", split)} and '
              f'{osp.join(args.out_dir, "seg13", split)}')


if __name__ == '__main__':
    main()
