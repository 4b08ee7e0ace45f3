from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The question throttle counts in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    """AI features run offline unless a test points them at its own model server."""
    for name in ("NEWSDESK_LLM_URL", "NEWSDESK_LLM_MODEL", "NEWSDESK_LLM_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def newsroom(db):
    from tests.web.newsroom import build

    return build()
