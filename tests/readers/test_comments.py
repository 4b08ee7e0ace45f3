"""Comments under an article: threads, edit, delete, report, sort, and hostile text."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from newsdesk.discussion import spam
from newsdesk.discussion.models import MAX_DEPTH, Comment, CommentStatus, Report

pytestmark = pytest.mark.django_db


def page(client: Client, article, query: str = "") -> str:
    response = client.get(f"/articles/{article.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_article_page_invites_comments(client, article):
    html = page(client, article)
    assert 'id="comments"' in html
    assert "No comments yet" in html
    assert "/account/login/?next=" in html  # anonymous readers are asked to log in


def test_post_reply_and_thread(alice, bob, article, no_holding):
    response = alice.comment(article.pk, "First thoughts on the barrier.")
    assert response.status_code == 302
    first = Comment.objects.get()
    assert response["Location"] == f"/articles/{article.pk}/#comment-{first.pk}"
    bob.comment(article.pk, "I disagree with you.", parent=first.pk)
    reply = Comment.objects.get(parent=first)
    assert reply.depth == 1 and reply.author == bob.user
    html = page(bob.client, article)
    # The reply is nested inside its parent's list item.
    outer = html.index(f'id="comment-{first.pk}"')
    inner = html.index(f'id="comment-{reply.pk}"')
    assert outer < html.index('class="replies"', outer) < inner
    assert 'Comments <span class="count">(2)</span>' in html


def test_anonymous_post_goes_to_login_and_saves_nothing(client, article):
    data = {"body": "hello", "stamp": spam.form_stamp(article.pk)}
    response = client.post(f"/articles/{article.pk}/comments/", data)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")
    assert Comment.objects.count() == 0


def test_unknown_article_is_not_found(alice, db):
    assert alice.comment(999_999, "hello").status_code == 404
    assert alice.comment(2**63 + 5, "hello").status_code == 404


def test_delete_keeps_the_thread_shape(alice, bob, article, no_holding):
    alice.comment(article.pk, "A comment that will go.")
    first = Comment.objects.get()
    bob.comment(article.pk, "A reply that stays.", parent=first.pk)
    assert alice.client.get(f"/comments/{first.pk}/delete/").status_code == 200
    alice.client.post(f"/comments/{first.pk}/delete/")
    first.refresh_from_db()
    assert first.status == CommentStatus.DELETED and first.body == ""
    html = page(bob.client, article)
    assert "Comment deleted" in html
    assert "A comment that will go." not in html
    assert "A reply that stays." in html
    assert html.index("Comment deleted") < html.index("A reply that stays.")


def test_only_the_author_edits_within_the_window(alice, bob, article, no_holding, settings):
    alice.comment(article.pk, "Teh barrier")
    comment = Comment.objects.get()
    # Someone else's comment answers like a missing one.
    assert bob.client.get(f"/comments/{comment.pk}/edit/").status_code == 404
    assert bob.client.post(f"/comments/{comment.pk}/delete/").status_code == 404
    response = alice.client.post(f"/comments/{comment.pk}/edit/", {"body": "The barrier"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "The barrier" and comment.edited_at is not None
    assert "edited" in page(alice.client, article)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=comment.created_at
        - timedelta(minutes=settings.NEWSDESK_COMMENT_EDIT_MINUTES + 1)
    )
    alice.client.post(f"/comments/{comment.pk}/edit/", {"body": "Too late"})
    comment.refresh_from_db()
    assert comment.body == "The barrier"
    assert f"/comments/{comment.pk}/edit/" not in page(alice.client, article)


def test_report_with_a_reason_once(alice, bob, article, no_holding):
    alice.comment(article.pk, "Buy cheap watches")
    comment = Comment.objects.get()
    form = bob.client.get(f"/comments/{comment.pk}/report/").content.decode()
    assert 'value="spam"' in form
    bob.client.post(f"/comments/{comment.pk}/report/", {"reason": "spam", "note": "an ad"})
    bob.client.post(f"/comments/{comment.pk}/report/", {"reason": "abuse", "note": "again"})
    report = Report.objects.get()
    assert (report.reason, report.note, report.reporter) == ("spam", "an ad", bob.user)
    comment.refresh_from_db()
    assert comment.report_count == 1
    # Readers cannot report their own comment.
    alice.client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})
    assert Report.objects.count() == 1
    # A reason outside the list is refused and the form comes back with the note.
    response = bob.client.post(f"/comments/{comment.pk}/report/", {"reason": "x", "note": "kept"})
    assert response.status_code == 400 and "kept" in response.content.decode()


def test_sort_oldest_and_newest(alice, article, no_holding):
    for text in ("one first", "two second", "three third"):
        alice.comment(article.pk, text)
    oldest = page(alice.client, article)
    newest = page(alice.client, article, "?comments=newest")
    assert oldest.index("one first") < oldest.index("three third")
    assert newest.index("three third") < newest.index("one first")
    assert page(alice.client, article, "?comments=bogus").index("one first") < oldest.index(
        "three third"
    )


def test_links_are_linked_with_ugc_rel_and_other_schemes_are_text(alice, article, no_holding):
    alice.comment(
        article.pk,
        "See https://example.org/a?b=1&c=2. Or javascript:alert(1) and "
        'data:text/html,<script>alert(1)</script> and <a href="javascript:alert(2)">x</a> '
        "and [md](javascript:alert(3))",
    )
    html = page(alice.client, article)
    body = html[html.index('class="comment-body"') :]
    body = body[: body.index("</div>")]
    links = re.findall(r"<a [^>]*>", body)
    assert links == [
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener noreferrer">'
    ]
    assert "<script" not in body
    assert '&lt;a href="javascript:alert(2)"&gt;' in body
    assert "javascript:alert(1)" in body  # shown as text, not dropped


def test_long_comment_is_refused_and_comes_back_filled(alice, article):
    body = "word " * 20_000  # 100 kB
    response = alice.comment(article.pk, body)
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 5000 characters" in html
    assert html.count("word word word") > 1000  # the text is in the form again
    assert Comment.objects.count() == 0


def test_deep_nesting_stops_at_the_limit(alice, article, no_holding, roomy):
    alice.comment(article.pk, "level 0")
    parent = Comment.objects.get()
    for level in range(1, MAX_DEPTH + 4):
        alice.comment(article.pk, f"level {level}", parent=parent.pk)
        parent = Comment.objects.latest("id")
    assert max(Comment.objects.values_list("depth", flat=True)) == MAX_DEPTH
    assert Comment.objects.count() == MAX_DEPTH + 4
    assert page(alice.client, article).count('class="replies"') == MAX_DEPTH


def test_invisible_and_bidi_characters_are_removed(alice, article, no_holding):
    alice.comment(article.pk, "pay\u200b pal\u202e moc.live\u202c\ufeff here\u2066x\u2069")
    assert Comment.objects.get().body == "pay pal moc.live herex"


def test_whitespace_only_comment_is_refused(alice, article):
    response = alice.comment(article.pk, " \u200b\u200b \n ")
    assert response.status_code == 400
    assert "Write something first." in response.content.decode()


def test_a_reply_to_another_articles_comment_is_refused(alice, source, article, no_holding):
    from tests.readers.conftest import make_article

    other = make_article(source, "other", "Another article")
    alice.comment(other.pk, "elsewhere")
    foreign = Comment.objects.get()
    response = alice.comment(article.pk, "crossing over", parent=foreign.pk)
    assert response.status_code == 400
    assert "crossing over" in response.content.decode()
    assert Comment.objects.count() == 1
