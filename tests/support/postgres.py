"""A private PostgreSQL server for one test session (initdb in a temp dir, loopback only).

Locally the tests that need it skip when PostgreSQL is not installed; in CI
(CI=true) it is installed from Debian's packages when missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.debian import free_port, require_package


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PostgresServer:
    def __init__(self) -> None:
        require_package("postgresql", _bin_dir() is not None, "PostgreSQL is not installed")
        bin_dir = _bin_dir()
        assert bin_dir is not None
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
        self.port = free_port()
        # initdb refuses to run as root: run the server as the `postgres` user when we are root.
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "newsdesk", "-E", "UTF8"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.dir / "data"),
            "-l",
            str(self.dir / "log"),
            "-w",
            "start",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
        )
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "newsdesk", "newsdesk")
        self.url = f"postgres://newsdesk@127.0.0.1:{self.port}/newsdesk"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.prefix, str(self.bin / tool), *args], check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(
            [
                *self.prefix,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.dir / "data"),
                "-m",
                "fast",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)
