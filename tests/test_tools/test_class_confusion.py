"""tools/analysis_tools/class_confusion.py on tiny trained digits runs."""
import importlib.util
import json
import os.path as osp
import subprocess
import sys

import pytest
import torch
from tiny_models import trained_digits_run

from mmdfkd.apis import init_distiller

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(ROOT, 'tools', 'analysis_tools', 'class_confusion.py')


@pytest.fixture(scope='module')
def class_confusion():
    """The tool as a module, for its functions."""
    spec = importlib.util.spec_from_file_location('tools_class_confusion',
                                                  TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def cgdd_run(tmp_path_factory):
    return trained_digits_run(
        tmp_path_factory.mktemp('cgdd'),
        'cgdd/cgdd_resnet34-w16_resnet18-w8_1xb64_digits.py')


def _run_tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, TOOL, *args],
                          capture_output=True, text=True, timeout=300)


def test_writes_both_modes_consistently(cgdd_run, tmp_path):
    config, checkpoint = cgdd_run
    out = str(tmp_path / 'confusion.json')
    proc = _run_tool(config, checkpoint, '--num-per-class', '3',
                     '--batch-size', '10', '--out', out)
    assert proc.returncode == 0, proc.stderr[-2000:]
    with open(out) as f:
        figures = json.load(f)
    assert set(figures) == {'eval', 'train'}
    for mode, result in figures.items():
        confusion = torch.tensor(result['confusion'])
        assert confusion.shape == (10, 10), mode
        # Every asked-for class drawn 3 times; the fidelity is the diagonal.
        assert confusion.sum(1).tolist() == [3] * 10, mode
        assert result['fidelity'] == pytest.approx(
            100 * confusion.diag().sum().item() / 30)
        assert result['per_class'] == pytest.approx(
            (100 * confusion.diag() / 3).tolist())
        assert result['p_asked_quantiles'] == sorted(
            result['p_asked_quantiles'])
        assert f'{mode} mode: class fidelity' in proc.stdout


def test_train_mode_leaves_the_running_statistics(cgdd_run,
                                                  class_confusion):
    config, checkpoint = cgdd_run
    model = init_distiller(config, checkpoint)
    before = {key: value.clone()
              for key, value in model.generator.state_dict().items()}
    first = class_confusion.agreement_by_mode(model, 2, 10, seed=0)
    assert all(torch.equal(before[key], value)
               for key, value in model.generator.state_dict().items())
    # So a second measurement repeats the first.
    assert class_confusion.agreement_by_mode(model, 2, 10, seed=0) == first


def test_refuses_an_unconditional_generator(tmp_path):
    config, checkpoint = trained_digits_run(
        tmp_path, 'ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py')
    proc = _run_tool(config, checkpoint)
    assert proc.returncode != 0
    assert 'is not conditional' in proc.stderr
    assert 'CGDD config' in proc.stderr
