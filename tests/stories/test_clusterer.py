"""Story clustering: one event forms one story, another event on the subject stays apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from newsdesk.stories.clusterer import StoryClusterer
from newsdesk.stories.memory import MemoryStoryStore
from newsdesk.stories.model import ClusterParams, StoryDoc
from newsdesk.stories.terms import PREFIX_MARK
from tests.stories.story_fixtures import MONDAY, coverage, doc


def clustered(docs: list[StoryDoc], params: ClusterParams | None = None) -> StoryClusterer:
    clusterer = StoryClusterer(MemoryStoryStore(), params or ClusterParams())
    for d in docs:
        clusterer.add(d)
    return clusterer


def story_of(c: StoryClusterer, doc_id: str) -> str:
    article = c.store.get_article(doc_id)
    assert article is not None
    return article.story_id


def test_one_event_one_story_other_event_apart() -> None:
    for window in (3.0, None):
        c = clustered(coverage(), ClusterParams(window_days=window))
        strike = {story_of(c, d) for d in ("strike-reuters", "strike-herald", "strike-tribune")}
        bank = {story_of(c, d) for d in ("bank-1", "bank-2")}
        assert len(strike) == 1, window
        assert len(bank) == 1, window
        assert strike != bank
        story = c.store.get_story(strike_id := strike.pop())
        assert story is not None
        members = c.store.story_articles(strike_id, limit=10)
        assert {a.doc_id for a in members} == {"strike-reuters", "strike-herald", "strike-tribune"}
        assert story.size == 3
        assert set(story.publishers) == {"Reuters", "Herald", "Tribune"}
        assert story.first_seen == MONDAY + timedelta(hours=24)
        assert story.last_seen == MONDAY + timedelta(hours=27)
        assert story.headline


def test_assignment_reports_new_and_joined() -> None:
    c = StoryClusterer(MemoryStoryStore())
    docs = coverage()
    first = c.add(docs[0])
    second = c.add(docs[1])
    assert first.is_new and not second.is_new
    assert second.story_id == first.story_id
    assert second.similarity >= c.params.join_threshold
    again = c.add(docs[1])  # idempotent: re-adding a known doc changes nothing
    assert again.story_id == first.story_id and not again.is_new


def test_window_expiry_starts_a_new_story() -> None:
    early = doc("wire_reuters.txt", "a", "Reuters", 0)
    late = replace(
        doc("rewrite_herald.txt", "b", "Herald", 0), published_at=MONDAY + timedelta(days=10)
    )
    c = clustered([early, late], ClusterParams(window_days=3.0))
    assert story_of(c, "a") != story_of(c, "b")
    c = clustered([early, late], ClusterParams(window_days=None))
    assert story_of(c, "a") == story_of(c, "b")
    c = clustered([early, replace(late, published_at=None)], ClusterParams(window_days=3.0))
    assert story_of(c, "a") == story_of(c, "b")  # unknown time: the text decides


def test_stories_merge_after_an_update() -> None:
    # Two halves of one event arrive first and start two stories (join threshold set
    # high); the full account joins one of them and the merge step then folds the
    # other in (merge threshold set low). Tests the bookkeeping of a merge.
    reuters = doc("wire_reuters.txt", "full", "Reuters", 30)
    paragraphs = reuters.text.split("\n\n")
    part_a = StoryDoc("a", reuters.title, "\n\n".join(paragraphs[:3]), reuters.published_at, "A")
    part_b = StoryDoc(
        "b",
        "Port Seren Authority defends bonus cut",
        "\n\n".join(paragraphs[4:8]),
        reuters.published_at,
        "B",
    )
    params = ClusterParams(join_threshold=0.4, merge_threshold=-0.2, sure_threshold=1.0)
    c = StoryClusterer(MemoryStoryStore(), params)
    ids = [c.add(d) for d in (part_a, part_b)]
    assert ids[0].story_id != ids[1].story_id
    bridged = c.add(reuters)
    assert bridged.merged_story_ids
    assert story_of(c, "a") == story_of(c, "b") == story_of(c, "full")
    gone = bridged.merged_story_ids[0]
    assert c.store.get_story(gone) is None
    story = c.store.get_story(story_of(c, "full"))
    assert story is not None and story.size == 3


def test_copies_follow_their_original_and_are_never_related() -> None:
    docs = coverage()
    copy = doc("wire_reuters.txt", "strike-copy", "Courier", 25, copy_of="strike-reuters")
    c = clustered([docs[0], copy, *docs[1:]])
    assert story_of(c, "strike-copy") == story_of(c, "strike-reuters")
    for d in ("strike-reuters", "strike-herald", "strike-tribune", "bank-1"):
        assert "strike-copy" not in [r.doc_id for r in c.related(d)]
    # The copy's page shows the original's related articles, never the original itself.
    from_copy = [r.doc_id for r in c.related("strike-copy")]
    assert "strike-reuters" not in from_copy
    assert from_copy[:2] == [r.doc_id for r in c.related("strike-reuters")][:2]
    story = c.store.get_story(story_of(c, "strike-reuters"))
    assert story is not None and "Courier" in story.publishers


def test_related_ranks_same_story_and_other_publishers_first() -> None:
    docs = coverage()
    # A same-publisher follow-up: Reuters again on the strike, the next morning.
    # A same-publisher update: Reuters' story again, with a new top paragraph.
    follow = StoryDoc(
        "strike-reuters-2",
        "Port Seren strike enters second day as ships wait",
        "The strike at Port Seren entered its second day on Wednesday.\n\n"
        + docs[0].text.split("\n\n", 1)[1],
        MONDAY + timedelta(hours=47),
        "Reuters",
    )
    c = clustered([*docs, follow])
    assert story_of(c, "strike-reuters-2") == story_of(c, "strike-reuters")
    related = c.related("strike-reuters")
    ids = [r.doc_id for r in related]
    assert set(ids[:2]) == {"strike-herald", "strike-tribune"}
    assert ids.index("strike-reuters-2") == 2  # same story, same publisher: after others
    assert all(r.same_story for r in related[:3])
    assert "strike-reuters" not in ids
    rest = [r.score for r in related[3:]]
    assert rest == sorted(rest, reverse=True) and not any(r.same_story for r in related[3:])
    assert c.related("unknown") == ()


def test_prefix_terms_score_but_never_index() -> None:
    c = clustered(coverage())
    article = c.store.get_article("strike-herald")
    assert article is not None
    assert any(t.startswith(PREFIX_MARK) for t in article.vector)
    assert article.top_terms and not any(t.startswith(PREFIX_MARK) for t in article.top_terms)
    story = c.store.get_story(article.story_id)
    assert story is not None and not any(t.startswith(PREFIX_MARK) for t in story.top_terms)
    # Turning prefixes off gives word-only vectors.
    off = clustered(coverage(), ClusterParams(subword_weight=0.0))
    plain = off.store.get_article("strike-herald")
    assert plain is not None and not any(t.startswith(PREFIX_MARK) for t in plain.vector)
