"""Reading and changing one reader's follows, with the targets resolved for display."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from newsdesk.following.models import Follow, FollowKind
from newsdesk.reading import catalog


@dataclass(frozen=True, slots=True)
class Followed:
    follow: Follow
    name: str
    path: str
    new_count: int = 0


def keys(user) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {k.value: [] for k in FollowKind}
    for kind, key in Follow.objects.filter(user=user).values_list("kind", "key"):
        found[kind].append(key)
    return found


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def followed(user) -> list[Followed]:
    """Every follow with its target's name; stories carry their count of new articles."""
    rows = list(Follow.objects.filter(user=user))
    by_kind = {k.value: [r.key for r in rows if r.kind == k] for k in FollowKind}
    sources = catalog.sources(_ints(by_kind[FollowKind.SOURCE]))
    tags = catalog.hashtags(by_kind[FollowKind.HASHTAG])
    stories = catalog.stories(_ints(by_kind[FollowKind.STORY]))
    fresh = catalog.new_coverage(
        {int(r.key): r.seen_at for r in rows if r.kind == FollowKind.STORY and r.key.isdigit()}
    )
    out: list[Followed] = []
    for row in rows:
        if row.kind == FollowKind.SOURCE and (src := sources.get(int(row.key))):
            out.append(Followed(row, src.name, src.path))
        elif row.kind == FollowKind.HASHTAG and (tag := tags.get(row.key)):
            out.append(Followed(row, f"#{tag.display}", tag.path))
        elif row.kind == FollowKind.STORY and (story := stories.get(int(row.key))):
            out.append(Followed(row, story.headline, story.path, fresh.get(story.id, 0)))
    return out


def new_coverage_total(user) -> int:
    """Followed stories with articles that arrived since the reader last looked."""
    seen = {
        int(key): at
        for key, at in Follow.objects.filter(user=user, kind=FollowKind.STORY).values_list(
            "key", "seen_at"
        )
        if key.isdigit()
    }
    return sum(1 for n in catalog.new_coverage(seen).values() if n)


def resolve(kind: str, key: str) -> str | None:
    """The stored key of a real target, or None (unknown kind, missing target)."""
    if kind == FollowKind.HASHTAG:
        tag = catalog.hashtag(key)
        return tag.key if tag else None
    if not key.isdigit() or len(key) > 19:
        return None
    if kind == FollowKind.SOURCE:
        return key if catalog.source(int(key)) else None
    if kind == FollowKind.STORY:
        return key if catalog.story(int(key)) else None
    return None


def toggle(user, kind: str, key: str) -> bool:
    """Follow, or unfollow when already following; True when now following."""
    row = Follow.objects.filter(user=user, kind=kind, key=key).first()
    if row is not None:
        row.delete()
        return False
    Follow.objects.create(user=user, kind=kind, key=key)
    return True


def mark_seen(user, story_id: int) -> None:
    Follow.objects.filter(user=user, kind=FollowKind.STORY, key=str(story_id)).update(
        seen_at=timezone.now()
    )
