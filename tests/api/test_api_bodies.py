"""Huge, deep, duplicate-keyed or non-UTF-8 request bodies: 4xx, never a 500, and the
server keeps answering afterwards."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def post(client, url: str, body: bytes):
    return client.post(url, data=body, content_type="application/json")


def test_hostile_bodies_are_refused(client, newsroom):
    url = f"/api/articles/{newsroom.museum.pk}/ask"
    huge = b'{"question": "' + b"a" * (50 * 1024 * 1024) + b'"}'
    assert post(client, url, huge).status_code in (400, 413)
    deep = b'{"question": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    assert post(client, url, deep).status_code in (400, 422)
    assert post(client, url, b'{"question": "\xff\xfe bad utf-8"}').status_code in (400, 422)
    assert post(client, url, b"{not json").status_code in (400, 422)
    twice = post(client, url, b'{"question": "", "question": "Who reopened it?"}')
    assert twice.status_code in (200, 400, 422)
    # Still serving.
    assert client.get("/api/articles").status_code == 200
