"""Accept only real raster images and re-encode them to bounded WebP sizes.

Whatever a publisher's server says about its bytes, Pillow decides: the bytes must open
as one of a few common raster formats (SVG is a document that can carry script, never
an image here), the declared size must stay under a pixel cap before anything is
decoded (a 40-kilobyte PNG can declare a gigapixel), and only the first frame of an
animation is kept. The result is new pixels in a new file: nothing the publisher wrote
(metadata, trailing bytes, polyglot payloads) reaches the reader.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from newsdesk.media.signing import Shape

# Decoders Pillow may use: the formats publishers really serve. Everything else
# (PSD, EPS, TGA, ...) is refused without a decoder ever seeing it.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "ICO")
WEBP_QUALITY = 80


class Refusal(Exception):
    """Why an image is not served: an HTTP status, a stable code and a sentence.

    ``lasting`` refusals are about the image itself and are never retried; the others
    (the publisher's server was down) are asked again after a while. A refusal that is
    not to be ``remember``ed (every slot for the host was busy) is asked again at once.
    """

    def __init__(
        self, status: int, code: str, reason: str, *, lasting: bool = True, remember: bool = True
    ) -> None:
        super().__init__(f"{code}: {reason}")
        self.status = status
        self.code = code
        self.reason = reason
        self.lasting = lasting
        self.remember = remember  # False: our own congestion, not the image's fault

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Encoded:
    width: int
    data: bytes


def looks_like_markup(data: bytes) -> bool:
    head = data[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html", b"<"))


def open_image(data: bytes, max_pixels: int) -> Image.Image:
    """The first frame, decoded, or a ``Refusal`` saying what was wrong."""
    if looks_like_markup(data):
        raise Refusal(415, "not_an_image", "the publisher sent markup (SVG or HTML), not an image")
    try:
        # Opening reads the header only; the size is checked before any pixel is decoded.
        # (Pillow's own bomb check at open is a second wall above its global limit.)
        image = Image.open(io.BytesIO(data), formats=FORMATS)
        width, height = image.size
        if width < 1 or height < 1 or width * height > max_pixels:
            raise Refusal(
                413,
                "too_many_pixels",
                f"{width} x {height} pixels is more than the {max_pixels}-pixel cap",
            )
        image.seek(0)  # an animation shows its first frame
        image.load()
    except Image.DecompressionBombError as exc:
        raise Refusal(413, "too_many_pixels", f"decompression bomb: {exc}") from None
    except UnidentifiedImageError:
        raise Refusal(
            415, "not_an_image", "the bytes are not a JPEG, PNG, GIF, WebP, BMP or ICO image"
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        raise Refusal(422, "damaged_image", f"the image cannot be decoded: {exc}") from None
    return image


def encode(image: Image.Image, shape: Shape) -> list[Encoded]:
    """One WebP per width of ``shape``, cut to its aspect ratio, never enlarged past the original."""
    image = ImageOps.exif_transpose(image) or image
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    encoded = []
    for width in shape.widths:
        if not shape.cut:
            kept = image.copy()
            kept.thumbnail((width, width * 8), Image.Resampling.LANCZOS)
            encoded.append(Encoded(width, _webp(kept)))
            continue
        box = (width, shape.height(width))
        if image.width < width:
            # Upscaling invents nothing: keep the original's pixels, cut to the shape.
            scale = image.width / width
            box = (max(1, round(box[0] * scale)), max(1, round(box[1] * scale)))
        cut = ImageOps.fit(image, box, method=Image.Resampling.LANCZOS)
        encoded.append(Encoded(width, _webp(cut)))
    return encoded


def _webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()
