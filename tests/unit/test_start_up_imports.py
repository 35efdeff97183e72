"""Start-up imports only what the first screen needs (issue 9, start-up time).

``meshtui resume`` imports the command line, then the app and its interview
screen, before anything is drawn. Modules that only some moments need are
imported where they are used instead: merging (only once another program
saved the same session), plain mode, the reports and the roll-ups, and
``secrets`` (with ``hmac`` and ``hashlib``). Each costs about a millisecond
that every start would pay. tests/e2e/test_resume_start_up.py checks the same
on the installed app in a terminal, up to its first screen.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import RunCliProcess

#: Imported only when they are used; never at start-up.
LATER = (
    "meshtui.merge",
    "meshtui.plain",
    "meshtui.reports",
    "meshtui.aggregate",
    "meshtui.history",
    "secrets",
    "hmac",
    "hashlib",
)


def is_later(module: str) -> bool:
    """True for a module of LATER or one of its submodules."""
    return any(module == name or module.startswith(f"{name}.") for name in LATER)


#: Prints, one a line, the modules of LATER (and their submodules) loaded
#: after importing the modules named in argv, then "imported" as a sign it ran.
_LOADED_AFTER_IMPORT = """
import importlib, sys
for name in sys.argv[2:]:
    importlib.import_module(name)
later = sys.argv[1].split(",")
for loaded in sorted(sys.modules):
    if any(loaded == name or loaded.startswith(name + ".") for name in later):
        print(loaded)
print("imported")
"""


def loaded_later_modules(run_cli_process: RunCliProcess, *modules: str) -> list[str]:
    """The modules of LATER loaded by importing ``modules`` in a fresh interpreter."""
    result: subprocess.CompletedProcess[str] = run_cli_process(
        ",".join(LATER),
        *modules,
        program=[sys.executable, "-c", _LOADED_AFTER_IMPORT],
    )
    assert result.returncode == 0, result.stderr
    *loaded, last = result.stdout.splitlines()
    assert last == "imported"
    return loaded


def test_the_command_line_imports_none_of_the_later_modules(
    run_cli_process: RunCliProcess,
) -> None:
    assert loaded_later_modules(run_cli_process, "meshtui.cli") == []


def test_the_app_and_its_interview_import_none_of_the_later_modules(
    run_cli_process: RunCliProcess,
) -> None:
    modules = ("meshtui.cli", "meshtui.app.app", "meshtui.app.screens.interview")
    assert loaded_later_modules(run_cli_process, *modules) == []


def test_the_check_sees_a_later_module_when_it_is_loaded(
    run_cli_process: RunCliProcess,
) -> None:
    # Not blind: importing them directly shows up.
    loaded = loaded_later_modules(run_cli_process, "meshtui.merge", "meshtui.reports")
    assert {"meshtui.merge", "meshtui.reports"} <= set(loaded)
