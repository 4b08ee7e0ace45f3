"""Hostile and oversized pages: lying encodings, deep nesting, 20 MB, script links."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from extract_oracle import assert_safe, violations

from newsdesk.extract import extract

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"
NOW = datetime(2024, 6, 1, tzinfo=UTC)
URL = "https://news.example.com/local/budget"


@pytest.fixture(scope="module")
def hostile():
    return extract((DATA / "hostile.html").read_bytes(), url=URL, now=NOW)


def test_oracle_catches_what_it_must() -> None:
    # The oracle itself must fail on unsafe markup, or the tests below prove nothing.
    assert violations('<p onclick="x">a</p>')
    assert violations('<a href="jav&#x09;ascript:alert(1)">a</a>')
    assert violations('<a href="/relative">a</a>')
    assert violations("<svg></svg>") and violations("<form></form>") and violations("<math></math>")
    assert not violations('<p><a href="https://example.com/">a</a></p>')


def test_hostile_page_output_passes_the_oracle(hostile) -> None:
    assert_safe(hostile.body_html)
    assert "alert" not in hostile.body_html
    assert "budget report on Monday" in hostile.body_text


def test_hostile_page_drops_noscript_svg_forms_and_scripts(hostile) -> None:
    text = hostile.body_text
    assert "Please enable scripts" not in text
    assert "depot depot" not in text  # the <svg><text> is not article text
    assert "<form" not in hostile.body_html and "<input" not in hostile.body_html
    assert "password" not in hostile.body_html
    assert "alert" not in text


def test_javascript_base_and_metadata_urls_are_refused(hostile) -> None:
    assert hostile.canonical_url == URL  # canonical is javascript:, the page URL stands in
    assert hostile.image is None  # og:image is a data: URL
    # <base href="javascript:..."> is ignored: relative links resolve against the page.
    assert (
        '<a href="https://news.example.com/reports/2024/budget.pdf" rel="nofollow noopener">'
        in hostile.body_html
    )
    assert '<a href="mailto:budget@council.example" rel="nofollow noopener">' in hostile.body_html


def test_meta_refresh_is_not_followed_or_emitted(hostile) -> None:
    assert "refresh" not in hostile.body_html.lower()
    assert "http-equiv" not in hostile.body_html.lower()


def test_100k_nested_divs_do_not_recurse() -> None:
    lead = "".join(
        f"<p>Lead paragraph {n} explains what the deeply nested page is about today.</p>"
        for n in range(5)
    )
    data = (
        f"<html><body><article>{lead}</article>"
        + "<div>" * 100_000
        + "deep"
        + "</div>" * 100_000
        + "</body></html>"
    ).encode()
    start = time.perf_counter()
    result = extract(data, url=URL, now=NOW)
    assert time.perf_counter() - start < 10
    assert "Lead paragraph 4 explains" in result.body_text
    assert_safe(result.body_html)


def test_100k_nested_divs_in_the_sanitizer() -> None:
    from newsdesk.extract import sanitize_html

    start = time.perf_counter()
    out = sanitize_html("<div>" * 100_000 + "<p>x</p>" + "</div>" * 100_000, "https://example.com/")
    assert time.perf_counter() - start < 10
    # Content below libxml2's depth limit (256) is dropped; above it, kept.
    assert_safe(out)
    assert "x" not in out
    assert sanitize_html("<div>" * 200 + "<p>x</p>" + "</div>" * 200, None) == "<p>x</p>"


def test_20mb_page_is_bounded() -> None:
    article = (DATA / "article.html").read_bytes()
    filler = (
        b"<div class='more'><p>"
        + b"lorem ipsum dolor sit amet, consectetur. " * 20
        + b"</p></div>\n"
    )
    data = article.replace(b"</main>", b"</main>" + filler * (20_000_000 // len(filler)))
    assert len(data) > 19_000_000
    start = time.perf_counter()
    result = extract(data, url=URL, now=NOW)
    # Input is cut at pipeline.MAX_BYTES (5 MB) then document.MAX_CHARS: ~1 s here.
    assert time.perf_counter() - start < 15
    assert result.body_text.startswith("The council of Port Examplewick voted")
    assert "lorem ipsum" not in result.body_text
