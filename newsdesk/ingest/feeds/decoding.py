"""Bytes to text for XML and JSON sources, best effort and never raising: declared encodings lie.

We decode ourselves and hand the parsers clean UTF-8 instead of letting each guess:
one policy for feeds, sitemaps and JSON, and the DOCTYPE/entity guards can then work
on text whatever the original encoding (a UTF-16 DOCTYPE is invisible to a byte regex).

Order of evidence: a BOM; UTF-16/32 recognised by the NUL pattern around ``<``
(UTF-16 without a BOM); bytes that are valid UTF-8 (whatever was declared: servers
and CMSs label UTF-8 "ISO-8859-1" all the time, the reverse rarely decodes); the XML
declaration; the Content-Type charset; last Windows-1252, which decodes almost any
byte and is what "UTF-8"-labelled legacy feeds really are.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"{\x00", "utf-16-le"),
    (b"\x00{", "utf-16-be"),
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})["']"""
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
# WHATWG maps these labels to windows-1252, the superset that publishers really use.
_LATIN1 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii"})


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None = None  # set when the declared encoding was wrong


def decode(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode ``data``; the BOM is removed; invalid bytes never raise."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(name, errors="replace"), name)
    head = data.lstrip(b" \t\r\n")[:4]
    for pattern, name in _WIDE:
        if head.startswith(pattern):
            return Decoded(data.decode(name, errors="replace"), name)
    declared = [label for label in (_xml_label(data), _header_label(content_type)) if label]
    if not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return Decoded(text, "utf-8", _disagreement(declared, "utf-8"))
    for label in declared:
        codec = _codec(label)
        if codec is None or codec.startswith(("utf-16", "utf-32")):
            continue  # a wide encoding without a BOM or NULs is a wrong label
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError:
            continue
    if data.isascii():
        return Decoded(data.decode("ascii"), "ascii")
    return Decoded(
        data.decode("cp1252", errors="replace"), "cp1252", _disagreement(declared, "cp1252")
    )


def _codec(label: str) -> str | None:
    lowered = label.strip().lower()
    if lowered in _LATIN1:
        return "cp1252"
    try:
        return codecs.lookup(lowered).name
    except LookupError:
        return None


def _xml_label(data: bytes) -> str | None:
    match = _XML_ENCODING.match(data[:300])
    return match.group(1).decode("ascii") if match else None


def _header_label(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _disagreement(declared: list[str], used: str) -> str | None:
    names = {_codec(label) for label in declared}
    if not declared or used in names:
        return None
    return f"declared encoding {declared[0]!r} does not match the bytes; read as {used}"
