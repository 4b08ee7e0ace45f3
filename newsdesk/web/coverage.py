"""What surrounds one article for a reader: its copies, related coverage, tags, live entries.

Read-only queries shared by the pages and the JSON API, so both show the same thing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Q

from newsdesk.plaintext import clip, one_line
from newsdesk.storage.models import Article, ArticleStatus, Hashtag, LiveEntry, Story
from newsdesk.worker.clustering import clusterer

log = logging.getLogger("newsdesk.web")

RELATED_LIMIT = 10
EXCERPT_CHARS = 200
# A page (and an API object) lists at most this many articles of one story.
STORY_ARTICLES = 500


def ready() -> Q:
    return Q(status=ArticleStatus.READY)


def excerpt(body_text: str, limit: int = EXCERPT_CHARS) -> str:
    """The first lines of a body, cut at a word."""
    return clip(one_line(body_text[: limit * 2], limit * 2), limit)


def publisher_of(article: Article) -> str:
    return article.publisher or article.source.display_name


@dataclass(frozen=True, slots=True)
class RelatedItem:
    article: Article
    excerpt: str


def related_articles(article: Article, k: int = RELATED_LIMIT) -> list[RelatedItem]:
    """Other coverage, best first, other publishers before this one's; never a copy."""
    try:
        ranked = clusterer().related(str(article.pk), k=k * 2)
    except Exception:  # the block is optional; the article page must render anyway
        log.exception("related articles of %s failed", article.pk)
        return []
    ids = [int(r.doc_id) for r in ranked if r.doc_id.isdigit()]
    group = {a.pk for a in copy_group(article)} | {article.pk}
    rows = {
        a.pk: a
        for a in Article.objects.filter(ready(), pk__in=ids, copy_of__isnull=True)
        .exclude(pk__in=group)
        .select_related("source")
        .defer("body_html", "fetch_meta", "feed_summary_html")
    }
    own = publisher_of(article)
    ordered = [rows[i] for i in ids if i in rows]
    # Stable sort: the clusterer's order within each group, other publishers first.
    ordered.sort(key=lambda a: publisher_of(a) == own)
    return [RelatedItem(a, excerpt(a.body_text)) for a in ordered[:k]]


def copy_group(article: Article) -> list[Article]:
    """The original and every copy of this article's text (empty when it has none)."""
    root = article.copy_of_id or article.pk
    rows = list(
        Article.objects.filter(ready(), Q(pk=root) | Q(copy_of_id=root))
        .select_related("source")
        .only("id", "url", "title", "publisher", "copy_of_id", "sort_at", "source")
        .order_by("sort_at", "id")
    )
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
    newest = list(
        Article.objects.filter(ready(), story=story)
        .select_related("source")
        .defer("body_html", "body_text", "fetch_meta", "feed_summary_html")
        .order_by("-sort_at", "-id")[:limit]
    )
    return newest[::-1]


def quote_link(text: str) -> str:
    """A text-fragment link (``#article-body:~:text=start,end``) that scrolls to a quote.

    Browsers that support text fragments scroll to and highlight the sentence; others
    fall back to the ``#article-body`` anchor. Long sentences are matched by their
    first and last words, which survive small differences between text and HTML.
    """
    words = text.split()
    if not words:
        return "#article-body"

    def enc(part: list[str]) -> str:
        # "-" and "," are syntax inside a text directive, so they are escaped too.
        return quote(" ".join(part), safe="").replace("-", "%2D")

    if len(words) <= 8:
        return f"#article-body:~:text={enc(words)}"
    return f"#article-body:~:text={enc(words[:4])},{enc(words[-4:])}"
