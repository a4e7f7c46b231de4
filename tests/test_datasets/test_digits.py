"""The embedded digits dataset."""
import numpy as np
import pytest

from mmdfkd.datasets import DigitsDataset

NUM_DIGITS = 1797
# Scoped, as the tests run under the mmengine default scope.
PIPELINE = [dict(type='mmpretrain.PackInputs')]


def _split_ids(dataset):
    return [
        dataset.get_data_info(i)['digits_idx'] for i in range(len(dataset))
    ]


def test_split_sizes():
    train = DigitsDataset(split='train')
    test = DigitsDataset(split='test')
    assert len(train) + len(test) == NUM_DIGITS
    assert len(test) == pytest.approx(0.3 * NUM_DIGITS, abs=1)
    assert len(DigitsDataset(split='test', test_size=0.5)) == pytest.approx(
        0.5 * NUM_DIGITS, abs=1)


def test_stratified_and_disjoint():
    train = DigitsDataset(split='train')
    test = DigitsDataset(split='test')
    train_labels = train.get_gt_labels()
    test_labels = test.get_gt_labels()
    assert set(train_labels) == set(test_labels) == set(range(10))
    # Stratified: each class keeps its share of the whole set.
    train_share = np.bincount(train_labels) / len(train_labels)
    test_share = np.bincount(test_labels) / len(test_labels)
    np.testing.assert_allclose(train_share, test_share, atol=0.01)

    train_ids, test_ids = _split_ids(train), _split_ids(test)
    assert not set(train_ids) & set(test_ids)
    assert sorted(train_ids + test_ids) == list(range(NUM_DIGITS))


def test_deterministic_and_seeded():
    first = DigitsDataset(split='train')
    second = DigitsDataset(split='train')
    assert _split_ids(first) == _split_ids(second)
    np.testing.assert_array_equal(first.get_data_info(5)['img'],
                                  second.get_data_info(5)['img'])
    other = DigitsDataset(split='train', split_seed=1)
    assert _split_ids(other) != _split_ids(first)


def test_images():
    dataset = DigitsDataset(split='test', img_size=16)
    img = dataset.get_data_info(0)['img']
    assert img.shape == (16, 16, 3)
    assert img.dtype == np.uint8
    # A grey level copied to all channels, spanning the uint8 range.
    np.testing.assert_array_equal(img[..., 0], img[..., 2])
    assert img.max() > 200 and img.min() == 0


def test_pipeline_output():
    dataset = DigitsDataset(split='test', pipeline=PIPELINE)
    packed = dataset[3]
    assert packed['inputs'].shape == (3, 32, 32)
    assert packed['data_samples'].gt_label.item() == (
        dataset.get_data_info(3)['gt_label'])
    assert dataset.metainfo['classes'] == tuple('0123456789')


def test_bad_arguments():
    with pytest.raises(ValueError, match="one of .*'train'.*got 'val'"):
        DigitsDataset(split='val')
    with pytest.raises(ValueError, match='test_size'):
        DigitsDataset(test_size=1.5)
