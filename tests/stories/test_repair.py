"""The repair pass: splits and merges stories towards the batch clustering, keeps ids."""

from __future__ import annotations

from dataclasses import replace

from newsdesk.stories.clusterer import StoryClusterer
from newsdesk.stories.memory import MemoryStoryStore
from newsdesk.stories.model import ClusterParams
from newsdesk.stories.repair import batch_clusters, reconcile
from newsdesk.stories.repairer import StoryRepairer
from tests.stories.story_fixtures import coverage

GOOD = ClusterParams()


def _stories(store: MemoryStoryStore) -> dict[str, str]:
    return {d.doc_id: store.get_article(d.doc_id).story_id for d in coverage()}  # type: ignore[union-attr]


def _cluster(params: ClusterParams) -> tuple[MemoryStoryStore, StoryClusterer]:
    store = MemoryStoryStore()
    clusterer = StoryClusterer(store, params)
    for doc in coverage():
        clusterer.add(doc)
    return store, clusterer


def test_repair_splits_a_lumped_story_and_the_biggest_part_keeps_its_id():
    # Streaming with no floor and a very low threshold lumps both events together.
    store, _ = _cluster(replace(GOOD, floor=-1.0, join_threshold=-10.0))
    lumped = _stories(store)
    assert len(set(lumped.values())) == 1
    report = StoryRepairer(StoryClusterer(store, GOOD)).repair()
    after = _stories(store)
    assert after["strike-reuters"] == after["strike-herald"] == after["strike-tribune"]
    assert after["bank-1"] == after["bank-2"] != after["strike-reuters"]
    # The strike (3 articles) keeps the old id; the central bank (2) gets a new one.
    assert after["strike-reuters"] == lumped["strike-reuters"]
    assert report.created == (after["bank-1"],)
    assert sorted(report.moved) == ["bank-1", "bank-2"]
    story = store.get_story(after["bank-1"])
    assert (
        story is not None
        and story.size == 2
        and set(story.publishers)
        == {
            "Valmora Post",
            "Herald",
        }
    )
    assert store.get_story(after["strike-reuters"]).size == 3  # type: ignore[union-attr]
    # A second pass has nothing left to do.
    assert StoryRepairer(StoryClusterer(store, GOOD)).repair().moved == ()


def test_repair_merges_split_stories_and_records_the_survivor():
    store, _ = _cluster(
        replace(GOOD, join_threshold=10.0, sure_threshold=2.0, merge_threshold=None)
    )
    split = _stories(store)
    assert len(set(split.values())) == 5
    report = StoryRepairer(StoryClusterer(store, GOOD)).repair()
    after = _stories(store)
    assert len(set(after.values())) == 2
    # Ids stay stable: each merged story is one of the old ones, the earliest.
    assert after["strike-reuters"] == split["strike-reuters"]
    assert after["bank-1"] == split["bank-1"]
    absorbed = {m.absorbed: m.survivor for m in report.merged}
    assert absorbed == {
        split["strike-herald"]: split["strike-reuters"],
        split["strike-tribune"]: split["strike-reuters"],
        split["bank-2"]: split["bank-1"],
    }
    for gone, survivor in absorbed.items():
        assert store.get_story(gone) is None
        assert store.survivor_of(gone) == survivor


def test_streaming_merges_record_their_survivor_too():
    store = MemoryStoryStore()
    store.retire_story("s9", "s3")
    store.retire_story("s3", "s4")
    assert store.survivor_of("s9") == "s4"
    assert store.survivor_of("s4") is None


def test_batch_clustering_ignores_the_order_of_equal_inputs():
    a = {"harbour": 0.8, "strike": 0.6}
    b = {"harbour": 0.6, "strike": 0.8}
    c = {"budget": 1.0}
    assert batch_clusters([a, b, c], GOOD) == [[0, 1], [2]]
    assert batch_clusters([c, b, a], GOOD) == [[0], [1, 2]]


def test_reconcile_gives_each_stored_story_to_one_cluster():
    plan = reconcile(
        [["a", "b"], ["c"], ["d"]],
        {"a": "s1", "b": "s1", "c": "s1", "d": "s2"},
        {"a": 1, "b": 2, "c": 3, "d": 4},
        {"s2": 1},
    )
    assert plan.cluster_story == ("s1", None, "s2")
    assert plan.absorbed == {}


def test_an_article_wrongly_joined_to_an_older_story_leaves_it():
    # The strike and one central-bank article lumped together; then a repair that sees
    # only the two newest arrivals (bank-1, strike-tribune). The older members stay
    # put but take part as one node: the tribune rewrite links to them and keeps the
    # story, the central-bank article leaves it (counting votes alone would have kept
    # bank-1, the earlier arrival, and split the tribune off its strike).
    store = MemoryStoryStore()
    lumping = StoryClusterer(store, replace(GOOD, floor=-1.0, join_threshold=-10.0))
    docs = coverage()[:4]
    for doc in docs:
        lumping.add(doc)
    old = store.get_article("strike-reuters").story_id  # type: ignore[union-attr]
    report = StoryRepairer(StoryClusterer(store, replace(GOOD, repair_limit=2))).repair()
    after = {d.doc_id: store.get_article(d.doc_id).story_id for d in docs}  # type: ignore[union-attr]
    assert report.moved == ("bank-1",)
    assert after["strike-tribune"] == after["strike-herald"] == after["strike-reuters"] == old
    assert after["bank-1"] != old
