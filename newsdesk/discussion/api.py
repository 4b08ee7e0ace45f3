"""Comments in the JSON API: anyone reads them; readers write with a token or their session.

A program sends ``Authorization: Bearer <token>`` (tokens are stored hashed). A browser
may use its session cookie instead, and then must send the CSRF token like a form does:
a cookie alone would let any other site post in the reader's name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from pydantic import field_validator

from newsdesk.accounts.limits import client_address
from newsdesk.accounts.models import ApiToken
from newsdesk.accounts.reader_text import clean_text
from newsdesk.discussion import listing, posting
from newsdesk.discussion.models import MAX_CHARS, Comment, CommentStatus
from newsdesk.reading import catalog
from newsdesk.reading.articles import MAX_ID

router = Router(tags=["comments"])


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        return ApiToken.holder(token)


WRITERS = [TokenAuth(), SessionAuth()]


class CommentOut(Schema):
    """One comment as readers see it; a deleted or removed one keeps its place in the thread."""

    id: int
    parent_id: int | None
    depth: int
    author: str | None = Field(description="Display name; null for a deleted or removed comment.")
    state: Literal["visible", "held", "deleted", "removed"]
    text: str | None = Field(description="Plain text as written; null when not readable.")
    html: str | None = Field(description="The text as the site shows it (links made links).")
    created_at: datetime
    edited_at: datetime | None


class CommentPage(Schema):
    """An article's comments, each thread followed by its replies."""

    article_id: int
    count: int
    comments: list[CommentOut]


def _cleaned(value: str) -> str:
    value = clean_text(value)
    if not value:
        raise ValueError("text is empty")
    return value


class CommentEdit(Schema):
    """The new text of your comment."""

    text: str = Field(min_length=1, max_length=MAX_CHARS)

    @field_validator("text")
    @classmethod
    def _clean(cls, value: str) -> str:
        return _cleaned(value)


class CommentIn(CommentEdit):
    """A new comment, or a reply when `parent_id` names the comment answered."""

    parent_id: int | None = Field(None, ge=1, le=MAX_ID)


class Problem(Schema):
    """Why the request was refused, in a sentence."""

    detail: str


# Every write may be refused: no or a bad token (401), a session cookie without its CSRF
# token or a banned reader (403).
REFUSED = {401: Problem, 403: Problem}


class Sort(Schema):
    """The order of the threads: oldest or newest first."""

    sort: Literal["oldest", "newest"] = "oldest"


def _out(comment: Comment, readable: bool) -> CommentOut:
    state = {
        CommentStatus.VISIBLE: "visible",
        CommentStatus.HELD: "held",
        CommentStatus.DELETED: "deleted",
        CommentStatus.HIDDEN: "removed",
    }[CommentStatus(comment.status)]
    name = None
    if readable:
        profile = getattr(comment.author, "reader", None)
        name = (profile.display_name if profile else "") or comment.author.get_username()
    return CommentOut(
        id=comment.pk,
        parent_id=comment.parent_id,
        depth=comment.depth,
        author=name,
        state=state,
        text=comment.body if readable else None,
        html=comment.body_html if readable else None,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
    )


def _flatten(nodes: list[listing.Node]) -> list[CommentOut]:
    out: list[CommentOut] = []
    for node in nodes:
        out.append(_out(node.comment, node.readable))
        out.extend(_flatten(node.children))
    return out


def _article(article_id: int) -> catalog.ArticleRef:
    ref = catalog.article(article_id)
    if ref is None:
        raise HttpError(404, "No such article.")
    return ref


@router.get(
    "/articles/{article_id}/comments",
    response={200: CommentPage, 404: Problem},
    summary="Comments under an article",
)
def list_comments(request: HttpRequest, article_id: int, params: Query[Sort]):
    """Threads in the chosen order, each followed by its replies (``parent_id``, ``depth``)."""
    ref = _article(article_id)
    nodes = listing.thread(ref.id, request.user, params.sort)
    return CommentPage(article_id=ref.id, count=listing.count(nodes), comments=_flatten(nodes))


@router.post(
    "/articles/{article_id}/comments",
    auth=WRITERS,
    response={
        201: CommentOut,
        200: CommentOut,
        400: Problem,
        **REFUSED,
        404: Problem,
        429: Problem,
    },
    summary="Post a comment",
)
def create_comment(request: HttpRequest, article_id: int, payload: CommentIn):
    """201 with the new comment; 200 with the earlier one when it is an exact repeat."""
    ref = _article(article_id)
    parent = None
    if payload.parent_id is not None:
        parent = Comment.objects.filter(pk=payload.parent_id, article_id=ref.id).first()
        if parent is None:
            raise HttpError(400, "The comment you replied to is not available.")
    outcome = posting.submit(request.auth, ref.id, payload.text, parent, client_address(request))
    if outcome.comment is None:
        return Status(outcome.status, Problem(detail=outcome.problem))
    return Status(200 if outcome.duplicate else 201, _out(outcome.comment, True))


@router.patch(
    "/comments/{comment_id}",
    auth=WRITERS,
    response={200: CommentOut, **REFUSED, 404: Problem},
    summary="Edit your comment",
)
def edit_comment(request: HttpRequest, comment_id: int, payload: CommentEdit):
    # Another reader's comment is "not found", never "forbidden": ids reveal nothing.
    comment = get_object_or_404(Comment, pk=comment_id, author_id=request.auth.pk)
    if not comment.can_edit(request.auth):
        raise HttpError(403, "This comment can no longer be edited.")
    posting.edit(comment, payload.text)
    return Status(200, _out(comment, True))


@router.delete(
    "/comments/{comment_id}",
    auth=WRITERS,
    response={204: None, **REFUSED, 404: Problem},
    summary="Delete your comment",
)
def delete_comment(request: HttpRequest, comment_id: int):
    comment = get_object_or_404(Comment, pk=comment_id, author_id=request.auth.pk)
    posting.delete(comment)
    return Status(204, None)
