"""ImageNet-1k restricted to a class list, in mmpretrain's layouts."""
import os.path as osp

import pytest
from fixtures import write_imagenet
from mmengine.config import Config
from mmengine.registry import DATASETS, DefaultScope
from mmpretrain.datasets.categories import IMAGENET_CATEGORIES

from mmdfkd.datasets import ImageNetSubset
from mmdfkd.datasets.imagenet_subset import imagenet1k_wnids, read_class_list

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SUBSETS = osp.join(ROOT, 'configs/_base_/datasets/imagenet_subsets')
# Written: tench, goldfish, English springer, cassette player.
WNIDS = ['n01440764', 'n01443537', 'n02102040', 'n02979186']
# The subset, in label order: cassette player, tench.
CLASS_LIST = ['n02979186', 'n01440764']


@pytest.fixture(scope='module', params=['flat', 'folders'])
def imagenet(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f'imagenet_{request.param}')
    written = write_imagenet(str(root), WNIDS, val_layout=request.param)
    class_list = root / 'subset.txt'
    class_list.write_text('# a comment\nn02979186  # cassette player\n\n'
                          'n01440764\n')
    return str(root), str(class_list), written


@pytest.mark.parametrize('split', ['train', 'val'])
def test_subset_labels_in_class_list_order(imagenet, split):
    root, class_list, written = imagenet
    dataset = ImageNetSubset(class_list, data_root=root, split=split)
    assert dataset.wnids == CLASS_LIST
    assert dataset.CLASSES == ('cassette player', 'tench, Tinca tinca')
    items = sorted((dataset.get_data_info(i)['img_path'],
                    dataset.get_data_info(i)['gt_label'])
                   for i in range(len(dataset)))
    assert items == sorted((osp.join(root, path), CLASS_LIST.index(wnid))
                           for path, wnid in written[split]
                           if wnid in CLASS_LIST)
    assert len(dataset) == 4
    # The flat val split is read through its annotation file.
    flat = split == 'val' and osp.isfile(osp.join(root, 'meta', 'val.txt'))
    assert bool(dataset.ann_file) == flat


def test_shipped_class_lists():
    all_wnids = imagenet1k_wnids()
    assert len(all_wnids) == 1000 and all_wnids == sorted(all_wnids)
    imagenet10 = read_class_list(osp.join(SUBSETS, 'imagenet10.txt'))
    imagenet100 = read_class_list(osp.join(SUBSETS, 'imagenet100.txt'))
    for wnids, num in ((imagenet10, 10), (imagenet100, 100)):
        assert len(set(wnids)) == num and wnids == sorted(wnids)
        assert set(wnids) <= set(all_wnids)
    # Imagenette's classes.
    names = [IMAGENET_CATEGORIES[all_wnids.index(w)].split(',')[0]
             for w in imagenet10]
    assert names == [
        'tench', 'English springer', 'cassette player', 'chain saw',
        'church', 'French horn', 'garbage truck', 'gas pump', 'golf ball',
        'parachute'
    ]


@pytest.mark.parametrize('split,pipeline', [('train', 'train_pipeline'),
                                            ('val', 'test_pipeline')])
def test_config_pipelines(tmp_path, split, pipeline):
    cfg = Config.fromfile(
        osp.join(ROOT, 'configs/_base_/datasets/imagenet10_224.py'))
    imagenet10 = read_class_list(cfg.class_list)
    write_imagenet(str(tmp_path), imagenet10, num_train=1, num_val=1)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        dataset = DATASETS.build(
            dict(type=cfg.dataset_type, class_list=cfg.class_list,
                 data_root=str(tmp_path), split=split,
                 pipeline=cfg[pipeline]))
    assert len(dataset) == 10
    assert sorted(dataset.get_gt_labels().tolist()) == list(range(10))
    sample = dataset[3]
    assert tuple(sample['inputs'].shape) == (3, 224, 224)
    assert sample['data_samples'].gt_label.item() == \
        dataset.get_data_info(3)['gt_label']


def test_clear_errors(imagenet, tmp_path):
    root, class_list, _ = imagenet
    with pytest.raises(ValueError, match='n09999999'):
        ImageNetSubset(['n01440764', 'n09999999'], data_root=root)
    with pytest.raises(ValueError, match='repeats'):
        ImageNetSubset(['n01440764', 'n01440764'], data_root=root)
    with pytest.raises(ValueError, match='test split has no labels'):
        ImageNetSubset(class_list, data_root=root, split='test')
    # A listed class without its train folder (and no meta/train.txt).
    with pytest.raises(FileNotFoundError,
                       match=r'n03000684.*train/<wnid>/\*\.JPEG'):
        ImageNetSubset(['n01440764', 'n03000684'], data_root=root)
    # A flat val folder needs meta/val.txt.
    write_imagenet(str(tmp_path), ['n01440764'], val_layout='flat')
    (tmp_path / 'meta' / 'val.txt').unlink()
    with pytest.raises(FileNotFoundError, match='meta/val.txt'):
        ImageNetSubset(['n01440764'], data_root=str(tmp_path), split='val')
