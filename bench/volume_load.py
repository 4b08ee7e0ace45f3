"""The clients of ``bench/volume.py``: readers asking for pages, in processes of their own.

Each process runs some of the clients as threads with a keep-alive connection each;
``hammer`` starts the processes together and gathers what they saw. Run as a script,
this module is one such process (a job as JSON on stdin, what it saw as JSON on stdout).
"""

from __future__ import annotations

import http.client
import json
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass


def pct(latencies: list[float], q: float) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0


@dataclass
class Result:
    page: str
    latencies: list[float]  # seen by the clients: queueing in the server included
    server: list[float]  # inside the site's WSGI application (X-Bench-Took)
    seconds: float
    errors: dict[str, int]  # what went wrong ("HTTP 500", "TimeoutError"), how often
    first: list[float]  # each address's first view, one client

    def pct(self, q: float) -> float:
        return pct(self.latencies, q)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds


def clients_of(job: dict) -> dict:
    """One client process: ``threads`` keep-alive connections asking from ``start_at``
    until ``stop_at`` (wall clock, shared by every process of the run)."""
    latencies: list[float] = []
    server: list[float] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    port, urls = job["port"], job["urls"]

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        inside: list[float] = []
        bad: Counter[str] = Counter()
        every = job["every"]
        due = time.perf_counter() + rng.uniform(0, every)
        while time.time() < job["stop_at"]:
            url = rng.choice(urls)
            if every:
                # A reader who asks on a schedule: the time counts from when the request
                # was due, so a stalled server is charged for the requests it held up
                # (not only the one it was stuck on).
                time.sleep(max(0.0, due - time.perf_counter()))
                began, due = due, due + every
            else:
                began = time.perf_counter()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad[f"HTTP {response.status}"] += 1
            except (OSError, http.client.HTTPException) as exc:
                bad[type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - began)
            inside.append(float(response.getheader("X-Bench-Took", "0")))
        with lock:
            latencies.extend(mine)
            server.extend(inside)
            errors.update(bad)

    time.sleep(max(0.0, job["start_at"] - time.time()))
    threads = [
        threading.Thread(target=client, args=(job["seed"] * 1000 + i,))
        for i in range(job["threads"])
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "server": server, "errors": errors}


def hammer(
    port: int,
    urls: list[str],
    clients: int,
    seconds: float,
    page: str,
    processes: int = 1,
    rate: float = 0,
) -> Result:
    """``clients`` concurrent clients spread over ``processes`` processes of their own:
    in one Python process the clients' own work queues on its interpreter lock, and
    that wait would be counted as the site's."""
    processes = max(1, min(processes, clients))
    start_at = time.time() + 0.5  # every process started by then
    procs = []
    for k in range(processes):
        job = {
            "port": port,
            "urls": urls,
            "threads": clients // processes + (1 if k < clients % processes else 0),
            "seed": k,
            "every": clients / rate if rate else 0.0,
            "start_at": start_at,
            "stop_at": start_at + seconds,
        }
        proc = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdin is not None
        proc.stdin.write(json.dumps(job))
        proc.stdin.close()
        procs.append(proc)
    result = Result(page, [], [], seconds, {}, [])
    for proc in procs:
        assert proc.stdout is not None
        out = json.loads(proc.stdout.read())
        proc.wait()
        result.latencies += out["latencies"]
        result.server += out["server"]
        for kind, n in out["errors"].items():
            result.errors[kind] = result.errors.get(kind, 0) + n
    return result


def first_views(port: int, urls: list[str]) -> list[float]:
    """Each address once, one client: the pages' first rendering."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    took = []
    for url in urls:
        began = time.perf_counter()
        conn.request("GET", url)
        conn.getresponse().read()
        took.append(time.perf_counter() - began)
    conn.close()
    return took


@dataclass(frozen=True)
class Load:
    clients: int
    seconds: float
    processes: int
    rate: float  # requests a second from all clients together; 0: each as fast as it can


if __name__ == "__main__":
    print(json.dumps(clients_of(json.loads(sys.stdin.read()))))
