"""Proper-name detection from capitalisation: people, places and organisations.

A statistical NER model would need a download; news prose capitalises names
reliably, so runs of capitalised words, cleaned of sentence-initial function
words, titles ("President"), dateline words and credits, get most of the way.
Mentions of one entity are merged: "Kellogg" into "Keith Kellogg", "U.S." and
"United States" into "US", "Belarusian" into "Belarus".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from newsdesk.enrich import furniture, places
from newsdesk.enrich.sentences import ABBREVIATIONS, split_sentences
from newsdesk.text.stopwords import stopwords
from newsdesk.text.tokens import word_tokens


@dataclass(frozen=True, slots=True)
class Name:
    display: str  # "Keith Kellogg", "US", "Belarus"
    tokens: tuple[str, ...]  # lower-cased tokens of every form merged into this name
    score: float
    mentions: int
    first_sentence: int


def _words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string (readable long lists)."""
    return frozenset(text.split())


_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w'\u2019&-]*[^\W_])?")
_CONNECTORS = _words("of de da del der den van von al bin la le du for the y")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
# A demonym alone counts less than the country's own name: "Russian tanks" is
# weaker evidence that an article is about Russia than "Russia".
_DEMONYM_WEIGHT = 0.5
_MAX_RUN = 12
# Short capitalised tokens that are not names wherever every mention has this form:
# a unit or currency before a number ("Rs 300", "Rs. 40 lakh") and a postal state
# code after a city ("Tampa, FL", "Sioux Falls, SD"): the city or sum is the subject.
_SHORT = re.compile(r"\b[A-Z][A-Za-z]{0,2}\b")
_BEFORE_NUMBER = re.compile(r"\b([A-Z][A-Za-z]{1,2})\b\.? \d")
_POSTAL_CODE = re.compile(r"[a-z], ([A-Z]{2})\b")


@dataclass(slots=True)
class _Tally:
    forms: dict[str, int]
    weight: float
    first: int
    mid_sentence: bool = False  # seen capitalised somewhere other than a sentence start


def find_names(title: str, body: str, *, language: str | None = None) -> list[Name]:
    """Names in ``body`` ranked by mentions, presence in ``title`` and position."""
    text = furniture.strip_credits(body)
    lower_seen = {w for w in re.findall(r"\b[^\W\d_][\w'-]*", text) if w[0].islower()}
    stop = stopwords(language) | stopwords("en")
    tallies: dict[str, _Tally] = {}
    for index, sentence in enumerate(split_sentences(text)):
        for run in _runs(sentence.text, lower_seen, stop):
            opens = run[0][1]
            for form, weight in _clean(run, stop, lower_seen):
                key = form.lower()
                tally = tallies.setdefault(key, _Tally({}, 0.0, index))
                tally.forms[form] = tally.forms.get(form, 0) + 1
                tally.weight += weight
                tally.mid_sentence |= not opens or " " in form
    merged = _merge(tallies)
    # A lone capitalised word seen only at sentence starts ("Scientists") is a
    # common word, not a name.
    merged = {k: t for k, t in merged.items() if t.mid_sentence}
    for code in _only_in_context(text):
        merged.pop(code, None)
    title_words = {w for w in word_tokens(title)}
    out = []
    for key, tally in merged.items():
        tokens = tuple(key.replace(".", "").split())
        display = max(tally.forms.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
        in_title = any(t in title_words for t in tokens if len(t) > 2 and t not in _CONNECTORS)
        if _is_agency(key) and not in_title:
            continue  # "(Reuters)", "told Reuters": the source, not the subject
        position = 1.0 / (1 + tally.first)
        score = tally.weight + (2.0 if in_title else 0.0) + position
        mentions = sum(tally.forms.values())
        out.append(Name(display, tokens, score, mentions, tally.first))
    out.sort(key=lambda n: (-n.score, n.first_sentence, n.display))
    return out


def _only_in_context(text: str) -> set[str]:
    """Lower-cased short tokens whose every mention is a unit before a number or a postal code."""
    total: dict[str, int] = defaultdict(int)
    for match in _SHORT.finditer(text):
        total[match.group()] += 1
    framed: dict[str, int] = defaultdict(int)
    for pattern in (_BEFORE_NUMBER, _POSTAL_CODE):
        for match in pattern.finditer(text):
            framed[match.group(1)] += 1
    return {
        t.lower()
        for t, n in framed.items()
        # "US" also stands for every "U.S." of the text, counted apart.
        if n >= total.get(t, 0) and places.canonical_place(t) is None
    }


def _runs(sentence: str, common: set[str], stop: frozenset[str]) -> list[list[tuple[str, bool]]]:
    """Runs of capitalised tokens (with connectors) separated only by single spaces.

    Each token comes with a flag telling whether it opens the sentence.
    """
    runs: list[list[tuple[str, bool]]] = []
    current: list[tuple[str, bool]] = []
    last_end = -2
    first_word = True
    for match in _TOKEN.finditer(sentence):
        token = match.group()
        gap = sentence[last_end : match.start()] if last_end >= 0 else ""
        adjacent = last_end >= 0 and gap == " "
        # An all-capitals common word ("FULL RESULTS") is shouting, not a name.
        shouted = (
            token.isupper()
            and len(token) > 1
            and (token.lower() in common or token.lower() in stop)
        )
        capital = token[0].isupper() and not shouted
        at_start = first_word
        first_word = False
        if current and not adjacent:
            runs.append(current)
            current = []
        if capital:
            current.append((token, at_start))
        elif current and token in _CONNECTORS:
            current.append((token, False))
        elif current:
            runs.append(current)
            current = []
        last_end = match.end()
        if capital and _POSSESSIVE.search(token) and token[-2:] in ("'s", "\u2019s"):
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _clean(
    run: list[tuple[str, bool]], stop: frozenset[str], lower_seen: set[str]
) -> list[tuple[str, float]]:
    """Turn one raw run into zero or more (name form, weight) pairs."""
    if len(run) > _MAX_RUN:
        return []  # a title-cased heading or a list of names, not one name
    tokens = [(t.replace("\u2019", "'"), s) for t, s in run]
    tokens = [(t[:-2] if t.endswith("'s") else t, s) for t, s in tokens]
    tokens = [(t, s) for t, s in tokens if t]
    if tokens and tokens[0][1]:
        head = tokens[0][0]
        low = head.lower()
        # "The", "Officials", "President", "Joining" opening a sentence are not names.
        if low in stop or head in lower_seen or low in furniture.HEAD_TITLES or low.endswith("ing"):
            tokens = tokens[1:]
    out: list[tuple[str, float]] = []
    segment: list[str] = []
    for token, _ in tokens:
        low = token.lower()
        if low in furniture.DATELINE_WORDS or low in furniture.FURNITURE_WORDS:
            if low in furniture.FURNITURE_WORDS:
                return []  # "Getty Images", "Read More": the whole run is furniture
            for part in _split_long(segment):
                out.extend(_finish(part, stop, lower_seen))
            segment = []
            continue
        segment.append(token)
    for part in _split_long(segment):
        out.extend(_finish(part, stop, lower_seen))
    return out


def _split_long(segment: list[str]) -> list[list[str]]:
    """Split "Brian Batko of the Pittsburgh Post-Gazette", "NFL Insider Jason La Canfora"
    and "(envoy to) Ukraine Kurt Volker"."""
    for size in (2, 1):
        if len(segment) >= size + 2 and places.country_name(" ".join(segment[:size])):
            return [segment[:size], *_split_long(segment[size:])]
    for i in range(1, len(segment) - 1):
        low = segment[i].lower().rstrip(".")
        if low == "of" and i >= 2:
            j = i + 1
            while j < len(segment) and segment[j].lower() in _CONNECTORS:
                j += 1
            return [segment[:i], *_split_long(segment[j:])]
        if low in furniture.HEAD_TITLES and i >= 1:
            return [segment[:i], *_split_long(segment[i:])]
    return [segment]


def _finish(
    segment: list[str], stop: frozenset[str], lower_seen: set[str]
) -> list[tuple[str, float]]:
    while segment and segment[-1].lower() in _CONNECTORS:
        segment = segment[:-1]
    while segment and segment[0].lower() in _CONNECTORS:
        segment = segment[1:]
    if not segment:
        return []
    out: list[tuple[str, float]] = []
    # Strip a leading title ("Belarusian President", "Foreign Minister", "Sen.").
    cut = 0
    has_head = False
    for i, token in enumerate(segment):
        low = token.lower().rstrip(".")
        if low in furniture.HEAD_TITLES:
            has_head = True
            cut = i + 1
        elif low in furniture.TITLE_MODIFIERS or places.is_demonym(low):
            continue
        else:
            break
    if has_head:
        for token in segment[:cut]:
            place = places.DEMONYMS.get(token.lower())
            if place:
                out.append((place, _DEMONYM_WEIGHT))
        segment = segment[cut:]
        while segment and segment[0].lower() in _CONNECTORS:
            segment = segment[1:]  # "Director of Public Prosecution ..." -> "Public ..."
        if not segment:
            return out
    phrase = " ".join(_normal_case(t) for t in segment)
    place = places.canonical_place(phrase)
    if place is not None:
        out.append((place, _DEMONYM_WEIGHT if places.is_demonym(phrase) else 1.0))
        return out
    if len(segment) == 1:
        word = segment[0]
        low = word.lower()
        if (
            low in stop
            or word in lower_seen
            or low in lower_seen
            or low in furniture.HEAD_TITLES
            or low in furniture.TITLE_MODIFIERS
            or len(low) < 2
            or low in ABBREVIATIONS  # "Ill.", "Va." after a place name
            or low.isdigit()
        ):
            return out
    if all(
        t.lower() in furniture.HEAD_TITLES | furniture.TITLE_MODIFIERS | _CONNECTORS
        for t in segment
    ):
        return out
    out.append((phrase, 1.0))
    return out


def _normal_case(token: str) -> str:
    """'MINSK' -> 'Minsk'; acronyms ('NATO', 'U.S.') and mixed case stay."""
    letters = [c for c in token if c.isalpha()]
    if len(letters) > 4 and all(c.isupper() for c in letters) and "." not in token:
        return token.capitalize()
    return token


def _merge(tallies: dict[str, _Tally]) -> dict[str, _Tally]:
    """Fold single-word mentions ("Kellogg") into the full name ("Keith Kellogg")."""
    multi: dict[str, list[str]] = defaultdict(list)
    for key in tallies:
        parts = key.split()
        if len(parts) > 1:
            for part in parts:
                if part not in _CONNECTORS:
                    multi[part].append(key)
    merged: dict[str, _Tally] = {}
    for key, tally in sorted(tallies.items(), key=lambda kv: len(kv[0].split()), reverse=True):
        target = key
        if len(key.split()) == 1 and key in multi:
            target = max(multi[key], key=lambda k: (tallies[k].weight, k.endswith(" " + key)))
        if target in merged:
            into = merged[target]
            into.weight += tally.weight
            into.first = min(into.first, tally.first)
            into.mid_sentence |= tally.mid_sentence
            if target == key:
                for form, n in tally.forms.items():
                    into.forms[form] = into.forms.get(form, 0) + n
            else:
                # Count the short mentions toward the full form's display choice.
                best = max(into.forms, key=lambda f: into.forms[f])
                into.forms[best] += sum(tally.forms.values())
        else:
            merged[target] = _Tally(
                dict(tally.forms), tally.weight, tally.first, tally.mid_sentence
            )
    return merged


def _is_agency(key: str) -> bool:
    return key in furniture.AGENCIES or all(p in furniture.AGENCIES for p in key.split())
