"""Article-extraction benchmark: newsdesk's extractor against plain trafilatura.

Data: ../shared/bench/extraction (181 pages, gold article bodies; see its README).
Metric: bench/aeb_metric.py, checked first against the published reference outputs.

    .venv/bin/python bench/extraction.py            # quality (2 processes) + quiet speed pass
    .venv/bin/python bench/extraction.py --readability   # also readability-lxml 0.9 alone
    .venv/bin/python bench/extraction.py --no-speed      # quality only

Speed is a ratio measured in the same run: a serial pass that alternates systems page
by page, so that load from other processes skews every system alike.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))

import aeb_metric

Extractor = Callable[[aeb_metric.Page], str | None]


def newsdesk(page: aeb_metric.Page) -> str | None:
    from newsdesk.extract import extract

    return extract(page.html, url=page.url).body_text


def trafilatura_defaults(page: aeb_metric.Page) -> str | None:
    import trafilatura

    return trafilatura.extract(page.html)


def readability_lxml(page: aeb_metric.Page) -> str | None:
    import lxml.html
    from readability import Document

    summary = Document(page.html.decode("utf-8", errors="replace")).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


SYSTEMS: dict[str, Extractor] = {
    "newsdesk": newsdesk,
    "trafilatura.extract (defaults)": trafilatura_defaults,
}


def _run(args: tuple[str, aeb_metric.Page]) -> tuple[str, str, str | None]:
    name, page = args
    return name, page.id, SYSTEMS[name](page)


def quality(
    pages: list[aeb_metric.Page], names: list[str], jobs: int
) -> dict[str, dict[str, str | None]]:
    outputs: dict[str, dict[str, str | None]] = {name: {} for name in names}
    work = [(name, page) for name in names for page in pages]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for name, key, text in tqdm(
            pool.map(_run, work, chunksize=4), total=len(work), desc="extract"
        ):
            outputs[name][key] = text
    return outputs


def speed(pages: list[aeb_metric.Page], names: list[str]) -> dict[str, float]:
    spent = dict.fromkeys(names, 0.0)
    for name in names:  # warm-up: imports and lazy initialisation are not per-page costs
        SYSTEMS[name](pages[0])
    for page in tqdm(pages, desc="speed"):
        for name in names:
            start = time.perf_counter()
            SYSTEMS[name](page)
            spent[name] += time.perf_counter() - start
    return {name: len(pages) / seconds for name, seconds in spent.items()}


def main() -> None:
    # trafilatura logs every page it discards at WARNING: noise in a benchmark table.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--readability", action="store_true", help="also score readability-lxml alone"
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the serial speed pass")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.readability:
        SYSTEMS["readability-lxml 0.9"] = readability_lxml
    root = aeb_metric.bench_root()
    if not root.is_dir():
        sys.exit(f"benchmark data not found at {root}")
    gold = aeb_metric.load_gold(root)

    print(
        "Scorer check on published outputs (upstream: trafilatura 2.0.0 0.958, AutoExtract 0.970):"
    )
    for system in ("trafilatura", "AutoExtract"):
        ref = aeb_metric.score_outputs(
            gold, aeb_metric.load_reference(root / "reference-outputs" / f"{system}.json")
        )
        print(f"  {system:<12} F1={ref.f1:.3f} P={ref.precision:.3f} R={ref.recall:.3f}")

    pages = list(aeb_metric.pages(root))
    names = list(SYSTEMS)
    outputs = quality(pages, names, args.jobs)
    rates = {} if args.no_speed else speed(pages, names)

    print()
    print(f"{'system':<32} {'F1':>6} {'P':>6} {'R':>6} {'acc':>6} {'pages/s':>8} {'speed':>6}")
    base = rates.get("trafilatura.extract (defaults)")
    for name in names:
        result = aeb_metric.score_outputs(gold, outputs[name])
        rate = rates.get(name)
        shown = f"{rate:8.1f} {rate / base:5.2f}x" if rate and base else f"{'-':>8} {'-':>6}"
        print(
            f"{name:<32} {result.f1:6.3f} {result.precision:6.3f} {result.recall:6.3f} {result.accuracy:6.3f} {shown}"
        )


if __name__ == "__main__":
    main()
