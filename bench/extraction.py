"""Extraction benchmark: newsdesk against trafilatura and readability-lxml on two sets.

Data (read-only, see bench/page_sets.py): AEB, 181 article pages (MIT), and web-pages,
the WCXB development split (1,497 pages of seven page types, CC-BY-4.0, credit WCXB /
Murrough Foley). Every system gets the same input, the page's raw bytes as served, and
is scored by the same 4-token-shingle metric (bench/aeb_metric.py, checked first on
the published AEB outputs). Each page is in a stable half ("tune"/"check", hash of its
id): changes are tuned on one half and judged on the other, so both are printed.

    .venv/bin/python bench/extraction.py                 # everything, then the speed pass
    .venv/bin/python bench/extraction.py --half check --no-speed   # quick quality check
    .venv/bin/python bench/extraction.py --speed-pages 300          # shorter speed pass

Peers' outputs are cached in bench/results/cache (keyed by peer version): only
newsdesk is re-run each time. Speed is a ratio measured in the same run: one serial
pass (one core) that alternates systems page by page over the same pages, so that
load from other processes skews every system alike.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from htmldate.extractors import get_external_parser
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))

import aeb_metric
import page_sets
from page_sets import GoldPage

CACHE = Path(__file__).resolve().parent / "results" / "cache"
WEB_TYPES = ("article", "service", "product", "collection", "forum", "listing", "documentation")


@dataclass(frozen=True, slots=True)
class Output:
    text: str | None
    title: str = ""
    author: str = ""
    date: str = ""
    page_type: str = ""


# --- systems: each takes the raw page bytes (and URL) and does what its row says ----------


def newsdesk(page: GoldPage) -> Output:
    from newsdesk.extract import extract

    found = extract(page.html, url=page.url)
    return Output(
        found.body_text,
        found.title,
        found.byline,
        found.published_at.isoformat() if found.published_at else "",
        getattr(found, "page_type", ""),
    )


def _trafilatura(page: GoldPage, **options: object) -> Output:
    import trafilatura

    return Output(trafilatura.extract(page.html, **options))  # type: ignore[arg-type]


def trafilatura_defaults(page: GoldPage) -> Output:
    return _trafilatura(page)


def trafilatura_no_comments(page: GoldPage) -> Output:
    return _trafilatura(page, include_comments=False)


def trafilatura_no_comments_metadata(page: GoldPage) -> Output:
    import trafilatura

    raw = trafilatura.extract(
        page.html, include_comments=False, with_metadata=True, output_format="json"
    )
    data = json.loads(raw) if raw else {}
    return Output(
        data.get("text"), data.get("title") or "", data.get("author") or "", data.get("date") or ""
    )


def trafilatura_precision(page: GoldPage) -> Output:
    return _trafilatura(page, include_comments=False, favor_precision=True)


def trafilatura_recall(page: GoldPage) -> Output:
    return _trafilatura(page, include_comments=False, favor_recall=True)


def readability_html_text(page: GoldPage) -> Output:
    import html_text
    from readability import Document

    # readability-lxml detects the charset of the bytes itself.
    summary = Document(page.html).summary(html_partial=True)
    return Output(html_text.extract_text(summary) if summary.strip() else "")


@dataclass(frozen=True, slots=True)
class System:
    name: str
    run: Callable[[GoldPage], Output]
    work: str
    cached: bool = True


SYSTEMS = [
    System("newsdesk", newsdesk, "body + title/author/date + page type", cached=False),
    System("trafilatura 2.3.1 defaults", trafilatura_defaults, "body (+ comments)"),
    System("trafilatura include_comments=False", trafilatura_no_comments, "body"),
    System(
        "trafilatura no comments + metadata",
        trafilatura_no_comments_metadata,
        "body + title/author/date",
    ),
    System("trafilatura no comments, favor_precision", trafilatura_precision, "body"),
    System("trafilatura no comments, favor_recall", trafilatura_recall, "body"),
    System("readability-lxml 0.9 + html-text", readability_html_text, "body"),
]
BY_NAME = {system.name: system for system in SYSTEMS}
SPEED_BASE = "trafilatura include_comments=False"


def _run(args: tuple[str, GoldPage]) -> tuple[str, str, Output]:
    name, page = args
    return name, page.id, BY_NAME[name].run(page)


def _versions() -> str:
    from importlib.metadata import version

    return "-".join(version(p) for p in ("trafilatura", "readability-lxml", "html-text"))


def _cache_path(system: System) -> Path:
    slug = "".join(c if c.isalnum() else "_" for c in system.name)
    return CACHE / f"{slug}-{_versions()}.json"


def _load_cache(system: System) -> dict[str, Output]:
    path = _cache_path(system)
    if not system.cached or not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {key: Output(**value) for key, value in raw.items()}


def _save_cache(system: System, outputs: dict[str, Output]) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    data = json.dumps({key: asdict(value) for key, value in outputs.items()})
    _cache_path(system).write_text(data, encoding="utf-8")


def outputs_of(
    pages: list[GoldPage], jobs: int, systems: list[System]
) -> dict[str, dict[str, Output]]:
    """Every system's output on every page; peers come from the cache when present (the
    cache is written as it fills, so an interrupted run loses little)."""
    results = {system.name: _load_cache(system) for system in SYSTEMS}
    work = [
        (system.name, page)
        for system in systems
        for page in pages
        if not system.cached or page.id not in results[system.name]
    ]
    done = 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for name, key, output in tqdm(
            pool.map(_run, work, chunksize=4), total=len(work), desc="extract"
        ):
            results[name][key] = output
            done += 1
            if BY_NAME[name].cached and done % 200 == 0:
                _save_cache(BY_NAME[name], results[name])
    for system in systems:
        if system.cached:
            _save_cache(system, results[system.name])
    return results


# --- scoring -------------------------------------------------------------------------------


def body_score(pages: Iterable[GoldPage], outputs: dict[str, Output]) -> aeb_metric.Score:
    return aeb_metric.score(
        aeb_metric.count_page(page.body, outputs[page.id].text) for page in pages
    )


def _share(hits: list[bool]) -> float:
    return statistics.mean(hits) if hits else 0.0


def _shown(results: dict[str, dict[str, Output]], pages: list[GoldPage]) -> list[System]:
    """The systems with an output for every page (``--only newsdesk`` without the
    peers' cache shows newsdesk alone)."""
    return [s for s in SYSTEMS if all(p.id in results[s.name] for p in pages)]


def print_body_table(title: str, pages: list[GoldPage], results: dict[str, dict[str, Output]]):
    print(f"\n{title} ({len(pages)} pages; F1 on each half, then P/R/F1 on all)")
    print(f"{'system':<42} {'tune':>6} {'check':>6} {'P':>6} {'R':>6} {'F1':>6}  work")
    for system in _shown(results, pages):
        out = results[system.name]
        halves = [body_score([p for p in pages if p.half == h], out).f1 for h in page_sets.HALVES]
        whole = body_score(pages, out)
        print(
            f"{system.name:<42} {halves[0]:6.3f} {halves[1]:6.3f} "
            f"{whole.precision:6.3f} {whole.recall:6.3f} {whole.f1:6.3f}  {system.work}"
        )


def print_type_table(pages: list[GoldPage], results: dict[str, dict[str, Output]]) -> None:
    present = [t for t in WEB_TYPES if any(p.page_type == t for p in pages)]
    print("\nweb-pages main-content F1 per page type (gold main content of every type)")
    print(f"{'system':<42} " + " ".join(f"{t[:9]:>9}" for t in present))
    for system in _shown(results, pages):
        out = results[system.name]
        cells = [body_score([p for p in pages if p.page_type == t], out).f1 for t in present]
        print(f"{system.name:<42} " + " ".join(f"{c:9.3f}" for c in cells))
    print("\nweb-pages snippets on article pages: 'with' found / 'without' leaked (share)")
    articles = [p for p in pages if p.page_type == "article"]
    for system in _shown(results, articles):
        tp = fn = fp = 0
        for page in articles:
            a, b, c = page_sets.snippet_counts(page, results[system.name][page.id].text)
            tp, fn, fp = tp + a, fn + b, fp + c
        leaks = sum(len(p.without_snippets) for p in articles)
        print(
            f"{system.name:<42} with {tp / max(1, tp + fn):.3f}  without {fp / max(1, leaks):.3f}"
        )


def print_page_types(pages: list[GoldPage], found: dict[str, Output]) -> None:
    print("\nnewsdesk page_type on web-pages (share of each gold type given each answer)")
    answers = ("article", "liveblog", "listing", "other")
    print(f"{'gold type':<14} {'pages':>5} " + " ".join(f"{a:>8}" for a in answers))
    for kind in WEB_TYPES:
        group = [p for p in pages if p.page_type == kind]
        if not group:
            continue
        counts = Counter(found[p.id].page_type for p in group)
        print(
            f"{kind:<14} {len(group):>5} "
            + " ".join(f"{counts[a] / len(group):8.3f}" for a in answers)
        )
    for name in (*page_sets.HALVES, "all"):
        group = [p for p in pages if name in ("all", p.half)]
        arts = [p for p in group if p.page_type == "article"]
        lists = [p for p in group if p.page_type in ("listing", "collection")]
        said = [p for p in group if found[p.id].page_type in ("article", "liveblog")]
        recognised = _share([found[p.id].page_type in ("article", "liveblog") for p in arts])
        refused = _share([found[p.id].page_type in ("listing", "other") for p in lists])
        precision = _share([p.page_type == "article" for p in said])
        print(
            f"  {name:<6} articles recognised {recognised:.3f}  listing+collection refused "
            f"{refused:.3f}  'is an article' precision {precision:.3f}"
        )


def print_aeb_types(pages: list[GoldPage], found: dict[str, Output]) -> None:
    """Every AEB page is a news or blog article: the share recognised as one (a feed
    item whose page is refused keeps only the feed's text, so this one matters)."""
    cells = []
    for name in (*page_sets.HALVES, "all"):
        group = [p for p in pages if name in ("all", p.half)]
        share = _share([found[p.id].page_type in ("article", "liveblog") for p in group])
        cells.append(f"{name} {share:.3f}")
    print("  AEB    articles recognised " + "  ".join(cells))


def print_metadata(pages: list[GoldPage], results: dict[str, dict[str, Output]]) -> None:
    print("\nweb-pages metadata (pages with that gold field; title exact, author same names,")
    print("date same day)")
    print(f"{'system':<42} {'half':<6} {'title':>6} {'author':>7} {'date':>6}")
    for name in ("newsdesk", "trafilatura no comments + metadata"):
        out = results[name]
        if any(p.id not in out for p in pages):
            continue
        for part in (*page_sets.HALVES, "all"):
            group = [p for p in pages if part in ("all", p.half)]
            title = _share(
                [page_sets.same_title(p.title, out[p.id].title) for p in group if p.title]
            )
            author = _share(
                [page_sets.same_author(p.author, out[p.id].author) for p in group if p.author]
            )
            date = _share([page_sets.same_date(p.date, out[p.id].date) for p in group if p.date])
            print(f"{name:<42} {part:<6} {title:6.3f} {author:7.3f} {date:6.3f}")


# --- speed ---------------------------------------------------------------------------------


def speed(pages: list[GoldPage], warm: list[GoldPage], names: list[str]) -> dict[str, float]:
    spent = dict.fromkeys(names, 0.0)
    # Warm-up, untimed, on pages that are not timed: imports and lazy initialisation are
    # not per-page costs. dateparser (htmldate's extensive search, used by newsdesk and by
    # trafilatura's metadata) loads its 205 locales' tables the first time it meets a date
    # no locale it has loaded reads: seconds, once per process, which a long-running
    # worker has long paid. Left to the timed pass, it fell on whichever system met such
    # a page first (newsdesk, which runs first: 17 % of its time on 244 pages). Timed
    # pages are not warmed on: the peers' caches keyed by text would hold their answers.
    get_external_parser().get_date_data("1 Xyzzy 2020")  # a date no locale reads: all load
    for page in warm:
        for name in names:
            BY_NAME[name].run(page)
    for page in tqdm(pages, desc="speed"):
        for name in names:
            start = time.perf_counter()
            BY_NAME[name].run(page)
            spent[name] += time.perf_counter() - start
    return {name: len(pages) / seconds for name, seconds in spent.items()}


def main() -> None:
    # trafilatura logs every page it discards at WARNING: noise in a benchmark table.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("readability").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--half", choices=(*page_sets.HALVES, "all"), default="all")
    parser.add_argument("--no-speed", action="store_true", help="skip the serial speed pass")
    parser.add_argument(
        "--speed-pages", type=int, default=0, help="time only every n-th page (0: all pages)"
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--only", choices=("newsdesk", "peers"), help="run only these (the rest from cache)"
    )
    args = parser.parse_args()
    if not (page_sets.SHARED / "extraction").is_dir():
        sys.exit(f"benchmark data not found at {page_sets.SHARED}")

    aeb_root = page_sets.SHARED / "extraction"
    gold = aeb_metric.load_gold(aeb_root)
    print("Scorer check on published AEB outputs (upstream: trafilatura 2.0.0 0.958):")
    ref = aeb_metric.score_outputs(
        gold, aeb_metric.load_reference(aeb_root / "reference-outputs" / "trafilatura.json")
    )
    print(f"  trafilatura 2.0.0 F1={ref.f1:.3f} P={ref.precision:.3f} R={ref.recall:.3f}")

    def wanted(page: GoldPage) -> bool:
        return args.half in ("all", page.half)

    aeb = [p for p in page_sets.aeb() if wanted(p)]
    web = [p for p in page_sets.web_pages() if wanted(p)]
    # Article pages first: an interrupted run has cached what matters most.
    ordered = aeb + sorted(web, key=lambda p: p.page_type != "article")
    chosen = [
        s
        for s in SYSTEMS
        if args.only is None or (s.name == "newsdesk") == (args.only == "newsdesk")
    ]
    results = outputs_of(ordered, args.jobs, chosen)
    if args.only == "peers":
        return
    articles = [p for p in web if p.page_type == "article"]
    print("\nInput: each page's raw bytes as served (and its URL); same scorer for all.")
    print_body_table("AEB", aeb, results)
    print_body_table("web-pages, article pages", articles, results)
    print_type_table(web, results)
    print_page_types(web, results["newsdesk"])
    print_aeb_types(aeb, results["newsdesk"])
    print_metadata(web, results)

    if args.no_speed:
        return
    timed = aeb + articles
    if args.speed_pages:
        timed = timed[:: max(1, len(timed) // args.speed_pages)]
    names = [s.name for s in SYSTEMS if "favor" not in s.name]
    rates = speed(timed, [p for p in web if p.page_type != "article"][::10], names)
    print(f"\nSpeed: {len(timed)} pages (AEB + web-pages articles), one core, one serial pass")
    print(f"{'system':<42} {'pages/s':>8} {'ratio':>6}  work")
    for name in names:
        ratio = rates[name] / rates[SPEED_BASE]
        print(f"{name:<42} {rates[name]:8.1f} {ratio:5.2f}x  {BY_NAME[name].work}")


if __name__ == "__main__":
    main()
