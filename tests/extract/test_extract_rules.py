"""The small, pure rules of the cascade: titles, the vote, furniture cleanup."""

from __future__ import annotations

import pytest

from newsdesk.extract.blocks import Block, from_html
from newsdesk.extract.choose import choose
from newsdesk.extract.cleanup import clean
from newsdesk.extract.title import clean_title


@pytest.mark.parametrize(
    ("raw", "site", "host", "heading", "expected"),
    [
        ("Storm hits coast | The Example Times", "The Example Times", "", "", "Storm hits coast"),
        ("Storm hits coast - Example Times", "", "www.exampletimes.com", "", "Storm hits coast"),
        ("Storm hits coast | Weather | Example", "Example", "", "", "Storm hits coast"),
        ("Example Times — Storm hits coast", "Example Times", "", "", "Storm hits coast"),
        (
            "Spider-Man - a review of the year",
            "",
            "reviews.example",
            "",
            "Spider-Man - a review of the year",
        ),
        (
            "Hong Kong | Protests grow for a third week",
            "",
            "news.example",
            "",
            "Hong Kong | Protests grow for a third week",
        ),
        ("Festival starts - Diário Exemplo", "", "x.example", "Festival starts", "Festival starts"),
    ],
)
def test_clean_title(raw: str, site: str, host: str, heading: str, expected: str) -> None:
    assert clean_title(raw, site, host, heading) == expected


def para(text: str, html: str | None = None) -> Block:
    return Block("p", (text,), html or f"<p>{text}</p>")


ARTICLE = [
    para(
        f"Sentence number {n} of the article body talks about the harbour wall and its repair works."
    )
    for n in range(8)
]


def test_vote_trims_what_only_trafilatura_kept_around_the_shared_core() -> None:
    furniture_top = para("Share this story with your friends on every network you know of")
    furniture_end = para(
        "More from the newsroom: today's most read stories and the weather forecast"
    )
    primary = [furniture_top, *ARTICLE, furniture_end]
    assert choose(primary, ARTICLE, lambda: "") == ARTICLE


def test_vote_keeps_what_only_trafilatura_kept_inside_the_core() -> None:
    inner = para("A list or quote that readability dropped in the middle of the article text")
    primary = [*ARTICLE[:4], inner, *ARTICLE[4:]]
    assert choose(primary, ARTICLE, lambda: "") == primary


def test_vote_does_not_trust_a_fragment() -> None:
    # Readability found two paragraphs of eight: it saw a fragment, not the article.
    assert choose(ARTICLE, ARTICLE[3:5], lambda: "") == ARTICLE


def test_vote_joins_two_halves_in_page_order() -> None:
    first, second = (
        ARTICLE[:4],
        [
            para(f"Second half paragraph {n} continues the story after the box in the middle.")
            for n in range(4)
        ],
    )
    page = " ".join(b.text for b in first) + " Newsletter box " + " ".join(b.text for b in second)
    assert choose(second, first, lambda: page) == [*first, *second]


def test_vote_with_one_side_empty() -> None:
    assert choose([], ARTICLE, lambda: "") == ARTICLE
    assert choose(ARTICLE, [], lambda: "") == ARTICLE


def test_cleanup_drops_headline_calls_to_action_and_teasers() -> None:
    blocks = [
        Block("heading", ("Harbour wall to be rebuilt",), "<h1>Harbour wall to be rebuilt</h1>"),
        *ARTICLE[:2],
        para("Read more: Storm damage closes harbour road"),
        para("Sign up for our newsletter and get the news in your inbox"),
        para("Email Ada at ada@example.com or follow her on Twitter @ada"),
        para("___"),
        *ARTICLE[2:],
        Block("heading", ("More stories",), "<h3>More stories</h3>"),
        para("Ferry timetable changes", '<p><a href="/ferry">Ferry timetable changes</a></p>'),
        para("New lifeboat arrives", '<p><a href="/lifeboat">New lifeboat arrives</a></p>'),
    ]
    assert clean(blocks, "Harbour wall to be rebuilt") == ARTICLE


def test_cleanup_never_touches_long_prose() -> None:
    long = para(
        "Read more: "
        + "this paragraph is long prose that happens to start like a call to action " * 5
    )
    assert clean([long], "") == [long]


def test_blocks_from_html_group_inline_runs() -> None:
    blocks = from_html(
        '<div>Loose <a href="/x">link</a> text<p>Para</p><ul><li>a</li><li>b</li></ul></div>'
    )
    assert [(b.kind, b.lines) for b in blocks] == [
        ("p", ("Loose link text",)),
        ("p", ("Para",)),
        ("list", ("a", "b")),
    ]
