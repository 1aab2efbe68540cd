"""The architecture the tree shows, checked on the source: the seam between the library and
the bot, one owner per outside library, and no import cycle, deferred or not."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import recommender

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("recommender", "bot")


@cache
def modules() -> dict[str, Path]:
    """Every module of the two packages by dotted name (a package by its own name)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in the module: top level, inside functions
    and under `if TYPE_CHECKING`; `from package import module` names the module, `from
    package import name` the package."""
    known = modules()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if is_package else name.split(".")[:-1]
                here = here[: len(here) - node.level + 1]
                base = ".".join([*here, base] if base else here)
            for alias in node.names:
                module = f"{base}.{alias.name}"
                yield (module if module in known else base), node.lineno


def graph() -> dict[str, set[str]]:
    """Edges between the project's modules (an import of a name inside a module counts as
    an import of that module)."""
    known = modules()
    edges: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for target, _ in imports(name, path):
            if target in known and target != name:
                edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_the_scan_reads_both_packages():
    edges = graph()
    assert len(edges) > 60
    assert "recommender" in edges["bot.app"]  # the front door
    assert "recommender.ranking.describe" in edges["recommender.engine"]


def test_no_module_is_in_an_import_cycle_deferred_or_not():
    # A package's __init__ re-exporting its modules is not a cycle: the edge is to the
    # module named, as pylint's cyclic-import check counts it.
    assert cycles(graph()) == []


def test_the_bot_imports_only_the_librarys_front_door():
    known = modules()
    inner = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in known.items()
        if name.startswith("bot")
        for target, line in imports(name, path)
        if target.startswith("recommender.") and target.rsplit(".", 1)[0] != "recommender"
    ]
    assert inner == []


def test_each_outside_library_has_its_own_rooms():
    owners = {
        "discord": ("bot",),
        "annoy": ("recommender.ann",),
        "rapidfuzz": ("recommender.names.matcher",),
        "sklearn": ("recommender.catalog",),
        "pandas": ("recommender",),
        # PostgreSQL: its store, schema and the SQLite-to-PostgreSQL copy only.
        "psycopg": ("bot.storage.postgres", "bot.storage.transfer"),
        "psycopg_pool": ("bot.storage.postgres",),
    }
    wrong = []
    for name, path in modules().items():
        for target, line in imports(name, path):
            top = target.split(".")[0]
            if top in owners and not name.startswith(owners[top]):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {top}")
    assert wrong == []


def test_every_name_the_front_door_lists_is_importable_from_it():
    missing = [name for name in recommender.__all__ if not hasattr(recommender, name)]
    assert missing == []
