"""Shared pytest set-up: registries resolve `mmdfkd.` and `mmpretrain.`."""
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.dirname(__file__))

import mmdfkd  # noqa: E402,F401  (registers the components)


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same random state, on few threads."""
    torch.manual_seed(0)
    yield
