"""Regenerate the encoding test pages (run from this folder). Written for newsdesk, MIT."""

from pathlib import Path

TEXT = (
    "Café owners in the old town say the new façade rules cost them €12,000 each; "
    "“we were not asked”, said Zoë Müller, who runs the bakery on the square."
)
PAGE = (
    "<!DOCTYPE html><html><head>{meta}<title>Café owners object to façade rules</title></head>"
    "<body><article><h1>Café owners object to façade rules</h1>"
    + "".join(
        f"<p>{TEXT} Paragraph {n} adds that the council will reply within a month.</p>"
        for n in range(1, 5)
    )
    + "</article></body></html>"
)
here = Path(__file__).parent
utf8_meta = '<meta charset="utf-8">'
(here / "cp1252_declared_utf8.html").write_bytes(PAGE.format(meta=utf8_meta).encode("cp1252"))
(here / "utf8_bytes_latin1_header.html").write_bytes(PAGE.format(meta=utf8_meta).encode("utf-8"))
(here / "utf16le_bom.html").write_bytes(b"\xff\xfe" + PAGE.format(meta="").encode("utf-16-le"))
(here / "utf16be_nobom.html").write_bytes(PAGE.format(meta="").encode("utf-16-be"))
good = PAGE.format(meta=utf8_meta).encode("utf-8")
# A truncated 3-byte sequence, a stray continuation byte and an overlong encoding.
(here / "invalid_utf8.html").write_bytes(
    good.replace(b"Paragraph 2", b"Paragraph \xe2\x82 2\x80\xc0\xaf")
)
# UTF-8 saved as UTF-8 a second time by a CMS that read it as Latin-1 (PHP's
# utf8_encode) or as Windows-1252 (bytes Windows-1252 leaves undefined pass through).
latin1 = good.decode("latin-1")
(here / "utf8_twice_latin1.html").write_bytes(latin1.encode("utf-8"))
cp1252 = {
    chr(b): bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in b"\x81\x8d\x8f\x90\x9d"
}
(here / "utf8_twice_cp1252.html").write_bytes(
    latin1.translate(str.maketrans(cp1252)).encode("utf-8")
)
