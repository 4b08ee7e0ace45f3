"""The image proxy against a real publisher server on loopback: good images are served
from our origin as bounded WebP, every bad one is refused with a clear status and
never fetched twice, and only addresses this site signed are answered."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core import signing
from django.test import Client
from PIL import Image

from newsdesk.media import proxy
from newsdesk.media.decode import Encoded
from newsdesk.media.signing import SALT, sign
from newsdesk.media.store import ImageStore
from tests.support.httpserver import LoopbackServer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_dir(tmp_path, monkeypatch, allow_loopback):
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path))
    proxy.reset_image_store()
    yield tmp_path
    proxy.reset_image_store()


@pytest.fixture
def loopback_server():
    with LoopbackServer() as server:
        yield server


def picture(fmt: str = "JPEG", size=(800, 450), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def serve(server: LoopbackServer, path: str, body: bytes, ctype: str = "image/jpeg") -> str:
    server.route(path, body=body, headers={"Content-Type": ctype})
    return server.url(path)


def get(client, url: str, shape: str = "card", index: int = 0):
    signed = sign(url, shape)
    assert signed is not None
    path = signed.srcset.split(", ")[index].split(" ")[0]
    return client.get(path)


def hits(server: LoopbackServer, path: str) -> int:
    return server.paths().count(path)


def test_a_real_image_is_served_as_bounded_webp_and_fetched_once(client, loopback_server):
    url = serve(loopback_server, "/lead.jpg", picture(size=(1200, 900)))
    signed = sign(url, "card")
    assert (signed.width, signed.height) == (320, 180)
    for index, width in enumerate((320, 640)):
        response = get(client, url, index=index)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert "immutable" in response["Cache-Control"]
        image = Image.open(io.BytesIO(response.content))
        assert image.format == "WEBP"
        assert image.size == (width, width * 9 // 16)  # cut to the card's box
    assert get(client, url).status_code == 200
    assert hits(loopback_server, "/lead.jpg") == 1  # every size from one fetch


def test_a_small_image_is_never_enlarged(client, loopback_server):
    url = serve(loopback_server, "/small.png", picture("PNG", size=(200, 100)), "image/png")
    response = get(client, url, index=1)  # the 640 version of a 200-pixel original
    assert Image.open(io.BytesIO(response.content)).width == 200


def test_head_answers_like_get(client, loopback_server):
    url = serve(loopback_server, "/h.jpg", picture())
    path = sign(url, "card").src
    assert client.head(path).status_code == 200


def refused_once(client, server, path: str, status: int, code: str) -> None:
    url = server.url(path)
    for _ in range(2):
        response = get(client, url)
        assert response.status_code == status, response.content
        assert response["X-Image-Refused"] == code
        assert code in response.content.decode()
    assert hits(server, path) <= 1  # the refusal is remembered: never reaches the network twice


def test_markup_that_claims_to_be_a_jpeg_is_refused(client, loopback_server):
    serve(loopback_server, "/liar.jpg", b"<!doctype html><p>gotcha</p>" * 10)
    refused_once(client, loopback_server, "/liar.jpg", 415, "not_an_image")
    assert hits(loopback_server, "/liar.jpg") == 1


def test_bytes_that_are_no_image_at_all_are_refused(client, loopback_server):
    serve(loopback_server, "/noise.png", bytes(range(256)) * 20, "image/png")
    refused_once(client, loopback_server, "/noise.png", 415, "not_an_image")


def test_svg_is_never_served_as_an_image(client, loopback_server):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    serve(loopback_server, "/logo.svg", svg, "image/svg+xml")
    refused_once(client, loopback_server, "/logo.svg", 415, "not_an_image")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a huge canvas in a few dozen bytes (a decompression bomb's head)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_before_decoding(client, loopback_server):
    serve(loopback_server, "/bomb.png", png_header_only(100_000, 100_000), "image/png")
    refused_once(client, loopback_server, "/bomb.png", 413, "too_many_pixels")


def test_a_fifty_megapixel_image_is_refused(client, loopback_server):
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000), 1).save(out, "PNG")  # real pixels, a few kilobytes
    serve(loopback_server, "/huge.png", out.getvalue(), "image/png")
    refused_once(client, loopback_server, "/huge.png", 413, "too_many_pixels")


def test_an_animation_is_served_as_its_first_frame(client, loopback_server):
    frames = [Image.new("RGB", (320, 180), c) for c in ((255, 0, 0), (0, 0, 255), (0, 255, 0))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    url = serve(loopback_server, "/anim.gif", out.getvalue(), "image/gif")
    response = get(client, url)
    assert response.status_code == 200
    served = Image.open(io.BytesIO(response.content))
    assert getattr(served, "n_frames", 1) == 1
    red, green, blue = served.convert("RGB").getpixel((160, 90))
    assert red > 200 and blue < 50 and green < 50


def test_a_redirect_to_a_private_address_is_refused(client, loopback_server):
    with LoopbackServer(host="127.0.0.2") as private:
        private.route("/secret.png", body=picture("PNG"), headers={"Content-Type": "image/png"})
        loopback_server.route(
            "/go.png", status=302, headers={"Location": private.url("/secret.png")}
        )
        refused_once(client, loopback_server, "/go.png", 403, "blocked_address")
        assert private.requests == []  # the private server never heard of us


def test_an_image_too_large_in_bytes_is_refused(client, loopback_server, monkeypatch):
    monkeypatch.setenv("NEWSDESK_IMAGE_MAX_BYTES", "1000")
    monkeypatch.setattr(proxy, "_client", None)
    serve(loopback_server, "/big.jpg", picture(size=(1600, 900)) + b"\0" * 2000)
    refused_once(client, loopback_server, "/big.jpg", 413, "too_large")


def test_a_missing_image_is_remembered(client, loopback_server):
    refused_once(client, loopback_server, "/gone.jpg", 502, "not_found")


def test_a_changed_signature_or_target_is_refused_without_fetching(client, loopback_server):
    url = serve(loopback_server, "/ok.jpg", picture())
    path = sign(url, "card").src
    token, width = path.split("/")[2], path.split("/")[3]
    # A flipped character in the signature.
    forged = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert client.get(f"/media/{forged}/{width}").status_code == 403
    # The same signature on another target.
    _, signature = token.rsplit(":", 1)
    other = signing.dumps(["card", loopback_server.url("/other.jpg")], salt=SALT, compress=True)
    moved = other.rsplit(":", 1)[0] + ":" + signature
    response = client.get(f"/media/{moved}/{width}")
    assert response.status_code == 403
    assert response["X-Image-Refused"] == "bad_signature"
    # Another salt (a token this site signed for something else) is not an image address.
    assert client.get(f"/media/{signing.dumps(['card', url])}/{width}").status_code == 403
    # A width the shape does not serve.
    assert client.get(f"/media/{token}/999.webp").status_code == 403
    assert loopback_server.requests == []


def test_only_web_addresses_are_signed():
    assert sign("javascript:alert(1)", "card") is None
    assert sign("data:image/png;base64,AAAA", "card") is None
    assert sign("", "card") is None


def test_the_disk_cache_keeps_under_its_cap(tmp_path):
    store = ImageStore(tmp_path, cap_bytes=10_000)
    for n in range(8):
        store.save(f"{n:02d}" + "a" * 62, [Encoded(320, b"x" * 2_000)])
        store.sweep(force=True)
    total = sum(p.stat().st_size for p in tmp_path.glob("*/*"))
    assert total <= 10_000
    assert store.read("07" + "a" * 62, 320) is not None  # the newest stays
    assert store.read("00" + "a" * 62, 320) is None  # the oldest went first


def test_a_body_picture_keeps_its_proportions(client, loopback_server):
    url = serve(loopback_server, "/chart.png", picture("PNG", size=(1200, 1600)), "image/png")
    response = get(client, url, shape="body")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).size == (640, 853)  # 3:4, not cut to 16:9


def test_a_busy_host_is_asked_again_not_remembered(client, loopback_server, monkeypatch):
    import threading

    from newsdesk.worker.network import reset_network

    monkeypatch.setenv("NEWSDESK_HOST_CONCURRENCY", "1")
    monkeypatch.setattr(proxy, "IMAGE_GATE_WAIT", 0.3)
    reset_network()
    loopback_server.route(
        "/slow.jpg", body=picture(), headers={"Content-Type": "image/jpeg"}, delay=1.5
    )
    url = serve(loopback_server, "/later.jpg", picture())
    slow = threading.Thread(target=get, args=(client, loopback_server.url("/slow.jpg")))
    slow.start()
    while "/slow.jpg" not in loopback_server.paths():
        threading.Event().wait(0.02)
    busy = get(Client(), url)
    assert busy.status_code == 503 and busy["X-Image-Refused"] == "host_busy"
    assert busy["Cache-Control"] == "no-store" and busy["Retry-After"]
    slow.join()
    assert get(Client(), url).status_code == 200  # asked again, not remembered as bad
