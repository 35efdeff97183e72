"""Only the app loads Textual: the core and the printing commands never do (sections 3-6)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from meshtui.content import example_session_path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = REPO_ROOT / "meshtui"
APP_DIR = PACKAGE_DIR / "app"
SavedSession = Callable[..., Path]


def core_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if APP_DIR not in p.parents)


def core_modules() -> list[str]:
    modules = []
    for path in core_files():
        parts = path.relative_to(REPO_ROOT).with_suffix("").parts
        if parts[-1] == "__main__":
            continue  # running it is the command line itself, tested below
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(parts))
    return modules


def test_the_core_modules_are_the_expected_ones() -> None:
    modules = set(core_modules())
    # Guard for the tests below: they must cover at least these.
    assert {
        "meshtui",
        "meshtui.cli",
        "meshtui.content",
        "meshtui.model",
        "meshtui.store",
        "meshtui.radar",
        "meshtui.report",
        "meshtui.literal",
    } <= modules
    assert not any(m.startswith("meshtui.app") for m in modules)


def test_no_core_file_imports_textual() -> None:
    offenders = []
    for path in core_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name == "textual" or name.startswith("textual."):
                    offenders.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
                # The app is imported only lazily, inside a function (cli's app commands).
                if name.startswith("meshtui.app") and node.col_offset == 0:
                    offenders.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert offenders == []


RunCli = Callable[..., subprocess.CompletedProcess[str]]


def run_python(run_cli: RunCli, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -c CODE ARGS...`` in the same environment as the command-line tests."""
    return run_cli(*args, program=[sys.executable, "-c", code])


def test_importing_every_core_module_does_not_load_textual(run_cli: RunCli) -> None:
    code = (
        "import importlib, json, sys\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    result = run_python(run_cli, code, *core_modules())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


_RUN_MAIN = """
import json, sys
from meshtui.cli import main
status = main(sys.argv[2:])
loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"status": status, "textual": loaded}, out)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["show", "--example"],
        ["show", "--example", "--format", "markdown", "--braille"],
        ["show", "--example", "--format", "json"],
        ["list"],
        ["list", "--json"],
        ["show", "Q3"],
        ["compare", "Q3", "EXAMPLE"],
        ["rename", "Q3", "Q3 final"],
        ["delete", "Q3", "--yes"],
        ["show", "no such session"],
    ],
)
def test_printing_commands_do_not_load_textual(
    run_cli: RunCli, tmp_path: Path, saved_session: SavedSession, args: list[str]
) -> None:
    saved_session("Q3", [3] * 8)
    args = [str(example_session_path()) if a == "EXAMPLE" else a for a in args]
    report = tmp_path / "report.json"
    result = run_python(run_cli, _RUN_MAIN, str(report), *args)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(report.read_text(encoding="utf-8"))
    assert outcome["status"] == (1 if args[-1] == "no such session" else 0), result.stderr
    assert outcome["textual"] == []


@pytest.mark.parametrize("args", [["show", "--example"], ["list"]])
def test_python_m_meshtui_does_not_import_textual(run_cli: RunCli, args: list[str]) -> None:
    result = run_cli(*args, program=[sys.executable, "-X", "importtime", "-m", "meshtui"])
    assert result.returncode == 0, result.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    # Sanity: the import log is there and lists meshtui's own modules.
    assert "meshtui.cli" in imported
    assert not [name for name in imported if name.split(".")[0] == "textual"]
