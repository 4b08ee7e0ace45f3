"""Runs the repair pass (``repair.py``) against a story store: load, plan, save.

    StoryRepairer(clusterer).repair()

The live worker runs it when the queue is idle (and at least every
``ClusterParams.repair_every`` articles); ``newsdesk stories replay`` runs it on the
same schedule and once more at the end of the stream. Calls must be serialised with
``StoryClusterer.add`` (same lock): both read, then write, the stories they touch.

Writes: only articles whose story changes are saved (their vectors and index terms stay
as stored, so posting lists do not grow with every pass), and only stories that gained
or lost an article are rebuilt from their members. A story left empty is retired and
records its survivor.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from newsdesk.stories import repair, vectors
from newsdesk.stories.clusterer import MAX_STORY_MEMBERS_READ, StoryClusterer
from newsdesk.stories.model import ArticleState, RepairReport, StoryMerge, StoryState, Vector
from newsdesk.stories.terms import PREFIX_MARK


class StoryRepairer:
    def __init__(self, clusterer: StoryClusterer) -> None:
        self.clusterer = clusterer
        self.store = clusterer.store
        self.params = clusterer.params

    def batch(self) -> list[ArticleState]:
        """The working set: the most recent articles, within one window of the newest,
        in doc_id order (a canonical order: the batch result must not depend on
        arrival)."""
        p = self.params
        recent = self.store.recent_articles(limit=p.repair_limit)
        times = [a.published_at for a in recent if a.published_at is not None]
        if p.window_days is not None and times:
            oldest = max(times) - timedelta(days=p.window_days)
            recent = [a for a in recent if a.published_at is None or a.published_at >= oldest]
        return sorted(recent, key=lambda a: a.doc_id)

    def repair(self) -> RepairReport:
        batch = self.batch()
        if len(batch) < 2:
            return RepairReport(len(batch))
        current_vecs = self.clusterer.current_vectors(batch)
        vecs = [current_vecs[a.doc_id] for a in batch]
        graph = repair.similarity_graph(vecs, self.params)
        batch = self._refresh(batch, graph, vecs)
        current = {a.doc_id: a.story_id for a in batch}
        members = {
            story_id: self.store.story_articles(story_id, limit=MAX_STORY_MEMBERS_READ)
            for story_id in sorted(set(current.values()))
        }
        anchors = []
        for story_id, ms in members.items():
            older = [m for m in ms if m.copy_of is None and m.doc_id not in current]
            if older:
                anchors.append(
                    repair.Anchor(
                        story_id,
                        vectors.add(m.vector for m in older),
                        len(older),
                        sum(_density(m.neighbour_sims, self.params.density_k) for m in older),
                    )
                )
        outside = {a.story_id: a.size for a in anchors}
        clusters = repair.batch_clusters(vecs, self.params, graph, anchors)
        n = len(batch)
        anchored = {
            c: anchors[i - n].story_id for c, nodes in enumerate(clusters) for i in nodes if i >= n
        }
        plan = repair.reconcile(
            [[batch[i].doc_id for i in c if i < n] for c in clusters],
            current,
            {a.doc_id: a.seq for a in batch},
            outside,
            anchored,
        )
        if (
            all(plan.cluster_story[plan.cluster_of[d]] == s for d, s in current.items())
            and not plan.absorbed
        ):
            return RepairReport(len(batch))
        story_of = [s if s is not None else self.store.next_story_id() for s in plan.cluster_story]
        created = tuple(story_of[c] for c, s in enumerate(plan.cluster_story) if s is None)
        moved: list[str] = []
        touched: dict[str, None] = {}
        by_doc = {a.doc_id: a for a in batch}
        for ms in members.values():  # copies follow their original
            for m in ms:
                if m.copy_of is not None and m.copy_of in by_doc:
                    by_doc.setdefault(m.doc_id, m)
        for doc_id, article in sorted(by_doc.items()):
            original = article.copy_of if article.copy_of is not None else doc_id
            if original not in plan.cluster_of:
                continue
            target = story_of[plan.cluster_of[original]]
            if article.story_id == target:
                continue
            touched[article.story_id] = None
            touched[target] = None
            self.store.save_article(replace(article, story_id=target))
            if article.copy_of is None:
                moved.append(doc_id)
        merged = []
        for story_id in sorted(touched):
            state = self._rebuild(story_id)
            if state is not None:
                self.store.save_story(state)
                continue
            survivor = story_of[plan.absorbed[story_id]] if story_id in plan.absorbed else None
            self.store.retire_story(story_id, survivor)
            if survivor is not None:
                merged.append(StoryMerge(story_id, survivor))
        return RepairReport(len(batch), tuple(moved), created, tuple(merged))

    def _refresh(
        self, batch: list[ArticleState], graph: list[dict[int, float]], vecs: list[Vector]
    ) -> list[ArticleState]:
        """Store each article's rebuilt vector, its index terms and its neighbour
        cosines as the batch measured them (today's document frequencies, every article
        of the window known), moving each story's centroid and density sum by its
        members' change: the streaming clusterer and the related ranking then see the
        same vectors, densities and candidates whatever order the articles came in."""
        p = self.params
        k = p.density_k
        out = []
        changes: dict[str, list[tuple[ArticleState, ArticleState]]] = {}
        sims_of = repair.neighbour_sims(graph, k)
        for article, sims, vec in zip(batch, sims_of, vecs, strict=True):
            sims = tuple(round(s, 9) for s in sims)
            terms = vectors.top_excluding(vec, p.index_terms, PREFIX_MARK)
            fresh = replace(article, vector=vec, neighbour_sims=sims, top_terms=terms)
            if fresh != article:
                self.store.save_article(fresh)
                changes.setdefault(article.story_id, []).append((article, fresh))
            out.append(fresh)
        for story_id, pairs in sorted(changes.items()):
            story = self.store.get_story(story_id)
            if story is None:
                continue
            centroid = vectors.add(
                [story.centroid]
                + [new.vector for _, new in pairs]
                + [{t: -v for t, v in old.vector.items()} for old, _ in pairs]
            )
            centroid = vectors.truncate(
                {t: v for t, v in centroid.items() if abs(v) > 1e-12}, p.centroid_terms
            )
            density = sum(_density(new.neighbour_sims, k) for _, new in pairs) - sum(
                _density(old.neighbour_sims, k) for old, _ in pairs
            )
            self.store.save_story(
                replace(
                    story,
                    centroid=centroid,
                    top_terms=vectors.top_excluding(centroid, p.index_terms, PREFIX_MARK),
                    density_sum=story.density_sum + density,
                )
            )
        return out

    def _rebuild(self, story_id: str) -> StoryState | None:
        """The story's state recomputed from its members (None: it has none left)."""
        p = self.params
        members = self.store.story_articles(story_id, limit=MAX_STORY_MEMBERS_READ)
        if not members:
            return None
        members.sort(key=lambda a: (a.seq, a.doc_id))  # oldest first: publisher order
        originals = [a for a in members if a.copy_of is None]
        centroid = vectors.truncate(vectors.add(a.vector for a in originals), p.centroid_terms)
        headline = max(
            originals or members,
            key=lambda a: (vectors.cosine(a.vector, centroid), -a.seq, a.doc_id),
        )
        times = [a.published_at for a in members if a.published_at is not None]
        publishers = tuple(dict.fromkeys(a.publisher for a in members if a.publisher))
        old = self.store.get_story(story_id)
        base = old or StoryState(story_id, {}, (), 0, None, None, "")
        return replace(
            base,
            centroid=centroid,
            top_terms=vectors.top_excluding(centroid, p.index_terms, PREFIX_MARK),
            size=len(originals),
            first_seen=min(times) if times else None,
            last_seen=max(times) if times else None,
            headline=headline.title,
            headline_id=headline.doc_id,
            publishers=publishers,
            density_sum=sum(_density(a.neighbour_sims, p.density_k) for a in originals),
        )


def _density(neighbour_sims: tuple[float, ...], k: int) -> float:
    return sum(neighbour_sims) / k if k > 0 else 0.0
