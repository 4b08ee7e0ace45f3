"""The README is part of the product: a setting or command that it does not document fails here."""

from __future__ import annotations

import re
from pathlib import Path

from newsdesk.cli import build_parser
from newsdesk.config import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_every_setting_is_in_the_readme_table():
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in README, f"{setting.name} is not documented"


def test_every_environment_variable_read_by_the_code_is_a_documented_setting():
    names = {s.name for s in SETTINGS}
    used: set[str] = set()
    for path in (ROOT / "newsdesk").rglob("*.py"):
        used |= set(re.findall(r"\"(NEWSDESK_[A-Z_]+|DATABASE_URL)\"", path.read_text()))
    assert used <= names, f"undocumented settings: {sorted(used - names)}"


def test_every_command_is_in_the_readme():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command_parser in sub.choices.items():
        assert f"`newsdesk {name}" in README, f"command {name} is not documented"
        for action in command_parser._actions:
            if action.dest == "action":
                for child in action.choices:
                    assert f"`newsdesk {name} {child}" in README


def test_readme_quick_start_has_the_two_commands_and_ci_calls_the_test_one():
    assert "python3 dev.py serve" in README and "python3 dev.py test" in README
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text()
