"""Article, story, front, latest and hashtag pages over a newsroom built by the real pipeline."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.storage import versions
from newsdesk.storage.models import Article, Hashtag, LiveEntry, Story, StoryRedirect
from tests.web.newsroom import publish, source

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(html: str, css_class: str) -> str:
    match = re.search(rf'<section class="{css_class}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_article_page_shows_sections_in_the_designed_order(client, newsroom):
    html = html_of(client.get(f"/articles/{newsroom.wire.pk}/"))
    order = [
        html.index('id="article-body"'),
        html.index('class="also"'),
        html.index('class="tags"'),
        html.index('class="ai"'),
        html.index('class="related"'),
    ]
    assert order == sorted(order)
    # "Also published by" links the copy's own page at its publisher.
    also = re.search(r'<p class="also">.*?</p>', html, re.S).group(0)
    assert newsroom.copy.url in also and "Kessel Courier" in also
    # The story link counts the publishers, copies included.
    assert f'href="/stories/{newsroom.wire.story_id}/">Full coverage: 4 publishers' in html
    assert f"/stories/{newsroom.wire.story_id}/#briefing" in html


def test_related_block_has_other_publishers_never_the_copy(client, newsroom):
    related = section(html_of(client.get(f"/articles/{newsroom.wire.pk}/")), "related")
    links = re.findall(r'href="/articles/(\d+)/"', related)
    assert set(links) >= {str(newsroom.gazette.pk), str(newsroom.observer.pk)}
    assert str(newsroom.copy.pk) not in links and str(newsroom.wire.pk) not in links
    assert "Vellaria Gazette" in related and "<time datetime=" in related
    # First lines: the beginning of the related article's body, cut near 200 characters.
    excerpts = re.findall(r'<p class="excerpt" dir="auto">(.*?)</p>', related)
    assert any(e.startswith("Vellaria&#x27;s southern farmers will get") for e in excerpts)
    assert all(len(e) < 260 for e in excerpts)


def test_related_puts_other_publishers_before_the_same_one(client, newsroom):
    follow_up = publish(
        newsroom.gazette.source,
        "treaty_gazette_followup.txt",
        at=newsroom.now - timedelta(minutes=20),
    )
    related = section(html_of(client.get(f"/articles/{newsroom.gazette.pk}/")), "related")
    publishers = re.findall(r'class="publisher" href="/sources/\d+/"><bdi>(.*?)</bdi>', related)
    assert "Vellaria Gazette" in publishers, publishers
    first_own = publishers.index("Vellaria Gazette")
    assert all(p == "Vellaria Gazette" for p in publishers[first_own:]), publishers
    assert follow_up.pk != newsroom.gazette.pk


def test_copy_page_sends_the_reader_to_the_original(client, newsroom):
    response = client.get(f"/articles/{newsroom.copy.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{newsroom.wire.pk}/"


def test_sections_without_content_are_absent(client, newsroom):
    html = html_of(client.get(f"/articles/{newsroom.museum.pk}/"))
    for absent in ('class="also"', 'class="coverage"', 'class="live"', "briefing-link", "changes"):
        assert absent not in html, absent
    # Enrichment gave the museum article hashtags and a summary: those show.
    assert 'class="tags"' in html and "TL;DR" in html
    bare = Article.objects.get(pk=newsroom.museum.pk)
    bare.tags.all().delete()
    Article.objects.filter(pk=bare.pk).update(summary="", key_points=[])
    versions.bump_article(bare.pk)  # as the worker does after its set-based writes
    html = html_of(client.get(f"/articles/{newsroom.museum.pk}/"))
    assert 'class="tags"' not in html and "TL;DR" not in html and "Key points" not in html
    assert "Ask about this article" in html  # always available: it needs only the body


def test_hashtags_link_to_their_pages_which_list_articles_and_stories(client, newsroom):
    html = html_of(client.get(f"/articles/{newsroom.gazette.pk}/"))
    tags = re.findall(r'<a class="tag" href="(/hashtags/[^"]+/)">#(\w+)</a>', section(html, "tags"))
    assert 5 <= len(tags) <= 10
    assert ("/hashtags/Vellaria/", "Vellaria") in tags
    page = html_of(client.get("/hashtags/Vellaria/"))
    assert "<h1>#Vellaria</h1>" in page
    listed = re.findall(r'href="/articles/(\d+)/"', page)
    assert str(newsroom.gazette.pk) in listed and str(newsroom.copy.pk) not in listed
    # Newest first.
    positions = [listed.index(str(a.pk)) for a in (newsroom.observer, newsroom.gazette)]
    assert positions == sorted(positions)
    assert f'href="/stories/{newsroom.wire.story_id}/"' in page
    # Any spelling of the tag reaches its one address; unknown tags are 404.
    assert client.get("/hashtags/vellaria/")["Location"] == "/hashtags/Vellaria/"
    assert client.get("/hashtags/NoSuchTagAnywhere/").status_code == 404


def test_hashtag_page_is_paginated(client, newsroom):
    tag = Hashtag.objects.get(display="Vellaria")
    from newsdesk.web import hashtags

    original = hashtags.PAGE_SIZE
    hashtags.PAGE_SIZE = 2
    try:
        first = html_of(client.get("/hashtags/Vellaria/"))
        second = html_of(client.get("/hashtags/Vellaria/?page=2"))
    finally:
        hashtags.PAGE_SIZE = original
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert tag.article_tags.count() >= 3


def test_story_page_groups_by_publisher_with_timeline_labels_and_briefing(client, newsroom):
    html = html_of(client.get(f"/stories/{newsroom.wire.story_id}/"))
    assert "4 publishers · 4 articles" in html
    groups = re.findall(r'<h3><a class="publisher" href="/sources/\d+/"><bdi>(.*?)</bdi>', html)
    assert sorted(groups) == sorted(
        ["Meridian Press", "Kessel Courier", "Vellaria Gazette", "Basin Observer"]
    )
    assert "wire copy" in html and newsroom.copy.url in html
    assert "<meter" in section(html, "timeline")
    labels = section(html, "labels")
    # Country: Northland and Vellaria covered it; the museum's Calder did not.
    assert re.search(r"Country</th><td[^>]*>Northland, Vellaria</td><td[^>]*>Calder</td>", labels)
    assert "cooperative" in labels
    briefing = section(html, "briefing")
    sentences = re.findall(
        r'<li dir="auto">(.*?) <a class="source-tag" href="/articles/(\d+)/">', briefing
    )
    assert sentences
    bodies = {a.pk: a.body_text for a in Article.objects.filter(story_id=newsroom.wire.story_id)}
    for text, article_id in sentences:
        # Every briefing sentence is its publisher's own sentence.
        plain = text.replace("&#x27;", "'").replace("&quot;", '"')
        assert plain in bodies[int(article_id)], plain


def test_story_briefing_is_computed_once(client, newsroom):
    from newsdesk.storage.models import AIRecord

    client.get(f"/stories/{newsroom.wire.story_id}/")
    client.get(f"/stories/{newsroom.wire.story_id}/")
    assert AIRecord.objects.filter(kind="briefing", story_id=newsroom.wire.story_id).count() == 1


def test_front_page_leads_with_top_stories_then_latest(client, newsroom):
    html = html_of(client.get("/"))
    cards = re.findall(r'<li class="card story-card[^"]*">.*?</li>\s*</?', html, re.S)
    assert '<h1 id="front-h">Top stories</h1>' in html and cards
    card = re.search(r'<li class="card story-card[^"]*">.*?>(\d+) publishers</a>', html, re.S)
    assert card and card.group(1) == "4"
    lead = re.search(r'<h2 class="lead"><a href="/articles/(\d+)/"', html).group(1)
    others = re.findall(r'<ul class="others">(.*?)</ul>', html, re.S)[0]
    assert lead not in re.findall(r'href="/articles/(\d+)/"', others)
    assert str(newsroom.copy.pk) not in re.findall(r'href="/articles/(\d+)/"', html)
    # The lone museum article is in the latest list beside the cards, with the way to the full list.
    latest = html[html.index('<h2 id="latest-h">Latest</h2>') :]
    assert f'href="/articles/{newsroom.museum.pk}/"' in latest
    assert 'href="/latest/"' in latest
    # Tags several publishers used in the last hours trend.
    assert 'href="/hashtags/Vellaria/">#Vellaria</a>' in section(html, "trending")
    # The header carries the search box and the section tabs.
    assert re.search(r'<form class="search" role="search" method="get" action="/search/">', html)
    assert 'href="/sections/world/"' in html and 'aria-current="page">Top stories' in html


def test_front_page_without_stories_shows_latest_articles(client, db):
    harbour = source("Harbour Ledger")
    museum = publish(harbour, "museum.txt", at=timezone.now())
    html = html_of(client.get("/"))
    assert '<h1 id="front-h">Latest news</h1>' in html and "story-card" not in html
    assert f'href="/articles/{museum.pk}/"' in html
    Article.objects.all().delete()
    Story.objects.all().delete()
    assert "No articles yet" in html_of(client.get("/"))


def test_latest_folds_copies(client, newsroom):
    html = html_of(client.get("/latest/"))
    ids = re.findall(r'href="/articles/(\d+)/"', html)
    assert str(newsroom.wire.pk) in ids and str(newsroom.copy.pk) not in ids


def test_live_blog_entries_newest_first_with_changes_of_the_last_hour(client, newsroom):
    blog = publish(newsroom.wire.source, "liveblog.txt", at=newsroom.now - timedelta(hours=4))
    now = newsroom.now
    rows = [
        (
            "a",
            now - timedelta(hours=3),
            "Mira Kolar",
            "Shelters open",
            "Emergency services opened four shelters in Kessel for families leaving the riverbank villages.",
        ),
        (
            "b",
            now - timedelta(minutes=40),
            "Jonas Weil",
            "Bridge closed",
            "Police closed the old Ostra bridge after the water reached the lower arches this afternoon.",
        ),
        (
            "c",
            now - timedelta(minutes=10),
            "Mira Kolar",
            "",
            "The regional government said two hundred people have now been evacuated from the valley.",
        ),
    ]
    for key, at, author, title, body in rows:
        LiveEntry.objects.create(
            article=blog, key=key, posted_at=at, author=author, title=title, body=body
        )
    Article.objects.filter(pk=blog.pk).update(is_live=True, updated_at=now - timedelta(minutes=10))
    html = html_of(client.get(f"/articles/{blog.pk}/"))
    live = section(html, "live")
    assert "Updated <time" in live and "10\xa0minutes ago" in live
    bodies = re.findall(r'<div class="entry-body" dir="auto"><p>(.*?)</p>', live)
    assert [b.split()[0] for b in bodies] == ["The", "Police", "Emergency"]
    assert live.count("Mira Kolar") == 2 and "Jonas Weil" in live
    changes = re.search(r'<div class="changes">.*?</div>', html, re.S).group(0)
    assert "2 new entries" in changes
    assert "two hundred people" in changes and "old Ostra bridge" in changes
    assert "four shelters" not in changes  # three hours old: not in the last hour


def test_out_of_range_ids_are_not_found(client, db):
    for url in ("/articles/99999999999999999999/", "/stories/99999999999999999999/", "/stories/0/"):
        assert client.get(url).status_code == 404, url


def test_related_coverage_says_which_tier_each_item_is(client, newsroom):
    related = section(html_of(client.get(f"/articles/{newsroom.wire.pk}/")), "related")
    tiers = re.findall(r'<span class="tier">(.*?)</span>', related)
    # The gazette and the observer cover the same treaty: the same story, listed first.
    assert tiers and tiers[0] == "Same story", tiers
    assert tiers == sorted(tiers, key=lambda t: t != "Same story"), tiers
    data = client.get(f"/api/articles/{newsroom.wire.pk}").json()
    assert {r["tier"] for r in data["related"]} <= {"story", "subject"}
    assert data["related"][0]["tier"] == "story"


def test_a_merged_story_page_redirects_to_the_story_that_absorbed_it(client, newsroom):
    survivor = newsroom.wire.story_id
    StoryRedirect.objects.create(story_id=987654, survivor_id=survivor)
    response = client.get("/stories/987654/")
    assert response.status_code == 301
    assert response["Location"] == f"/stories/{survivor}/"
    assert client.get("/stories/987655/").status_code == 404
