"""File primitives: bounded reads of regular files, atomic writes, private folders, the lock.

No Textual, no session format here. The rules this module keeps:

* Reading accepts regular files only (a FIFO, a device or a folder is refused
  at once, never waited on) and at most :data:`MAX_FILE_BYTES`; anything else
  is a :class:`FileProblem` with a one-line reason.
* Nothing is ever written through a symbolic link. A file is replaced only by
  ``os.replace`` of a fully written, fsynced temporary file in the same
  folder, created ``O_EXCL`` and owner-only, so a crash leaves the old file or
  the new one, never a torn one (a cache is written without the fsyncs,
  ``durable=False``: a crash may lose it, and it is rebuilt);
  :func:`write_atomic` refuses a target that is a link. The lock file is
  opened ``O_NOFOLLOW`` and must be a regular file.
* Folders and files are created with explicit modes (0700 and 0600), whatever
  the umask. An existing folder is tightened only when it is a real folder
  owned by this user; a symlinked folder or one owned by someone else is
  never chmod-ed. It is reported instead, like ssh does with ``~/.ssh``,
  when others may write to it or it belongs to another user.
* Leftovers of a crash (our temporary files, lock files nobody holds) are
  removed by :func:`sweep_leftovers`, never while another process uses them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, NamedTuple

#: The most a reader accepts: sessions and configs are a few kilobytes.
MAX_FILE_BYTES = 1 << 20
DIR_MODE = 0o700
FILE_MODE = 0o600
#: The longest problem text shown to a user; a detail quoting a huge value is cut.
MAX_PROBLEM_CHARS = 200

#: When this process started (near enough: when it first imported this module).
#: Temporary files older than this cannot be being written by us.
PROCESS_STARTED = time.time()

TEMP_SUFFIX = ".tmp"
LOCK_SUFFIX = ".lock"


def short_problem(text: str) -> str:
    """``text`` on one line and at most MAX_PROBLEM_CHARS long (the home screen shows it)."""
    from meshtui.literal import one_line

    line = one_line(text)
    if len(line) <= MAX_PROBLEM_CHARS:
        return line
    return line[: MAX_PROBLEM_CHARS - 3].rstrip() + "..."


class FileProblem(Exception):
    """A file could not be read or written as asked. ``str()`` is one line."""

    def __init__(self, path: Path | None, problem: str) -> None:
        self.path = path
        self.problem = short_problem(problem)
        super().__init__(f"{path}: {self.problem}" if path is not None else self.problem)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a session file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def _size_problem(size: int, limit: int) -> str:
    return f"is too large ({size:,} bytes; the limit is {limit:,})"


def read_regular(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    A symbolic link to a regular file is read (teams keep sessions in shared
    folders); a link to anything else is refused like the thing itself.
    ``O_NONBLOCK`` makes opening a FIFO return at once, so it is refused, not
    waited on. FileNotFoundError when there is no file; FileProblem otherwise.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise FileProblem(path, _kind(stat.S_IFDIR)) from None
    except OSError as exc:
        raise FileProblem(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(path, _kind(info.st_mode))
        if info.st_size > limit:
            raise FileProblem(path, _size_problem(info.st_size, limit))
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, limit + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while we read
            raise FileProblem(path, _size_problem(total, limit))
        return b"".join(chunks)
    except OSError as exc:
        raise FileProblem(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


# A NamedTuple, not a frozen dataclass: as immutable, and a fraction of the
# cost to define when the app starts (meshtui.radar says more).
class FileState(NamedTuple):
    """What ``stat`` says about a file: enough to tell that it changed."""

    mtime_ns: int
    size: int
    inode: int

    @classmethod
    def of(cls, info: os.stat_result) -> FileState:
        return cls(info.st_mtime_ns, info.st_size, info.st_ino)


# ---------------------------------------------------------------------------
# Writing


def _refuse_link(path: Path) -> None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise FileProblem(path, "is a symbolic link; meshtui never writes through one")
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(path, _kind(info.st_mode).replace("session file", "file"))


def write_atomic(path: Path, data: bytes, mode: int = FILE_MODE, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data``: temp file in the same folder, fsync, os.replace.

    Refuses (FileProblem) when ``path`` is a symbolic link or not a regular
    file; OSError when the folder cannot be written. The temporary file is
    flock-ed while it exists, so :func:`sweep_leftovers` never takes it for a
    crash's leftover. ``durable=False`` leaves out the fsyncs (each can take
    milliseconds) for a file that may be lost in a crash at no cost, a cache:
    readers still see the old file or the new one, never a torn one.
    """
    _refuse_link(path)
    folder = path.parent
    import tempfile  # the printing commands never write: keep their start-up light

    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            # Checked again just before the rename: a link planted meanwhile is
            # not replaced either (os.replace would swap the link itself).
            _refuse_link(path)
            Path(tmp_name).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp_name).unlink()
        raise
    if not durable:
        return
    # Make the rename itself durable.
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


# ---------------------------------------------------------------------------
# Private folders


def _make_dir(folder: Path) -> None:
    """Create one folder owner-only, whatever the umask (mkdir's mode is masked)."""
    folder.mkdir(mode=DIR_MODE)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        os.fchmod(fd, DIR_MODE)
    finally:
        os.close(fd)


def user_folder(kind: Literal["config", "data", "cache"], override_env: str) -> Path:
    """meshtui's folder for its ``kind`` of files: ``$override_env`` when set, else the
    platform's (on Linux ``~/.config/meshtui``, ``~/.local/share/meshtui``,
    ``~/.cache/meshtui``)."""
    override = os.environ.get(override_env)
    if override:
        return Path(override).expanduser()
    import platformdirs  # imported here: only needed when no override is given

    folders = {
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
        "cache": platformdirs.user_cache_dir,
    }
    return Path(folders[kind]("meshtui", appauthor=False))


def ensure_private_dir(folder: Path) -> list[str]:
    """Create ``folder`` (and missing parents) owner-only; returns warnings, one line each.

    An existing real folder owned by this user is tightened to 0700 (it holds
    our sessions; SSH hosts are shared). A symlinked folder, or one owned by
    someone else, is never chmod-ed: :func:`folder_warnings` says what is
    loose about it instead.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists() and not current.is_symlink():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            _make_dir(path)
    tighten_if_ours(folder)
    return folder_warnings(folder)


def tighten_if_ours(folder: Path) -> None:
    """Make ``folder`` 0700 when it is a real folder (not a link) owned by this user."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return  # a symlink (ELOOP), missing, or not ours to open: leave it
    try:
        info = os.fstat(fd)
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != DIR_MODE:
            os.fchmod(fd, DIR_MODE)
    except OSError:
        pass
    finally:
        os.close(fd)


def folder_warnings(folder: Path) -> list[str]:
    """What is unsafe about a folder we keep sessions in, one line each (ssh's rules):
    owned by another user, or writable by others."""
    try:
        info = folder.stat()
    except OSError:
        return []
    warnings = []
    where = f"{folder}{' (a symbolic link)' if folder.is_symlink() else ''}"
    if info.st_uid != os.getuid():
        warnings.append(f"{where} belongs to another user (uid {info.st_uid}), who can read it")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        mode = stat.S_IMODE(info.st_mode)
        warnings.append(f"{where} is writable by other users (mode {mode:04o}); consider chmod 700")
    return warnings


# ---------------------------------------------------------------------------
# A single writer per file


class LockHolder(NamedTuple):
    """Who holds a file open for writing, as recorded in its lock file."""

    pid: int
    user: str
    host: str
    since: str

    def describe(self) -> str:
        return f"{self.user}@{self.host} (pid {self.pid}) since {self.since}"


class LockRefused(FileProblem):
    """The lock file is not a regular file of ours (a link, a folder, a FIFO): the
    file is not edited, and the thing in the lock's place is never touched."""


def lock_path_for(path: Path) -> Path:
    """The hidden lock file of a file: ``.NAME.lock`` beside the file the path resolves to."""
    real = path.resolve()
    return real.parent / f".{real.name}{LOCK_SUFFIX}"


def _open_lock_file(path: Path) -> int:
    """Open (or create, 0600) a lock file without following a link; it must be regular."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
    try:
        fd = os.open(path, flags, FILE_MODE)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise LockRefused(
                path, "the lock file is not a regular file (a link, folder or pipe); remove it"
            ) from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise LockRefused(path, "the lock file is not a regular file; remove it")
    return fd


class FileLock:
    """An advisory lock that marks one program as the writer of a file.

    Uses ``flock`` on a hidden ``.NAME.lock`` beside the file the path
    resolves to (a session opened through a link and through its real path
    takes one lock), so the lock dies with its process, even on ``kill -9``.
    """

    def __init__(self, path: Path) -> None:
        self.path = lock_path_for(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> LockHolder | None:
        """Take the lock. Returns None on success, or who holds it already.

        LockRefused when the lock's place holds something other than a
        regular file. In a read-only folder nobody can hold a lock: None,
        without holding one (saving will then say it cannot write).
        """
        while True:
            try:
                fd = _open_lock_file(self.path)
            except LockRefused:
                raise
            except OSError:
                return None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    return self._read_holder()
                return None
            # The holder we raced with may have removed the file before we
            # locked it; then our lock is on an orphan inode. Start again.
            try:
                same = os.fstat(fd).st_ino == self.path.lstat().st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            self._fd = fd
            self._write_holder(fd)
            return None

    def _write_holder(self, fd: int) -> None:
        import socket

        stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
        info = f"{os.getpid()}\n{_user()}\n{socket.gethostname()}\n{stamp}\n"
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode("utf-8"), 0)

    def _read_holder(self) -> LockHolder:
        try:
            lines = read_regular(self.path, limit=4096).decode("utf-8").splitlines()
            return LockHolder(int(lines[0]), lines[1], lines[2], lines[3])
        except (OSError, FileProblem, ValueError, IndexError):
            return LockHolder(0, "someone", "another terminal", "earlier")

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None


def _user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


# ---------------------------------------------------------------------------
# Crash leftovers


def _leftovers(folder: Path, pattern: re.Pattern[str]) -> Iterator[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if pattern.fullmatch(entry.name):
                    yield entry
    except OSError:
        return


#: Only names meshtui itself makes beside a session file: another program's
#: ``.something.lock`` in a shared folder is never touched.
_TEMP_NAME = re.compile(r"\..+\.toml\.[^./]+\.tmp")
_LOCK_NAME = re.compile(r"\..+\.toml\.lock")


def _remove_if_unused(entry: os.DirEntry[str]) -> bool:
    """Remove a leftover that is a regular file of ours nobody holds a flock on."""
    try:
        fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # in use: a writer mid-way, or a live lock
        if os.lstat(entry.path).st_ino != info.st_ino:
            return False
        Path(entry.path).unlink()
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def sweep_leftovers(folder: Path, keep: frozenset[str] = frozenset()) -> int:
    """Remove what crashes left in ``folder``; returns how many files went.

    * ``.NAME.toml.*.tmp`` files of ours, older than this process and not
      flock-ed (a live writer holds a flock on its temporary file).
    * ``.NAME.toml.lock`` files of ours nobody holds, except those in ``keep``.

    Other hidden files (another program's ``.x.lock``) are never touched.
    """
    removed = 0
    for entry in _leftovers(folder, _TEMP_NAME):
        try:
            old = entry.stat(follow_symlinks=False).st_mtime < PROCESS_STARTED
        except OSError:
            continue
        if old and _remove_if_unused(entry):
            removed += 1
    for entry in _leftovers(folder, _LOCK_NAME):
        if entry.name not in keep and _remove_if_unused(entry):
            removed += 1
    return removed
