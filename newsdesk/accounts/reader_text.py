"""Text a reader types (comments, display names): cleaned before it is stored.

Bidirectional overrides and isolates can make a comment or a name display as something
other than what it says (a reversed link, an impersonated name), and zero-width
characters let two different names or two "different" comments look identical. Both
are removed; zero-width joiners stay because emoji sequences and several scripts need them.
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = dict.fromkeys(
    [
        0x200B,  # zero-width space
        0x200E,  # left-to-right mark
        0x200F,  # right-to-left mark
        0x2060,  # word joiner
        0xFEFF,  # zero-width no-break space
        *range(0x202A, 0x202F),  # embeddings and overrides
        *range(0x2066, 0x206A),  # isolates
        0x061C,  # Arabic letter mark
    ]
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BLANK_RUN = re.compile(r"\n{3,}")
TRAILING_SPACE = re.compile(r"[ \t]+\n")


def clean_text(text: str) -> str:
    """NFC, no invisible or control characters, Unix newlines, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = CONTROL.sub("", text.translate(INVISIBLE))
    text = TRAILING_SPACE.sub("\n", text)
    return BLANK_RUN.sub("\n\n", text).strip()


def clean_line(text: str) -> str:
    """One line (a name): cleaned, whitespace collapsed."""
    return " ".join(clean_text(text).split())
