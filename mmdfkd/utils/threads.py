"""A fixed number of CPU threads, so that a seeded run repeats exactly."""
import os

import torch

__all__ = ['REFERENCE_THREADS', 'fix_cpu_threads']

# The thread count the README's demo and benchmark figures were made with.
REFERENCE_THREADS = 2


def fix_cpu_threads(num_threads: int) -> None:
    """Compute on ``num_threads`` CPU threads here and in child processes.

    CPU kernels split their sums over the threads, so another thread count
    sums in another order and a seeded run ends with other weights (the
    digits teacher differs from its third epoch on between 1 and 2
    threads). With the count fixed a run repeats bit for bit however loaded
    the machine is; CPUs with other vector units (AVX2 against AVX-512) may
    still differ.

    Args:
        num_threads (int): Intra-op threads, at least 1.

    Raises:
        ValueError: If ``num_threads`` is below 1.
    """
    if num_threads < 1:
        raise ValueError(f'--threads must be at least 1, got {num_threads}.')
    # Read by torch when a child process (a benchmark cell) starts.
    os.environ['OMP_NUM_THREADS'] = str(num_threads)
    os.environ['MKL_NUM_THREADS'] = str(num_threads)
    torch.set_num_threads(num_threads)
