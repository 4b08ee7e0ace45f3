"""Run the real `newsdesk` console script in a throwaway data dir (the way an operator does)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

import redis

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")

_redis_dbs = itertools.cycle(range(1, 16))
_redis_db_of: dict[str, str] = {}


def private_redis(url: str, data_dir: Path) -> str:
    """A Redis database of its own (emptied) for one site (one data dir), so no queued
    task or cached page of an earlier test's site reaches this one on the broker set-up;
    two processes of one site share it."""

    key = f"{url}|{data_dir}"
    if key not in _redis_db_of:
        base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
        _redis_db_of[key] = f"{base}/{next(_redis_dbs)}"
        redis.Redis.from_url(_redis_db_of[key]).flushdb()
    return _redis_db_of[key]


class Site:
    def __init__(self, data_dir: Path, **env: str) -> None:
        inherited = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
        }
        self.env = {
            **inherited,
            "NEWSDESK_DATA_DIR": str(data_dir),
            "NEWSDESK_FETCH_ALLOWLIST": "127.0.0.1",
            "NEWSDESK_HOST_DELAY": "0",
            "NEWSDESK_SCHEDULER_INTERVAL": "1",
            **env,
        }
        shared = self.env.get("NEWSDESK_REDIS_URL") or self.env.get("NEWSDESK_CACHE_URL")
        if shared:
            private = private_redis(shared, data_dir)
            for name in ("NEWSDESK_REDIS_URL", "NEWSDESK_CACHE_URL"):
                if self.env.get(name):
                    self.env[name] = private
        self.server: subprocess.Popen[str] | None = None
        self.base = ""

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [NEWSDESK, *args], env=self.env, capture_output=True, text=True, timeout=300
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"newsdesk {' '.join(args)} -> {result.returncode}\n{result.stdout}\n{result.stderr}"
            )
        return result

    def serve(self) -> str:
        self.server = subprocess.Popen(
            [NEWSDESK, "serve", "--port", "0"],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        assert self.server.stdout is not None
        while time.monotonic() < deadline:
            line = self.server.stdout.readline()
            if "running at" in line:
                self.base = line.split("running at", 1)[1].split()[0].rstrip("/")
                return self.base
            if self.server.poll() is not None:
                raise AssertionError(
                    f"serve exited: {self.server.stderr.read() if self.server.stderr else ''}"
                )
        raise AssertionError("serve did not print its address within 60 s")

    def stop(self) -> None:
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(20)
            except subprocess.TimeoutExpired:
                self.server.kill()
