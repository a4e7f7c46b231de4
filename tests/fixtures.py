"""Tiny CIFAR-10/100 on disk, in the layout of the official archives.

The writers produce the python-pickle version of CIFAR that
:class:`mmpretrain.datasets.CIFAR10` and ``CIFAR100`` read, with random
images and labels, so dataset configs can be exercised without a download.
"""
import os
import pickle
from typing import Dict, Sequence, Tuple

import numpy as np
import pytest
from mmpretrain.datasets import CIFAR10, CIFAR100
from mmpretrain.datasets.categories import (
    CIFAR10_CATEGORIES,
    CIFAR100_CATEGORIES,
)

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
