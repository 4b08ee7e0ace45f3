"""In a real browser (Playwright driving Debian's Chromium): a reader signs up and takes part
in a discussion, a moderator hides a comment from the queue, a follower sees the badge.
Screenshots at phone and desktop widths go to the test's output folder; axe-core checks
the pages for accessibility problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from newsdesk.discussion.models import Comment, CommentStatus, ModerationAction
from newsdesk.discussion.moderators import MODERATORS
from newsdesk.storage.models import Source, Story
from tests.conftest import CHROMIUM_FLAGS
from tests.readers.conftest import PASSWORD, make_article

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "data" / "axe" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def browser(chromium_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own database
    # checks between clicks are plain synchronous queries, which Django then refuses.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def desk(transactional_db, settings):
    settings.NEWSDESK_COMMENT_HOLD_FIRST = 0
    source = Source.objects.create(
        url="https://ledger.example/feed.xml",
        name="Calder Ledger",
        site_url="https://ledger.example/",
    )
    story = Story.objects.create(headline="Flood barrier approved")
    article = make_article(
        source, "flood-barrier", "Council approves the flood barrier", story=story
    )
    make_article(source, "barrier-cost", "What the barrier will cost", story=story)
    users = get_user_model().objects
    sam = users.create_user("sam", "sam@example.org", PASSWORD)
    moderator = users.create_user("mod", "mod@example.org", PASSWORD, is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    return {"source": source, "story": story, "article": article, "sam": sam}


def log_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/account/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def axe_violations(page, **scope) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    result = page.evaluate(
        "([context, options]) => axe.run(context, options)",
        [scope or {"exclude": []}, options],
    )
    assert len(result["passes"]) > 5  # axe really looked at the page
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_a_reader_takes_part_and_a_moderator_keeps_it_clean(live_server, desk, browser, tmp_path):
    base = live_server.url
    article = desk["article"]
    article_path = f"/articles/{article.pk}/"
    errors: list[str] = []

    rita = browser.new_page(viewport=DESKTOP)
    rita.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    rita.goto(base + article_path)
    assert "No comments yet" in rita.locator("#comments").inner_text()
    rita.locator("#comments").get_by_role("link", name="create an account").click()
    rita.get_by_label("Username").fill("rita")
    rita.get_by_label("Display name").fill("Rita R.")
    rita.get_by_label("Email").fill("rita@example.org")
    rita.get_by_label("Password", exact=True).fill(PASSWORD)
    rita.get_by_label("Password confirmation").fill(PASSWORD)
    rita.get_by_role("button", name="Create account").click()
    rita.wait_for_load_state()
    assert rita.url == f"{base}{article_path}#comments"
    assert rita.get_by_role("link", name="Account").is_visible()

    rita.get_by_label("Add a comment").fill(
        "Good news at last. Details: https://example.org/barrier"
    )
    rita.get_by_role("button", name="Post comment").click()
    rita.wait_for_load_state()
    first = Comment.objects.get()
    mine = rita.locator(f"#comment-{first.pk}")
    assert "Good news at last" in mine.inner_text()
    link = mine.locator(".comment-body a")
    assert link.get_attribute("rel") == "nofollow ugc noopener noreferrer"
    rita.get_by_label("Add a comment").fill("Also: will it hold a hundred-year flood?")
    rita.get_by_role("button", name="Post comment").click()
    rita.wait_for_load_state()
    second = Comment.objects.get(body__startswith="Also")

    # Sam replies to the first comment and reports the second.
    sam = browser.new_page(viewport=PHONE)
    log_in(sam, base, "sam", article_path)
    assert sam.url == base + article_path
    thread = sam.locator(f"#comment-{first.pk}")
    thread.locator("summary", has_text="Reply").first.click()
    thread.get_by_label("Your reply").first.fill("It was about time.")
    thread.get_by_role("button", name="Post reply").first.click()
    sam.wait_for_load_state()
    reply = Comment.objects.get(author=desk["sam"])
    assert reply.parent_id == first.pk
    assert sam.locator(f"#comment-{first.pk} .replies #comment-{reply.pk}").is_visible()
    sam.locator(f"#comment-{second.pk}").get_by_role("link", name="Report").click()
    sam.get_by_label("Spam or advertising").check()
    sam.get_by_role("button", name="Send report").click()
    sam.wait_for_load_state()
    assert "A moderator will look at this comment" in sam.locator(".messages").inner_text()

    # Rita edits her first comment, then deletes it; Sam's reply keeps its place.
    rita.reload()
    rita.locator(f"#comment-{first.pk}").get_by_role("link", name="Edit").first.click()
    rita.get_by_label("Your comment").fill("Good news at last (edited).")
    rita.get_by_role("button", name="Save changes").click()
    rita.wait_for_load_state()
    assert "edited" in rita.locator(f"#comment-{first.pk} .meta").first.inner_text()
    rita.locator(f"#comment-{first.pk}").get_by_role("link", name="Delete").first.click()
    rita.get_by_role("button", name="Delete comment").click()
    rita.wait_for_load_state()
    gone = rita.locator(f"#comment-{first.pk}")
    assert "Comment deleted" in gone.inner_text()
    assert "It was about time." in gone.inner_text()

    # The moderator hides the reported comment from the admin queue.
    moderator = browser.new_page(viewport=DESKTOP)
    log_in(moderator, base, "mod", "/admin/discussion/comment/?queue=reported")
    moderator.goto(f"{base}/admin/discussion/comment/?queue=reported")
    row = moderator.locator("#result_list tbody tr", has_text="hundred-year flood")
    row.locator("input[type=checkbox]").check()
    moderator.locator("select[name=action]").select_option("hide_comments")
    moderator.get_by_role("button", name="Go").click()
    moderator.wait_for_load_state()
    assert "Hid 1 comment" in moderator.locator(".messagelist").inner_text()
    second.refresh_from_db()
    assert second.status == CommentStatus.HIDDEN
    assert ModerationAction.objects.filter(kind="hide", comment=second).exists()
    sam.reload()
    assert "Comment removed by a moderator" in sam.locator(f"#comment-{second.pk}").inner_text()
    assert "hundred-year" not in sam.locator("#comments").inner_text()

    for width, page in (("390", sam), ("1366", rita)):
        page.goto(base + article_path)
        page.reload()  # the same address as before: make sure the page is fresh
        page.screenshot(path=str(tmp_path / f"discussion-{width}.png"), full_page=True)
        assert "hundred-year" not in page.locator("#comments").inner_text()
    # Readable on a small phone: nothing wider than the screen.
    sam.set_viewport_size({"width": 360, "height": 780})
    sam.reload()
    assert sam.evaluate("document.documentElement.scrollWidth") <= 360
    assert not [e for e in errors if "Content Security Policy" in e], errors

    violations = axe_violations(sam, include=[["#comments"], [".follow-bar"], [".masthead"]])
    assert violations == [], json.dumps(violations, indent=1)
    print(f"screenshots in {tmp_path}")


def test_a_follower_sees_the_badge(live_server, desk, browser, tmp_path):
    base = live_server.url
    page = browser.new_page(viewport=PHONE, color_scheme="dark")
    log_in(page, base, "sam", f"/articles/{desk['article'].pk}/")
    page.get_by_role("button", name="Follow this story").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Following this story").is_visible()
    page.goto(f"{base}/for-you/")
    assert page.locator(".badge.new").count() == 0
    make_article(desk["source"], "barrier-vote", "How the council voted", story=desk["story"])
    page.reload()
    badge = page.locator(".fresh .badge.new")
    assert badge.inner_text() == "1 new"
    assert page.locator(".masthead .badge.new").inner_text() == "1"
    page.screenshot(path=str(tmp_path / "for-you-390-dark.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(tmp_path / "for-you-1366-dark.png"), full_page=True)
    page.locator(".fresh a").first.click()
    page.wait_for_load_state()
    assert page.url == f"{base}/stories/{desk['story'].pk}/"
    page.goto(f"{base}/for-you/")
    assert page.locator(".badge.new").count() == 0
