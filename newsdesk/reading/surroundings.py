"""What surrounds one article for a reader: its copies, related coverage, tags, live entries.

Read-only queries shared by the pages and the JSON API, so both show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.plaintext import clip, one_line
from newsdesk.storage.models import (
    Article,
    Hashtag,
    LiveEntry,
    RelatedArticle,
    Story,
    StoryRedirect,
    listed_rule,
    ready_rule,
)
from newsdesk.storage.models.articles import HEAVY_FIELDS, ArticleStatus
from newsdesk.stories.model import SAME_STORY

RELATED_LIMIT = 10
READY = ArticleStatus.READY
EXCERPT_CHARS = 200
# A page (and an API object) lists at most this many articles of one story.
STORY_ARTICLES = 500


def excerpt(body_text: str, limit: int = EXCERPT_CHARS) -> str:
    """The first lines of a body, cut at a word."""
    return clip(one_line(body_text[: limit * 2], limit * 2), limit)


@dataclass(frozen=True, slots=True)
class RelatedItem:
    article: Article
    excerpt: str
    tier: str  # "story" (same event) or "subject" (other coverage of the same names)

    @property
    def same_story(self) -> bool:
        return self.tier == SAME_STORY


def related_articles(article: Article, k: int = RELATED_LIMIT) -> list[RelatedItem]:
    """Other coverage, never a copy, as the worker ranked and stored it when the article
    was finished (the same story first, then the same subject). One query; an article
    finished before lists were stored shows none."""
    owner = article.copy_of_id or article.pk
    links = (
        RelatedArticle.objects.filter(article_id=owner)
        .filter(listed_rule("other__"))
        .select_related("other__source")
        .defer(*(f"other__{f}" for f in HEAVY_FIELDS if f != "body_text"))
        .order_by("rank")[:k]
    )
    return [RelatedItem(link.other, excerpt(link.other.body_text), link.tier) for link in links]


def _group_rows(roots: set[int]) -> list[Article]:
    """The originals ``roots`` and their ready copies, oldest first.

    Two lookups, each on its own index (primary key, ``copy_of``): one query with an
    OR makes SQLite walk every ready article instead. The copies' status is checked
    here, not in SQL: with it (and with an ORDER BY) SQLite prefers the listing
    index and walks every ready article to find a handful of copies.
    """
    shape = Article.objects.select_related("source").only(
        "id", "url", "title", "publisher", "copy_of_id", "sort_at", "status", "source"
    )
    rows = [
        *shape.filter(ready_rule(), pk__in=roots).order_by(),
        *(a for a in shape.filter(copy_of_id__in=roots).order_by() if a.status == READY),
    ]
    return sorted({a.pk: a for a in rows}.values(), key=lambda a: (a.sort_at, a.pk))


def copy_group(article: Article) -> list[Article]:
    """The original and every copy of this article's text (empty when it has none)."""
    rows = _group_rows({article.copy_of_id or article.pk})
    return rows if len(rows) > 1 else []


def also_published_by(article: Article) -> list[Article]:
    """Everyone else who published this text: for an original its copies, for a copy the rest."""
    return [a for a in copy_group(article) if a.pk != article.pk]


def hashtags(article: Article) -> list[Hashtag]:
    # A tag without a display form has no page to link to; never render a broken link.
    return [
        t.hashtag
        for t in article.tags.select_related("hashtag").order_by("rank")
        if t.hashtag.display
    ]


def live_entries(article: Article) -> list[LiveEntry]:
    """Newest first (the model's ordering)."""
    return list(LiveEntry.objects.filter(article=article)[:500])


def story_of(article: Article) -> Story | None:
    if article.story_id is None:
        return None
    return Story.objects.filter(pk=article.story_id).first()


def story_articles(story: Story, limit: int = STORY_ARTICLES) -> list[Article]:
    """The story's ready articles, copies included, oldest first (the newest ``limit``)."""
    newest = list(Article.objects.ready().filter(story=story).for_lists().newest_first()[:limit])
    return newest[::-1]


def copy_groups(items: list[Article]) -> dict[int, list[Article]]:
    """For a page of articles: each one's ``also_published_by``, in one query."""
    roots = {a.copy_of_id or a.pk for a in items}
    members: dict[int, list[Article]] = {root: [] for root in roots}
    for a in _group_rows(roots):
        members[a.copy_of_id or a.pk].append(a)
    return {
        a.pk: [m for m in members[a.copy_of_id or a.pk] if m.pk != a.pk]
        if len(members[a.copy_of_id or a.pk]) > 1
        else []
        for a in items
    }


def merged_into(story_id: int) -> Story | None:
    """The story that absorbed ``story_id`` (a merge or the repair pass), if any."""
    row = StoryRedirect.objects.filter(story_id=story_id).select_related("survivor").first()
    return row.survivor if row is not None else None
