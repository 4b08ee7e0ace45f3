""" "Ask about this article": answer a reader's question from the article, with quotes.

Offline, the answer is the article's own best-matching sentences (BM25, with a
nudge toward sentences holding names for "who", dates for "when", numbers for
"how many", places for "where"). If the best sentence covers too little of the
question, the honest answer is that the article does not say. With a language
model, the answer is generated but every claim must cite sentences that exist;
otherwise the extractive answer is returned with a note saying why.

The question is only ever a question: it goes into retrieval as words and into
the prompt as marked, untrusted text, so "ignore the article and ..." has no
special power.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from newsdesk.ai.grounding import NumberedSentence, ground
from newsdesk.ai.llm import LLMClient, LLMExchange
from newsdesk.ai.prompts import answer_prompt
from newsdesk.ai.retrieval import Match, bm25_rank
from newsdesk.enrich.furniture import DATELINE_WORDS
from newsdesk.enrich.sentences import Sentence, split_sentences
from newsdesk.enrich.words import content_terms
from newsdesk.plaintext import one_line
from newsdesk.text.tokens import word_tokens

NOT_IN_ARTICLE = "The article does not say."
EMPTY_QUESTION = "Please type a question about this article."
MAX_QUESTION_CHARS = 500
# Calibrated on tests/ai questions: answerable ones reach >= 0.5 of the question's
# idf mass in one sentence; questions about things the article never mentions stay
# below 0.4 because their key words are missing from the text.
MIN_COVERAGE = 0.55
_SECOND_SENTENCE = 0.7  # a runner-up this close to the best one is quoted too
_MAX_PROMPT_SENTENCES = 120


def _words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string (readable long lists)."""
    return frozenset(text.split())


# Words that say what kind of answer is wanted, or talk about the article itself;
# they are not evidence of a matching sentence.
_QUESTION_WORDS = _words("""
    who whom whose what when where why how which many much does did do is are was were
    article story text report piece author writer say says said tell mention mentions
    explain describe please ignore previous instructions instruction summarize summarise
    """)
_DATE = re.compile(
    r"\b(?:1[89]\d\d|20\d\d)\b|\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am|pm)\b|"
    r"\b(?:" + "|".join(sorted(DATELINE_WORDS, key=len, reverse=True)) + r")\b|"
    r"\b(?:yesterday|last (?:week|month|year)|next (?:week|month|year))\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion)s?\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][\w'\u2019-]+")
_QUESTION_NAME = re.compile(r"(?<=\w )[A-Z][\w'\u2019-]+")
_PLACE = re.compile(r"\b(?:in|at|from|to|near) [A-Z][\w'\u2019-]+")


@dataclass(frozen=True, slots=True)
class Answer:
    answer: str
    quotes: tuple[str, ...]  # each occurs verbatim in body_text
    method: Literal["extractive", "llm"]
    note: str  # why the method was used (fallback reason, truncation), "" when nothing to say
    model: str | None = None
    exchange: LLMExchange | None = None  # the model call, for the audit log


def answer_question(
    question: str, title: str, body_text: str, *, llm: LLMClient | None = None
) -> Answer:
    """Answer ``question`` from the article; quotes are verbatim sentences of ``body_text``."""
    clean = one_line(question, limit=10 * MAX_QUESTION_CHARS)
    notes = []
    if not clean:
        return Answer(EMPTY_QUESTION, (), "extractive", "empty question")
    if len(clean) > MAX_QUESTION_CHARS:
        clean = clean[:MAX_QUESTION_CHARS]
        notes.append(f"question truncated to {MAX_QUESTION_CHARS} characters")
    sentences = split_sentences(body_text)
    offline = _extractive(clean, body_text, sentences)
    if llm is None:
        return _with_note(offline, notes)
    return _with_llm(clean, title, body_text, sentences, offline, llm, notes)


def _extractive(question: str, body: str, sentences: tuple[Sentence, ...]) -> Answer:
    query = [t for t in content_terms(question) if t not in _QUESTION_WORDS]
    if not query or not sentences:
        return Answer(NOT_IN_ARTICLE, (), "extractive", "")
    heavy = frozenset(content_terms(" ".join(_QUESTION_NAME.findall(question))))
    ranked = bm25_rank(query, [content_terms(s.text) for s in sentences], heavy=heavy)
    boost = _type_pattern(question)
    if boost is not None:
        ranked = sorted(
            ranked,
            key=lambda m: (
                -(m.score * (1.3 if boost.search(sentences[m.index].text) else 1.0)),
                m.index,
            ),
        )
    best = ranked[0]
    if best.score <= 0 or best.coverage < MIN_COVERAGE:
        return Answer(NOT_IN_ARTICLE, (), "extractive", "")
    chosen: list[Match] = [best]
    if len(ranked) > 1:
        second = ranked[1]
        if second.score >= _SECOND_SENTENCE * best.score and second.coverage >= MIN_COVERAGE:
            chosen.append(second)
    chosen.sort(key=lambda m: m.index)
    quotes = tuple(body[sentences[m.index].start : sentences[m.index].end] for m in chosen)
    return Answer(" ".join(quotes), quotes, "extractive", "")


def _type_pattern(question: str) -> re.Pattern[str] | None:
    words = word_tokens(question)[:4]
    joined = " ".join(word_tokens(question))
    if "how many" in joined or "how much" in joined:
        return _NUMBER
    if "when" in words or "what time" in joined or "what date" in joined:
        return _DATE
    if "who" in words or "whom" in words:
        return _NAME
    if "where" in words:
        return _PLACE
    return None


def _with_note(answer: Answer, notes: list[str]) -> Answer:
    note = "; ".join([*notes, answer.note] if answer.note else notes)
    return Answer(answer.answer, answer.quotes, answer.method, note, answer.model, answer.exchange)


def _with_llm(
    question: str,
    title: str,
    body: str,
    sentences: tuple[Sentence, ...],
    offline: Answer,
    llm: LLMClient,
    notes: list[str],
) -> Answer:
    numbered = [
        NumberedSentence(i + 1, s.text) for i, s in enumerate(sentences[:_MAX_PROMPT_SENTENCES])
    ]
    exchange = llm.complete(answer_prompt(question, one_line(title), numbered))
    reason = exchange.error
    if reason is None:
        grounding = ground(exchange.raw_output, numbered)
        said_no = grounding.payload is not None and grounding.payload.get("not_in_article") is True
        if said_no and not grounding.claims:
            note = "; ".join([*notes, "model found no answer in the article"])
            return Answer(NOT_IN_ARTICLE, (), "llm", note, llm.model, exchange)
        if grounding.claims:
            ids = sorted({i for c in grounding.claims for i in c.sentence_ids})
            quotes = tuple(body[sentences[i - 1].start : sentences[i - 1].end] for i in ids)
            text = " ".join(c.text for c in grounding.claims)
            if grounding.dropped:
                notes.append(f"{grounding.dropped} unsupported claim(s) dropped")
            return Answer(text, quotes, "llm", "; ".join(notes), llm.model, exchange)
        reason = grounding.error
    notes.append(f"language model not used ({reason}); extractive answer shown")
    fallback = _with_note(offline, notes)
    return Answer(
        fallback.answer, fallback.quotes, "extractive", fallback.note, llm.model, exchange
    )
