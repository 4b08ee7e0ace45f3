"""One channel, three formats: RSS 2.0 and Atom 1.0 through Django's feed generator
(which escapes every value), JSON Feed 1.1 as a plain dictionary."""

from __future__ import annotations

import json

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from newsdesk.syndication.channel import Channel

FORMATS = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def render(channel: Channel, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(json_feed(channel), ensure_ascii=False, indent=1)
    generator = (Atom1Feed if fmt == "atom" else Rss201rev2Feed)(
        title=channel.title,
        link=channel.link,
        description=channel.description,
        subtitle=channel.description,
        language="en",
        feed_url=channel.feed_url(fmt),
        feed_guid=channel.link,
    )
    for entry in channel.items:
        generator.add_item(
            title=entry.title,
            link=entry.link,
            description=entry.summary_html,
            unique_id=entry.id,
            unique_id_is_permalink=True,
            pubdate=entry.published,
            updateddate=entry.updated or entry.published,
            author_name=entry.author or entry.publisher,
            categories=entry.tags,
        )
    return generator.writeString("utf-8")


def json_feed(channel: Channel) -> dict:
    """JSON Feed 1.1: https://www.jsonfeed.org/version/1.1/"""
    return {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.link,
        "feed_url": channel.feed_url("json"),
        "description": channel.description,
        "language": "en",
        "items": [
            {
                "id": entry.id,
                "url": entry.link,
                "external_url": entry.external_url,
                "title": entry.title,
                "content_html": entry.summary_html,
                "summary": entry.summary_text,
                "date_published": entry.published.isoformat(),
                **({"date_modified": entry.updated.isoformat()} if entry.updated else {}),
                "authors": [{"name": entry.author or entry.publisher}],
                "tags": list(entry.tags),
            }
            for entry in channel.items
        ],
    }
