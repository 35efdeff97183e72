"""On an ASCII-only terminal the printing commands print nothing but ASCII."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from meshtui.content import example_session_path
from tests.conftest import RunCli

EXAMPLE = str(example_session_path())


@pytest.mark.parametrize(
    "env",
    [
        {"TERM": "linux"},
        {"MESHTUI_ASCII": "1"},
        {"LC_ALL": "C"},
        {"LANG": "C", "LC_ALL": None, "LC_CTYPE": None},
    ],
    ids=["linux-console", "MESHTUI_ASCII", "LC_ALL=C", "LANG=C"],
)
@pytest.mark.parametrize(
    "args",
    [("show", "--example"), ("list",), ("compare", EXAMPLE, EXAMPLE)],
    ids=["show", "list", "compare"],
)
def test_text_output_is_plain_ascii(
    run_cli: RunCli,
    saved_session: Callable[..., Path],
    env: dict[str, str],
    args: tuple[str, ...],
) -> None:
    saved_session("Listed", [3, 4, None, None, None, None, None, None], organization="Acme")
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert "Listed" in result.stdout or args[0] != "list"
    assert result.stdout.isascii(), [ch for ch in result.stdout if not ch.isascii()][:5]


def test_unicode_terminal_keeps_its_box_drawing(run_cli: RunCli) -> None:
    result = run_cli(
        "show",
        "--example",
        env={
            "TERM": "xterm-256color",
            "MESHTUI_ASCII": None,
            "LANG": "C.UTF-8",
            "LC_ALL": None,
            "LC_CTYPE": None,
        },
    )
    assert result.returncode == 0, result.stderr
    assert not result.stdout.isascii()
