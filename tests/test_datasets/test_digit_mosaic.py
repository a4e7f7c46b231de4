"""The embedded digit-mosaic segmentation benchmark."""
import numpy as np
import pytest
from mmengine.registry import DefaultScope
from sklearn.datasets import load_digits

from mmdfkd.datasets import DigitMosaicDataset
from mmdfkd.datasets.digit_mosaic import OPACITY_THRESHOLD, digit_opacity
from mmdfkd.datasets.digits import digits_split
from mmdfkd.registry import DATASETS


def _canvases(split='train', **kwargs):
    dataset = DigitMosaicDataset(split=split, num_canvases=40, **kwargs)
    return [dataset.get_data_info(i) for i in range(len(dataset))]


def test_canvases_are_a_function_of_seed_and_index():
    first, again = _canvases(), _canvases()
    for a, b in zip(first, again):
        assert np.array_equal(a['img'], b['img'])
        assert np.array_equal(a['gt_seg_map'], b['gt_seg_map'])
    other = _canvases(seed=1)
    assert not all(np.array_equal(a['img'], b['img'])
                   for a, b in zip(first, other))
    # A longer split starts with the same canvases.
    longer = DigitMosaicDataset(num_canvases=41).get_data_info(39)
    assert np.array_equal(longer['img'], first[39]['img'])


def test_labels_are_the_opaque_pixels_of_the_digits_placed():
    raw = load_digits().images
    for canvas in _canvases():
        seg = canvas['gt_seg_map']
        assert canvas['img'].shape == (64, 64, 3)
        assert canvas['img'].dtype == seg.dtype == np.uint8
        assert 1 <= len(canvas['digits']) <= 4
        covered = np.zeros_like(seg, dtype=bool)
        for digit in canvas['digits']:
            top, left, size = digit['box']
            window = (slice(top, top + size), slice(left, left + size))
            assert not covered[window].any()  # digits never overlap
            covered[window] = True
            alpha = digit_opacity(raw[digit['digits_idx']], size)
            expected = np.where(alpha >= OPACITY_THRESHOLD,
                                digit['label'] + 1, 0)
            assert np.array_equal(seg[window], expected)
            assert (seg[window] == digit['label'] + 1).sum() > 20
        assert not seg[~covered].any()


def test_digit_classes_agree_with_load_digits():
    target = load_digits().target
    for canvas in _canvases():
        for digit in canvas['digits']:
            assert digit['label'] == target[digit['digits_idx']]


def test_test_canvases_use_only_held_out_digits():
    held_out = set(digits_split('test').tolist())
    train = set(digits_split('train').tolist())
    test_used = {d['digits_idx'] for c in _canvases('test')
                 for d in c['digits']}
    train_used = {d['digits_idx'] for c in _canvases('train')
                  for d in c['digits']}
    assert test_used and test_used <= held_out
    assert train_used and train_used <= train
    assert not held_out & train


def test_packed_through_mmseg_pipeline():
    with DefaultScope.overwrite_default_scope('mmseg'):
        dataset = DATASETS.build(
            dict(type='mmdfkd.DigitMosaicDataset', split='test',
                 num_canvases=3, pipeline=[dict(type='PackSegInputs')]))
    sample = dataset[0]
    assert sample['inputs'].shape == (3, 64, 64)
    gt = sample['data_samples'].gt_sem_seg.data
    assert gt.shape == (1, 64, 64)
    assert np.array_equal(gt[0].numpy(),
                          dataset.get_data_info(0)['gt_seg_map'])
    assert len(dataset.metainfo['classes']) == 11
    assert len(dataset.metainfo['palette']) == 11


def test_default_sizes_and_bad_arguments():
    assert len(DigitMosaicDataset('test', lazy_init=True).data_list) == 0
    assert DigitMosaicDataset('test', lazy_init=True).num_canvases == 500
    with pytest.raises(ValueError, match="one of .*'train'.*got 'val'"):
        DigitMosaicDataset('val')
    with pytest.raises(ValueError, match='digit_sizes'):
        DigitMosaicDataset(digit_sizes=(16, 80))
