"""Presence entries and the short write lock (meshtui/presence.py, issue 13).

Real files in a temporary folder; a program that died is what it leaves
behind: an entry nobody holds a lock on.
"""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

import pytest

from meshtui.presence import (
    LockTimeout,
    NotARegularFile,
    Presence,
    PresenceEntry,
    present,
    write_lock,
    write_lock_path,
)


@pytest.fixture
def session_path(tmp_path: Path) -> Path:
    path = tmp_path / "q4.toml"
    path.write_text("version = 1\n", encoding="utf-8")
    return path


def test_an_open_session_lists_who_is_there_and_as_whom(session_path: Path) -> None:
    ana = PresenceEntry(session_path, "Ana", editing=True)
    watcher = PresenceEntry(session_path, "", editing=False)
    try:
        here = sorted(present(session_path), key=lambda p: p.who)
        assert [(p.who, p.editing, p.pid) for p in here] == [
            ("Ana", True, os.getpid()),
            ("facilitator", False, os.getpid()),
        ]
        assert present(session_path) == here  # oldest first
        assert here[1].describe().startswith("facilitator (") and "watching" in here[1].describe()
        assert ana.path is not None
        assert stat.S_IMODE(ana.path.stat().st_mode) == 0o600
    finally:
        ana.leave()
    assert [p.who for p in present(session_path)] == ["facilitator"]
    watcher.leave()
    assert present(session_path) == []
    assert sorted(p.name for p in session_path.parent.iterdir()) == ["q4.toml"]


def test_the_entry_of_a_program_that_died_is_removed(session_path: Path) -> None:
    """A killed program's entry stays on disk, but nobody holds its lock any more."""
    dead = Presence("Ben", True, "ben", "host", 999_999, "2026-11-24T09:00:00+00:00")
    left = session_path.parent / f".{session_path.name}.0123456789ab.here"
    left.write_text(dead.to_text(), encoding="utf-8")
    alive = PresenceEntry(session_path, "Ana", editing=True)
    try:
        assert [p.who for p in present(session_path)] == ["Ana"]
        assert not left.exists()
    finally:
        alive.leave()


def test_other_sessions_entries_and_links_are_not_counted(session_path: Path) -> None:
    other = session_path.with_name("q4-2.toml")
    elsewhere = PresenceEntry(other, "Cy", editing=True)
    target = session_path.parent / "target"
    target.write_text(Presence("Eve", True, "e", "h", 1, "x").to_text(), encoding="utf-8")
    (session_path.parent / f".{session_path.name}.evil.here").symlink_to(target)
    try:
        assert present(session_path) == []
        assert target.exists()
    finally:
        elsewhere.leave()


def test_the_write_lock_is_exclusive_and_waits_only_so_long(session_path: Path) -> None:
    with write_lock(session_path) as held:
        assert held
        with pytest.raises(LockTimeout), write_lock(session_path, wait=0.05):
            pass
        # Nothing is ever written into it.
        assert write_lock_path(session_path).read_bytes() == b""
    # Released and removed: the next save takes it at once.
    assert not write_lock_path(session_path).exists()
    with write_lock(session_path, wait=0) as held_again:
        assert held_again


def test_a_lock_held_by_an_older_meshtui_is_waited_for(session_path: Path) -> None:
    """Older versions hold .NAME.toml.lock for as long as they edit."""
    fd = os.open(write_lock_path(session_path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(LockTimeout), write_lock(session_path, wait=0.02):
            pass
    finally:
        os.close(fd)


def test_a_link_in_the_locks_place_is_refused_and_not_followed(session_path: Path) -> None:
    victim = session_path.parent / "victim"
    victim.write_text("keep me", encoding="utf-8")
    write_lock_path(session_path).symlink_to(victim)
    with pytest.raises(NotARegularFile), write_lock(session_path):
        pass
    assert victim.read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_in_a_read_only_folder_nothing_is_held_and_nothing_is_made(session_path: Path) -> None:
    folder = session_path.parent
    folder.chmod(0o500)
    try:
        entry = PresenceEntry(session_path, "Ana", editing=False)
        assert entry.path is None
        with write_lock(session_path) as held:
            assert not held
        assert sorted(p.name for p in folder.iterdir()) == ["q4.toml"]
    finally:
        folder.chmod(0o700)
