"""A feed's content as plain values, built from what readers may see and nothing else.

Only public fields leave: title, our page, the publisher's link, byline, times, tags and
a summary. The summary is sanitized by the pipeline's own sanitizer whatever its origin
(the publisher's feed, our own summary), so a feed carries no script however an article
got in. Fetch logs, errors and anything an operator set are never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape, unescape

import nh3

from newsdesk.extract.sanitize import sanitize_html
from newsdesk.plaintext import one_line
from newsdesk.reading import listings
from newsdesk.storage.models import Article

ITEMS = 50
MAX_SUMMARY_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Entry:
    id: str  # stable: our page's address
    title: str
    link: str  # our article page
    external_url: str  # the publisher's page
    published: datetime
    updated: datetime | None
    author: str
    publisher: str
    tags: tuple[str, ...]
    summary_html: str
    summary_text: str


@dataclass(frozen=True, slots=True)
class Channel:
    title: str
    description: str
    link: str  # the page this feed mirrors
    feed_stem: str  # this feed's own address up to the format's extension
    items: tuple[Entry, ...]
    feed_query: str = ""  # "?q=..." for a search feed

    def feed_url(self, fmt: str) -> str:
        return f"{self.feed_stem}.{fmt}{self.feed_query}"

    @property
    def updated(self) -> datetime | None:
        return max((e.updated or e.published for e in self.items), default=None)


def _summary_html(article: Article) -> str:
    if article.summary:
        return "<p>" + escape(article.summary) + "</p>"
    return sanitize_html(article.feed_summary_html[:MAX_SUMMARY_CHARS], article.url or None)


def entries(articles: list[Article], base_url: str) -> tuple[Entry, ...]:
    tags = listings.article_tags(articles)
    result = []
    for article in articles:
        link = base_url + article.get_absolute_url()
        summary = _summary_html(article)
        result.append(
            Entry(
                id=link,
                title=one_line(article.title) or article.url,
                link=link,
                external_url=article.url,
                published=article.published_at or article.sort_at,
                updated=article.updated_at,
                author=one_line(article.byline),
                publisher=one_line(article.publisher_name),
                tags=tuple(tags.get(article.pk, ())),
                summary_html=summary,
                summary_text=one_line(article.summary) or _text_of(summary),
            )
        )
    return tuple(result)


def _text_of(html: str) -> str:
    """Plain text of sanitized markup (tags dropped, entities decoded)."""
    return one_line(unescape(nh3.clean(html.replace("<", " <"), tags=set())))
