"""Page typing: article, liveblog, listing or other, from declared types and page shape."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml.html import document_fromstring

from newsdesk.extract import extract, pagetype
from newsdesk.extract.blocks import Block
from newsdesk.extract.pagetype import (
    PageSignals,
    article_score,
    classify,
    describe,
    main_area,
)
from newsdesk.extract.pipeline import page_type_signals

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"

PROSE = PageSignals(
    schema_types=frozenset(),
    og_type="",
    path="/2024/03/sea-wall-plan-approved",
    page_words=1500,
    link_words=150,
    teaser_links=2,
    body_words=900,
    prose_blocks=12,
    prose_words=850,
    main_words=950,
    main_link_words=20,
    main_headlines=1,
)
# A few paragraphs on a page whose path says nothing: declarations decide.
SHORT = replace(
    PROSE,
    path="/p/kettle",
    prose_words=200,
    prose_blocks=3,
    body_words=260,
    main_words=400,
    main_link_words=30,
)


def test_a_page_of_connected_prose_is_an_article() -> None:
    assert classify(PROSE) == "article"
    assert article_score(PROSE) > 0


def test_links_dominating_the_page_or_its_main_area_make_a_listing() -> None:
    links = replace(
        PROSE,
        path="/news/",
        link_words=1000,
        prose_words=120,
        prose_blocks=2,
        main_words=1300,
        main_link_words=700,
        main_headlines=40,
    )
    assert classify(links) == "listing"
    # Paragraphs not found together in the page: teasers scattered among links.
    scattered = replace(PROSE, path="/news/", link_words=800, main_words=0, main_link_words=0)
    assert classify(scattered) == "listing"
    assert article_score(scattered) < article_score(PROSE)


def test_declared_types_decide_between_article_and_not() -> None:
    assert classify(SHORT) == "other"
    assert classify(replace(SHORT, schema_types=frozenset({"NewsArticle"}))) == "article"
    assert classify(replace(SHORT, schema_types=frozenset({"Product"}))) == "other"
    assert classify(replace(SHORT, og_type="product")) == "other"
    listing = replace(PROSE, schema_types=frozenset({"CollectionPage"}), prose_words=100)
    assert classify(listing) == "listing"


def test_live_blog_declared_in_json_ld() -> None:
    assert classify(replace(PROSE, schema_types=frozenset({"LiveBlogPosting"}))) == "liveblog"


def test_the_article_fixture_is_an_article() -> None:
    result = extract((DATA / "article.html").read_bytes(), url="https://news.example.com/a")
    assert result.page_type == "article"
    assert result.to_json()["page_type"] == "article"


@pytest.mark.parametrize(
    "page",
    [
        b"",
        b"   \n",
        b"<script>document.write('<p>' + 'x '.repeat(500))</script>",
        b"<html><head><script src=app.js></script></head><body><div id=root></div></body></html>",
        b"\x00\x01\x02",
    ],
)
def test_empty_or_script_only_page_is_other_with_empty_body(page: bytes) -> None:
    result = extract(page, url="https://app.example.com/")
    assert result.page_type == "other"
    assert result.body_text == "" and result.body_html == ""


def test_page_of_links_is_a_listing_end_to_end() -> None:
    teasers = "".join(
        f'<article><h3><a href="/news/story-{i}">Council approves budget item number {i} '
        f"after a long debate</a></h3><p><a href='/news/story-{i}'>Read the story about "
        f"item {i}</a></p></article>"
        for i in range(40)
    )
    page = f"<html><head><title>News</title></head><body><main>{teasers}</main></body></html>"
    result = extract(page.encode(), url="https://news.example.com/")
    assert result.page_type == "listing"


def test_a_declared_article_that_names_its_author_survives_its_menus() -> None:
    # A news story of a few paragraphs under a menu and "more stories" twice its size.
    story = replace(
        PROSE,
        path="/story",
        link_words=1100,
        teaser_links=11,
        prose_words=160,
        prose_blocks=4,
        body_words=170,
        main_words=200,
        main_link_words=5,
        main_headlines=0,
    )
    assert classify(story) == "listing"  # declaring nothing, it is a page of links
    declared = replace(story, schema_types=frozenset({"NewsArticle"}), bylined=True)
    assert classify(declared) == "article"
    # og:type alone is stamped on every page of many sites: not enough here.
    assert classify(replace(story, og_type="article", bylined=True)) == "listing"


def test_a_site_root_or_a_section_is_not_an_article() -> None:
    assert classify(replace(PROSE, path="/")) == "other"
    assert classify(replace(PROSE, path="/news/")) == "other"
    assert classify(replace(PROSE, path="/", teaser_links=40)) == "listing"
    # A site's root that declares itself an article (a one-page site) is one.
    assert classify(replace(PROSE, path="/", schema_types=frozenset({"Article"}))) == "article"


def test_the_reason_names_the_signals() -> None:
    reason = extract(
        (DATA.parent / "publisher" / "front" / "index.html").read_bytes(),
        url="https://harbour-ledger.example/front/",
    ).page_reason
    assert "% of its words are links" in reason and "linked headlines" in reason
    assert "declared WebSite, og:website" in reason


def test_the_main_area_is_the_element_holding_the_body_paragraphs() -> None:
    para = (
        "The council approved the new harbour budget on Monday after a long debate about "
        "parking charges, bus depots and the future of the old fish market on the quay {}."
    )
    menu = "".join(
        f'<li><a href="/s/{i}">Section number {i} of the site</a></li>' for i in range(60)
    )
    page = (
        f"<html><body><nav><ul>{menu}</ul></nav><article><h1>Harbour budget</h1>"
        + "".join(f"<p>{para.format(i)}</p>" for i in range(5))
        + "</article></body></html>"
    )
    result = extract(page.encode(), url="https://harbour.example/news/harbour-budget-approved")
    signals = page_type_signals(
        page.encode(), url="https://harbour.example/news/harbour-budget-approved"
    )
    assert signals is not None
    # Menus make up half the page's words, but none of the article's own area.
    assert signals.link_density > 0.4
    assert signals.main_words and signals.main_link_density == 0.0
    assert result.page_type == "article"
    tree = document_fromstring(page)
    assert main_area(tree, []) is None


def _signals_of(page: str, url: str) -> PageSignals:
    signals = page_type_signals(page.encode(), url=url)
    assert signals is not None
    return signals


def test_a_shop_grid_shows_prices_and_product_items() -> None:
    items = "".join(
        f'<div class="card" itemscope itemtype="https://schema.org/Product">'
        f'<a href="/p/kettle-{i}">Stainless steel kettle model {i}</a>'
        f"<p>A quiet kettle with a wide spout, a filter that lifts out for cleaning, a "
        f"base that turns all the way round and a light that shows when it is on {i}.</p>"
        f'<span itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
        f"${19 + i}.99</span></div>"
        for i in range(24)
    )
    page = (
        '<html><head><link rel="next" href="/kitchen/kettles?page=2"></head><body>'
        f"<h1>Kettles</h1><main>{items}</main></body></html>"
    )
    signals = _signals_of(page, "https://shop.example/collections/kettles")
    assert signals.prices == 24
    assert signals.product_items == 48  # each item and its offer
    assert signals.paginated and signals.headings == 1 and signals.headline_words == 1
    features = pagetype.features(signals)
    assert features["section_path"] == 1.0
    plain = replace(signals, prices=0, product_items=0, paginated=False, path="/kettles")
    assert article_score(signals) < article_score(plain) - 3
    assert classify(signals) != "article"
    assert "24 prices shown" in describe(signals) and "links a next page" in describe(signals)


def test_a_table_of_contents_marked_up_as_an_item_list_is_not_a_list_of_pages() -> None:
    # A publishing plugin marks an article's table of contents up as a schema.org
    # ItemList; its links lead to the article's own sections. A list of other pages
    # (a category's posts) is a list whatever its markup.
    def page(href: str) -> str:
        entries = "".join(
            f'<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
            f'<a href="{href}{n}">Step {n}</a></li>'
            for n in range(6)
        )
        sections = "".join(
            f'<h2 id="step-{n}">Step {n}</h2><p>Step {n} of forming the company is filing '
            "its articles with the state and paying the fee, which takes about a week.</p>"
            for n in range(6)
        )
        return (
            "<html><body><h1>How to form a company in New York</h1><main>"
            f'<ol itemscope itemtype="https://schema.org/ItemList">{entries}</ol>'
            f"{sections}</main></body></html>"
        )

    contents = _signals_of(page("#step-"), "https://law.example/company-formation/new-york")
    others = _signals_of(page("/posts/step-"), "https://law.example/company-formation/new-york")
    assert not contents.list_items
    assert others.list_items


def test_a_news_article_declares_its_date_and_section_in_meta_tags() -> None:
    para = (
        "The council approved the new harbour budget on Monday after a long debate about "
        "parking charges, bus depots and the future of the old fish market on the quay {}."
    )
    page = (
        "<html><head>"
        '<meta property="article:published_time" content="2024-03-05T10:00:00Z">'
        '<meta property="article:section" content="Local">'
        "</head><body><article><h1>Council approves the harbour budget after a long debate</h1>"
        + "".join(f"<p>{para.format(i)}</p>" for i in range(4))
        + "</article></body></html>"
    )
    signals = _signals_of(page, "https://harbour.example/p/4411")
    assert signals.dated and signals.filed
    assert signals.headings == 1 and signals.headline_words == 9
    assert signals.prices == 0 and not signals.paginated
    undeclared = replace(signals, dated=False, filed=False)
    assert article_score(signals) > article_score(undeclared) + 2
    assert classify(signals) == "article"
    assert "dated or filed in its meta tags" in describe(signals)


def test_paragraphs_between_line_breaks_make_a_main_area() -> None:
    para = (
        "The council approved the new harbour budget on Monday after a long debate about "
        "parking charges, bus depots and the future of the old fish market on the quay {}."
    )
    menu = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(30))
    text = "<br><br>".join(para.format(i) for i in range(5))
    page = (
        f"<html><body><ul>{menu}</ul><div>"
        f'<div class="story"><table><tr><td>Photo</td></tr></table>{text}</div></div>'
        "</body></html>"
    )
    # The story's element opens with its photo's caption: only the breaks find it.
    tree = document_fromstring(page)
    blocks = [Block("p", (para.format(i),), "") for i in range(5)]
    main = main_area(tree, blocks)
    assert main is not None and main.get("class") == "story"
