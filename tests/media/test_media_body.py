"""Pictures inside article bodies: kept, but only ever from our own signed proxy.

Every input goes through the real sanitizer first (as a stored body does), then through
``proxy_pictures`` (as the article page does); hostile pictures must come out harmless
or not at all.
"""

from __future__ import annotations

import re

import pytest
from lxml.html import fragment_fromstring

from newsdesk.extract import sanitize_html
from newsdesk.media.body import proxy_pictures
from newsdesk.media.signing import unsign

BASE = "https://meridian-press.example/world/port-strike"
LEAD = "https://cdn.meridian-press.example/images/port-seren-cranes.jpg?w=1600"


def rendered(markup: str, lead: str | None = LEAD) -> str:
    return proxy_pictures(sanitize_html(markup, BASE), lead)


def images(html: str) -> list[dict[str, str]]:
    if not html.strip():
        return []
    root = fragment_fromstring(html, create_parent="div")
    return [dict(img.attrib) for img in root.iter("img")]


def test_a_body_picture_is_served_by_our_proxy_with_its_box_and_caption():
    html = rendered(
        '<p>Before.</p><figure><img src="/media/chart.png" alt="Grain exports, 2020-2026"'
        ' width="2048" height="1024"><figcaption>Exports fell by a third.</figcaption></figure>'
    )
    [img] = images(html)
    assert img["src"].startswith("/media/") and img["src"].endswith("/640.webp")
    assert img["srcset"].count("/media/") == 2 and img["srcset"].endswith("1024w")
    # The proxy caps the width at 1024 and keeps the ratio: the box says what arrives.
    assert (img["width"], img["height"]) == ("1024", "512")
    assert img["alt"] == "Grain exports, 2020-2026"
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert "<figcaption>Exports fell by a third.</figcaption>" in html
    token = img["src"].split("/")[2]
    target = unsign(token, 640)
    assert target.url == "https://meridian-press.example/media/chart.png"
    assert target.shape.name == "body"


def test_a_picture_without_declared_size_gets_no_invented_box():
    [img] = images(rendered('<img src="https://photos.example/a-view.jpg" alt="">'))
    assert "width" not in img and "height" not in img and img["src"].startswith("/media/")


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="javascript:alert(1)" alt="j">',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="d">',
        '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">',
        '<img srcset="javascript:alert(1) 1x, https://evil.example/x.png 2x">',
        '<picture><source srcset="https://evil.example/big.webp"><img src="jav&#x09;ascript:x"></picture>',
        '<svg width="400" height="300"><image href="https://evil.example/x.png"/></svg>',
        '<img src="https://tracker.example/open.gif" width="1" height="1">',
        '<img src="https://tracker.example/open.gif?u=42" width="0" height="0" alt="">',
        '<img src="https://tracker.example/p.gif" height="1">',
        "<img>",
    ],
)
def test_hostile_or_useless_pictures_leave_nothing(markup):
    html = rendered(f"<p>Text.</p>{markup}")
    assert images(html) == []
    assert "evil.example" not in html and "tracker.example" not in html
    assert "alert" not in html and "javascript" not in html.lower()


def test_an_onerror_picture_keeps_only_our_attributes():
    # "x" is a relative address on the publisher's site: the proxy may ask for it (and
    # refuse what comes back); the handler is gone either way.
    [img] = images(rendered('<img src="x" onerror="alert(1)">'))
    assert set(img) == {"src", "srcset", "sizes", "alt", "loading", "decoding"}
    assert unsign(img["src"].split("/")[2], 640).url == "https://meridian-press.example/world/x"


def test_a_srcset_with_javascript_is_replaced_by_our_own():
    html = rendered(
        '<img src="https://photos.example/quay.jpg" srcset="javascript:alert(1) 1x,'
        ' https://evil.example/x.png 2x" onerror="alert(2)" onload="alert(3)" style="x">'
    )
    [img] = images(html)
    assert set(img) == {"src", "srcset", "sizes", "alt", "loading", "decoding"}
    for candidate in img["srcset"].split(", "):
        assert candidate.startswith("/media/")
    assert "evil.example" not in html and "alert" not in html


def test_huge_declared_dimensions_are_not_trusted():
    [img] = images(
        rendered('<img src="https://photos.example/huge.jpg" width="99999999" height="50000">')
    )
    assert "width" not in img and "height" not in img
    [img] = images(
        rendered('<img src="https://photos.example/big.jpg" width="9000" height="6000">')
    )
    assert (img["width"], img["height"]) == ("1024", "683")


def test_an_alt_text_with_markup_stays_text():
    html = rendered(
        '<img src="https://photos.example/quay.jpg" alt="&quot;&gt;<script>alert(1)</script>">'
    )
    [img] = images(html)
    assert img["alt"] == '"><script>alert(1)</script>'  # text inside the attribute
    assert "<script" not in html


def test_the_lead_picture_is_not_shown_twice():
    html = rendered(
        '<figure><img src="https://cdn.meridian-press.example/images/port-seren-cranes.jpg?w=640">'
        "<figcaption>Cranes at Port Seren.</figcaption></figure>"
        '<p>Text.</p><img src="https://cdn.meridian-press.example/images/grain-silo.jpg">'
    )
    [img] = images(html)
    assert unsign(img["src"].split("/")[2], 640).url.endswith("grain-silo.jpg")
    # The figure went with its picture: its caption described the lead, shown above.
    assert "Cranes at Port Seren" not in html and "<figure>" not in html
    # Without a lead image, the same picture stays.
    assert len(images(rendered('<img src="https://cdn.example/port-seren-cranes.jpg">', None))) == 1


def test_nested_and_empty_figures():
    html = rendered(
        '<figure><figure><img src="https://photos.example/inner.jpg"></figure>'
        "<figcaption>Outer.</figcaption></figure><figure><figcaption>No picture.</figcaption></figure>"
    )
    assert len(images(html)) == 1
    assert "No picture." in html  # a figure that never had a picture is left as it was


def test_every_picture_of_a_large_body_is_served():
    body = (
        "<p>word</p>" * 20_000 + '<figure><img src="https://photos.example/x.jpg"></figure>' * 500
    )
    html = rendered(body)
    assert len(re.findall(r'src="/media/', html)) == 500
