"""What the server fixtures share: installing a Debian package in CI, a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess

import pytest


def require_package(package: str, present: bool, why: str) -> None:
    """Skip locally when ``present`` is false; in CI (CI=true) install ``package`` instead."""
    if present:
        return
    if os.environ.get("CI") != "true":
        pytest.skip(f"{why} (apt-get install {package})")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", package], check=True, env=env, stdout=subprocess.DEVNULL
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
