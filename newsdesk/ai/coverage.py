"""Concept coverage: pick the sentences that cover most of what several outlets share.

The concept-based summariser of Gillick & Favre ("A Scalable Global Model for
Summarization", 2009; the ICSI system at TAC): a concept is a stemmed word bigram,
it counts when at least two sources use it (their headline included), and it is
worth the number of sources that use it. A briefing is the set of sentences that
covers the most concept weight within the word budget; a concept is counted once,
so a second sentence repeating the first earns nothing (redundancy for free).
Gillick & Favre solve an integer program; a story has few candidate sentences, so
the exact optimum is found by enumeration when it is small and by cost-scaled
greedy selection (Lin & Bilmes, 2010) when it is large. No solver dependency.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from newsdesk.text.stemming import stem
from newsdesk.text.stopwords import stopwords
from newsdesk.text.tokens import word_tokens

_EXACT_LIMIT = 14  # 2**14 subsets at most; beyond that the greedy approximation


@dataclass(frozen=True, slots=True)
class CoverageChoice:
    chosen: tuple[int, ...]  # candidate indices, in the order given
    value: float  # concept weight covered; 0 when no concept is shared


def concepts(text: str) -> frozenset[tuple[str, str]]:
    """Stemmed adjacent word pairs, minus pairs of two stop words ("of the")."""
    stop = stopwords("en")
    tokens = word_tokens(text)
    return frozenset(
        (stem(a), stem(b)) for a, b in pairwise(tokens) if not (a in stop and b in stop)
    )


def concept_weights(documents: Sequence[str]) -> dict[tuple[str, str], int]:
    """Concepts used by at least two of ``documents``, weighted by how many use them."""
    counts: Counter[tuple[str, str]] = Counter()
    for document in documents:
        counts.update(concepts(document))
    return {c: n for c, n in counts.items() if n >= 2}


def choose(
    sentences: Sequence[frozenset[tuple[str, str]]],
    lengths: Sequence[int],
    weights: dict[tuple[str, str], int],
    budget: int,
    tie_break: Sequence[float],
) -> CoverageChoice:
    """Sentences covering the most concept weight within ``budget`` words.

    ``tie_break`` (the caller's per-sentence score, small) decides between sets that
    cover the same weight, and favours the better-scored sentences in the greedy path.
    """
    n = len(sentences)
    ids = {c: i for i, c in enumerate(weights)}
    masks = [_mask(s, ids) for s in sentences]
    by_weight: dict[int, int] = {}
    for concept, weight in weights.items():
        by_weight[weight] = by_weight.get(weight, 0) | (1 << ids[concept])

    def value(mask: int) -> int:
        return sum(w * (mask & m).bit_count() for w, m in by_weight.items())

    useful = [i for i in range(n) if masks[i] and lengths[i] <= budget]
    if not useful:
        return CoverageChoice((), 0.0)
    if len(useful) <= _EXACT_LIMIT:
        best = _exact(useful, masks, lengths, budget, value, tie_break)
    else:
        best = _greedy(useful, masks, lengths, budget, value, tie_break)
    return CoverageChoice(tuple(sorted(best)), float(value(_union(best, masks))))


def _mask(sentence: frozenset[tuple[str, str]], ids: dict[tuple[str, str], int]) -> int:
    mask = 0
    for concept in sentence:
        index = ids.get(concept)
        if index is not None:
            mask |= 1 << index
    return mask


def _union(chosen: Sequence[int], masks: Sequence[int]) -> int:
    out = 0
    for i in chosen:
        out |= masks[i]
    return out


def _exact(
    useful: list[int],
    masks: list[int],
    lengths: Sequence[int],
    budget: int,
    value: Callable[[int], int],
    tie_break: Sequence[float],
) -> list[int]:
    best: list[int] = []
    best_key: tuple[int, float] = (0, 0.0)
    stack: list[tuple[int, list[int], int, int, float]] = [(0, [], 0, 0, 0.0)]
    while stack:
        start, chosen, used, mask, bonus = stack.pop()
        key = (value(mask), bonus)
        if key > best_key:
            best, best_key = chosen, key
        for k in range(start, len(useful)):
            i = useful[k]
            if used + lengths[i] <= budget:
                stack.append(
                    (k + 1, [*chosen, i], used + lengths[i], mask | masks[i], bonus + tie_break[i])
                )
    return best


def _greedy(
    useful: list[int],
    masks: list[int],
    lengths: Sequence[int],
    budget: int,
    value: Callable[[int], int],
    tie_break: Sequence[float],
) -> list[int]:
    chosen: list[int] = []
    mask = used = 0
    current = 0
    left = list(useful)
    while left:
        gains = []
        for i in left:
            if used + lengths[i] > budget:
                continue
            gain = value(mask | masks[i]) - current
            if gain > 0:
                # Gain per word, square-rooted (Lin & Bilmes' scaled cost) so short
                # fragments do not win on ratio alone.
                gains.append((gain / lengths[i] ** 0.5 + 1e-3 * tie_break[i], i))
        if not gains:
            break
        _, pick = max(gains)
        chosen.append(pick)
        left.remove(pick)
        mask |= masks[pick]
        used += lengths[pick]
        current = value(mask)
    return chosen
