"""Serve one signed image: from the disk cache, or fetched once, checked and encoded.

The fetch happens in the proxy request itself, not in a task: a reader's browser asks
for the image only when it lays out the page, the answer is cached for every later
reader, and a task would show the first readers a hole. The fetch is bounded tightly
(the same guarded fetcher and host politeness as the pipeline, with a short deadline,
a short wait for the host's slot and a byte cap of its own), so a slow publisher holds
one web thread for seconds, not minutes. Concurrent requests for one image wait for
the first instead of fetching it again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from newsdesk import config
from newsdesk.ingest.fetcher import FetchConfig, Fetcher, FetchError, FetchRequest
from newsdesk.media.decode import Encoded, Refusal, encode, open_image
from newsdesk.media.signing import ImageTarget, Shape
from newsdesk.media.store import ImageStore
from newsdesk.worker.network import Network, network

IMAGE_ACCEPT = "image/webp,image/png,image/jpeg,image/gif,image/x-icon;q=0.9,*/*;q=0.1"
IMAGE_TIMEOUT = 5.0
IMAGE_DEADLINE = 10.0
IMAGE_GATE_WAIT = 5.0
# The publisher's server, not the image, was the trouble: worth asking again later.
PASSING_FETCH_ERRORS = frozenset(
    {"deadline", "timeout", "connect", "network", "protocol", "rate_limited", "host_busy", "tls"}
)
REFUSED_ADDRESSES = frozenset({"blocked_address", "bad_url", "insecure_redirect"})


@dataclass(frozen=True, slots=True)
class _Client:
    source: Network  # the process's network this fetcher shares policy and gate with
    fetcher: Fetcher


_lock = threading.Lock()
_client: _Client | None = None
_store: ImageStore | None = None
# Striped locks: one image is fetched once even when many readers ask at once, and the
# set of locks stays fixed however many images the site has seen.
_stripes = tuple(threading.Lock() for _ in range(64))


def image_fetcher() -> Fetcher:
    """The pipeline's address policy and host gate, with the image proxy's tighter caps."""
    global _client
    shared = network()
    with _lock:
        if _client is None or _client.source is not shared:
            if _client is not None:
                _client.fetcher.close()
            fetcher = Fetcher(
                shared.policy,
                FetchConfig(
                    user_agent=shared.user_agent,
                    connect_timeout=IMAGE_TIMEOUT,
                    read_timeout=IMAGE_TIMEOUT,
                    deadline=IMAGE_DEADLINE,
                    max_bytes=int(config.get_number("NEWSDESK_IMAGE_MAX_BYTES")),
                    max_redirects=3,
                    gate_wait=IMAGE_GATE_WAIT,
                ),
                gate=shared.gate,
            )
            _client = _Client(shared, fetcher)
        return _client.fetcher


def image_store() -> ImageStore:
    global _store
    with _lock:
        if _store is None:
            cap = int(config.get_number("NEWSDESK_IMAGE_CACHE_MB") * 2**20)
            _store = ImageStore(config.data_dir() / "media", cap)
        return _store


def reset_image_store() -> None:
    """Forget the process's store (tests point the data folder elsewhere)."""
    global _store
    with _lock:
        _store = None


def _key_lock(digest: str) -> threading.Lock:
    return _stripes[int(digest[:8], 16) % len(_stripes)]


def image_bytes(target: ImageTarget, width: int) -> bytes:
    """The encoded image at ``width``, or a ``Refusal`` (remembered, so asked once)."""
    store = image_store()
    digest = target.digest
    cached = store.read(digest, width)
    if cached is not None:
        return cached
    with _key_lock(digest):
        cached = store.read(digest, width)  # another thread may have made it meanwhile
        if cached is not None:
            return cached
        _raise_remembered(store, digest)
        try:
            encoded = _encoded(target)
        except Refusal as refusal:
            if refusal.remember:
                store.remember(digest, refusal)
            raise
        store.save(digest, encoded)
        store.forget(digest)
    for item in encoded:
        if item.width == width:
            return item.data
    raise Refusal(404, "no_such_size", f"no {width}-pixel version", lasting=False)


def cache_shapes(url: str, shapes: Sequence[Shape]) -> int:
    """Fetch ``url`` once and cache it in every shape not cached yet; the shapes made.

    The prefetch's way in (``newsdesk.media.prefetch``): one picture shown in two
    shapes is one request to the publisher, not two. Refusals are remembered for each
    shape, exactly as a reader's request would remember them.
    """
    store = image_store()
    targets = [ImageTarget(url, shape) for shape in shapes]
    missing = [t for t in targets if store.read(t.digest, t.shape.widths[0]) is None]
    if not missing:
        return 0
    for target in missing:
        _raise_remembered(store, target.digest)
    try:
        image = _fetch_and_open(url)
        for target in missing:
            store.save(target.digest, _encode(image, target.shape))
            store.forget(target.digest)
    except Refusal as refusal:
        if refusal.remember:
            for target in missing:
                store.remember(target.digest, refusal)
        raise
    return len(missing)


def _raise_remembered(store: ImageStore, digest: str) -> None:
    remembered = store.refusal(digest)
    retry_after = config.get_number("NEWSDESK_IMAGE_RETRY_HOURS") * 3600
    if remembered is not None and (
        remembered.refusal.lasting or time.time() - remembered.at < retry_after
    ):
        raise remembered.refusal


def _encoded(target: ImageTarget) -> list[Encoded]:
    return _encode(_fetch_and_open(target.url), target.shape)


def _encode(image: Image.Image, shape: Shape) -> list[Encoded]:
    try:
        return encode(image, shape)
    except (OSError, ValueError, MemoryError) as exc:  # a decoder that fails late
        raise Refusal(422, "damaged_image", f"the image cannot be re-encoded: {exc}") from None


def _fetch_and_open(url: str) -> Image.Image:
    try:
        result = image_fetcher().fetch(
            FetchRequest(url, accept=IMAGE_ACCEPT, expect="any", respect_robots=False)
        )
    except FetchError as exc:
        raise _refusal_of(exc) from None
    if result.content_type == "image/svg+xml":
        raise Refusal(415, "not_an_image", "SVG is a document, never served as an image")
    if not result.body:
        raise Refusal(502, "empty", "the publisher sent no image")
    return open_image(result.body, int(config.get_number("NEWSDESK_IMAGE_MAX_PIXELS")))


def _refusal_of(exc: FetchError) -> Refusal:
    if exc.kind == "host_busy":
        # Our politeness toward the host, not the image: the next page view asks again.
        return Refusal(503, exc.kind, exc.message, lasting=False, remember=False)
    if exc.kind in REFUSED_ADDRESSES:
        return Refusal(403, exc.kind, exc.message)
    if exc.kind == "too_large":
        return Refusal(413, exc.kind, exc.message)
    passing = exc.kind in PASSING_FETCH_ERRORS or (exc.status or 0) >= 500
    return Refusal(502, exc.kind, exc.message, lasting=not passing)
