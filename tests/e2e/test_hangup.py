"""End to end: the full-screen app ends in order when its terminal goes away (issue 11).

A hang-up (SIGHUP: tmux closing the pane, an ssh connection dropping) or a
termination (SIGTERM) must leave every answer on disk and the session free
for the next meshtui at once. So must a terminal that closes without any
signal, which Textual alone never notices.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import cli_env
from tests.e2e.test_tmux import (
    Tmux,
    app_env,
    meshtui_program,
    note_is_focused,
    require_tmux,
    shows_criterion,
)

pytestmark = pytest.mark.e2e

TIMEOUT = 30.0


def answers_on_disk(data_dir: Path, name: str) -> dict[str, dict[str, object]]:
    data = tomllib.loads((data_dir / "sessions" / f"{name}.toml").read_text(encoding="utf-8"))
    answers = data.get("answers", {})
    assert isinstance(answers, dict)
    return answers


def meshtui_pid(tmux: Tmux) -> int:
    """The meshtui process in the pane: the child of the pane's small status shell."""
    shell = tmux.run("display", "-p", "-t", "main", "#{pane_pid}").strip()
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["pgrep", "-P", shell], capture_output=True, text=True, check=False
        ).stdout.split()
        if found:
            return int(found[0])
        time.sleep(0.05)
    raise AssertionError("no meshtui process in the pane")


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_signal_keeps_the_answers_and_frees_the_session(tmp_path: Path, signum: int) -> None:
    tmux_program = require_tmux()
    program = str(meshtui_program())
    env = app_env(tmp_path)
    data_dir = tmp_path / "data"
    first = Tmux(tmux_program, tmp_path / "first")
    second = Tmux(tmux_program, tmp_path / "second")
    for server in (first, second):
        server.workdir.mkdir()
    try:
        first.start([program, "new", "hup"], env)
        first.wait_for("the first criterion", shows_criterion(0))
        first.keys("4")
        first.wait_for_text("Rated 4")
        first.keys("Right")
        first.wait_for("the second criterion", shows_criterion(1))
        first.keys("3")
        first.wait_for_text("Rated 3")
        first.keys("e")
        first.wait_for("the note to take focus", note_is_focused)
        first.type("said half")
        first.wait_for_text("said half")

        os.kill(meshtui_pid(first), signum)
        assert first.wait_for_exit() == 128 + signum
        answers = answers_on_disk(data_dir, "hup")
        assert answers["organizational_complexity"]["score"] == 4
        assert answers["data_oriented_strategy"]["score"] == 3
        assert answers["data_oriented_strategy"]["note"] == "said half"
        assert not (data_dir / "sessions" / ".hup.toml.lock").exists()

        # A second meshtui edits at once: not read-only, and its answer is saved.
        second.start([program, "resume", "hup"], env)
        screen = second.wait_for("the first open criterion", shows_criterion(2))
        assert "Read-only" not in screen, screen
        second.keys("5")
        second.wait_for_text("Rated 5")
        deadline = time.monotonic() + TIMEOUT
        while answers_on_disk(data_dir, "hup").get("executive_support", {}).get("score") != 5:
            assert time.monotonic() < deadline, "the second meshtui's answer was not saved"
            time.sleep(0.05)
        second.keys("q")
        assert second.wait_for_exit() == 0
    finally:
        first.close()
        second.close()


def test_a_terminal_that_closes_without_a_signal_ends_the_app(tmp_path: Path) -> None:
    """The pty's other end closes, and no SIGHUP comes (the app has no controlling
    terminal): the app must notice by itself, save and exit."""
    import fcntl
    import pty
    import struct
    import termios

    data_dir = tmp_path / "data"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = cli_env(data_dir, {"TERM": "xterm-256color", "NO_COLOR": None})
    process = subprocess.Popen(
        [sys.executable, "-m", "meshtui", "new", "closed"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=tmp_path,
        start_new_session=True,  # no controlling terminal: closing it sends no signal
    )
    os.close(slave)
    screen = bytearray()
    try:
        deadline = time.monotonic() + TIMEOUT
        while b"answered" not in screen:
            assert time.monotonic() < deadline, bytes(screen[-300:])
            if select.select([master], [], [], 0.2)[0]:
                screen += os.read(master, 65536)
        os.write(master, b"2")
        deadline = time.monotonic() + TIMEOUT
        while answers_on_disk(data_dir, "closed").get("organizational_complexity") is None:
            assert time.monotonic() < deadline, "the answer was not saved"
            if select.select([master], [], [], 0.05)[0]:
                os.read(master, 65536)
    finally:
        os.close(master)
    try:
        status = process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("meshtui kept running after its terminal closed")
    assert status == 128 + signal.SIGHUP
    assert answers_on_disk(data_dir, "closed")["organizational_complexity"]["score"] == 2
    assert not (data_dir / "sessions" / ".closed.toml.lock").exists()
