"""Which stories lead the front page and which hashtags are trending. Pure functions.

A top story is covered widely (many publishers), is still growing (new coverage in
the last hours) and is recent. Breadth and growth are on a log scale because the
tenth publisher says less than the second; recency decays by half every
``half_life_hours`` so yesterday's big story yields to today's.

A trending tag is one used much more in the last hours than its rate over the day
before predicts (lift, smoothed by one so a single article is not a trend), weighted
by how often it was used so a tag seen twice does not beat one seen twenty times.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class StoryStats:
    story_id: int
    publishers: int  # distinct publishers covering the story
    recent_articles: int  # articles added within the growth window
    last_seen: datetime | None


@dataclass(frozen=True, slots=True)
class StoryWeights:
    growth: float = 0.7
    half_life_hours: float = 12.0
    min_publishers: int = 2


@dataclass(frozen=True, slots=True)
class RankedStory:
    story_id: int
    score: float


def story_score(stats: StoryStats, now: datetime, weights: StoryWeights) -> float:
    breadth = math.log1p(max(stats.publishers, 0))
    growth = math.log1p(max(stats.recent_articles, 0))
    if stats.last_seen is None:
        freshness = 0.0
    else:
        age_hours = max((now - stats.last_seen).total_seconds() / 3600.0, 0.0)
        freshness = 0.5 ** (age_hours / weights.half_life_hours)
    return (breadth + weights.growth * growth) * freshness


def rank_stories(
    stories: Sequence[StoryStats],
    now: datetime,
    *,
    limit: int = 10,
    weights: StoryWeights | None = None,
) -> list[RankedStory]:
    """Stories with at least ``min_publishers`` publishers, best first (ties: newer id)."""
    w = weights or StoryWeights()
    ranked = [
        RankedStory(s.story_id, story_score(s, now, w))
        for s in stories
        if s.publishers >= w.min_publishers
    ]
    ranked.sort(key=lambda r: (-r.score, -r.story_id))
    return ranked[:limit]


@dataclass(frozen=True, slots=True)
class TagCounts:
    key: str
    display: str
    recent: int  # uses within the recent window
    before: int  # uses within the baseline window just before it


@dataclass(frozen=True, slots=True)
class TrendWindows:
    recent_hours: float = 6.0
    baseline_hours: float = 24.0
    min_recent: int = 2


@dataclass(frozen=True, slots=True)
class TrendingTag:
    key: str
    display: str
    recent: int
    score: float


def trending_tags(
    counts: Sequence[TagCounts], *, limit: int = 10, windows: TrendWindows | None = None
) -> list[TrendingTag]:
    """Tags rising fastest: recent uses against what the baseline rate predicts."""
    w = windows or TrendWindows()
    scale = w.recent_hours / w.baseline_hours
    out = []
    for c in counts:
        if c.recent < w.min_recent or not c.display:
            continue
        lift = (c.recent + 1.0) / (c.before * scale + 1.0)
        if lift <= 1.0:
            continue  # used no more than usual: steady, not rising
        out.append(TrendingTag(c.key, c.display, c.recent, lift * math.log1p(c.recent)))
    out.sort(key=lambda t: (-t.score, -t.recent, t.key))
    return out[:limit]
