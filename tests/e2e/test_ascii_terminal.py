"""ASCII means ASCII (issues 9 and 14): not one byte above 0x7E on a non-UTF-8 terminal.

The installed app runs in a bare pseudo-terminal with ``LC_ALL=C``,
``LANG=C``, ``TERM=linux`` or ``MESHTUI_ASCII=1``, and is walked through the
sessions list, the rename dialog, help, the command palette, a criterion
with its note editor, a toast (the braille notice) and the summary. Every
byte it writes is kept and checked, with a session name, participants and a
note full of non-ASCII text, and the braille preference on. The printing
commands are checked the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from meshtui.app.workspace import NO_BRAILLE_NOTE
from meshtui.store import SessionStore, ensure_private_dir, save_session
from tests.conftest import RunCliProcess, build_session
from tests.e2e.pty_app import PtyApp, settle
from tests.e2e.test_tmux import app_env, meshtui_program

NAME = "Müller ✓ 日本"
ASCII_TERMINALS = [
    {"LC_ALL": "C", "LANG": "C"},
    {"LANG": "C", "LC_ALL": None, "LC_CTYPE": None},
    {"TERM": "linux", "LANG": "C.UTF-8"},
    {"MESHTUI_ASCII": "1", "LANG": "C.UTF-8"},
]
IDS = ["LC_ALL=C", "LANG=C", "TERM=linux", "MESHTUI_ASCII=1"]


def above_0x7e(output: bytes) -> list[bytes]:
    """The first few places where a byte above 0x7E was sent, with some context."""
    return [output[max(0, i - 30) : i + 10] for i, b in enumerate(output) if b > 0x7E][:5]


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    store = SessionStore(tmp_path / "data")
    ensure_private_dir(store.sessions_dir)
    session = build_session(
        NAME,
        [1, 3, None, None, None, None, None, None],
        {"organizational_complexity": "naïve “quotes” … → done"},
        organization="Zürich Ägypten",
        participants=["Zoë", "Bén"],
    )
    save_session(store.new_path(session.name), session)
    config = tmp_path / "config"
    config.mkdir()
    # The remembered preference is braille: it must not apply here.
    (config / "config.toml").write_text("braille = true\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    yield work


#: The whole walk runs on two of the terminals (the rule itself is unit-tested
#: in tests/app/test_terminal.py); the others open a session and its summary.
WALK = (
    b"r",  # the rename dialog
    b"\x1b",
    b"?",  # help
    b"\x1b",
    b"\x10",  # ctrl+p: the command palette
    b"\x1b",
    b"\r",  # open the session: who are you?
    b"0",  # the facilitator: a criterion
    b"\x1b[D\x1b[D",  # to A, with the note
    b"e",  # the note editor
    b"\x1b",
    b"b",  # a toast: braille cannot be shown here
    b"s",  # the summary
)
SHORT_WALK = (b"\r", b"0", b"s")


@pytest.mark.parametrize(
    ("terminal", "walk"),
    [
        pytest.param(terminal, WALK if index in (0, 2) else SHORT_WALK, id=name)
        for index, (terminal, name) in enumerate(zip(ASCII_TERMINALS, IDS, strict=True))
    ],
)
def test_every_screen_sends_only_ascii(
    terminal: dict[str, str | None], walk: tuple[bytes, ...], tmp_path: Path, workdir: Path
) -> None:
    env = app_env(tmp_path, **{"LC_ALL": None, "LC_CTYPE": None, **terminal})
    app = PtyApp([str(meshtui_program())], env, workdir)
    try:
        app.wait_for_text("Muller")
        for keys in walk:
            mark = len(app.output)
            app.write(keys)
            settle(app, mark)
        app.write(b"q")
        assert app.wait_for_exit() == 0
    finally:
        app.close()
    assert above_0x7e(app.output) == []
    text = app.text()
    # The remembered braille does not apply: a line under the radar says why.
    shown = ("Rename session", "Search for commands", "Medium", NO_BRAILLE_NOTE, "Verdict")
    for seen in shown if walk == WALK else ("Medium", NO_BRAILLE_NOTE, "Verdict"):
        assert seen in text, f"{seen!r} was never drawn: the walk did not reach that screen"
    assert "Muller" in text and "Zoe" in text
    assert "naive" in text or walk != WALK


@pytest.mark.parametrize("terminal", ASCII_TERMINALS, ids=IDS)
@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("show", NAME),
        ("show", NAME, "--braille"),
        ("show", NAME, "--format", "markdown"),
        ("history", "Zürich Ägypten"),
    ],
    ids=["list", "show", "show-braille", "show-markdown", "history"],
)
def test_printing_commands_send_only_ascii(
    terminal: dict[str, str | None],
    command: tuple[str, ...],
    run_cli_process: RunCliProcess,
    workdir: Path,
    tmp_path: Path,
) -> None:
    env = {
        **app_env(tmp_path, **{"LC_ALL": None, "LC_CTYPE": None, **terminal}),
        "NO_COLOR": None,
    }
    result = run_cli_process(*command, env=env, program=[str(meshtui_program())], terminal=(80, 24))
    assert result.returncode == 0, result.stderr
    output = result.stdout.encode("utf-8")
    assert above_0x7e(output) == []
    assert "Muller" in result.stdout or command[0] == "history"
    if "--braille" in command:
        # The ASCII radar, not braille made into dots, and a word on why.
        assert "braille needs a UTF-8 terminal" in result.stderr


def test_a_utf8_terminal_keeps_its_glyphs(tmp_path: Path, workdir: Path) -> None:
    """The other side of the rule: with a UTF-8 locale the name is sent as it is."""
    env = app_env(tmp_path, LC_ALL=None, LC_CTYPE=None, LANG="C.UTF-8", MESHTUI_ASCII=None)
    app = PtyApp([str(meshtui_program())], env, workdir)
    try:
        app.wait_for_text(NAME)
        app.write(b"q")
        assert app.wait_for_exit() == 0
    finally:
        app.close()
    assert json.dumps(NAME, ensure_ascii=False).strip('"') in app.text()
