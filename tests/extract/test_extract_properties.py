"""Properties of the whole cascade on arbitrary input."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from extract_oracle import assert_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.extract import Extraction, extract


class _Errors(logging.Handler):
    """Collects ERROR records: extract() never raises, but a swallowed crash is logged."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


ERRORS = _Errors()
logging.getLogger("newsdesk.extract").addHandler(ERRORS)
NOW = datetime(2024, 6, 1, tzinfo=UTC)

FRAGMENTS = [
    "<html>",
    "<body>",
    "<article>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<h1>",
    "<ul><li>",
    "<script>",
    "</script>",
    "<meta charset='utf-16'>",
    "<?xml version='1.0' encoding='latin-1'?>",
    "<base href='javascript:x'>",
    "<a href='jav&#x09;ascript:x'>",
    "</a>",
    "<svg>",
    "<noscript>",
    "<table><tr><td>",
    '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"0001-01-01"}</script>',
    "The quick brown fox jumps over the lazy dog. ",
    "Ünïcödé — “quotes” ",
    "\x00",
    "\ufeff",
    "&#0;",
]


def _check(result: Extraction) -> None:
    assert isinstance(result, Extraction)
    assert_safe(result.body_html)
    assert "\n\n\n" not in result.body_text
    for moment in (result.published_at, result.updated_at):
        assert moment is None or moment.tzinfo is not None
    assert not ERRORS.records, ERRORS.records[-1].getMessage()


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=4000))
def test_extract_never_raises_on_bytes(data: bytes) -> None:
    _check(extract(data, url="https://example.com/a", now=NOW))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=40),
    st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
def test_extract_never_raises_on_html_soup(parts: list[str], encoding: str) -> None:
    data = "".join(parts).encode(encoding, errors="replace")
    _check(
        extract(
            data,
            url="https://example.com/a",
            content_type=f"text/html; charset={encoding}",
            now=NOW,
        )
    )
