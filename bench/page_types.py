"""Fit the weights of newsdesk's page-type score (newsdesk/extract/pagetype.py).

The score is a logistic regression over ``pagetype.features``. This script reads every
web-pages page (WCXB development split, CC-BY-4.0, Murrough Foley) and every AEB page,
fits the weights on one half (hash of the page id), and prints, on both halves, the
share of articles recognised, of listing + collection pages refused and of AEB pages
recognised, for the fitted weights and for the weights in the code. Positives are
articles (web-pages and AEB); negatives are listing and collection pages at twice the
weight, the other types at a third of it.

    .venv/bin/python bench/page_types.py                  # fit on "tune", judge on "check"
    .venv/bin/python bench/page_types.py --fit-on check   # the other way round
    .venv/bin/python bench/page_types.py --cost 300       # the signals' share of extraction time

``--cost N`` times, on one core, the whole extraction of N web-pages pages (every
fifth) and, on the same pages, the page-type signals and decision alone (on the pruned
tree and the body the extraction made), and prints the signals' share.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import page_sets

from newsdesk.extract import extract, pagetype, pipeline
from newsdesk.extract.document import prune
from newsdesk.extract.pagesignals import body_area
from newsdesk.extract.pipeline import MIN_BODY_WORDS, page_type_signals

NAMES = tuple(pagetype._WEIGHTS)
# Sample weights: what the targets are about (listing + collection) counts most.
WEIGHT = {"article": 1.0, "aeb": 1.0, "listing": 2.0, "collection": 2.0}
OTHER_WEIGHT = 0.3
L2 = 1.0


def _signals(args: tuple[str, bytes, str]) -> tuple[str, pagetype.PageSignals | None]:
    logging.disable(logging.CRITICAL)
    key, html, url = args
    return key, page_type_signals(html, url=url)


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, float]:
    """Weighted L2 logistic regression by gradient descent on standardized features,
    returned in the features' own units."""
    mean, std = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mean) / std, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    for _ in range(3000):
        p = 1 / (1 + np.exp(-z @ beta))
        grad = z.T @ ((p - y) * w) / w.sum() + L2 * np.r_[beta[:-1], 0] / len(y)
        beta -= 0.5 * grad
    coef = beta[:-1] / std
    return coef, float(beta[-1] - (beta[:-1] * mean / std).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fit-on", choices=page_sets.HALVES, default="tune")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cost", type=int, default=0, metavar="PAGES")
    args = parser.parse_args()
    if args.cost:
        cost(args.cost)
        return
    pages = [(p, p.page_type) for p in page_sets.web_pages()]
    pages += [(p, "aeb") for p in page_sets.aeb()]
    kind = {p.id: k for p, k in pages}
    half = {p.id: p.half for p, _ in pages}
    with ProcessPoolExecutor(args.jobs) as pool:
        found = dict(pool.map(_signals, [(p.id, p.html, p.url) for p, _ in pages], chunksize=8))
    usable = [k for k, s in found.items() if s is not None and s.body_words >= MIN_BODY_WORDS]
    x = np.array([[pagetype.features(found[k])[n] for n in NAMES] for k in usable])  # type: ignore[arg-type]
    y = np.array([kind[k] in ("article", "aeb") for k in usable], dtype=float)
    w = np.array([WEIGHT.get(kind[k], OTHER_WEIGHT) for k in usable])
    train = np.array([half[k] == args.fit_on for k in usable])
    coef, bias = fit(x[train], y[train], w[train])
    # The code's threshold is folded into its bias; the fit's is chosen on the tune half.
    print("fitted weights (features' own units):")
    for name, value in zip(NAMES, coef, strict=True):
        print(f"  {name:<18} {value:8.3f}   (code {pagetype._WEIGHTS[name]:8.3f})")
    print(f"  {'bias':<18} {bias:8.3f}   (code {pagetype._BIAS:8.3f}, threshold folded in)")
    code = np.array([pagetype._WEIGHTS[n] for n in NAMES])
    scores = {"code": x @ code + pagetype._BIAS, "fitted, threshold 0": x @ coef + bias}
    for threshold in (0.25, 0.5, 0.75, 1.0, 1.25):
        scores[f"fitted, threshold -{threshold}"] = x @ coef + bias + threshold
    print(f"\n{'weights':<26} {'half':<6} {'articles':>9} {'refused':>8} {'AEB':>6}")
    for label, score in scores.items():
        said = dict(zip(usable, score > 0, strict=True))
        for part in page_sets.HALVES:
            group = [k for k in found if half[k] == part]
            cells = [
                _share(said, [k for k in group if kind[k] == "article"], True),
                _share(said, [k for k in group if kind[k] in ("listing", "collection")], False),
                _share(said, [k for k in group if kind[k] == "aeb"], True),
            ]
            print(f"{label:<26} {part:<6} {cells[0]:9.3f} {cells[1]:8.3f} {cells[2]:6.3f}")


def cost(count: int) -> None:
    """Seconds per page of the whole extraction and of the page-type signals and decision
    alone, on the same pages, one core, alternating page by page."""
    logging.disable(logging.CRITICAL)
    pages = list(page_sets.web_pages())[::5][:count]
    whole = signals = 0.0
    for page in pages:
        start = time.perf_counter()
        extract(page.html, url=page.url)
        whole += time.perf_counter() - start
        # The body and metadata the extraction works from, then the signals alone on a
        # fresh pruned tree, as the pipeline computes them (private helpers on purpose:
        # the same steps, without the timing inside the pipeline).
        tree = pipeline._tree(page.html, None)
        if tree is None:
            continue
        meta, _, blocks, _, _ = pipeline._read(tree, page.url, datetime.now(UTC))
        fresh = pipeline._tree(page.html, None)
        assert fresh is not None
        prune(fresh)
        start = time.perf_counter()
        found = pagetype.page_signals(
            fresh,
            blocks,
            meta.schema_types,
            meta.og_type,
            page.url,
            bylined=bool(meta.byline),
            main=body_area(fresh, blocks),
        )
        pagetype.classify(found), pagetype.describe(found)
        signals += time.perf_counter() - start
    n = len(pages)
    print(f"{'pages':<28} {n}")
    print(f"{'extraction, ms/page':<28} {1000 * whole / n:8.2f}")
    print(f"{'page-type signals, ms/page':<28} {1000 * signals / n:8.2f}")
    print(f"{'share of extraction':<28} {signals / whole:8.3f}")


def _share(said: dict[str, bool], keys: list[str], want: bool) -> float:
    """Share of ``keys`` called an article (``want``) or not; a page without body is not."""
    return sum(said.get(k, False) == want for k in keys) / max(1, len(keys))


if __name__ == "__main__":
    main()
