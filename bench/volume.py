"""Page latency and throughput at a year of news, beside a bare Django view.

    .venv/bin/python bench/volume.py [--sizes 10000,100000] [--seconds 8] [--clients 20]
        [--client-processes 4] [--rate R] [--pages front,article] [--database URL]

For each size N a store is built once (cached under the temp directory, rebuilt with
``--rebuild``; a smaller store there is grown, and a build cut short continues:
``volume_grow``) through the pipeline's own storage code: articles from 100 sources
spread over a year, about three per event from different publishers, 5 % of an event's
later articles wire copies folded into its first, five hashtags each, and every article
placed in its story by the live clusterer through the database story store (stories,
members, postings, document frequencies), in batches as ``newsdesk stories replay
--store database`` does. Then a web process (the site's WSGI application under waitress,
8 threads, plus one bare Django view through the same middleware) serves while a writer
process adds articles the way the pipeline's last stage does (an ingest running), and
``--clients`` concurrent clients (in processes of their own, ``bench/volume_load.py``)
request each page for ``--seconds`` seconds, each asking again as soon as it is
answered, or on a schedule with ``--rate``. Prints p50 / p95 / p99 in milliseconds as
the clients saw them and as the site spent them (``srv``: inside the WSGI application,
apart from the wait for a server thread), and requests per second, with the ratio to the
bare view's (measured first and again last; the ratio is to the mean of the two). With
``--database`` the store is built and measured on that PostgreSQL database instead.

Just before a page is measured, one client asks for each of its addresses once (500
articles, never a wire copy: its page is a redirect; 300 stories, 200 hashtags, ...): a
site whose readers are reading, where a page was asked for before. Those first views are
timed too ("first p50/p99": the cost of a page no reader asked for since its data last
changed, rendered while the other pages are idle). During the measurement the ingest
still moves the counters of what it touches, so the pages it changes are rendered again
under load.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from volume_load import Load, Result, first_views, hammer, pct

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# The ingest running during the measurement: one finished article a second (86,400 a
# day, thirty times the modest site of 100 sources x 30 articles a day).
WRITE_EVERY = 1.0
ARTICLES = 500  # article (and API article) addresses measured
PAGES = ("bare", "front", "latest", "article", "story", "source", "hashtag", "api", "api-list")


def _django(data_dir: Path) -> None:
    os.environ["NEWSDESK_DATA_DIR"] = str(data_dir)
    # The store's database: the SQLite file in ``data_dir``, or the server ``--database``
    # names (passed down to the build, web and writer processes as BENCH_DATABASE_URL).
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def build(data_dir: Path, n: int, fresh: bool) -> None:
    """The store for ``n`` articles: built once (``built`` marks a finished build), grown
    from what the database holds, resumable after a kill (``volume_grow``)."""
    if (data_dir / "built").exists():
        return
    if fresh:  # --rebuild: the files (SQLite's database among them) go, the plan too
        for f in data_dir.iterdir():
            if f.is_file():
                f.unlink()
    _django(data_dir)
    if os.environ.get("BENCH_DATABASE_URL"):
        from django.db import connection

        if fresh:
            from django.core.management import call_command

            call_command("flush", verbosity=0, interactive=False)
        # The build sends ~10 statements per article: bound on the server, psycopg sends
        # each as one message instead of quoting every value into the text (a third of
        # the build's time client-side; the site itself keeps Django's default).
        connection.close()
        connection.settings_dict["OPTIONS"]["server_side_binding"] = True
    from volume_grow import grow

    held = grow(data_dir, n)
    (data_dir / "built").write_text(f"{held}\n")


def serve(data_dir: Path) -> None:
    """The web process: the site plus one bare view, through the same middleware."""
    _django(data_dir)
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path
    from waitress import create_server

    from newsdesk import urls
    from newsdesk.wsgi import application

    # waitress logs every request that waits for a thread; 20 clients on 8 threads do.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    urls.urlpatterns.insert(0, path("bench-bare", lambda request: HttpResponse("ok")))
    clear_url_caches()

    def timed(environ: dict, start_response: Callable) -> Iterable[bytes]:
        # The time inside the site (middleware, view, template), apart from the time a
        # request waits for one of waitress's threads and the clients' own work.
        began = time.perf_counter()

        def start(status: str, headers: list, exc_info: object = None) -> Callable:
            took = f"{time.perf_counter() - began:.6f}"
            return start_response(status, [*headers, ("X-Bench-Took", took)], exc_info)

        return application(environ, start)

    server = create_server(timed, host="127.0.0.1", port=0, threads=8, ident="bench")
    print(server.effective_port, flush=True)
    server.run()


def write(data_dir: Path) -> None:
    """An ingest running: an article stored ready, then the worker's own last stages
    (folding, hashtags, story, related lists, the page version), one at a time."""
    _django(data_dir)
    from volume_store import BulkBuilder

    from newsdesk.storage.models import Article
    from newsdesk.worker.articles import finish_article

    builder = BulkBuilder(seed=int(time.time()))
    n = Article.objects.count() + 10_000_000
    while True:
        began = time.monotonic()
        event = builder.event(datetime.now(UTC) - timedelta(hours=1))
        row = builder.article(event, n)
        row.story_id = None
        row.save()
        finish_article(row.pk)
        n += 1
        time.sleep(max(0.0, WRITE_EVERY - (time.monotonic() - began)))


def targets(data_dir: Path) -> dict[str, list[str]]:
    """The addresses each page is measured on, read by a Django process (either database)."""
    out = subprocess.run(
        [sys.executable, __file__, "--targets", str(data_dir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def _targets(data_dir: Path) -> dict[str, list[str]]:
    _django(data_dir)
    from django.db import connection
    from volume_store import article_targets

    def q(sql: str) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [r[0] for r in cursor.fetchall()]

    articles = article_targets(ARTICLES)  # never a wire copy: its page is a redirect
    stories = q(
        "SELECT id FROM storage_story WHERE publisher_count >= 2 ORDER BY random() LIMIT 300"
    )
    sources = q("SELECT id FROM storage_source ORDER BY random() LIMIT 50")
    tags = q(
        "SELECT h.display FROM storage_hashtag h JOIN storage_articletag t ON t.hashtag_id = h.id "
        "GROUP BY h.id, h.display ORDER BY COUNT(*) DESC LIMIT 200"
    )
    return {
        "bare": ["/bench-bare"],
        "front": ["/"],
        "latest": ["/latest/", "/latest/?page=2", "/latest/?page=5"],
        "article": [f"/articles/{i}/" for i in articles],
        "story": [f"/stories/{i}/" for i in stories],
        "source": [f"/sources/{i}/" for i in sources],
        "hashtag": [f"/hashtags/{t}/" for t in tags],
        "api": [f"/api/articles/{i}" for i in articles],
        "api-list": ["/api/articles", "/api/articles?limit=50"],
    }


def measure(data_dir: Path, load: Load, writer: bool, pages: list[str]) -> list[Result]:
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(data_dir)}
    me = [sys.executable, __file__]
    server = subprocess.Popen(
        [*me, "--serve", str(data_dir)], env=env, stdout=subprocess.PIPE, text=True
    )
    feeder = subprocess.Popen([*me, "--write", str(data_dir)], env=env) if writer else None
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        urls = targets(data_dir)
        pages = ["bare", *[p for p in pages if p != "bare"]]
        for page in pages:  # each path once (imports, first queries)
            hammer(port, urls[page][:1], 1, 0.2, page)
        results = []
        for page in pages:
            first = first_views(port, urls[page])
            result = hammer(
                port, urls[page], load.clients, load.seconds, page, load.processes, load.rate
            )
            result.first = first
            results.append(result)
        # The bare view once more at the end: on a shared machine the load moves during
        # a run, and the ratios are taken against the mean of the two.
        results.append(
            hammer(
                port,
                urls["bare"],
                load.clients,
                load.seconds,
                "bare-end",
                load.processes,
                load.rate,
            )
        )
        return results
    finally:
        for proc in (feeder, server):
            if proc is not None:
                proc.terminate()
                proc.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="requests a second from all clients together, each on a schedule "
        "(default 0: every client asks again as soon as it has its answer)",
    )
    parser.add_argument(
        "--client-processes",
        type=int,
        default=4,
        help="processes the clients are spread over (1: every client a thread of one)",
    )
    parser.add_argument(
        "--no-writer", action="store_true", help="measure without an ingest running"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the store again from nothing")
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="build (or grow, or resume building) the store, then stop without measuring",
    )
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="which pages to measure (the bare view always)"
    )
    parser.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "newsdesk-volume"))
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--write", help=argparse.SUPPRESS)
    parser.add_argument("--build", help=argparse.SUPPRESS)
    parser.add_argument("--targets", help=argparse.SUPPRESS)
    parser.add_argument(
        "--database",
        help="a PostgreSQL URL to build and measure on instead of SQLite (one size a run; "
        "the database must be empty or hold this size's finished build)",
    )
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve))
        return 0
    if args.write:
        write(Path(args.write))
        return 0
    if args.targets:
        print(json.dumps(_targets(Path(args.targets))))
        return 0
    if args.build:
        n_text, _, where = args.build.partition(":")
        build(Path(where), int(n_text), args.rebuild)
        return 0

    # SIGTERM (kill, a container stop) ends the run through the ``finally`` clauses,
    # which stop the build, server and writer processes it started.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.database:
        if len(sizes) != 1:
            parser.error("--database takes one size")
        os.environ["BENCH_DATABASE_URL"] = args.database
    for n in sizes:
        data_dir = Path(args.dir) / (f"pg-{n}" if args.database else str(n))
        if args.rebuild and (data_dir / "built").exists():
            (data_dir / "built").unlink()  # the build starts again (files and rows)
        data_dir.mkdir(parents=True, exist_ok=True)
        began = time.monotonic()
        # Its own process: the measuring process stays free of Django and the build's memory.
        child = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--build",
                f"{n}:{data_dir}",
                *(["--rebuild"] if args.rebuild else []),
            ]
        )
        try:
            if child.wait():
                return child.returncode
        finally:  # a stopped bench stops its build (the batch in progress is rolled back)
            if child.poll() is None:
                child.terminate()
                child.wait()
        if args.build_only:
            continue
        # The mark holds the articles built (fewer when a long build was cut short and
        # marked by hand: the rows of every finished batch are a consistent store).
        built = int((data_dir / "built").read_text())
        print(
            f"\n{built:,} articles (store ready in {time.monotonic() - began:.0f} s), "
            f"{args.clients} clients"
            + (f" asking {args.rate:g} times a second in all" if args.rate else "")
            + f", {'an ingest writing' if not args.no_writer else 'no writer'}"
        )
        load = Load(args.clients, args.seconds, args.client_processes, args.rate)
        results = measure(data_dir, load, not args.no_writer, args.pages.split(","))
        bare = (results[0].rps + results[-1].rps) / 2 or 1.0
        print(
            f"{'page':<10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'srv p50':>8} "
            f"{'srv p99':>8} {'req/s':>8} {'vs bare':>8} {'errors':>7} {'first p50':>10} "
            f"{'first p99':>10}"
        )
        for r in results:
            print(
                f"{r.page:<10} {r.pct(0.50):>8.1f} {r.pct(0.95):>8.1f} {r.pct(0.99):>8.1f} "
                f"{pct(r.server, 0.5):>8.1f} {pct(r.server, 0.99):>8.1f} "
                f"{r.rps:>8.1f} {r.rps / bare:>7.2f}x {sum(r.errors.values()):>7} "
                f"{pct(r.first, 0.5):>10.1f} {pct(r.first, 0.99):>10.1f}"
            )
        for r in results:
            if r.errors:
                print(f"  {r.page} errors: {r.errors}")
        print(json.dumps({r.page: [round(r.pct(0.99), 1), round(r.rps, 1)] for r in results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
