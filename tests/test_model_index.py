"""The model index: OpenMMLab's schema, every method config listed once,
and results that are the benchmark's own output."""
import csv
import glob
import importlib.util
import os
import os.path as osp

import pytest
import yaml
from modelindex.load_model_index import load as load_model_index

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
# Folders of configs/ that are not a method's.
NOT_METHODS = ('_base_', 'teachers')
METHODS = sorted(
    name for name in os.listdir(osp.join(ROOT, 'configs'))
    if osp.isdir(osp.join(ROOT, 'configs', name)) and name not in NOT_METHODS)


def _tool():
    spec = importlib.util.spec_from_file_location(
        'tools_update_model_index',
        osp.join(ROOT, 'tools', 'misc', 'update_model_index.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _tool()


def _load(path: str) -> dict:
    with open(osp.join(ROOT, path), encoding='utf-8') as f:
        return yaml.safe_load(f)


@pytest.fixture(scope='module')
def metafiles() -> dict:
    """Each metafile the index imports, parsed, by its path."""
    return {path: _load(path) for path in _load('model-index.yml')['Import']}


def _models(metafiles: dict) -> list:
    return [model for metafile in metafiles.values()
            for model in metafile['Models']]


def test_index_imports_one_metafile_per_method():
    index = _load('model-index.yml')
    assert list(index) == ['Import']
    assert sorted(index['Import']) == [
        f'configs/{method}/metafile.yml' for method in METHODS
    ]


def test_collections_follow_the_schema(metafiles):
    for path, metafile in metafiles.items():
        assert list(metafile) == ['Collections', 'Models'], path
        (collection, ) = metafile['Collections']
        assert set(collection) == {
            'Name', 'Metadata', 'Paper', 'README', 'Code'
        }, path
        assert {'Training Data', 'Training Techniques',
                'Architecture'} <= set(collection['Metadata']), path
        assert set(collection['Paper']) == {'Title', 'URL'}, path
        assert collection['Paper']['URL'].startswith('https://'), path
        assert collection['README'] == osp.join(
            osp.dirname(path), 'README.md')
        assert osp.isfile(osp.join(ROOT, collection['README']))
        assert set(collection['Code']) == {'URL', 'Version'}, path
        assert osp.isfile(osp.join(ROOT, collection['Code']['URL'])), path


def test_models_follow_the_schema(metafiles):
    for path, metafile in metafiles.items():
        (collection, ) = metafile['Collections']
        for model in metafile['Models']:
            # No checkpoint is released, so no model has Weights.
            assert list(model) == [
                'Name', 'In Collection', 'Metadata', 'Results', 'Config'
            ], model['Name']
            assert model['In Collection'] == collection['Name']
            config = model['Config']
            assert osp.dirname(config) == osp.dirname(path)
            assert osp.isfile(osp.join(ROOT, config)), config
            assert model['Name'] == osp.splitext(osp.basename(config))[0]
            assert model['Metadata']['Training Data'] in collection[
                'Metadata']['Training Data']
            for result in model['Results']:
                assert list(result) == ['Task', 'Dataset', 'Metrics']
                assert result['Metrics'] and all(
                    isinstance(value, float)
                    for value in result['Metrics'].values())


def test_every_method_config_is_listed_once(metafiles):
    listed = [model['Config'] for model in _models(metafiles)]
    on_disk = [
        osp.relpath(path, ROOT) for method in METHODS
        for path in glob.glob(osp.join(ROOT, 'configs', method, '*.py'))
    ]
    assert sorted(listed) == sorted(on_disk)


def test_results_are_the_benchmarks(metafiles):
    entries = TOOL.compute_results(
        TOOL.read_rows(osp.join(ROOT, TOOL.RESULTS)),
        TOOL.benchmark_configs())
    for path, metafile in metafiles.items():
        assert TOOL.update_metafile(metafile, entries) == metafile, (
            f'{path} is out of date: python tools/misc/update_model_index.py')
    # Models the benchmark does not run have no numbers.
    for model in _models(metafiles):
        if model['Config'] not in entries:
            assert model['Results'] == [], model['Name']
            assert 'Seeds' not in model['Metadata'], model['Name']
    # Every benchmark config is listed, and the files are in the tool's
    # layout.
    assert TOOL.main(['--check']) == 0


def test_mim_finds_the_index_in_the_package(metafiles):
    package = osp.dirname(importlib.util.find_spec('mmdfkd').origin)
    mim = osp.join(package, '.mim')
    with open(osp.join(mim, 'model-index.yml'), encoding='utf-8') as f:
        assert yaml.safe_load(f) == _load('model-index.yml')
    # mim and mmpretrain read it with the modelindex library.
    index = load_model_index(osp.join(mim, 'model-index.yml'))
    index.build_models_with_collections()
    assert sorted(model.name for model in index.models) == sorted(
        model['Name'] for model in _models(metafiles))
    for model in index.models:
        assert osp.isfile(osp.join(mim, model.config)), model.config
        assert model.metadata.data['Training Data']


def test_compute_results_means_over_seeds(tmp_path):
    path = str(tmp_path / 'results.csv')
    rows = [('digits', 'ddad', 0, 97.7778), ('digits', 'ddad', 1, 96.4815),
            ('mosaic', 'dfad', 0, 80.1234)]
    with open(path, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(['task', 'method', 'seed', 'student_metric'])
        writer.writerows(rows)
    configs = {
        ('digits', 'ddad'): 'configs/ddad/a.py',
        ('digits', 'dfad'): 'configs/dfad/b.py',
        ('mosaic', 'dfad'): 'configs/dfad/c.py',
    }
    entries = TOOL.compute_results(TOOL.read_rows(path), configs)
    assert entries == {
        'configs/ddad/a.py': ([{
            'Task': 'Image Classification',
            'Dataset': 'Digits',
            'Metrics': {'Top 1 Accuracy': 97.13}
        }], 2),
        'configs/dfad/b.py': ([], 0),
        'configs/dfad/c.py': ([{
            'Task': 'Semantic Segmentation',
            'Dataset': 'Digit Mosaic',
            'Metrics': {'mIoU': 80.12}
        }], 1),
    }
    with pytest.raises(ValueError, match='twice'):
        TOOL.compute_results(TOOL.read_rows(path) * 2, configs)
    with pytest.raises(ValueError, match='No benchmark config'):
        TOOL.compute_results(TOOL.read_rows(path), {})

    metafile = {'Models': [
        {'Name': 'b', 'Metadata': {'Seeds': 3}, 'Results': [{}],
         'Config': 'configs/dfad/b.py'},
        {'Name': 'd', 'Metadata': {}, 'Results': [], 'Config': 'x/d.py'},
    ]}
    updated = TOOL.update_metafile(metafile, entries)
    assert updated['Models'] == [
        {'Name': 'b', 'Metadata': {}, 'Results': [],
         'Config': 'configs/dfad/b.py'},
        metafile['Models'][1],
    ]
    assert metafile['Models'][0]['Metadata'] == {'Seeds': 3}
