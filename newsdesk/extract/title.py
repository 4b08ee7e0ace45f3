"""Headlines without the " | Publisher" decoration that pages add to <title> and og:title."""

from __future__ import annotations

import re

# Separators publishers put between headline and site name, spaced so that hyphenated
# words and "9:30" stay intact.
_SEPARATOR = re.compile(r"\s+(?:\||-|\u2013|\u2014|::|·|•|»|«|/)\s+")
_KEY = re.compile(r"[\W_]+")
# A segment this short after a " | " is a section or site label, never the headline's end.
_LABEL_WORDS = 4


def clean_title(raw: str, site_name: str = "", host: str = "", heading: str = "") -> str:
    """``raw`` minus a leading or trailing site-name segment.

    ``heading`` is the page's ``<h1>``: when the title is that heading plus decoration
    ("Headline - Some Paper"), the heading is the headline whatever the decoration says.
    """
    title = " ".join(raw.split())
    heading = " ".join(heading.split())
    if heading and heading != title:
        for separator in _SEPARATOR.finditer(title):
            if title[: separator.start()] == heading or title[separator.end() :] == heading:
                return heading
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    names = {_key(site_name), _key(host.removeprefix("www.").rsplit(".", 1)[0]), _key(host)}
    names.discard("")
    separators = _SEPARATOR.findall(title)
    # Trailing segments first ("Headline | Section | Site"), then a leading one.
    while len(parts) > 1 and _is_label(parts[-1], separators[-1], names, parts[:-1], trailing=True):
        parts, separators = parts[:-1], separators[:-1]
    if len(parts) > 1 and _is_label(parts[0], separators[0], names, parts[1:], trailing=False):
        parts, separators = parts[1:], separators[1:]
    return _join(parts, separators)


def _is_label(
    segment: str, separator: str, names: set[str], rest: list[str], *, trailing: bool
) -> bool:
    key = _key(segment)
    if not key:
        return True
    if any(key == name or (len(name) > 3 and (name in key or key in name)) for name in names):
        return True
    # A short segment behind a pipe is a label when the rest is clearly longer (not in front:
    # "Hong Kong | Protests grow" is a headline).
    if not trailing:
        return False
    rest_words = sum(len(part.split()) for part in rest)
    return (
        "|" in separator
        and len(segment.split()) <= _LABEL_WORDS
        and rest_words > len(segment.split())
    )


def _join(parts: list[str], separators: list[str]) -> str:
    out = parts[0]
    for separator, part in zip(separators, parts[1:], strict=False):
        out += separator + part
    return out


def _key(text: str) -> str:
    return _KEY.sub("", text.lower())
