"""Ask-about-this-article benchmark: questions written for newsdesk over shared stories.

The questions (tests/data/ai/questions_*.jsonl, with their origin in the README there)
name an article of ../shared/bench/stories/allsides_roundups_2021.jsonl by ``doc_id``
(the text is read from there, never copied) or a small article file of tests/data/ai.
Each has ``gold``: short phrases of which the answer must quote one, or none when the
article does not say and the right answer is to decline.

An outcome is one of: answered correctly (a quote holds a gold phrase), wrongly answered
(quotes without the gold phrase, or an answer where the article does not say), rightly
declined, wrongly declined (the article says, the answer is "does not say").

    .venv/bin/python bench/answers.py            # the table
    .venv/bin/python bench/answers.py --show     # + every question and its answer
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsdesk.ai.answer import NOT_IN_ARTICLE, answer_question

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "data" / "ai"
STORIES = ROOT / ".." / "shared" / "bench" / "stories" / "allsides_roundups_2021.jsonl"
OUTCOMES = ("answered correctly", "wrongly answered", "rightly declined", "wrongly declined")


@dataclass(frozen=True, slots=True)
class Question:
    title: str
    text: str
    question: str
    gold: tuple[str, ...]
    origin: str


def load_questions(stories: Path = STORIES) -> list[Question]:
    """Every question with its article; stories missing from ``stories`` are skipped."""
    articles = {}
    if stories.exists():
        with stories.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                articles[row["doc_id"]] = row
    out = []
    for path in sorted(QUESTIONS.glob("questions_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if "file" in item:
                title, _, text = (
                    (QUESTIONS / item["file"]).read_text(encoding="utf-8").partition("\n")
                )
                title, text, origin = "", f"{title}\n{text}", item["file"]
            else:
                row = articles.get(item["doc_id"])
                if row is None:
                    continue
                title, text, origin = row["title"], row["text"], item["doc_id"]
            out.append(Question(title, text, item["question"], tuple(item["gold"]), origin))
    return out


def outcome(q: Question, quotes: tuple[str, ...], answer: str) -> str:
    declined = answer == NOT_IN_ARTICLE or not quotes
    if not q.gold:
        return "rightly declined" if declined else "wrongly answered"
    if declined:
        return "wrongly declined"
    quoted = " ".join(quotes)
    return "answered correctly" if any(g in quoted for g in q.gold) else "wrongly answered"


def score(questions: list[Question], *, show: bool = False) -> Counter[str]:
    tally: Counter[str] = Counter()
    for q in questions:
        answer = answer_question(q.question, q.title, q.text)
        result = outcome(q, answer.quotes, answer.answer)
        tally[result] += 1
        if show:
            print(f"[{result}] {q.origin}: {q.question}\n    -> {answer.answer[:200]}")
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every question and answer")
    args = parser.parse_args(argv)
    questions = load_questions()
    if not questions:
        print("no questions (is ../shared/bench present?)", file=sys.stderr)
        return 2
    tally = score(questions, show=args.show)
    answerable = sum(1 for q in questions if q.gold)
    print(
        f"{len(questions)} questions ({answerable} answerable, {len(questions) - answerable} not)"
    )
    print("| outcome | count | share |")
    print("| --- | ---: | ---: |")
    for name in OUTCOMES:
        print(f"| {name} | {tally[name]} | {100 * tally[name] / len(questions):.1f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
