"""The store ``bench/volume.py`` measures: a year of news written in bulk, in minutes.

Placing 100,000 articles one at a time through the live clusterer takes hours (15-25
articles a second on a loaded machine). The bench needs the rows the pipeline stores,
not the clusterer's decisions: the events are generated, so each article's story is
known. Every article still gets what the worker writes for it — the article row, its
hashtags, its clusterer member (term counts and TF-IDF vector computed by the real
clusterer against the growing document frequencies), postings, its story's row
(centroid, headline, publishers, postings) and its stored related list — written a
batch at a time through the same ``DatabaseStoryStore`` the worker uses.

Related lists follow the pipeline's two tiers without its scoring: the same story
first (other publishers, newest first), then recent articles of other stories that
share one of the article's first two hashtags (the same subject, three days either
side). Lists of a story's older members are rewritten when it grows, as the worker
refreshes a story's newest members when an article joins it.
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.db import connection, transaction

from newsdesk.reading.articles import original_of
from newsdesk.storage.keys import text_key
from newsdesk.storage.models import (
    Article,
    ArticleStatus,
    ArticleTag,
    Hashtag,
    RelatedArticle,
    Source,
    TermStat,
)
from newsdesk.storage.story_store import DatabaseStoryStore
from newsdesk.storage.story_store.postings import TERM_LENGTH
from newsdesk.stories import vectors
from newsdesk.stories.clusterer import StoryClusterer
from newsdesk.stories.model import SAME_STORY, SAME_SUBJECT, ArticleState, ClusterParams, StoryState
from newsdesk.stories.terms import PREFIX_MARK as MARK

SOURCES = 100
TAGS_PER_ARTICLE = 5
COPY_SHARE = 0.05
RELATED = 10
SUBJECT_DAYS = 3
PARAMS = ClusterParams()


def _letters(i: int) -> str:
    out = ""
    while True:
        out = "bcdfghjklmnpqrstvwz"[i % 19] + "aeiou"[i // 19 % 5] + out
        i //= 95
        if not i:
            return out


class Words:
    """A Zipf-ish vocabulary of pronounceable synthetic words."""

    def __init__(self, rng: random.Random, size: int = 20000) -> None:
        self.rng = rng
        self.words = [_letters(i + 400) for i in range(size)]
        self.cum: list[float] = []
        acc = 0.0
        total = sum(1.0 / (r + 10) for r in range(size))
        for r in range(size):
            acc += 1.0 / (r + 10) / total
            self.cum.append(acc)

    def sample(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=k)


@dataclass(frozen=True, slots=True)
class Placed:
    """What related lists need of a placed article (the rows themselves are let go)."""

    pk: int
    publisher: str
    original: bool
    at: datetime


@dataclass
class Event:
    """One news event: the words its coverage shares, its two subject tags, its story."""

    words: list[str]
    tags: list[str]
    at: datetime
    first: int | None = None  # the first article's id: what wire copies copy
    made: int = 0  # articles made for it so far
    # Copies made before the first article had its id (an event's articles are made
    # together, then stored in one batch): pointed at it once it is stored.
    copies: list[Article] = field(default_factory=list)
    story: StoryState | None = None
    members: list[Placed] = field(default_factory=list)


class BulkBuilder:
    """Writes articles as the worker's stages leave them; ``add`` is one batch."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.words = Words(self.rng)
        self.tag_names = [_letters(i + 90000).capitalize() for i in range(3000)]
        Hashtag.objects.bulk_create(
            [Hashtag(key=n.lower(), display=n) for n in self.tag_names], ignore_conflicts=True
        )
        self.tags = {h.display: h for h in Hashtag.objects.filter(display__in=self.tag_names)}
        far = datetime(2100, 1, 1).astimezone()  # never due: no fetch during the measurement
        self.sources = []
        for i in range(SOURCES):
            source, _ = Source.objects.get_or_create(
                url=f"https://publisher-{i}.example/feed.xml",
                defaults={"name": f"Publisher {i}", "next_fetch_at": far},
            )
            self.sources.append(source)
        # Recent articles under each tag, for the same-subject tier: (id, event, time).
        self.by_tag: dict[str, deque[tuple[int, int, datetime]]] = defaultdict(
            lambda: deque(maxlen=50)
        )

    def event(self, at: datetime) -> Event:
        return Event(self.words.sample(8), self.rng.sample(self.tag_names, 2), at)

    def article(self, event: Event, n: int) -> Article:
        rng = self.rng
        source = rng.choice(self.sources)
        at = event.at + timedelta(minutes=rng.randint(0, 360))
        copy = event.made > 0 and rng.random() < COPY_SHARE
        event.made += 1
        title = " ".join(rng.sample(event.words, 5) + self.words.sample(2)).capitalize()
        paragraphs = [
            " ".join(
                w
                for pair in zip(rng.choices(event.words, k=14), self.words.sample(14), strict=True)
                for w in pair
            ).capitalize()
            + "."
            for _ in range(4)
        ]
        text = "\n\n".join(paragraphs)
        key = f"vol-{n}"
        url = f"https://publisher-{source.pk}.example/{key}"
        row = Article(
            source=source,
            item_key=text_key(key),
            url=url,
            url_key=text_key(url),
            title=title,
            publisher=source.name,
            published_at=at,
            sort_at=at,
            body_text=text,
            body_html="".join(f"<p>{p}</p>" for p in paragraphs),
            content_hash=text_key(text),
            status=ArticleStatus.READY,
            copy_of_id=event.first if copy else None,
            summary=paragraphs[0][:200],
            enriched_at=at,
            fetched_at=at,
            created_at=at,
        )
        if copy and event.first is None:
            event.copies.append(row)
        return row

    def add(self, pairs: list[tuple[Event, Article]]) -> None:
        with transaction.atomic(), DatabaseStoryStore() as store:
            clusterer = StoryClusterer(store, PARAMS)
            fresh = list({id(e): e for e, _ in pairs if e.story is None}.values())
            for event, story_id in zip(fresh, store.next_story_ids(len(fresh)), strict=True):
                event.story = StoryState(story_id, {}, (), 0, None, None, "", "", ())
            for event, row in pairs:
                assert event.story is not None
                row.story_id = int(event.story.story_id)
            Article.objects.bulk_create([a for _, a in pairs])
            copies = []
            for event, row in pairs:
                if event.first is None:
                    event.first = row.pk
                for copy in event.copies:
                    copy.copy_of_id = event.first
                    copies.append(copy)
                event.copies = []
            Article.objects.bulk_update(copies, ["copy_of_id"])
            tags: list[ArticleTag] = []
            states: list[ArticleState] = []
            for event, row in pairs:
                names = event.tags + self.rng.sample(self.tag_names, TAGS_PER_ARTICLE - 2)
                tags.extend(
                    ArticleTag(
                        article=row,
                        hashtag=self.tags[name],
                        score=1.0 / (rank + 1),
                        rank=rank,
                        tagged_at=row.sort_at,
                    )
                    for rank, name in enumerate(names)
                )
                states.append(self._member(clusterer, event, row, names))
            ArticleTag.objects.bulk_create(tags, ignore_conflicts=True)
            _count_documents([set(a.counts) for a in states])
            # Weighted with the frequencies as of this batch (the live clusterer weighs
            # each article as of its arrival; the repair pass reweighs as here).
            current = clusterer.current_vectors(states)
            touched: dict[int, Event] = {}
            weighed = []
            for (event, _), state in zip(pairs, states, strict=True):
                vec = current[state.doc_id]
                top = () if state.copy_of else vectors.top_excluding(vec, PARAMS.index_terms, MARK)
                weighed.append(replace(state, vector=vec, top_terms=top))
                self._grow(event, state, vec)
                touched[id(event)] = event
            store.save_new_articles(weighed)  # every member new: no lookup one by one
            for event in touched.values():
                assert event.story is not None
                store.save_story(event.story)
            self._relate(list(touched.values()))

    def _member(
        self, clusterer: StoryClusterer, event: Event, row: Article, names: list[str]
    ) -> ArticleState:
        """The clusterer's member for this article, before its vector is weighed."""
        assert event.story is not None
        copy = row.copy_of_id is not None
        event.members.append(Placed(row.pk, row.publisher, not copy, row.sort_at))
        if not copy:
            for name in event.tags:
                self.by_tag[name].append((row.pk, id(event), row.sort_at))
        return ArticleState(
            doc_id=str(row.pk),
            story_id=event.story.story_id,
            vector={},
            published_at=row.published_at,
            publisher=row.publisher,
            title=row.title,
            copy_of=str(row.copy_of_id) if copy else None,
            seq=row.pk,
            counts=clusterer.term_counts(row.title, row.body_text),
            tags=tuple(n.lower() for n in names),
        )

    def _grow(self, event: Event, article: ArticleState, vec: dict[str, float]) -> None:
        """The story row the clusterer would leave after this member joined."""
        story = event.story
        assert story is not None and article.published_at is not None
        centroid = vectors.truncate(vectors.add([story.centroid, vec]), PARAMS.centroid_terms)
        at = article.published_at
        event.story = StoryState(
            story_id=story.story_id,
            centroid=centroid,
            top_terms=vectors.top_excluding(centroid, PARAMS.index_terms, MARK),
            size=story.size + 1,
            first_seen=min(story.first_seen or at, at),
            last_seen=max(story.last_seen or at, at),
            headline=story.headline or article.title,
            headline_id=story.headline_id or article.doc_id,
            publishers=story.publishers
            + (() if article.publisher in story.publishers else (article.publisher,)),
        )

    def _relate(self, events: list[Event]) -> None:
        """Each member's related list, rewritten: the story's lists change as it grows."""
        owners = [a.pk for e in events for a in e.members if a.original]
        RelatedArticle.objects.filter(article_id__in=owners).delete()
        links: list[RelatedArticle] = []
        for event in events:
            originals = [a for a in event.members if a.original]
            for a in originals:
                chosen: list[tuple[int, str]] = []
                for b in sorted(originals, key=lambda b: (b.publisher == a.publisher, -b.pk)):
                    if b.pk != a.pk and len(chosen) < RELATED:
                        chosen.append((b.pk, SAME_STORY))
                near = timedelta(days=SUBJECT_DAYS)
                for name in event.tags:
                    for pk, owner, at in reversed(self.by_tag[name]):
                        if len(chosen) >= RELATED:
                            break
                        fresh = all(pk != c for c, _ in chosen)
                        if fresh and owner != id(event) and abs(at - a.at) <= near:
                            chosen.append((pk, SAME_SUBJECT))
                links.extend(
                    RelatedArticle(article_id=a.pk, other_id=pk, rank=rank, tier=tier)
                    for rank, (pk, tier) in enumerate(chosen)
                )
        RelatedArticle.objects.bulk_create(links)


def article_targets(limit: int) -> list[int]:
    """Up to ``limit`` ready articles, drawn at random, whose own page answers.

    A wire copy's page is a redirect to its original's: measured, it would count as a
    failure. The draw keeps the articles the article view does not redirect, asking
    the view's own rule (``original_of``), and draws twice as many as it keeps.
    """
    drawn = Article.objects.ready().order_by("?").only("id", "copy_of_id")[: limit * 2]
    return [a.pk for a in drawn if original_of(a) is None][:limit]


def _count_documents(docs: list[set[str]]) -> None:
    """Document frequencies for a batch: one upsert per term, N grows by the batch."""
    df: dict[str, int] = defaultdict(int)
    for terms in docs:
        for t in terms:
            if t:
                df[t[:TERM_LENGTH]] += 1
    df[""] = len(docs)  # the row whose df is the number of documents
    table = TermStat._meta.db_table
    # In term order: a concurrent writer of the same rows (the bench's writer during a
    # measurement) locks them in the same order, so the two never deadlock.
    items = sorted(df.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 400):
            chunk = items[start : start + 400]
            cursor.execute(
                f'INSERT INTO "{table}" ("term", "df") VALUES {", ".join(["(%s, %s)"] * len(chunk))} '
                f'ON CONFLICT ("term") DO UPDATE SET "df" = "{table}"."df" + excluded."df"',
                [v for pair in chunk for v in pair],
            )
