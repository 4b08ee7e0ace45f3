from __future__ import annotations

import os
import shutil
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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The question throttle counts in the cache: every test starts from zero (and reads
    the page versions afresh)."""
    from django.core.cache import cache

    from newsdesk.storage import versions

    cache.clear()
    versions.forget_seen()
    yield
    cache.clear()
    versions.forget_seen()


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    """AI features run offline unless a test points them at its own model server."""
    for name in ("NEWSDESK_LLM_URL", "NEWSDESK_LLM_MODEL", "NEWSDESK_LLM_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def database_queue(settings):
    """In-process tests that run queued tasks themselves use the database queue, on
    either CI set-up (the broker set-up's own tests are in tests/scale)."""
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }


@pytest.fixture
def newsroom(db, database_queue):
    from tests.web.newsroom import build

    return build()


# Debian's Chromium, started the way this machine allows (no background networking).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing in CI (dev.py test installs Debian's chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture
def browser_page(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_FLAGS, headless=True
        )
        page = browser.new_page()
        yield page
        browser.close()
