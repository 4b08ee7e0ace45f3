"""Quality gates: newsdesk's extractor on both shared extraction sets.

Reads ../shared/bench/extraction (AEB, 181 articles) and ../shared/bench/web-pages
(WCXB development split, CC-BY-4.0) and never copies them into the repo. Skipped when
the data is absent locally; a failure in CI (CI=true), where the data must be mounted.
The AEB gate takes ~6 s; the web-pages gate reads ~1,000 pages (~40 s), marked slow.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import aeb_metric  # noqa: E402
import page_sets  # noqa: E402

from newsdesk.extract import extract  # noqa: E402
from tests.conftest import need_shared_bench  # noqa: E402

# Floors may only rise: raise them when the extractor improves, never lower them to make
# a change pass. Measured F1 0.9757, P 0.9722, R 0.9792 on 2026-11-29 (floors rounded down);
# F1 0.9767, P 0.9719, R 0.9816 on 2026-11-30 with the vote's prose edges, the lists and
# paragraphs it puts back and the third opinion when the voters disagree (choose.py,
# pipeline.py). The precision floor went down by 0.001 for that: recall +0.0024 and F1
# +0.0010 here, F1 +0.009 on web-pages (below); the paragraphs put back that cost it are
# photo credits and other stories' prose readability kept beside the article.
F1_FLOOR = 0.976
PRECISION_FLOOR = 0.971
RECALL_FLOOR = 0.981
# Every AEB page is an article: a feed item whose page is refused keeps only the feed's
# text. Measured 0.983 on 2026-11-29 with prices, headline, meta tags and microdata
# weighed and paragraphs between <br>s found (0.956 with the weighed signals and the
# main area, 0.901 with chained thresholds, 0.757 before bylines and declarations).
AEB_RECOGNISED_FLOOR = 0.983


def test_benchmark_f1_floor() -> None:
    root = need_shared_bench("extraction", "ground-truth.json").parent
    gold = aeb_metric.load_gold(root)
    found = {page.id: extract(page.html, url=page.url) for page in aeb_metric.pages(root)}
    outputs = {key: extraction.body_text for key, extraction in found.items()}
    assert len(outputs) == len(gold) == 181
    score = aeb_metric.score_outputs(gold, outputs)
    assert score.f1 >= F1_FLOOR, score
    assert score.precision >= PRECISION_FLOOR, score
    assert score.recall >= RECALL_FLOOR, score
    recognised = [e.page_type in ("article", "liveblog") for e in found.values()]
    assert sum(recognised) / len(recognised) >= AEB_RECOGNISED_FLOOR


# web-pages, article pages (793): floors only rise, as above. Measured F1 0.924,
# P 0.934, R 0.914 on 2026-11-29. Page types over the articles and the listing and
# collection pages: articles recognised 0.960, listing + collection refused 0.903 with
# prices, headline, meta tags, pagination and microdata weighed (0.951 and 0.894 with
# the weighed signals and the main area, 0.917 and 0.847 before, 0.902 and 0.833
# before that). A <button> left open by the parser no longer takes the article with it
# (extract/document.py): F1 0.925, R 0.918, articles recognised 0.966 (0.957 / 0.975 on
# the halves), refused 0.903, measured 2026-11-30. The vote's prose edges, the lists
# and paragraphs it puts back and the third opinion when the voters disagree
# (choose.py, pipeline.py): F1 0.935 (0.933 / 0.937), P 0.932, R 0.939, articles
# recognised 0.970, refused 0.898 -- one listing page (og:article, seven paragraphs of
# teasers) now showed enough prose to pass as an article -- and 0.903 again with the
# page-type weights refitted on the new bodies (pagetype.py); measured 2026-11-30.
# The page's main area read for what both voters dropped (choose.with_area): F1 0.9373
# -> 0.9419 (0.9349 -> 0.9400 / 0.9397 -> 0.9438), P 0.9326 -> 0.9310, R 0.9421 ->
# 0.9530; measured 2026-11-30. An article no voter found read by a lenient readability,
# a body shown twice kept once (cleanup.without_copy), a search form's options no longer
# taken for the article (document.py), the vote's trim when readability has blocks of
# its own (choose.TRIM_INSIDE): F1 0.9420 -> 0.9453 (0.9402 -> 0.9423 / 0.9439 ->
# 0.9483), P 0.9311 -> 0.9355, R 0.9533 -> 0.9554; measured 2026-11-30.
WEB_F1_FLOOR = 0.945
# The one floor that went down, three times: the rescue of near-empty bodies
# (pipeline.RESCUE_WORDS) traded P 0.9340 -> 0.93399 for recall 0.910 -> 0.914 and F1
# 0.922 -> 0.924; the unwrapped <button>s (four whole bodies found again, and the menus
# some buttons really hold) trade P 0.93399 -> 0.93293 for recall 0.914 -> 0.918 and F1
# 0.924 -> 0.925; the vote's recall (above) trades P 0.93293 -> 0.9320 for recall 0.918
# -> 0.939 and F1 0.925 -> 0.935.
WEB_PRECISION_FLOOR = 0.935
WEB_RECALL_FLOOR = 0.955
# Down once, by one page (769 -> 768 of 793): since a block's text reads as shown
# (blocks._text: "Statista, the", not "Statista , the"; 'with' snippets found 0.808 ->
# 0.863), readability's text of a hardware catalogue page matches trafilatura's word for
# word, the vote trims its short introduction above the section links, and with 31 % of
# its words links and no introduction it reads as "other". F1 0.9419 -> 0.9420 (both
# halves level or up), AEB 0.9768 -> 0.9769; measured 2026-11-30. Up again by one page
# (769 of 793, 0.9697) with the article found inside an unclosed popup, and by one more
# (770, 0.9710) since a table of contents marked up as a schema.org ItemList is not a
# list of other pages (pagesignals._is_contents); refused unchanged (195 of 216).
ARTICLES_RECOGNISED_FLOOR = 0.970
LISTINGS_REFUSED_FLOOR = 0.902


@pytest.mark.slow
def test_web_pages_floors() -> None:
    root = need_shared_bench("web-pages", "ground-truth.json").parent
    pages = [
        page
        for page in page_sets.web_pages(root)
        if page.page_type in ("article", "listing", "collection")
    ]
    found = {page.id: extract(page.html, url=page.url) for page in pages}
    articles = [page for page in pages if page.page_type == "article"]
    assert len(articles) == 793
    score = aeb_metric.score(
        aeb_metric.count_page(page.body, found[page.id].body_text) for page in articles
    )
    assert score.f1 >= WEB_F1_FLOOR, score
    assert score.precision >= WEB_PRECISION_FLOOR, score
    assert score.recall >= WEB_RECALL_FLOOR, score
    recognised = [found[page.id].page_type in ("article", "liveblog") for page in articles]
    refused = [
        found[page.id].page_type in ("listing", "other")
        for page in pages
        if page.page_type != "article"
    ]
    assert sum(recognised) / len(recognised) >= ARTICLES_RECOGNISED_FLOOR
    assert sum(refused) / len(refused) >= LISTINGS_REFUSED_FLOOR


def test_scorer_reproduces_published_numbers() -> None:
    root = need_shared_bench("extraction", "reference-outputs").parent
    gold = aeb_metric.load_gold(root)
    published = {
        "trafilatura": 0.958,
        "AutoExtract": 0.970,
        "readability": 0.922,
        "html-text": 0.665,
    }
    for system, f1 in published.items():
        score = aeb_metric.score_outputs(
            gold, aeb_metric.load_reference(root / "reference-outputs" / f"{system}.json")
        )
        assert round(score.f1, 3) == f1, (system, score)


def test_metric_on_known_cases() -> None:
    exact = aeb_metric.count_page("one two three four five", "one two three four five")
    assert (exact.tp, exact.fp, exact.fn, exact.exact) == (1.0, 0.0, 0.0, True)
    half = aeb_metric.count_page("a b c d e f", "a b c d x y")
    assert half.tp == pytest.approx(1 / 5) and half.fp == pytest.approx(2 / 5)
    nothing = aeb_metric.count_page("a b c d", "")
    score = aeb_metric.score([exact, nothing])
    assert score.precision == 1.0  # a page with no output is skipped for precision
    assert score.recall == 0.5


def _web_page_f1(ids: tuple[str, ...]) -> dict[str, float]:
    root = need_shared_bench("web-pages", "ground-truth.json").parent
    found: dict[str, float] = {}
    for page in page_sets.web_pages(root):
        if page.id in ids:
            counts = aeb_metric.count_page(page.body, extract(page.html, url=page.url).body_text)
            found[page.id] = 2 * counts.tp / (2 * counts.tp + counts.fp + counts.fn)
    assert sorted(found) == sorted(ids)
    return found


def test_a_body_both_voters_cut_short_is_read_again() -> None:
    # Both voters agreed on an introduction (or one section) of a long guide: under a
    # tenth of the page's words, so trafilatura's whole cascade is asked too and finds
    # the rest (F1 0.16-0.31 before: pipeline.RESCUE_PAGE_SHARE).
    for page_id, f1 in _web_page_f1(("dev-0010", "dev-4106", "dev-4705")).items():
        assert f1 >= 0.8, page_id


def test_a_rescue_that_is_not_prose_is_refused() -> None:
    # Here the cascade's longer body adds the shop's banner lines (one shipping offer per
    # country, short and without sentences) to the offer's terms; the voters' short body
    # was right (F1 0.41 with the banners, 0.98 without).
    assert _web_page_f1(("dev-4759",))["dev-4759"] >= 0.9


def test_an_article_no_voter_found_is_read_by_lenient_readability() -> None:
    # The theme leaves the article inside an unclosed newsletter popup and page header:
    # both voters and trafilatura's whole cascade found nothing (F1 0.00 before:
    # body.readability_blocks(lenient=True)).
    assert _web_page_f1(("dev-4111",))["dev-4111"] >= 0.95


def test_a_page_that_shows_its_article_twice_gives_it_once() -> None:
    # Both guides render their text twice (F1 0.50 and 0.65 before: cleanup.without_copy).
    for page_id, f1 in _web_page_f1(("dev-0151", "dev-0355")).items():
        assert f1 >= 0.95, page_id


def test_a_search_forms_options_are_not_the_article() -> None:
    # A <select> of 3,500 words of options beside a 330-word overview was unwrapped as
    # if left open, and readability's vote took it for the body (F1 0.00 before).
    assert _web_page_f1(("dev-0485",))["dev-0485"] >= 0.85


def test_a_page_of_several_whole_articles_gives_the_first() -> None:
    # Endless scrolling: six AEB articles served in one page, each in its own <article>
    # with its headline, under the first one's URL. Trafilatura and readability pick
    # different ones, the vote joined them and the main area added the rest (F1 0.37
    # against the first before: several.first_article).
    root = need_shared_bench("extraction", "ground-truth.json").parent
    bodies = [page.body for page in page_sets.aeb(root) if 300 < len(page.body.split()) < 900]
    stories = "".join(
        f'<article class="story"><h1>Story {n}</h1><div class="story-body">'
        + "".join(f"<p>{line}</p>" for line in body.split("\n") if line.strip())
        + "</div></article>"
        for n, body in enumerate(bodies[:6])
    )
    html = (
        "<html><head><title>Story 0</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<main>{stories}</main></body></html>"
    )
    text = extract(html.encode(), url="https://news.example.com/2024/05/story-0").body_text
    counts = aeb_metric.count_page(bodies[0], text)
    assert 2 * counts.tp / (2 * counts.tp + counts.fp + counts.fn) >= 0.95
    for body in bodies[1:6]:
        assert body.split("\n")[0][:60] not in text
