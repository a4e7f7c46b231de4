"""Tiny-ImageNet in the layout of the official tiny-imagenet-200 archive."""
import os
import os.path as osp

import pytest
from fixtures import write_tiny_imagenet
from mmengine.config import Config
from mmengine.registry import DATASETS, DefaultScope

from mmdfkd.datasets import TinyImageNet

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
# wnids.txt order; labels follow the sorted order.
WNIDS = ('n04067472', 'n01443537', 'n02123045')
SORTED = sorted(WNIDS)


@pytest.fixture(scope='module')
def tiny_root(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('tiny') / 'tiny-imagenet-200')
    written = write_tiny_imagenet(root, WNIDS, num_train=3, num_val=2)
    return root, written


def _items(dataset):
    return [(dataset.get_data_info(i)['img_path'],
             dataset.get_data_info(i)['gt_label'])
            for i in range(len(dataset))]


@pytest.mark.parametrize('split', ['train', 'val'])
def test_lengths_labels_and_classes(tiny_root, split):
    root, written = tiny_root
    dataset = TinyImageNet(root, split=split)
    assert dataset.CLASSES == ('goldfish, Carassius auratus',
                               'tabby, tabby cat', 'reel')
    assert dataset.wnids == SORTED
    expected = sorted(
        (osp.join(root, path), SORTED.index(wnid))
        for path, wnid in written[split])
    assert sorted(_items(dataset)) == expected
    assert len(dataset) == (9 if split == 'train' else 6)


@pytest.mark.parametrize('split,pipeline', [('train', 'train_pipeline'),
                                            ('val', 'test_pipeline')])
def test_config_pipelines(tiny_root, split, pipeline):
    cfg = Config.fromfile(
        osp.join(ROOT, 'configs/_base_/datasets/tiny_imagenet_64.py'))
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        dataset = DATASETS.build(
            dict(type=cfg.dataset_type, data_root=tiny_root[0], split=split,
                 pipeline=cfg[pipeline]))
    sample = dataset[len(dataset) - 1]
    assert tuple(sample['inputs'].shape) == (3, 64, 64)
    assert sample['data_samples'].gt_label.item() == \
        dataset.get_data_info(len(dataset) - 1)['gt_label']


def test_clear_errors(tmp_path, tiny_root):
    with pytest.raises(FileNotFoundError,
                       match=r'wnids.txt.*train/<wnid>/images'):
        TinyImageNet(str(tmp_path))
    with pytest.raises(ValueError, match='split'):
        TinyImageNet(tiny_root[0], split='test')

    root = str(tmp_path / 'tiny-imagenet-200')
    write_tiny_imagenet(root, WNIDS, num_train=1, num_val=1)
    with open(osp.join(root, 'val', 'val_annotations.txt'), 'a') as f:
        f.write('val_9.JPEG\tn09999999\t0\t0\t1\t1\n')
    with pytest.raises(ValueError, match='n09999999'):
        TinyImageNet(root, split='val')
    os.rename(osp.join(root, 'train', 'n01443537'),
              osp.join(root, 'train', 'moved'))
    with pytest.raises(FileNotFoundError, match='n01443537'):
        TinyImageNet(root, split='train')
    with open(osp.join(root, 'wnids.txt'), 'a') as f:
        f.write('n01440764\nn09999999\n')
    with pytest.raises(ValueError, match='n09999999'):
        TinyImageNet(root, split='train')
