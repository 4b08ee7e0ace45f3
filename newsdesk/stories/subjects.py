"""What an article is about, as keys that compare across articles: its names and hashtags.

The "same subject" tier of related coverage joins articles that share a main name or
hashtag ("Putin", "Ukraine", "#Belarus") even when they report different events. Names
and hashtags are reduced to the same key (lower case, letters and digits only), so the
name "Vladimir Putin" in one article meets the hashtag #VladimirPutin of another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsdesk.enrich.hashtags import tag_key
from newsdesk.plaintext import scrub
from newsdesk.stories.terms import MAX_CHARS, names

# Names kept per article (strongest first); a headline mention counts this many times.
MAX_NAMES = 20
TITLE_MENTIONS = 2
# Keys this short are initials or fragments ("ap", "dc" survive; "a" does not).
MIN_KEY_CHARS = 2


def name_keys(title: str, text: str) -> tuple[str, ...]:
    """The article's names as keys, most mentioned first (headline mentions count
    double, ties by first appearance)."""
    score: dict[str, float] = {}
    order: dict[str, int] = {}
    mentions = [(n, TITLE_MENTIONS) for n in names(scrub(title)[:1000])]
    mentions += [(n, 1) for n in names(scrub(text)[:MAX_CHARS])]
    for name, weight in mentions:
        key = tag_key(name)
        if len(key) < MIN_KEY_CHARS or key.isdigit():
            continue
        score[key] = score.get(key, 0.0) + weight
        order.setdefault(key, len(order))
    ranked = sorted(score, key=lambda k: (-score[k], order[k]))
    return tuple(ranked[:MAX_NAMES])


def tag_keys(tags: Iterable[str]) -> tuple[str, ...]:
    """Hashtags (display form or key) as keys, in their given (ranked) order."""
    out: dict[str, None] = {}
    for tag in tags:
        key = tag_key(tag.lstrip("#"))
        if len(key) >= MIN_KEY_CHARS:
            out[key] = None
    return tuple(out)


def main_keys(keys: Sequence[str], tags: Sequence[str], count: int) -> frozenset[str]:
    """The article's main subject: its ``count`` strongest names and hashtags."""
    return frozenset(keys[:count]) | frozenset(tags[:count])


def shared_subject(main: frozenset[str], keys: Sequence[str], tags: Sequence[str]) -> int:
    """How many of one article's main keys another article names or tags."""
    return len(main & (set(keys) | set(tags)))
