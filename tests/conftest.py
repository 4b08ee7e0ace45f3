from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `tests.support` importable without installing tests

SHARED_BENCH = ROOT.parent / "shared" / "bench"


def need_shared_bench(*parts: str) -> Path:
    """A path under ../shared/bench; skip locally when absent, fail in CI."""
    path = SHARED_BENCH.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing (CI must have ../shared beside the clone)")
        pytest.skip(f"{path} not found (../shared/bench is not beside this clone)")
    return path


@pytest.fixture
def publisher():
    from tests.support.publisher import Publisher

    with Publisher() as pub:
        yield pub


@pytest.fixture
def allow_loopback(monkeypatch):
    """Let the fetcher reach 127.0.0.1 with no politeness delay, as the README documents for tests."""
    from newsdesk.worker.network import reset_network

    monkeypatch.setenv("NEWSDESK_FETCH_ALLOWLIST", "127.0.0.1")
    monkeypatch.setenv("NEWSDESK_HOST_DELAY", "0")
    reset_network()
    yield
    reset_network()
