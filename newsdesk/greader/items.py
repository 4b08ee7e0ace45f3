"""Articles as Google Reader items (the JSON shape the apps parse)."""

from __future__ import annotations

from datetime import datetime
from html import escape

from newsdesk.extract.sanitize import sanitize_html
from newsdesk.greader.models import ItemState
from newsdesk.greader.streams import LABEL, READ, READING_LIST, STARRED, long_id
from newsdesk.media.body import proxy_pictures
from newsdesk.plaintext import one_line, paragraphs
from newsdesk.storage.models import Article

MAX_CONTENT_CHARS = 2_000_000


def usec(moment: datetime) -> str:
    return str(int(moment.timestamp() * 1_000_000))


def content_html(article: Article, origin: str) -> str:
    """The article body through the pipeline's sanitizer, whatever stored it, its
    pictures through this site's proxy (``origin`` makes their addresses absolute), as
    on the article page: the reader's app never calls the publisher's image host, and
    tracking pixels stay out."""
    if article.body_html:
        clean = sanitize_html(article.body_html[:MAX_CONTENT_CHARS], article.url or None)
        return proxy_pictures(clean, article.image or None, origin)
    text = paragraphs(article.body_text[:MAX_CONTENT_CHARS])
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p)


def states(user, articles: list[Article]) -> dict[int, ItemState]:
    rows = ItemState.objects.filter(user=user, article_id__in=[a.pk for a in articles])
    return {s.article_id: s for s in rows}


def item_json(
    article: Article, state: ItemState | None, folder: str, title: str, origin: str
) -> dict[str, object]:
    categories = [READING_LIST]
    if folder:
        categories.append(LABEL + folder)
    if state is not None and state.read:
        categories.append(READ)
    if state is not None and state.starred:
        categories.append(STARRED)
    published = article.published_at or article.sort_at
    return {
        "id": long_id(article.pk),
        "crawlTimeMsec": str(int(article.created_at.timestamp() * 1000)),
        "timestampUsec": usec(article.sort_at),
        "published": int(published.timestamp()),
        "updated": int((article.updated_at or published).timestamp()),
        "title": one_line(article.title) or article.url,
        "canonical": [{"href": article.url}],
        "alternate": [{"href": article.url, "type": "text/html"}],
        "categories": categories,
        "origin": {
            "streamId": f"feed/{article.source_id}",
            "title": title,
            "htmlUrl": article.source.site_url or article.source.url,
        },
        "summary": {"direction": "ltr", "content": content_html(article, origin)},
        "author": one_line(article.byline),
    }
