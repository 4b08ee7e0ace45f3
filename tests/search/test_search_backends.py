"""SQLite FTS5 and PostgreSQL text search find the same articles for the same queries.

The same probe (the test newsroom plus an article full of punctuation, accents and
numbers) runs on a fresh SQLite file and on a private PostgreSQL server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.postgres import PostgresServer

ROOT = Path(__file__).resolve().parents[2]


def _probe(tmp_path: Path, database_url: str) -> dict[str, list[str]]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(NEWSDESK_DATA_DIR=str(tmp_path), DATABASE_URL=database_url)
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.search_probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer()
    yield server
    server.stop()


def test_sqlite_and_postgres_find_the_same_articles(tmp_path, postgres):
    lite = _probe(tmp_path / "sqlite", f"sqlite:///{tmp_path / 'probe.sqlite3'}")
    pg = _probe(tmp_path / "pg", postgres.url)
    assert lite.keys() == pg.keys()
    for query in lite:
        assert sorted(lite[query]) == sorted(pg[query]), query
    # The probes found something: the comparison is not between two empty lists.
    assert len(lite["treaty"]) == 3 and lite['"maritime museum"']
    assert lite['"museum maritime"'] == [] and lite["cafe"] == []
    assert any("punctuation" in u for u in lite["3.5 percent"])
    assert any("punctuation" in u for u in lite["quoted words"])
    assert any("punctuation" in u for u in lite["café"])
    assert lite["treaty source:gazette"] and lite["tag:Vellaria"]
    # The best match leads on both.
    for query in ("treaty Ostra", '"maritime museum"', "treaty source:gazette"):
        assert lite[query][0] == pg[query][0], query
