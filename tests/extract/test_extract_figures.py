"""The article's own pictures survive extraction, where they stood; furniture's do not."""

from __future__ import annotations

from newsdesk.extract import extract

PARA = (
    "The council approved the new harbour budget on Monday after a long debate about "
    "parking charges, bus depots and the future of the old fish market on the quay. "
)


def page(body: str, aside: str = "") -> bytes:
    return (
        "<!doctype html><html><head><title>Harbour budget</title></head><body>"
        f"<header><img src='/logo.png' width='40' height='40'></header>"
        f"<article><h1>Harbour budget approved</h1>{body}</article>"
        f"<aside>{aside}</aside></body></html>"
    ).encode()


def test_a_figure_stays_before_its_paragraph():
    body = "".join(f"<p>{PARA}Part {i}.</p>" for i in range(4))
    picture = (
        '<figure><img src="/img/quay.jpg" alt="The quay" width="1200" height="800">'
        "<figcaption>The old fish market.</figcaption></figure>"
    )
    plain = extract(page(body), url="https://harbour.example/news/budget")
    pictured = extract(
        page(
            body.replace("<p>", picture + "<p>", 1).replace(
                "Part 2.</p>", "Part 2.</p>" + picture.replace("quay.jpg", "depot.jpg")
            )
        ),
        url="https://harbour.example/news/budget",
    )
    for i in range(4):
        assert f"Part {i}." in pictured.body_text and f"Part {i}." in plain.body_text
    assert "<img" not in plain.body_html
    html = pictured.body_html
    assert (
        html.index("quay.jpg")
        < html.index("Part 0.")
        < html.index("Part 2.")
        < html.index("depot.jpg")
        < html.index("Part 3.")
    )
    assert (
        '<img src="https://harbour.example/img/quay.jpg" alt="The quay" width="1200" height="800">'
        in html
    )
    assert "<figcaption>The old fish market.</figcaption>" in html
    assert "logo.png" not in html  # an icon-sized picture, in the masthead


def test_pictures_of_the_page_furniture_stay_out():
    body = "".join(f"<p>{PARA}Part {i}.</p>" for i in range(4))
    aside = '<img src="/ads/banner.jpg"><ul><li>Read more: ferry timetable changes</li></ul>'
    out = extract(page(body, aside), url="https://harbour.example/news/budget")
    assert "banner.jpg" not in out.body_html and "Part 3." in out.body_html


def test_tracking_pixels_and_lazy_placeholders_leave_nothing_usable():
    body = (
        '<img src="https://t.example/p.gif" width="1" height="1">'
        + "".join(f"<p>{PARA}Part {i}.</p>" for i in range(3))
        + '<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/real.jpg"></figure>'
        + f"<p>{PARA}Last.</p>"
    )
    out = extract(page(body), url="https://harbour.example/news/budget")
    assert "t.example" not in out.body_html and "data:" not in out.body_html


def test_a_lazy_loaded_picture_keeps_its_real_address():
    body = "".join(f"<p>{PARA}Part {i}.</p>" for i in range(4))
    lazy = (
        '<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" '
        'data-src="https://cdn.harbour.example/img/quay.jpg" alt="The quay">'
        "<figcaption>The old fish market.</figcaption></figure>"
    )
    srcset = '<img data-lazy-srcset="https://cdn.harbour.example/img/depot-800.jpg 800w, x 2x">'
    relative = '<img data-original="/img/relative.jpg">'
    html = (
        body.replace("<p>", lazy + "<p>", 1)
        .replace("Part 1.</p>", "Part 1.</p>" + srcset)
        .replace("Part 2.</p>", "Part 2.</p>" + relative)
    )
    out = extract(page(html), url="https://harbour.example/news/budget")
    shown = out.body_html
    assert '<img src="https://cdn.harbour.example/img/quay.jpg" alt="The quay">' in shown
    assert shown.index("quay.jpg") < shown.index("Part 0.")
    assert "https://cdn.harbour.example/img/depot-800.jpg" in shown
    assert shown.index("Part 1.") < shown.index("depot-800.jpg") < shown.index("Part 2.")
    assert "relative.jpg" not in shown  # only absolute http(s) lazy addresses are taken
    assert "data:image" not in shown


def test_every_picture_is_kept_whatever_python_objects_lxml_reuses():
    # Pictures in text-less wrappers, each before its own paragraph: the holders were
    # once remembered by id(), which lxml hands to the next element once the previous
    # one's Python object is dropped, so all but a few pictures went missing.
    wrapped = (
        '<div><span><img src="/img/{i}.jpg" width="800" height="600"></span></div>'
        "<p>{para}Part {i}.</p>"
    )
    body = "".join(wrapped.format(i=i, para=PARA) for i in range(12))
    found = extract(page(body), url="https://harbour.example/news/budget")
    for i in range(12):
        assert f"https://harbour.example/img/{i}.jpg" in found.body_html
