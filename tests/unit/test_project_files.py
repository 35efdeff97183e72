"""The README's set-up commands are the ones CI runs, word for word."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT


def quick_start_commands() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_is_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    install, tests = commands
    assert "pip install ." in install and install.endswith("meshtui")
    assert "pip install '.[test]'" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = quick_start_commands()[1]
    assert test_command in ci.splitlines()
