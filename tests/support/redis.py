"""A private Redis server for one test session (loopback, a free port, no persistence).

Locally the tests that need it skip when redis-server is not installed; in CI
(CI=true) it is installed from Debian's packages when missing.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time

from tests.support.debian import free_port, require_package


class RedisServer:
    def __init__(self) -> None:
        require_package(
            "redis-server",
            shutil.which("redis-server") is not None,
            "redis-server is not installed",
        )
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="newsdesk-redis-")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)
