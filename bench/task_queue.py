"""Tasks per second through the queue with 1, 2 and 4 worker processes, per backend.

Every configuration runs the same work: N `finish_article_task` tasks (each loads
an article row that is not ready and returns "skipped"), enqueued while the
workers already wait, timed from the first enqueue until the queue is empty.
Backends: the database queue on SQLite (the baseline), the database queue on
PostgreSQL (when installed) and the Redis broker (RQ). Servers are private,
started here on loopback. Workers are `newsdesk worker --concurrency K --threads 1`.

    .venv/bin/python bench/task_queue.py [--tasks 300]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
BROKER = "newsdesk.worker.rq_backend.RedisQueueBackend"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return proc, f"redis://127.0.0.1:{port}/0"


def start_postgres(folder: Path) -> tuple[list[str], str] | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        return None
    bin_dir = Path(found[-1]).parent
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    run = lambda *a: subprocess.run([*prefix, *a], check=True, capture_output=True)  # noqa: E731
    run(str(bin_dir / "initdb"), "-D", f"{folder}/pg", "-A", "trust", "-U", "newsdesk")
    run(
        str(bin_dir / "pg_ctl"),
        "-D",
        f"{folder}/pg",
        "-l",
        f"{folder}/pg.log",
        "-w",
        "start",
        "-o",
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
    )
    run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "newsdesk", "newsdesk")
    stop = [*prefix, str(bin_dir / "pg_ctl"), "-D", f"{folder}/pg", "-m", "fast", "stop"]
    return stop, f"postgres://newsdesk@127.0.0.1:{port}/newsdesk"


def one(tasks: int) -> None:
    """In a child with the configuration's environment: enqueue, wait, print seconds."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    django.setup()
    from newsdesk.worker.broker import queue_depths
    from newsdesk.worker.tasks import finish_article_task

    started = time.perf_counter()
    for i in range(tasks):
        finish_article_task.enqueue(10_000_000 + i)
    while True:
        depths = queue_depths()
        if sum(d.waiting + d.running for d in depths) == 0:
            break
        time.sleep(0.02)
    print(json.dumps({"seconds": time.perf_counter() - started}))


def measure(env: dict[str, str], workers: int, tasks: int) -> float:
    subprocess.run([NEWSDESK, "manage", "migrate", "-v", "0"], env=env, check=True)
    proc = subprocess.Popen(
        [NEWSDESK, "worker", "--concurrency", str(workers), "--threads", "1", "--poll", "0.05"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(4 + workers)  # every worker process is up and polling
        out = subprocess.run(
            [sys.executable, __file__, "--one", "--tasks", str(tasks)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return tasks / json.loads(out.strip().splitlines()[-1])["seconds"]
    finally:
        proc.terminate()
        proc.wait(60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=300)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return one(args.tasks)
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-bench-queue-"))
    redis_proc, redis_url = start_redis(folder)
    postgres = start_postgres(folder)
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    configs = [("database queue, SQLite", {"DATABASE_URL": f"sqlite:///{folder}/q.sqlite3"})]
    if postgres:
        configs.append(("database queue, PostgreSQL", {"DATABASE_URL": postgres[1]}))
        configs.append(
            (
                "Redis broker (RQ), PostgreSQL",
                {
                    "DATABASE_URL": postgres[1],
                    "NEWSDESK_TASK_BACKEND": BROKER,
                    "NEWSDESK_REDIS_URL": redis_url,
                },
            )
        )
    configs.append(
        (
            "Redis broker (RQ), SQLite",
            {
                "DATABASE_URL": f"sqlite:///{folder}/r.sqlite3",
                "NEWSDESK_TASK_BACKEND": BROKER,
                "NEWSDESK_REDIS_URL": redis_url,
            },
        )
    )
    try:
        rows = []
        for label, extra in configs:
            env = {**base, "NEWSDESK_DATA_DIR": str(folder), **extra}
            rows.append((label, [measure(env, k, args.tasks) for k in (1, 2, 4)]))
        baseline = rows[0][1][0]
        print(f"{args.tasks} tasks per run; ratio against the database queue on SQLite, 1 worker")
        print(f"{'backend':32} {'1 worker':>16} {'2 workers':>16} {'4 workers':>16}")
        for label, figures in rows:
            cells = " ".join(f"{f:8.1f}/s {f / baseline:5.2f}x" for f in figures)
            print(f"{label:32} {cells}")
    finally:
        redis_proc.terminate()
        if postgres:
            subprocess.run(postgres[0], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
