"""The code's shape: no import cycles, screens that get what they need, no private imports.

Read from the source with ``ast`` (nothing is imported), counting every
import: module level, inside functions (lazy) and under TYPE_CHECKING, since
each is a dependency a reader has to follow.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from tests.conftest import parsed_source

PACKAGE = Path(__file__).resolve().parents[2] / "meshtui"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import in module ``name``."""
    tree = parsed_source(MODULES[name])
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [alias.name for alias in node.names]
            # "from meshtui import report" imports the module meshtui.report.
            submodules = [f"{node.module}.{n}" for n in names if f"{node.module}.{n}" in MODULES]
            found += [(module, []) for module in submodules]
            found.append((node.module, [n for n in names if f"{node.module}.{n}" not in MODULES]))
    return found


@cache
def graph() -> dict[str, frozenset[str]]:
    return {
        name: frozenset(m for m, _ in imports(name) if m in MODULES and m != name)
        for name in MODULES
    }


def test_there_is_no_import_cycle_in_meshtui() -> None:
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_screens_never_import_the_app_nor_look_at_the_stack() -> None:
    for name, path in MODULES.items():
        if not name.startswith("meshtui.app.") or name == "meshtui.app.app":
            continue
        assert "meshtui.app.app" not in graph()[name], name
        source = path.read_text(encoding="utf-8")
        assert "cast(" not in source, f"{name}: screens get a Workspace, not a cast App"
        assert "screen_stack[" not in source, f"{name}: screens return results with dismiss()"


def test_no_module_imports_another_modules_private_names() -> None:
    for name in MODULES:
        for module, names in imports(name):
            if module.startswith("meshtui"):
                private = [n for n in names if n.startswith("_") and n != "__version__"]
                assert not private, f"{name} imports {private} from {module}"
