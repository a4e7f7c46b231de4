"""Distributed start-up on machines without an accelerator."""
import datetime
import logging
import os
import subprocess
import sys
from typing import Optional, Tuple

import torch.distributed as dist
from mmengine.device import get_device
from mmengine.registry import MODEL_WRAPPERS
from torch.nn.parallel import DistributedDataParallel

__all__ = ['close_dist', 'init_dist_if_cpu', 'use_cpu_ddp']

# Devices whose process-group set-up mmengine's ``init_dist`` handles.
_MMENGINE_DEVICES = ('cuda', 'npu', 'mlu', 'musa')


def _slurm_master_addr() -> str:
    """First host of the job, as mmengine's SLURM launcher picks it."""
    nodes = os.environ['SLURM_NODELIST']
    hosts = subprocess.check_output(
        ['scontrol', 'show', 'hostnames', nodes], text=True)
    return hosts.split()[0]


def _launcher_env(launcher: str) -> Tuple[int, int, int]:
    """Read rank, world size and local rank as the launcher exports them.

    Also fills ``MASTER_ADDR``/``MASTER_PORT`` for the ``env://`` rendezvous
    where the launcher does not.

    Args:
        launcher (str): ``'pytorch'``, ``'slurm'`` or ``'mpi'``.
    """
    env = os.environ
    if launcher == 'pytorch':
        keys = ('RANK', 'WORLD_SIZE', 'LOCAL_RANK')
    elif launcher == 'slurm':
        keys = ('SLURM_PROCID', 'SLURM_NTASKS', 'SLURM_LOCALID')
        if 'MASTER_ADDR' not in env:
            env['MASTER_ADDR'] = _slurm_master_addr()
    elif launcher == 'mpi':
        keys = ('OMPI_COMM_WORLD_RANK', 'OMPI_COMM_WORLD_SIZE',
                'OMPI_COMM_WORLD_LOCAL_RANK')
        if 'MASTER_ADDR' not in env:
            raise KeyError('The MPI launcher needs MASTER_ADDR to be set.')
    else:
        raise ValueError(f'Invalid launcher type: {launcher}')
    missing = [key for key in keys if key not in env]
    if missing:
        raise KeyError(f'The {launcher!r} launcher did not set {missing}; '
                       'start the job with that launcher.')
    env.setdefault('MASTER_PORT', '29500')
    return int(env[keys[0]]), int(env[keys[1]]), int(env[keys[2]])


def init_dist_if_cpu(launcher: str,
                     backend: str = 'gloo',
                     timeout: Optional[float] = None) -> bool:
    """Initialise the default process group when there is no accelerator.

    mmengine's ``init_dist`` calls ``torch.cuda.set_device`` even without a
    GPU. Call this before building the ``Runner``: when it initialises the
    group, the ``Runner`` finds it initialised and skips its own set-up.
    ``RANK``, ``WORLD_SIZE`` and ``LOCAL_RANK`` are exported for code that
    reads them (``Runner.wrap_model`` reads ``LOCAL_RANK``).

    Args:
        launcher (str): ``'none'``, ``'pytorch'``, ``'slurm'`` or ``'mpi'``.
        backend (str): Backend of the process group. Defaults to ``'gloo'``.
        timeout (float, optional): Collective timeout in seconds; torch's
            default when None.

    Returns:
        bool: Whether this call initialised the process group. False when
        not distributed, when an accelerator is present (mmengine then
        initialises it) or when it was already initialised.
    """
    if (launcher == 'none' or get_device() in _MMENGINE_DEVICES
            or dist.is_initialized()):
        return False
    rank, world_size, local_rank = _launcher_env(launcher)
    os.environ.update(
        RANK=str(rank), WORLD_SIZE=str(world_size),
        LOCAL_RANK=str(local_rank))
    kwargs = {}
    if timeout is not None:
        kwargs['timeout'] = datetime.timedelta(seconds=timeout)
    dist.init_process_group(
        backend=backend,
        init_method='env://',
        rank=rank,
        world_size=world_size,
        **kwargs)
    return True


def use_cpu_ddp(cfg: dict) -> None:
    """Make the DDP model wrapper of a config work on CPU processes.

    ``Runner.wrap_model`` gives DDP wrappers ``device_ids=[LOCAL_RANK]``
    unless the config sets them, which DDP rejects for a CPU module. This
    sets ``device_ids=None`` where the config leaves it out, and builds the
    runner's default wrapper (``MMDistributedDataParallel`` without buffer
    broadcast) that way when the config has none. This covers
    ``MMSeparateDistributedDataParallel`` (a DDP subclass that hands the
    arguments to one DDP per sub-network); other wrappers are left as they
    are.

    Args:
        cfg (dict): The full config (``Config`` or dict); modified in place.
    """
    wrapper_cfg = cfg.get('model_wrapper_cfg')
    if wrapper_cfg is None:
        cfg['model_wrapper_cfg'] = dict(
            type='MMDistributedDataParallel',
            device_ids=None,
            broadcast_buffers=False,
            find_unused_parameters=cfg.get('find_unused_parameters', False))
        return
    wrapper_type = wrapper_cfg.get('type', 'MMDistributedDataParallel')
    if isinstance(wrapper_type, str):
        wrapper_type = MODEL_WRAPPERS.get(wrapper_type)
    if (isinstance(wrapper_type, type)
            and issubclass(wrapper_type, DistributedDataParallel)):
        wrapper_cfg.setdefault('device_ids', None)


def close_dist() -> None:
    """End a distributed job that finished normally, and its process.

    Call it last, after a job ended normally. The default process group
    is destroyed once every rank has arrived (a barrier keeps a rank from
    tearing its group down while another still communicates), then the
    process exits with status 0 without the interpreter's finalisation:
    gloo's worker threads can still be alive there and abort the rank
    (``terminate called without an active exception``, an open torch
    issue), which the launcher reports as a failed job although training
    completed. Output streams and log handlers are flushed first. Not
    called after an exception: a rank that failed would wait at the barrier
    for ranks that never arrive. Without a process group it does nothing.
    """
    if not (dist.is_available() and dist.is_initialized()):
        return
    dist.barrier()
    dist.destroy_process_group()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
