"""``{% follow_bar %}`` under an article and ``{% for_you_link %}`` in the masthead."""

from __future__ import annotations

from django import template

from newsdesk.following import follows
from newsdesk.following.models import FollowKind, Saved
from newsdesk.reading import catalog

register = template.Library()


@register.inclusion_tag("following/_follow_bar.html", takes_context=True)
def follow_bar(context) -> dict:
    request = context["request"]
    article = context["article"]
    user = request.user
    ref = catalog.article(article.pk)
    if ref is None or not user.is_authenticated:
        return {"show": False, "user": user}
    mine = follows.keys(user)
    targets = []
    source = catalog.source(ref.source_id)
    if source:
        targets.append(
            (FollowKind.SOURCE, str(source.id), source.name, str(source.id) in mine["source"])
        )
    if ref.story_id:
        story_key = str(ref.story_id)
        if story_key in mine["story"]:
            # Reading an article of a followed story counts as seeing its coverage.
            follows.mark_seen(user, ref.story_id)
        targets.append((FollowKind.STORY, story_key, "this story", story_key in mine["story"]))
    for tag in catalog.article_tags(ref.id)[:6]:
        targets.append((FollowKind.HASHTAG, tag.key, f"#{tag.display}", tag.key in mine["hashtag"]))
    return {
        "show": True,
        "user": user,
        "targets": [
            {"kind": k.value, "key": key, "name": name, "on": on} for k, key, name, on in targets
        ],
        "article_id": ref.id,
        "saved": Saved.objects.filter(user=user, article_id=ref.id).exists(),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def new_coverage_count(context) -> int:
    user = context["request"].user
    return follows.new_coverage_total(user) if user.is_authenticated else 0
