"""Every checkpoint load path refuses a pickle that would run code.

Each malicious checkpoint would create a marker file when unpickled: one
through ``__reduce__`` calling ``open``, one through a chain of the
allow-listed ``getattr`` reaching a function's globals and from there
``open``. Each path must refuse both with a message naming the file, and
the marker must never appear; a genuine mmengine checkpoint still loads.
"""
import os.path as osp
import pickle

import pytest
import torch
from mmengine.config import Config
from mmengine.logging import HistoryBuffer
from mmengine.runner import save_checkpoint
from tiny_models import shrink_distillation_config, tiny_ddad

from mmdfkd.apis import build_runner
from mmdfkd.registry import MODELS
from mmdfkd.utils import UnsafeCheckpointError, safe_load

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DIGITS_DDAD = 'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py'


class _Call:
    """Pickles as ``func(*args)``: a call made when the pickle is loaded."""

    def __init__(self, func, *args):
        self.func, self.args = func, args

    def __reduce__(self):
        return self.func, self.args

    def __call__(self, *args):
        """Pickle only accepts callables as the function of a reduction."""


def _open_payload(marker: str) -> _Call:
    """``open(marker, 'w')`` as a plain reduction."""
    return _Call(open, marker, 'w')


def _globals_payload(marker: str) -> _Call:
    """``open(marker, 'w')`` reached from ``HistoryBuffer.min.__globals__``
    through ``getattr``, the one callable the allow-list holds."""
    statistic = _Call(getattr, HistoryBuffer, 'min')  # allowed
    module_globals = _Call(getattr, statistic, '__globals__')
    builtins = _Call(_Call(getattr, module_globals, 'get'), '__builtins__')
    opener = _Call(_Call(getattr, builtins, 'get'), 'open')
    return _Call(opener, marker, 'w')


PAYLOADS = {'reduce': _open_payload, 'allowed_getattr': _globals_payload}


def _malicious_checkpoint(tmp_path, kind: str, genuine: str = None) -> str:
    """A checkpoint (a copy of ``genuine``, if given) with a payload in its
    meta; returns its path. The marker is ``tmp_path / 'pwned'``."""
    checkpoint = torch.load(genuine) if genuine else {'state_dict': {}}
    checkpoint.setdefault('meta', {})['note'] = PAYLOADS[kind](
        str(tmp_path / 'pwned'))
    path = str(tmp_path / f'{kind}.pth')
    torch.save(checkpoint, path)
    return path


@pytest.mark.parametrize('kind', sorted(PAYLOADS))
def test_payloads_are_real(tmp_path, kind):
    """Loaded without the allow-list, each payload writes its marker."""
    path = _malicious_checkpoint(tmp_path, kind)
    torch.load(path, weights_only=False)
    assert (tmp_path / 'pwned').exists()


@pytest.mark.parametrize('kind', sorted(PAYLOADS))
def test_safe_load_refuses_and_names_the_file(tmp_path, kind):
    path = _malicious_checkpoint(tmp_path, kind)
    with pytest.raises(UnsafeCheckpointError, match='Refused to load') as err:
        safe_load(path)
    assert path in str(err.value)
    assert isinstance(err.value, pickle.UnpicklingError)
    assert not (tmp_path / 'pwned').exists()


@pytest.fixture(scope='module')
def trained_run(tmp_path_factory):
    """One iteration of the tiny digits DDAD: its config and checkpoint."""
    tmp_path = tmp_path_factory.mktemp('run')
    cfg = Config.fromfile(osp.join(ROOT, DIGITS_DDAD))
    shrink_distillation_config(cfg, tmp_path, max_iters=1)
    build_runner(cfg).train()
    config_path = str(tmp_path / 'run.py')
    cfg.dump(config_path)
    return config_path, osp.join(cfg.work_dir, 'iter_1.pth')


def _tool_paths(run_tool, config: str, ckpt: str, out: str):
    """Each tool's load path, as a call of ``ckpt``."""
    return {
        'train --resume CKPT': lambda: run_tool(
            'train', config, '--work-dir', out, '--resume', ckpt,
            '--cfg-options', 'train_cfg.max_iters=2'),
        'load_from': lambda: run_tool(
            'train', config, '--work-dir', out, '--cfg-options',
            f'load_from={ckpt}', 'train_cfg.max_iters=1'),
        'tools/test.py': lambda: run_tool('test', config, ckpt,
                                          '--work-dir', out),
        'tools/generate.py': lambda: run_tool(
            'generate', config, ckpt, '--out-dir', out + '_samples',
            '--num', '2'),
    }


@pytest.mark.parametrize('kind', sorted(PAYLOADS))
def test_tools_refuse_malicious_and_load_genuine(run_tool, trained_run,
                                                  tmp_path, kind):
    config, genuine = trained_run
    evil = _malicious_checkpoint(tmp_path, kind, genuine)
    for name, call in _tool_paths(run_tool, config, evil,
                                  str(tmp_path / 'evil')).items():
        with pytest.raises(UnsafeCheckpointError, match=evil):
            call()
        assert not (tmp_path / 'pwned').exists(), name
    for name, call in _tool_paths(run_tool, config, genuine,
                                  str(tmp_path / 'genuine')).items():
        call()


def test_auto_resume_refuses_a_malicious_latest(run_tool, trained_run,
                                                tmp_path):
    """An unsafe latest checkpoint is refused, not skipped as corrupt."""
    config, genuine = trained_run
    work_dir = tmp_path / 'work'
    work_dir.mkdir()
    evil = _malicious_checkpoint(work_dir, 'allowed_getattr', genuine)
    (work_dir / 'last_checkpoint').write_text(evil)
    with pytest.raises(UnsafeCheckpointError, match=evil):
        run_tool('train', config, '--work-dir', str(work_dir), '--resume',
                 '--cfg-options', 'train_cfg.max_iters=2')
    assert not (work_dir / 'pwned').exists()


@pytest.mark.parametrize('kind', sorted(PAYLOADS))
def test_teacher_checkpoint_refused(tmp_path, kind):
    teacher = MODELS.build(tiny_ddad()).teacher
    genuine = str(tmp_path / 'teacher.pth')
    save_checkpoint(teacher.state_dict(), genuine)
    MODELS.build(tiny_ddad(teacher_ckpt=genuine))  # loads
    evil = _malicious_checkpoint(tmp_path, kind, genuine)
    with pytest.raises(UnsafeCheckpointError, match=evil):
        MODELS.build(tiny_ddad(teacher_ckpt=evil))
    assert not (tmp_path / 'pwned').exists()


CONVERTERS = ('timm_to_mmpretrain', 'fastdatafree_to_mmpretrain')


@pytest.mark.parametrize('converter_name', CONVERTERS)
@pytest.mark.parametrize('kind', sorted(PAYLOADS))
def test_converters_refuse(tmp_path, monkeypatch, kind, converter_name):
    import importlib.util
    import sys
    spec = importlib.util.spec_from_file_location(
        converter_name,
        osp.join(ROOT, 'tools/model_converters', f'{converter_name}.py'))
    converter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(converter)
    evil = _malicious_checkpoint(tmp_path, kind)
    monkeypatch.setattr(sys, 'argv',
                        ['x', evil, str(tmp_path / 'out.pth')])
    with pytest.raises(UnsafeCheckpointError, match=evil):
        converter.main()
    assert not (tmp_path / 'pwned').exists()
