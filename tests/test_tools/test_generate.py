"""tools/generate.py on tiny trained CGDD and DDAD runs of the digits."""
import json
import os
import os.path as osp
from collections import Counter

import numpy as np
import pytest
import torch
from mmpretrain.datasets import CustomDataset
from PIL import Image
from tiny_models import trained_digits_run

from mmdfkd.apis import (
    class_folders,
    init_distiller,
    select_classes,
)
from mmdfkd.models.utils import normalisation_statistics

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DIGIT_NAMES = tuple(str(i) for i in range(10))


@pytest.fixture(scope='module')
def cgdd_run(tmp_path_factory):
    return trained_digits_run(
        tmp_path_factory.mktemp('cgdd'),
        'cgdd/cgdd_resnet34-w16_resnet18-w8_1xb64_digits.py')


@pytest.fixture(scope='module')
def ddad_run(tmp_path_factory):
    return trained_digits_run(
        tmp_path_factory.mktemp('ddad'),
        'ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py')


def _annotated(out_dir: str) -> CustomDataset:
    """The written dataset through its annotation file and class list."""
    return CustomDataset(
        data_root=out_dir,
        ann_file='meta/train.txt',
        data_prefix='',
        classes=osp.join(out_dir, 'classes.txt'))


def _images(dataset: CustomDataset) -> np.ndarray:
    return np.stack([
        np.asarray(Image.open(dataset.get_data_info(i)['img_path']))
        for i in range(len(dataset))
    ])


def _files(out_dir: str) -> dict:
    """Relative path -> bytes of every file under ``out_dir``."""
    files = {}
    for root, _, names in os.walk(out_dir):
        for name in names:
            path = osp.join(root, name)
            with open(path, 'rb') as f:
                files[osp.relpath(path, out_dir)] = f.read()
    return files


def test_conditional_dataset_of_chosen_classes(cgdd_run, run_tool, tmp_path,
                                               capsys):
    config, ckpt = cgdd_run
    out = str(tmp_path / 'synthetic')
    run_tool('generate', config, ckpt, '--out-dir', out, '--num-per-class',
             '3', '--classes', '0', '3', '7', '--batch-size', '4',
             '--device', 'cpu')

    dataset = _annotated(out)
    # Named by the validation dataset's classes, labelled by the preset.
    assert dataset.metainfo['classes'] == DIGIT_NAMES
    labels = dataset.get_gt_labels().tolist()
    assert Counter(labels) == {0: 3, 3: 3, 7: 3}
    for i, label in enumerate(labels):
        path = dataset.get_data_info(i)['img_path']
        assert osp.basename(osp.dirname(path)) == str(label)
    images = _images(dataset)
    assert images.shape == (9, 32, 32, 3) and images.dtype == np.uint8
    # Folder mode finds the same images, one folder per class.
    folders = CustomDataset(data_root=out, data_prefix='train')
    assert folders.metainfo['classes'] == ('0', '3', '7')
    assert len(folders) == 9

    with open(osp.join(out, 'fidelity.json')) as f:
        fidelity = json.load(f)
    assert [c['label'] for c in fidelity['classes']] == [0, 3, 7]
    values = [c['fidelity'] for c in fidelity['classes']]
    assert all(0 <= v <= 1 for v in values)
    assert fidelity['mean'] == pytest.approx(sum(values) / 3)
    rows = capsys.readouterr().out.splitlines()
    assert rows[-6].split() == ['label', 'name', 'images', 'fidelity']
    assert rows[-2].split()[:2] == ['all', '9']


def test_generation_is_reproducible_and_stable(cgdd_run, run_tool,
                                               tmp_path):
    config, ckpt = cgdd_run
    classes_file = tmp_path / 'classes.txt'
    classes_file.write_text('0\n3\n7\n')
    runs = {
        'a': ('--classes', '0', '3', '7', '--seed', '1'),
        'b': ('--classes-file', str(classes_file), '--seed', '1'),
        'c': ('--classes', '0', '3', '7', '--seed', '2'),
        'd': ('--classes', '3', '--seed', '1', '--num-per-class', '3'),
    }
    for name, args in runs.items():
        run_tool('generate', config, ckpt, '--out-dir', str(tmp_path / name),
                 '--num-per-class', '2', '--device', 'cpu', *args)
    first, same, other, more = (_files(str(tmp_path / name))
                                for name in runs)
    assert first == same
    images = [path for path in first if path.endswith('.png')]
    assert len(images) == 6
    assert any(first[path] != other[path] for path in images)
    # Other classes and more images per class keep the images of class 3
    # (up to float rounding in batches of another size).
    class3 = sorted(
        path for path in images if osp.basename(osp.dirname(path)) == '3')
    assert len(class3) == 2 and set(class3) < set(more)
    for path in class3:
        old, new = (np.asarray(Image.open(tmp_path / name / path), np.int16)
                    for name in 'ad')
        assert np.abs(old - new).max() <= 1


def test_unconditional_dataset_labelled_by_teacher(ddad_run, run_tool,
                                                   tmp_path):
    config, ckpt = ddad_run
    out = str(tmp_path / 'synthetic')
    run_tool('generate', config, ckpt, '--out-dir', out, '--num', '10',
             '--batch-size', '10', '--device', 'cpu')

    dataset = _annotated(out)
    labels = dataset.get_gt_labels()
    assert len(labels) == 10
    assert 0 <= labels.min() and labels.max() < 10
    images = _images(dataset)
    assert images.shape == (10, 32, 32, 3)
    assert not osp.exists(osp.join(out, 'fidelity.json'))
    # The teacher labelled the images as written (quantised), so it gives
    # the same labels to the re-loaded PNGs.
    model = init_distiller(config, ckpt)
    mean, std = normalisation_statistics(model.data_preprocessor)
    pixels = torch.from_numpy(images).permute(0, 3, 1, 2).float()
    with torch.no_grad():
        logits = model.logits(model.teacher, (pixels - mean) / std)
    assert logits.argmax(1).tolist() == labels.tolist()


def test_missing_files_and_bad_arguments(cgdd_run, run_tool, tmp_path,
                                         capsys):
    config, ckpt = cgdd_run
    out = str(tmp_path / 'out')
    cases = [
        ((str(tmp_path / 'missing.py'), ckpt), 'missing.py'),
        ((config, str(tmp_path / 'missing.pth')), 'missing.pth'),
        ((config, ckpt, '--classes-file', str(tmp_path / 'missing.txt')),
         'missing.txt'),
        ((config, ckpt, '--classes', '1', '--classes-file', config),
         'not allowed'),
    ]
    for args, message in cases:
        with pytest.raises(SystemExit) as exit_info:
            run_tool('generate', *args, '--out-dir', out,
                     '--num-per-class', '1')
        assert exit_info.value.code == 2
        assert message in capsys.readouterr().err


@pytest.mark.parametrize('args,error,message', [
    (('--num-per-class', '1', '--classes', '12'), ValueError,
     'Class index 12 is out of range: the generator draws 10 classes'),
    (('--num-per-class', '1', '--classes', 'bird'), ValueError,
     "Unknown class 'bird'"),
    (('--num', '5'), ValueError, r'--num-per-class\) instead'),
    (('--num-per-class', '0'), ValueError, 'positive number'),
])
def test_request_errors_of_a_conditional_generator(cgdd_run, run_tool,
                                                   tmp_path, args, error,
                                                   message):
    config, ckpt = cgdd_run
    out = tmp_path / 'out'
    with pytest.raises(error, match=message):
        run_tool('generate', config, ckpt, '--out-dir', str(out),
                 '--device', 'cpu', *args)
    # Nothing written.
    assert not out.exists()


def test_unconditional_generator_asks_for_num(ddad_run, run_tool, tmp_path):
    config, ckpt = ddad_run
    with pytest.raises(ValueError, match=r'Give the total number of images '
                       r'\(num, --num\)'):
        run_tool('generate', config, ckpt, '--out-dir',
                 str(tmp_path / 'out'), '--num-per-class', '2')


def test_refuses_a_non_empty_out_dir(cgdd_run, run_tool, tmp_path):
    config, ckpt = cgdd_run
    (tmp_path / 'stale.png').write_bytes(b'')
    with pytest.raises(FileExistsError, match='not empty'):
        run_tool('generate', config, ckpt, '--out-dir', str(tmp_path),
                 '--num-per-class', '1')


def test_class_folders_are_portable_and_unique():
    names = ['tench, Tinca tinca', 'crane', 'a/b', 'crane', '..']
    assert class_folders(names) == [
        'tench,_Tinca_tinca', 'crane_1', 'a_b', 'crane_3', '4'
    ]


def test_select_classes_by_index_or_name():
    names = ['cat', 'dog', 'bird']
    assert select_classes(['bird', 0, '2', 'cat'], names) == [2, 0]
    with pytest.raises(ValueError, match='No class requested'):
        select_classes([], names)
