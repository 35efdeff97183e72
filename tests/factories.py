"""Shared test data: session builders and one table of bad session files.

Tests build sessions here instead of editing TOML as text in several places.
``BAD_FILES`` lists file contents every reader must refuse with a one-line
error (and never rewrite); ``NON_REGULAR`` lists things in a file's place
that must be refused at once, never waited on or read without end.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from meshtui.files import MAX_FILE_BYTES, MAX_PROBLEM_CHARS
from meshtui.model import CRITERION_IDS, MAX_NOTE_CHARS, Session
from meshtui.session_format import dumps_session, save_session
from meshtui.store import SessionStore

STAMP = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


def session(
    name: str = "Test session",
    scores: list[int | None] | None = None,
    *,
    organization: str = "Acme",
    note: str = "",
    previous: str = "",
) -> Session:
    """A session with ``scores`` in the book's order and an optional note on the first."""
    built = Session(
        name=name, created=STAMP, updated=STAMP, organization=organization, previous=previous
    )
    for criterion_id, score in zip(CRITERION_IDS, scores or [], strict=False):
        built.set_score(criterion_id, score)
    if note:
        built.set_note(CRITERION_IDS[0], note)
    return built


def saved_in_store(folder: Path, session: Session, stem: str) -> tuple[SessionStore, Path]:
    """A store in ``folder`` whose sessions folder holds ``session`` as ``STEM.toml``."""
    store = SessionStore(folder)
    store.sessions_dir.mkdir(mode=0o700)
    path = store.sessions_dir / f"{stem}.toml"
    save_session(path, session)
    return store, path


def session_bytes(**kwargs: object) -> bytes:
    """The file text of :func:`session` (same arguments), as written by meshtui."""
    return dumps_session(session(**kwargs)).encode("utf-8")  # type: ignore[arg-type]


def write_session(path: Path, **kwargs: object) -> Path:
    """Save :func:`session` (same arguments) at ``path`` the way meshtui does."""
    save_session(path, session(**kwargs))  # type: ignore[arg-type]
    return path


_HEADER = (
    b'version = 1\nname = "bad"\ncreated = 2026-01-31T09:00:00Z\nupdated = 2026-01-31T09:00:00Z\n'
)

#: name -> (file bytes, a word the one-line error must contain).
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "not-utf8": (_HEADER + b'organization = "\xff\xfe"\n', "UTF-8"),
    "not-toml": (_HEADER + b"answers = [\n", "TOML"),
    "truncated": (session_bytes(scores=[3, 4, 5])[:-9], "TOML"),
    "nested-500": (_HEADER + b"deep = " + b"[" * 500 + b"]" * 500 + b"\n", "nested"),
    "nested-40-tables": (_HEADER + b"deep = " + b"{a = " * 40 + b"1" + b"}" * 40 + b"\n", "nested"),
    "int-5000-digits": (_HEADER + b"big = " + b"7" * 5000 + b"\n", "digits"),
    "score-4000-digits": (
        _HEADER + b"[answers.early_adopter]\nscore = " + b"9" * 4000 + b"\n",
        "score",
    ),
    "note-too-long": (session_bytes(note="n" * (MAX_NOTE_CHARS + 1)), "limit"),
    "over-1-mib": (_HEADER + b"# " + b"x" * MAX_FILE_BYTES + b"\n", "too large"),
    "version-string": (_HEADER.replace(b"version = 1", b'version = "1"'), "version"),
    "date-only": (
        _HEADER.replace(b"2026-01-31T09:00:00Z\nupdated", b"2026-01-31\nupdated"),
        "created",
    ),
    "revealed-before-not-a-list": (
        _HEADER + b'[answers.early_adopter]\nrevealed = true\nrevealed_before = "Ben"\n',
        "revealed_before",
    ),
    "revealed-before-not-names": (
        _HEADER + b"[answers.early_adopter]\nrevealed = true\nrevealed_before = [1, 2]\n",
        "revealed_before",
    ),
    "revealed-before-twice": (
        _HEADER + b'[answers.early_adopter]\nrevealed = true\nrevealed_before = ["Ben", "Ben"]\n',
        "revealed_before",
    ),
    "revealed-before-not-revealed": (
        _HEADER + b'[answers.early_adopter]\nscore = 3\nrevealed_before = ["Ben"]\n',
        "revealed = true",
    ),
}


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def link_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def make_folder(path: Path) -> None:
    path.mkdir()


#: name -> (makes the thing at a path, a word the one-line error must contain).
NON_REGULAR: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (make_fifo, "pipe"),
    "link-to-dev-zero": (link_to("/dev/zero"), "device"),
    "link-to-dev-urandom": (link_to("/dev/urandom"), "device"),
    "folder": (make_folder, "folder"),
}


def is_one_short_line(problem: str) -> bool:
    """What every problem shown to a user must be (the home screen shows them)."""
    return "\n" not in problem and 0 < len(problem) <= MAX_PROBLEM_CHARS
