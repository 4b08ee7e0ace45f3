"""House tools as tests: ruff (lint + format) on everything, mypy on the pipeline stages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_lint_is_clean():
    result = _run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout[-5000:]


def test_ruff_format_is_clean():
    result = _run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout[-5000:]


def test_mypy_on_the_pipeline_is_clean():
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout[-5000:]


def test_stages_never_import_django_or_a_later_stage():
    order = ["ingest", "extract", "dedupe", "enrich", "stories", "ai"]
    for position, stage in enumerate(order):
        later = order[position + 1 :]
        forbidden = re.compile(
            rf"^\s*(from|import) (django\b|newsdesk\.({'|'.join(later) or '$^'})\b)", re.MULTILINE
        )
        for path in (ROOT / "newsdesk" / stage).rglob("*.py"):
            match = forbidden.search(path.read_text())
            assert match is None, f"{path}: {match.group(0).strip() if match else ''}"


def test_text_toolkit_imports_no_django_and_no_stage():
    # Every stage may import the toolkit (and plaintext beside it), so it must sit below
    # all of them: no Django, no stage, no orchestrator, web or storage.
    forbidden = re.compile(
        r"^\s*(from|import) (django\b|newsdesk\.(?!text\b|plaintext\b)\w+)", re.MULTILINE
    )
    paths = [*(ROOT / "newsdesk" / "text").rglob("*.py"), ROOT / "newsdesk" / "plaintext.py"]
    assert len(paths) > 5
    for path in paths:
        match = forbidden.search(path.read_text())
        assert match is None, f"{path}: {match.group(0).strip() if match else ''}"
