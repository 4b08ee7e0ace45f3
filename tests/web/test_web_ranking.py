"""Front-page ranking, trending tags, timeline buckets, label coverage, quote links: pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from newsdesk.reading.ranking import (
    StoryStats,
    StoryWeights,
    TagCounts,
    rank_stories,
    story_score,
    trending_tags,
)
from newsdesk.reading.timeline import Stamp, bucket_times, label_coverage
from newsdesk.web.quotes import quote_link

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
W = StoryWeights()


def stats(story_id: int, publishers: int, recent: int = 0, hours_ago: float = 1.0) -> StoryStats:
    return StoryStats(story_id, publishers, recent, NOW - timedelta(hours=hours_ago))


def order(stories: list[StoryStats]) -> list[int]:
    return [r.story_id for r in rank_stories(stories, NOW)]


def test_more_publishers_rank_higher_at_equal_age():
    assert order([stats(1, 2), stats(2, 6), stats(3, 4)]) == [2, 3, 1]


def test_growing_story_beats_a_static_one_of_equal_breadth():
    assert order([stats(1, 4, recent=0), stats(2, 4, recent=5)]) == [2, 1]


def test_a_fresh_story_overtakes_a_bigger_stale_one():
    stale = stats(1, 8, recent=0, hours_ago=36)
    fresh = stats(2, 3, recent=3, hours_ago=0.5)
    assert order([stale, fresh]) == [2, 1]


def test_single_publisher_stories_and_limit_and_ties():
    ranked = rank_stories([stats(i, 3) for i in range(1, 6)] + [stats(9, 1)], NOW, limit=3)
    assert [r.story_id for r in ranked] == [5, 4, 3]  # equal scores: newer id first
    assert 9 not in order([stats(9, 1)])


def test_unknown_time_sinks_to_the_bottom():
    assert order([StoryStats(1, 9, 9, None), stats(2, 2)]) == [2, 1]


@given(
    publishers=st.integers(0, 500),
    recent=st.integers(0, 500),
    hours=st.floats(0, 24 * 30),
    more=st.integers(1, 50),
)
def test_score_is_monotone_in_breadth_growth_and_recency(publishers, recent, hours, more):
    base = story_score(stats(1, publishers, recent, hours), NOW, W)
    assert story_score(stats(1, publishers + more, recent, hours), NOW, W) >= base
    assert story_score(stats(1, publishers, recent + more, hours), NOW, W) >= base
    assert story_score(stats(1, publishers, recent, hours + more), NOW, W) <= base
    assert base >= 0.0


def test_a_rising_tag_beats_a_steady_frequent_one():
    rising = TagCounts("ostra", "Ostra", recent=6, before=0)
    steady = TagCounts("weather", "Weather", recent=8, before=40)  # its usual rate
    once = TagCounts("kessel", "Kessel", recent=1, before=0)
    falling = TagCounts("museum", "Museum", recent=2, before=60)
    tags = trending_tags([steady, once, falling, rising])
    assert [t.display for t in tags] == ["Ostra"]


def test_trending_order_and_limit():
    counts = [TagCounts(f"t{i}", f"T{i}", recent=i, before=0) for i in range(2, 12)]
    tags = trending_tags(counts, limit=3)
    assert [t.key for t in tags] == ["t11", "t10", "t9"]


def test_timeline_buckets_cover_the_span_with_a_fitting_size():
    t0 = datetime(2026, 11, 29, 8, 20, tzinfo=UTC)
    stamps = [
        Stamp(t0, "A"),
        Stamp(t0 + timedelta(minutes=30), "A"),
        Stamp(t0 + timedelta(minutes=50), "B"),
        Stamp(t0 + timedelta(minutes=55), "B"),
        Stamp(t0 + timedelta(hours=3), "C"),
    ]
    buckets = bucket_times(stamps)
    assert [b.count for b in buckets] == [2, 2, 0, 1]  # 08:00, 09:00, 10:00, 11:00
    assert buckets[0].start == t0.replace(minute=0) and buckets[0].hours == 1
    assert buckets[0].publishers == ("A",) and buckets[1].publishers == ("B",)
    week = bucket_times([Stamp(t0, "A"), Stamp(t0 + timedelta(days=5), "B")])
    assert week[0].hours == 6 and sum(b.count for b in week) == 2 and len(week) <= 24
    assert bucket_times([]) == []


@given(st.lists(st.integers(0, 60 * 24 * 60), min_size=1, max_size=40))
def test_timeline_keeps_every_article(minutes):
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    buckets = bucket_times([Stamp(t0 + timedelta(minutes=m), "P") for m in minutes])
    assert sum(b.count for b in buckets) == len(minutes)
    assert len(buckets) <= 48


def test_label_coverage_lists_covered_and_missing_values():
    covering = [{"Country": "Northland", "Lean": ""}, {"Country": "Vellaria", "Lean": "left"}]
    known = [*covering, {"Country": "Calder", "Lean": "right"}, {"Country": "", "Lean": ""}]
    rows = label_coverage(["Country", "Lean", "Ownership"], covering, known)
    assert [(r.label, r.covered, r.missing) for r in rows] == [
        ("Country", ("Northland", "Vellaria"), ("Calder",)),
        ("Lean", ("left",), ("right",)),
    ]


@given(st.text(min_size=1, max_size=300))
def test_quote_link_is_a_text_fragment_of_the_quote(text):
    link = quote_link(text)
    assert link.startswith("#article-body")
    if text.split():
        directive = link.split(":~:text=", 1)[1]
        parts = directive.split(",")
        assert 1 <= len(parts) <= 2
        assert all("-" not in p and "&" not in p and "#" not in p for p in parts)
        words = text.split()
        assert unquote(parts[0]).split() == words[: len(unquote(parts[0]).split())]
