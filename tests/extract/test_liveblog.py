"""Live blogs: JSON-LD and HTML-block variants, re-fetches that add and edit entries, and
the entries as part of the extraction (one parse, the same decoding and date rule)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.extract import LiveBlog, extract, extract_live_blog

DATA = Path(__file__).resolve().parents[1] / "data" / "liveblog"
CET = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def parse_live_blog(html: bytes | str, *, url: str | None = None) -> LiveBlog | None:
    data = html.encode("utf-8") if isinstance(html, str) else html
    return extract_live_blog(data, url=url, now=NOW)


def load(name: str) -> LiveBlog:
    blog = parse_live_blog((DATA / name).read_bytes(), url=f"https://news.example/{name}")
    assert blog is not None, name
    return blog


@pytest.mark.parametrize("variant", ["jsonld", "blocks"])
def test_extract_carries_the_entries_of_its_one_parse(variant: str) -> None:
    name = f"{variant}_v1.html"
    extraction = extract((DATA / name).read_bytes(), url=f"https://news.example/{name}", now=NOW)
    assert extraction.live_blog == load(name)
    assert extraction.body_text  # the article itself is still extracted


def test_an_ordinary_article_extraction_has_no_live_blog() -> None:
    page = (DATA.parent / "stories" / "wire_site_courier.html").read_bytes()
    extraction = extract(page, url="https://news.example/a", now=NOW)
    assert extraction.body_text and extraction.live_blog is None


def test_placeholder_and_future_entry_dates_follow_the_date_rule() -> None:
    def block(when: str, title: str) -> str:
        return f'<div><time datetime="{when}">x</time><h3>{title}</h3><p>Text of {title}.</p></div>'

    html = (
        "<html><body><h1>Live</h1><div>"
        + block("9999-12-31T23:59:59Z", "Placeholder")
        + block("2026-03-04T14:00:00Z", "Two hours ahead")
        + "".join(block(f"2026-03-04T0{i}:00:00Z", f"Entry {i}") for i in range(1, 4))
        + "</div></body></html>"
    )
    first = parse_live_blog(html)
    assert first is not None
    assert "Placeholder" not in [e.title for e in first.entries]
    ahead = next(e for e in first.entries if e.title == "Two hours ahead")
    assert ahead.posted_at == NOW  # clamped, as feed items and pages are
    # The key comes from the time the page writes, so it is stable across fetches.
    later = extract_live_blog(html.encode(), now=NOW + timedelta(minutes=30))
    assert later is not None
    assert {e.key for e in later.entries} == {e.key for e in first.entries}


def test_entries_are_decoded_with_the_page_charset() -> None:
    blocks = "".join(
        f'<div><time datetime="2026-03-03T0{i}:00:00Z">x</time><h3>Grève {i}</h3><p>Les dockers à Marseille {i}.</p></div>'
        for i in range(1, 4)
    )
    html = (
        f'<html><head><meta charset="windows-1252"></head><body><div>{blocks}</div></body></html>'
    )
    blog = extract_live_blog(html.encode("cp1252"), content_type="text/html", now=NOW)
    assert blog is not None
    assert [e.title for e in blog.entries] == ["Grève 3", "Grève 2", "Grève 1"]


@pytest.mark.parametrize("variant", ["jsonld", "blocks"])
def test_entries_are_read_newest_first(variant: str) -> None:
    blog = load(f"{variant}_v1.html")
    assert blog.url == f"https://news.example/{variant}_v1.html"
    assert [e.title for e in blog.entries] == [
        "Minister urges talks",
        "40 ships at anchor",
        "Dockworkers walk out at dawn",
    ]
    first = blog.entries[-1]
    assert first.posted_at == datetime(2026, 3, 3, 6, 5, tzinfo=CET)
    assert first.posted_at.tzinfo is not None
    assert first.author == "Mara Lind"
    assert first.body.startswith("Picket lines formed at the main gate")
    assert blog.entries[0].author == "Tomas Grell"
    assert all(e.updated_at is None for e in blog.entries)


@pytest.mark.parametrize("variant", ["jsonld", "blocks"])
def test_refetch_adds_new_and_updates_edited_entries_by_key(variant: str) -> None:
    v1 = {e.key: e for e in load(f"{variant}_v1.html").entries}
    v2 = {e.key: e for e in load(f"{variant}_v2.html").entries}
    assert len(v1) == 3 and len(v2) == 4
    assert set(v1) < set(v2)  # keys are stable: nothing would be duplicated
    (added,) = set(v2) - set(v1)
    assert v2[added].title == "Wheat prices jump"
    changed = [k for k in v1 if v1[k] != v2[k]]
    assert len(changed) == 1
    edited = v2[changed[0]]
    assert edited.title == "40 ships at anchor"
    assert "43 bulk carriers" in edited.body and "43" not in v1[changed[0]].body
    assert edited.updated_at == datetime(2026, 3, 3, 9, 2, tzinfo=CET)


def test_keys_without_ids_hash_time_and_title_not_body() -> None:
    def page(body: str) -> str:
        blocks = "".join(
            f'<div><time datetime="2026-03-03T0{i}:00:00Z">{i}</time><h3>Entry {i}</h3><p>{body} {i}</p></div>'
            for i in range(1, 5)
        )
        return f"<html><body><h1>Live</h1><div class='feed'>{blocks}</div></body></html>"

    a, b = parse_live_blog(page("first text")), parse_live_blog(page("edited text"))
    assert a is not None and b is not None
    assert [e.key for e in a.entries] == [e.key for e in b.entries]
    assert all(e.key.startswith("h:") for e in a.entries)
    assert len({e.key for e in a.entries}) == 4
    assert a.entries[0].posted_at == datetime(2026, 3, 3, 4, tzinfo=UTC)


def test_ordinary_article_is_not_a_live_blog() -> None:
    article = (DATA.parent / "stories" / "wire_site_courier.html").read_text(encoding="utf-8")
    assert parse_live_blog(article) is None
    two_dated_blocks = (
        "<html><body><div><article><time datetime='2026-01-01'>x</time><p>a</p></article>"
        "<article><time datetime='2026-01-02'>y</time><p>b</p></article></div></body></html>"
    )
    assert parse_live_blog(two_dated_blocks) is None
    assert parse_live_blog("") is None
    assert parse_live_blog(b"\x00\xff") is None


def test_json_ld_variants_and_bad_values() -> None:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage"},
            {
                "@type": ["LiveBlogPosting", "NewsArticle"],
                "headline": "Live",
                "liveBlogUpdate": [
                    {
                        "datePublished": "2026-03-03T10:00:00",
                        "headline": "Naive time",
                        "articleBody": "A\x00 body",
                        "author": [{"name": "One"}, {"name": "Two"}],
                    },
                    {"datePublished": "not a date", "headline": "Dropped"},
                    {"datePublished": 12, "headline": "Dropped too"},
                    "not an object",
                    {
                        "datePublished": "2026-03-03T11:00:00Z",
                        "headline": 5,
                        "articleBody": "Text only.",
                        "url": "https://e.x/1",
                    },
                    # Nothing to show once the bad values are dropped: no entry.
                    {"datePublished": "2026-03-03T12:00:00Z", "headline": 6, "articleBody": ["x"]},
                    # The page's header repeated as an update (its headline, no text).
                    {"datePublished": "2026-03-03T12:30:00Z", "headline": "Live"},
                ],
            },
        ],
    }
    html = f'<script type="application/ld+json">{json.dumps(data)}</script><script type="application/ld+json">{{bad</script>'
    blog = parse_live_blog(html)
    assert blog is not None and blog.title == "Live"
    assert [e.title for e in blog.entries] == ["", "Naive time"]
    assert blog.entries[1].posted_at == datetime(2026, 3, 3, 10, tzinfo=UTC)
    assert blog.entries[1].author == "One, Two"
    assert blog.entries[1].body == "A body"
    assert blog.entries[0].key == "https://e.x/1"


def test_deep_nesting_is_bounded() -> None:
    deep = "<div>" * 50_000 + "<time datetime='2026-01-01'>x</time>" + "</div>" * 50_000
    assert parse_live_blog(deep) is None
    deep_json = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    assert parse_live_blog(deep_json) is None


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=500))
def test_never_raises(html: str) -> None:
    blog = parse_live_blog(html)
    assert blog is None or all(e.posted_at.tzinfo is not None for e in blog.entries)


def test_long_entry_ids_are_hashed_to_fit_the_stored_key() -> None:
    long_url = "https://news.example/live/2026/03/03/port-strike-updates#entry-" + "9" * 40
    updates = [
        {"datePublished": f"2026-03-03T0{i}:00:00Z", "headline": f"E{i}", "url": url}
        for i, url in enumerate([long_url, "https://e.x/short"], start=1)
    ]
    data = {"@type": "LiveBlogPosting", "headline": "Live", "liveBlogUpdate": updates}
    html = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    blog = parse_live_blog(html)
    assert blog is not None
    keys = {e.title: e.key for e in blog.entries}
    assert keys["E2"] == "https://e.x/short"
    assert keys["E1"].startswith("h:") and len(keys["E1"]) <= 64


FURNITURE_TITLES = [
    "Operators table new offer",
    "Wheat prices jump",
    "Talks collapse overnight",
    "Picket lines return",
]


def test_page_furniture_is_never_an_entry() -> None:
    """Header (headline, byline, time, share bar), a "Key events" digest of links that
    repeats the entries, and share bars inside entries: only the four entries remain."""
    blog = load("furniture.html")
    assert [e.title for e in blog.entries] == FURNITURE_TITLES
    assert [e.author for e in blog.entries] == ["Tomas Grell", *["Mara Lind"] * 3]
    assert [e.posted_at.astimezone(CET).strftime("%H:%M") for e in blog.entries] == [
        "11:29",
        "09:40",
        "08:15",
        "05:32",
    ]
    for entry in blog.entries:
        assert "Facebook" not in entry.body and "Share" not in entry.body
        assert "Updated" not in entry.body
    # An entry whose text is not in a <p> still gets its text, without time or share bar.
    assert blog.entries[-1].body == (
        "Pickets were back at the main gate before dawn, with about 200 dockworkers "
        "blocking lorries from entering the container terminal."
    )


def test_a_live_blog_page_shows_its_own_text_and_the_time_its_coverage_began() -> None:
    page = (DATA / "furniture.html").read_bytes()
    extraction = extract(page, url="https://news.example/live", now=NOW)
    assert extraction.live_blog is not None
    # The display body keeps the standfirst and loses every entry and the digest, so the
    # entries are shown once (with their times) and not a second time inside the body.
    assert "stayed out for a second day" in extraction.body_html
    for entry in extraction.live_blog.entries:
        assert entry.title not in extraction.body_html
        assert entry.body[:40] not in extraction.body_html
    assert "Key events" not in extraction.body_html
    # The whole text is still there for search, summaries and stories.
    assert "Wheat futures rose 4%" in extraction.body_text
    # The page says 11:29 (its newest entry); the coverage began at 05:32.
    assert extraction.published_at == datetime(2026, 3, 4, 5, 32, tzinfo=CET)
    assert extraction.updated_at == datetime(2026, 3, 4, 11, 29, tzinfo=CET)


def test_a_pinned_copy_of_an_entry_is_read_once() -> None:
    def block(ident: str, when: str, title: str) -> str:
        return (
            f'<div id="{ident}"><time datetime="{when}">x</time><h3>{title}</h3>'
            f"<p>Text of {title}.</p></div>"
        )

    entries = [block(f"e{i}", f"2026-03-04T0{i}:00:00Z", f"Entry {i}") for i in range(1, 4)]
    pinned = block("pinned-e2", "2026-03-04T02:00:00Z", "Entry 2")
    html = f"<html><body><h1>Live</h1><div>{pinned}{''.join(entries)}</div></body></html>"
    blog = parse_live_blog(html)
    assert blog is not None
    assert [e.title for e in blog.entries] == ["Entry 3", "Entry 2", "Entry 1"]


def test_a_digest_as_large_as_the_entries_loses_to_them() -> None:
    digest = "".join(
        f'<li><a href="#e{i}"><time datetime="2026-03-04T0{i}:00:00Z">0{i}:00</time> Entry {i}</a></li>'
        for i in range(1, 4)
    )
    entries = "".join(
        f'<div id="e{i}"><time datetime="2026-03-04T0{i}:00:00Z">x</time><h3>Entry {i}</h3>'
        f"<p>What happened at {i} o'clock, told in a sentence.</p></div>"
        for i in range(1, 4)
    )
    html = f"<html><body><h1>Live</h1><ul>{digest}</ul><div>{entries}</div></body></html>"
    blog = parse_live_blog(html)
    assert blog is not None
    assert [e.key for e in blog.entries] == ["e3", "e2", "e1"]
    assert all(e.body.startswith("What happened") for e in blog.entries)


def test_entries_days_older_than_the_declared_date_do_not_replace_it() -> None:
    # The same page declaring a date three days after its "entries": they are older
    # stories listed beside it, not coverage that began earlier.
    page = (
        (DATA / "furniture.html")
        .read_bytes()
        .replace(b'content="2026-03-04T11:29:00+01:00"', b'content="2026-03-07T11:29:00+01:00"')
    )
    later = datetime(2026, 3, 8, tzinfo=UTC)
    extraction = extract(page, url="https://news.example/live", now=later)
    assert extraction.live_blog is not None
    assert extraction.published_at == datetime(2026, 3, 7, 11, 29, tzinfo=CET)
