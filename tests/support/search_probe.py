"""Run a fixed set of searches on the database DATABASE_URL names and print the results
as JSON (used to check that SQLite and PostgreSQL find the same articles).

Run as ``python -m tests.support.search_probe`` from the repository root.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

import django

QUERIES = [
    "treaty",
    "treaty Ostra",
    '"maritime museum"',
    '"museum maritime"',
    "museum OR wetlands",
    "treaty -wetlands",
    "treaty source:gazette",
    "source:observer",
    "lang:en museum",
    "tag:Vellaria",
    "tag:Vellaria -farmers",
    "3.5 percent",
    "e-mail",
    "email",
    "quoted words",
    "café",
    "cafe",
    "straße",
    "sign",
    "signed",
    "' OR 1=1 --",
    "%%%_%%",
    '"unbalanced',
    "water-sharing",
]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from newsdesk.search.engine import search
    from newsdesk.search.query import parse
    from tests.web.newsroom import build, publish, source

    room = build()
    extra = source("Punctuation Post")
    article = publish(extra, "museum.txt", at=room.now - timedelta(minutes=1), slug="punctuation")
    article.title = "Prices: a 3.5 percent rise, e-mail “quoted words” and a café on the Straße"
    article.body_text = "Shopkeepers (and their e-mail lists) reported a 3.5% rise; “quoted words”."
    article.copy_of = None
    article.save()
    results = {q: [hit.article.url for hit in search(parse(q), limit=50).hits] for q in QUERIES}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
