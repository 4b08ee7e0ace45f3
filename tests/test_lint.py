"""House tools as tests: ruff (lint + format) on everything, mypy on the pipeline stages."""

from __future__ import annotations

import ast
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


# -- the import map ---------------------------------------------------------------
# Rooms above the pipeline: who may import whom. ``web`` and ``api`` read through
# ``reading`` and never reach the orchestrator; ``storage`` sits under all of them.
FORBIDDEN_ROOMS = {
    "web": {"worker", "console"},
    "api": {"worker", "web", "console"},
    "reading": {"web", "api", "worker", "console"},
    "storage": {"worker", "web", "api", "reading", "console"},
    # Readers' rooms read through ``reading`` like the pages and never drive the pipeline.
    **{
        room: {"worker", "console", "web"}
        for room in ("search", "syndication", "greader", "accounts", "discussion", "following")
    },
}
# Function-level imports of newsdesk modules, each with the reason it cannot be at the top.
FUNCTION_IMPORTS_ALLOWED = {
    # The command line configures Django (settings, then ``django.setup()``) before any
    # module that touches the models may be imported.
    "newsdesk/cli.py",
    "newsdesk/source_commands.py",
    # ``AppConfig.ready`` is Django's documented place for imports that need the models.
    "newsdesk/worker/apps.py",
    "newsdesk/accounts/apps.py",
    "newsdesk/discussion/apps.py",
    "newsdesk/storage/apps.py",
}


class Imports:
    """Every ``newsdesk`` import of every module, with where it sits."""

    def __init__(self) -> None:
        self.modules: dict[str, Path] = {}
        for path in sorted((ROOT / "newsdesk").rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            self.modules[name] = path
        self.edges: dict[str, set[str]] = {name: set() for name in self.modules}
        self.in_functions: list[tuple[str, str]] = []
        for name, path in self.modules.items():
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            nested: set[int] = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                    nested.update(id(n) for n in ast.walk(node) if n is not node)
            for node in ast.walk(tree):
                for target in self._targets(node, package):
                    self.edges[name].add(target)
                    if id(node) in nested:
                        self.in_functions.append((name, target))

    def _targets(self, node, package: str) -> list[str]:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from package import module`` imports the module itself.
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in self.modules else base
                for a in node.names
            ]
        else:
            return []
        found = []
        for full in names:
            while full and full not in self.modules:
                full = full.rpartition(".")[0]
            if full.startswith("newsdesk"):
                found.append(full)
        return found


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_rooms_import_only_downwards():
    imports = Imports()
    wrong = [
        f"{source} imports {target}"
        for source, targets in imports.edges.items()
        for target in targets
        if _room(target) in FORBIDDEN_ROOMS.get(_room(source), set())
    ]
    assert wrong == []


def test_no_import_cycle_between_newsdesk_modules():
    imports = Imports()
    # Depth-first search; a grey node met again closes a cycle.
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(imports.edges[node]):
            if nxt == node:
                continue
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(imports.edges):
        if module not in state:
            visit(module)
    assert cycles == []


def test_the_import_graph_sees_function_level_imports():
    # The cycle test would be toothless if imports inside functions went unseen.
    imports = Imports()
    assert ("newsdesk.worker.apps", "newsdesk.worker.tasks") in imports.in_functions
    assert "newsdesk.worker.tasks" in imports.edges["newsdesk.worker.apps"]


def test_no_function_level_import_without_a_reason():
    imports = Imports()
    hidden = sorted(
        {
            f"{source} imports {target} inside a function"
            for source, target in imports.in_functions
            if imports.modules[source].relative_to(ROOT).as_posix() not in FUNCTION_IMPORTS_ALLOWED
        }
    )
    assert hidden == []


def test_read_rules_are_written_once():
    # "ready", "not a wire copy" and "the publisher's display name" live on the models
    # (``ready_rule``, ``listed_rule``, ``Article.publisher_name``); spelled out again
    # elsewhere, copies drift apart. The worker may set the status it decides.
    spelled = re.compile(
        r"\bstatus=ArticleStatus\.READY|copy_of__isnull|publisher or \w+\.source\.display_name"
    )
    home = ROOT / "newsdesk" / "storage" / "models" / "articles.py"
    # The story store keeps its own member table (``StoryMember.copy_of``): the clusterer's
    # state, not the article read rules.
    story_store = ROOT / "newsdesk" / "storage" / "story_store"
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "newsdesk").rglob("*.py")
        if path != home and "migrations" not in path.parts and story_store not in path.parents
        for match in spelled.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
