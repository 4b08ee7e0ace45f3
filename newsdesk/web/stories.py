"""The story page ("full coverage"): every article by publisher, a timeline, who covered
it by source label, and an attributed briefing."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from newsdesk.reading.ai_results import story_briefing
from newsdesk.reading.articles import valid_id
from newsdesk.reading.display import display_of
from newsdesk.reading.page_cache import cached_for_anonymous
from newsdesk.reading.surroundings import merged_into, story_articles
from newsdesk.reading.timeline import Stamp, bucket_times, label_coverage
from newsdesk.storage import versions
from newsdesk.storage.models import Article, Source, Story

log = logging.getLogger("newsdesk.web")

# (shown name, Source field): the free labels an operator sets per source.
LABELS = (
    ("Country", "country"),
    ("Language", "language_label"),
    ("Ownership", "ownership"),
    ("Editorial lean", "lean"),
)


def _labels(source: Source) -> dict[str, str]:
    return {name: getattr(source, field) or "" for name, field in LABELS}


def _by_publisher(articles: list[Article]) -> list[dict[str, Any]]:
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        groups[a.publisher_name].append(a)
    rows = [
        {
            "publisher": name,
            "source": items[0].source,
            "articles": sorted(items, key=lambda a: a.sort_at, reverse=True),
        }
        for name, items in groups.items()
    ]
    rows.sort(key=lambda g: (-len(g["articles"]), g["publisher"].casefold()))
    return rows


def story_context(story: Story) -> dict[str, Any]:
    articles = story_articles(story)
    if not articles:
        raise Http404("This story has no articles to show.")
    sources = {a.source_id: a.source for a in articles}
    known = Source.objects.only(*(f for _, f in LABELS))
    try:
        briefing = story_briefing(story)
    except Exception:  # a briefing is an extra; the coverage list must still render
        log.exception("briefing of story %s failed", story.pk)
        briefing = None
    timeline = bucket_times([Stamp(a.sort_at, a.publisher_name) for a in articles])
    return {
        "story": story,
        "image": next((a.image for a in articles if a.image and display_of(a).text_allowed), ""),
        "articles": articles,
        "groups": _by_publisher(articles),
        "publisher_count": len({a.publisher_name for a in articles}),
        "first_seen": min(a.sort_at for a in articles),
        "last_seen": max(a.sort_at for a in articles),
        "timeline": timeline,
        "timeline_max": max((b.count for b in timeline), default=0),
        "labels": label_coverage(
            [name for name, _ in LABELS],
            [_labels(s) for s in sources.values()],
            [_labels(s) for s in known],
        ),
        "briefing": briefing if briefing and briefing.get("sentences") else None,
    }


@require_safe
@cached_for_anonymous(lambda kw: [versions.story(kw["story_id"])])
def story(request: HttpRequest, story_id: int) -> HttpResponse:
    if not valid_id(story_id):
        raise Http404("No such story.")
    item = Story.objects.filter(pk=story_id).first()
    if item is None:
        # A story merged into another (streaming or the repair pass) lives on there.
        survivor = merged_into(story_id)
        if survivor is None:
            raise Http404("No such story.")
        return redirect(survivor.get_absolute_url(), permanent=True)
    return render(request, "newsdesk/story.html", story_context(item))
