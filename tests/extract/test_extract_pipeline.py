"""End-to-end extraction of pages written for newsdesk (tests/data/extract)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from extract_oracle import assert_safe

from newsdesk.extract import Extraction, extract
from newsdesk.extract.blocks import from_element
from newsdesk.extract.document import parse, prune
from newsdesk.extract.several import first_article

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"
NOW = datetime(2024, 6, 1, tzinfo=UTC)
PAGE_URL = "https://news.example.com/local/2024/03/sea-wall"


def page(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture(scope="module")
def article() -> Extraction:
    return extract(page("article.html"), url=PAGE_URL, now=NOW)


def test_metadata_from_json_ld_and_open_graph(article: Extraction) -> None:
    assert article.title == "Harbour town votes to rebuild its old sea wall"
    assert article.byline == "Ada Lovelace, Charles Babbage"
    assert article.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.updated_at == datetime(2024, 3, 6, 18, 5, tzinfo=UTC)
    assert article.published_at is not None and article.published_at.tzinfo is not None
    assert article.site_name == "The Example Times"
    assert article.canonical_url == "https://news.example.com/local/2024/03/sea-wall"
    assert article.language == "en-GB"
    assert article.image == "https://news.example.com/images/sea-wall.jpg"


def test_body_text_is_the_article_only(article: Extraction) -> None:
    text = article.body_text
    assert text.startswith("The council of Port Examplewick voted")
    assert text.endswith("kinder to the beach.")
    for furniture in (
        "Harbour town votes",
        "By Ada",
        "Share on",
        "Read more",
        "Sign up",
        "Related stories",
        "lifeboat",
        "Copyright",
        "Home",
        "Subscribe",
    ):
        assert furniture not in text, furniture
    assert "How the work will be paid for" in text
    assert "The harbour will stay open to fishing boats throughout." in text


def test_body_text_paragraphs_are_separated_by_one_blank_line(article: Extraction) -> None:
    paragraphs = article.body_text.split("\n\n")
    assert len(paragraphs) == 9
    assert all(p and "\n" not in p and p == p.strip() for p in paragraphs)
    assert "Work starts in May and should last eighteen months." in paragraphs


def test_body_html_is_sanitized_and_keeps_structure(article: Extraction) -> None:
    html = article.body_html
    assert_safe(html)
    assert "<h2>How the work will be paid for</h2>" in html
    assert "<ul><li>Work starts in May" in html
    assert '<a href="https://news.example.com/local/mooring-fees" rel="nofollow noopener">' in html
    assert "<form" not in html and "<input" not in html


def test_to_json_has_exactly_the_documented_keys(article: Extraction) -> None:
    data = article.to_json()
    assert list(data) == [
        "title",
        "byline",
        "published_at",
        "updated_at",
        "site_name",
        "canonical_url",
        "language",
        "image",
        "body_text",
        "body_html",
        "page_type",
        "page_reason",
    ]
    # 09:30+01:00 on the page: the shared date rule gives every stage UTC times.
    assert data["published_at"] == "2024-03-05T08:30:00+00:00"
    assert data["updated_at"] == "2024-03-06T18:05:00+00:00"
    assert Extraction().to_json()["published_at"] is None


def test_metadata_from_meta_tags_only() -> None:
    result = extract(
        page("meta_tags.html"), url="https://diario.example.org/cultura/festival", now=NOW
    )
    # <title> carries " - Diário Exemplo"; the <h1> shows where the headline ends.
    assert result.title == "Festival de inverno começa com recorde de público"
    assert result.byline == "Joana Silva"
    assert result.published_at == datetime(
        2023, 7, 14, 20, 15, tzinfo=timezone(timedelta(hours=-3))
    )
    assert result.updated_at is None  # 2999-01-01 is clamped away
    assert result.language == "pt-BR"
    assert result.image == "https://img.example.org/festival.jpg"
    # og:url is javascript:, so the page URL stands in.
    assert result.canonical_url == "https://diario.example.org/cultura/festival"
    assert result.body_text.startswith("O festival de inverno da cidade começou")
    assert "recorde de público\n" not in result.body_text  # headline not repeated in the body


def test_page_without_article_gives_empty_body() -> None:
    result = extract(page("no_article.html"), url="https://news.example.com/login", now=NOW)
    assert result.body_text == ""
    assert result.body_html == ""
    assert result.title == "Login"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00",
        b"\xff\xfe\x00",
        b"%PDF-1.7\n\x00\x01\x02binary",
        b"<html>",
        b"<?xml version='1.0' encoding='utf-8'?><html><p>x</p></html>",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    ],
)
def test_junk_input_gives_an_empty_extraction(data: bytes) -> None:
    result = extract(data, url=PAGE_URL, now=NOW)
    assert isinstance(result, Extraction)
    assert result.body_text == ""


def test_xml_declaration_does_not_stop_parsing() -> None:
    body = "".join(
        f"<p>Paragraph {n} of a page served as XHTML with a declaration, as some CMS do.</p>"
        for n in range(6)
    )
    data = (
        f"<?xml version='1.0' encoding='utf-8'?><html><body><article>{body}</article></body></html>"
    )
    result = extract(data.encode(), now=NOW)
    assert "Paragraph 5 of a page served as XHTML" in result.body_text


def test_non_web_page_url_is_never_a_canonical_url() -> None:
    result = extract(page("no_article.html"), url="javascript:alert(1)", now=NOW)
    assert result.canonical_url is None


def test_page_read_from_a_file_resolves_against_its_own_og_url() -> None:
    # `newsdesk extract FILE` has no page URL: the page's absolute og:url is the base.
    result = extract(page("article.html"), now=NOW)
    assert result.canonical_url == "https://news.example.com/local/2024/03/sea-wall"
    assert result.image == "https://news.example.com/images/sea-wall.jpg"
    assert_safe(result.body_html)
    # Body links resolve against the canonical URL when there is no page URL.
    assert (
        '<a href="https://news.example.com/local/mooring-fees" rel="nofollow noopener">'
        in result.body_html
    )


def test_a_button_left_open_does_not_take_the_article_with_it() -> None:
    # Markup seen on several publishers' templates: a <div> opened in the menu button and
    # closed after it. libxml2 then never closes the <button>, which holds the rest of
    # the page; removing controls must not remove the article.
    body = "The harbour council met on Tuesday to discuss the sea wall and its cost. " * 6
    more = "Engineers said the old stones would be kept and the new wall built behind them. " * 6
    html = (
        "<html><head><title>Sea wall</title></head><body><header>"
        '<button class="menu" aria-label="Menu"><div class="inner"><svg><use href="#i"/></svg>'
        '<div> </button></div><nav><a href="/">Home</a></nav></header>'
        f"<main><article><h1>Sea wall vote</h1><p>{body}</p><p>{more}</p></article></main>"
        '<button class="vote"><p>12</p></button></body></html>'
    )
    result = extract(html.encode(), url=PAGE_URL, now=NOW)
    assert result.page_type == "article"
    assert result.body_text.count("harbour council") == 6
    assert result.body_text.count("old stones") == 6
    assert "Menu" not in result.body_text


def test_an_article_left_inside_an_unclosed_popup_is_still_found() -> None:
    # A WordPress theme (seen on a fashion blog in the web-pages set) opens its newsletter
    # popup and its page header and never closes them, so the article sits inside
    # <aside class="Popup-Overlay"> and <header>: trafilatura drops both, and
    # readability's first pass drops everything classed "popup". The lenient retry
    # (readability without that pass) is asked only when nothing else found a body.
    paragraphs = "".join(
        f"<p>Paragraph {n} of the guide says the brand makes long-lasting clothes from "
        "natural fibres, sold for under fifty dollars, and repaired for years to come.</p>"
        for n in range(8)
    )
    html = (
        "<html><head><title>Affordable fashion</title></head><body>"
        '<aside class="Popup-Overlay" id="Popup-Newsletter"><div class="Popup-Outer">'
        '<div id="Wrapper-Outer"><header class="Header-Main">'
        '<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>'
        '<article class="Entry"><h1>The most affordable places</h1>'
        f'<div class="Entry-Text">{paragraphs}</div></article>'
        "</body></html>"
    )
    result = extract(html.encode(), url=PAGE_URL, now=NOW)
    assert result.page_type == "article"
    assert result.body_text.count("natural fibres") == 8
    assert "Shop" not in result.body_text


def test_a_long_list_of_options_is_removed_and_a_select_left_open_is_unwrapped() -> None:
    # A search form lists every team of an institute in a <select>: thousands of words,
    # all options (unwrapped, they became the page's "article"). It is a form control,
    # removed like any other; only a <select> holding more than options, i.e. left open
    # over the rest of the page, is unwrapped so the page survives.
    options = "".join(f'<option value="{n}">{n} - Project team {n}</option>' for n in range(400))
    story = "<p>" + "Connected objects capture data about the places around them. " * 5 + "</p>"
    search = parse(
        f'<html><body><form><div><select name="team">{options}</select></div></form>'
        f"<main><h1>Internet of things</h1>{story}</main></body></html>"
    )
    assert search is not None
    text = prune(search).text_content()
    assert "Project team" not in text
    assert text.count("Connected objects") == 5
    left_open = parse(
        '<html><body><form><select name="sort"><option>Newest</option>'
        f"<main><h2>Internet of things</h2>{story}</main></body></html>"
    )
    assert left_open is not None
    assert prune(left_open).text_content().count("Connected objects") == 5


_TOPICS = ("harbour wall", "ferry timetable", "school roof", "bus depot")


def _story(topic: str) -> str:
    return "".join(
        f"<p>Paragraph {n} on the {topic}: the council heard from residents, engineers "
        f"and the contractor about the {topic}, its cost and the months of work ahead.</p>"
        for n in range(6)
    )


def test_only_whole_stories_with_headlines_split_a_body() -> None:
    # Forum software puts each post in an <article> too, without a headline of its own:
    # a thread's posts stay one body; stories with their headlines do not.
    def body_of(headline: str) -> tuple[int, int]:
        articles = "".join(f"<article>{headline}{_story(topic)}</article>" for topic in _TOPICS)
        tree = parse(f"<html><body><main>{articles}</main></body></html>")
        assert tree is not None
        blocks = [block for block in from_element(tree.find("body")) if block.kind == "p"]
        return len(first_article(tree, blocks)), len(blocks)

    assert body_of("") == (24, 24)
    assert body_of("<h2>Council news</h2>") == (6, 24)
