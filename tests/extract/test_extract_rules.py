"""The small, pure rules of the cascade: titles, the vote, furniture cleanup."""

from __future__ import annotations

import pytest
from lxml import etree

from newsdesk.extract.blocks import Block, flatten, from_html, from_tei
from newsdesk.extract.choose import Vote, choose, with_area
from newsdesk.extract.cleanup import clean, without_copy
from newsdesk.extract.document import parse
from newsdesk.extract.pagesignals import main_area
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
    assert choose(primary, ARTICLE, lambda: "") == Vote(ARTICLE, disagreed=False)


def test_vote_trims_trafilaturas_tail_when_readability_has_blocks_of_its_own() -> None:
    # Readability kept a list trafilatura dropped, so its output is not all inside
    # trafilatura's; it still bounds the article: the author box and the sidebar's
    # recent posts after it go, and the list comes back in its place.
    steps = Block(
        "list",
        tuple(f"Step {n}: carry the stones to the footing" for n in range(3)),
        "<ul><li>Step 0</li></ul>",
    )
    sidebar = [
        para("Hi, I am Jessica, and this blog is where I write about walls and the sea."),
        para("Search"),
        para("Recent posts: how we rebuilt the pier in a single summer, with photographs."),
    ]
    article = ARTICLE + [para(block.text.replace("harbour", "sea")) for block in ARTICLE]
    page = [*article[:4], steps, *article[4:], *sidebar]
    text = " ".join(block.text for block in page)
    vote = choose([*article, *sidebar], [*article[:4], steps, *article[4:]], lambda: text)
    assert vote == Vote([*article[:4], steps, *article[4:]], disagreed=False)


def test_vote_keeps_what_only_trafilatura_kept_inside_the_core() -> None:
    inner = para("A list or quote that readability dropped in the middle of the article text")
    primary = [*ARTICLE[:4], inner, *ARTICLE[4:]]
    assert choose(primary, ARTICLE, lambda: "").blocks == primary


def test_vote_does_not_trust_a_fragment() -> None:
    # Readability found two paragraphs of eight: it saw a fragment, not the article.
    assert choose(ARTICLE, ARTICLE[3:5], lambda: "").blocks == ARTICLE


def test_vote_joins_two_halves_in_page_order() -> None:
    first, second = (
        ARTICLE[:4],
        [
            para(f"Second half paragraph {n} continues the story after the box in the middle.")
            for n in range(4)
        ],
    )
    page = " ".join(b.text for b in first) + " Newsletter box " + " ".join(b.text for b in second)
    assert choose(second, first, lambda: page) == Vote([*first, *second], disagreed=True)


def test_vote_with_one_side_empty() -> None:
    assert choose([], ARTICLE, lambda: "") == Vote(ARTICLE, disagreed=True)
    assert choose(ARTICLE, [], lambda: "") == Vote(ARTICLE, disagreed=True)


LONG_PROSE = [
    para(
        f"Part two, paragraph {n}, goes on with the council's plan: the engineers said the "
        "new wall would be finished before the winter storms, and residents welcomed it."
    )
    for n in range(8)
]


def test_vote_keeps_a_long_run_of_prose_beyond_readabilitys_extent() -> None:
    # Readability stopped at an inline box and kept the first half; trafilatura kept the
    # second half too: 8 paragraphs, 224 words of sentences, are article, not furniture.
    core = ARTICLE * 3
    furniture = para("Share this story with your friends on every network you know of")
    primary = [furniture, *core, *LONG_PROSE]
    assert choose(primary, core, lambda: "").blocks == [*core, *LONG_PROSE]
    # An edge as long made of headlines and link lines is still trimmed.
    teasers = [para(f"Five more stories from the newsroom, number {n}") for n in range(25)]
    assert choose([*core, *teasers], core, lambda: "").blocks == core


def test_vote_puts_back_a_list_readability_kept_and_trafilatura_dropped() -> None:
    steps = Block(
        "list",
        tuple(
            f"Step {n}: measure the wall, order the stone and book the masons early"
            for n in range(3)
        ),
        "<ul>"
        + "".join(
            f"<li>Step {n}: measure the wall, order the stone and book the masons early</li>"
            for n in range(3)
        )
        + "</ul>",
    )
    gallery = Block(
        "list",
        ("The harbour wall after the storm, seen from the pier at low tide on Monday morning",),
        '<ul><li><img src="/a.jpg"><p class="caption">The harbour wall after the storm, seen '
        "from the pier at low tide on Monday morning</p></li></ul>",
    )
    other = [
        para(f"Readability's own paragraph {n} about a different corner of the page entirely.")
        for n in range(2)
    ]
    heading = Block("heading", ("How the wall is rebuilt",), "<h2>How the wall is rebuilt</h2>")
    secondary = [*ARTICLE[:4], heading, steps, gallery, *ARTICLE[4:], *other]
    page = " ".join(block.text for block in secondary)
    vote = choose(ARTICLE, secondary, lambda: page)
    # Only the list of sentences between shared blocks comes back, where it stood, with
    # the heading that introduces it; the gallery and readability's paragraphs after the
    # shared text do not.
    assert vote == Vote([*ARTICLE[:4], heading, steps, *ARTICLE[4:]], disagreed=False)


STEPS = [f"Step {n}: measure the wall, order the stone and book the masons early" for n in range(3)]
TEASER = (
    "The council's other big project, the ferry terminal, is late again and over its budget"
    " by a third, the auditors said in a report published on Friday."
)
CAPTION = (
    "The harbour wall after the storm, seen from the pier at low tide on Monday morning, "
    "with the old lifeboat station behind it."
)


def test_main_area_puts_back_a_list_both_voters_dropped() -> None:
    paragraphs = "".join(f"<p>{block.text}</p>" for block in ARTICLE[:4])
    rest = "".join(f"<p>{block.text}</p>" for block in ARTICLE[4:])
    steps = "<ul>" + "".join(f"<li>{step}</li>" for step in STEPS) + "</ul>"
    links = (
        "<ul>"
        + "".join(
            f'<li><a href="/s{n}">Storm closes the coast road again, drivers told to wait</a></li>'
            for n in range(4)
        )
        + "</ul>"
    )
    html = (
        "<html><body><nav><p>Home News Sport</p></nav><article>"
        f"{paragraphs}<h2>How the wall is rebuilt</h2>{steps}"
        f'<div class="image-caption"><p>{CAPTION}</p></div>'
        f'<aside class="related-stories"><p>{TEASER}</p></aside>'
        f"<h3>Read next</h3>{links}{rest}</article></body></html>"
    )
    tree = parse(html)
    assert tree is not None
    area = main_area(tree, ARTICLE)
    assert area is not None and area.tag == "article"
    page = flatten(" ".join(tree.itertext()))
    blocks = with_area(ARTICLE, area, lambda: page)
    # The steps come back where they stood, with their heading; the photo's caption, the
    # teaser for another story and the list of links to others do not.
    assert [block.text for block in blocks] == [
        *(block.text for block in ARTICLE[:4]),
        "How the wall is rebuilt",
        " ".join(STEPS),
        *(block.text for block in ARTICLE[4:]),
    ]
    # Without an area, or with a body the area has nothing to add to, the body stands.
    assert with_area(ARTICLE, None, lambda: page) == ARTICLE
    assert with_area(blocks, area, lambda: page) == blocks


def test_main_area_puts_back_a_short_list_of_facts() -> None:
    facts = ("Location: Boston, Massachusetts", "Class size: 930 students", "Acceptance rate: 14 %")
    html = "".join(f"<p>{block.text}</p>" for block in ARTICLE[:4])
    html += "<ul>" + "".join(f"<li>{fact}</li>" for fact in facts) + "</ul>"
    html += "".join(f"<p>{block.text}</p>" for block in ARTICLE[4:])
    tree = parse(f"<html><body><article>{html}</article></body></html>")
    assert tree is not None
    page = flatten(" ".join(tree.itertext()))
    found = with_area(ARTICLE, tree.find(".//article"), lambda: page)
    # Ten words: shorter than any block readability's output gives back, yet article.
    assert [block.text for block in found] == [
        *(block.text for block in ARTICLE[:4]),
        " ".join(facts),
        *(block.text for block in ARTICLE[4:]),
    ]


def test_main_area_puts_back_prose_past_the_bodys_end_but_not_teasers() -> None:
    body = "".join(f"<p>{block.text}</p>" for block in ARTICLE)
    more = "".join(f"<p>{block.text}</p>" for block in LONG_PROSE)
    teasers = "".join(
        f'<p><a href="/s{n}">Storm closes the coast road again</a></p><p>{TEASER}</p>'
        for n in range(8)
    )
    comments = f'<div class="comments">{more}</div>'
    for tail, expected in ((more, LONG_PROSE), (teasers, []), (comments, [])):
        tree = parse(f"<html><body><article>{body}{tail}</article></body></html>")
        assert tree is not None
        area = tree.find(".//article")
        page = flatten(" ".join(tree.itertext()))
        # trafilatura stopped early: the run of prose after it is the article going on;
        # a run of headline links and excerpts, or readers' comments, is not.
        found = with_area(ARTICLE, area, lambda page=page: page)
        assert [block.text for block in found] == [block.text for block in ARTICLE + expected]


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


def _section(n: int) -> list[Block]:
    return [
        Block("heading", (f"Step {n}",), f"<h2>Step {n}</h2>"),
        para(f"Paragraph {n} explains how the harbour wall is rebuilt, stone by stone, in order."),
    ]


def test_a_body_the_page_shows_twice_is_kept_once() -> None:
    body = [block for n in range(10) for block in _section(n)]
    closing = para("The council will publish the final cost of the work in the spring.")
    assert without_copy([*body, *body, closing]) == [*body, closing]


def test_of_two_renderings_the_fuller_one_stays() -> None:
    # An FAQ shown as answers only, then again as questions and answers.
    answers = [
        para(f"Answer {n}: the ferry runs every hour between the two harbours.") for n in range(9)
    ]
    questions = [Block("heading", (f"Question {n}?",), f"<h3>Question {n}?</h3>") for n in range(9)]
    both = [block for pair in zip(questions, answers, strict=True) for block in pair]
    intro = para("Everything the harbour office is asked most often, answered in one place.")
    assert without_copy([intro, *answers, *both]) == [intro, *both]


def test_a_refrain_or_a_few_repeated_lines_are_not_a_copy() -> None:
    call = para("Join the harbour trust today to help keep the sea wall standing for good.")
    refrain = [block for n in range(10) for block in (*_section(n), call)]
    assert without_copy(refrain) == refrain
    pair = _section(1) + _section(2)
    twice = [*pair, *ARTICLE, *pair]
    assert without_copy(twice) == twice


def test_blocks_from_html_group_inline_runs() -> None:
    blocks = from_html(
        '<div>Loose <a href="/x">link</a> text<p>Para</p><ul><li>a</li><li>b</li></ul></div>'
    )
    assert [(b.kind, b.lines) for b in blocks] == [
        ("p", ("Loose link text",)),
        ("p", ("Para",)),
        ("list", ("a", "b")),
    ]


def test_block_text_reads_as_shown_around_inline_markup() -> None:
    # Punctuation after a link or emphasis follows it directly; names and labels set
    # side by side in spans stay apart; breaks, items and cells separate words.
    html = (
        '<p>According to <a href="/s">Statista</a>, the <b>market</b> grows '
        '\u2018<i>fast</i>\u2019 (<a href="/x">see</a>) to $<b>5</b> billion.<br>Next line</p>'
        '<h2><a href="/a">Steve Davis</a><em>Shipwreck</em><span>Rack</span></h2>'
        "<table><tr><td>Fees</td><td>$12</td></tr></table>"
    )
    assert [(b.kind, b.lines) for b in from_html(html)] == [
        (
            "p",
            (
                "According to Statista, the market grows \u2018fast\u2019 (see) to $5 billion. Next line",
            ),
        ),
        ("heading", ("Steve Davis Shipwreck Rack",)),
        ("table", ("Fees $12",)),
    ]


def test_trafilatura_body_text_reads_as_shown_around_inline_markup() -> None:
    body = etree.fromstring(
        '<body><p>Click <ref target="/x">here</ref>. It is <hi rend="#b">big</hi>'
        "<lb/>and new.</p><list><item>One <hi>two</hi>, three</item></list></body>"
    )
    assert [(b.kind, b.lines) for b in from_tei(body)] == [
        ("p", ("Click here. It is big and new.",)),
        ("list", ("One two, three",)),
    ]
