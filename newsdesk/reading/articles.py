"""One article by its address, and the article lists every reader pages through."""

from __future__ import annotations

from django.db.models import QuerySet

from newsdesk.extract import sanitize_html
from newsdesk.reading.memo import counted
from newsdesk.storage.models import Article, Source

MAX_ID = 2**63 - 1  # the largest 64-bit key: beyond it the database errors instead of missing


def valid_id(value: int) -> bool:
    """Whether ``value`` can be a stored key (every reader checks ids from URLs with this)."""
    return 0 < value <= MAX_ID


def ready_article(article_id: int) -> Article | None:
    """The ready article with this id (copies included: their own address resolves)."""
    if not valid_id(article_id):
        return None
    article = Article.objects.ready().select_related("source").filter(pk=article_id).first()
    if article is not None:
        # Sanitized when stored, and again as it leaves: a body edited outside the
        # pipeline (the admin, a database shell) still never carries script to a reader.
        article.body_html = sanitize_html(article.body_html, article.url)
    return article


def original_of(item: Article) -> Article | None:
    """The original a copy was folded into (None for an original or a lost original)."""
    if item.copy_of_id is None:
        return None
    return Article.objects.ready().filter(pk=item.copy_of_id).only("id").first()


def latest_articles(*, include_copies: bool = False) -> QuerySet[Article]:
    """Newest first; a wire copy is folded into its original unless asked for."""
    rows = Article.objects.ready() if include_copies else Article.objects.listed()
    return rows.for_lists().newest_first()


def source_articles(source: Source | int) -> QuerySet[Article]:
    """Everything a source published that is ready, copies included: it is that source's page."""
    return Article.objects.ready().filter(source=source).for_lists().newest_first()


def story_size(story_id: int | None) -> int:
    """How many ready articles a story holds (0 for none)."""
    if story_id is None:
        return 0
    return Article.objects.ready().filter(story_id=story_id).count()


def ready_count() -> int:
    return counted(Article.objects.ready())
