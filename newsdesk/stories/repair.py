"""The repair pass: re-cluster the recent window as one batch, then make the stored
stories agree with it while keeping their ids.

Streaming clustering decides once, with what it has seen so far: on a young store the
density correction has no neighbourhood to measure, and the same articles in another
order can end in other stories. The repair takes the most recent articles, rebuilds
their vectors from their raw counts with today's document frequencies (so nothing
depends on when each arrived), clusters them with the same similarity as the streaming
clusterer (density-corrected average link, plain-cosine floor, "sure" cosine) but with
every article of the batch known, and reconciles:

- each batch cluster keeps the id of the stored story that gives it most members, each
  stored story going to one cluster only (a split gives the rest a new story);
- a stored story left with no members was merged: it records its survivor, the story
  that took most of its articles, so its page can redirect.

Everything here is pure (vectors and ids in, plans out); ``StoryClusterer.repair``
loads and saves. Cost: one candidate list per article (at most ``candidate_limit``
others sharing one of its strongest terms) and a dot product per candidate, so a pass
costs ``repair_limit * candidate_limit`` dot products however big the store is.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsdesk.stories import vectors
from newsdesk.stories.model import ClusterParams, Vector
from newsdesk.stories.terms import PREFIX_MARK


@dataclass(frozen=True, slots=True)
class Anchor:
    """The members of a stored story that are outside the batch (older than it).

    They stay where they are, but they take part in the clustering as one node, so a
    batch article joins them only by average link like any other cluster, and an
    article that streaming wrongly joined to an old story can leave it. Two anchors
    never merge (that would move articles outside the batch).
    """

    story_id: str
    vector_sum: Vector  # sum of the members' unit vectors
    size: int
    density_sum: float


@dataclass(frozen=True, slots=True)
class Plan:
    """Where the repair puts each article of the batch.

    ``cluster_story[c]`` is the kept story id of cluster ``c`` (None: a new story);
    ``cluster_of[doc_id]`` is the article's cluster; ``absorbed`` maps a stored story
    that keeps no article to the cluster that took most of them (its survivor).
    """

    cluster_story: tuple[str | None, ...]
    cluster_of: dict[str, int]
    absorbed: dict[str, int]


def similarity_graph(vecs: Sequence[Vector], params: ClusterParams) -> list[dict[int, float]]:
    """Cosines between articles that share one of their strongest word terms.

    Each article asks for at most ``candidate_limit`` others (most shared terms first,
    then batch order); a pair is kept when either side asked for it, so the graph is
    symmetric and independent of arrival order.
    """
    keys = [vectors.top_excluding(v, params.query_terms, PREFIX_MARK) for v in vecs]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, terms in enumerate(keys):
        for term in terms:
            postings[term].append(i)
    graph: list[dict[int, float]] = [{} for _ in vecs]
    for i, terms in enumerate(keys):
        shared: Counter[int] = Counter()
        for term in terms:
            shared.update(j for j in postings[term] if j != i)
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
        for j, _ in ranked[: params.candidate_limit]:
            if j not in graph[i]:
                sim = vectors.dot(vecs[i], vecs[j])
                graph[i][j] = sim
                graph[j][i] = sim
    return graph


def densities(graph: Sequence[Mapping[int, float]], k: int) -> list[float]:
    """Mean of each article's ``k`` highest cosines (missing neighbours count 0)."""
    if k <= 0:
        return [0.0] * len(graph)
    return [sum(sorted(edges.values(), reverse=True)[:k]) / k for edges in graph]


def neighbour_sims(graph: Sequence[Mapping[int, float]], k: int) -> list[tuple[float, ...]]:
    """Each article's ``k`` highest cosines, descending (``ArticleState.neighbour_sims``)."""
    return [tuple(sorted(edges.values(), reverse=True)[:k]) for edges in graph]


def batch_clusters(
    vecs: Sequence[Vector],
    params: ClusterParams,
    graph: Sequence[Mapping[int, float]] | None = None,
    anchors: Sequence[Anchor] = (),
) -> list[list[int]]:
    """Greedy average-link clustering on the streaming clusterer's scale.

    Two clusters A and B merge, best pair first, while
    ``mean_cos(A, B) >= floor`` and either ``mean_cos >= sure_threshold`` or
    ``2 * mean_cos - mean_density(A) - mean_density(B) >= repair_threshold``.
    The mean cosine is exact: pairs outside the graph share no strong term and count 0.
    Ties go to the lower indices, so the result depends only on the batch's order,
    which the caller makes canonical. Anchor ``a`` is node ``len(vecs) + a``.
    """
    if graph is None:
        graph = similarity_graph(vecs, params)
    n = len(vecs)
    dens = densities(graph, params.density_k)
    size = [1] * n + [a.size for a in anchors]
    dsum = list(dens) + [a.density_sum for a in anchors]
    pinned = [False] * n + [True] * len(anchors)
    # links[a][b]: sum of cosines between the members of clusters a and b.
    links: list[dict[int, float]] = [dict(edges) for edges in graph] + [{} for _ in anchors]
    for a, anchor in enumerate(anchors, n):
        for i, vec in enumerate(vecs):
            s = vectors.dot(vec, anchor.vector_sum)
            if s > 0.0:
                links[a][i] = links[i][a] = s
    total = n + len(anchors)
    alive = [True] * total
    members = [[i] for i in range(total)]
    version = [0] * total

    def score(a: int, b: int) -> float | None:
        if pinned[a] and pinned[b]:
            return None
        mean_cos = links[a][b] / (size[a] * size[b])
        if mean_cos < params.floor:
            return None
        if mean_cos >= params.sure_threshold:
            return 2.0 + mean_cos  # sure pairs first, most similar first
        adjusted = 2.0 * mean_cos - dsum[a] / size[a] - dsum[b] / size[b]
        return adjusted if adjusted >= params.repair_threshold else None

    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        lo, hi = min(a, b), max(a, b)
        s = score(lo, hi)
        if s is not None:
            heapq.heappush(heap, (-s, lo, hi, version[lo], version[hi]))

    for a, edges in enumerate(links):
        for b in edges:
            if a < b:
                push(a, b)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
            continue
        # Merge b into a (a is the lower index: stable and order-free).
        alive[b] = False
        members[a] += members[b]
        pinned[a] = pinned[a] or pinned[b]
        size[a] += size[b]
        dsum[a] += dsum[b]
        version[a] += 1
        for c, s in links[b].items():
            if c == a:
                continue
            links[a][c] = links[a].get(c, 0.0) + s
            links[c][a] = links[a][c]
            del links[c][b]
        links[a].pop(b, None)
        links[b] = {}
        for c in links[a]:
            push(a, c)
    return [sorted(members[i]) for i in range(total) if alive[i]]


def reconcile(
    clusters: Sequence[Sequence[str]],
    current: Mapping[str, str],
    first_seen: Mapping[str, int],
    outside: Mapping[str, int],
    anchored: Mapping[int, str] | None = None,
) -> Plan:
    """Give batch clusters stored story ids, keeping ids stable.

    ``current`` is each article's stored story, ``first_seen`` an arrival rank per
    article (ties go to the story that has the earliest article), ``outside`` how many
    members each stored story has outside the batch (those stay where they are, so
    such a story is never absorbed). ``anchored`` maps a cluster that holds a story's
    anchor to that story: it keeps that id whatever the votes.
    """
    claims: list[tuple[int, int, int, str]] = []
    cluster_story: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()
    for c, story in (anchored or {}).items():
        cluster_story[c] = story
        taken.add(story)
    for c, docs in enumerate(clusters):
        votes: Counter[str] = Counter(current[d] for d in docs)
        for story, n in votes.items():
            earliest = min(first_seen[d] for d in docs if current[d] == story)
            claims.append((-n, earliest, c, story))
    claims.sort()
    for _, _, c, story in claims:
        if cluster_story[c] is None and story not in taken:
            cluster_story[c] = story
            taken.add(story)
    cluster_of = {d: c for c, docs in enumerate(clusters) for d in docs}
    absorbed: dict[str, int] = {}
    stories = sorted(set(current.values()))
    for story in stories:
        if story in taken or outside.get(story, 0) > 0:
            continue
        # Every article left: the survivor is the cluster that took most of them.
        takers: Counter[int] = Counter(cluster_of[d] for d, s in current.items() if s == story)
        absorbed[story] = min(takers, key=lambda c: (-takers[c], c))
    return Plan(tuple(cluster_story), cluster_of, absorbed)
