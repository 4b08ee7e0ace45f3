"""An article's pictures are fetched by a task once the article is readable, so its
first reader gets them from the cache; a bad picture is remembered and never holds the
article back. A real page, a real image and a real favicon on a loopback publisher."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from newsdesk.media import proxy
from newsdesk.media.prefetch import prefetch_article
from newsdesk.media.signing import sign
from newsdesk.storage.keys import text_key
from newsdesk.storage.models import Article, ArticleStatus, Source
from newsdesk.worker.articles import process_article
from newsdesk.worker.network import reset_network
from newsdesk.worker.tasks import follow_article
from tests.support.httpserver import LoopbackServer
from tests.web.newsroom import run_queued_tasks

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "Dockworkers at the largest port walked off the job on Tuesday, halting grain shipments "
    "and leaving at least forty bulk carriers waiting at anchor, officials said. "
)


@pytest.fixture(autouse=True)
def media_dir(tmp_path, monkeypatch, allow_loopback, database_queue):
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path))
    proxy.reset_image_store()
    reset_network()
    yield tmp_path
    proxy.reset_image_store()
    reset_network()


@pytest.fixture
def server():
    with LoopbackServer() as loopback:
        yield loopback


def jpeg(size=(1200, 675)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def png(size=(64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (200, 30, 30, 255)).save(out, "PNG")
    return out.getvalue()


def page(image: str) -> bytes:
    return (
        "<!doctype html><html><head><title>Port strike</title>"
        f'<meta property="og:image" content="{image}">'
        '<link rel="icon" href="/icon.png"></head><body><article><h1>Port strike halts grain</h1>'
        + f"<p>{PARAGRAPH * 3}</p>" * 4
        + "</article></body></html>"
    ).encode()


def pending_article(server: LoopbackServer, image_path: str) -> Article:
    server.route(
        "/story.html", body=page(server.url(image_path)), headers={"Content-Type": "text/html"}
    )
    src = Source.objects.create(
        url=server.url("/feed.xml"), name="Loopback Ledger", site_url=server.url("/")
    )
    url = server.url("/story.html")
    return Article.objects.create(
        source=src,
        item_key=text_key(url),
        url=url,
        url_key=text_key(url),
        status=ArticleStatus.PENDING,
    )


def test_a_readable_article_gets_its_pictures_fetched_before_any_reader(
    server, django_capture_on_commit_callbacks
):
    server.route("/lead.jpg", body=jpeg(), headers={"Content-Type": "image/jpeg"})
    server.route("/icon.png", body=png(), headers={"Content-Type": "image/png"})
    article = pending_article(server, "/lead.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = process_article(article.pk)
        follow_article(outcome)
    article.refresh_from_db()
    assert article.status == ArticleStatus.READY and article.image == server.url("/lead.jpg")
    assert run_queued_tasks() >= 2  # the later stages and the pictures
    # One fetch per picture (the lead image serves both of its shapes).
    assert server.paths().count("/lead.jpg") == 1
    assert server.paths().count("/icon.png") == 1
    before = len(server.paths())
    client = Client()
    for url, shape in (
        (article.image, "lead"),
        (article.image, "card"),
        (server.url("/icon.png"), "icon"),
    ):
        signed = sign(url, shape)
        response = client.get(signed.src)
        assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert len(server.paths()) == before  # the readers' requests met the cache only


def test_a_bad_picture_is_remembered_and_the_article_stays_readable(
    server, django_capture_on_commit_callbacks
):
    server.route(
        "/lead.jpg", body=b"<svg onload=alert(1)></svg>", headers={"Content-Type": "image/jpeg"}
    )
    article = pending_article(server, "/lead.jpg")  # no /icon.png: the icon is a 404
    with django_capture_on_commit_callbacks(execute=True):
        follow_article(process_article(article.pk))
    run_queued_tasks()
    article.refresh_from_db()
    assert article.status == ArticleStatus.READY
    assert server.paths().count("/lead.jpg") == 1 and server.paths().count("/icon.png") == 1
    again = prefetch_article(article.pk)
    assert again.cached == 0 and "not_an_image" in again.refused
    # Remembered: neither picture reached the network a second time.
    assert server.paths().count("/lead.jpg") == 1 and server.paths().count("/icon.png") == 1
    response = Client().get(sign(article.image, "lead").src)
    assert response.status_code == 415 and response["X-Image-Refused"] == "not_an_image"
    assert Client().get(f"/articles/{article.pk}/").status_code == 200


def test_an_article_without_pictures_or_gone_costs_nothing(server):
    assert prefetch_article(10**9).message == "0 picture shape(s) cached"
    src = Source.objects.create(url="file:///nowhere", name="Nowhere")
    article = Article.objects.create(
        source=src, item_key="k", url="https://x.example/a", url_key="k", status=ArticleStatus.READY
    )
    assert prefetch_article(article.pk).cached == 0
    assert server.paths() == []
