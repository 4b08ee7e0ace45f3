"""Decoding fetched bytes whose declared encoding lies: best effort, never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newsdesk.extract import extract
from newsdesk.extract.decode import decode
from newsdesk.extract.mojibake import mend

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"
EXPECTED = "Café owners in the old town say the new façade rules cost them €12,000 each; “we were not asked”, said Zoë Müller"


def page(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_windows_1252_declared_as_utf8() -> None:
    decoded = decode(page("cp1252_declared_utf8.html"), "text/html; charset=utf-8")
    # windows-1250 decodes these bytes to the same text; either answer is right.
    assert decoded.encoding in ("cp1252", "cp1250")
    assert EXPECTED in decoded.text


def test_windows_1252_declared_as_utf8_without_header() -> None:
    assert EXPECTED in decode(page("cp1252_declared_utf8.html")).text


def test_utf16_with_bom() -> None:
    decoded = decode(page("utf16le_bom.html"))
    assert decoded.encoding == "utf-16-le"
    assert EXPECTED in decoded.text
    assert not decoded.text.startswith("\ufeff")


def test_utf16_without_bom() -> None:
    decoded = decode(page("utf16be_nobom.html"), "text/html")
    assert decoded.encoding == "utf-16-be"
    assert EXPECTED in decoded.text


def test_invalid_utf8_keeps_the_valid_text() -> None:
    decoded = decode(page("invalid_utf8.html"), "text/html; charset=utf-8")
    assert decoded.encoding == "utf-8"
    assert EXPECTED in decoded.text
    assert "\ufffd" in decoded.text


def test_header_and_meta_disagree_utf8_bytes_win() -> None:
    # Header says ISO-8859-1, <meta> and the bytes say UTF-8.
    decoded = decode(page("utf8_bytes_latin1_header.html"), "text/html; charset=ISO-8859-1")
    assert decoded.encoding == "utf-8"
    assert EXPECTED in decoded.text


def test_header_charset_is_used_for_legacy_bytes() -> None:
    data = "<p>Привет, это новости на русском языке и ещё немного текста.</p>".encode("cp1251")
    assert "Привет" in decode(data, "text/html; charset=windows-1251").text


def test_unlabelled_cyrillic_is_guessed() -> None:
    data = (
        "<p>Сегодня в городе прошёл большой праздник, и тысячи жителей вышли на улицы.</p>" * 5
    ).encode("cp1251")
    assert "праздник" in decode(data, "text/html; charset=utf-8").text


def test_unlabelled_western_and_central_european_texts() -> None:
    spanish = (
        "<p>El niño comió en España. La señora García está aquí con su pequeña hija, ¿verdad?</p>"
    )
    polish = "<p>Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig. Dzieci lubią się bawić.</p>"
    assert spanish in decode(spanish.encode("cp1252")).text
    assert polish in decode(polish.encode("cp1250")).text
    turkish = "<p>Türkiye'nin başkenti Ankara'd\u0131r. Şu anda İstanbul'da yağmur yağ\u0131yor, hava soğuk.</p>"
    assert turkish in decode(turkish.encode("cp1254")).text


def test_unknown_or_dangerous_labels_are_ignored() -> None:
    data = b"<p>plain +ADw-script+AD4- text</p>"
    assert decode(data, "text/html; charset=utf-7").text == data.decode("ascii")
    assert decode(data, "text/html; charset=no-such-codec").text == data.decode("ascii")


def test_every_encoding_file_extracts_the_article() -> None:
    for name in (
        "cp1252_declared_utf8.html",
        "utf16le_bom.html",
        "utf16be_nobom.html",
        "invalid_utf8.html",
        "utf8_bytes_latin1_header.html",
    ):
        result = extract(
            page(name),
            url="https://news.example.com/cafe",
            content_type="text/html; charset=ISO-8859-1" if "latin1" in name else None,
        )
        assert "Café owners in the old town" in result.body_text, name
        assert result.title == "Café owners object to façade rules", name


def test_utf8_saved_twice_is_mended() -> None:
    for name in ("utf8_twice_latin1.html", "utf8_twice_cp1252.html"):
        raw = page(name)
        assert EXPECTED not in decode(raw).text, name  # the bytes are valid UTF-8: as served
        result = extract(raw, url="https://news.example.com/cafe")
        assert EXPECTED in result.body_text, name
        assert result.title == "Café owners object to façade rules", name
        assert "Ã" not in result.body_html and "â€" not in result.body_html, name


def test_text_that_only_looks_like_a_round_trip_is_left_alone() -> None:
    # Real words and a stray sequence or two are not a page saved twice.
    for text in (
        "Ã la carte is how one Portuguese menu spells it; Âme is a French restaurant.",
        "The brand is written ÂÂ and the quote “as served” stays curly.",
        "Grilled São Paulo style, with açaí and pão de queijo: Ã©a was a typo, once.",
    ):
        assert mend(text) == text


def test_a_page_saved_twice_among_correct_text_is_mended_where_it_is_broken() -> None:
    broken = "“we were not asked”, said Zoë Müller".encode().decode("latin-1")
    text = f"<p>Zoë Müller\u2019s café</p><p>{broken}</p><p>{broken}</p>"
    assert mend(text) == (
        "<p>Zoë Müller\u2019s café</p><p>“we were not asked”, said Zoë Müller</p>"
        "<p>“we were not asked”, said Zoë Müller</p>"
    )


@given(st.text(max_size=400))
def test_mend_never_raises_and_leaves_text_without_round_trips(text: str) -> None:
    mended = mend(text)
    assert isinstance(mended, str)
    if not any(lead in text for lead in "ÃÂâ"):
        assert mended == text


@given(st.binary(max_size=3000), st.one_of(st.none(), st.text(max_size=60)))
def test_decode_never_raises(data: bytes, content_type: str | None) -> None:
    assert isinstance(decode(data, content_type).text, str)
