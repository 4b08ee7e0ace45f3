"""Issue 3 end to end on loopback: wire copies fold, coverage clusters, live blogs update.

Pages come from tests/data/stories and tests/data/liveblog (fictional, MIT); the plain-text
fixtures are wrapped in a minimal article template at serve time.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.storage.models import Article, ArticleStatus, LiveEntry

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).resolve().parents[1] / "data"
WIRE_PAGES = ["wire_site_caldertimes.html", "wire_site_courier.html", "wire_site_ledger.html"]


def _page(txt: Path, site: str, published: str) -> bytes:
    headline, _, body = txt.read_text().partition("\n\n")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(headline)} | {site}</title>'
        f'<meta property="og:site_name" content="{site}">'
        f'<script type="application/ld+json">{{"@type":"NewsArticle","datePublished":"{published}"}}</script>'
        f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{html.escape(headline)}</h1>"
        f"{paragraphs}</article><footer>© {site}</footer></body></html>"
    ).encode()


def _ingest() -> None:
    assert main(["ingest", "--threads", "2", "--processes", "1"]) == 0


@pytest.fixture
def newsroom(publisher, allow_loopback):
    texts = {
        "/agency/strike.html": ("wire_reuters.txt", "Reuters", "2026-03-03T09:00:00+00:00"),
        "/herald/strike.html": ("rewrite_herald.txt", "The Herald", "2026-03-03T13:00:00+00:00"),
        "/tribune/strike.html": ("rewrite_tribune.txt", "The Tribune", "2026-03-03T15:30:00+00:00"),
        "/herald/bank.html": (
            "event_b_central_bank.txt",
            "The Herald",
            "2026-03-05T10:00:00+00:00",
        ),
        "/tribune/bank.html": (
            "event_b_central_bank_2.txt",
            "The Tribune",
            "2026-03-05T12:00:00+00:00",
        ),
    }
    for path, (name, site, when) in texts.items():
        publisher.overrides[path] = (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            _page(DATA / "stories" / name, site, when),
        )
    for name in WIRE_PAGES:
        body = (DATA / "stories" / name).read_bytes()
        publisher.overrides[f"/{name}"] = (200, {"Content-Type": "text/html; charset=utf-8"}, body)
    for path in [*texts, *(f"/{n}" for n in WIRE_PAGES)]:
        assert main(["source", "add", publisher.url(path)]) == 0
    _ingest()
    return {
        path: Article.objects.get(url=publisher.url(path))
        for path in [*texts, *(f"/{n}" for n in WIRE_PAGES)]
    }


def test_wire_copies_fold_into_one_item(newsroom, client):
    wire = [newsroom["/agency/strike.html"], *(newsroom[f"/{n}"] for n in WIRE_PAGES)]
    assert all(a.status == ArticleStatus.READY for a in wire)
    originals = [a for a in wire if a.copy_of_id is None]
    assert len(originals) == 1, [(a.url, a.copy_of_id) for a in wire]
    original = originals[0]
    assert {a.copy_of_id for a in wire if a is not original} == {original.pk}
    # Honest rewrites are not copies.
    assert newsroom["/herald/strike.html"].copy_of_id is None
    assert newsroom["/tribune/strike.html"].copy_of_id is None

    detail = client.get(f"/api/articles/{original.pk}").json()
    assert len(detail["also_published_by"]) == 3
    related_ids = {r["id"] for r in detail["related"]}
    assert not related_ids & {a.pk for a in wire}, "a copy is never listed as related"
    assert {newsroom["/herald/strike.html"].pk, newsroom["/tribune/strike.html"].pk} <= related_ids
    # Readers see one item: the front page lists the wire story once.
    front = client.get("/latest/").content.decode()
    assert front.count(f"/articles/{original.pk}/") >= 1
    assert sum(front.count(f"/articles/{a.pk}/") for a in wire if a is not original) == 0


def test_coverage_of_one_event_is_one_story_and_another_event_stays_apart(newsroom, client):
    strike = {
        newsroom[p].story_id
        for p in ("/agency/strike.html", "/herald/strike.html", "/tribune/strike.html")
    }
    bank = {newsroom[p].story_id for p in ("/herald/bank.html", "/tribune/bank.html")}
    assert len(strike) == 1 and None not in strike
    assert len(bank) == 1 and None not in bank
    assert strike != bank
    story = client.get(f"/api/stories/{strike.pop()}").json()
    assert len({a["publisher"] for a in story["articles"]}) >= 3
    page = client.get(f"/stories/{story['id']}/")
    assert page.status_code == 200


def test_live_blog_refetch_adds_and_updates_entries(publisher, allow_loopback, client):
    v1 = (DATA / "liveblog" / "jsonld_v1.html").read_bytes()
    v2 = (DATA / "liveblog" / "jsonld_v2.html").read_bytes()
    publisher.overrides["/live.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, v1)
    main(["source", "add", publisher.url("/live.html")])
    _ingest()
    article = Article.objects.get()
    first = {e.key: e for e in LiveEntry.objects.filter(article=article)}
    assert article.is_live and len(first) >= 3

    publisher.overrides["/live.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, v2)
    Article.objects.filter(pk=article.pk).update(recheck_at="2000-01-01T00:00:00Z")
    _ingest()
    second = {e.key: e for e in LiveEntry.objects.filter(article=article)}
    assert len(second) == len(first) + 1  # one more entry, none duplicated
    edited = [k for k in first if first[k].body != second[k].body]
    assert len(edited) == 1
    detail = client.get(f"/api/articles/{article.pk}").json()
    times = [e["posted_at"] for e in detail["live_entries"]]
    assert times == sorted(times, reverse=True)  # newest first
