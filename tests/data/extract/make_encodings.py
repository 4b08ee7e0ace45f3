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
