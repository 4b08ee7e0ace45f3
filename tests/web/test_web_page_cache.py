"""Whole pages kept for anonymous readers: fresh the moment the pipeline changes what a
page shows, never kept for (or served to) a signed-in reader, never holding a form's token.
Related coverage is ranked by the worker and stored: a page view reads it, never ranks."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsdesk.storage import versions
from newsdesk.storage.models import ArticleStatus, RelatedArticle
from newsdesk.web.page_cache import HIT_HEADER
from tests.web.newsroom import publish, source

pytestmark = pytest.mark.django_db


def get(client: Client, path: str):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response


def test_second_anonymous_view_is_served_from_the_cache(client, newsroom):
    for path in ("/", "/latest/", f"/stories/{newsroom.wire.story_id}/", "/sources/"):
        first, second = get(client, path), get(client, path)
        assert first[HIT_HEADER] == "miss" and second[HIT_HEADER] == "hit", path
        assert first.content == second.content
        # The middleware's headers are added to a kept page as to a fresh one.
        assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


def test_a_new_article_is_on_the_front_page_as_soon_as_it_is_ready(client, newsroom):
    get(client, "/")
    assert get(client, "/")[HIT_HEADER] == "hit"
    fresh = publish(
        source("Lantern Daily"), "liveblog.txt", at=newsroom.now, title="Lantern opens", slug="ln"
    )
    page = get(client, "/")
    assert page[HIT_HEADER] == "miss"
    assert f'href="/articles/{fresh.pk}/"' in page.content.decode()


def test_an_edited_or_withdrawn_article_changes_the_kept_pages(client, newsroom):
    museum = newsroom.museum
    assert museum.title in get(client, "/latest/").content.decode()
    get(client, "/latest/")  # kept
    museum.title = "Harbour museum reopens after the storm"
    museum.save()
    html = get(client, "/latest/").content.decode()
    assert "Harbour museum reopens after the storm" in html
    # An operator withdraws it (any status but ready takes it off every page).
    museum.status = ArticleStatus.FAILED
    museum.save()
    assert f'href="/articles/{museum.pk}/"' not in get(client, "/latest/").content.decode()
    assert get(client, f"/sources/{museum.source_id}/")[HIT_HEADER] == "miss"


def test_the_worker_moves_the_version_after_its_set_based_writes(newsroom):
    (before,) = versions.current([versions.PAGES])
    publish(source("Lantern Daily"), "museum.txt", at=newsroom.now, slug="ln2")
    # The row insert (ready) and the last stages (updates, no signals) each moved it.
    assert versions.current([versions.PAGES])[0] >= before + 2


def test_a_story_page_outlives_a_change_to_another_story(client, newsroom):
    treaty, museum = f"/stories/{newsroom.wire.story_id}/", f"/stories/{newsroom.museum.story_id}/"
    assert newsroom.wire.story_id != newsroom.museum.story_id
    get(client, treaty), get(client, museum)
    newsroom.museum.title = "Harbour museum reopens after the storm"
    newsroom.museum.save()
    assert get(client, treaty)[HIT_HEADER] == "hit"
    moved = get(client, museum)
    assert moved[HIT_HEADER] == "miss"
    assert "Harbour museum reopens after the storm" in moved.content.decode()


def test_a_signed_in_reader_never_gets_or_leaves_a_kept_page(client, newsroom):
    get(client, "/"), get(client, "/")  # an anonymous page is kept
    reader = Client()
    reader.force_login(get_user_model().objects.create_user("ada", "ada@example.org", "pw-pw-pw-1"))
    for _ in range(2):
        page = reader.get("/")
        assert HIT_HEADER not in page
        html = page.content.decode()
        assert "Log out" in html and 'name="csrfmiddlewaretoken"' in html
    anonymous = get(client, "/")
    assert anonymous[HIT_HEADER] == "hit" and "Log out" not in anonymous.content.decode()


def test_a_page_with_a_form_token_is_never_kept(client, newsroom):
    # The article page carries the "ask" form: its CSRF token belongs to one browser.
    path = f"/articles/{newsroom.wire.pk}/"
    for _ in range(2):
        page = get(client, path)
        assert HIT_HEADER not in page and "csrfmiddlewaretoken" in page.content.decode()
    # The token still works for whoever got the page: the form posts.
    strict = Client(enforce_csrf_checks=True)
    html = strict.get(path).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    asked = strict.post(f"{path}ask/", {"question": "Who signed it?", "csrfmiddlewaretoken": token})
    assert asked.status_code != 403


def test_related_coverage_is_stored_by_the_worker_and_only_read_by_the_page(client, newsroom):
    stored = list(
        RelatedArticle.objects.filter(article=newsroom.wire).values_list("other_id", "tier")
    )
    # The wire was finished before the gazette and the observer existed: their arrival
    # ranked the story's newest members again.
    assert (newsroom.gazette.pk, "story") in stored and (newsroom.observer.pk, "story") in stored
    assert newsroom.copy.pk not in {pk for pk, _ in stored}
    with CaptureQueriesContext(connection) as queries:
        html = get(client, f"/articles/{newsroom.wire.pk}/").content.decode()
    assert f'href="/articles/{newsroom.gazette.pk}/"' in html
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    # The page reads the stored list; the clusterer's tables are not touched.
    assert "storage_relatedarticle" in sql
    assert "storage_storymember" not in sql and "storage_articleposting" not in sql
