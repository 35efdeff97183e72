"""The sessions folder: ``<data dir>/sessions/<slug>.toml``, listed, found, created,
renamed and deleted.

No Textual here. The file primitives (atomic writes, private folders, the
lock, bounded reads) live in :mod:`meshtui.files`; the file format in
:mod:`meshtui.session_format`. The rules this module adds:

* The sessions folder is created 0700 and session files 0600: SSH hosts are
  shared. What is loose about an existing folder is reported
  (:meth:`SessionStore.folder_warnings`), see ``files.ensure_private_dir``.
* Listing reads only what the list shows (:class:`SessionSummary`) and keeps
  it, per file, for as long as the file's (mtime_ns, size, inode) stays the
  same: in memory, and in ``<data dir>/listings-cache.json`` for the next
  process. A damaged cache is ignored and rebuilt, never trusted; so it is
  written without waiting for the disk (no fsync): a crash may lose it.
* Only a session is ever deleted: a file that reads as one.
* Names other code imports from here before the split (``SessionError``,
  ``read_session``, ``write_atomic``...) are re-exported below.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, cast, get_args

from meshtui.files import (
    FileLock,
    FileProblem,
    FileState,
    LockHolder,
    LockRefused,
    ensure_private_dir,
    folder_warnings,
    read_regular,
    sweep_leftovers,
    user_folder,
    write_atomic,
)
from meshtui.model import (
    Session,
    VerdictStatus,
    session_verdict,
)
from meshtui.presence import LockTimeout, NotARegularFile, present, write_lock
from meshtui.session_format import (
    ConflictError,
    Fingerprint,
    SessionError,
    dumps_session,
    load_session,
    now_utc,
    parse_session,
    read_session,
    save_session,
    session_from_dict,
    session_to_dict,
)

#: The old name of files.FileLock, kept for the callers of before the split.
SessionLock = FileLock

__all__ = [
    "ConflictError",
    "FileLock",
    "Fingerprint",
    "Listing",
    "LockHolder",
    "LockRefused",
    "SessionError",
    "SessionLock",
    "SessionStore",
    "SessionSummary",
    "dumps_session",
    "ensure_private_dir",
    "load_session",
    "now_utc",
    "parse_session",
    "read_session",
    "resolve_data_dir",
    "save_session",
    "session_from_dict",
    "session_to_dict",
    "slugify",
    "write_atomic",
]

ENV_DATA_DIR = "MESHTUI_DATA_DIR"
SESSIONS_SUBDIR = "sessions"
SLUG_MAX = 60
#: Where listings are kept between processes, inside the data folder.
LISTING_CACHE = "listings-cache.json"
_CACHE_VERSION = 1
#: The cache holds a few hundred bytes per session; bounded like every read.
_CACHE_MAX_BYTES = 64 << 20


# ---------------------------------------------------------------------------
# Locations and names


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``$MESHTUI_DATA_DIR``, then the platform's data folder."""
    if override:
        return Path(override).expanduser()
    return user_folder("data", ENV_DATA_DIR)


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
# The sessions folder


# A NamedTuple, not a frozen dataclass: as immutable, and a fraction of the
# cost to define when the app starts (meshtui.radar says more).
class SessionSummary(NamedTuple):
    """What a list of sessions shows of one: read once per version of its file."""

    name: str
    organization: str
    created: datetime
    updated: datetime
    #: How many criteria have an agreed score.
    answered: int
    verdict: VerdictStatus

    @classmethod
    def of(cls, session: Session) -> SessionSummary:
        return cls(
            session.name,
            session.organization,
            session.created,
            session.updated,
            session.answered_count(),
            session_verdict(session).status,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "organization": self.organization,
            "created": self.created.isoformat(),
            "updated": self.updated.isoformat(),
            "answered": self.answered,
            "verdict": self.verdict,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SessionSummary:
        """From the cache; KeyError, TypeError or ValueError when it is not one."""
        verdict = data["verdict"]
        if verdict not in get_args(VerdictStatus):
            raise ValueError(verdict)
        name, organization, answered = data["name"], data["organization"], data["answered"]
        if not (isinstance(name, str) and isinstance(organization, str)):
            raise TypeError(name)
        if type(answered) is not int:
            raise TypeError(answered)
        created = datetime.fromisoformat(data["created"])
        updated = datetime.fromisoformat(data["updated"])
        if created.tzinfo is None or updated.tzinfo is None:
            raise ValueError("naive date-time")
        return cls(name, organization, created, updated, answered, cast(VerdictStatus, verdict))


class Listing(NamedTuple):
    """One file in the sessions folder: what the list shows of it, or why it is unreadable."""

    path: Path
    summary: SessionSummary | None
    error: str | None


def looks_like_path(name_or_path: str) -> bool:
    return name_or_path.endswith(".toml") or os.sep in name_or_path or name_or_path.startswith(".")


def _summarize(path: Path) -> tuple[SessionSummary | None, str | None]:
    try:
        return SessionSummary.of(load_session(path)), None
    except SessionError as exc:
        return None, exc.problem


class SessionStore:
    """The sessions folder: ``<data dir>/sessions/<slug>.toml``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.sessions_dir = data_dir / SESSIONS_SUBDIR
        #: File name -> (its state when read, what was read).
        self._known: dict[str, tuple[FileState, SessionSummary | None, str | None]] = {}
        self._cache_loaded = False

    # -- the folder ------------------------------------------------------------

    def ensure_folder(self) -> list[str]:
        """Create the sessions folder owner-only if needed; warnings about it, one line each."""
        return ensure_private_dir(self.sessions_dir)

    def folder_warnings(self) -> list[str]:
        """What is unsafe about the data and sessions folders (another owner, writable
        by others), one line each; nothing is changed."""
        seen: list[str] = []
        for folder in (self.data_dir, self.sessions_dir):
            seen += [w for w in folder_warnings(folder) if w not in seen]
        return seen

    def sweep(self, keep: frozenset[str] = frozenset()) -> int:
        """Remove crash leftovers from the sessions folder (see files.sweep_leftovers)."""
        return sweep_leftovers(self.sessions_dir, keep)

    def session_files(self) -> list[Path]:
        """Session files, sorted by name; hidden temp and lock files are not sessions."""
        return [path for path, _ in self._scan()]

    def _scan(self) -> list[tuple[Path, FileState | None]]:
        found: list[tuple[Path, FileState | None]] = []
        try:
            with os.scandir(self.sessions_dir) as entries:
                for entry in entries:
                    if not entry.name.endswith(".toml") or entry.name.startswith("."):
                        continue
                    try:
                        state: FileState | None = FileState.of(entry.stat())
                    except OSError:
                        state = None
                    found.append((Path(entry.path), state))
        except OSError:
            return []
        return sorted(found, key=lambda item: item[0].name)

    # -- listing -----------------------------------------------------------------

    def listings(self) -> list[Listing]:
        """Every session file, readable or not, most recently updated first.

        A file is read only when it is new or changed since it was last read,
        by this process or (through the cache file) an earlier one.
        """
        self._load_cache()
        listings: list[Listing] = []
        changed = False
        present: set[str] = set()
        for path, state in self._scan():
            present.add(path.name)
            known = self._known.get(path.name)
            if state is not None and known is not None and known[0] == state:
                _, summary, error = known
            else:
                summary, error = _summarize(path)
                if state is not None:
                    self._known[path.name] = (state, summary, error)
                    changed = True
            listings.append(Listing(path, summary, error))
        for gone in set(self._known) - present:
            del self._known[gone]
            changed = True
        if changed:
            self._save_cache()
        return sorted(listings, key=_listing_order)

    def summaries(self) -> Iterator[tuple[Path, SessionSummary]]:
        """The readable sessions' files and summaries, most recently updated first."""
        for listing in self.listings():
            if listing.summary is not None:
                yield listing.path, listing.summary

    def read_all(self) -> tuple[list[tuple[Path, Session]], list[tuple[str, str]]]:
        """Every session read in full (for history), and the unreadable files with
        their problems, in the listing's order."""
        read: list[tuple[Path, Session]] = []
        skipped: list[tuple[str, str]] = []
        for listing in self.listings():
            try:
                read.append((listing.path, load_session(listing.path)))
            except SessionError as exc:
                skipped.append((str(listing.path), exc.problem))
        return read, skipped

    def _cache_path(self) -> Path:
        return self.data_dir / LISTING_CACHE

    def _load_cache(self) -> None:
        if self._cache_loaded:
            return
        self._cache_loaded = True
        try:
            data = json.loads(read_regular(self._cache_path(), limit=_CACHE_MAX_BYTES))
            if data.get("version") != _CACHE_VERSION:
                return
            for name, entry in data["files"].items():
                state = FileState(*entry["state"])
                summary = (
                    None if entry["summary"] is None else SessionSummary.from_json(entry["summary"])
                )
                error = entry["error"]
                if not isinstance(name, str) or (error is not None and not isinstance(error, str)):
                    raise TypeError(name)
                if (summary is None) == (error is None):
                    raise ValueError(name)
                self._known[name] = (state, summary, error)
        except (
            OSError,
            FileProblem,
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            RecursionError,
        ):
            # No cache yet, or a damaged one: read the files themselves.
            self._known.clear()

    def _save_cache(self) -> None:
        files = {
            name: {
                "state": [state.mtime_ns, state.size, state.inode],
                "summary": None if summary is None else summary.to_json(),
                "error": error,
            }
            for name, (state, summary, error) in self._known.items()
        }
        data = json.dumps({"version": _CACHE_VERSION, "files": files}, separators=(",", ":"))
        try:
            if self.sessions_dir.is_dir():
                # Not durable: a cache lost in a crash is rebuilt, and resuming a
                # session saved since the last listing would wait for the fsyncs.
                write_atomic(self._cache_path(), data.encode("utf-8"), durable=False)
        except (OSError, FileProblem):
            pass  # a read-only or odd data folder: the next listing reads the files again

    # -- finding -----------------------------------------------------------------

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
            if candidate.exists() or candidate.is_symlink():
                # A folder or a device is returned too: reading it then says what it is.
                return candidate
            # A bare slug typed as "x.toml" may name a file in the sessions folder.
            inside = self.sessions_dir / candidate.name
            if os.sep not in name_or_path and (inside.exists() or inside.is_symlink()):
                return inside
        exact = [path for path, summary in self.summaries() if summary.name == name_or_path]
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

    def is_inside(self, path: Path) -> bool:
        """True when ``path`` (its link resolved) is a file directly in the sessions folder."""
        return path.resolve().parent == self.sessions_dir.resolve()

    def previous_of(self, session: Session, path: Path) -> Path | None:
        """The file a session's ``previous`` names: a path (relative to the session's
        own folder), or a file name in that folder or the sessions folder. None when
        it names none. The file is not read here; reading it says what is wrong."""
        if not session.previous:
            return None
        candidate = Path(session.previous).expanduser()
        if candidate.is_absolute():
            return candidate
        beside = path.parent / candidate
        if beside.exists() or beside.is_symlink() or len(candidate.parts) > 1:
            return beside
        return self.sessions_dir / candidate

    def new_path(self, name: str) -> Path:
        """A free file name for a new session; a second name with the same slug gets '-2'."""
        slug = slugify(name)
        path = self.sessions_dir / f"{slug}.toml"
        counter = 2
        while path.exists() or path.is_symlink():
            path = self.sessions_dir / f"{slug}-{counter}.toml"
            counter += 1
        return path

    def _check_name_free(self, name: str, but: Path | None = None) -> None:
        mine = None if but is None else but.resolve()
        if any(
            summary.name == name and (mine is None or path.resolve() != mine)
            for path, summary in self.summaries()
        ):
            raise SessionError(None, f"a session named {name!r} already exists (try 'resume')")

    # -- changing ----------------------------------------------------------------

    def create(
        self,
        name: str,
        organization: str = "",
        participants: list[str] | None = None,
        *,
        blind: bool = False,
    ) -> tuple[Path, Session, Fingerprint]:
        name = name.strip()
        if not name:
            raise SessionError(None, "a session needs a name")
        self._check_name_free(name)
        self.ensure_folder()
        stamp = now_utc()
        session = Session(
            name=name,
            organization=organization.strip(),
            participants=[p.strip() for p in participants or [] if p.strip()],
            created=stamp,
            updated=stamp,
            blind=blind,
        )
        path = self.new_path(name)
        fingerprint = save_session(path, session, expected=Fingerprint(None))
        return path, session, fingerprint

    def create_from(
        self,
        name: str,
        earlier_ref: str,
        organization: str | None = None,
        participants: list[str] | None = None,
        *,
        blind: bool = False,
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
        self._check_name_free(name)
        previous = (
            earlier_path.name if self.is_inside(earlier_path) else str(earlier_path.resolve())
        )
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
        session.blind = blind
        self.ensure_folder()
        path = self.new_path(name)
        save_session(path, session, expected=Fingerprint(None))
        return path

    def delete(self, name_or_path: str) -> Path:
        """Delete a session file and return it. Only a file that reads as a session is
        deleted (never any other file a path names), and not while another program
        has it open (meshtui.presence). A symbolic link is removed, not its target."""
        path = self.find(name_or_path)
        load_session(path)  # SessionError: not a session, so not ours to delete
        here = present(path.resolve())
        if here:
            raise SessionError(path, f"not deleted: {here[0].describe()} has it open")
        try:
            with write_lock(path.resolve(), wait=1.0):
                path.unlink()
        except (LockTimeout, NotARegularFile) as exc:
            raise SessionError(path, f"not deleted: {exc}") from None
        except OSError as exc:
            raise SessionError(path, f"cannot delete: {exc.strerror or exc}") from None
        return path

    def rename(self, old: str, new_name: str) -> Path:
        """Give a session a new name. A file in the sessions folder moves to the new slug;
        a file elsewhere keeps its path and only its name changes. A symlinked session
        is changed in the file it points to; the link stays."""
        new_name = new_name.strip()
        if not new_name:
            raise SessionError(None, "the new name is empty")
        found = self.find(old)
        path = found.resolve()
        session, fingerprint = read_session(path)
        if session.name == new_name:
            return found
        self._check_name_free(new_name, but=found)
        session.name = new_name
        session.updated = now_utc()
        if found.is_symlink() or not self.is_inside(path):
            save_session(path, session, expected=fingerprint)
            return found
        target = path if slugify(new_name) == path.stem else self.new_path(new_name)
        if target == path:
            save_session(path, session, expected=fingerprint)
            return path
        save_session(target, session, expected=Fingerprint(None))
        path.unlink()
        return target


def _listing_order(listing: Listing) -> tuple[int, float, str]:
    # Readable sessions newest first, then unreadable ones by file name.
    if listing.summary is None:
        return (1, 0.0, listing.path.name)
    return (0, -listing.summary.updated.timestamp(), listing.path.name)
