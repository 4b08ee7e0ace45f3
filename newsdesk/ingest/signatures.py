"""Magic-number signatures of binary formats that sometimes sit at a feed URL.

A PNG or ZIP served as ``application/rss+xml`` must be refused before any
parser sees it. The bytes decide, not the Content-Type: publishers mislabel both
ways. Only formats that can never be a feed or page are listed; NUL bytes alone are
not a signal because UTF-16 feeds without a BOM are full of them.
"""

from __future__ import annotations

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000 image"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"ID3", "MP3 audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM media"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)


def binary_format(head: bytes) -> str | None:
    """The name of the binary format ``head`` (the first bytes of a body) starts with."""
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media"
    if head[4:8] == b"ftyp":
        return "MP4/HEIF media"
    return None
