"""CPU distributed start-up: process group, DDP wrapper and launcher."""
import os
import os.path as osp
import socket
import subprocess
import sys

import pytest
import torch
import torch.distributed as dist
from mmengine.config import Config
from toy_components import toy_config

from mmdfkd.utils import init_dist_if_cpu, use_cpu_ddp

HERE = osp.dirname(osp.abspath(__file__))
ROOT = osp.dirname(osp.dirname(HERE))
LAUNCHER_ENV = {
    'pytorch': dict(RANK='0', WORLD_SIZE='1', LOCAL_RANK='0'),
    'mpi': dict(
        OMPI_COMM_WORLD_RANK='0',
        OMPI_COMM_WORLD_SIZE='1',
        OMPI_COMM_WORLD_LOCAL_RANK='0'),
    'slurm': dict(SLURM_PROCID='0', SLURM_NTASKS='1', SLURM_LOCALID='0'),
}
needs_cpu = pytest.mark.skipif(
    torch.cuda.is_available(), reason='mmengine initialises GPU jobs')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.fixture
def clean_env(monkeypatch):
    """No launcher variables; those the code under test sets are undone."""
    names = {'MASTER_ADDR', 'MASTER_PORT'}
    for env in LAUNCHER_ENV.values():
        names.update(env)
    for name in names:
        # setenv first so that monkeypatch restores the variable's absence.
        monkeypatch.setenv(name, '')
        monkeypatch.delenv(name)
    yield monkeypatch
    if dist.is_initialized():
        dist.destroy_process_group()


def test_not_distributed(clean_env):
    assert not init_dist_if_cpu('none')
    assert not dist.is_initialized()


@needs_cpu
@pytest.mark.parametrize('launcher', sorted(LAUNCHER_ENV))
def test_single_process_group(clean_env, launcher):
    for name, value in LAUNCHER_ENV[launcher].items():
        clean_env.setenv(name, value)
    clean_env.setenv('MASTER_ADDR', '127.0.0.1')
    clean_env.setenv('MASTER_PORT', str(_free_port()))
    assert init_dist_if_cpu(launcher, timeout=60)
    assert dist.get_backend() == 'gloo'
    assert dist.get_world_size() == 1
    assert os.environ['LOCAL_RANK'] == '0'
    assert not init_dist_if_cpu(launcher)  # already initialised


@needs_cpu
def test_missing_launcher_env(clean_env):
    with pytest.raises(KeyError, match="'pytorch' launcher did not set"):
        init_dist_if_cpu('pytorch')
    with pytest.raises(ValueError, match='Invalid launcher'):
        init_dist_if_cpu('ssh')


def test_use_cpu_ddp():
    cfg = dict(find_unused_parameters=True)
    use_cpu_ddp(cfg)
    assert cfg['model_wrapper_cfg'] == dict(
        type='MMDistributedDataParallel',
        device_ids=None,
        broadcast_buffers=False,
        find_unused_parameters=True)
    cfg = Config(
        dict(
            model_wrapper_cfg=dict(
                type='MMSeparateDistributedDataParallel',
                broadcast_buffers=True)))
    use_cpu_ddp(cfg)
    assert cfg.model_wrapper_cfg.device_ids is None
    assert cfg.model_wrapper_cfg.broadcast_buffers
    explicit = dict(type='MMDistributedDataParallel', device_ids=[0])
    use_cpu_ddp(dict(model_wrapper_cfg=explicit))
    assert explicit['device_ids'] == [0]
    # Not a DDP subclass: it takes no device_ids.
    fsdp = dict(type='MMFullyShardedDataParallel')
    use_cpu_ddp(dict(model_wrapper_cfg=fsdp))
    assert 'device_ids' not in fsdp


def test_dist_train_two_cpu_processes(tmp_path):
    cfg = toy_config('dist', max_iters=4)
    # What a distillation config sets to run on CPU processes.
    cfg['model_wrapper_cfg'] = dict(
        type='MMDistributedDataParallel', device_ids=None)
    cfg_path = str(tmp_path / 'toy_dist.py')
    Config(cfg).dump(cfg_path)
    work_dir = tmp_path / 'work_dir'
    env = dict(
        os.environ,
        PORT=str(_free_port()),
        PATH=osp.dirname(sys.executable) + os.pathsep + os.environ['PATH'],
        PYTHONPATH=HERE)
    proc = subprocess.run(
        [
            'bash',
            osp.join(ROOT, 'tools', 'dist_train.sh'), cfg_path, '2',
            '--work-dir',
            str(work_dir)
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    # Each rank tears its process group down instead of aborting at exit.
    assert 'terminate called' not in output, output[-4000:]
    assert 'Distributed training: True' in output
    assert torch.load(work_dir / 'iter_4.pth')['meta']['iter'] == 4
