"""The one publisher-link rule that feed items, page metadata and body links share."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.text.links import MAX_URL_CHARS, safe_base, safe_url, unmask

BASE = "https://news.example/world/story.html"


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript:alert(1)",
        "jav\tascript:alert(1)",
        "jav\nascript:alert(1)",
        " \ufffd javascript:alert(1)",
        "\x01javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "mailto:desk@news.example",
        "https://",
        "https://news.example:99999/x",
        "",
        None,
        42,
    ],
)
def test_only_absolute_web_urls_survive(hostile: object) -> None:
    assert safe_url(hostile, BASE) is None


def test_relative_links_resolve_against_a_web_base_only() -> None:
    assert safe_url("/a/b?c=1", BASE) == "https://news.example/a/b?c=1"
    assert safe_url("next.html", BASE) == "https://news.example/world/next.html"
    assert safe_url("/a", "javascript:alert(1)") is None
    assert safe_url("/a") is None
    assert safe_base("/feeds/", BASE) == "https://news.example/feeds/"
    assert safe_base("javascript:x", BASE) == BASE
    assert safe_base(None, BASE) == BASE


def test_invisible_characters_go_and_inner_spaces_are_encoded() -> None:
    assert unmask(" \t https://news.example/a\tb\n c \x00") == "https://news.example/ab%20c"
    assert safe_url("  https://news.example/two words  ") == "https://news.example/two%20words"


def test_one_length_limit_before_and_after_resolution() -> None:
    fits = "https://news.example/" + "a" * (MAX_URL_CHARS - len("https://news.example/"))
    assert safe_url(fits) == fits
    assert safe_url(fits + "a") is None
    relative = "a" * (MAX_URL_CHARS - 5)
    assert safe_url(relative, BASE) is None  # fits alone, too long once resolved
    assert MAX_URL_CHARS == 8192


@given(st.text(max_size=200), st.sampled_from([None, BASE, "javascript:x"]))
def test_result_is_always_http_or_https(value: str, base: str | None) -> None:
    result = safe_url(value, base)
    assert result is None or result.lower().startswith(("http://", "https://"))
