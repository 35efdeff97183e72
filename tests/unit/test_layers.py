"""Only the app loads Textual: the core and the printing commands never do (sections 3-6)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from meshtui.content import assets_dir, example_session_path
from tests.conftest import RunCliProcess, parsed_source

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
        "meshtui.reports",
        "meshtui.reports.build",
        "meshtui.reports.document",
        "meshtui.reports.html",
        "meshtui.reports.svg",
        "meshtui.literal",
    } <= modules
    assert not any(m.startswith("meshtui.app") for m in modules)


def test_no_core_file_imports_textual() -> None:
    offenders = []
    for path in core_files():
        tree = parsed_source(path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                if name == "textual" or name.startswith("textual."):
                    offenders.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
                # The app is imported only lazily, inside a function (cli's app commands).
                if name.startswith("meshtui.app") and node.col_offset == 0:
                    offenders.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert offenders == []


def test_no_module_imports_another_modules_private_names() -> None:
    offenders = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = parsed_source(path)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("meshtui"):
                private = [
                    a.name for a in node.names if a.name.startswith("_") and a.name[1] != "_"
                ]
                offenders += [f"{path.relative_to(REPO_ROOT)}: {name}" for name in private]
    assert offenders == []


def run_python(
    run_cli_process: RunCliProcess, code: str, *args: str
) -> subprocess.CompletedProcess[str]:
    """``python -c CODE ARGS...`` in the same environment as the command-line tests."""
    return run_cli_process(*args, program=[sys.executable, "-c", code])


def test_importing_every_core_module_does_not_load_textual(
    run_cli_process: RunCliProcess,
) -> None:
    code = (
        "import importlib, json, sys\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    result = run_python(run_cli_process, code, *core_modules())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


#: Runs ``main(ARGS)`` for each ARGS in turn in one fresh interpreter and
#: records, after each, its status and the Textual modules loaded so far: a
#: module once loaded stays loaded, so the first command that loads Textual is
#: the one that shows it.
_RUN_MAIN = """
import json, sys
from meshtui.cli import main
outcomes = []
for argv in json.loads(sys.argv[2]):
    status = main(argv)
    loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')
    outcomes.append({"args": argv, "status": status, "textual": loaded})
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(outcomes, out)
"""

EXAMPLES = assets_dir() / "examples"
TEAMS = str(EXAMPLES / "daff-teams")
Q3 = str(EXAMPLES / "daff-quarters" / "daff-2026-q3.toml")

#: Each printing command with its exit status, in the order they run (the
#: rename and delete come last: they change the session the others read).
PRINTING_COMMANDS: list[tuple[list[str], int]] = [
    (["show", "--example"], 0),
    (["show", "--example", "--format", "markdown", "--braille"], 0),
    (["show", "--example", "--format", "json"], 0),
    (["show", "--example", "--format", "html"], 0),
    (["show", "--example", "--format", "svg"], 0),
    (["show", "--example", "--no-radar"], 0),
    (["list"], 0),
    (["list", "--json"], 0),
    (["show", "Q3"], 0),
    (["compare", "Q3", str(example_session_path())], 0),
    (["aggregate", "--dir", TEAMS], 0),
    (["aggregate", "--dir", TEAMS, "--format", "markdown"], 0),
    (["aggregate", "--dir", TEAMS, "--format", "csv"], 0),
    (["history", "--dir", str(EXAMPLES / "daff-quarters")], 0),
    (["history", "--dir", str(EXAMPLES / "daff-quarters"), "--format", "json"], 0),
    (["show", Q3, "--against"], 0),
    (["show", Q3, "--format", "csv"], 0),
    (["show", "no such session"], 1),
    (["rename", "Q3", "Q3 final"], 0),
    (["delete", "Q3 final", "--yes"], 0),
]


def test_printing_commands_do_not_load_textual(
    run_cli_process: RunCliProcess, tmp_path: Path, saved_session: SavedSession
) -> None:
    saved_session("Q3", [3] * 8)
    report = tmp_path / "report.json"
    commands = json.dumps([args for args, _ in PRINTING_COMMANDS])
    result = run_python(run_cli_process, _RUN_MAIN, str(report), commands)
    assert result.returncode == 0, result.stderr
    outcomes = json.loads(report.read_text(encoding="utf-8"))
    assert outcomes == [
        {"args": args, "status": status, "textual": []} for args, status in PRINTING_COMMANDS
    ], result.stderr


@pytest.mark.parametrize("args", [["show", "--example"], ["list"]])
def test_python_m_meshtui_does_not_import_textual(
    run_cli_process: RunCliProcess, args: list[str]
) -> None:
    result = run_cli_process(*args, program=[sys.executable, "-X", "importtime", "-m", "meshtui"])
    assert result.returncode == 0, result.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    # Sanity: the import log is there and lists meshtui's own modules.
    assert "meshtui.cli" in imported
    assert not [name for name in imported if name.split(".")[0] == "textual"]
