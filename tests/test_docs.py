"""The README is part of the product: a setting or command that it does not document fails here."""

from __future__ import annotations

import ast
import re
import subprocess
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


# -- the repository stands alone --------------------------------------------------
# The patterns are assembled so that this file does not match itself.
_NOTES = "SECUR" + "ITY|DESI" + "GN"  # the checklist and the design note kept outside
_OUTSIDE_DOCUMENT = re.compile(rf"\b(?:{_NOTES})\b|\.\./sha[r]ed/(?!bench\b)")  # bench: data
_MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:" + "wo" + "rk|ro" + "ot|ho" + "me" + r")/")
# Not part of a clone: tools' caches, the virtualenv, build output, the data folder.
_NOT_SOURCE = {"data", "build", "dist", "node_modules", "__pycache__"}


def _repository_text_files() -> list[Path]:
    """The files a clone holds or a commit would add: git's own list when the tree is a
    checkout (ignored output, such as a benchmark's cache, is not the repository's),
    else every file outside tools' caches."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0 and listed.stdout:
        candidates = [ROOT / name for name in listed.stdout.decode().split("\0") if name]
    else:
        candidates = sorted(ROOT.rglob("*"))
    out = []
    for path in candidates:
        parts = path.relative_to(ROOT).parts
        if any(p.startswith(".") and p not in (".ci", ".gitignore") for p in parts):
            continue
        if any(p in _NOT_SOURCE or p.endswith(".egg-info") for p in parts[:-1]):
            continue
        if parts[0] in _NOT_SOURCE or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue  # binary
        out.append(path)
    return out


def test_files_point_at_no_outside_document_and_no_machine_path():
    files = _repository_text_files()
    assert len(files) > 100 and ROOT / "README.md" in files  # the walk found the tree
    offenders = []
    for path in files:
        text = path.read_text(errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if _OUTSIDE_DOCUMENT.search(line) or _MACHINE_PATH.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert not offenders, "point at docs/ instead:\n" + "\n".join(offenders)


def test_the_reference_patterns_catch_what_they_must():
    for bad in (
        "see SECUR" + "ITY.md 41",
        "(SECUR" + "ITY: bounded work)",
        "DESI" + 'GN.md "parse"',
        "../sha" + "red/notes.md",
        "Written from /wo" + "rk/shared/bench/README.md",
        "open('/ho" + "me/someone/x')",
    ):
        assert _OUTSIDE_DOCUMENT.search(bad) or _MACHINE_PATH.search(bad), bad
    for fine in (
        "CONTENT_" + "SECURITY_POLICY = {",
        "read ../shared/bench/stories/README.md",
        "https://example.org/" + "home/feed.xml",
    ):
        assert not (_OUTSIDE_DOCUMENT.search(fine) or _MACHINE_PATH.search(fine)), fine


_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_CODE_PATH = re.compile(r"`((?:newsdesk|tests|bench|docs)/[\w./-]*)(?:::(\w+))?`")
_SAME_FILE_TEST = re.compile(r"`::(\w+)`")


def _docs() -> list[Path]:
    return sorted((ROOT / "docs").glob("*.md"))


def test_docs_exist_and_their_links_resolve():
    docs = _docs()
    assert {p.name for p in docs} >= {"README.md", "design.md", "threat-model.md"}
    assert "docs/" in README  # the README points readers there
    for doc in [*docs, ROOT / "README.md"]:
        for target in _LINK.findall(doc.read_text()):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            assert (doc.parent / target.split("#")[0]).exists(), f"{doc.name}: {target}"


def _defines(path: Path, name: str) -> bool:
    return (
        re.search(rf"^\s*(?:async\s+)?(?:def|class)\s+{name}\b", path.read_text(), re.M) is not None
    )


def test_docs_name_files_and_tests_that_exist():
    """Every path in backticks exists, and every ``file::test`` (or ``::test`` after a
    file on the same line) is defined in that file: the docs describe the house as it is."""
    named = 0
    for doc in _docs():
        for number, line in enumerate(doc.read_text().splitlines(), 1):
            where = f"{doc.name}:{number}"
            current: Path | None = None
            for match in re.finditer(f"{_CODE_PATH.pattern}|{_SAME_FILE_TEST.pattern}", line):
                path_text, name, same_file_name = match.groups()
                if path_text:
                    current = ROOT / path_text
                    assert current.exists(), f"{where}: {path_text} does not exist"
                    named += 1
                name = name or same_file_name
                if name:
                    assert current is not None and current.is_file(), f"{where}: ::{name}"
                    assert _defines(current, name), f"{where}: {name} not in {current.name}"
    assert named > 50


def test_benchmarks_do_not_import_the_tests():
    """A benchmark runs from a clone without the test suite's helpers on the path; what
    both need lives in bench/ (tests may import bench, never the other way round)."""
    scripts = sorted((ROOT / "bench").glob("*.py"))
    assert scripts
    for path in scripts:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not any(n == "tests" or n.startswith("tests.") for n in names), path.name
