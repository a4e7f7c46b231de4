"""DDAD trained by tools/dist_train.sh on two CPU processes (gloo)."""
import os
import os.path as osp
import socket
import subprocess
import sys

import torch
from mmengine.config import Config
from tiny_models import shrink_distillation_config

from mmdfkd.apis import build_runner

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_dist_train_ddad_on_two_processes(tmp_path):
    cfg = Config.fromfile(
        osp.join(ROOT,
                 'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py'))
    shrink_distillation_config(cfg, tmp_path, max_iters=2)
    cfg_path = str(tmp_path / 'ddad_dist.py')
    cfg.dump(cfg_path)
    env = dict(
        os.environ,
        PORT=str(_free_port()),
        PATH=osp.dirname(sys.executable) + os.pathsep + os.environ['PATH'])
    proc = subprocess.run(
        ['bash', osp.join(ROOT, 'tools', 'dist_train.sh'), cfg_path, '2'],
        env=env, capture_output=True, text=True, timeout=600)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert 'Distributed training: True' in output
    assert 'accuracy/top1' in output  # validated on the held-out digits
    ckpt = torch.load(osp.join(cfg.work_dir, 'iter_2.pth'))
    assert ckpt['meta']['iter'] == 2
    assert set(ckpt['optimizer']) == {'generator', 'student'}
    # Saved from the unwrapped model: no DDP "module." prefixes.
    assert all('.module.' not in key for key in ckpt['state_dict'])

    # A two-process checkpoint resumes in a single process.
    cfg.merge_from_dict({'train_cfg.max_iters': 3, 'resume': True})
    runner = build_runner(cfg)
    runner.train()
    assert runner.iter == 3
