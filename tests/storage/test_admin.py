"""The operator's admin: add, refresh and disable sources; the SSRF check applies there too."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from newsdesk.storage.models import Article, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = User.objects.create_superuser("operator", "op@example.org", "a long passphrase 42")
    client.force_login(user)
    return client


def _form(url: str) -> dict:
    return {
        "url": url,
        "name": "Ledger",
        "kind": "auto",
        "site_url": "",
        "enabled": "on",
        "country": "Calder",
        "language_label": "",
        "ownership": "",
        "lean": "",
    }


def test_admin_refuses_a_private_address(operator, monkeypatch):
    from newsdesk.worker.network import reset_network

    monkeypatch.delenv("NEWSDESK_FETCH_ALLOWLIST", raising=False)
    reset_network()
    response = operator.post("/admin/storage/source/add/", _form("http://169.254.169.254/latest/"))
    assert response.status_code == 200
    assert "Refused" in response.content.decode()
    assert Source.objects.count() == 0


def test_admin_adds_lists_and_refreshes_a_source(operator, allow_loopback, publisher):
    response = operator.post("/admin/storage/source/add/", _form(publisher.url("/feed.xml")))
    assert response.status_code == 302, response.content.decode()[:2000]
    source = Source.objects.get()
    assert source.country == "Calder"
    Source.objects.filter(pk=source.pk).update(error_count=3, enabled=False, disabled_reason="x")
    operator.post(
        "/admin/storage/source/", {"action": "refresh_now", "_selected_action": [source.pk]}
    )
    source.refresh_from_db()
    assert source.enabled and source.error_count == 0
    listing = operator.get("/admin/storage/source/").content.decode()
    assert "Ledger" in listing


def test_production_settings_pass_the_deploy_check(tmp_path):
    """`check --deploy` with the settings an operator uses in production: no deployment warning."""
    from tests.support.site import Site

    site = Site(
        tmp_path,
        NEWSDESK_HTTPS="true",
        NEWSDESK_SECRET_KEY="x" * 20 + "-Kq9!vZ2@pL7#mN4$rT8%wY1^bF6&hJ3*",
        NEWSDESK_ALLOWED_HOSTS="news.example.org",
    )
    result = site.run("manage", "check", "--deploy", "--fail-level", "WARNING", check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_body_edited_in_the_admin_is_sanitized_on_save_and_on_render(operator, client):
    from django.utils import timezone

    source = Source.objects.create(url="https://ledger.example/feed.xml", name="Ledger")
    article = Article.objects.create(
        source=source,
        item_key="k1",
        url="https://ledger.example/a",
        url_key="u1",
        title="Flood barrier approved",
        status="ready",
        body_text="The council approved the barrier.",
        body_html="<p>The council approved the barrier.</p>",
        sort_at=timezone.now(),
    )
    hostile = '<p>Approved.</p><script>alert(1)</script><img src=x onerror="alert(2)">'
    form = {
        "source": source.pk,
        "url": article.url,
        "title": article.title,
        "status": "ready",
        "body_html": hostile,
        "body_text": article.body_text,
        "sort_at_0": "2026-11-28",
        "sort_at_1": "10:00:00",
        "attempts": "0",
        "key_points": "[]",
    }
    response = operator.post(f"/admin/storage/article/{article.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert "<p>Approved.</p>" in article.body_html
    assert "script" not in article.body_html and "onerror" not in article.body_html
    # Stored by another road (a shell, an old row): the page still never carries it.
    Article.objects.filter(pk=article.pk).update(body_html=hostile)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "Approved." in page
    assert "<script>alert" not in page and "onerror" not in page
