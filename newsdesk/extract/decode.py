"""Stage 1: turn the fetched bytes into text, never raising.

Order of evidence (WHATWG "encoding sniffing", simplified): a BOM wins; then bytes that
are valid UTF-8 *and* contain non-ASCII are taken as UTF-8 whatever was declared (a
Windows-1252 or Latin-1 text that also happens to be valid UTF-8 is vanishingly rare,
while servers that label UTF-8 pages "ISO-8859-1" are common); then the Content-Type
charset, then a ``<meta>`` charset, each only if the bytes decode cleanly with it; then
charset-normalizer's guess; last, UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

# The charset must be declared near the top to count (the HTML spec scans 1024 bytes;
# real pages put long <head> scripts first, so look a little further).
_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG maps these labels to windows-1252, a superset that browsers actually use.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso8859-1": "cp1252",
    "l1": "cp1252",
    "x-user-defined": "cp1252",
}
# What browsers can decode (WHATWG Encoding Standard, single- and multi-byte legacy
# encodings). Without this list charset-normalizer may answer with DOS or Mac code
# pages (it read "Café" in windows-1252 as cp775, "Cafķ") that no web page uses.
_WEB_ENCODINGS = [
    "utf_8",
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "cp874",
    "cp866",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "koi8_r",
    "koi8_u",
    "mac_cyrillic",
    "shift_jis",
    "euc_jp",
    "iso2022_jp",
    "gb18030",
    "big5",
    "euc_kr",
]
# A decoded sample with more than this share of control or replacement characters is
# not text (HTML has none, apart from the odd stray byte).
_BINARY_SAMPLE = 4096
_BINARY_SHARE = 0.05
# C0 controls other than tab, LF, FF and CR; DEL; U+FFFD. Counted by the regex engine,
# not by a Python loop over every character of the sample.
_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_TIE_CHAOS = 0.01
_TIE_COHERENCE = 0.03
# charset-normalizer is the slow path; a sample is enough to guess an encoding.
_GUESS_BYTES = 200_000


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page as browsers would, with fallbacks; never raises."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(name, errors="replace"), name)
    wide = _utf16_without_bom(data)
    if wide:
        return Decoded(data.decode(wide, errors="replace"), wide)
    if not data.isascii():
        try:
            return Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            if _mostly_utf8(data):
                return Decoded(data.decode("utf-8", errors="replace"), "utf-8")
    for label in (_header_charset(content_type), _meta_charset(data)):
        codec = _codec(label)
        if codec is None:
            continue
        try:
            return Decoded(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError):
            continue
    guess = _guess(data)
    if guess is not None:
        return Decoded(data.decode(guess, errors="replace"), guess)
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8")


def _header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", errors="replace") if match else None


def _codec(label: str | None) -> str | None:
    """A Python codec name for a declared label, or None if unknown or unusable for HTML."""
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that still reads as ASCII cannot be UTF-16/32 (a <meta> saying so lies);
    # the UTF-7 family allows script injection through decoding: refuse both.
    if name.startswith(("utf-16", "utf-32", "utf-7")):
        return None
    return name


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly ASCII markup has a NUL in every other byte."""
    sample = data[:1024]
    if len(sample) < 16 or sample.count(0) < len(sample) // 3:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 3 * even:
        return "utf-16-le"
    if even > 3 * odd:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken sequences (a truncated copy, one bad byte) is still UTF-8.

    A legacy single-byte text read as UTF-8 fails on nearly every non-ASCII byte, so it
    has few well-formed multi-byte characters for each error; real UTF-8 has many.
    """
    text = data.decode("utf-8", errors="replace")
    errors = text.count("\ufffd")
    multibyte = sum(1 for char in text if char > "\x7f") - errors
    return multibyte >= 4 * errors


def _guess(data: bytes) -> str | None:
    try:
        matches = from_bytes(data[:_GUESS_BYTES], cp_isolation=_WEB_ENCODINGS)
    except Exception:  # a guess is optional: any failure falls back to UTF-8
        return None
    best = matches.best()
    if best is None:
        return None
    # Short Western texts fit several Latin code pages equally well (Spanish "niño"
    # reads as cp1250 "nińo" just as plausibly); windows-1252, the web's legacy default
    # (WHATWG), wins such near-ties. Turkish or Polish texts separate clearly.
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos + _TIE_CHAOS
            and match.coherence >= best.coherence - _TIE_COHERENCE
        ):
            return "cp1252"
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return None


def looks_like_text(text: str) -> bool:
    """False for binary payloads (images, PDFs, archives) served where a page was due:
    they decode to text full of control and replacement characters."""
    sample = text[:_BINARY_SAMPLE]
    if not sample:
        return False
    odd = len(_BINARY_CHARS.findall(sample))
    return odd <= _BINARY_SHARE * len(sample)
