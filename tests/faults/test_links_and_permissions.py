"""Symbolic links, lock files, permissions and crash leftovers (issue 8: 1, 6, 9, 10).

Nothing is ever written through a link; the lock is on the resolved file and
must be a regular file; folders get explicit modes; only our own real folders
are tightened, others are warned about; stale leftovers go, live ones stay.
Real files, real processes, real locks.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from meshtui.files import FileProblem, lock_path_for, write_atomic
from meshtui.presence import present
from meshtui.session_file import Mode, OpenSession
from meshtui.store import SessionStore
from tests.conftest import REPO_ROOT, cli_env
from tests.factories import write_session


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_lock_file_symlink_never_touches_its_target(
    sessions_dir: Path, store: SessionStore, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    path = write_session(sessions_dir / "x.toml", name="X")
    (sessions_dir / ".x.toml.lock").symlink_to(victim)
    opened = OpenSession.open(path, store)
    # The save cannot take the write lock: the answer goes to a recovery file.
    opened.rate("early_adopter", 4)
    assert opened.path != path and "not a regular file" in opened.message
    opened.close()
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert (sessions_dir / ".x.toml.lock").is_symlink()


def test_a_lock_path_that_is_a_folder_is_not_locked_by_us(
    sessions_dir: Path, store: SessionStore
) -> None:
    path = write_session(sessions_dir / "x.toml", name="X")
    (sessions_dir / ".x.toml.lock").mkdir()
    opened = OpenSession.open(path, store)
    opened.rate("early_adopter", 4)
    assert opened.path != path and "not a regular file" in opened.message
    opened.close()
    assert (sessions_dir / ".x.toml.lock").is_dir()


def test_a_symlink_and_its_target_share_one_file(
    sessions_dir: Path, store: SessionStore, tmp_path: Path
) -> None:
    real = write_session(tmp_path / "real.toml", name="Real")
    link = sessions_dir / "linked.toml"
    link.symlink_to(real)
    first = OpenSession.open(link, store)
    second = OpenSession.open(real, store)
    assert first.mode is Mode.EDITING and second.mode is Mode.EDITING
    assert first.path == second.path == real.resolve()
    first.rate("early_adopter", 4)
    second.rate("modern_engineering", 2)
    first.close()
    second.close()
    # The link is still a link, and both answers are in the file it points to.
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "score = 4" in real.read_text(encoding="utf-8")
    assert "score = 2" in real.read_text(encoding="utf-8")


def test_write_atomic_refuses_a_link_and_leaves_its_target(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "report.md"
    link.symlink_to(victim)
    with pytest.raises(FileProblem, match="symbolic link"):
        write_atomic(link, b"report")
    assert victim.read_text(encoding="utf-8") == "precious\n" and link.is_symlink()
    result = subprocess.run(
        [sys.executable, "-m", "meshtui", "show", "--example", "-o", str(link)],
        capture_output=True,
        text=True,
        env=cli_env(tmp_path / "data"),
        timeout=60,
        check=False,
    )
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_a_symlinked_sessions_folder_is_never_chmod_ed(data_dir: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    data_dir.mkdir()
    (data_dir / "sessions").symlink_to(shared)
    store = SessionStore(data_dir)
    path, _, _ = store.create("Q1")
    OpenSession.open(path, store).close()
    assert mode_of(shared) == 0o755


def test_an_open_folder_of_ours_is_tightened_on_resume(
    sessions_dir: Path, store: SessionStore
) -> None:
    path = write_session(sessions_dir / "x.toml", name="X")
    sessions_dir.chmod(0o777)
    OpenSession.open(path, store).close()
    assert mode_of(sessions_dir) == 0o700


def test_folders_are_0700_under_umask_000(tmp_path: Path) -> None:
    script = (
        "import os, sys\nfrom pathlib import Path\nfrom meshtui.store import SessionStore\n"
        "os.umask(0)\nSessionStore(Path(sys.argv[1])).create('Q1')\n"
    )
    data_dir = tmp_path / "deep" / "data"
    subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
        check=True,
        timeout=60,
    )
    for folder in (tmp_path / "deep", data_dir, data_dir / "sessions"):
        assert mode_of(folder) == 0o700, folder
    assert mode_of(data_dir / "sessions" / "q1.toml") == 0o600


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_of_another_user_is_warned_about_and_left_alone(
    data_dir: Path, store: SessionStore
) -> None:
    store.create("Q1")
    os.chown(store.sessions_dir, 1, 1)
    store.sessions_dir.chmod(0o777)
    result = subprocess.run(
        [sys.executable, "-m", "meshtui", "list"],
        capture_output=True,
        text=True,
        env=cli_env(data_dir),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert any("belongs to another user" in line for line in warnings)
    assert any("writable by other users (mode 0777)" in line for line in warnings)
    assert mode_of(store.sessions_dir) == 0o777  # warned about, never changed


_HOLD_TEMP = """
import fcntl, sys, time
handle = open(sys.argv[1], "wb")
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(600)
"""


def test_stale_leftovers_go_and_live_ones_stay(sessions_dir: Path, store: SessionStore) -> None:
    path = write_session(sessions_dir / "x.toml", name="X")
    stale_temp = sessions_dir / ".x.toml.abc123.tmp"
    stale_temp.write_bytes(b"half a sess")
    old = time.time() - 3600
    os.utime(stale_temp, (old, old))
    stale_lock = sessions_dir / ".gone.toml.lock"
    stale_lock.write_text("123\nsomeone\nhost\nearlier\n", encoding="utf-8")
    # Another program's hidden files in a shared folder are never touched.
    others = [sessions_dir / ".build.lock", sessions_dir / ".notes.md.abc.tmp"]
    for other in others:
        other.write_text("theirs\n", encoding="utf-8")
        os.utime(other, (old, old))
    live_temp = sessions_dir / ".x.toml.live99.tmp"
    live_temp.write_bytes(b"")
    os.utime(live_temp, (old, old))
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_TEMP, str(live_temp)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        opened = OpenSession.open(path, store)
        assert opened.mode is Mode.EDITING
        assert not stale_temp.exists() and not stale_lock.exists()
        assert live_temp.exists()  # another process is writing it
        assert all(other.read_text(encoding="utf-8") == "theirs\n" for other in others)
        # No lock is held while the session is only open; its presence entry is.
        assert not lock_path_for(path).exists()
        assert [p.who for p in opened.here()] == ["facilitator"]
        opened.close()
    finally:
        holder.kill()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
    assert not lock_path_for(path).exists() and present(path) == []
