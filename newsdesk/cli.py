"""The `newsdesk` command. Operators and scripts rely on these exact names."""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

from newsdesk import source_commands
from newsdesk.bootstrap import setup_django

# --- serve / worker ---------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    from waitress import create_server

    from newsdesk import config
    from newsdesk.worker.broker import uses_broker
    from newsdesk.worker.leader import LeadScheduler
    from newsdesk.worker.processes import spawn, stop_children
    from newsdesk.worker.runner import WorkerPool
    from newsdesk.wsgi import application

    threads = int(config.get_number("NEWSDESK_WORKER_THREADS"))
    pool = None
    children = []
    scheduler = None
    if not args.no_worker:
        if uses_broker():  # RQ works in processes, not threads
            children = spawn(threads, [])
        else:
            pool = WorkerPool(threads).start()
        scheduler = LeadScheduler(config.get_number("NEWSDESK_SCHEDULER_INTERVAL"))
        scheduler.start()
    server = create_server(application, host=args.host, port=args.port, threads=8, ident="newsdesk")
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"newsdesk is running at http://{host}:{server.effective_port}/  "
        f"(admin: /admin/, API: /api/docs; Ctrl+C to stop)",
        flush=True,
    )

    def stop_server(signum, frame):
        threading.Thread(target=server.close, daemon=True).start()

    signal.signal(signal.SIGTERM, stop_server)
    try:
        server.run()
    except (KeyboardInterrupt, OSError):
        pass
    finally:
        if scheduler:
            scheduler.stop()
        if pool:
            pool.stop(timeout=10)
        stop_children(children, timeout=10)
    return 0


def _stop_on_signals() -> threading.Event:
    """SIGTERM (systemd, a container stop) and SIGINT (Ctrl+C) ask for a clean stop:
    current tasks finish or go back on the queue and child processes end. A second
    signal stops at once; the next start takes back whatever was left running."""
    stop = threading.Event()

    def handle(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        print(f"\nnewsdesk: {signal.strsignal(signum)}; stopping…", file=sys.stderr, flush=True)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    return stop


def cmd_worker(args: argparse.Namespace) -> int:
    setup_django()
    from newsdesk import config
    from newsdesk.worker.broker import uses_broker
    from newsdesk.worker.leader import LeadScheduler
    from newsdesk.worker.processes import (
        end_with_parent,
        run_broker_worker,
        spawn,
        stop_children,
        supervise,
    )
    from newsdesk.worker.runner import WorkerPool
    from newsdesk.worker.tasks import recover_work

    if args.concurrency > 1:
        # N processes of one worker each; the scheduler (if asked) runs in the first.
        child_args = ["--poll", str(args.poll)]
        if args.threads:
            child_args += ["--threads", str(args.threads)]
        children = spawn(1, [*child_args, *(["--scheduler"] if args.scheduler else [])])
        children += spawn(args.concurrency - 1, child_args)
        print(f"newsdesk worker: {args.concurrency} processes; Ctrl+C to stop", flush=True)
        done = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: done.set())
        try:
            while not done.wait(1):
                if all(c.poll() is not None for c in children):
                    break
        except KeyboardInterrupt:
            pass
        finally:
            stop_children(children)
        return 0

    scheduler = None
    if args.scheduler:
        scheduler = LeadScheduler(config.get_number("NEWSDESK_SCHEDULER_INTERVAL"))
        scheduler.start()
    if uses_broker() and scheduler:
        # RQ forks a process per task, and SQLite's locks do not survive fork() while
        # another thread holds a connection (a horse's writes were lost): the scheduler
        # stays here and the forking worker runs in a child process of its own.
        print("newsdesk worker: Redis broker + scheduler; Ctrl+C to stop", flush=True)
        done = _stop_on_signals()
        end_with_parent(args.parent)
        try:
            supervise(["--poll", str(args.poll)], done)
        except KeyboardInterrupt:
            pass
        finally:
            scheduler.stop()
        return 0
    if uses_broker():
        print("newsdesk worker: Redis broker; Ctrl+C to stop", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            run_broker_worker(parent=args.parent)
        return 0

    threads = args.threads or int(config.get_number("NEWSDESK_WORKER_THREADS"))
    done = _stop_on_signals()
    recover_work()
    pool = WorkerPool(threads, interval=args.poll).start()
    print(
        f"newsdesk worker: {threads} thread(s){' + scheduler' if scheduler else ''}; Ctrl+C to stop",
        flush=True,
    )
    try:
        # A worker started by `ingest` ends with it, even when `ingest` was killed.
        while not done.wait(1.0):
            if args.parent and os.getppid() != args.parent:
                break
    except KeyboardInterrupt:
        pass
    finally:
        if scheduler:
            scheduler.stop()
        pool.stop()
    return 0


# --- ingest / extract ------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    setup_django()
    from newsdesk.storage.models import Article, ArticleStatus, Source
    from newsdesk.worker.broker import uses_broker
    from newsdesk.worker.processes import broker_drain
    from newsdesk.worker.progress import ProgressLine
    from newsdesk.worker.runner import drain as db_drain

    drain = broker_drain if uses_broker() else db_drain
    line = ProgressLine(sys.stderr)
    stop = _stop_on_signals()
    counts = drain(threads=args.threads, processes=args.processes, progress=line.update, stop=stop)
    line.close(counts)
    if stop.is_set():
        print("Ingest stopped early; the next pass continues where this one stopped.")
        return 130
    failing = Source.objects.exclude(last_error="").order_by("id")
    ready = Article.objects.ready().count()
    failed = Article.objects.filter(status=ArticleStatus.FAILED).count()
    print(
        f"Ingest pass done: {counts.sources_done} source(s) refreshed, "
        f"{counts.articles_done} article(s) processed; {ready} ready, {failed} failed in total."
    )
    for s in failing:
        state = "disabled" if not s.enabled else f"{s.error_count} failure(s)"
        print(f"  source {s.pk} {s.url}: {s.last_error} [{s.last_error_kind}, {state}]")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    target = args.target
    path = Path(target)
    if path.exists():
        body = path.read_bytes()
        if path.suffix == ".gz":
            body = gzip.decompress(body)
        url, content_type = None, None
    else:
        setup_django(migrate=False)
        from newsdesk.ingest.fetcher import FetchError, FetchRequest
        from newsdesk.ingest.urls import UrlRejected
        from newsdesk.worker.network import network, validate_source_url

        try:
            result = network().fetcher.fetch(FetchRequest(validate_source_url(target)))
        except UrlRejected as exc:
            print(f"newsdesk: refused {target!r}: {exc.reason}", file=sys.stderr)
            return 2
        except FetchError as exc:
            print(f"newsdesk: could not fetch {target}: {exc.message}", file=sys.stderr)
            return 1
        body, url, content_type = result.body, result.url, result.content_type
    from newsdesk.extract import extract

    extraction = extract(body, url=url, content_type=content_type)
    print(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2))
    return 0


def cmd_stories_replay(args: argparse.Namespace) -> int:
    """Replay a JSON-lines file through the live clusterer in a throwaway store."""
    import tempfile

    path = Path(args.file)
    if not path.is_file():
        print(f"newsdesk: no such file: {path}", file=sys.stderr)
        return 2
    errors = 0

    def report(error) -> None:
        nonlocal errors
        errors += 1
        print(f"{path}:{error.line_no}: skipped: {error.reason}", file=sys.stderr)

    def run(store) -> None:
        from newsdesk.stories.model import ClusterParams
        from newsdesk.stories.replay import replay

        # ClusterParams() defaults are the live pipeline's parameters (worker.clustering).
        with path.open("rb") as handle:
            for row in replay(
                handle,
                window_days=args.window_days,
                store=store,
                params=ClusterParams(),
                on_error=report,
                repair=not args.no_repair,
            ):
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")

    if args.store == "memory":
        from newsdesk.stories.memory import MemoryStoryStore

        run(MemoryStoryStore())
    else:
        with tempfile.TemporaryDirectory(prefix="newsdesk-replay-") as scratch:
            # Its own SQLite file, never the site's database.
            os.environ["NEWSDESK_DATA_DIR"] = scratch
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch) / 'replay.sqlite3'}"
            setup_django()
            from django.db import transaction

            from newsdesk.storage.story_store import DatabaseStoryStore

            with transaction.atomic(), DatabaseStoryStore() as store:
                run(store)
    if errors:
        print(f"{errors} malformed line(s) skipped", file=sys.stderr)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    setup_django()
    from newsdesk.storage.backup import BackupError, backup_sqlite

    try:
        done = backup_sqlite(Path(args.path))
    except BackupError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    print(
        f"Backed up {done.source} to {done.target} ({done.bytes:,} bytes, "
        f"{done.articles:,} articles; integrity ok).\n"
        f"To restore: stop every newsdesk process, then\n"
        f"  cp {done.target} {done.source} && rm -f {done.source}-wal {done.source}-shm\n"
        f"and start newsdesk again."
    )
    return 0


def cmd_related_backfill(args: argparse.Namespace) -> int:
    setup_django()
    from newsdesk.worker.related import backfill

    began, done = time.monotonic(), None
    for done in backfill(batch=args.batch, limit=args.limit):
        rate = done.done / max(time.monotonic() - began, 1e-6)
        left = (done.total - done.done) / rate / 60 if rate else 0
        print(
            f"related: {done.done:,} of {done.total:,} articles ranked "
            f"({done.listed:,} with a list), {rate:,.1f}/s, {left:.1f} min left",
            flush=True,
        )
    if done is None:
        print("related: every listed article has its stored list")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    setup_django(migrate=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["newsdesk manage", *args.rest])
    return 0


# --- parser ------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk", description="Self-hosted news aggregation.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("serve", help="run the web site, the scheduler and a worker in one process")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--no-worker",
        action="store_true",
        help="serve the web site alone (run `newsdesk worker` processes for the queue)",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="run background workers alone (add processes to scale out)")
    p.add_argument(
        "--threads", type=int, default=0, help="worker threads (default NEWSDESK_WORKER_THREADS)"
    )
    p.add_argument("--scheduler", action="store_true", help="also enqueue due sources")
    p.add_argument(
        "--concurrency",
        type=int,
        default=1,
        help="worker processes to run (each with --threads threads on the database queue)",
    )
    p.add_argument("--poll", type=float, default=1.0, help="seconds between queue polls when idle")
    p.add_argument("--parent", type=int, default=0, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_worker)

    source = sub.add_parser("source", help="manage sources").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = source.add_parser("add", help="subscribe to a feed, sitemap, or page")
    p.add_argument("url")
    p.add_argument("--name", default="")
    p.set_defaults(func=source_commands.cmd_source_add)
    p = source.add_parser("list", help="list sources with their health")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=source_commands.cmd_source_list)
    p = source.add_parser("remove", help="remove a source and its articles")
    p.add_argument("id", type=int)
    p.set_defaults(func=source_commands.cmd_source_remove)
    p = source.add_parser(
        "import-opml", help="subscribe to every feed of an OPML file (each URL checked)"
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=source_commands.cmd_source_import_opml)
    p = source.add_parser("export-opml", help="write the source list as OPML, with categories")
    p.add_argument("--output", "-o", default="", help="file to write (default: standard output)")
    p.set_defaults(func=source_commands.cmd_source_export_opml)

    p = sub.add_parser(
        "ingest", help="one pass over every due source; returns when the queue is drained"
    )
    p.add_argument("--threads", type=int, default=2, help="worker threads per process")
    p.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes, this one included (default: one per core)",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="print the extraction of one page (file or URL) as JSON")
    p.add_argument("target", metavar="PATH_OR_URL")
    p.set_defaults(func=cmd_extract)

    stories = sub.add_parser("stories", help="story clustering tools").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = stories.add_parser(
        "replay",
        help="replay a JSON-lines file through the clusterer; print each article's story and related list",
    )
    p.add_argument("file", metavar="FILE.jsonl")
    p.add_argument(
        "--window-days",
        type=float,
        default=None,
        help="longest gap after which a story takes no new article (default: the live setting)",
    )
    p.add_argument(
        "--store",
        choices=["memory", "database"],
        default="memory",
        help="throwaway store: in memory (fast) or a scratch SQLite database "
        "(the live pipeline's store; same results, slower)",
    )
    p.add_argument(
        "--no-repair",
        action="store_true",
        help="streaming only: skip the repair pass the live worker runs "
        "(by default it runs on the worker's schedule and at the end of the stream)",
    )
    p.set_defaults(func=cmd_stories_replay)

    p = sub.add_parser("backup", help="consistent copy of the SQLite database while the site runs")
    p.add_argument("path", metavar="PATH", help="a new file for the copy")
    p.set_defaults(func=cmd_backup)

    related = sub.add_parser("related", help="stored related-coverage lists").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = related.add_parser(
        "backfill", help="rank and store the related list of every article that lacks one"
    )
    p.add_argument("--batch", type=int, default=500, help="articles per batch (default 500)")
    p.add_argument("--limit", type=int, default=None, help="stop after this many articles")
    p.set_defaults(func=cmd_related_backfill)

    p = sub.add_parser("manage", help="run a Django management command (e.g. createsuperuser)")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def _check_settings() -> None:
    """Settings a command will need later, checked now: a typo is a message, not a traceback."""
    from newsdesk.worker.network import address_policy

    address_policy()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from newsdesk.config import SettingError  # no Django: settings are checked first

    try:
        if args.func in (cmd_serve, cmd_worker, cmd_ingest, source_commands.cmd_source_add):
            setup_django()
            _check_settings()
        return int(args.func(args) or 0)
    except SettingError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
