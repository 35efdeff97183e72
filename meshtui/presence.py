"""Who has a session open, and the short lock every save takes.

No Textual, no session format here. Two things live beside a session file
``NAME.toml`` in its folder, both hidden:

* ``.NAME.toml.lock``, the **write lock**: every save holds an exclusive
  ``flock`` on it for as long as it takes to re-read the file, merge and
  write it (milliseconds), then removes it and lets go. Nothing is ever
  written into it;
  it is opened ``O_NOFOLLOW`` and must be a regular file, so a link planted
  in its place is refused, never followed. The lock dies with its process,
  even on ``kill -9``.
* ``.NAME.toml.<token>.here``, one **presence entry** per program that has
  the session open: who (``--as``), whether they edit or only watch, user,
  host and process. The program holds an ``flock`` on its entry for as long
  as it has the session open; an entry nobody holds belongs to a program
  that died, and :func:`present` removes it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import socket
import stat
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

PRESENCE_SUFFIX = ".here"
WRITE_LOCK_SUFFIX = ".lock"
#: How long a save waits for another program's save before giving up (a save
#: holds the lock for milliseconds; this is for a machine that is very busy).
WRITE_LOCK_WAIT_SECONDS = 10.0
#: The longest pause between two tries for the lock. Short, because a writer
#: that saves again at once would otherwise win the lock every time (flock is
#: not fair to a program that sleeps between tries): seen as one writer starved
#: for over five seconds by another saving in a loop on a loaded machine.
WRITE_LOCK_LONGEST_PAUSE = 0.002
#: The most an entry may hold; they are a few dozen bytes.
_MAX_ENTRY_BYTES = 4096
_FILE_MODE = 0o600
_NOFOLLOW = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY


class LockTimeout(Exception):
    """Another program held the write lock for longer than a save may wait."""


class NotARegularFile(Exception):
    """A lock or presence file's place holds a link, a folder or a pipe."""


def write_lock_path(session_path: Path) -> Path:
    return session_path.parent / f".{session_path.name}{WRITE_LOCK_SUFFIX}"


def _open_regular(path: Path, flags: int) -> int:
    """Open without following a link; the result must be a regular file."""
    try:
        fd = os.open(path, flags | _NOFOLLOW, _FILE_MODE)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise NotARegularFile(
                f"{path} is not a regular file (a link, folder or pipe)"
            ) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotARegularFile(f"{path} is not a regular file")
    return fd


def _still_there(fd: int, path: Path) -> bool:
    """The open file is still the one at ``path`` (nobody removed or replaced it)."""
    try:
        return os.fstat(fd).st_ino == path.lstat().st_ino
    except FileNotFoundError:
        return False


@contextlib.contextmanager
def write_lock(session_path: Path, wait: float = WRITE_LOCK_WAIT_SECONDS) -> Iterator[bool]:
    """Hold the session's write lock for the ``with`` block.

    Yields True while holding it; False where no lock file can be made (a
    read-only folder: nothing can be written there either, and the write
    says so). LockTimeout after ``wait`` seconds of someone else's save;
    NotARegularFile if the lock's place holds something else.
    """
    path = write_lock_path(session_path)
    deadline = time.monotonic() + wait
    pause = 0.0002
    while True:
        try:
            fd = _open_regular(path, os.O_RDWR | os.O_CREAT)
        except OSError:
            yield False
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockTimeout(f"another program has been saving {session_path.name}") from None
            time.sleep(pause)
            pause = min(pause * 2, WRITE_LOCK_LONGEST_PAUSE)
            continue
        # A crash sweep may have removed an unheld lock file between our open
        # and our flock: then we hold a lock nobody else can see. Again.
        if not _still_there(fd, path):
            os.close(fd)
            continue
        try:
            yield True
        finally:
            # Removed while still held, so nothing is left beside the session;
            # a program that opened it meanwhile sees it gone and starts again.
            with contextlib.suppress(OSError):
                path.unlink()
            os.close(fd)
        return


# A NamedTuple, not a frozen dataclass: as immutable, and a fraction of the
# cost to define when the app starts (meshtui.radar says more).
class Presence(NamedTuple):
    """One program that has the session open."""

    #: The participant this program rates as, or "" for the facilitator.
    as_who: str
    editing: bool
    user: str
    host: str
    pid: int
    since: str

    @property
    def who(self) -> str:
        return self.as_who or "facilitator"

    def describe(self) -> str:
        """E.g. "Ana (ana@host1)" or "facilitator (bob@host2, watching)"."""
        watching = "" if self.editing else ", watching"
        return f"{self.who} ({self.user}@{self.host}{watching})"

    def to_text(self) -> str:
        fields = (self.as_who, "edit" if self.editing else "watch", self.user, self.host)
        return "\n".join((*fields, str(self.pid), self.since)) + "\n"

    @classmethod
    def from_text(cls, text: str) -> Presence | None:
        lines = text.split("\n")
        if len(lines) < 6 or not lines[4].isdigit():
            return None
        as_who, mode, user, host, pid, since = lines[:6]
        return cls(as_who, mode == "edit", user, host, int(pid), since)


def _user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class PresenceEntry:
    """This program's presence entry for one session, held until :meth:`leave`."""

    def __init__(self, session_path: Path, as_who: str, *, editing: bool) -> None:
        stamp = datetime.now(UTC).isoformat()
        self.presence = Presence(as_who, editing, _user(), socket.gethostname(), os.getpid(), stamp)
        self.path: Path | None = None
        self._fd: int | None = None
        # What secrets.token_hex(6) returns, without importing secrets (and with
        # it hmac and hashlib) at start-up.
        token = os.urandom(6).hex()
        path = session_path.parent / f".{session_path.name}.{token}{PRESENCE_SUFFIX}"
        # Made under another name, locked and filled, then renamed: a reader
        # never sees an entry that is not held yet (it would take it for dead).
        making = path.with_name(f"{path.name}.tmp")
        try:
            fd = _open_regular(making, os.O_RDWR | os.O_CREAT | os.O_EXCL)
        except (OSError, NotARegularFile):
            return  # a read-only folder: nobody can see us, and we can still read
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, self.presence.to_text().encode("utf-8"))
            making.rename(path)
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):
                making.unlink()
            return
        self.path, self._fd = path, fd

    def leave(self) -> None:
        if self._fd is None or self.path is None:
            return
        with contextlib.suppress(OSError):
            if _still_there(self._fd, self.path):
                self.path.unlink()
        os.close(self._fd)
        self._fd = self.path = None


def _entries(session_path: Path) -> Iterator[Path]:
    prefix = f".{session_path.name}."
    try:
        with os.scandir(session_path.parent) as found:
            for entry in found:
                if entry.name.startswith(prefix) and entry.name.endswith(PRESENCE_SUFFIX):
                    yield Path(entry.path)
    except OSError:
        return


def _read_live(path: Path) -> Presence | None:
    """The entry's presence if its program is alive; a dead one's entry is removed."""
    try:
        fd = _open_regular(path, os.O_RDONLY)
    except (OSError, NotARegularFile):
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return Presence.from_text(os.read(fd, _MAX_ENTRY_BYTES).decode("utf-8", "replace"))
        # Nobody holds it: its program died (kill -9, a lost connection).
        if _still_there(fd, path) and os.fstat(fd).st_uid == os.getuid():
            with contextlib.suppress(OSError):
                path.unlink()
        return None
    except OSError:
        return None
    finally:
        os.close(fd)


def present(session_path: Path) -> list[Presence]:
    """Everyone who has the session open now (this program too), oldest first.
    Entries left by programs that died are removed on the way."""
    found = [p for p in map(_read_live, _entries(session_path)) if p is not None]
    return sorted(found, key=lambda p: (p.since, p.pid))
