"""Sessions on disk: one TOML file each, written atomically, read strictly.

No Textual here. The rules this module keeps:

* A file is replaced only by ``os.replace`` of a fully written, fsynced
  temporary file in the same folder, so a crash leaves the old file or the
  new one, never a torn one.
* A file that could not be read is never written over. Saving takes the
  fingerprint of what was read; if the file on disk no longer matches it
  (another program changed it, it was deleted, or it became unreadable), the
  save is refused with :class:`ConflictError` and nothing is written.
* Keys this version does not know are kept and written back.
* The sessions folder is 0700 and session files 0600: SSH hosts are shared.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import fcntl
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from meshtui.model import CRITERION_IDS, FORMAT_VERSION, Answer, Session, is_valid_score

ENV_DATA_DIR = "MESHTUI_DATA_DIR"
SESSIONS_SUBDIR = "sessions"
SLUG_MAX = 60

_DIR_MODE = 0o700
_FILE_MODE = 0o600


class SessionError(Exception):
    """A session could not be found, read or written. ``str()`` is one line for the user."""

    def __init__(self, path: Path | None, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path is not None else problem)


class ConflictError(SessionError):
    """The file on disk is not the one this program last read or wrote."""


# ---------------------------------------------------------------------------
# Locations and names


def default_data_dir() -> Path:
    import platformdirs  # imported here: only needed when no override is given

    return Path(platformdirs.user_data_dir("meshtui", appauthor=False))


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``$MESHTUI_DATA_DIR``, then the platform's data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def slugify(name: str) -> str:
    """A file-name-safe stem for a session name: lowercase ASCII letters, digits and '-'.

    The result never contains a path separator or '..', is never empty and is
    at most SLUG_MAX characters, so ``sessions_dir / f"{slug}.toml"`` always
    stays inside the sessions folder.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:SLUG_MAX].rstrip("-")
    return slug or "session"


# ---------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class Fingerprint:
    """What a file held when we read or wrote it; compared before every save."""

    #: The file's bytes (session files are small, so keeping them is cheaper
    #: than hashing them); None when the file did not exist.
    content: bytes | None

    @classmethod
    def of_bytes(cls, data: bytes) -> Fingerprint:
        return cls(data)

    @classmethod
    def of_file(cls, path: Path) -> Fingerprint:
        try:
            return cls.of_bytes(path.read_bytes())
        except FileNotFoundError:
            return cls(None)


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _line_of(text: str, pattern: str) -> int | None:
    """1-based line of the first match of ``pattern``, to point the user at a bad value."""
    match = re.search(pattern, text, flags=re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _problem(path: Path, text: str, message: str, pattern: str | None = None) -> SessionError:
    line = _line_of(text, pattern) if pattern else None
    return SessionError(path, f"{message} (line {line})" if line else message)


def parse_session(text: str, path: Path) -> Session:
    """Parse and check a session file's text. Raises SessionError naming the problem."""
    if not text.strip():
        return _raise(SessionError(path, "the file is empty"))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        detail = _TOML_POSITION.sub("", message).strip()
        where = f" at line {position[1]}, column {position[2]}" if position else ""
        raise SessionError(path, f"not valid TOML{where}: {detail}") from None
    return session_from_dict(data, path, text)


def _raise(error: SessionError) -> Session:
    raise error


#: Keys this version reads; anything else is kept as it is.
_TOP_KEYS = frozenset(
    ("version", "name", "organization", "participants", "created", "updated", "previous", "answers")
)
_ANSWER_KEYS = frozenset(("score", "note", "ratings", "target", "carried"))


def session_from_dict(data: dict[str, Any], path: Path, text: str = "") -> Session:
    """Check types and values of a parsed session and build the model."""
    version = data.get("version")
    if type(version) is not int:
        raise _problem(path, text, "'version' must be an integer (this is format 1)", r"^version")
    if version > FORMAT_VERSION:
        raise SessionError(
            path,
            f"format version {version} is newer than this meshtui understands "
            f"({FORMAT_VERSION}); upgrade meshtui to open it",
        )
    if version < 1:
        raise _problem(path, text, f"unknown format version {version}", r"^version")

    def text_field(key: str, required: bool) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            kind = "missing" if value is None else f"a {type(value).__name__}, not a string"
            raise _problem(path, text, f"'{key}' is {kind}", rf"^{key}\s*=")
        return value

    name = text_field("name", required=True)
    organization = text_field("organization", required=False)
    participants = data.get("participants", [])
    if not isinstance(participants, list) or not all(isinstance(p, str) for p in participants):
        raise _problem(path, text, "'participants' must be a list of names", r"^participants")
    stamps: dict[str, datetime] = {}
    for key in ("created", "updated"):
        value = data.get(key)
        if not isinstance(value, datetime):
            raise _problem(
                path,
                text,
                f"'{key}' must be a TOML date-time like 2026-01-31T09:00:00Z",
                rf"^{key}",
            )
        stamps[key] = value
    raw_answers = data.get("answers", {})
    if not isinstance(raw_answers, dict):
        raise _problem(path, text, "'answers' must be a table", r"^answers")
    answers: dict[str, Answer] = {}
    for criterion_id, raw in raw_answers.items():
        table_line = rf"^\[\s*answers\.\"?{re.escape(criterion_id)}\b"
        if criterion_id not in CRITERION_IDS:
            raise _problem(path, text, f"unknown criterion 'answers.{criterion_id}'", table_line)
        if not isinstance(raw, dict):
            raise _problem(path, text, f"'answers.{criterion_id}' must be a table", table_line)
        score, target = (raw.get(key) for key in ("score", "target"))
        for key, value in (("score", score), ("target", target)):
            if value is not None and not is_valid_score(value):
                raise _problem(
                    path,
                    text,
                    f"answers.{criterion_id}.{key} must be an integer from 1 to 5, not {value!r}",
                    table_line,
                )
        note = raw.get("note", "")
        if not isinstance(note, str):
            raise _problem(path, text, f"answers.{criterion_id}.note must be a string", table_line)
        carried = raw.get("carried", False)
        if not isinstance(carried, bool):
            raise _problem(
                path, text, f"answers.{criterion_id}.carried must be true or false", table_line
            )
        ratings = raw.get("ratings", {})
        if not isinstance(ratings, dict) or not all(
            is_valid_score(value) for value in ratings.values()
        ):
            raise _problem(
                path,
                text,
                f"answers.{criterion_id}.ratings must map names to integers from 1 to 5",
                rf"^\[\s*answers\.\"?{re.escape(criterion_id)}\"?\.ratings",
            )
        extra = {k: v for k, v in raw.items() if k not in _ANSWER_KEYS}
        answers[criterion_id] = Answer(
            score=score,
            note=note,
            ratings=dict(ratings),
            target=target,
            carried=carried,
            extra=extra,
        )
    previous = data.get("previous", "")
    if not isinstance(previous, str):
        raise _problem(path, text, "'previous' must be a string (a session file)", r"^previous")
    return Session(
        name=name,
        organization=organization,
        participants=list(participants),
        created=stamps["created"],
        updated=stamps["updated"],
        answers=answers,
        previous=previous,
        extra={k: v for k, v in data.items() if k not in _TOP_KEYS},
    )


def read_session(path: Path) -> tuple[Session, Fingerprint]:
    """Read a session file and the fingerprint of exactly the bytes that were parsed."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SessionError(path, "no such file") from None
    except IsADirectoryError:
        raise SessionError(path, "is a folder, not a session file") from None
    except OSError as exc:
        raise SessionError(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SessionError(path, f"not UTF-8 text (byte {exc.start})") from None
    return parse_session(text, path), Fingerprint.of_bytes(raw)


def load_session(path: Path) -> Session:
    return read_session(path)[0]


# ---------------------------------------------------------------------------
# Writing


def session_to_dict(session: Session) -> dict[str, Any]:
    """The TOML document for a session: known keys first, unknown ones kept."""
    data: dict[str, Any] = {"version": FORMAT_VERSION, "name": session.name}
    if session.organization:
        data["organization"] = session.organization
    data["participants"] = list(session.participants)
    data["created"] = session.created
    data["updated"] = session.updated
    if session.previous:
        data["previous"] = session.previous
    for key, value in session.extra.items():
        data.setdefault(key, value)
    answers: dict[str, Any] = {}
    for criterion_id in CRITERION_IDS:
        answer = session.answers.get(criterion_id)
        if answer is None or answer.is_empty():
            continue
        table: dict[str, Any] = {}
        if answer.score is not None:
            table["score"] = answer.score
        if answer.note:
            table["note"] = answer.note
        if answer.target is not None:
            table["target"] = answer.target
        if answer.carried:
            table["carried"] = True
        for key, value in answer.extra.items():
            table.setdefault(key, value)
        if answer.ratings:
            # Last: tomli-w writes a nested table as [answers.<id>.ratings].
            table["ratings"] = dict(answer.ratings)
        answers[criterion_id] = table
    if answers:
        data["answers"] = answers
    return data


def _has_crlf(value: Any) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, dict):
        return any(_has_crlf(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_crlf(item) for item in value)
    return False


def dumps_session(session: Session) -> str:
    data = session_to_dict(session)
    # tomli_w turns "\r\n" into "\n" inside multi-line strings; text holding
    # "\r\n" is written with escapes instead, so that it reads back exactly.
    import tomli_w  # only needed when writing

    return tomli_w.dumps(data, multiline_strings=not _has_crlf(data))


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) owner-only; tighten it if we created it earlier."""
    folder.mkdir(mode=_DIR_MODE, parents=True, exist_ok=True)
    # mkdir leaves an existing folder (or one created under an odd umask) as
    # it is: make ours owner-only, since other users share SSH hosts.
    info = folder.stat()
    if info.st_uid == os.getuid() and info.st_mode & 0o777 != _DIR_MODE:
        folder.chmod(_DIR_MODE)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: temp file in the same folder, fsync, os.replace."""
    folder = path.parent
    import tempfile  # the printing commands never write: keep their start-up light

    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp_name).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp_name).unlink()
        raise
    # Make the rename itself durable.
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def save_session(path: Path, session: Session, expected: Fingerprint | None = None) -> Fingerprint:
    """Write a session atomically and return the new fingerprint.

    ``expected`` is the fingerprint from when the file was read (or last
    written). When given and the file now holds something else, nothing is
    written and ConflictError says why: the other content must not be lost.
    """
    if expected is not None:
        current = Fingerprint.of_file(path)
        if current != expected:
            if current.content is None:
                problem = "the file was deleted or moved by another program; not written over"
            else:
                problem = "the file was changed by another program; not written over"
            raise ConflictError(path, problem)
    data = dumps_session(session).encode("utf-8")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise SessionError(path, f"cannot write: {exc.strerror or exc}") from None
    return Fingerprint.of_bytes(data)


def now_utc() -> datetime:
    """The current time in UTC, to the second (what a person reads in a file)."""
    return datetime.now(UTC).replace(microsecond=0)


# ---------------------------------------------------------------------------
# A single writer per session file


@dataclass(frozen=True)
class LockHolder:
    """Who holds a session open for writing, as recorded in its lock file."""

    pid: int
    user: str
    host: str
    since: str

    def describe(self) -> str:
        return f"{self.user}@{self.host} (pid {self.pid}) since {self.since}"


class SessionLock:
    """An advisory lock that marks one program as the writer of a session file.

    Uses ``flock`` on a hidden ``.NAME.lock`` beside the file, so the lock
    dies with its process, even on ``kill -9``, and stale locks cannot exist.
    """

    def __init__(self, session_path: Path) -> None:
        self.path = session_path.parent / f".{session_path.name}.lock"
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> LockHolder | None:
        """Take the lock. Returns None on success, or who holds it already."""
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, _FILE_MODE)
            except OSError:
                # A read-only folder: we cannot write the session either, and
                # saving will say so. Nobody else can hold a lock here either.
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
                same = os.fstat(fd).st_ino == self.path.stat().st_ino
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

        info = f"{os.getpid()}\n{_user()}\n{socket.gethostname()}\n{now_utc().isoformat()}\n"
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode("utf-8"), 0)

    def _read_holder(self) -> LockHolder:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
            return LockHolder(int(lines[0]), lines[1], lines[2], lines[3])
        except (OSError, ValueError, IndexError):
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
# The sessions folder


@dataclass(frozen=True)
class Listing:
    """One file in the sessions folder: the session, or why it could not be read."""

    path: Path
    session: Session | None
    error: str | None


def looks_like_path(name_or_path: str) -> bool:
    return name_or_path.endswith(".toml") or os.sep in name_or_path or name_or_path.startswith(".")


class SessionStore:
    """The sessions folder: ``<data dir>/sessions/<slug>.toml``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.sessions_dir = data_dir / SESSIONS_SUBDIR

    def session_files(self) -> list[Path]:
        """Session files, sorted by name; hidden temp and lock files are not sessions."""
        if not self.sessions_dir.is_dir():
            return []
        return sorted(
            p
            for p in self.sessions_dir.iterdir()
            if p.suffix == ".toml" and not p.name.startswith(".")
        )

    def list(self) -> list[Listing]:
        """Every session file, readable or not, most recently updated first."""
        listings = []
        for path in self.session_files():
            try:
                listings.append(Listing(path, load_session(path), None))
            except SessionError as exc:
                listings.append(Listing(path, None, exc.problem))
        return sorted(listings, key=_listing_order)

    def iter_readable(self) -> Iterator[tuple[Path, Session]]:
        for listing in self.list():
            if listing.session is not None:
                yield listing.path, listing.session

    def find(self, name_or_path: str) -> Path:
        """The file for a session name, or a path to a .toml file anywhere.

        Text that looks like a path (``.toml`` at the end, a ``/``, a leading
        ``.``) is a path when that file exists; otherwise it is looked up as a
        session name, since names are free text. A bare word is only ever a
        name, even when a file of that name exists in the current folder.
        """
        candidate = Path(name_or_path).expanduser()
        path_like = looks_like_path(name_or_path)
        if path_like:
            if candidate.is_file() or candidate.is_dir():
                # A folder is returned too: reading it then says what it is.
                return candidate
            # A bare slug typed as "x.toml" may name a file in the sessions folder.
            inside = self.sessions_dir / candidate.name
            if os.sep not in name_or_path and (inside.is_file() or inside.is_dir()):
                return inside
        exact = [path for path, session in self.iter_readable() if session.name == name_or_path]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            names = ", ".join(p.name for p in exact)
            raise SessionError(
                None, f"several sessions are named {name_or_path!r} ({names}); give a path"
            )
        if path_like:
            raise SessionError(candidate, "no such file")
        by_slug = self.sessions_dir / f"{slugify(name_or_path)}.toml"
        if by_slug.is_file() and slugify(name_or_path) == name_or_path:
            return by_slug
        raise SessionError(
            None, f"no session named {name_or_path!r} in {self.sessions_dir} (see 'meshtui list')"
        )

    def new_path(self, name: str) -> Path:
        """A free file name for a new session; a second name with the same slug gets '-2'."""
        slug = slugify(name)
        path = self.sessions_dir / f"{slug}.toml"
        counter = 2
        while path.exists():
            path = self.sessions_dir / f"{slug}-{counter}.toml"
            counter += 1
        return path

    def create(
        self, name: str, organization: str = "", participants: builtins.list[str] | None = None
    ) -> tuple[Path, Session, Fingerprint]:
        name = name.strip()
        if not name:
            raise SessionError(None, "a session needs a name")
        if any(session.name == name for _, session in self.iter_readable()):
            raise SessionError(None, f"a session named {name!r} already exists (try 'resume')")
        ensure_private_dir(self.sessions_dir)
        stamp = now_utc()
        session = Session(
            name=name,
            organization=organization.strip(),
            participants=[p.strip() for p in participants or [] if p.strip()],
            created=stamp,
            updated=stamp,
        )
        path = self.new_path(name)
        fingerprint = save_session(path, session, expected=Fingerprint(None))
        return path, session, fingerprint

    def create_from(
        self,
        name: str,
        earlier_ref: str,
        organization: str | None = None,
        participants: builtins.list[str] | None = None,
    ) -> Path:
        """``new NAME --from OLD``: save a re-assessment pre-filled from OLD (its
        answers marked carried) and return its file. SessionError when OLD cannot
        be read or NAME is taken; nothing is written then."""
        from meshtui.model import carry_over

        earlier_path = self.find(earlier_ref)
        earlier = load_session(earlier_path)
        name = name.strip()
        if not name:
            raise SessionError(None, "a session needs a name")
        if any(s.name == name for _, s in self.iter_readable()):
            raise SessionError(None, f"a session named {name!r} already exists (try 'resume')")
        inside = earlier_path.resolve().parent == self.sessions_dir.resolve()
        previous = earlier_path.name if inside else str(earlier_path.resolve())
        session = carry_over(
            earlier,
            name,
            now_utc(),
            organization=None if organization is None else organization.strip(),
            participants=None
            if participants is None
            else [p.strip() for p in participants if p.strip()],
            previous=previous,
        )
        ensure_private_dir(self.sessions_dir)
        path = self.new_path(name)
        save_session(path, session, expected=Fingerprint(None))
        return path

    def delete(self, name_or_path: str) -> Path:
        path = self.find(name_or_path)
        try:
            path.unlink()
        except OSError as exc:
            raise SessionError(path, f"cannot delete: {exc.strerror or exc}") from None
        return path

    def rename(self, old: str, new_name: str) -> Path:
        """Give a session a new name. A file in the sessions folder moves to the new slug;
        a file elsewhere keeps its path and only its name changes."""
        new_name = new_name.strip()
        if not new_name:
            raise SessionError(None, "the new name is empty")
        path = self.find(old)
        session, fingerprint = read_session(path)
        if session.name == new_name:
            return path
        if any(s.name == new_name for p, s in self.iter_readable() if p != path):
            raise SessionError(None, f"a session named {new_name!r} already exists")
        session.name = new_name
        session.updated = now_utc()
        inside = path.parent.resolve() == self.sessions_dir.resolve()
        if not inside:
            save_session(path, session, expected=fingerprint)
            return path
        target = path if slugify(new_name) == path.stem else self.new_path(new_name)
        if target == path:
            save_session(path, session, expected=fingerprint)
            return path
        save_session(target, session, expected=Fingerprint(None))
        path.unlink()
        return target


def _listing_order(listing: Listing) -> tuple[int, float, str]:
    # Readable sessions newest first, then unreadable ones by file name.
    if listing.session is None:
        return (1, 0.0, listing.path.name)
    return (0, -listing.session.updated.timestamp(), listing.path.name)
