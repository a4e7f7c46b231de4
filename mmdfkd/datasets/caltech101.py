"""Caltech101 in its official folder-per-class layout, split 80/20 per class.

Caltech101 has no official train/test split. Data-free distillation papers
(DFAD, DDAD) hold out a random 20% of every class; here that split is a pure
function of the image folders and a seed, so every machine and every
process derives the same one, and it can be frozen into text files.
"""
import os
import os.path as osp
import zlib
from collections import defaultdict
from typing import Dict, List, Optional, Tuple

import numpy as np
from mmengine import fileio
from mmengine.logging import print_log
from mmpretrain.datasets import CustomDataset
from mmpretrain.datasets.categories import CALTECH101_CATEGORIES
from mmpretrain.datasets.custom import get_samples

from mmdfkd.registry import DATASETS

# Folder of the images, as extracted from the official archive.
IMAGE_DIR = '101_ObjectCategories'
# Folder, under the data root, of the split files.
SPLIT_DIR = 'splits'
# Clutter images, not an object class; excluded from the 101 classes.
BACKGROUND = 'BACKGROUND_Google'
SPLITS = ('train', 'test')
IMG_EXTENSIONS = ('.jpg', '.jpeg', '.png')

# (path relative to IMAGE_DIR, label) of each image of one split.
Samples = List[Tuple[str, int]]

LAYOUT = (f'<data_root>/{IMAGE_DIR}/<class>/image_0001.jpg, one folder per '
          f'class (the official 101_ObjectCategories archive extracted '
          f'into data_root)')


def caltech101_classes(include_background: bool = False) -> Tuple[str, ...]:
    """Class names of Caltech101, in label order (sorted folder names).

    Args:
        include_background (bool): Keep ``BACKGROUND_Google`` as a class.
            Defaults to False (101 classes).

    Returns:
        tuple[str]: The folder names of the classes.
    """
    if include_background:
        return CALTECH101_CATEGORIES
    return tuple(c for c in CALTECH101_CATEGORIES if c != BACKGROUND)


def split_file(split: str, include_background: bool = False) -> str:
    """Path, relative to the data root, of the split file of ``split``.

    Args:
        split (str): ``'train'`` or ``'test'``.
        include_background (bool): Whether the split covers
            ``BACKGROUND_Google`` (which shifts every label by one).
            Defaults to False.

    Returns:
        str: ``splits/<split>.txt``, or ``splits/<split>_with_background.txt``.
    """
    suffix = '_with_background' if include_background else ''
    return fileio.join_path(SPLIT_DIR, f'{split}{suffix}.txt')


def caltech101_split(data_root: str,
                     seed: int = 0,
                     test_ratio: float = 0.2,
                     include_background: bool = False) -> Dict[str, Samples]:
    """Split every class of Caltech101 at random into train and test.

    Within each class the sorted image names are permuted by a generator
    seeded with ``seed`` and the class name, and the first
    ``round(n * test_ratio)`` (halves rounded up) go to the test split. The
    split of a class therefore depends on nothing but its own images, the
    seed and the ratio: including the background class or not leaves the
    other classes' splits unchanged.

    Args:
        data_root (str): The Caltech101 root, holding ``101_ObjectCategories``.
        seed (int): Seed of the split. Defaults to 0.
        test_ratio (float): Fraction of each class held out for testing.
            Defaults to 0.2.
        include_background (bool): Keep ``BACKGROUND_Google`` as a class.
            Defaults to False.

    Returns:
        dict[str, list[tuple[str, int]]]: For ``'train'`` and ``'test'``,
        ``(class/image_0001.jpg, label)`` of each image, sorted.

    Raises:
        FileNotFoundError: If the image folder or a class folder is missing.
    """
    if not 0.0 < test_ratio < 1.0:
        raise ValueError(
            f'test_ratio must be a fraction in (0, 1), got {test_ratio}.')
    img_dir = fileio.join_path(data_root, IMAGE_DIR)
    classes = caltech101_classes(include_background)
    if not fileio.isdir(img_dir):
        raise FileNotFoundError(
            f'Caltech101 images not found: {img_dir} is not a folder. '
            f'Expected layout: {LAYOUT}.')
    missing = [c for c in classes
               if not fileio.isdir(fileio.join_path(img_dir, c))]
    if missing:
        raise FileNotFoundError(
            f'Caltech101 class folders missing under {img_dir}: '
            f'{", ".join(missing[:5])}' + (' ...' if len(missing) > 5 else '')
            + f'. Expected layout: {LAYOUT}.')

    samples, _ = get_samples(
        img_dir, {c: i for i, c in enumerate(classes)},
        is_valid_file=lambda f: f.lower().endswith(IMG_EXTENSIONS))
    per_class = defaultdict(list)
    for path, label in samples:
        per_class[label].append(path)

    split = {'train': [], 'test': []}
    for label, cls in enumerate(classes):
        paths = sorted(per_class[label])
        # Seeded per class, with a stable hash of the name (Python's own
        # string hash changes from process to process).
        rng = np.random.default_rng([seed, zlib.crc32(cls.encode())])
        num_test = int(len(paths) * test_ratio + 0.5)
        is_test = np.zeros(len(paths), dtype=bool)
        is_test[rng.permutation(len(paths))[:num_test]] = True
        for path, held_out in zip(paths, is_test):
            split['test' if held_out else 'train'].append((path, label))
    return split


def write_caltech101_split(data_root: str,
                           seed: int = 0,
                           test_ratio: float = 0.2,
                           include_background: bool = False) -> List[str]:
    """Write the split of :func:`caltech101_split` as text files.

    Each line is ``<class>/<image> <label>``, the annotation format of
    :class:`mmpretrain.datasets.CustomDataset`.

    Args:
        data_root (str): The Caltech101 root (a local folder).
        seed (int): Seed of the split. Defaults to 0.
        test_ratio (float): Fraction of each class held out for testing.
            Defaults to 0.2.
        include_background (bool): Keep ``BACKGROUND_Google`` as a class.
            Defaults to False.

    Returns:
        list[str]: The files written, train then test.
    """
    split = caltech101_split(data_root, seed, test_ratio, include_background)
    os.makedirs(osp.join(data_root, SPLIT_DIR), exist_ok=True)
    written = []
    for name in SPLITS:
        path = osp.join(data_root, split_file(name, include_background))
        with open(path, 'w') as f:
            f.writelines(f'{p} {label}\n' for p, label in split[name])
        written.append(path)
    return written


@DATASETS.register_module()
class Caltech101(CustomDataset):
    """Caltech101, 80/20 per class, in the official folder-per-class layout.

    Layout (the official ``101_ObjectCategories`` archive extracted into
    ``data_root``; the split files are optional)::

        data_root
        ├── 101_ObjectCategories
        │   ├── BACKGROUND_Google   (excluded by default)
        │   ├── Faces
        │   │   ├── image_0001.jpg
        │   │   └── ...
        │   └── ...                 (102 folders)
        └── splits
            ├── train.txt           ("Faces/image_0001.jpg 0" per line)
            └── test.txt

    Labels follow the sorted (case-sensitive) folder names, as in
    ``mmpretrain.datasets.categories.CALTECH101_CATEGORIES``.

    The split is the one of :func:`caltech101_split`. If its files exist
    (written by ``tools/dataset_converters/caltech101_split.py``) they are
    read as they are and ``split_seed`` and ``test_ratio`` are unused: the
    files freeze the split. Otherwise every process derives the same split
    from the folders in memory. The dataset never writes files, so
    distributed runs need neither a shared writable folder nor a barrier.

    This is not mmpretrain's ``Caltech101``, which reads the 30-per-class
    annotation files mmpretrain distributes, with 102 classes.

    Args:
        data_root (str): The Caltech101 root.
        split (str): ``'train'`` or ``'test'``. Defaults to ``'train'``.
        include_background (bool): Keep ``BACKGROUND_Google`` as a class
            (102 classes, label 0). Defaults to False.
        split_seed (int): Seed of the derived split. Defaults to 0.
        test_ratio (float): Fraction of each class held out for testing in
            the derived split. Defaults to 0.2.
        metainfo (dict, optional): Overrides of the meta information.
            Defaults to None.
        **kwargs: Other arguments of
            :class:`mmpretrain.datasets.CustomDataset`, such as
            ``pipeline``, ``test_mode`` or ``lazy_init``.
    """

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 include_background: bool = False,
                 split_seed: int = 0,
                 test_ratio: float = 0.2,
                 metainfo: Optional[dict] = None,
                 **kwargs) -> None:
        if split not in SPLITS:
            raise ValueError(
                f'Caltech101 split must be one of {SPLITS}, got {split!r}.')
        self.split = split
        self.include_background = include_background
        self.split_seed = split_seed
        self.test_ratio = test_ratio
        ann_file = split_file(split, include_background)
        if not fileio.exists(fileio.join_path(data_root, ann_file)):
            ann_file = ''
        super().__init__(
            data_root=data_root,
            data_prefix=IMAGE_DIR,
            ann_file=ann_file,
            metainfo={
                'classes': caltech101_classes(include_background),
                **(metainfo or {})
            },
            **kwargs)

    def _find_samples(self) -> Samples:
        """Derive the split, as no split file exists.

        Returns:
            list[tuple[str, int]]: ``(class/image, label)`` of the split.
        """
        print_log(
            f'No {self.split} split file under '
            f'{fileio.join_path(self.data_root, SPLIT_DIR)}: the split is '
            f'derived from the image folders (seed {self.split_seed}, test '
            f'ratio {self.test_ratio}). To freeze it, run `python '
            f'tools/dataset_converters/caltech101_split.py '
            f'{self.data_root}`.',
            logger='current')
        return caltech101_split(self.data_root, self.split_seed,
                                self.test_ratio,
                                self.include_background)[self.split]

    def extra_repr(self) -> List[str]:
        """The extra repr information of the dataset."""
        return [
            f'Root of dataset: \t{self.data_root}',
            f'Split: \t{self.split}',
            'Split source: \t' + (self.ann_file or
                                  f'derived (seed {self.split_seed}, '
                                  f'test ratio {self.test_ratio})'),
        ]
