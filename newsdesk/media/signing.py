"""Signed image addresses: the proxy serves only what a page of this site asked for.

An address names the original URL and the shape (``Shape``) in one signed token, so
neither can be changed without the secret key: the proxy is not an open proxy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

SALT = "newsdesk.media.image"
MAX_SOURCE_URL = 2000  # longer addresses are not worth a token (and are rarely images)


@dataclass(frozen=True, slots=True)
class Shape:
    """How an image is cut: an aspect ratio and the widths it is encoded at."""

    name: str
    ratio_w: int
    ratio_h: int
    widths: tuple[int, ...]

    @property
    def cut(self) -> bool:
        """Cut to a fixed ratio; otherwise the original's own proportions are kept."""
        return self.ratio_w > 0

    def height(self, width: int) -> int:
        return round(width * self.ratio_h / self.ratio_w) if self.cut else 0


SHAPES: dict[str, Shape] = {
    # Cards and lead images are cut to 16:9 by the proxy, so the page knows the exact
    # box before the image arrives (width/height attributes: no layout shift).
    "card": Shape("card", 16, 9, (320, 640)),
    "lead": Shape("lead", 16, 9, (640, 1024, 1600)),
    "icon": Shape("icon", 1, 1, (32, 64)),
    # Pictures inside an article body keep their proportions (a chart cut to 16:9 lies).
    "body": Shape("body", 0, 0, (640, 1024)),
}


@dataclass(frozen=True, slots=True)
class SignedImage:
    """What a template needs for one ``<img>``: the smallest source, srcset, box size."""

    src: str
    srcset: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class ImageTarget:
    url: str
    shape: Shape

    @property
    def digest(self) -> str:
        """The cache name of this original in this shape."""
        return hashlib.sha256(f"{self.shape.name}\n{self.url}".encode()).hexdigest()


class BadToken(Exception):
    """The token was not signed by this site, or names an unknown shape."""


def sign(url: str, shape_name: str) -> SignedImage | None:
    """The signed addresses of ``url`` cut as ``shape_name``; None when there is no usable URL."""
    url = (url or "").strip()
    shape = SHAPES[shape_name]
    if not url.startswith(("https://", "http://")) or len(url) > MAX_SOURCE_URL:
        return None
    token = signing.dumps([shape.name, url], salt=SALT, compress=True)
    sources = [(reverse("media_image", args=[token, w]), w) for w in shape.widths]
    display = shape.widths[0]
    return SignedImage(
        src=sources[0][0],
        srcset=", ".join(f"{path} {w}w" for path, w in sources),
        width=display,
        height=shape.height(display),
    )


def unsign(token: str, width: int) -> ImageTarget:
    """The original and shape a token names; ``BadToken`` for anything this site did not sign."""
    try:
        shape_name, url = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadToken("the image address is not signed by this site") from exc
    shape = SHAPES.get(shape_name) if isinstance(shape_name, str) else None
    if shape is None or not isinstance(url, str) or width not in shape.widths:
        raise BadToken("the image address names no size this site serves")
    return ImageTarget(url, shape)
