"""Live blogs: store their entries (upsert by key) and schedule the next look."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from newsdesk.extract.liveblog import LiveBlog
from newsdesk.storage.models import Article, LiveEntry

RECHECK_ACTIVE = timedelta(minutes=5)
RECHECK_MAX = timedelta(hours=1)
QUIET_AFTER = timedelta(hours=24)  # no new entry for this long: the blog is over


def store_entries(article: Article, blog: LiveBlog, now: datetime | None = None) -> int:
    """Insert new entries, update edited ones; returns how many were new or changed."""
    now = now or timezone.now()
    existing = {e.key: e for e in LiveEntry.objects.filter(article=article)}
    changed = 0
    for entry in blog.entries:
        fields = {
            "posted_at": entry.posted_at,
            "updated_at": entry.updated_at,
            "author": entry.author[:300],
            "title": entry.title,
            "body": entry.body,
        }
        row = existing.get(entry.key)
        if row is None:
            LiveEntry.objects.create(article=article, key=entry.key, **fields)
            changed += 1
        elif any(getattr(row, k) != v for k, v in fields.items()):
            LiveEntry.objects.filter(pk=row.pk).update(**fields)
            changed += 1
    newest = max((e.posted_at for e in blog.entries), default=None)
    article.is_live = True
    if newest and now - newest > QUIET_AFTER:
        article.recheck_at = None
    elif changed:
        article.recheck_at = now + RECHECK_ACTIVE
    else:
        previous = (
            (article.recheck_at - now)
            if article.recheck_at and article.recheck_at > now
            else RECHECK_ACTIVE
        )
        article.recheck_at = now + min(previous * 2, RECHECK_MAX)
    if newest:
        article.updated_at = max(filter(None, [article.updated_at, newest]))
    # A live blog was published when its coverage began (its first entry), not when the
    # feed or the page header last stamped it ("Published 31 minutes ago" for six hours).
    started = blog.started_at
    if started and (article.published_at is None or started < article.published_at):
        article.published_at = started
    Article.objects.filter(pk=article.pk).update(
        is_live=True,
        recheck_at=article.recheck_at,
        updated_at=article.updated_at,
        published_at=article.published_at,
    )
    return changed
