"""Moderation: first comments held, the admin queue, hide / restore / ban, all logged."""

from __future__ import annotations

import pytest

from newsdesk.discussion.models import Comment, CommentStatus, ModerationAction, Report

pytestmark = pytest.mark.django_db

QUEUE = "/admin/discussion/comment/"


def article_html(reader, article) -> str:
    return reader.client.get(f"/articles/{article.pk}/").content.decode()


def act(moderator, action: str, *comments: Comment):
    return moderator.client.post(
        QUEUE, {"action": action, "_selected_action": [c.pk for c in comments]}
    )


def test_a_new_readers_first_comment_waits_for_review(alice, bob, moderator, article):
    response = alice.comment(article.pk, "Hello from a new reader")
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.HELD
    assert "read by a moderator" in alice.client.get(response["Location"]).content.decode()
    assert "Hello from a new reader" in article_html(alice, article)  # its author sees it
    assert "awaiting review" in article_html(alice, article)
    assert "Hello from a new reader" not in article_html(bob, article)
    queue = moderator.client.get(QUEUE + "?queue=review").content.decode()
    assert "Hello from a new reader" in queue
    act(moderator, "restore_comments", comment)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    assert "Hello from a new reader" in article_html(bob, article)
    log = ModerationAction.objects.get()
    assert (log.moderator, log.kind, log.comment, log.reader) == (
        moderator.user,
        "approve",
        comment,
        alice.user,
    )
    # Once one comment was approved, the next is shown at once.
    alice.comment(article.pk, "Second comment")
    assert Comment.objects.get(body="Second comment").status == CommentStatus.VISIBLE


def test_staff_are_never_held(moderator, article):
    moderator.comment(article.pk, "Moderator note")
    assert Comment.objects.get().status == CommentStatus.VISIBLE


def test_moderator_hides_a_reported_comment_from_the_queue(
    alice, bob, moderator, article, no_holding
):
    alice.comment(article.pk, "Something rude")
    alice.comment(article.pk, "Something fine")
    rude = Comment.objects.get(body="Something rude")
    bob.client.post(f"/comments/{rude.pk}/report/", {"reason": "abuse", "note": "insult"})
    queue = moderator.client.get(QUEUE + "?queue=reported").content.decode()
    assert "Something rude" in queue and "Something fine" not in queue
    assert act(moderator, "hide_comments", rude).status_code == 302
    rude.refresh_from_db()
    assert rude.status == CommentStatus.HIDDEN
    assert Report.objects.get().resolved_at is not None
    html = article_html(bob, article)
    assert "Something rude" not in html and "Comment removed by a moderator" in html
    assert "Something rude" not in moderator.client.get(QUEUE + "?queue=reported").content.decode()
    act(moderator, "restore_comments", rude)
    rude.refresh_from_db()
    assert rude.status == CommentStatus.VISIBLE
    kinds = list(ModerationAction.objects.order_by("at", "id").values_list("kind", flat=True))
    assert kinds == ["hide", "restore"]


def test_ban_hides_everything_and_stops_posting(alice, moderator, article, no_holding):
    alice.comment(article.pk, "first spam")
    alice.comment(article.pk, "second spam")
    act(moderator, "ban_authors", Comment.objects.first())
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.HIDDEN}
    alice.user.reader.refresh_from_db()
    assert alice.user.reader.banned
    response = alice.comment(article.pk, "let me back in")
    assert response.status_code == 403
    assert "may no longer post" in response.content.decode()
    log = ModerationAction.objects.get()
    assert (log.kind, log.reader, log.moderator) == ("ban", alice.user, moderator.user)


def test_readers_cannot_use_the_queue_and_moderators_cannot_delete(
    alice, moderator, article, no_holding
):
    alice.comment(article.pk, "a comment")
    comment = Comment.objects.get()
    assert alice.client.get(QUEUE).status_code == 302  # to the admin log-in
    act(alice, "hide_comments", comment)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    assert moderator.client.get(QUEUE).status_code == 200
    assert moderator.client.get(f"{QUEUE}{comment.pk}/delete/").status_code == 403
    assert moderator.client.get("/admin/discussion/moderationaction/").status_code == 200


def test_a_ban_is_lifted_from_the_readers_list(alice, moderator, article, no_holding):
    alice.comment(article.pk, "spam")
    act(moderator, "ban_authors", Comment.objects.get())
    profile = alice.user.reader
    moderator.client.post(
        "/admin/accounts/profile/", {"action": "lift_bans", "_selected_action": [profile.pk]}
    )
    profile.refresh_from_db()
    assert not profile.banned
    assert alice.comment(article.pk, "I behave now").status_code == 302
    kinds = list(ModerationAction.objects.order_by("at", "id").values_list("kind", flat=True))
    assert kinds == ["ban", "unban"]
