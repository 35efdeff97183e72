"""A save that fails is visible and nothing is lost (issue 8, failure 2).

A real process whose file-size limit makes every write fail with EFBIG (as a
full disk would; root ignores permissions, so chmod cannot simulate this):
``save_problem`` says so until a save works, ``retry_save`` tries again, and
``save_copy`` writes the answers to another folder and carries on there. The
app, in a real terminal under ``ulimit -f``, shows NOT SAVED at once and
refuses to quit (``ulimit -f 0``: no write can succeed).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from meshtui.session_format import load_session
from meshtui.store import SessionStore
from tests.conftest import REPO_ROOT, cli_env
from tests.factories import write_session

SCRIPT = """
import resource, sys
from pathlib import Path
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore
opened = OpenSession.open(Path(sys.argv[1]), SessionStore(Path(sys.argv[2])))
print(opened.save_problem)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))
opened.rate("early_adopter", 4)
print(opened.save_problem is not None and "Not saved" in opened.save_problem)
print(opened.retry_save())
try:
    opened.save_copy(Path(sys.argv[3]))
except Exception as exc:
    print(type(exc).__name__)
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
copy = opened.save_copy(Path(sys.argv[3]))
print(copy)
print(opened.save_problem)
opened.rate("modern_engineering", 2)
opened.close()
"""


def test_save_problem_retry_and_copy(
    sessions_dir: Path, store: SessionStore, tmp_path: Path
) -> None:
    path = write_session(sessions_dir / "full.toml", name="Full", scores=[3, 3])
    before = path.read_bytes()
    elsewhere = tmp_path / "elsewhere"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path), str(store.data_dir), str(elsewhere)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    none_at_first, problem_shown, retried, copy_failed, copy, none_after = (
        result.stdout.splitlines()
    )
    assert (none_at_first, problem_shown, retried) == ("None", "True", "False")
    assert copy_failed == "SessionError"  # under the limit the copy fails too, cleanly
    assert none_after == "None"
    assert Path(copy).parent == elsewhere
    # The copy holds every answer, and the change after it went there too.
    assert load_session(Path(copy)).scores()[:6] == [3, 3, None, None, 4, 2]
    assert path.read_bytes() == before  # the original was never half-written


RESCUE = """
import resource, sys
from pathlib import Path
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore
opened = OpenSession.open(Path(sys.argv[1]), SessionStore(Path(sys.argv[2])))
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))
opened.rate("early_adopter", 4)
print(opened.rescue())
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
print(opened.rescue())
print(opened.rescue())
"""


def test_the_last_resort_says_what_became_of_the_answers(
    sessions_dir: Path, store: SessionStore
) -> None:
    path = write_session(sessions_dir / "end.toml", name="End", scores=[3])
    result = subprocess.run(
        [sys.executable, "-c", RESCUE, str(path), str(store.data_dir)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    nowhere, back_in_place, nothing_left = result.stdout.splitlines()
    assert nowhere.startswith("your latest answers could not be saved anywhere: ")
    assert "File too large" in nowhere
    # Once writing works, the answers go into their own file; then nothing is pending.
    assert (back_in_place, nothing_left) == ("None", "None")
    assert load_session(path).score("early_adopter") == 4
    assert [p.name for p in sessions_dir.iterdir()] == ["end.toml"]  # no lock left behind


def tmux(socket: str, *args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=30, check=True
    ).stdout


def wait_for(socket: str, text: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux(socket, "capture-pane", "-p", "-t", "x")
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen:\n{screen}")


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_the_app_shows_a_failed_save_and_refuses_to_quit(
    sessions_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    path = write_session(sessions_dir / "full.toml", name="Full")
    before = path.read_bytes()
    meshtui = Path(sys.executable).parent / "meshtui"
    command = (
        f"{meshtui} resume {path}"
        if meshtui.exists()
        else f"{sys.executable} -m meshtui resume {path}"
    )
    env = cli_env(data_dir, {"TERM": "xterm-256color"})
    socket = f"meshtui-faults-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{key}='{value}'" for key, value in env.items() if "'" not in value)
    subprocess.run(
        [
            "tmux",
            "-L",
            socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "x",
            "-x",
            "80",
            "-y",
            "24",
            f"env -i {exports} bash -c 'ulimit -f 0; exec {command}'; sleep 600",
        ],
        check=True,
        timeout=30,
    )
    try:
        wait_for(socket, "Not rated yet")
        tmux(socket, "send-keys", "-t", "x", "4")
        wait_for(socket, "NOT SAVED")
        tmux(socket, "send-keys", "-t", "x", "q")
        screen = wait_for(socket, "Not quitting")
        assert "Write copy" in screen and "Try again" in screen
        tmux(socket, "send-keys", "-t", "x", "Escape")
        time.sleep(0.5)
        # Still running, still saying it, and the file was never torn.
        assert "NOT SAVED" in tmux(socket, "capture-pane", "-p", "-t", "x")
        assert path.read_bytes() == before
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], timeout=30, check=False)
