"""Shared pytest set-up: components registered, state reset per test."""
import importlib.util
import ipaddress
import os
import socket
import sys

import pytest
import torch
from mmengine.registry import DefaultScope

sys.path.insert(0, os.path.dirname(__file__))

from fixtures import relaxed_cifar_checksums  # noqa: E402,F401

import mmdfkd  # noqa: E402,F401  (registers the components)


def _refuse_remote(connect):
    """``socket.connect`` that lets loopback and Unix sockets through and
    refuses every other address: no test may download (a dataset whose
    files fail their check, say), since without a network a download can
    hang instead of failing."""

    def guarded(sock: socket.socket, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                remote = not ipaddress.ip_address(host).is_loopback
            except ValueError:  # a host name
                remote = host != 'localhost'
            if remote:
                raise RuntimeError(
                    f'A test tried to connect to {host}: tests run without '
                    'a network; write a fixture instead of downloading.')
        return connect(sock, address)

    return guarded


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Every test runs with remote connections refused."""
    monkeypatch.setattr(socket.socket, 'connect',
                        _refuse_remote(socket.socket.connect))
    monkeypatch.setattr(socket.socket, 'connect_ex',
                        _refuse_remote(socket.socket.connect_ex))


@pytest.fixture(autouse=True)
def _isolated_state():
    """Seed torch, and undo the process-wide default scope that building a
    Runner leaves behind, so every test builds components the same way."""
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmengine'):
        yield


@pytest.fixture
def run_tool(monkeypatch):
    """Run the ``main`` of ``tools/<name>.py`` with command-line arguments.
    """
    monkeypatch.setenv('LOCAL_RANK', '0')
    tools_dir = os.path.join(os.path.dirname(os.path.dirname(__file__)),
                             'tools')

    def run(name: str, *args: str) -> None:
        monkeypatch.setattr(sys, 'argv', [f'{name}.py', *args])
        spec = importlib.util.spec_from_file_location(
            f'tools_{name}', os.path.join(tools_dir, f'{name}.py'))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.main()

    return run
