"""Digit mosaics: an embedded semantic-segmentation benchmark.

Each canvas is a textured background with a few handwritten digits of
scikit-learn's ``load_digits`` pasted at random places and scales; every
pixel is labelled background or the class of the digit covering it. Like
the digits themselves it needs no download, so segmentation teachers can
be trained and data-free students evaluated offline. Canvases of the test
split are built only from the held-out digits of :func:`digits_split`.
"""
import zlib
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch
import torch.nn.functional as F
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS as MMSEG_DATASETS
from sklearn.datasets import load_digits

from mmdfkd.registry import DATASETS

from .digits import check_digits_split, digits_split

# Ink of ``load_digits`` is an integer count in [0, 16].
_INK_MAX = 16.0
# Opacity is twice the ink fraction: stroke cores are opaque and strokes
# stay a few pixels wide after upsampling.
_OPACITY_GAIN = 2.0
# A pixel belongs to a digit where the digit is at least half opaque, so
# every labelled pixel visibly differs from the background.
OPACITY_THRESHOLD = 0.5
# Background colours stay below, digit colours above: the digits are
# always visible, whatever the texture.
_BACKGROUND_MAX = 150
_DIGIT_MIN = 170
# Placement attempts per digit before a crowded canvas gets fewer digits.
_PLACEMENT_TRIES = 50


def digit_opacity(digit: np.ndarray, size: int) -> np.ndarray:
    """The opacity in ``[0, 1]`` of a digit pasted at side ``size``.

    Args:
        digit (np.ndarray): An 8x8 ink map of ``load_digits``.
        size (int): Side of the pasted digit.
    """
    ink = torch.from_numpy(digit.astype(np.float32))[None, None]
    ink = F.interpolate(
        ink, size=(size, size), mode='bilinear', align_corners=False)
    return (ink[0, 0].numpy() * (_OPACITY_GAIN / _INK_MAX)).clip(0.0, 1.0)


def _background(rng: np.random.Generator, size: int) -> np.ndarray:
    """A smooth random colour field with fine grain, float ``(S, S, 3)``."""
    coarse = rng.uniform(0, _BACKGROUND_MAX, size=(1, 3, 4, 4))
    field = F.interpolate(
        torch.from_numpy(coarse.astype(np.float32)),
        size=(size, size),
        mode='bicubic',
        align_corners=False)[0].permute(1, 2, 0).numpy()
    grain = rng.normal(0.0, 12.0, size=(size, size, 1))
    return (field + grain).clip(0, _BACKGROUND_MAX)


def _free_spot(rng: np.random.Generator, canvas_size: int, size: int,
               boxes: List[Tuple[int, int, int]]) -> Optional[Tuple[int,
                                                                    int]]:
    """A top-left corner where a ``size`` square overlaps none of
    ``boxes`` (each ``(top, left, size)``), or None when none was found."""
    for _ in range(_PLACEMENT_TRIES):
        top, left = rng.integers(0, canvas_size - size + 1, size=2)
        if all(top + size <= t or t + s <= top or left + size <= lf
               or lf + s <= left for t, lf, s in boxes):
            return int(top), int(left)
    return None


def render_mosaic(rng: np.random.Generator, digits: np.ndarray,
                  labels: np.ndarray, pool: np.ndarray, canvas_size: int,
                  max_digits: int,
                  digit_sizes: Tuple[int, int]) -> Dict[str, object]:
    """Draw one canvas and its label map.

    Args:
        rng (np.random.Generator): The canvas's own random generator.
        digits (np.ndarray): All raw digits ``(N, 8, 8)``, ink in [0, 16].
        labels (np.ndarray): Their classes ``(N, )``.
        pool (np.ndarray): Indices of the digits this canvas may use.
        canvas_size (int): Side of the square canvas.
        max_digits (int): At most this many digits, at least one.
        digit_sizes (tuple[int, int]): Smallest and largest side of a
            pasted digit.

    Returns:
        dict: ``img`` uint8 ``(S, S, 3)``; ``gt_seg_map`` uint8 ``(S, S)``
        with 0 for background and ``digit + 1`` where a digit is at least
        half opaque; and
        ``digits``, one ``dict(digits_idx, label, box=(top, left, size))``
        per pasted digit. Digits never overlap.
    """
    img = _background(rng, canvas_size)
    seg = np.zeros((canvas_size, canvas_size), dtype=np.uint8)
    placed = []
    for _ in range(int(rng.integers(1, max_digits + 1))):
        size = int(rng.integers(digit_sizes[0], digit_sizes[1] + 1))
        spot = _free_spot(rng, canvas_size, size,
                          [d['box'] for d in placed])
        if spot is None:
            continue
        top, left = spot
        idx = int(rng.choice(pool))
        alpha = digit_opacity(digits[idx], size)
        colour = rng.uniform(_DIGIT_MIN, 255, size=3)
        window = (slice(top, top + size), slice(left, left + size))
        img[window] = (img[window] * (1.0 - alpha[..., None]) +
                       colour * alpha[..., None])
        seg[window][alpha >= OPACITY_THRESHOLD] = labels[idx] + 1
        placed.append(
            dict(digits_idx=idx, label=int(labels[idx]),
                 box=(top, left, size)))
    return dict(
        img=img.round().astype(np.uint8), gt_seg_map=seg, digits=placed)


@DATASETS.register_module()
@MMSEG_DATASETS.register_module()
class DigitMosaicDataset(BaseSegDataset):
    """Canvases of handwritten digits with per-pixel labels.

    Canvas ``i`` of a split is a pure function of ``(seed, split, i)``: the
    same on every machine, process and run. The canvases live in memory;
    every data info holds what mmseg's loading transforms would produce

    - ``img`` (np.ndarray): uint8 ``(H, W, 3)``;
    - ``gt_seg_map`` (np.ndarray): uint8 ``(H, W)``, 0 background and
      ``d + 1`` for digit ``d`` (11 classes, no ignored pixel);
    - ``seg_fields``, ``img_shape``, ``ori_shape``, ``reduce_zero_label``;
    - ``digits``: the pasted digits, ``dict(digits_idx, label, box)``,

    so pipelines start after loading, e.g. ``[dict(type='PackSegInputs')]``.

    Args:
        split (str): ``'train'`` draws digits from the digits train split,
            ``'test'`` only from the held-out ones. Defaults to ``'train'``.
        num_canvases (int, optional): Canvases in the split. Defaults to
            2000 for train and 500 for test.
        canvas_size (int): Side of the square canvases. Defaults to 64.
        max_digits (int): Digits per canvas are 1 to ``max_digits``.
            Defaults to 4.
        digit_sizes (tuple[int, int]): Range of the side of a pasted digit.
            Defaults to ``(16, 28)``.
        seed (int): Seed of the canvases. Defaults to 0.
        test_size (float): Held-out fraction of the digits, as in
            :class:`DigitsDataset`. Defaults to 0.3.
        split_seed (int): Seed of the digits split. Defaults to 0.
        pipeline (Sequence[dict | Callable]): Transforms after loading.
        **kwargs: Other arguments of ``mmseg.datasets.BaseSegDataset``
            such as ``metainfo``, ``indices`` or ``lazy_init``.
    """

    METAINFO = dict(
        classes=('background', ) + tuple(f'digit {d}' for d in range(10)),
        palette=[[0, 0, 0], [230, 25, 75], [60, 180, 75], [255, 225, 25],
                 [0, 130, 200], [245, 130, 48], [145, 30, 180],
                 [70, 240, 240], [240, 50, 230], [210, 245, 60],
                 [250, 190, 212]])
    DEFAULT_NUM_CANVASES = dict(train=2000, test=500)

    def __init__(self,
                 split: str = 'train',
                 num_canvases: Optional[int] = None,
                 canvas_size: int = 64,
                 max_digits: int = 4,
                 digit_sizes: Tuple[int, int] = (16, 28),
                 seed: int = 0,
                 test_size: float = 0.3,
                 split_seed: int = 0,
                 pipeline: Sequence[Union[dict, Callable]] = (),
                 **kwargs) -> None:
        check_digits_split(split, test_size)
        low, high = digit_sizes
        if not 8 <= low <= high <= canvas_size:
            raise ValueError(
                f'digit_sizes must satisfy 8 <= min <= max <= canvas_size '
                f'({canvas_size}), got {tuple(digit_sizes)}.')
        if max_digits < 1:
            raise ValueError(f'max_digits must be >= 1, got {max_digits}.')
        self.split = split
        self.num_canvases = (num_canvases if num_canvases is not None else
                             self.DEFAULT_NUM_CANVASES[split])
        self.canvas_size = canvas_size
        self.max_digits = max_digits
        self.digit_sizes = (low, high)
        self.seed = seed
        self.test_size = test_size
        self.split_seed = split_seed
        super().__init__(pipeline=list(pipeline), **kwargs)

    def load_data_list(self) -> List[dict]:
        """Draw the canvases of the split.

        Returns:
            list[dict]: One data info per canvas.
        """
        digits = load_digits()
        pool = digits_split(self.split, self.test_size, self.split_seed)
        # A stable split code: train and test canvases never share a seed.
        split_code = zlib.crc32(self.split.encode())
        shape = (self.canvas_size, self.canvas_size)
        data_list = []
        for index in range(self.num_canvases):
            rng = np.random.default_rng([self.seed, split_code, index])
            canvas = render_mosaic(rng, digits.images, digits.target, pool,
                                   self.canvas_size, self.max_digits,
                                   self.digit_sizes)
            canvas.update(
                seg_fields=['gt_seg_map'],
                img_shape=shape,
                ori_shape=shape,
                reduce_zero_label=False)
            data_list.append(canvas)
        return data_list

    def extra_repr(self) -> List[str]:
        """The extra repr information of the dataset."""
        return [
            f'Split: \t{self.split}',
            f'Canvases: \t{self.num_canvases} of {self.canvas_size}px',
            f'Digits per canvas: \t1-{self.max_digits}, sides '
            f'{self.digit_sizes[0]}-{self.digit_sizes[1]}px',
        ]
