"""End to end in GNU screen: the installed app inside ``screen``, driven with ``stuff``.

Like the tmux tests, each test runs its own screen server (a private
``SCREENDIR``, a config file of our own, no user screenrc) and reads the
screen with ``hardcopy``. Inside screen the app asks for no mouse reports
(screen's are garbled), and screen's garbled reports typed in anyway
(``stuff`` sends bytes as the terminal would) change nothing.

Without ``screen`` the tests are skipped, except under CI, where ``.ci/run``
installs it and a skip would hide a broken setup.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from tests.conftest import require_program
from tests.e2e.test_tmux import CRITERIA, app_env, meshtui_program, shows_criterion, strip_for

TIMEOUT = 20.0
POLL = 0.1
SCORES = (2, 4, 3, 5, 1, 3, 4, 2)
NOTE = "tried in screen 42"
#: GNU screen forwards mouse moves, clicks and wheel notches like this.
GARBLED_MOUSE = "\x1b[M35;24;17M\x1b[M32;9;20M\x1b[M35;9;20M\x1b[M96;40;10M"


def require_screen() -> str:
    return require_program("screen", "GNU screen: Debian's screen")


class Screen:
    """One private GNU screen session running one command in an 80x24 window."""

    def __init__(self, screen: str, workdir: Path) -> None:
        self.screen = screen
        self.name = f"meshtui-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.socket_dir = Path(tempfile.mkdtemp(prefix="meshtui-screen-"))
        self.socket_dir.chmod(0o700)
        self.workdir = workdir
        self.config = workdir / "screenrc"
        self.config.write_text(
            "startup_message off\ndefutf8 on\nhardcopy_append off\n", encoding="utf-8"
        )
        self.copy = workdir / "hardcopy.txt"
        self.status_file = workdir / "exit-status"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "STY"))},
            "SCREENDIR": str(self.socket_dir),
        }

    def _screen(self, *args: str, check: bool = True) -> bool:
        result = subprocess.run(
            [self.screen, "-S", self.name, *args],
            env=self.env,
            cwd=self.workdir,
            capture_output=True,
            timeout=10,
            check=check,
        )
        return result.returncode == 0

    def start(self, command: Sequence[str], env: Mapping[str, str | None]) -> None:
        settings = [f"{k}={v}" for k, v in env.items() if v is not None]
        removed = [f"--unset={k}" for k, v in env.items() if v is None]
        wrapped = [
            "/bin/sh",
            "-c",
            'status=$1; shift; "$@"; echo $? > "$status.tmp"; mv "$status.tmp" "$status"',
            "sh",
            str(self.status_file),
            "env",
            *removed,
            *settings,
            *command,
        ]
        self._screen("-c", str(self.config), "-d", "-m", *wrapped)

    def stuff(self, text: str) -> None:
        """Type ``text`` into the window, as the terminal would send it."""
        self._screen("-X", "stuff", text)

    def text(self) -> str:
        """The window's text; empty while the session is not up yet (``-d -m``
        returns before screen's socket exists)."""
        self.copy.unlink(missing_ok=True)
        if not self._screen("-X", "hardcopy", str(self.copy), check=False):
            return ""
        deadline = time.monotonic() + TIMEOUT
        while not self.copy.exists():
            if time.monotonic() > deadline:
                raise AssertionError("screen wrote no hardcopy")
            time.sleep(POLL)
        return self.copy.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, what: str, ready: Callable[[str], bool]) -> str:
        deadline = time.monotonic() + TIMEOUT
        while True:
            if self.exit_status() is not None:
                raise AssertionError(f"meshtui exited while waiting for {what}")
            shown = self.text()
            if ready(shown):
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen:\n{shown}")
            time.sleep(POLL)

    def exit_status(self) -> int | None:
        try:
            return int(self.status_file.read_text(encoding="ascii"))
        except FileNotFoundError:
            return None

    def wait_for_exit(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while (status := self.exit_status()) is None:
            if time.monotonic() > deadline:
                raise AssertionError("meshtui did not exit in screen")
            time.sleep(POLL)
        return status

    def close(self) -> None:
        subprocess.run(
            [self.screen, "-S", self.name, "-X", "quit"],
            env=self.env,
            capture_output=True,
            timeout=10,
            check=False,
        )
        shutil.rmtree(self.socket_dir, ignore_errors=True)


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[Screen]:
    server = Screen(require_screen(), tmp_path)
    try:
        yield server
    finally:
        server.close()


def test_rate_all_in_gnu_screen_and_check_the_file(screen: Screen, tmp_path: Path) -> None:
    # TERM and STY come from screen itself, as for a user.
    env = app_env(tmp_path, TERM=None)
    screen.start([str(meshtui_program()), "new", "Screen check", "--org", "Acme"], env)
    screen.wait_for("the first criterion", shows_criterion(0))

    answered: list[int | None] = [None] * 8
    for index, score in enumerate(SCORES):
        screen.wait_for(f"criterion {index + 1}", shows_criterion(index))
        screen.stuff(GARBLED_MOUSE)  # the mouse moved and clicked over the text
        screen.stuff(str(score))
        answered[index] = score
        shown = screen.wait_for(f"rated {score}", lambda s: strip_for(answered) in s)
        assert f"[{score}]" in shown, shown
        if index == 2:
            screen.stuff("e")
            screen.wait_for("the note editor", lambda s: "1-5 Rate" not in s)
            screen.stuff(GARBLED_MOUSE + NOTE)
            screen.wait_for("the note", lambda s: NOTE in s)
            screen.stuff("\x1b")
            screen.wait_for("the note to let go", lambda s: "1-5 Rate" in s)
        if index < 7:
            screen.stuff("\x1b[C")  # Right
    screen.wait_for("all answered", lambda s: "8/8 answered" in s)
    screen.stuff("q")
    assert screen.wait_for_exit() == 0

    (path,) = (tmp_path / "data" / "sessions").glob("*.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["name"] == "Screen check"
    for (criterion_id, _, _), score in zip(CRITERIA, SCORES, strict=True):
        assert data["answers"][criterion_id]["score"] == score, (criterion_id, data)
    assert data["answers"][CRITERIA[2][0]]["note"] == NOTE
