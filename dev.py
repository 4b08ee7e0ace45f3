#!/usr/bin/env python3
"""The two README commands: `python3 dev.py serve` and `python3 dev.py test`.

Needs only Python 3.11+. Creates `.venv` beside this file on first use (and again
when pyproject.toml changes), installs newsdesk into it, then runs the site or the
whole test suite. Extra arguments go to `newsdesk serve` or to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".newsdesk-installed"


def _pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py may be started by an older python3)
        sys.exit("newsdesk needs Python 3.11 or newer")
    wanted = _pyproject_hash()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing newsdesk and its dependencies into .venv …", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test,postgres]"], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


def ensure_browser() -> None:
    """Debian's Chromium for the browser tests (a test tool's own download cannot work here)."""
    if shutil.which("chromium") or not shutil.which("apt-get"):
        return
    print("Installing Chromium from Debian's packages …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "chromium"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"serve", "test"}:
        print(__doc__)
        return 2
    ensure_env()
    command, rest = argv[0], argv[1:]
    if command == "serve":
        return subprocess.call([str(BIN / "newsdesk"), "serve", *rest], cwd=ROOT)
    if os.environ.get("CI") == "true":
        ensure_browser()
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
