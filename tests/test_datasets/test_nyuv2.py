"""NYUv2 13-class segmentation, its converter and mmseg's pipeline."""
import importlib.util
import os.path as osp
import re
import sys

import numpy as np
import pytest
from fixtures import write_nyuv2, write_nyuv2_release
from mmengine.registry import DATASETS, DefaultScope
from PIL import Image

from mmdfkd.datasets import NYUv2Dataset

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
INDICES = {'train': (3, 4, 5, 7), 'test': (1, 2, 6)}
PIPELINE = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]


@pytest.fixture(scope='module')
def nyuv2(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('nyuv2'))
    return root, write_nyuv2(root, indices=INDICES)


def _build(root: str, **kwargs) -> NYUv2Dataset:
    with DefaultScope.overwrite_default_scope('mmseg'):
        return NYUv2Dataset(root, pipeline=PIPELINE, **kwargs)


def _gt_maps(dataset: NYUv2Dataset) -> dict:
    """Loaded ground truth by file name, checking each image alongside."""
    maps = {}
    for i in range(len(dataset)):
        sample = dataset[i]
        seg = sample['data_samples'].gt_sem_seg.data
        assert tuple(sample['inputs'].shape) == (3, *seg.shape[1:])
        maps[osp.basename(dataset.get_data_info(i)['img_path'])] = \
            seg[0].numpy()
    return maps


def _shifted(labels: np.ndarray) -> np.ndarray:
    """0 (unknown) -> 255, k -> k - 1."""
    return np.where(labels == 0, 255, labels.astype(int) - 1)


def _run_converter(monkeypatch, *args: str) -> None:
    path = osp.join(ROOT, 'tools', 'dataset_converters', 'nyuv2_13class.py')
    spec = importlib.util.spec_from_file_location('nyuv2_13class', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys, 'argv', ['nyuv2_13class.py', *args])
    module.main()


@pytest.mark.parametrize('split', ['train', 'test'])
def test_splits_load_shifted_labels(nyuv2, split):
    root, written = nyuv2
    dataset = _build(root, split=split)
    assert len(dataset) == len(INDICES[split])
    info = dataset.get_data_info(0)
    assert info['seg_map_path'] == osp.join(root, 'seg13', split,
                                            f'{INDICES[split][0]:05d}.png')
    maps = _gt_maps(dataset)
    assert maps.keys() == written[split].keys()
    for name, labels in written[split].items():
        assert (labels == 0).any() and (labels == 13).any()
        np.testing.assert_array_equal(maps[name], _shifted(labels))


def test_labels_already_shifted(tmp_path):
    labels = np.array([[255, 0], [12, 5]], dtype=np.uint8)
    for folder in ('image', 'seg13'):
        (tmp_path / folder / 'test').mkdir(parents=True)
    Image.fromarray(np.zeros((2, 2, 3), np.uint8)).save(
        tmp_path / 'image' / 'test' / '00001.png')
    Image.fromarray(labels).save(tmp_path / 'seg13' / 'test' / '00001.png')
    dataset = _build(str(tmp_path), split='test', reduce_zero_label=False)
    np.testing.assert_array_equal(_gt_maps(dataset)['00001.png'], labels)


def test_metainfo_and_subset(nyuv2):
    assert NYUv2Dataset.METAINFO['classes'][0] == 'bed'
    assert NYUv2Dataset.METAINFO['classes'][-1] == 'window'
    assert len(NYUv2Dataset.METAINFO['classes']) == 13
    assert len(NYUv2Dataset.METAINFO['palette']) == 13
    root, written = nyuv2
    dataset = _build(root, split='test',
                     metainfo=dict(classes=('wall', 'floor')))
    assert dataset.metainfo['palette'] == [[249, 139, 0], [222, 241, 24]]
    for name, gt in _gt_maps(dataset).items():
        labels = written['test'][name]
        # Class 12 (wall) -> 0, class 5 (floor) -> 1, the rest ignored.
        expected = np.select([labels == 12, labels == 5], [0, 1], 255)
        np.testing.assert_array_equal(gt, expected)


def test_build_by_name(nyuv2):
    root, _ = nyuv2
    with DefaultScope.overwrite_default_scope('mmseg'):
        dataset = DATASETS.build(
            dict(type='NYUv2Dataset', data_root=root, pipeline=PIPELINE))
    assert type(dataset) is NYUv2Dataset
    assert len(dataset) == len(INDICES['train'])
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        dataset = DATASETS.build(
            dict(type='mmdfkd.NYUv2Dataset', data_root=root, split='test'))
    assert type(dataset) is NYUv2Dataset
    assert len(dataset) == len(INDICES['test'])


def test_clear_errors(tmp_path):
    with pytest.raises(ValueError, match=r"\('train', 'test'\)"):
        NYUv2Dataset(str(tmp_path), split='val')
    layout = re.escape('Expected layout: <data_root>/image/{train,test}/'
                       '<name>.png (RGB) with <data_root>/seg13/')
    with pytest.raises(FileNotFoundError,
                       match=re.escape(str(tmp_path / 'image' / 'train')) +
                       r'\. ' + layout):
        NYUv2Dataset(str(tmp_path))


def test_converter(tmp_path, monkeypatch):
    release = tmp_path / 'release'
    images, labels = write_nyuv2_release(str(release))
    out = str(tmp_path / 'nyuv2')
    _run_converter(monkeypatch, str(release / 'nyu_depth_v2_labeled.mat'),
                   str(release / 'splits.mat'),
                   str(release / 'nyuv2-meta-data'), out)
    for split, indices in (('train', (1, 3, 4)), ('test', (2, 5))):
        dataset = _build(out, split=split)
        assert len(dataset) == len(indices)
        for i, index in enumerate(indices):
            sample = dataset[i]
            assert dataset.get_data_info(i)['img_path'] == osp.join(
                out, 'image', split, f'{index:05d}.png')
            # The frame comes out upright, H x W, in RGB order.
            rgb = sample['inputs'].numpy()[::-1].transpose(1, 2, 0)
            np.testing.assert_array_equal(rgb, images[index - 1])
            np.testing.assert_array_equal(
                sample['data_samples'].gt_sem_seg.data[0].numpy(),
                _shifted(labels[index]))


def test_converter_missing_label(tmp_path, monkeypatch):
    write_nyuv2_release(str(tmp_path))
    (tmp_path / 'nyuv2-meta-data' / 'test_labels_13' /
     'new_nyu_class13_0005.png').unlink()
    with pytest.raises(FileNotFoundError, match='new_nyu_class13_0005.png'):
        _run_converter(monkeypatch, str(tmp_path / 'nyu_depth_v2_labeled.mat'),
                       str(tmp_path / 'splits.mat'),
                       str(tmp_path / 'nyuv2-meta-data'),
                       str(tmp_path / 'out'))
