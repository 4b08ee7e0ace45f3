"""What a reader sees, in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import pytest

from tests.support.site import Site

pytestmark = pytest.mark.browser


def test_reader_opens_front_page_then_article(tmp_path, publisher, browser_page):
    site = Site(tmp_path)
    site.run("source", "add", publisher.url("/feed.xml"))
    site.run("ingest")
    base = site.serve()
    try:
        page = browser_page
        page.goto(base + "/")
        headlines = page.locator(".card .lead a").all_inner_texts()
        assert headlines[:3] == [
            "Council approves flood barrier after a decade of debate",
            "Rail workers walk out over night-shift pay",
            "Hilltop observatory spots a new comet",
        ]
        assert page.locator(".card .publisher").first.inner_text() == "The Harbour Ledger"
        page.get_by_role("link", name="Rail workers walk out over night-shift pay").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Rail workers walk out over night-shift pay"
        assert "By Tomas Berg" in page.locator(".dateline").inner_text()
        time_el = page.locator(".dateline time").first
        assert time_el.get_attribute("datetime").startswith("2026-11-27T16:05:00")
        assert "2026" in time_el.get_attribute("title")
        assert "ago" in time_el.inner_text()
        body = page.locator(".body").inner_text()
        assert "Trains between Harbour City and the northern valleys" in body
        assert "Sign up for the Morning Ledger" not in body
        original = page.get_by_role("link", name="Read the original at The Harbour Ledger →")
        assert original.get_attribute("href") == publisher.url("/news/rail-workers-strike.html")
        assert "noopener" in original.get_attribute("rel")
        page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    finally:
        site.stop()
