"""Text normalisation for copy detection: what differs between copies of one wire
story is packaging (dateline format, credit lines, photo captions, case and
punctuation), so that is what normalisation removes before hashing and shingling.
"""

from __future__ import annotations

import re
import unicodedata

from newsdesk.plaintext import paragraphs

# Longer bodies add nothing to copy detection and cost time (docs/threat-model.md: bounded work).
MAX_CHARS = 200_000

# "KYIV, Jan 5 (Reuters) -", "WASHINGTON (AP) —", "PARIS, 5 janvier (AFP) -",
# "LONDON, Jan. 5, 2026 /PRNewswire/ --", "NEW YORK -". Upper-case place, optional
# date, optional agency, then a dash. Anchored at the start and bounded in length so
# it cannot eat a sentence.
_DATELINE = re.compile(
    r"""^\s*
    (?:[A-Z][A-Z.'\u2019\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'\u2019\- ]{1,30})?)      # PLACE, Region
    (?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Za-z]{3,9}\.?)(?:,?\s*\d{4})?)?  # date
    \s*(?:\((?:[A-Za-z][A-Za-z .\-]{0,30})\)|/[A-Za-z ]{2,30}/)?          # (Reuters) /PRNewswire/
    \s*(?:-{1,2}|\u2013|\u2014|:)\s+""",
    re.VERBOSE,
)
# Trailing credit and boilerplate paragraphs that one site keeps and another drops.
_CREDIT = re.compile(
    r"""^\s*[(\[]?\s*(?:
        (?:additional\s+)?reporting\s+by | writing\s+by | editing\s+by | compiled\s+by |
        our\s+standards: | ©|copyright\s | \(?c\)\s*\d{4} | all\s+rights\s+reserved |
        (?:file\s+)?photo: | image: | caption: | credit:
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")


def strip_dateline(text: str) -> str:
    """Remove a leading wire dateline ("KYIV, Jan 5 (Reuters) -") if there is one."""
    return _DATELINE.sub("", text, count=1)


def strip_packaging(text: str) -> str:
    """Drop datelines and credit/caption paragraphs; keep the story text."""
    # Extractors separate paragraphs by one newline or by a blank line: treat every
    # line as a paragraph. The dateline may follow a headline line the extractor kept.
    lines = [line for line in paragraphs(text[:MAX_CHARS]).split("\n") if line.strip()]
    kept = [line for line in lines if not _CREDIT.match(line)]
    for i in range(min(2, len(kept))):
        stripped = strip_dateline(kept[i])
        if stripped != kept[i]:
            kept[i] = stripped
            break
    return "\n".join(line for line in kept if line.strip())


def words(text: str) -> list[str]:
    """Normalised words: NFKC, case-folded, punctuation and spacing gone."""
    folded = unicodedata.normalize("NFKC", strip_packaging(text)).casefold()
    return _WORD.findall(folded)


def normalized_text(text: str) -> str:
    return " ".join(words(text))
