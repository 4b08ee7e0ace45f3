"""AI results for readers: the stored result when there is one, the offline one at once.

A page never waits on a language model. The offline results (extractive answers,
summaries and briefings from ``newsdesk.ai`` without a model) are cheap and computed
here on request; whatever needs the model is asked of the task queue through
``ModelQueue`` and shown once the worker stored it (``newsdesk.worker.model_work``).
Every result is an ``AIRecord`` keyed by the article or story, the question's hash and
``source_version`` (a hash of the input text), so an edited article or a grown story
is answered afresh. Offline rows carry no model name; a row whose model call failed
is kept for the audit and served only for ``RETRY_FAILED_AFTER``, then the model is
asked again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from newsdesk import config
from newsdesk.ai.answer import MAX_QUESTION_CHARS, answer_question
from newsdesk.ai.briefing import Briefing, BriefingSource, brief_story
from newsdesk.ai.changes import ChangeSummary, EntryText, summarize_changes
from newsdesk.plaintext import one_line
from newsdesk.storage.models import AIRecord, Article, LiveEntry, Story

log = logging.getLogger("newsdesk.reading")

MAX_BRIEFING_SOURCES = 30
RETRY_FAILED_AFTER = timedelta(minutes=5)
QUEUED_FOR = 3600  # seconds a queued model request is not queued again (the task clears it)
QUEUED_NOTE = "A language model's answer is being prepared; ask again shortly."


class ModelQueue(Protocol):
    """Where model work is sent; the task module (``newsdesk.worker.tasks``) provides it."""

    def summarize(self, article_id: int) -> None: ...
    def answer(self, article_id: int, question: str) -> None: ...
    def brief(self, story_id: int) -> None: ...


_queue: ModelQueue | None = None


def connect_queue(queue: ModelQueue | None) -> None:
    """Called once per process when the apps are ready (``newsdesk.worker.apps``)."""
    global _queue
    _queue = queue


def model_configured() -> bool:
    """Whether the operator set a model endpoint (else: offline, nothing leaves the machine)."""
    return bool(config.get("NEWSDESK_LLM_URL").strip())


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def article_version(article: Article) -> str:
    return _digest(article.title, article.body_text)


def clean_question(question: str) -> str:
    return one_line(question, 10 * MAX_QUESTION_CHARS)[:MAX_QUESTION_CHARS]


def question_key(question: str) -> str:
    """Same question, same key: case and spacing do not make a new model call."""
    return _digest(clean_question(question).casefold())


def queued_key(kind: str, *parts: object) -> str:
    """The cache key that marks model work as queued; the task deletes it when done."""
    return f"newsdesk:ai-queued:{kind}:" + ":".join(str(p) for p in parts)


def cached(rows: QuerySet[AIRecord]) -> AIRecord | None:
    fresh_failure = Q(created_at__gte=timezone.now() - RETRY_FAILED_AFTER)
    return rows.filter(Q(error="") | fresh_failure).order_by("-id").first()


def _stored(rows: QuerySet[AIRecord]) -> AIRecord | None:
    """With a model configured only the model's rows count; offline, any row does."""
    return cached(rows.exclude(model="") if model_configured() else rows)


def _request(key: str, send: str, *args: Any) -> bool:
    """Queue model work once per ``QUEUED_FOR``; False when nothing could be queued."""
    if _queue is None:
        log.error("no task queue connected; model work is not queued")
        return False
    if not cache.add(key, 1, QUEUED_FOR):
        return True  # already queued
    try:
        getattr(_queue, send)(*args)
    except Exception:  # a full or broken queue must not break the page
        log.exception("could not queue %s%r", send, args)
        cache.delete(key)
        return False
    return True


# -- questions -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnswerView:
    answer: str
    quotes: tuple[str, ...]
    method: str
    note: str
    cached: bool = False
    queued: bool = False  # the model's answer is on its way; this one is offline


def answer_rows(article: Article, question: str) -> QuerySet[AIRecord]:
    return AIRecord.objects.filter(
        kind="answer",
        article=article,
        question_key=question_key(question),
        source_version=article_version(article),
    )


def ask(article: Article, question: str) -> AnswerView:
    """Answer ``question`` from ``article`` now; quotes occur verbatim in its body_text."""
    row = _stored(answer_rows(article, question))
    if row is not None and isinstance(row.result, dict):
        return AnswerView(
            str(row.result.get("answer", "")),
            tuple(str(q) for q in row.result.get("quotes", [])),
            row.method,
            row.note,
            cached=True,
        )
    result = answer_question(question, article.title, article.body_text, llm=None)
    if not one_line(question):  # an empty question has nothing worth keeping or asking
        return AnswerView(result.answer, result.quotes, result.method, result.note)
    if model_configured():
        key = queued_key("answer", article.pk, question_key(question), article_version(article))
        if _request(key, "answer", article.pk, clean_question(question)):
            note = " ".join(filter(None, [result.note, QUEUED_NOTE]))
            return AnswerView(result.answer, result.quotes, result.method, note, queued=True)
        return AnswerView(result.answer, result.quotes, result.method, result.note)
    AIRecord.objects.create(
        kind="answer",
        article=article,
        question_key=question_key(question),
        question=clean_question(question),
        result={"answer": result.answer, "quotes": list(result.quotes)},
        method=result.method,
        note=result.note,
        source_version=article_version(article),
    )
    return AnswerView(result.answer, result.quotes, result.method, result.note)


# -- summaries -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SummaryView:
    tldr: str
    key_points: tuple[str, ...]
    method: str


def article_summary(article: Article) -> SummaryView:
    """TL;DR and key points to show now: the model's when stored, else the offline ones."""
    offline = SummaryView(
        article.summary, tuple(str(p) for p in article.key_points or ()), "extractive"
    )
    if not model_configured() or not article.body_text:
        return offline
    version = article_version(article)
    row = cached(AIRecord.objects.filter(kind="summary", article=article, source_version=version))
    if row is not None and isinstance(row.result, dict) and row.result.get("tldr"):
        return SummaryView(
            str(row.result["tldr"]),
            tuple(str(p) for p in row.result.get("key_points", [])),
            row.method,
        )
    _request(queued_key("summary", article.pk, version), "summarize", article.pk)
    return offline


# -- story briefings -------------------------------------------------------------


def briefing_articles(story: Story) -> list[Article]:
    """The originals of a story (copies say nothing new), oldest first."""
    return list(
        Article.objects.listed()
        .filter(story=story)
        .select_related("source")
        .order_by("sort_at", "id")[:MAX_BRIEFING_SOURCES]
    )


def briefing_version(articles: Sequence[Article]) -> str:
    return _digest(*(f"{a.pk}:{a.content_hash or article_version(a)}" for a in articles))


def briefing_sources(articles: Sequence[Article]) -> list[BriefingSource]:
    return [
        BriefingSource(publisher=a.publisher_name, title=a.title, text=a.body_text, url=a.url)
        for a in articles
    ]


def story_briefing(story: Story) -> dict[str, Any] | None:
    """The story's attributed briefing as plain JSON (see ``briefing_json``).

    ``queued`` is true while the model's briefing is being prepared: the offline one
    is shown meanwhile (and stored, as every reader of the story sees the same).
    """
    articles = briefing_articles(story)
    if not articles:
        return None
    version = briefing_version(articles)
    rows = AIRecord.objects.filter(kind="briefing", story=story, source_version=version)
    row = _stored(rows)
    if row is not None and isinstance(row.result, dict):
        return {**row.result, "queued": False}
    offline = cached(rows.filter(model=""))
    if offline is not None and isinstance(offline.result, dict):
        data = offline.result
    else:
        result = brief_story(briefing_sources(articles), llm=None)
        data = briefing_json(result, [a.pk for a in articles])
        AIRecord.objects.create(
            kind="briefing",
            story=story,
            result=data,
            method=result.method,
            note=result.note,
            source_version=version,
        )
    queued = model_configured() and _request(
        queued_key("briefing", story.pk, version), "brief", story.pk
    )
    return {**data, "queued": queued}


def briefing_json(briefing: Briefing, article_ids: Sequence[int]) -> dict[str, Any]:
    """Every sentence with its publisher and the id of the article it comes from."""

    def line(text: str, publisher: str, index: int) -> dict[str, Any]:
        return {"text": text, "publisher": publisher, "article_id": article_ids[index]}

    return {
        "sentences": [line(s.text, s.publisher, s.source_index) for s in briefing.sentences],
        "agreed": [
            {
                **line(p.sentence.text, p.sentence.publisher, p.sentence.source_index),
                "also_reported_by": list(p.also_reported_by),
            }
            for p in briefing.agreed
        ],
        "additions": [
            {
                "publisher": u.publisher,
                "article_id": article_ids[u.source_index],
                "sentences": [s.text for s in u.sentences],
            }
            for u in briefing.unique
        ],
        "method": briefing.method,
        "note": briefing.note,
        "model": briefing.model or "",
    }


# -- live blogs -----------------------------------------------------------------


def live_changes(article: Article, since: datetime) -> ChangeSummary:
    """What the live blog added after ``since`` (extractive, cheap: computed per view)."""
    entries = [
        EntryText(posted_at=e.posted_at, author=e.author, title=e.title, body=e.body)
        for e in LiveEntry.objects.filter(article=article, posted_at__isnull=False)[:500]
        if e.posted_at is not None
    ]
    return summarize_changes(entries, since)
