"""A small newsroom in the test database, built through the real pipeline stages.

Articles are created the way ``worker.articles`` leaves them after extraction, then
``finish_article`` runs folding, enrichment and story clustering on them for real.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from newsdesk.storage.keys import text_key
from newsdesk.storage.models import Article, ArticleStatus, Source
from newsdesk.worker.articles import finish_article

DATA = Path(__file__).resolve().parents[1] / "data" / "web"


def read(name: str) -> tuple[str, str]:
    title, body = (DATA / name).read_text(encoding="utf-8").split("\n\n", 1)
    return title.strip(), body.strip()


def source(name: str, **labels: str) -> Source:
    slug = name.lower().replace(" ", "-")
    return Source.objects.create(
        url=f"https://{slug}.example/feed.xml",
        name=name,
        site_url=f"https://{slug}.example/",
        **labels,
    )


def publish(
    src: Source,
    name: str,
    *,
    at: datetime,
    title: str | None = None,
    slug: str | None = None,
) -> Article:
    headline, body = read(name)
    url = f"{src.site_url}news/{slug or name.removesuffix('.txt')}"
    html = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    article = Article.objects.create(
        source=src,
        item_key=text_key(url),
        url=url,
        url_key=text_key(url),
        title=title or headline,
        publisher=src.name,
        language="en",
        published_at=at,
        sort_at=at,
        body_text=body,
        body_html=html,
        content_hash=text_key(" ".join(body.split()).lower()),
        status=ArticleStatus.READY,
        fetched_at=at,
    )
    finish_article(article.pk)
    article.refresh_from_db()
    return article


@dataclass
class Newsroom:
    wire: Article
    copy: Article
    gazette: Article
    observer: Article
    museum: Article
    now: datetime


def build() -> Newsroom:
    now = timezone.now()
    press = source("Meridian Press", country="Northland", ownership="agency", lean="centre")
    courier = source("Kessel Courier", country="Northland", ownership="private", lean="right")
    gazette = source("Vellaria Gazette", country="Vellaria", ownership="public", lean="left")
    observer = source("Basin Observer", country="Vellaria", ownership="private", lean="centre")
    harbour = source("Harbour Ledger", country="Calder", ownership="cooperative")
    wire = publish(press, "treaty_wire.txt", at=now - timedelta(hours=3))
    copy = publish(courier, "treaty_wire_copy.txt", at=now - timedelta(hours=2, minutes=30))
    gaz = publish(gazette, "treaty_gazette.txt", at=now - timedelta(hours=2))
    obs = publish(observer, "treaty_observer.txt", at=now - timedelta(hours=1))
    museum = publish(harbour, "museum.txt", at=now - timedelta(hours=5))
    return Newsroom(wire, copy, gaz, obs, museum, now)


def run_queued_tasks() -> int:
    """Run every ready task through the real database worker's ``run_task``, one by one
    in this thread (its own loop would close the test's database connection)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim(worker.worker_id)
        worker.run_task(row)
        ran += 1
    return ran
