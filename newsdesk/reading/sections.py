"""Sections (World, Business, Sport…): tabs over the hashtags, defined in one setting.

``NEWSDESK_SECTIONS`` lists ``Name=word,word;Name=…``. An article is in a section when
one of its hashtags or its feed's categories matches one of the words, under the same
spelling rule as hashtag pages ("Middle East", "middleeast" and "#MiddleEast" are one word). The operator edits
the list; the defaults cover the sections readers expect of a general news site.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Q, QuerySet
from django.utils.text import slugify

from newsdesk import config
from newsdesk.enrich.hashtags import tag_key
from newsdesk.storage.models import Article, feed_tag_rule


@dataclass(frozen=True, slots=True)
class Section:
    slug: str
    name: str
    keys: tuple[str, ...]  # hashtag keys


@lru_cache(maxsize=4)
def parse_sections(value: str) -> tuple[Section, ...]:
    """Sections in the setting's order; a malformed entry is skipped, not fatal."""
    found: list[Section] = []
    seen: set[str] = set()
    for entry in value.split(";"):
        name, sep, words = entry.partition("=")
        name = " ".join(name.split())
        slug = slugify(name)
        keys = tuple(dict.fromkeys(k for w in words.split(",") if (k := tag_key(w.strip()))))
        if not sep or not slug or not keys or slug in seen:
            continue
        seen.add(slug)
        found.append(Section(slug, name, keys))
    return tuple(found)


def sections() -> tuple[Section, ...]:
    return parse_sections(config.get("NEWSDESK_SECTIONS"))


def find_section(slug: str) -> Section | None:
    return next((s for s in sections() if s.slug == slug), None)


def section_articles(section: Section) -> QuerySet[Article]:
    """Listed articles with one of the section's words as a hashtag or a feed category."""
    by_feed = Q()
    for key in section.keys:
        by_feed |= feed_tag_rule(key)
    tagged = Article.objects.listed().filter(tags__hashtag__key__in=section.keys).values("id")
    return Article.objects.listed().filter(Q(id__in=tagged) | by_feed).for_lists().newest_first()
