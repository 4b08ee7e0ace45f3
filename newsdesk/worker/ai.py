"""AI results for pages and the API: computed once, cached in ``AIRecord``, kept for audit.

The stages in ``newsdesk.ai`` are pure; this module gives them the language-model
client the operator configured (or none: offline), and stores every result with the
prompt, the raw model output and the model name. A cached row is keyed by the
article or story, the question's hash and ``source_version`` (a hash of the input
text), so an edited article or a grown story is answered afresh. A row whose model
call failed is kept for the audit but never served from the cache: the next request
tries the model again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task

from newsdesk import config
from newsdesk.ai.answer import MAX_QUESTION_CHARS, answer_question
from newsdesk.ai.briefing import Briefing, BriefingSource, brief_story
from newsdesk.ai.changes import ChangeSummary, EntryText, summarize_changes
from newsdesk.ai.llm import LLMClient, LLMConfig, LLMExchange
from newsdesk.ai.summary import summarize_article
from newsdesk.plaintext import one_line
from newsdesk.storage.models import AIRecord, Article, ArticleStatus, LiveEntry, Story

log = logging.getLogger("newsdesk.ai")

MAX_BRIEFING_SOURCES = 30
RETRY_FAILED_AFTER = timedelta(minutes=5)
_QUEUED_FOR = 3600  # seconds a queued summary is not queued again


def llm_client() -> LLMClient | None:
    """The configured model endpoint, or None (offline: no request leaves the machine)."""
    url = config.get("NEWSDESK_LLM_URL").strip()
    if not url:
        return None
    try:
        timeout = max(0.5, min(float(config.get("NEWSDESK_LLM_TIMEOUT")), 300.0))
    except ValueError:
        timeout = 20.0
    return LLMClient(
        LLMConfig(
            url=url,
            model=config.get("NEWSDESK_LLM_MODEL").strip() or "default",
            api_key=config.get("NEWSDESK_LLM_KEY").strip() or None,
            timeout_s=timeout,
        )
    )


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def article_version(article: Article) -> str:
    return _digest(article.title, article.body_text)


def question_key(question: str) -> str:
    """Same question, same key: case and spacing do not make a new model call."""
    return _digest(one_line(question, 10 * MAX_QUESTION_CHARS)[:MAX_QUESTION_CHARS].casefold())


def _cached(rows: QuerySet[AIRecord]) -> AIRecord | None:
    fresh_failure = Q(created_at__gte=timezone.now() - RETRY_FAILED_AFTER)
    return rows.filter(Q(error="") | fresh_failure).order_by("-id").first()


def _audit(exchange: LLMExchange | None, method: str, note: str) -> dict[str, Any]:
    """Audit columns; ``error`` is set whenever a model was asked and its result not used."""
    if exchange is None:
        return {}
    error = exchange.error or ("" if method == "llm" else note or "model output not used")
    return {
        "model": exchange.model[:200],
        "prompt": [{"role": m.role, "content": m.content} for m in exchange.prompt_messages],
        "raw_output": exchange.raw_output or "",
        "error": error[:2000],
    }


# -- questions -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnswerView:
    answer: str
    quotes: tuple[str, ...]
    method: str
    note: str
    cached: bool = False


def ask(article: Article, question: str) -> AnswerView:
    """Answer ``question`` from ``article``; quotes occur verbatim in its body_text."""
    key = question_key(question)
    version = article_version(article)
    row = _cached(
        AIRecord.objects.filter(
            kind="answer", article=article, question_key=key, source_version=version
        )
    )
    if row is not None and isinstance(row.result, dict):
        return AnswerView(
            str(row.result.get("answer", "")),
            tuple(str(q) for q in row.result.get("quotes", [])),
            row.method,
            row.note,
            cached=True,
        )
    result = answer_question(question, article.title, article.body_text, llm=llm_client())
    if one_line(question):  # an empty question has nothing worth keeping
        AIRecord.objects.create(
            kind="answer",
            article=article,
            question_key=key,
            question=one_line(question, 10 * MAX_QUESTION_CHARS)[:MAX_QUESTION_CHARS],
            result={"answer": result.answer, "quotes": list(result.quotes)},
            method=result.method,
            note=result.note,
            source_version=version,
            **_audit(result.exchange, result.method, result.note),
        )
    return AnswerView(result.answer, result.quotes, result.method, result.note)


# -- summaries -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SummaryView:
    tldr: str
    key_points: tuple[str, ...]
    method: str


def article_summary(article: Article) -> SummaryView:
    """TL;DR and key points to show now: the model's when cached, else the offline ones.

    The model is never called while a page waits: a missing model summary is queued
    for the worker and the offline one is shown meanwhile.
    """
    offline = SummaryView(
        article.summary, tuple(str(p) for p in article.key_points or ()), "extractive"
    )
    client = llm_client()
    if client is None or not article.body_text:
        return offline
    version = article_version(article)
    row = _cached(AIRecord.objects.filter(kind="summary", article=article, source_version=version))
    if row is not None and isinstance(row.result, dict) and row.result.get("tldr"):
        return SummaryView(
            str(row.result["tldr"]),
            tuple(str(p) for p in row.result.get("key_points", [])),
            row.method,
        )
    if cache.add(f"newsdesk:ai-summary-queued:{article.pk}:{version}", 1, _QUEUED_FOR):
        try:
            summarize_article_task.enqueue(article.pk)
        except Exception:  # a full or broken queue must not break the page
            log.exception("could not queue the summary of article %s", article.pk)
    return offline


def compute_summary(article_id: int) -> str:
    """Model summary of one article, stored for the page (idempotent per body version)."""
    article = Article.objects.filter(pk=article_id, status=ArticleStatus.READY).first()
    client = llm_client()
    if article is None or client is None:
        return "skipped"
    version = article_version(article)
    if _cached(AIRecord.objects.filter(kind="summary", article=article, source_version=version)):
        return "cached"
    result = summarize_article(
        article.title, article.body_text, language=article.language or None, llm=client
    )
    AIRecord.objects.create(
        kind="summary",
        article=article,
        result={"tldr": result.tldr, "key_points": list(result.key_points)},
        method=result.method,
        note=result.note,
        source_version=version,
        **_audit(result.exchange, result.method, result.note),
    )
    return result.method


@task(queue_name="default")
def summarize_article_task(article_id: int) -> str:
    return compute_summary(article_id)


# -- story briefings -------------------------------------------------------------


def briefing_articles(story: Story) -> list[Article]:
    """The originals of a story (copies say nothing new), oldest first."""
    return list(
        Article.objects.filter(story=story, status=ArticleStatus.READY, copy_of__isnull=True)
        .select_related("source")
        .order_by("sort_at", "id")[:MAX_BRIEFING_SOURCES]
    )


def story_briefing(story: Story) -> dict[str, Any] | None:
    """The story's attributed briefing as plain JSON (see ``_briefing_json``), cached."""
    articles = briefing_articles(story)
    if not articles:
        return None
    version = _digest(*(f"{a.pk}:{a.content_hash or article_version(a)}" for a in articles))
    row = _cached(AIRecord.objects.filter(kind="briefing", story=story, source_version=version))
    if row is not None and isinstance(row.result, dict):
        return row.result
    sources = [
        BriefingSource(
            publisher=a.publisher or a.source.display_name,
            title=a.title,
            text=a.body_text,
            url=a.url,
        )
        for a in articles
    ]
    result = brief_story(sources, llm=llm_client())
    data = _briefing_json(result, [a.pk for a in articles])
    AIRecord.objects.create(
        kind="briefing",
        story=story,
        result=data,
        method=result.method,
        note=result.note,
        source_version=version,
        **_audit(result.exchange, result.method, result.note),
    )
    return data


def _briefing_json(briefing: Briefing, article_ids: Sequence[int]) -> dict[str, Any]:
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
