"""The handwritten digits shipped with scikit-learn, as an image dataset.

It needs no download, which makes it the default real dataset for training
a teacher and for evaluating a distilled student offline.
"""
from typing import Callable, List, Optional, Sequence, Union

import numpy as np
import torch
import torch.nn.functional as F
from mmpretrain.datasets import BaseDataset
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from mmdfkd.registry import DATASETS

# Pixel values of ``load_digits`` are integer ink counts in [0, 16].
_DIGITS_MAX = 16.0
DIGITS_SPLITS = ('train', 'test')


def digits_to_images(images: np.ndarray, img_size: int) -> np.ndarray:
    """Turn raw digits into RGB-like uint8 images.

    Args:
        images (np.ndarray): Raw digits of shape ``(N, 8, 8)``, values in
            ``[0, 16]``.
        img_size (int): Side of the output images.

    Returns:
        np.ndarray: uint8 images of shape ``(N, img_size, img_size, 3)``
        with values in ``[0, 255]``, the grey level copied to every channel.
    """
    x = torch.from_numpy(images.astype(np.float32))[:, None]
    x = F.interpolate(
        x, size=(img_size, img_size), mode='bilinear', align_corners=False)
    x = (x * (255.0 / _DIGITS_MAX)).round().clamp(0, 255).to(torch.uint8)
    # Three channels so that models and pipelines built for RGB apply.
    return np.ascontiguousarray(
        x.expand(-1, 3, -1, -1).permute(0, 2, 3, 1).numpy())


def check_digits_split(split: str, test_size: float) -> None:
    """Fail early, without loading the digits, on a bad split request.

    Args:
        split (str): Must be ``'train'`` or ``'test'``.
        test_size (float): Must be a fraction in ``(0, 1)``.
    """
    if split not in DIGITS_SPLITS:
        raise ValueError(
            f'The digits split must be one of {DIGITS_SPLITS}, got '
            f'{split!r}.')
    if not 0.0 < test_size < 1.0:
        raise ValueError(
            f'test_size must be a fraction in (0, 1), got {test_size}.')


def digits_split(split: str, test_size: float = 0.3,
                 split_seed: int = 0) -> np.ndarray:
    """Indices into ``load_digits()`` of the train or held-out test split.

    The split is stratified by class with a fixed seed, so it is the same
    on every machine, and every dataset built from the digits (the digits
    themselves, the digit mosaics) holds out the same images.

    Args:
        split (str): ``'train'`` or ``'test'``.
        test_size (float): Fraction of the samples held out for testing.
            Defaults to 0.3.
        split_seed (int): Seed of the split. Defaults to 0.

    Returns:
        np.ndarray: The sorted sample indices of the split.
    """
    check_digits_split(split, test_size)
    labels = load_digits().target
    train_idx, test_idx = train_test_split(
        np.arange(len(labels)),
        test_size=test_size,
        random_state=split_seed,
        stratify=labels)
    return np.sort(train_idx if split == 'train' else test_idx)


@DATASETS.register_module()
class DigitsDataset(BaseDataset):
    """The 8x8 handwritten digits of ``sklearn.datasets.load_digits``.

    The 1797 images are split once into a train and a held-out test part,
    stratified by class with a fixed seed, so both parts are the same on
    every machine. Each image is upsampled bilinearly to
    ``img_size x img_size``, scaled to ``[0, 255]`` and replicated to three
    channels. The images are kept in memory: every data info holds

    - ``img`` (np.ndarray): uint8 array of shape ``(H, W, 3)``;
    - ``gt_label`` (int): the digit;
    - ``digits_idx`` (int): the index of the sample in ``load_digits``,

    so the pipeline needs no loading step, e.g.
    ``[dict(type='PackInputs')]``.

    Args:
        split (str): ``'train'`` or ``'test'``. Defaults to ``'train'``.
        img_size (int): Side of the output images. Defaults to 32.
        test_size (float): Fraction of the samples held out in the test
            split. Defaults to 0.3.
        split_seed (int): Seed of the train/test split. Change it only to
            study the split; the default keeps results comparable.
            Defaults to 0.
        pipeline (Sequence[dict | Callable]): Transforms applied to each
            data info. Defaults to an empty tuple.
        metainfo (dict, optional): Overrides of :attr:`METAINFO`.
            Defaults to None.
        **kwargs: Other arguments of
            :class:`mmpretrain.datasets.BaseDataset`, such as ``indices``,
            ``test_mode`` or ``lazy_init``.
    """

    METAINFO = {'classes': tuple(str(i) for i in range(10))}

    def __init__(self,
                 split: str = 'train',
                 img_size: int = 32,
                 test_size: float = 0.3,
                 split_seed: int = 0,
                 pipeline: Sequence[Union[dict, Callable]] = (),
                 metainfo: Optional[dict] = None,
                 **kwargs) -> None:
        # Fail at construction, not at the lazy loading of the data.
        check_digits_split(split, test_size)
        if img_size < 1:
            raise ValueError(f'img_size must be positive, got {img_size}.')
        self.split = split
        self.img_size = img_size
        self.test_size = test_size
        self.split_seed = split_seed
        # The data live in memory, so there is no annotation file.
        super().__init__(
            ann_file='', metainfo=metainfo, pipeline=pipeline, **kwargs)

    def load_data_list(self) -> List[dict]:
        """Load, split and convert the digits.

        Returns:
            list[dict]: One data info per sample of the split.
        """
        digits = load_digits()
        labels = digits.target
        indices = digits_split(self.split, self.test_size, self.split_seed)
        imgs = digits_to_images(digits.images[indices], self.img_size)
        return [
            dict(img=img, gt_label=int(labels[i]), digits_idx=int(i))
            for img, i in zip(imgs, indices)
        ]

    def extra_repr(self) -> List[str]:
        """The extra repr information of the dataset."""
        return [
            f'Split: \t{self.split}',
            f'Image size: \t{self.img_size}',
            f'Test fraction: \t{self.test_size}',
            f'Split seed: \t{self.split_seed}',
        ]
