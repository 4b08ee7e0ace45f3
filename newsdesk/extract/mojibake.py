"""Stage 1b: text encoded to UTF-8 twice, mended.

A CMS that reads its own UTF-8 as Windows-1252 (or Latin-1) and saves it again serves
valid UTF-8 full of "doesnâ€™t", "cafÃ©" and "Â " where a quote, an accent or a
no-break space was; browsers show it as served, and so would every extractor (7 of
web-pages' 793 articles, and their gold bodies are the mended text). ftfy undoes it:
it re-encodes only the runs that are the sign of such a round trip, and leaves a page
alone when undoing would not make it read better, so a page that merely holds an
"Ã" or an "â" is unchanged. Its own detector costs more than a tenth of the whole
extraction on a large page, so a page reaches ftfy only when it holds the sequences a
round trip leaves behind (about 0.1 ms for a page that holds none).
"""

from __future__ import annotations

import re

import ftfy

# "Ã" or "Â" followed by a continuation byte read as a character (U+0080-U+00BF: most
# accented letters and symbols, the no-break space), and "â" followed by one of the
# characters Latin-1 or Windows-1252 makes of the bytes 0x80-0x9F (curly quotes, dashes,
# the ellipsis: U+2000-U+203F is E2 80 xx in UTF-8).
_C1 = bytes(range(0x80, 0xA0))
_ROUND_TRIP = re.compile(
    "[ÃÂ][\u0080-\u00bf]|â[\u0080-\u009f" + re.escape(_C1.decode("cp1252", errors="ignore")) + "]"
)
_LEADS = ("Ã", "Â", "â")
# Fewer than this many sequences is one odd name or a quoted example, not a page saved
# twice; a page saved twice has one in most paragraphs.
MIN_SEQUENCES = 3
# Only the encoding repair: the page is HTML that later stages parse, so its entities,
# line breaks, quotes and Unicode forms stay as served.
_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def mend(text: str) -> str:
    """``text`` with double-encoded runs decoded once more (unchanged when it has none)."""
    if not any(lead in text for lead in _LEADS):
        return text
    for found, _ in enumerate(_ROUND_TRIP.finditer(text), start=1):
        if found >= MIN_SEQUENCES:
            return ftfy.fix_text(text, _CONFIG)
    return text
