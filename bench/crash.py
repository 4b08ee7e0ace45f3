"""Crash and stop an ingest of about 1,000 pages at several moments; count what survives.

A generated publisher on 127.0.0.1 (10 feeds x 100 article pages by default) is
ingested by `newsdesk ingest --processes 2` in a throwaway data dir. The pass is
killed with SIGKILL while pages are fetched, while a feed's items are stored and
while the later stages run, then stopped with SIGTERM at the same moments; after
each interruption the script checks that no process of the run is left, and a last
pass must return with every item stored exactly once and none pending. The baseline
is the same ingest run once without interruption, in the same run.

    .venv/bin/python bench/crash.py [--feeds 10] [--items 100]
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.crash_harness import CrashRun  # noqa: E402

MOMENTS = ("store", "fetch", "enrich")  # a feed is stored only in the first pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--items", type=int, default=100)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsdesk-crash-") as scratch:
        base = CrashRun(Path(scratch) / "baseline", args.feeds, args.items)
        code, seconds = base.finish()
        clean = base.counts()
        base.close()
        print(f"baseline: one uninterrupted pass, exit {code}, {seconds} s, {clean}")

        ok = True
        print(
            f"\n{'signal':<8} {'moment':<7} {'ready before':>12} {'exit':>5} {'stopped in':>10}  left behind"
        )
        runs = []
        for sig in (signal.SIGKILL, signal.SIGTERM):
            run = CrashRun(Path(scratch) / sig.name, args.feeds, args.items)
            for moment in MOMENTS:
                stop = run.interrupt(moment, sig)
                ok &= not stop.leftovers and (sig != signal.SIGTERM or stop.exit_code == 130)
                print(
                    f"{sig.name:<8} {moment:<7} {stop.ready_before:>12} {stop.exit_code!s:>5} "
                    f"{stop.stopped_in:>9}s  {stop.leftovers or 'none'}"
                )
            runs.append((sig, run))

        print(
            f"\n{'after':<8} {'exit':>4} {'secs':>6} {'articles':>8} {'distinct':>8} {'ready':>6} "
            f"{'failed':>6} {'pending':>7} {'enriched':>8} {'running':>7}   expected"
        )
        for sig, run in runs:
            started = time.monotonic()
            code, seconds = run.finish()
            c = run.counts()
            whole = (
                code == 0
                and c.articles == c.distinct_items == run.expected
                and c.pending == 0
                and c.running_tasks == 0
                and c.enriched == c.ready
            )
            ok &= whole
            print(
                f"{sig.name:<8} {code:>4} {seconds:>6} {c.articles:>8} {c.distinct_items:>8} "
                f"{c.ready:>6} {c.failed:>6} {c.pending:>7} {c.enriched:>8} {c.running_tasks:>7}   "
                f"{run.expected} ({'whole' if whole else 'LOST OR STUCK'}, {time.monotonic() - started:.0f} s)"
            )
            run.close()
        print(f"\nbaseline ready {clean.ready}/{base.expected}; result: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
