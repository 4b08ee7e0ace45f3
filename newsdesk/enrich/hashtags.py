"""Hashtags: the people, places, organisations and subjects an article is about.

Names (``names.py``) carry most of the weight; YAKE subjects (``keyphrases.py``)
add what the article is about when that is not a name ("PoliticalPrisoners").
Each tag is displayed in CamelCase and keyed by a lower-case slug, so one
entity has one tag page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newsdesk.enrich.keyphrases import find_subjects
from newsdesk.enrich.names import Name, find_names
from newsdesk.enrich.words import guess_language
from newsdesk.plaintext import scrub
from newsdesk.text.tokens import word_tokens


@dataclass(frozen=True, slots=True)
class Hashtag:
    display: str  # CamelCase without '#', e.g. "KeithKellogg"
    key: str  # normalized lower-case slug for look-ups, e.g. "keithkellogg"
    score: float


_MIN_TAGS = 5
# Below this many words an article has too little repetition for counts to mean
# anything: every detected name is accepted.
_SHORT_TEXT_WORDS = 150
_MAX_INPUT = 100_000
_UNCASED_WITH_SPACES = frozenset({"ar", "fa", "hi"})
_NON_WORD = re.compile(r"[^\w]+")


def extract_hashtags(
    title: str, body_text: str, *, language: str | None = None, limit: int = 10
) -> tuple[Hashtag, ...]:
    """Ranked hashtags for one article (up to ``limit``; fewer when the text is thin)."""
    title = scrub(title)[:1000]
    body = scrub(body_text)[:_MAX_INPUT]
    lang = (language or guess_language(f"{title} {body}"))[:2].lower()
    words = len(body.split())
    names = find_names(title, body, language=lang)
    cased = _is_cased_script(body)
    if not cased and lang not in _UNCASED_WITH_SPACES:
        # Korean, Japanese, Chinese...: no capitals to find names by, and words carry
        # particles or have no spaces, so YAKE's output would be junk ("엘제이의").
        return ()
    subjects = find_subjects(title, body, language=lang, cased_script=cased)
    title_tokens = set(word_tokens(title))

    candidates: list[tuple[float, str]] = []
    threshold = 1.0 if words < _SHORT_TEXT_WORDS else 2.0
    for name in names:
        candidates.append((name.score, name.display))
    name_tokens = {t for n in names for t in n.tokens}
    for subject in subjects:
        tokens = word_tokens(subject.text)
        in_title = all(t in title_tokens for t in tokens)
        # One occurrence is not a subject ("storm hit"); a phrase with a name in it
        # ("Lukashenko hosts") is usually a headline verb phrase unless it recurs.
        if subject.count < 2:
            continue
        if all(t in name_tokens for t in tokens):
            continue  # "Kellogg Lukashenko": two names glued together
        score = subject.count + (2.0 if in_title else 0.0) + 1.0 / (1 + subject.rank)
        candidates.append((score, subject.text))

    candidates.sort(key=lambda c: -c[0])
    chosen: list[Hashtag] = []
    seen: set[str] = set()
    for score, phrase in candidates:
        if len(chosen) >= limit:
            break
        if score < threshold and len(chosen) >= _MIN_TAGS:
            break
        tag = _make_tag(phrase, score)
        if tag is None or tag.key in seen or _covered(tag.key, seen):
            continue
        seen.add(tag.key)
        chosen.append(tag)
    return tuple(chosen)


def _covered(key: str, seen: set[str]) -> bool:
    """ "belaruspresident" after "belarus" adds nothing; neither does a prefix of a tag."""
    return any(key != other and (key.startswith(other) or other.startswith(key)) for other in seen)


def _make_tag(phrase: str, score: float) -> Hashtag | None:
    display = camel_case(phrase)
    if len(display) < 2 or display.isdigit():
        return None
    return Hashtag(display=display, key=tag_key(display), score=round(score, 3))


def camel_case(phrase: str) -> str:
    """ "keith kellogg" -> "KeithKellogg"; "U.S." -> "US"; "NATO summit" -> "NATOSummit"."""
    parts = []
    for word in phrase.replace("\u2019", "'").split():
        if re.fullmatch(r"(?:[A-Za-z]\.){2,}", word):
            parts.append(word.replace(".", "").upper())
            continue
        word = _NON_WORD.sub("", word.replace("'s", "")).replace("_", "")
        if not word:
            continue
        parts.append(word if word[0].isupper() else word[0].upper() + word[1:])
    return "".join(parts)


def tag_key(display: str) -> str:
    """Lower-case, accent-folded slug used to look a tag up ("KeithKellogg" -> "keithkellogg")."""
    folded = unicodedata.normalize("NFKD", display.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c) and (c.isalnum()))


def _is_cased_script(text: str) -> bool:
    letters = [c for c in text[:3000] if c.isalpha()]
    if not letters:
        return True
    cased = sum(1 for c in letters if c.isupper() or c.islower())
    return cased / len(letters) > 0.5


__all__ = ["Hashtag", "Name", "camel_case", "extract_hashtags", "tag_key"]
