"""Tiny datasets on disk, in the layouts of the official archives.

The writers produce, with random images and labels, the python-pickle
version of CIFAR that :class:`mmpretrain.datasets.CIFAR10` and ``CIFAR100``
read, real JPEG files in the folder layouts of Caltech101, Tiny-ImageNet
and ImageNet, PNG images and label maps in the layouts of CamVid and
NYUv2, and the NYUv2 release files, so datasets, dataset configs and
converters can be exercised without a download.
"""
import os
import pickle
from typing import Dict, List, Optional, Sequence, Tuple

import h5py
import numpy as np
import pytest
from mmpretrain.datasets import CIFAR10, CIFAR100
from mmpretrain.datasets.categories import (
    CALTECH101_CATEGORIES,
    CIFAR10_CATEGORIES,
    CIFAR100_CATEGORIES,
    IMAGENET_CATEGORIES,
)
from PIL import Image
from scipy.io import savemat
from timm.data import ImageNetInfo

# Image and label arrays of one split, images as (N, 32, 32, 3) uint8, the
# layout in which mmpretrain hands them to a pipeline.
SplitArrays = Tuple[np.ndarray, np.ndarray]

CIFAR100_COARSE_CATEGORIES = (
    'aquatic_mammals', 'fish', 'flowers', 'food_containers',
    'fruit_and_vegetables', 'household_electrical_devices',
    'household_furniture', 'insects', 'large_carnivores',
    'large_man-made_outdoor_things', 'large_natural_outdoor_scenes',
    'large_omnivores_and_herbivores', 'medium_mammals',
    'non-insect_invertebrates', 'people', 'reptiles', 'small_mammals',
    'trees', 'vehicles_1', 'vehicles_2')


def _dump(obj: dict, path: str) -> None:
    # The official files are Python 2 pickles; protocol 2 keeps ours
    # readable the same way (``pickle.load(..., encoding='latin1')``).
    with open(path, 'wb') as f:
        pickle.dump(obj, f, protocol=2)


def _random_split(rng: np.random.Generator, num: int,
                  num_classes: int) -> SplitArrays:
    imgs = rng.integers(0, 256, size=(num, 32, 32, 3), dtype=np.uint8)
    labels = rng.integers(0, num_classes, size=num)
    return imgs, labels


def _to_rows(imgs: np.ndarray) -> np.ndarray:
    """(N, 32, 32, 3) -> (N, 3072): all red, then green, then blue."""
    return np.ascontiguousarray(imgs.transpose(0, 3, 1, 2).reshape(-1, 3072))


def _filenames(labels: np.ndarray, names: Sequence[str],
               start: int) -> list:
    return [
        f'{names[label]}_s_{start + i:06d}.png'
        for i, label in enumerate(labels)
    ]


def write_cifar10(root: str,
                  num_train: int = 50,
                  num_test: int = 20,
                  seed: int = 0) -> Dict[str, SplitArrays]:
    """Write a tiny CIFAR-10 under ``root/cifar-10-batches-py``.

    Like the official archive there are five training batches
    (``data_batch_1`` .. ``data_batch_5``, the samples spread over them in
    order), a ``test_batch`` and ``batches.meta``. Each batch holds
    ``data`` (uint8, ``(n, 3072)``, channel-major rows), ``labels``,
    ``filenames`` and ``batch_label``.

    Args:
        root (str): The ``data_root`` to give to mmpretrain's ``CIFAR10``.
        num_train (int): Number of training images. Defaults to 50.
        num_test (int): Number of test images. Defaults to 20.
        seed (int): Seed of the random images and labels. Defaults to 0.

    Returns:
        dict[str, tuple[np.ndarray, np.ndarray]]: For ``'train'`` and
        ``'test'``, the images ``(N, 32, 32, 3)`` and labels written, in
        the order the dataset reads them.
    """
    folder = os.path.join(root, CIFAR10.base_folder)
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    splits = {
        'train': _random_split(rng, num_train, len(CIFAR10_CATEGORIES)),
        'test': _random_split(rng, num_test, len(CIFAR10_CATEGORIES)),
    }

    train_imgs, train_labels = splits['train']
    bounds = np.linspace(0, num_train, 6).astype(int)
    for k in range(5):
        part = slice(bounds[k], bounds[k + 1])
        _dump(
            dict(
                batch_label=f'training batch {k + 1} of 5',
                labels=train_labels[part].tolist(),
                data=_to_rows(train_imgs[part]),
                filenames=_filenames(train_labels[part], CIFAR10_CATEGORIES,
                                     bounds[k])),
            os.path.join(folder, f'data_batch_{k + 1}'))

    test_imgs, test_labels = splits['test']
    _dump(
        dict(
            batch_label='testing batch 1 of 1',
            labels=test_labels.tolist(),
            data=_to_rows(test_imgs),
            filenames=_filenames(test_labels, CIFAR10_CATEGORIES, 0)),
        os.path.join(folder, 'test_batch'))
    _dump(
        dict(
            num_cases_per_batch=int(bounds[1]),
            label_names=list(CIFAR10_CATEGORIES),
            num_vis=3072), os.path.join(folder, 'batches.meta'))
    return splits


def write_cifar100(root: str,
                   num_train: int = 100,
                   num_test: int = 50,
                   seed: int = 0) -> Dict[str, SplitArrays]:
    """Write a tiny CIFAR-100 under ``root/cifar-100-python``.

    Like the official archive there are ``train``, ``test`` and ``meta``.
    Each split holds ``data`` (uint8, ``(n, 3072)``, channel-major rows),
    ``fine_labels``, ``coarse_labels``, ``filenames`` and ``batch_label``;
    ``meta`` holds ``fine_label_names`` and ``coarse_label_names``. The
    coarse label of fine class ``c`` is ``c % 20``: consistent, but not the
    official grouping, which mmpretrain does not read.

    Args:
        root (str): The ``data_root`` to give to mmpretrain's ``CIFAR100``.
        num_train (int): Number of training images. Defaults to 100.
        num_test (int): Number of test images. Defaults to 50.
        seed (int): Seed of the random images and labels. Defaults to 0.

    Returns:
        dict[str, tuple[np.ndarray, np.ndarray]]: For ``'train'`` and
        ``'test'``, the images ``(N, 32, 32, 3)`` and fine labels written.
    """
    folder = os.path.join(root, CIFAR100.base_folder)
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    splits = {
        'train': _random_split(rng, num_train, len(CIFAR100_CATEGORIES)),
        'test': _random_split(rng, num_test, len(CIFAR100_CATEGORIES)),
    }
    for split, (imgs, labels) in splits.items():
        kind = 'training' if split == 'train' else 'testing'
        _dump(
            dict(
                filenames=_filenames(labels, CIFAR100_CATEGORIES, 0),
                batch_label=f'{kind} batch 1 of 1',
                fine_labels=labels.tolist(),
                coarse_labels=(labels % len(CIFAR100_COARSE_CATEGORIES)
                               ).tolist(),
                data=_to_rows(imgs)), os.path.join(folder, split))
    _dump(
        dict(
            fine_label_names=list(CIFAR100_CATEGORIES),
            coarse_label_names=list(CIFAR100_COARSE_CATEGORIES)),
        os.path.join(folder, 'meta'))
    return splits


def relax_cifar_checksums(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let mmpretrain's CIFAR datasets accept files of any content.

    ``CIFAR10`` and ``CIFAR100`` compare the md5 of every file against the
    official archive (``train_list``, ``test_list`` and ``meta``) and, on a
    mismatch, try to download CIFAR. The files written above necessarily
    differ, so their expected md5 are set to None for the test: the
    integrity check then only requires the files to exist. Everything is
    restored when ``monkeypatch`` is undone.

    Args:
        monkeypatch (pytest.MonkeyPatch): The test's monkeypatch.
    """
    for cls in (CIFAR10, CIFAR100):
        for attr in ('train_list', 'test_list'):
            unchecked = [[name, None] for name, _ in getattr(cls, attr)]
            monkeypatch.setattr(cls, attr, unchecked)
        monkeypatch.setattr(cls, 'meta', {**cls.meta, 'md5': None})


@pytest.fixture
def relaxed_cifar_checksums(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pytest fixture form of :func:`relax_cifar_checksums`."""
    relax_cifar_checksums(monkeypatch)


def _write_image(path: str, rng: np.random.Generator, height: int,
                 width: int, mode: str = 'RGB') -> None:
    """Save a random image; the format follows the file extension."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    shape = (height, width, 3) if mode == 'RGB' else (height, width)
    Image.fromarray(rng.integers(0, 256, size=shape, dtype=np.uint8),
                    mode).save(path)


def write_caltech101(root: str,
                     num_per_class: int = 5,
                     counts: Optional[Dict[str, int]] = None,
                     seed: int = 0) -> Dict[str, int]:
    """Write a tiny Caltech101 under ``root/101_ObjectCategories``.

    Like the official archive there is one folder per class, the 101
    object classes and ``BACKGROUND_Google``, holding ``image_0001.jpg``,
    ``image_0002.jpg``, ... of assorted sizes; as in the real set, some
    images are greyscale JPEGs.

    Args:
        root (str): The ``data_root`` to give to ``mmdfkd.Caltech101``.
        num_per_class (int): Images per class. Defaults to 5.
        counts (dict[str, int], optional): Other numbers of images for some
            classes. Defaults to None.
        seed (int): Seed of the images. Defaults to 0.

    Returns:
        dict[str, int]: Number of images written per class folder.
    """
    rng = np.random.default_rng(seed)
    written = {}
    for cls in CALTECH101_CATEGORIES:
        num = (counts or {}).get(cls, num_per_class)
        for i in range(num):
            _write_image(
                os.path.join(root, '101_ObjectCategories', cls,
                             f'image_{i + 1:04d}.jpg'),
                rng, int(rng.integers(12, 40)), int(rng.integers(12, 40)),
                'L' if i == 2 else 'RGB')
        written[cls] = num
    return written


def write_tiny_imagenet(root: str,
                        wnids: Sequence[str] = ('n04067472', 'n01443537',
                                                'n02123045'),
                        num_train: int = 3,
                        num_val: int = 2,
                        seed: int = 0) -> Dict[str, List[Tuple[str, str]]]:
    """Write a tiny ``tiny-imagenet-200`` folder at ``root``.

    Like the official archive: ``wnids.txt`` (in the given, unsorted,
    order), ``words.txt`` (the names of these and of other synsets),
    ``train/<wnid>/<wnid>_boxes.txt`` and
    ``train/<wnid>/images/<wnid>_<n>.JPEG``, ``val/images/val_<n>.JPEG``
    with ``val/val_annotations.txt`` (file, wnid and a box, tab-separated),
    and an unlabelled ``test/images/test_0.JPEG``; 64x64 RGB images.

    Args:
        root (str): The ``data_root`` to give to ``mmdfkd.TinyImageNet``.
        wnids (Sequence[str]): The classes. Defaults to three wnids.
        num_train (int): Training images per class. Defaults to 3.
        num_val (int): Validation images per class. Defaults to 2.
        seed (int): Seed of the images. Defaults to 0.

    Returns:
        dict[str, list[tuple[str, str]]]: For ``'train'`` and ``'val'``,
        ``(path relative to root, wnid)`` of each image written.
    """
    rng = np.random.default_rng(seed)
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, 'wnids.txt'), 'w') as f:
        f.writelines(f'{w}\n' for w in wnids)
    all_wnids = ImageNetInfo('imagenet1k').label_names()
    with open(os.path.join(root, 'words.txt'), 'w') as f:
        # words.txt covers all WordNet synsets, not just the classes.
        f.write('n00001740\tentity\n')
        for wnid in sorted(set(wnids) | {'n01440764'}):
            f.write(f'{wnid}\t{IMAGENET_CATEGORIES[all_wnids.index(wnid)]}'
                    '\n')
    written = {'train': [], 'val': []}
    for wnid in wnids:
        folder = os.path.join('train', wnid)
        os.makedirs(os.path.join(root, folder), exist_ok=True)
        with open(os.path.join(root, folder, f'{wnid}_boxes.txt'), 'w') as f:
            f.writelines(f'{wnid}_{n}.JPEG\t0\t0\t63\t63\n'
                         for n in range(num_train))
        for n in range(num_train):
            path = os.path.join(folder, 'images', f'{wnid}_{n}.JPEG')
            _write_image(os.path.join(root, path), rng, 64, 64)
            written['train'].append((path, wnid))
    # Validation images interleave the classes, as in the real file.
    lines = []
    for n in range(num_val * len(wnids)):
        wnid = wnids[n % len(wnids)]
        path = os.path.join('val', 'images', f'val_{n}.JPEG')
        _write_image(os.path.join(root, path), rng, 64, 64)
        lines.append(f'val_{n}.JPEG\t{wnid}\t1\t2\t60\t61\n')
        written['val'].append((path, wnid))
    with open(os.path.join(root, 'val', 'val_annotations.txt'), 'w') as f:
        f.writelines(lines)
    _write_image(os.path.join(root, 'test', 'images', 'test_0.JPEG'), rng,
                 64, 64)
    return written


def write_imagenet(root: str,
                   wnids: Sequence[str],
                   num_train: int = 2,
                   num_val: int = 2,
                   val_layout: str = 'flat',
                   seed: int = 0) -> Dict[str, List[Tuple[str, str]]]:
    """Write a tiny ImageNet-1k in mmpretrain's standard layout at ``root``.

    ``train/<wnid>/<wnid>_<n>.JPEG`` for every class, and ``val`` either
    flat, ``val/ILSVRC2012_val_<8 digits>.JPEG`` with ``meta/val.txt``
    (``<file> <label in the 1k order>`` per line, the classes
    interleaved), or folder-per-class like ``train``.

    Args:
        root (str): The ``data_root`` to give to ``mmdfkd.ImageNetSubset``
            or mmpretrain's ``ImageNet``.
        wnids (Sequence[str]): The ImageNet-1k classes to write.
        num_train (int): Training images per class. Defaults to 2.
        num_val (int): Validation images per class. Defaults to 2.
        val_layout (str): ``'flat'`` or ``'folders'``. Defaults to
            ``'flat'``.
        seed (int): Seed of the images. Defaults to 0.

    Returns:
        dict[str, list[tuple[str, str]]]: For ``'train'`` and ``'val'``,
        ``(path relative to root, wnid)`` of each image written.
    """
    rng = np.random.default_rng(seed)
    label_1k = {
        w: i
        for i, w in enumerate(ImageNetInfo('imagenet1k').label_names())
    }
    written = {'train': [], 'val': []}
    for wnid in wnids:
        for n in range(num_train):
            path = os.path.join('train', wnid, f'{wnid}_{n}.JPEG')
            _write_image(os.path.join(root, path), rng, 30, 40)
            written['train'].append((path, wnid))
    lines = []
    for n in range(num_val * len(wnids)):
        wnid = wnids[n % len(wnids)]
        name = f'ILSVRC2012_val_{n + 1:08d}.JPEG'
        path = os.path.join('val', name) if val_layout == 'flat' else \
            os.path.join('val', wnid, name)
        _write_image(os.path.join(root, path), rng, 40, 30)
        lines.append(f'{name} {label_1k[wnid]}\n')
        written['val'].append((path, wnid))
    if val_layout == 'flat':
        os.makedirs(os.path.join(root, 'meta'), exist_ok=True)
        with open(os.path.join(root, 'meta', 'val.txt'), 'w') as f:
            f.writelines(lines)
    return written


# Label map of each file of a split, by file name.
LabelMaps = Dict[str, np.ndarray]

# Frame names of the SegNet CamVid release: sequence, then frame number.
CAMVID_NAME_FORMATS = ('0001TP_{:06d}', '0006R0_f{:05d}', '0016E5_{:05d}',
                       'Seq05VD_f{:05d}')


def _random_labels(rng: np.random.Generator, height: int, width: int,
                   num_values: int, void: int) -> np.ndarray:
    """Labels in ``[0, num_values)``, the first row all ``void``."""
    labels = rng.integers(0, num_values, size=(height, width), dtype=np.uint8)
    labels[0] = void
    return labels


def _write_label(path: str, labels: np.ndarray) -> None:
    """Save a label map as a single-channel 8-bit PNG."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(labels).save(path)


def write_camvid(root: str,
                 counts: Optional[Dict[str, int]] = None,
                 height: int = 36,
                 width: int = 48,
                 seed: int = 0) -> Dict[str, LabelMaps]:
    """Write a tiny CamVid in the layout of the SegNet release at ``root``.

    ``<split>/<name>.png`` RGB images and ``<split>annot/<name>.png``
    single-channel labels, 0-10 for the classes and 11 for void, for the
    ``train``, ``val`` and ``test`` splits; names follow the real frames
    (``0001TP_006690.png``, ``Seq05VD_f00000.png``, ...). Every label map
    has void pixels (its first row). The default size is a tenth of the
    real 360x480.

    Args:
        root (str): The ``data_root`` to give to ``mmdfkd.CamVidDataset``.
        counts (dict[str, int], optional): Images per split. Defaults to 3
            train, 2 val and 2 test images.
        height (int): Image height. Defaults to 36.
        width (int): Image width. Defaults to 48.
        seed (int): Seed of the images and labels. Defaults to 0.

    Returns:
        dict[str, dict[str, np.ndarray]]: For each split, the labels
        written, ``(height, width)`` uint8, by file name.
    """
    counts = counts or {'train': 3, 'val': 2, 'test': 2}
    rng = np.random.default_rng(seed)
    written = {}
    frame = 0
    for split, num in counts.items():
        written[split] = {}
        for _ in range(num):
            name = CAMVID_NAME_FORMATS[frame % len(CAMVID_NAME_FORMATS)] \
                .format(30 * frame) + '.png'
            frame += 1
            _write_image(os.path.join(root, split, name), rng, height, width)
            labels = _random_labels(rng, height, width, 12, void=11)
            _write_label(os.path.join(root, f'{split}annot', name), labels)
            written[split][name] = labels
    return written


def write_cityscapes_val(root: str, height: int = 32, width: int = 64,
                         seed: int = 0) -> None:
    """Write two val frames of Cityscapes in mmseg's layout at ``root``.

    ``leftImg8bit/val/<city>/<frame>_leftImg8bit.png`` and
    ``gtFine/val/<city>/<frame>_gtFine_labelTrainIds.png`` (train ids 0-18,
    255 ignored), as written by mmseg's cityscapes converter.

    Args:
        root (str): The ``data_root`` of ``CityscapesDataset``.
        height (int): Frame height. Defaults to 32.
        width (int): Frame width. Defaults to 64.
        seed (int): Seed of the frames and labels. Defaults to 0.
    """
    rng = np.random.default_rng(seed)
    for frame in ('frankfurt_000000_000294', 'frankfurt_000000_000576'):
        city = frame.split('_')[0]
        _write_image(
            os.path.join(root, 'leftImg8bit/val', city,
                         f'{frame}_leftImg8bit.png'), rng, height, width)
        _write_label(
            os.path.join(root, 'gtFine/val', city,
                         f'{frame}_gtFine_labelTrainIds.png'),
            _random_labels(rng, height, width, 19, void=255))


def write_nyuv2(root: str,
                indices: Optional[Dict[str, Sequence[int]]] = None,
                height: int = 48,
                width: int = 64,
                seed: int = 0) -> Dict[str, LabelMaps]:
    """Write a tiny NYUv2 in the layout of ``mmdfkd.NYUv2Dataset``.

    ``image/<split>/<index>.png`` RGB images and
    ``seg13/<split>/<index>.png`` single-channel labels, 0 for unknown and
    1-13 for the classes, ``<index>`` being the 1-based frame index on five
    digits. Every label map has unknown pixels (its first row). The
    default size is a tenth of the real 480x640.

    Args:
        root (str): The ``data_root`` to give to ``mmdfkd.NYUv2Dataset``.
        indices (dict[str, Sequence[int]], optional): Frame indices per
            split. Defaults to 3, 4 and 5 for train and 1 and 2 for test,
            as the first ones of the official split.
        height (int): Image height. Defaults to 48.
        width (int): Image width. Defaults to 64.
        seed (int): Seed of the images and labels. Defaults to 0.

    Returns:
        dict[str, dict[str, np.ndarray]]: For each split, the labels
        written, ``(height, width)`` uint8, by file name.
    """
    indices = indices or {'train': (3, 4, 5), 'test': (1, 2)}
    rng = np.random.default_rng(seed)
    written = {}
    for split, split_indices in indices.items():
        written[split] = {}
        for index in split_indices:
            name = f'{index:05d}.png'
            _write_image(os.path.join(root, 'image', split, name), rng,
                         height, width)
            labels = _random_labels(rng, height, width, 14, void=0)
            _write_label(os.path.join(root, 'seg13', split, name), labels)
            written[split][name] = labels
    return written


def write_nyuv2_release(
        root: str,
        train: Sequence[int] = (1, 3, 4),
        test: Sequence[int] = (2, 5),
        height: int = 6,
        width: int = 8,
        seed: int = 0) -> Tuple[np.ndarray, Dict[int, np.ndarray]]:
    """Write the NYUv2 files the 13-class converter reads, at ``root``.

    * ``nyu_depth_v2_labeled.mat``: an HDF5 file with the 512-byte user
      block of MATLAB v7.3, whose ``images`` dataset is the HDF5 view of
      MATLAB's H x W x 3 x N uint8 array, ``(N, 3, W, H)``.
    * ``splits.mat``: MATLAB v5, ``trainNdxs`` and ``testNdxs`` as
      ``(n, 1)`` double column vectors of 1-based frame indices.
    * ``nyuv2-meta-data/{train,test}_labels_13/new_nyu_class13_<4
      digits>.png``: single-channel labels, 0 unknown and 1-13 the
      classes, named by frame index.

    Args:
        root (str): Folder of the files.
        train (Sequence[int]): Training frame indices. Defaults to
            (1, 3, 4).
        test (Sequence[int]): Test frame indices. Defaults to (2, 5).
        height (int): Frame height. Defaults to 6.
        width (int): Frame width. Defaults to 8.
        seed (int): Seed of the frames and labels. Defaults to 0.

    Returns:
        tuple[np.ndarray, dict[int, np.ndarray]]: The frames ``(N, height,
        width, 3)`` in index order and the labels by frame index.
    """
    rng = np.random.default_rng(seed)
    num = max(*train, *test)
    images = rng.integers(0, 256, size=(num, height, width, 3),
                          dtype=np.uint8)
    os.makedirs(root, exist_ok=True)
    with h5py.File(os.path.join(root, 'nyu_depth_v2_labeled.mat'), 'w',
                   userblock_size=512) as f:
        f.create_dataset('images', data=images.transpose(0, 3, 2, 1))
    savemat(
        os.path.join(root, 'splits.mat'), {
            'trainNdxs': np.array(train, dtype=float).reshape(-1, 1),
            'testNdxs': np.array(test, dtype=float).reshape(-1, 1)
        })
    labels = {}
    for split, split_indices in (('train', train), ('test', test)):
        for index in split_indices:
            labels[index] = _random_labels(rng, height, width, 14, void=0)
            _write_label(
                os.path.join(root, 'nyuv2-meta-data', f'{split}_labels_13',
                             f'new_nyu_class13_{index:04d}.png'),
                labels[index])
    return images, labels
