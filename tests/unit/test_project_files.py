"""The README's set-up commands are the ones CI runs, word for word."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT


def quick_start() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]


def quick_start_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", quick_start())


def test_quick_start_is_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    install, tests = commands
    assert "pip install ." in install and install.endswith("meshtui")
    assert "pip install '.[test]'" in tests and "pytest" in tests


def test_quick_start_works_where_the_system_python_is_externally_managed() -> None:
    # PEP 668 (Debian 12, Ubuntu 23.04 on): pip refuses to install into the
    # system Python, so each command makes and uses a virtual environment.
    for command in quick_start_commands():
        assert command.startswith("python3 -m venv .venv && .venv/bin/"), command
        assert "python3 -m pip" not in command
    # The ecosystem's usual ways to install a command-line tool are shown too.
    assert "`pipx install .`" in quick_start()
    assert "`uv tool install .`" in quick_start()


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = quick_start_commands()[1]
    assert test_command in ci.splitlines()
