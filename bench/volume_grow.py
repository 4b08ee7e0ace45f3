"""Building or growing ``bench/volume.py``'s store, resumable batch by batch.

A store of N articles is reached from whatever the database already holds: the
articles there are counted (the bench writer's own are not: their keys are numbered
from 10,000,000) and the build continues from that count to N under a plan kept in
``grow.json`` beside the store (the range, the random seed and the year's end), so a
run that is killed and started again continues the same plan. Each batch is one
transaction that ends on an event's last article, so a kill loses at most the batch
in progress and a new run starts exactly where the committed rows end.

The articles added are new events spread over the same year as the plan's first
run (a grown store holds more news a day, not a longer year); stories already there
do not gain members.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

BATCH = 1000
WRITER_FROM = 10_000_000  # the bench writer's article numbers start here
# Articles per event: about three, from different publishers.
SIZES = (1, 1, 2, 2, 3, 3, 4, 5, 6, 7)


@dataclass(frozen=True)
class Plan:
    """Articles ``start`` .. ``end`` - 1 (numbered as their keys ``vol-<i>``)."""

    start: int
    end: int
    seed: int
    until: str  # ISO time: the end of the year the events fall in

    @classmethod
    def read(cls, path: Path) -> Plan | None:
        return cls(**json.loads(path.read_text())) if path.exists() else None

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)) + "\n")


@dataclass(frozen=True)
class Arrivals:
    """The plan laid out: each article's event, in arrival (time) order."""

    events: list[int]  # position -> event number
    times: list[datetime]  # event number -> when it happened


def arrivals(plan: Plan) -> Arrivals:
    rng = random.Random(plan.seed)
    total = plan.end - plan.start
    until = datetime.fromisoformat(plan.until)
    begin = until - timedelta(days=365)
    times: list[datetime] = []
    order: list[int] = []
    while len(order) < total:
        e = len(times)
        times.append(begin + timedelta(seconds=rng.uniform(0, 365 * 86400)))
        order.extend([e] * rng.choice(SIZES))
    order = order[:total]
    # Arrival order is time order, as an ingest sees it; an event's articles are
    # adjacent, so a batch can end on an event's last one.
    order.sort(key=lambda e: times[e])
    return Arrivals(order, times)


def built_count() -> int:
    """Articles of the store's build in the database (the bench writer's excluded)."""
    from newsdesk.storage.models import Article

    writer = Article.objects.filter(url__regex=rf"/vol-\d{{{len(str(WRITER_FROM))},}}$")
    return Article.objects.count() - writer.count()


def plan_for(path: Path, have: int, n: int) -> Plan:
    """The plan that takes ``have`` articles to ``n``: the one in ``path`` when it does."""
    plan = Plan.read(path)
    if plan is not None and plan.end == n:
        if not plan.start <= have <= plan.end:
            raise SystemExit(
                f"{path} plans articles {plan.start:,}-{plan.end:,} but the database holds "
                f"{have:,}: remove it to plan again from what is there, or --rebuild"
            )
        return plan
    plan = Plan(have, n, seed=have + 7, until=datetime.now(UTC).isoformat())
    plan.write(path)
    return plan


def grow(data_dir: Path, n: int) -> int:
    """Add articles until the store holds ``n``; returns how many it holds."""
    from volume_store import BulkBuilder, Event

    have = built_count()
    if have >= n:
        return have
    plan = plan_for(data_dir / "grow.json", have, n)
    laid = arrivals(plan)
    at = have - plan.start
    if at and laid.events[at] == laid.events[at - 1]:
        raise SystemExit(
            f"the store's {have:,} articles end inside an event of {data_dir}/grow.json"
        )
    builder = BulkBuilder(seed=have + 11)
    began, first = time.monotonic(), have
    print(
        f"  building {n:,}: {have:,} there, {n - have:,} to add (plan {plan.start:,}-{plan.end:,})",
        file=sys.stderr,
        flush=True,
    )
    total = plan.end - plan.start
    while at < total:
        end = min(total, at + BATCH)
        while end < total and laid.events[end] == laid.events[end - 1]:
            end += 1
        made: dict[int, Event] = {}  # an event's articles are all in this batch
        pairs = []
        for pos in range(at, end):
            e = laid.events[pos]
            event = made.setdefault(e, builder.event(laid.times[e]))
            pairs.append((event, builder.article(event, plan.start + pos)))
        builder.add(pairs)
        at = end
        done = plan.start + at
        rate = (done - first) / (time.monotonic() - began)
        print(
            f"  {datetime.now(UTC):%H:%M:%S} {done:,} of {n:,} articles, {rate:,.1f}/s, "
            f"{(n - done) / rate / 60:,.0f} min left",
            file=sys.stderr,
            flush=True,
        )
    return built_count()
