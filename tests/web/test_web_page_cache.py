"""Whole pages kept for anonymous readers: fresh the moment the pipeline changes what a
page shows, never kept for (or served to) a signed-in reader, never holding a form's token.
Related coverage is ranked by the worker and stored: a page view reads it, never ranks."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsdesk.discussion import moderators, posting
from newsdesk.reading.page_cache import HIT_HEADER
from newsdesk.storage import versions
from newsdesk.storage.models import ArticleStatus, RelatedArticle
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


def test_the_article_page_is_kept_as_the_same_bytes_for_every_anonymous_reader(newsroom):
    # The article page's "ask" form is a GET: the kept page holds nothing of one reader's
    # (no CSRF token, no cookie), so serving it makes no CSRF secret.
    path = f"/articles/{newsroom.wire.pk}/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one, two = get(first, path), get(second, path)
    assert one[HIT_HEADER] == "miss" and two[HIT_HEADER] == "hit"
    assert one.content == two.content and 'class="ask-form"' in one.content.decode()
    assert "csrfmiddlewaretoken" not in one.content.decode()
    assert not one.cookies and not two.cookies and "Set-Cookie" not in two
    # A signed-in reader's page is rendered for them, and its forms that post (comments,
    # follows) carry their token, which the site still demands.
    reader = Client(enforce_csrf_checks=True)
    user = get_user_model().objects.create_user("dee", "dee@example.org", "pw-pw-pw-1")
    reader.force_login(user)
    html = reader.get(path).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    comment = f"/articles/{newsroom.wire.pk}/comments/"
    assert reader.post(comment, {"body": "Signed at noon."}).status_code == 403


def test_a_signed_in_reader_gets_the_article_page_rendered_for_them(client, newsroom):
    path = f"/articles/{newsroom.wire.pk}/"
    get(client, path), get(client, path)  # kept for anonymous readers
    reader = Client()
    reader.force_login(get_user_model().objects.create_user("bea", "bea@example.org", "pw-pw-pw-1"))
    page = reader.get(path)
    assert HIT_HEADER not in page and "Post comment" in page.content.decode()


def test_a_new_comment_is_on_the_kept_article_page_at_once(client, newsroom, settings):
    settings.NEWSDESK_COMMENT_HOLD_FIRST = 0
    path = f"/articles/{newsroom.wire.pk}/"
    get(client, path)
    assert get(client, path)[HIT_HEADER] == "hit"
    author = get_user_model().objects.create_user("cy", "cy@example.org", "pw-pw-pw-1")
    posted = posting.submit(author, newsroom.wire.pk, "Signed at noon.", None, "127.0.0.1")
    page = get(client, path)
    assert page[HIT_HEADER] == "miss" and "Signed at noon." in page.content.decode()
    assert get(client, path)[HIT_HEADER] == "hit"
    # A moderator's ban hides every comment of the author in one set-based write.
    moderator = get_user_model().objects.create_user("mo", "mo@example.org", "pw-pw-pw-1")
    assert moderators.ban(moderator, author) == 1 and posted.comment is not None
    assert "Signed at noon." not in get(client, path).content.decode()
    # Other articles' kept pages are untouched by it.
    other = f"/articles/{newsroom.museum.pk}/"
    get(client, other)
    posting.submit(author, newsroom.wire.pk, "Second.", None, "127.0.0.1")
    assert get(client, other)[HIT_HEADER] == "hit"


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


def test_the_api_answers_are_kept_and_move_with_the_articles(client, newsroom):
    wire, museum = f"/api/articles/{newsroom.wire.pk}", f"/api/articles/{newsroom.museum.pk}"
    for path in (wire, "/api/articles", "/api/articles?limit=2"):
        first, second = get(client, path), get(client, path)
        assert first[HIT_HEADER] == "miss" and second[HIT_HEADER] == "hit", path
        assert first.json() == second.json() and second["Content-Type"].startswith(
            "application/json"
        )
    get(client, museum)
    newsroom.wire.title = "Treaty signed at dawn"
    newsroom.wire.save()
    moved = get(client, wire)
    assert moved[HIT_HEADER] == "miss" and moved.json()["title"] == "Treaty signed at dawn"
    listed = get(client, "/api/articles")
    assert "Treaty signed at dawn" in {a["title"] for a in listed.json()["items"]}
    # Another story's article keeps its kept answer; a missing one is never kept.
    assert get(client, museum)[HIT_HEADER] == "hit"
    for _ in range(2):
        missing = client.get("/api/articles/999999")
        assert missing.status_code == 404 and HIT_HEADER not in missing
    assert client.get(f"/api/articles/{2**63 + 5}").status_code in (404, 422)


def test_another_process_write_shows_within_the_seen_time(newsroom, monkeypatch):
    (before,) = versions.current([versions.PAGES])
    # Another process's write: the row moves without this process's ``bump``.
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE "storage_pageversion" SET "value" = "value" + 5 WHERE "name" = %s',
            [versions.PAGES],
        )
    clock = [1000.0]
    monkeypatch.setattr(versions.time, "monotonic", lambda: clock[0])
    versions.forget_seen()
    assert versions.current([versions.PAGES]) == (before + 5,)
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE "storage_pageversion" SET "value" = "value" + 1 WHERE "name" = %s',
            [versions.PAGES],
        )
    assert versions.current([versions.PAGES]) == (before + 5,)  # as read a moment ago
    clock[0] += versions.SEEN_SECONDS
    assert versions.current([versions.PAGES]) == (before + 6,)
    # This process's own write is seen at once.
    versions.bump([versions.PAGES])
    assert versions.current([versions.PAGES]) == (before + 7,)
