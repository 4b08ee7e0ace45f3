"""The image proxy's one address: ``/media/<signed token>/<width>.webp``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from newsdesk.media.decode import Refusal
from newsdesk.media.proxy import image_bytes
from newsdesk.media.signing import BadToken, unsign

# An address names its image for good (a new image gets a new address): cache hard.
CACHE_FOREVER = "public, max-age=31536000, immutable"
# A refusal is cached briefly by browsers; the proxy remembers it on its side anyway.
CACHE_REFUSAL = "public, max-age=3600"


def _refused(status: int, code: str, reason: str, *, remembered: bool = True) -> HttpResponse:
    response = HttpResponse(
        f"Image refused ({code}): {reason}\n", status=status, content_type="text/plain"
    )
    response["X-Image-Refused"] = code
    response["Cache-Control"] = CACHE_REFUSAL if remembered else "no-store"
    if not remembered:
        response["Retry-After"] = "30"
    return response


@require_safe
def image(request: HttpRequest, token: str, width: int) -> HttpResponse:
    try:
        target = unsign(token, width)
    except BadToken as exc:
        return _refused(403, "bad_signature", str(exc))
    try:
        data = image_bytes(target, width)
    except Refusal as refusal:
        return _refused(refusal.status, refusal.code, refusal.reason, remembered=refusal.remember)
    response = HttpResponse(data, content_type="image/webp")
    response["Cache-Control"] = CACHE_FOREVER
    response["Content-Disposition"] = "inline"
    return response
