"""Model work, run by the task queue: ask the language model, store its result for readers.

The stages in ``newsdesk.ai`` are pure; this module gives them the client the operator
configured and stores every result in ``AIRecord`` with the prompt, the raw model
output and the model name, where ``newsdesk.reading.ai_results`` finds it. Each job is
idempotent: a stored result for the same input is not asked for again.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from newsdesk import config
from newsdesk.ai.answer import answer_question
from newsdesk.ai.briefing import brief_story
from newsdesk.ai.llm import LLMClient, LLMConfig, LLMExchange
from newsdesk.ai.summary import summarize_article
from newsdesk.reading.ai_results import (
    answer_rows,
    article_version,
    briefing_articles,
    briefing_json,
    briefing_sources,
    briefing_version,
    cached,
    clean_question,
    model_configured,
    question_key,
    queued_key,
)
from newsdesk.storage import versions
from newsdesk.storage.models import AIRecord, Article, Story


def llm_client() -> LLMClient | None:
    """The configured model endpoint, or None (offline: no request leaves the machine)."""
    if not model_configured():
        return None
    try:
        timeout = max(0.5, min(float(config.get("NEWSDESK_LLM_TIMEOUT")), 300.0))
    except ValueError:
        timeout = 20.0
    return LLMClient(
        LLMConfig(
            url=config.get("NEWSDESK_LLM_URL").strip(),
            model=config.get("NEWSDESK_LLM_MODEL").strip() or "default",
            api_key=config.get("NEWSDESK_LLM_KEY").strip() or None,
            timeout_s=timeout,
        )
    )


def _audit(
    client: LLMClient, exchange: LLMExchange | None, method: str, note: str
) -> dict[str, Any]:
    """Audit columns. ``model`` is always set: it marks the row as the model's attempt;
    ``error`` is set whenever the model was asked and its result not used."""
    if exchange is None:
        return {"model": client.config.model[:200], "error": (note or "model not asked")[:2000]}
    error = exchange.error or ("" if method == "llm" else note or "model output not used")
    return {
        "model": (exchange.model or client.config.model)[:200],
        "prompt": [{"role": m.role, "content": m.content} for m in exchange.prompt_messages],
        "raw_output": exchange.raw_output or "",
        "error": error[:2000],
    }


def compute_summary(article_id: int) -> str:
    """Model summary of one article, stored for the page (idempotent per body version)."""
    article = Article.objects.ready().filter(pk=article_id).first()
    client = llm_client()
    if article is None or client is None:
        return "skipped"
    version = article_version(article)
    try:
        rows = AIRecord.objects.filter(kind="summary", article=article, source_version=version)
        if cached(rows):
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
            **_audit(client, result.exchange, result.method, result.note),
        )
        versions.bump([versions.article(article.pk)])  # kept pages show the new summary
        return result.method
    finally:
        cache.delete(queued_key("summary", article.pk, version))


def compute_answer(article_id: int, question: str) -> str:
    """The model's answer to one question about one article, stored for the asker."""
    article = Article.objects.ready().filter(pk=article_id).first()
    client = llm_client()
    if article is None or client is None:
        return "skipped"
    version = article_version(article)
    try:
        if cached(answer_rows(article, question).exclude(model="")):
            return "cached"
        result = answer_question(question, article.title, article.body_text, llm=client)
        AIRecord.objects.create(
            kind="answer",
            article=article,
            question_key=question_key(question),
            question=clean_question(question),
            result={"answer": result.answer, "quotes": list(result.quotes)},
            method=result.method,
            note=result.note,
            source_version=version,
            **_audit(client, result.exchange, result.method, result.note),
        )
        return result.method
    finally:
        cache.delete(queued_key("answer", article.pk, question_key(question), version))


def compute_briefing(story_id: int) -> str:
    """The model's briefing of one story as it stands now, stored for its page."""
    story = Story.objects.filter(pk=story_id).first()
    client = llm_client()
    if story is None or client is None:
        return "skipped"
    articles = briefing_articles(story)
    if not articles:
        return "skipped"
    version = briefing_version(articles)
    try:
        rows = AIRecord.objects.filter(kind="briefing", story=story, source_version=version)
        if cached(rows.exclude(model="")):
            return "cached"
        result = brief_story(briefing_sources(articles), llm=client)
        AIRecord.objects.create(
            kind="briefing",
            story=story,
            result=briefing_json(result, [a.pk for a in articles]),
            method=result.method,
            note=result.note,
            source_version=version,
            **_audit(client, result.exchange, result.method, result.note),
        )
        versions.bump([versions.story(story.pk)])  # kept pages show the new briefing
        return result.method
    finally:
        cache.delete(queued_key("briefing", story.pk, version))
