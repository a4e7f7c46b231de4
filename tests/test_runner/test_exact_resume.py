"""A run killed with SIGKILL and resumed continues exactly as if uninterrupted.

Each case trains a shipped config, shrunk to tiny networks, three times in
fresh processes: once straight through; once killed by SIGKILL between two
checkpoints and then restarted with ``--resume``. The resumed run must log
the same losses at every iteration after the checkpoint and end with the
same student, generator, optimizers, schedulers, sample memory and, where
the config averages the student (``StudentEMAHook``), the same average.
"""
import copy
import json
import os
import os.path as osp
import signal
import socket
import subprocess
import sys
from typing import Dict, List

import pytest
import torch
from mmengine.config import Config
from tiny_models import (
    shrink_distillation_config,
    shrink_seg_distillation_config,
)

HERE = osp.dirname(osp.dirname(osp.abspath(__file__)))
ROOT = osp.dirname(HERE)
MAX_ITERS = 8
CKPT_INTERVAL = 3
KILL_AT = 5  # between the checkpoints of iterations 3 and 6
AVERAGE_HOOK = 'mmdfkd.StudentEMAHook'

CONFIGS = {
    'ddad': 'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py',
    # A sample bank and per-round pixel initialisation to restore.
    'deepinversion': 'configs/deepinversion/'
    'deepinversion_resnet34-w16_resnet18-w8_1xb64_digits.py',
    'cgdd': 'configs/cgdd/cgdd_resnet34-w16_resnet18-w8_1xb64_digits.py',
    # A meta generator, a sample bank and an EMA of the model.
    'fast-1': 'configs/fast/fast-1_resnet34-w16_resnet18-w8_1xb64_digits.py',
    'mosaic_ddad': 'configs/ddad/'
    'ddad_deeplabv3-r18-w16_deeplabv3-r18-w8_1xb32_digit-mosaic.py',
}


def _config(tmp_path, name: str) -> Config:
    """The shipped config of ``name``, tiny, checkpointing every 3 iters."""
    cfg = Config.fromfile(osp.join(ROOT, CONFIGS[name]))
    if name.startswith('mosaic'):
        shrink_seg_distillation_config(cfg, tmp_path, MAX_ITERS,
                                       num_classes=11)
        cfg.merge_from_dict({'val_dataloader.dataset.num_canvases': 4})
    else:
        shrink_distillation_config(cfg, tmp_path, MAX_ITERS)
    if name == 'cgdd':
        # The replay memory, with its preset labels, wrapping around
        # before the checkpoint.
        cfg.merge_from_dict({'model.schedule.memory_size': 12,
                             'model.schedule.replay_ratio': 0.5})
    cfg.merge_from_dict({
        'default_hooks.checkpoint.interval': CKPT_INTERVAL,
        'default_hooks.checkpoint.max_keep_ckpts': -1,
        'train_cfg.val_interval': MAX_ITERS,
        # The hooks that hold training state stay.
        'custom_hooks': [hook for hook in cfg.get('custom_hooks', [])
                         if hook['type'] == AVERAGE_HOOK],
    })
    return cfg


def _train(cfg: Config, path: str, *args: str, launcher: int = 0,
           expect_kill: bool = False) -> None:
    """Run ``tools/train.py`` (or ``dist_train.sh`` on ``launcher``
    processes) on ``cfg`` in fresh processes."""
    cfg.dump(path)
    env = dict(
        os.environ,
        PYTHONPATH=HERE + os.pathsep + os.environ.get('PYTHONPATH', ''),
        PATH=osp.dirname(sys.executable) + os.pathsep + os.environ['PATH'])
    if launcher:
        with socket.socket() as sock:
            sock.bind(('127.0.0.1', 0))
            env['PORT'] = str(sock.getsockname()[1])
        command = ['bash', osp.join(ROOT, 'tools', 'dist_train.sh'), path,
                   str(launcher), *args]
    else:
        command = [sys.executable, osp.join(ROOT, 'tools', 'train.py'), path,
                   *args]
    proc = subprocess.run(command, env=env, capture_output=True, text=True,
                          timeout=600)
    output = (proc.stdout + proc.stderr)[-4000:]
    if expect_kill:
        # One process: killed by the signal; torchrun reports its child's.
        assert proc.returncode in (-signal.SIGKILL, 1), output
        assert proc.returncode == -signal.SIGKILL or 'SIGKILL' in output, (
            output)
    else:
        assert proc.returncode == 0, output


def _losses(work_dir: str) -> Dict[int, Dict[str, float]]:
    """The logged losses of each training iteration, over all the runs of
    a work dir (the resumed run's values replace the killed run's)."""
    losses: Dict[int, Dict[str, float]] = {}
    for log in sorted(_scalar_logs(work_dir)):
        with open(log) as f:
            for line in f:
                record = json.loads(line)
                if 'iter' in record and 'loss_student' in record:
                    losses[record['iter']] = {
                        key: value for key, value in record.items()
                        if key.startswith('loss')
                    }
    return losses


def _scalar_logs(work_dir: str) -> List[str]:
    """The ``scalars.json`` of every run of a work dir, oldest first."""
    return [
        osp.join(work_dir, run, 'vis_data', 'scalars.json')
        for run in sorted(os.listdir(work_dir))
        if osp.isfile(osp.join(work_dir, run, 'vis_data', 'scalars.json'))
    ]


def _assert_same_state(expected, actual, where: str = '') -> None:
    """Tensors equal exactly; containers recursively; other leaves equal."""
    if isinstance(expected, torch.Tensor):
        assert torch.equal(expected, actual), where
    elif isinstance(expected, dict):
        assert set(expected) == set(actual), where
        for key in expected:
            _assert_same_state(expected[key], actual[key], f'{where}.{key}')
    elif isinstance(expected, (list, tuple)):
        assert len(expected) == len(actual), where
        for i, (a, b) in enumerate(zip(expected, actual)):
            _assert_same_state(a, b, f'{where}[{i}]')
    else:
        assert expected == actual, where


def _assert_resumed_exactly(straight_dir: str, resumed_dir: str,
                            averaged: bool = False) -> None:
    """Same losses after the checkpoint and the same final state, with
    the model's average when ``averaged``."""
    straight, resumed = _losses(straight_dir), _losses(resumed_dir)
    after_ckpt = range(CKPT_INTERVAL + 1, MAX_ITERS + 1)
    for it in after_ckpt:
        assert resumed[it] == straight[it], f'iteration {it}'
    final = f'iter_{MAX_ITERS}.pth'
    expected = torch.load(osp.join(straight_dir, final))
    actual = torch.load(osp.join(resumed_dir, final))
    assert ('ema_state_dict' in expected) == averaged
    keys = ['state_dict', 'optimizer', 'param_schedulers']
    for key in keys + ['ema_state_dict'] * averaged:
        _assert_same_state(expected[key], actual[key], key)
    assert actual['meta']['iter'] == MAX_ITERS


def _straight_then_killed_and_resumed(tmp_path, cfg: Config,
                                      launcher: int = 0) -> None:
    """Train ``cfg`` straight through, then killed at ``KILL_AT`` and
    resumed, on ``launcher`` processes; the two must agree exactly."""
    straight_dir = str(tmp_path / 'straight')
    cfg.work_dir = straight_dir
    _train(cfg, str(tmp_path / 'straight.py'), launcher=launcher)

    resumed_dir = str(tmp_path / 'killed')
    cfg.work_dir = resumed_dir
    killed = copy.deepcopy(cfg)
    killed.custom_hooks = cfg.custom_hooks + [
        dict(type='KillAtIteration', at=KILL_AT)
    ]
    killed.custom_imports = dict(
        imports=['mmdfkd', 'kill_switch'], allow_failed_imports=False)
    _train(killed, str(tmp_path / 'killed.py'), launcher=launcher,
           expect_kill=True)
    assert not osp.exists(osp.join(resumed_dir, 'iter_6.pth'))
    _train(cfg, str(tmp_path / 'resume.py'), '--resume', launcher=launcher)
    averaged = any(hook['type'] == AVERAGE_HOOK
                   for hook in cfg.custom_hooks)
    _assert_resumed_exactly(straight_dir, resumed_dir, averaged)


@pytest.mark.parametrize('name', sorted(CONFIGS))
def test_sigkill_then_resume_is_exact(tmp_path, name):
    _straight_then_killed_and_resumed(tmp_path, _config(tmp_path, name))


def test_corrupt_latest_checkpoint_falls_back_to_previous(tmp_path):
    cfg = _config(tmp_path, 'ddad')
    straight_dir = str(tmp_path / 'straight')
    cfg.work_dir = straight_dir
    _train(cfg, str(tmp_path / 'straight.py'))

    # A run that wrote iter_6.pth, whose file was then cut short.
    resumed_dir = str(tmp_path / 'cut')
    cfg.work_dir = resumed_dir
    partial = copy.deepcopy(cfg)
    partial.train_cfg.max_iters = 6
    _train(partial, str(tmp_path / 'partial.py'))
    latest = osp.join(resumed_dir, 'iter_6.pth')
    with open(latest, 'r+b') as f:
        f.truncate(os.path.getsize(latest) // 2)
    _train(cfg, str(tmp_path / 'resume.py'), '--resume')
    # The resumed run's log: <timestamp>/<timestamp>.log, the newest.
    run = sorted(name for name in os.listdir(resumed_dir)
                 if osp.isdir(osp.join(resumed_dir, name)))[-1]
    with open(osp.join(resumed_dir, run, f'{run}.log')) as f:
        log = f.read()
    assert f'Checkpoint {latest} cannot be read' in log
    assert ('Auto resumed from the latest checkpoint '
            f'{osp.join(resumed_dir, "iter_3.pth")}') in log
    _assert_resumed_exactly(straight_dir, resumed_dir)


def test_interrupted_save_leaves_previous_checkpoint(tmp_path, monkeypatch):
    from mmdfkd.apis import build_runner
    cfg = _config(tmp_path, 'ddad')
    cfg.train_cfg.max_iters = 3
    runner = build_runner(cfg)

    def killed_before_rename(src, dst):
        raise KeyboardInterrupt('killed while saving')

    runner.train()
    ckpt = osp.join(cfg.work_dir, 'iter_3.pth')
    before = torch.load(ckpt)['state_dict']
    monkeypatch.setattr(os, 'replace', killed_before_rename)
    with pytest.raises(KeyboardInterrupt):
        runner.save_checkpoint(cfg.work_dir, 'iter_3.pth', by_epoch=False)
    # The complete previous file is still in place; the partial beside it.
    _assert_same_state(before, torch.load(ckpt)['state_dict'])
    assert osp.isfile(ckpt + '.partial')


def test_two_process_run_resumes_exactly(tmp_path):
    _straight_then_killed_and_resumed(
        tmp_path, _config(tmp_path, 'ddad'), launcher=2)
