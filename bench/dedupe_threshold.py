"""Word 3-shingle Jaccard of wire copies vs honest rewrites, and the copy threshold.

    .venv/bin/python bench/dedupe_threshold.py

Texts: tests/data/stories (one Reuters-style wire story as the agency publishes it,
the same text on three sites with their own templates, datelines, credits and
captions, extracted with trafilatura as the pipeline would; and two honest rewrites
of the same event by other outlets). Prints every pair's exact Jaccard, whether the
MinHash band keys made it a candidate, and the margin on each side of
``newsdesk.dedupe.COPY_THRESHOLD``.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.dedupe import COPY_THRESHOLD, fingerprint, shingle_jaccard  # noqa: E402

DATA = ROOT / "tests" / "data" / "stories"


def main() -> int:
    texts = {
        "wire (agency)": (DATA / "wire_reuters.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    }
    for site in ("courier", "ledger", "caldertimes"):
        html = (DATA / f"wire_site_{site}.html").read_text(encoding="utf-8")
        texts[f"copy @{site}"] = trafilatura.extract(html) or ""
    for name in ("herald", "tribune"):
        texts[f"rewrite {name}"] = (
            (DATA / f"rewrite_{name}.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
        )
    prints = {name: fingerprint(text) for name, text in texts.items()}
    print(f"{'pair':<42} {'kind':<8} {'jaccard':>7} {'LSH cand':>8} {'folded':>6}")
    copies, rewrites = [], []
    for a, b in itertools.combinations(texts, 2):
        kind = "copy" if not (a.startswith("rewrite") or b.startswith("rewrite")) else "rewrite"
        j = shingle_jaccard(texts[a], texts[b])
        cand = bool(set(prints[a].band_keys) & set(prints[b].band_keys))
        (copies if kind == "copy" else rewrites).append(j)
        print(f"{a + ' ~ ' + b:<42} {kind:<8} {j:7.3f} {cand!s:>8} {j >= COPY_THRESHOLD!s:>6}")
    print(
        f"\nthreshold {COPY_THRESHOLD:.2f}: lowest copy {min(copies):.3f} "
        f"(margin {min(copies) - COPY_THRESHOLD:+.3f}), highest rewrite {max(rewrites):.3f} "
        f"(margin {COPY_THRESHOLD - max(rewrites):+.3f}; issue reports rewrites up to ~0.48, margin "
        f"{COPY_THRESHOLD - 0.48:+.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
