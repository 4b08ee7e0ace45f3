"""The finished site: images from our own origin, sections, display policy, error pages,
HEAD, plain source health for readers, the console's name."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from newsdesk.ingest.urls import UrlRejected
from newsdesk.storage.models import Article, ArticleStatus, ArticleTag, Hashtag, SourceKind
from newsdesk.worker.network import reset_network, validate_source_url
from tests.web.newsroom import publish, source

pytestmark = pytest.mark.django_db


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_cards_and_article_pages_show_images_through_the_signed_proxy(client, newsroom):
    Article.objects.filter(pk=newsroom.wire.pk).update(
        image="https://meridian-press.example/lead.jpg",
        body_html='<p>Text.</p><p><img src="https://cdn.example/chart.png?a=1&amp;b=2" alt="Chart"></p>',
    )
    front = page(client, "/")
    card = re.search(r'<li class="card story-card">.*?</li>', front, re.S).group(0)
    img = re.search(r"<img [^>]*>", card).group(0)
    assert re.search(r'src="/media/[^"]+/320\.webp"', img)
    assert 'srcset="/media/' in img and " 640w" in img
    assert 'width="320" height="180"' in img and 'loading="' in img
    article = page(client, f"/articles/{newsroom.wire.pk}/")
    lead = re.search(r'<figure class="lead-image"><img [^>]*>', article).group(0)
    assert 'width="640" height="360"' in lead
    # The body's chart is kept, served through the same signed proxy, lazily, with alt.
    body = re.search(r'id="article-body".*?</div>', article, re.S).group(0)
    chart = re.search(r"<img [^>]*>", body).group(0)
    assert re.search(r'src="/media/[^"]+/640\.webp"', chart) and " 1024w" in chart
    assert 'alt="Chart"' in chart and 'loading="lazy"' in chart and "cdn.example" not in body
    # No page asks another origin for anything: every src is our own.
    for html in (front, article):
        for src in re.findall(r'\ssrc="([^"]*)"', html):
            assert src.startswith("/"), src


def test_an_article_without_an_image_gets_a_tidy_card(client, db):
    harbour = source("Harbour Ledger")
    museum = publish(harbour, "museum.txt", at=timezone.now())
    html = page(client, "/")
    card = re.search(r'<li class="card article-card no-image">.*?</li>', html, re.S).group(0)
    assert f'href="/articles/{museum.pk}/"' in card and "pic-card" not in card


def test_the_csp_allows_images_from_our_origin_only(client, newsroom):
    csp = client.get("/")["Content-Security-Policy"]
    img = re.search(r"img-src ([^;]*)", csp).group(1)
    assert "https:" not in img and "'self'" in img


def tag(article: Article, word: str) -> None:
    hashtag, _ = Hashtag.objects.get_or_create(key=word.lower(), defaults={"display": word})
    ArticleTag.objects.create(article=article, hashtag=hashtag, tagged_at=timezone.now())


def test_sections_are_tabs_with_their_own_pages(client, newsroom, monkeypatch):
    tag(newsroom.museum, "Culture")
    html = page(client, "/sections/entertainment/")
    assert "<h1>Entertainment</h1>" in html
    assert f'href="/articles/{newsroom.museum.pk}/"' in html
    assert 'aria-current="page">Entertainment</a>' in html
    assert f'href="/articles/{newsroom.wire.pk}/"' not in html
    assert "Nothing in Sport yet" in page(client, "/sections/sport/")
    assert client.get("/sections/no-such-section/").status_code == 404
    # The operator's own list replaces the defaults.
    monkeypatch.setenv("NEWSDESK_SECTIONS", "Museums=culture,museum;Broken entry;=x")
    front = page(client, "/")
    assert 'href="/sections/museums/"' in front and 'href="/sections/world/"' not in front
    assert f'href="/articles/{newsroom.museum.pk}/"' in page(client, "/sections/museums/")


def body_of(html: str) -> str:
    return re.search(r'id="article-body".*?</div>', html, re.S).group(0)


def test_display_policy_per_source_with_a_site_default(client, newsroom, monkeypatch):
    museum = newsroom.museum
    first = museum.body_text.split("\n\n")[0]
    last = museum.body_text.split("\n\n")[-1]
    full = page(client, f"/articles/{museum.pk}/")
    assert last.split()[0] in body_of(full) and 'class="ai"' in full
    museum.source.display_policy = "excerpt"
    museum.source.save()
    html = page(client, f"/articles/{museum.pk}/")
    assert first[:60].replace("'", "&#x27;") in body_of(html)
    assert "read the whole article at the source" in html and 'class="ai"' not in html
    assert len(re.sub(r"<[^>]+>", "", body_of(html))) < len(museum.body_text)
    museum.source.display_policy = "headline"
    museum.source.save()
    html = page(client, f"/articles/{museum.pk}/")
    assert first[:60].replace("'", "&#x27;") not in html
    assert "Read the original at" in html
    api = client.get(f"/api/articles/{museum.pk}").json()
    assert api["display"] == "headline" and api["body_text"] == "" and api["summary"] == ""
    # Back to the site default, which the setting chooses.
    museum.source.display_policy = ""
    museum.source.save()
    monkeypatch.setenv("NEWSDESK_DISPLAY_POLICY", "headline")
    assert first[:60].replace("'", "&#x27;") not in page(client, f"/articles/{museum.pk}/")


def test_a_publishers_robots_directives_win_over_the_setting(client, newsroom):
    museum = newsroom.museum
    first = museum.body_text.split("\n\n")[0]
    Article.objects.filter(pk=museum.pk).update(robots="nosnippet")
    html = page(client, f"/articles/{museum.pk}/")
    assert first[:60].replace("'", "&#x27;") not in html and "no snippet" in html
    Article.objects.filter(pk=museum.pk).update(robots="max-snippet:50")
    api = client.get(f"/api/articles/{museum.pk}").json()
    assert api["display"] == "excerpt" and 0 < len(api["body_text"]) <= 51
    Article.objects.filter(pk=museum.pk).update(robots="noarchive")
    assert client.get(f"/api/articles/{museum.pk}").json()["display"] == "excerpt"


@pytest.mark.parametrize(
    "path", ["/", "/latest/", "/sources/", "/healthz", "/api/articles", "/api/openapi.json"]
)
def test_head_answers_wherever_get_does(client, newsroom, path):
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]


def test_head_on_article_and_story_pages(client, newsroom):
    for path in (f"/articles/{newsroom.wire.pk}/", f"/stories/{newsroom.wire.story_id}/"):
        assert client.head(path).status_code == 200
    assert client.head("/articles/999999/").status_code == 404


def assert_finished(html: str) -> None:
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert 'class="sections"' in html and 'href="/sources/"' in html
    assert 'action="/search/"' in html


def test_error_pages_are_styled_with_the_sites_navigation(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert_finished(response.content.decode())
    assert "This page is not here" in response.content.decode()
    for name, words in (("500.html", "Something went wrong"), ("403.html", "You may not open")):
        html = render_to_string(name)  # the 500 handler renders without a request, so do we
        assert_finished(html)
        assert words in html


def test_a_csrf_failure_is_a_finished_page(newsroom):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/login/", {"username": "ada", "password": "pw-pw-pw-1"})
    assert response.status_code == 403
    html = response.content.decode()
    assert_finished(html)
    assert "This form has expired" in html


def test_readers_see_a_plain_status_and_staff_the_raw_error(client, db):
    broken = source("Harbour Ledger")
    broken.error_count = 3
    broken.last_error_kind = "connect"
    broken.last_error = "cannot connect: [Errno 111] Connection refused"
    broken.last_success_at = timezone.now()
    broken.save()
    html = page(client, "/sources/")
    assert "Not reachable since" in html and "Errno" not in html
    assert "Errno" not in page(client, f"/sources/{broken.pk}/")
    staff = User.objects.create_user("op", password="pw", is_staff=True)
    client.force_login(staff)
    assert "[Errno 111] Connection refused" in page(client, "/sources/")


def test_a_page_source_without_an_article_is_not_ok(client, db):
    lone = source("Lone Page")
    lone.kind = SourceKind.PAGE
    lone.last_success_at = timezone.now()
    lone.save()
    Article.objects.create(
        source=lone,
        item_key="k",
        url="https://lone-page.example/",
        url_key="k",
        status=ArticleStatus.FAILED,
        error="The page holds no article text the extractor could find.",
    )
    html = page(client, "/sources/")
    assert "No article" in html and 'badge ok">OK' not in html
    client.force_login(User.objects.create_user("op", password="pw", is_staff=True))
    assert "holds no article text the extractor" in page(client, f"/sources/{lone.pk}/")


def test_phone_tables_label_their_cells(client, db):
    source("Harbour Ledger")
    html = page(client, "/sources/")
    assert re.search(r'<td data-label="Status">', html)


def test_the_refusal_of_a_private_address_names_the_setting(monkeypatch):
    monkeypatch.delenv("NEWSDESK_FETCH_ALLOWLIST", raising=False)
    reset_network()
    with pytest.raises(UrlRejected) as refused:
        validate_source_url("http://127.0.0.1:8080/feed.xml")
    assert "NEWSDESK_FETCH_ALLOWLIST" in refused.value.reason


def test_the_console_is_branded_newsdesk(client, db):
    html = client.get("/admin/login/").content.decode()
    assert "newsdesk console" in html and "Django administration" not in html


def test_api_docs_fit_a_phone_and_describe_every_operation(client, db):
    docs = client.get("/api/docs").content.decode()
    assert 'name="viewport"' in docs
    schema = client.get("/api/openapi.json").json()
    briefing = [
        (path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()
    ]
    for path, method, op in briefing:
        assert op.get("description") or op.get("summary"), (path, method)
    for name, component in schema["components"]["schemas"].items():
        assert component.get("description"), name
    tagged = schema["paths"]["/api/stories/{story_id}/briefing"]["get"]["tags"]
    assert len(tagged) == 1  # listed once in the docs


def test_a_feed_category_puts_an_article_in_its_section(client, newsroom):
    from newsdesk.storage.models import feed_tag_keys

    Article.objects.filter(pk=newsroom.gazette.pk).update(
        feed_tags=feed_tag_keys(["Sport", "Local news"])
    )
    assert feed_tag_keys(["Middle East", "middle-east", ""]) == "|middleeast|"
    html = page(client, "/sections/sport/")
    assert f'href="/articles/{newsroom.gazette.pk}/"' in html
    assert f'href="/articles/{newsroom.observer.pk}/"' not in html
