"""Caltech101 in the official folder layout, with its seeded 80/20 split."""
import importlib.util
import os.path as osp
import sys
from collections import Counter

import pytest
from fixtures import write_caltech101
from mmengine.config import Config
from mmengine.registry import DATASETS, DefaultScope

from mmdfkd.datasets import Caltech101
from mmdfkd.datasets.caltech101 import caltech101_split

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
# Images per class that are not the default 5 of the fixture: 10 -> 8/2,
# 3 -> 2/1 (one test image: 0.6 rounds up), 5 -> 4/1.
COUNTS = {'Faces': 10, 'accordion': 3}


@pytest.fixture(scope='module')
def caltech_root(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('caltech101'))
    write_caltech101(root, counts=COUNTS)
    return root


def _items(dataset):
    return [(dataset.get_data_info(i)['img_path'],
             dataset.get_data_info(i)['gt_label'])
            for i in range(len(dataset))]


def _run_split_tool(monkeypatch, *args: str) -> None:
    path = osp.join(ROOT, 'tools', 'dataset_converters', 'caltech101_split.py')
    spec = importlib.util.spec_from_file_location('caltech101_split', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys, 'argv', ['caltech101_split.py', *args])
    module.main()


def test_classes_labels_and_80_20_split(caltech_root):
    train = Caltech101(caltech_root, split='train')
    test = Caltech101(caltech_root, split='test')
    assert len(train.CLASSES) == 101
    assert 'BACKGROUND_Google' not in train.CLASSES
    assert train.CLASSES[:2] == ('Faces', 'Faces_easy')
    assert train.CLASSES[-1] == 'yin_yang'
    # 101 classes of 5 images, except Faces (10) and accordion (3).
    assert len(train) + len(test) == 99 * 5 + 10 + 3
    train_count = Counter(train.get_gt_labels().tolist())
    test_count = Counter(test.get_gt_labels().tolist())
    faces, accordion = 0, train.CLASSES.index('accordion')
    assert (train_count[faces], test_count[faces]) == (8, 2)
    assert (train_count[accordion], test_count[accordion]) == (2, 1)
    assert all(train_count[c] == 4 and test_count[c] == 1
               for c in range(101) if c not in (faces, accordion))
    # Labels follow the class folder; the splits are disjoint.
    for path, label in _items(train) + _items(test):
        assert osp.basename(osp.dirname(path)) == train.CLASSES[label]
    assert not {p for p, _ in _items(train)} & {p for p, _ in _items(test)}


def test_split_deterministic_and_seeded(caltech_root):
    first = _items(Caltech101(caltech_root, split='test'))
    assert first == _items(Caltech101(caltech_root, split='test'))
    assert first != _items(
        Caltech101(caltech_root, split='test', split_seed=1))
    half = Caltech101(caltech_root, split='test', test_ratio=0.5)
    # Faces 10 -> 5, accordion 3 -> 2 and 5 -> 3: halves round up.
    assert len(half) == 5 + 2 + 99 * 3


def test_background_class(caltech_root):
    default = caltech101_split(caltech_root)
    with_bg = Caltech101(caltech_root, split='train', include_background=True)
    assert len(with_bg.CLASSES) == 102
    assert with_bg.CLASSES[0] == 'BACKGROUND_Google'
    # The object classes keep their images, one label further.
    shifted = [(p, label + 1) for p, label in default['train']]
    loaded = caltech101_split(caltech_root, include_background=True)
    assert [s for s in loaded['train'] if s[1] > 0] == shifted
    assert Counter(with_bg.get_gt_labels().tolist())[0] == 4


def test_tool_writes_the_split_the_dataset_reads(tmp_path, monkeypatch):
    root = str(tmp_path)
    write_caltech101(root, counts=COUNTS)
    derived = {s: _items(Caltech101(root, split=s)) for s in ('train', 'test')}
    _run_split_tool(monkeypatch, root)
    for split in ('train', 'test'):
        lines = (tmp_path / 'splits' / f'{split}.txt').read_text().split('\n')
        assert lines[-1] == ''
        assert lines[0].split(' ')[0].startswith('Faces/image_')
        dataset = Caltech101(root, split=split)
        assert dataset.ann_file == osp.join(root, 'splits', f'{split}.txt')
        assert _items(dataset) == derived[split]
    # The files freeze the split: a seed given to the dataset is unused.
    assert _items(Caltech101(root, split='test', split_seed=3)) == \
        derived['test']

    _run_split_tool(monkeypatch, root, '--seed', '3', '--test-ratio', '0.4',
                    '--include-background')
    assert _items(Caltech101(root, split='test', include_background=True,
                             split_seed=3, test_ratio=0.4)) == [
        (osp.join(root, '101_ObjectCategories', p), label)
        for p, label in caltech101_split(root, 3, 0.4, True)['test']
    ]


@pytest.mark.parametrize('split,pipeline', [('train', 'train_pipeline'),
                                            ('test', 'test_pipeline')])
def test_config_pipelines(caltech_root, split, pipeline):
    cfg = Config.fromfile(
        osp.join(ROOT, 'configs/_base_/datasets/caltech101_128.py'))
    dataset_cfg = dict(
        type=cfg.dataset_type, data_root=caltech_root, split=split,
        pipeline=cfg[pipeline])
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        dataset = DATASETS.build(dataset_cfg)
    assert type(dataset) is Caltech101
    # Image 3 of each class is a greyscale JPEG, as some real ones are.
    grey = next(i for i in range(len(dataset)) if dataset.get_data_info(i)
                ['img_path'].endswith('image_0003.jpg'))
    for idx in (0, grey):
        sample = dataset[idx]
        assert tuple(sample['inputs'].shape) == (3, 128, 128)
        assert sample['data_samples'].gt_label.item() == \
            dataset.get_data_info(idx)['gt_label']


def test_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError,
                       match='101_ObjectCategories/<class>/image_0001.jpg'):
        Caltech101(str(tmp_path))
    (tmp_path / '101_ObjectCategories' / 'Faces').mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match='Faces_easy'):
        Caltech101(str(tmp_path))
    with pytest.raises(ValueError, match='split'):
        Caltech101(str(tmp_path), split='val')
    with pytest.raises(ValueError, match='test_ratio'):
        caltech101_split(str(tmp_path), test_ratio=1.0)
