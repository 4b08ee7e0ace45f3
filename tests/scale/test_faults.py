"""Faults on the scaled-out set-up: a worker killed mid-task, Redis stopped and
started, PostgreSQL restarted during an ingest. Each time newsdesk says what went
wrong, carries on by itself and loses nothing.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import tempfile
import time
from typing import IO

import psycopg
import pytest
import redis

from tests.scale.counting_publisher import CountingPublisher
from tests.support.httpserver import wait_for
from tests.support.postgres import PostgresServer
from tests.support.site import NEWSDESK, Site

pytestmark = pytest.mark.slow

BROKER = "newsdesk.worker.rq_backend.RedisQueueBackend"


def _worker(site: Site, *args: str) -> subprocess.Popen[str]:
    # A session of its own, so killing it takes its forked task runner too. Its log
    # goes to a file: an outage logs a traceback a second, and a pipe nobody reads
    # until the end fills up (64 KiB) and blocks every process writing to it.
    log = tempfile.NamedTemporaryFile("w+", prefix="newsdesk-worker-", suffix=".log")  # noqa: SIM115
    process = subprocess.Popen(
        [NEWSDESK, "worker", "--scheduler", "--poll", "0.2", *args],
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
        start_new_session=True,
    )
    _logs[process.pid] = log
    return process


_logs: dict[int, IO[str]] = {}


def _stop(process: subprocess.Popen[str]) -> str:
    """Stop the worker (and its children); its log."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    log = _logs.pop(process.pid, None)
    if log is None:
        return ""
    with log:
        log.seek(0)
        return log.read()


def _sqlite_counts(site: Site) -> tuple[int, int]:
    with sqlite3.connect(os.path.join(site.env["NEWSDESK_DATA_DIR"], "newsdesk.sqlite3")) as db:
        total = db.execute("SELECT count(*) FROM storage_article").fetchone()[0]
        ready = db.execute("SELECT count(*) FROM storage_article WHERE status='ready'").fetchone()[
            0
        ]
    return total, ready


def test_a_worker_killed_mid_task_is_replaced_and_its_task_runs_again(tmp_path, redis_server):
    with CountingPublisher(articles=3, page_seconds=6.0) as publisher:
        site = Site(tmp_path, NEWSDESK_TASK_BACKEND=BROKER, NEWSDESK_REDIS_URL=redis_server.url)
        site.run("source", "add", f"{publisher.base}/feed.xml")
        first = _worker(site)
        try:
            # Kill the worker while it is fetching an article page (held open for 6 s).
            assert wait_for(lambda: publisher.in_flight > 0 and publisher.pages > 0, timeout=90)
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(10)
            pages_at_kill = publisher.pages
        finally:
            _stop(first)
        second = _worker(site)
        try:
            # The new scheduler finds the killed worker's process gone: its task runs again.
            assert wait_for(lambda: _sqlite_counts(site)[1] == 3, timeout=240)
        finally:
            log = _stop(second)
    assert _sqlite_counts(site) == (3, 3)  # nothing lost, nothing stored twice
    assert publisher.pages > pages_at_kill

    assert "scheduler: leading" in log  # the new worker took the scheduler over


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == str(pid) and fields[0] != "Z":  # ppid; a zombie has ended
            found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_workers_task_runner_ends_with_it(tmp_path, redis_server):
    """RQ runs each task in a forked child; a worker killed with SIGKILL must take that
    child with it, or its task would run twice at once once the job is put back."""
    with CountingPublisher(articles=1, page_seconds=30.0) as publisher:
        site = Site(tmp_path, NEWSDESK_TASK_BACKEND=BROKER, NEWSDESK_REDIS_URL=redis_server.url)
        site.run("source", "add", f"{publisher.base}/feed.xml")
        worker = subprocess.Popen(
            [NEWSDESK, "worker", "--poll", "0.2"],  # the RQ worker in this very process
            env=site.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        horses: list[int] = []
        try:
            assert wait_for(lambda: publisher.in_flight > 0, timeout=120)  # a page is asked
            horses = _children(worker.pid)
            assert len(horses) == 1, horses
            worker.kill()  # the worker only, not its horse
            worker.wait(10)
            assert wait_for(lambda: not _running(horses[0]), timeout=5), "the horse ran on"
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait(10)
            for horse in horses:
                if _running(horse):
                    os.kill(horse, signal.SIGKILL)


def _restart_redis(server, down_for: float) -> None:
    server.process.terminate()
    server.process.wait(10)
    time.sleep(down_for)
    server.process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(server.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            server.dir,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _waiting_on_redis(server) -> bool:
    clients = redis.Redis(port=server.port).client_list()
    return any(c.get("cmd") in ("blpop", "blmove") for c in clients)


def test_redis_stopped_and_started_the_worker_reports_and_recovers(tmp_path, redis_server):
    with CountingPublisher(articles=4, page_seconds=0.0) as publisher:
        site = Site(tmp_path, NEWSDESK_TASK_BACKEND=BROKER, NEWSDESK_REDIS_URL=redis_server.url)
        worker = _worker(site)
        try:
            # The worker is up and waiting on Redis (a fixed sleep was too short on a
            # loaded machine: the outage came before the worker, which then had nothing
            # to report).
            assert wait_for(lambda: _waiting_on_redis(redis_server), timeout=120)
            # Down longer than the Redis client's own retries (three, with backoff up to
            # about 14 s in all), which would otherwise ride out the outage unseen.
            _restart_redis(redis_server, down_for=20)
            # Redis is back, empty (no persistence in the test): new work goes through.
            site.run("source", "add", f"{publisher.base}/feed.xml")
            recovered = wait_for(lambda: _sqlite_counts(site) == (4, 4), timeout=120)
        finally:
            log = _stop(worker)
    assert recovered, f"articles {_sqlite_counts(site)} after the Redis restart; worker log:\n{log}"
    assert worker.returncode is not None
    assert "redis" in log.lower() or "connection" in log.lower()  # the outage was reported


def _pg_restart(server: PostgresServer) -> None:
    server._run(
        "pg_ctl",
        "-D",
        str(server.dir / "data"),
        # The restarted server logs to its file: on our pipe it would keep the capture open.
        "-l",
        str(server.dir / "log"),
        "-m",
        "fast",
        "-w",
        "restart",
        "-o",
        f"-p {server.port} -k {server.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
    )


@pytest.mark.timeout(420)
def test_postgres_restarted_during_an_ingest_loses_nothing(tmp_path, redis_server):
    postgres = PostgresServer()
    try:
        with CountingPublisher(articles=8, page_seconds=1.0) as publisher:
            site = Site(
                tmp_path,
                DATABASE_URL=postgres.url,
                NEWSDESK_TASK_BACKEND=BROKER,
                NEWSDESK_REDIS_URL=redis_server.url,
                NEWSDESK_HOST_CONCURRENCY="2",
            )
            site.run("source", "add", f"{publisher.base}/feed.xml")
            worker = _worker(site, "--concurrency", "2")
            try:
                assert wait_for(lambda: publisher.pages >= 2, timeout=90)
                _pg_restart(postgres)  # mid-ingest: some tasks fail on a dead connection
                dsn = postgres.url.replace("postgres://", "postgresql://")

                def settled() -> bool:
                    with psycopg.connect(dsn) as db:
                        rows = dict(
                            db.execute(
                                "SELECT status, count(*) FROM storage_article GROUP BY status"
                            ).fetchall()
                        )
                    print("articles by status:", rows, flush=True)
                    return rows.get("ready", 0) == 8

                assert wait_for(settled, timeout=180)
            finally:
                _stop(worker)
            with psycopg.connect(dsn) as db:
                total = db.execute("SELECT count(*) FROM storage_article").fetchone()[0]
            assert total == 8  # nothing stored twice
    finally:
        postgres.stop()


def _pg_ctl(server: PostgresServer, *args: str) -> None:
    server._run(
        "pg_ctl",
        "-D",
        str(server.dir / "data"),
        "-l",
        str(server.dir / "log"),  # not our pipe, which it would keep open
        "-w",
        *args,
        "-o",
        f"-p {server.port} -k {server.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
    )


@pytest.mark.timeout(300)
def test_a_database_queue_task_cut_off_by_postgres_runs_again(tmp_path):
    """The database queue on PostgreSQL: the server stops while a worker fetches a page
    and stays down until that task has failed to write anything, even its outcome. The
    task must not stay "running" under its live worker: it runs again once PostgreSQL
    is back, and every article is stored once and becomes readable."""
    postgres = PostgresServer()
    dsn = postgres.url.replace("postgres://", "postgresql://")

    def statuses(table: str) -> dict[str, int]:
        with psycopg.connect(dsn) as db:
            query = f"SELECT status, count(*) FROM {table} GROUP BY status"
            return dict(db.execute(query).fetchall())

    try:
        with CountingPublisher(articles=2, page_seconds=4.0) as publisher:
            site = Site(
                tmp_path,
                DATABASE_URL=postgres.url,
                NEWSDESK_TASK_BACKEND="django_tasks_db.DatabaseBackend",
                NEWSDESK_REDIS_URL="",
                NEWSDESK_CACHE_URL="",
            )
            site.run("source", "add", f"{publisher.base}/feed.xml")
            worker = _worker(site, "--threads", "1")
            try:
                assert wait_for(lambda: publisher.in_flight > 0, timeout=120)
                served = publisher.pages
                _pg_ctl(postgres, "-m", "fast", "stop")
                # The page is answered; the task finds its connection gone and cannot
                # even record that (the queue library tries three times in 0.3 s).
                assert wait_for(lambda: publisher.in_flight == 0, timeout=30)
                time.sleep(3)
                _pg_ctl(postgres, "start")
                assert wait_for(lambda: statuses("storage_article") == {"ready": 2}, timeout=120), (
                    statuses("storage_article"),
                    statuses("django_tasks_database_dbtaskresult"),
                )
            finally:
                log = _stop(worker)
            tasks = statuses("django_tasks_database_dbtaskresult")
            assert "RUNNING" not in tasks and "FAILED" not in tasks, (tasks, log)
            assert publisher.pages > served  # the cut-off page was fetched again
    finally:
        postgres.stop()
