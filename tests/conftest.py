"""Shared pytest set-up: components registered, state reset per test."""
import os
import sys

import pytest
import torch
from mmengine.registry import DefaultScope

sys.path.insert(0, os.path.dirname(__file__))

from fixtures import relaxed_cifar_checksums  # noqa: E402,F401

import mmdfkd  # noqa: E402,F401  (registers the components)


@pytest.fixture(autouse=True)
def _isolated_state():
    """Seed torch, and undo the process-wide default scope that building a
    Runner leaves behind, so every test builds components the same way."""
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmengine'):
        yield
