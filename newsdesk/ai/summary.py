"""TL;DR and key points, written by a language model when one is configured.

The extractive summary (``newsdesk.enrich.summary``) is computed first and is
the answer whenever the model fails, times out, refuses, returns malformed JSON
or cites nothing that exists. A generated TL;DR/key point survives only with
valid citations; each keeps the verbatim sentences it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsdesk.ai.grounding import NumberedSentence, ground
from newsdesk.ai.llm import LLMClient, LLMExchange
from newsdesk.ai.prompts import summary_prompt
from newsdesk.enrich.sentences import split_sentences
from newsdesk.enrich.summary import summarize
from newsdesk.plaintext import one_line

_MAX_PROMPT_SENTENCES = 120


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    tldr: str
    key_points: tuple[str, ...]
    sources: tuple[tuple[str, ...], ...]  # per key point (tldr first): the sentences it rests on
    method: Literal["extractive", "llm"]
    note: str
    model: str | None = None
    exchange: LLMExchange | None = None


def summarize_article(
    title: str, body_text: str, *, language: str | None = None, llm: LLMClient | None = None
) -> ArticleSummary:
    """Offline summary, or a grounded model summary when ``llm`` is given and behaves."""
    offline = summarize(title, body_text, language=language)
    extractive = ArticleSummary(
        offline.tldr,
        offline.key_points,
        ((offline.tldr,), *((p,) for p in offline.key_points)) if offline.tldr else (),
        "extractive",
        "",
    )
    if llm is None:
        return extractive
    sentences = split_sentences(body_text)[:_MAX_PROMPT_SENTENCES]
    numbered = [NumberedSentence(i + 1, s.text) for i, s in enumerate(sentences)]
    exchange = llm.complete(summary_prompt(one_line(title), numbered))
    reason = exchange.error
    if reason is None:
        grounding = ground(exchange.raw_output, numbered)
        if grounding.claims:
            tldr, *points = grounding.claims
            note = f"{grounding.dropped} unsupported claim(s) dropped" if grounding.dropped else ""
            return ArticleSummary(
                tldr.text,
                tuple(p.text for p in points[:5]),
                tuple(c.quotes for c in [tldr, *points[:5]]),
                "llm",
                note,
                llm.model,
                exchange,
            )
        reason = grounding.error
    note = f"language model not used ({reason}); extractive summary shown"
    return ArticleSummary(
        extractive.tldr,
        extractive.key_points,
        extractive.sources,
        "extractive",
        note,
        llm.model,
        exchange,
    )
