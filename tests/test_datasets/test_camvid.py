"""CamVid in the SegNet layout, through mmseg's loading pipeline."""
import os.path as osp
import re

import numpy as np
import pytest
from fixtures import write_camvid
from mmengine.registry import DATASETS, DefaultScope
from mmseg.registry import DATASETS as MMSEG_DATASETS

from mmdfkd.datasets import CamVidDataset

COUNTS = {'train': 3, 'val': 2, 'test': 4}
PIPELINE = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]


@pytest.fixture(scope='module')
def camvid(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('camvid'))
    return root, write_camvid(root, counts=COUNTS)


def _build(root: str, **kwargs) -> CamVidDataset:
    with DefaultScope.overwrite_default_scope('mmseg'):
        return CamVidDataset(root, pipeline=PIPELINE, **kwargs)


def _gt_maps(dataset: CamVidDataset) -> dict:
    """Loaded ground truth by file name, checking each image alongside."""
    maps = {}
    for i in range(len(dataset)):
        sample = dataset[i]
        seg = sample['data_samples'].gt_sem_seg.data
        assert tuple(sample['inputs'].shape) == (3, *seg.shape[1:])
        maps[osp.basename(dataset.get_data_info(i)['img_path'])] = \
            seg[0].numpy()
    return maps


@pytest.mark.parametrize('split', ['train', 'val', 'test'])
def test_splits_load_labels_with_void_ignored(camvid, split):
    root, written = camvid
    dataset = _build(root, split=split)
    assert len(dataset) == COUNTS[split]
    info = dataset.get_data_info(0)
    assert info['seg_map_path'] == osp.join(
        root, f'{split}annot', osp.basename(info['img_path']))
    maps = _gt_maps(dataset)
    assert maps.keys() == written[split].keys()
    for name, labels in written[split].items():
        assert (labels == 11).any()
        expected = np.where(labels == 11, 255, labels)
        np.testing.assert_array_equal(maps[name], expected)


def test_metainfo():
    assert len(CamVidDataset.METAINFO['classes']) == 11
    assert CamVidDataset.METAINFO['classes'][3] == 'Road'
    assert len(CamVidDataset.METAINFO['palette']) == 11
    assert CamVidDataset.get_label_map() == {11: 255}


def test_class_subset(camvid):
    root, written = camvid
    dataset = _build(root, split='val', metainfo=dict(classes=('Car',
                                                               'Road')))
    assert dataset.metainfo['classes'] == ('Car', 'Road')
    assert dataset.metainfo['palette'] == [[64, 0, 128], [128, 64, 128]]
    for name, gt in _gt_maps(dataset).items():
        labels = written['val'][name]
        expected = np.full_like(labels, 255)
        expected[labels == 8] = 0
        expected[labels == 3] = 1
        np.testing.assert_array_equal(gt, expected)


def test_build_by_name(camvid):
    root, _ = camvid
    with DefaultScope.overwrite_default_scope('mmseg'):
        dataset = DATASETS.build(
            dict(type='CamVidDataset', data_root=root, split='test',
                 pipeline=PIPELINE))
    assert type(dataset) is CamVidDataset
    assert MMSEG_DATASETS.get('CamVidDataset') is CamVidDataset
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        dataset = DATASETS.build(
            dict(type='mmdfkd.CamVidDataset', data_root=root, split='val'))
    assert type(dataset) is CamVidDataset
    assert len(dataset) == COUNTS['val']


def test_clear_errors(tmp_path, camvid):
    root, _ = camvid
    with pytest.raises(ValueError, match=r"\('train', 'val', 'test'\)"):
        CamVidDataset(root, split='trainval')
    layout = re.escape('Expected layout: <data_root>/{train,val,test}/'
                       '<name>.png (RGB) with <data_root>/'
                       '{train,val,test}annot/<name>.png')
    with pytest.raises(FileNotFoundError,
                       match=re.escape(f'{tmp_path / "train"}. ') + layout):
        CamVidDataset(str(tmp_path))
    (tmp_path / 'train').mkdir()
    with pytest.raises(FileNotFoundError,
                       match=re.escape(f'{tmp_path / "trainannot"}. ')):
        CamVidDataset(str(tmp_path))
    (tmp_path / 'trainannot').mkdir()
    with pytest.raises(FileNotFoundError, match='No .png image'):
        CamVidDataset(str(tmp_path))
