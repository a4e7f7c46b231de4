"""The fixed CPU thread count of the demo and the benchmark."""
import os

import pytest
import torch

from mmdfkd.utils.threads import fix_cpu_threads


@pytest.fixture
def restore_threads(monkeypatch):
    """Undo the process-wide thread count and environment of a test."""
    before = torch.get_num_threads()
    for name in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
        monkeypatch.setenv(name, '')
    yield
    torch.set_num_threads(before)


def test_fixes_this_process_and_its_children(restore_threads):
    fix_cpu_threads(1)
    assert torch.get_num_threads() == 1
    assert os.environ['OMP_NUM_THREADS'] == '1'
    assert os.environ['MKL_NUM_THREADS'] == '1'


def test_rejects_no_threads(restore_threads):
    with pytest.raises(ValueError, match='at least 1, got 0'):
        fix_cpu_threads(0)
