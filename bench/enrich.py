"""Hashtags + summaries: speed beside newspaper4k, and a quality table.

Pages: the 181 pages of ../shared/bench/extraction. newsdesk gets each page's gold
`articleBody` as its text (so this measures enrichment, not extraction);
newspaper4k gets the page HTML and runs `parse()` + `nlp()` (keywords + summary),
which is what it needs to produce the same two features.

newspaper4k's `nlp()` wants NLTK's "punkt" data, which it downloads at first use;
this machine cannot download it, so the bench gives newspaper an untrained
`nltk.tokenize.PunktSentenceTokenizer()` (same algorithm, no learned
abbreviation list) and says so in its output.

Quality (no gold tags exist, so both are simple references computed from the gold text):
- name recall: per page, the 3 most frequent proper names of the gold text (capitalised
  words not at a sentence start, seen at least twice, stop words and dateline words
  excluded); the share of them found inside a hashtag (newsdesk) or keyword (newspaper).
- lead coverage: ROUGE-1 recall (rouge-score, stemmed) of the LEAD-3 of the gold text
  by the TL;DR (newsdesk) or summary (newspaper), and their length in words.

    .venv/bin/python bench/enrich.py            # speed pass + quality table
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from rouge_score import rouge_scorer

from newsdesk.enrich.furniture import DATELINE_WORDS
from newsdesk.enrich.hashtags import extract_hashtags
from newsdesk.enrich.sentences import split_sentences
from newsdesk.enrich.summary import summarize
from newsdesk.text.stopwords import stopwords

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "extraction"
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-zA-Z'-]+")


def load_pages(root: Path) -> list[dict]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, value in sorted(truth.items()):
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        pages.append({"id": key, "url": value["url"], "body": value["articleBody"], "html": html})
    return pages


def reference_names(body: str, top: int = 3) -> list[str]:
    stop = stopwords("en")
    counts = Counter(
        m.lower()
        for m in _NAME.findall(body)
        if m.lower() not in stop and m.lower() not in DATELINE_WORDS
    )
    return [name for name, n in counts.most_common(top) if n >= 2]


def lead3(body: str) -> str:
    return " ".join(s.text for s in split_sentences(body)[:3])


def ours(page: dict) -> tuple[list[str], str]:
    tags = extract_hashtags("", page["body"])
    summary = summarize("", page["body"])
    return [t.key for t in tags], summary.tldr


def make_newspaper():
    import newspaper.nlp
    from newspaper import Article

    note = "newspaper4k with NLTK punkt data"
    try:
        import nltk

        nltk.data.find("tokenizers/punkt_tab/english/")
    except LookupError:
        from nltk.tokenize import PunktSentenceTokenizer

        newspaper.nlp.split_sentences._tokenizer = PunktSentenceTokenizer()  # type: ignore[attr-defined]
        note = "newspaper4k with an untrained PunktSentenceTokenizer (punkt data not downloadable here)"

    def run(page: dict, timings: dict[str, float] | None = None) -> tuple[list[str], str]:
        started = time.perf_counter()
        article = Article(page["url"], language="en", fetch_images=False)
        article.download(input_html=page["html"])
        article.parse()
        parsed = time.perf_counter()
        article.nlp()
        if timings is not None:
            timings["parse"] += parsed - started
            timings["nlp"] += time.perf_counter() - parsed
        return [k.lower() for k in article.keywords], article.summary

    return run, note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=1, help="timed passes over all pages")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"missing {args.data}", file=sys.stderr)
        return 2
    pages = load_pages(args.data)
    np_run, np_note = make_newspaper()

    # Warm-up pass (imports, YAKE stop-word files, caches) that also collects the outputs.
    ours_out = [ours(p) for p in pages]
    np_out = [np_run(p) for p in pages]

    timings = {"parse": 0.0, "nlp": 0.0}
    per_ours: list[float] = []
    per_np: list[float] = []
    for _ in range(args.repeat):
        for page in pages:
            started = time.perf_counter()
            ours(page)
            per_ours.append(time.perf_counter() - started)
        for page in pages:
            started = time.perf_counter()
            np_run(page, timings)
            per_np.append(time.perf_counter() - started)

    n = len(per_ours)
    total_ours, total_np = sum(per_ours), sum(per_np)
    print(f"{len(pages)} pages x {args.repeat} pass(es); {np_note}")
    print()
    print("| system | articles/s | mean ms/article | median ms/article | p95 ms/article |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, per, total in (
        ("newsdesk hashtags + summary (gold text)", per_ours, total_ours),
        ("newspaper4k parse() + nlp() (page HTML)", per_np, total_np),
    ):
        ordered = sorted(per)
        print(
            f"| {name} | {len(per) / total:.1f} | {1000 * total / len(per):.2f} | "
            f"{1000 * statistics.median(per):.2f} | {1000 * ordered[int(0.95 * (len(per) - 1))]:.2f} |"
        )
    print(
        f"| newspaper4k nlp() alone | {n / timings['nlp']:.1f} | {1000 * timings['nlp'] / n:.2f} | | |"
    )
    print()
    print(
        f"speed-up end to end: {total_np / total_ours:.1f}x; against nlp() alone: {timings['nlp'] / total_ours:.1f}x"
    )

    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    quality: dict[str, dict[str, list[float]]] = {
        "newsdesk": {"names": [], "lead": [], "words": [], "tags": []},
        "newspaper4k": {"names": [], "lead": [], "words": [], "tags": []},
    }
    for page, (tags, tldr), (keywords, summary) in zip(pages, ours_out, np_out, strict=True):
        names = reference_names(page["body"])
        lead = lead3(page["body"])
        for system, labels, text in (("newsdesk", tags, tldr), ("newspaper4k", keywords, summary)):
            q = quality[system]
            if names:
                q["names"].append(
                    sum(any(name in label for label in labels) for name in names) / len(names)
                )
            if lead.strip():
                q["lead"].append(scorer.score(lead, text)["rouge1"].recall if text.strip() else 0.0)
            q["words"].append(len(text.split()))
            q["tags"].append(len(labels))
    print()
    pages_with_names = len(quality["newsdesk"]["names"])
    print(f"quality on the gold bodies ({pages_with_names} pages with reference names)")
    print(
        "| system | top-3 name recall in tags | LEAD-3 ROUGE-1 recall by TL;DR | TL;DR words | tags per page |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for system, q in quality.items():
        print(
            f"| {system} | {100 * statistics.mean(q['names']):.1f}% | {100 * statistics.mean(q['lead']):.1f}% | "
            f"{statistics.mean(q['words']):.1f} | {statistics.mean(q['tags']):.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
