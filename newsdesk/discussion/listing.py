"""Comments as a reader sees them: one article's threads, one reader's history."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdesk.discussion.models import Comment, CommentStatus
from newsdesk.reading import catalog

MAX_SHOWN = 2000  # comments loaded for one article page
SORTS = {"oldest", "newest"}


@dataclass
class Node:
    comment: Comment
    note: str  # "" for a readable comment, else what the reader sees in its place
    children: list[Node] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return not self.note


def _note(comment: Comment, viewer) -> str | None:
    """What stands in for a comment this viewer may not read; None leaves it out."""
    if comment.status == CommentStatus.VISIBLE:
        return ""
    if comment.status == CommentStatus.HELD:
        own = viewer.is_authenticated and viewer.pk == comment.author_id
        return "" if own or viewer.is_staff else None
    if comment.status == CommentStatus.DELETED:
        return "Comment deleted"
    return "Comment removed by a moderator"


def thread(article_id: int, viewer, sort: str = "oldest") -> list[Node]:
    """Top-level comments in the chosen order, each with its replies oldest first."""
    rows = list(
        Comment.objects.filter(article_id=article_id)
        .select_related("author", "author__reader")
        .order_by("created_at", "id")[:MAX_SHOWN]
    )
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for comment in rows:
        note = _note(comment, viewer)
        if note is None:
            continue
        node = Node(comment, note)
        nodes[comment.pk] = node
        if comment.parent_id is None:
            roots.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id].children.append(node)
        # a reply whose parent is not shown (held for someone else) is not shown either
    if sort == "newest":
        roots.reverse()
    return roots


def count(nodes: list[Node]) -> int:
    return sum(node.readable + count(node.children) for node in nodes)


@dataclass(frozen=True, slots=True)
class Authored:
    comment: Comment
    article: catalog.ArticleRef | None


def comments_by(user, viewer, limit: int = 50) -> list[Authored]:
    """A reader's latest comments for their profile page (held ones only to themselves)."""
    statuses = [CommentStatus.VISIBLE]
    if viewer.is_authenticated and (viewer.pk == user.pk or viewer.is_staff):
        statuses.append(CommentStatus.HELD)
    rows = list(
        Comment.objects.filter(author=user, status__in=statuses).order_by("-created_at")[:limit]
    )
    refs = catalog.articles([c.article_id for c in rows])
    return [Authored(c, refs.get(c.article_id)) for c in rows]
