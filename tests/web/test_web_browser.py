"""In a real browser (Playwright driving Debian's Chromium): hashtags lead to their pages,
and the ask box answers with quotes in place."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def live_newsroom(transactional_db):
    from tests.web.newsroom import build

    return build()


def test_hashtag_links_and_ask_box(live_server, live_newsroom, browser_page, tmp_path):
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    article_url = f"{live_server.url}/articles/{live_newsroom.gazette.pk}/"
    page.goto(article_url)

    tags = page.locator(".tags a.tag")
    assert tags.count() >= 5
    assert all(t.startswith("#") for t in tags.all_inner_texts())
    page.get_by_role("link", name="#Vellaria", exact=True).click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/hashtags/Vellaria/"
    assert page.locator("h1").inner_text() == "#Vellaria"
    headlines = page.locator(".item .headline a").all_inner_texts()
    assert "Ostra treaty: what the water deal means for Vellaria's farmers" in headlines

    page.goto(article_url)
    page.get_by_label("Ask about this article").fill(
        "What share of the river does Vellaria get in the dry season?"
    )
    page.get_by_role("button", name="Ask").click()
    mark = page.locator("#answer mark").first
    mark.wait_for(timeout=10_000)
    quote = mark.inner_text()
    assert "45 percent" in quote
    assert " ".join(quote.split()) in " ".join(live_newsroom.gazette.body_text.split())
    # Answered in place by ask.js: the page did not navigate to the form's target.
    assert page.url == article_url
    assert not [e for e in errors if "Content Security Policy" in e], errors
    # The quote links to its place in the article.
    href = page.locator("#answer .quotes a").first.get_attribute("href")
    assert href.startswith("#article-body:~:text=")
    page.screenshot(path=str(tmp_path / "ask.png"), full_page=True)
