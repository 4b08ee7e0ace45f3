"""Words and lines that belong to the page or the wire, not to the story.

Hashtags and summaries must never surface "#Comments", "#Reuters" (as a credit),
"#Monday" or a "Sign up for our newsletter" sentence: these lists name them.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string (readable long lists)."""
    return frozenset(text.split())


# Page furniture: a name run or keyphrase containing one of these is dropped.
FURNITURE_WORDS = _words("""
    comment comments share shares advertisement advertising ad ads sponsored readmore read more
    signup sign subscribe subscriber subscribers subscription newsletter newsletters photo photos
    photograph photographer image images picture pictures video videos getty shutterstock caption
    copyright rights reserved click tap here login log cookie cookies privacy terms email print
    related recommended trending follow download app updated published editing reporting
    """)

# News agencies and photo services: credited on almost every wire story.
AGENCIES = _words("""
    reuters ap afp associated press agence france-presse france presse getty images epa dpa
    ansa efe upi pa xinhua tass ria bloomberg kyodo yonhap anadolu shutterstock alamy
    """)

WEEKDAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)
MONTHS = _words("""
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """)
DATELINE_WORDS = WEEKDAYS | MONTHS | _words("today yesterday tomorrow gmt utc est edt bst cet")

# Titles and roles that precede a name ("Belarusian President Alexander Lukashenko").
HEAD_TITLES = _words("""
    president presidents minister ministers secretary envoy ambassador chancellor king queen
    prince princess pope mayor judge spokesman spokeswoman spokesperson chairman chairwoman
    chair ceo cfo premier senator sen rep representative gov governor gen general lt col
    colonel sgt captain capt commander adm admiral mr mrs ms dr prof professor sir dame lord
    lady sheikh emir ayatollah director head leader chief officer commissioner coach
    lawmaker lawmakers congressman congresswoman justice attorney hon insider analyst
    correspondent editor columnist reporter writer
    """)
TITLE_MODIFIERS = _words("""
    prime foreign defence defense interior finance economy trade health state deputy vice
    acting former special senior top interim first opposition supreme assistant under
    of the national security presidential republican democrat democratic conservative
    labour liberal
    """)

# Agency credits and wire boilerplate stripped before looking for names.
_CREDITS = re.compile(
    r"""
    \((?:reuters|ap|afp|cnn|bloomberg|upi|dpa|efe)\)            # (Reuters)
  | \b(?:reporting|writing|editing|additional\ reporting)\ by\b[^\n]*   # Reporting by ...
  | \b(?:photo|picture|image|video|file\ photo)(?:\ credit)?\s*[:/]\s*[^\n.]*  # Photo: X/Y
  | (?:\b[A-Z][\w.]*\ ){0,3}/\ ?(?:reuters|ap|afp|getty\ images|epa|dpa)\b  # Name / Reuters
  | \b(?:reuters|ap|afp|getty\ images|epa|dpa)\ ?/                  # Reuters/ Name
  | \bAP\ Photo\b[^\n.]*
  | ©[^\n]*
  | \bcopyright\b[^\n]*
  | ^[A-Z][A-Z .,'-]{2,40}(?:,\ [A-Z][a-z]{2,9}\.?\ \d{1,2})?\ \((?:reuters|ap|afp)\)\ [-\u2013\u2014]   # MINSK, Oct 3 (Reuters) -
    """,
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)

_FURNITURE_LINE = re.compile(
    r"""
    ^\s*(?:advertisement|sponsored|related|read\ more|see\ also|watch|listen|share|comments?)\b
  | \b(?:sign\ up|subscribe|newsletter|click\ here|all\ rights\ reserved|follow\ us|cookie|
       terms\ of\ (?:use|service)|privacy\ policy|download\ the\ app|this\ story\ has\ been|
       contributed\ to\ this\ report)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


_DATELINE = re.compile(
    r"""^(?:[A-Z][A-Za-z .'-]{1,40},\ (?:[A-Z][a-z]{2,9}\.?\ \d{1,2}\ )?)?   # MINSK, Oct 3
        \((?:reuters|ap|afp|upi|dpa|efe|cnn|bloomberg)\)\s*[-\u2013\u2014]+\s*        # (Reuters) -
      | ^(?-i:[A-Z][A-Z .'-]{2,40}\s[-\u2013\u2014]+\s(?=[A-Z]))                        # WASHINGTON \u2014
    """,
    re.IGNORECASE | re.VERBOSE,
)


def dateline_length(sentence: str) -> int:
    """Length of a leading wire dateline ("MINSK, Oct 3 (Reuters) - "), 0 when none."""
    match = _DATELINE.match(sentence)
    return match.end() if match else 0


def strip_credits(text: str) -> str:
    """``text`` with agency credits and photo bylines blanked (offsets not kept)."""
    return _CREDITS.sub(" ", text)


def is_furniture_sentence(sentence: str) -> bool:
    """True for lines such as "Sign up for our newsletter" or "Advertisement"."""
    return bool(_FURNITURE_LINE.search(sentence))
