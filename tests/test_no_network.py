"""The suite's network guard: a remote connection fails at once."""
import socket
import urllib.request

import pytest


def test_remote_connection_is_refused():
    # 192.0.2.1 is reserved for documentation: never a real host.
    with pytest.raises(RuntimeError, match='tests run without a network'):
        urllib.request.urlopen('http://192.0.2.1/', timeout=5)


def test_loopback_connection_is_allowed():
    with socket.socket() as server, socket.socket() as client:
        server.bind(('127.0.0.1', 0))
        server.listen(1)
        client.connect(server.getsockname())
