"""The session file format: TOML text <-> :class:`meshtui.model.Session`, checked strictly.

No Textual here. Where does the file format live? Here: parsing, checking,
dumping, and reading or saving one file with a fingerprint. The rules:

* Every way a file can be bad (not a regular file, over the size limit, not
  UTF-8, not TOML, nested too deeply, an integer too long to convert, a wrong
  type or value, a note over :data:`meshtui.model.MAX_NOTE_CHARS`) is one
  :class:`SessionError` whose text is one short line naming the file.
* Date-times without an offset are read as UTC, so sessions always compare.
* Keys this version does not know are kept and written back.
* A file that could not be read is never written over. Saving takes the
  fingerprint of what was read; if the file on disk no longer matches it
  (another program changed it, it was deleted, or it became unreadable), the
  save is refused with :class:`ConflictError` and nothing is written.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from meshtui.files import FileProblem, read_regular, write_atomic
from meshtui.model import (
    CRITERION_IDS,
    FORMAT_VERSION,
    MAX_NOTE_CHARS,
    Answer,
    Session,
    is_valid_score,
)

#: How deep unknown keys may nest (tables in tables, arrays in arrays). Far
#: more than any tool writes; a deeper file is refused instead of exhausting
#: the parser's or the writer's recursion.
MAX_NESTING = 32


class SessionError(FileProblem):
    """A session could not be found, read or written. ``str()`` is one line for the user."""


class ConflictError(SessionError):
    """The file on disk is not the one this program last read or wrote."""


def now_utc() -> datetime:
    """The current time in UTC, to the second (what a person reads in a file)."""
    return datetime.now(UTC).replace(microsecond=0)


# A NamedTuple, not a frozen dataclass: as immutable, and a fraction of the
# cost to define when the app starts (meshtui.radar says more).
class Fingerprint(NamedTuple):
    """What a file held when we read or wrote it; compared before every save."""

    #: The file's bytes (session files are small, so keeping them is cheaper
    #: than hashing them); None when the file did not exist.
    content: bytes | None
    #: Why the file could not be read (not a regular file, too large), if so:
    #: such a file matches no fingerprint of a readable one.
    problem: str | None = None

    @classmethod
    def of_bytes(cls, data: bytes) -> Fingerprint:
        return cls(data)

    @classmethod
    def of_file(cls, path: Path) -> Fingerprint:
        try:
            return cls.of_bytes(read_regular(path))
        except FileNotFoundError:
            return cls(None)
        except FileProblem as exc:
            return cls(None, exc.problem)


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
    except RecursionError:
        raise SessionError(path, "not readable: values are nested too deeply") from None
    except MemoryError:
        raise SessionError(path, "not readable: too large to parse") from None
    except ValueError as exc:
        # Python refuses integers of more than 4300 digits (sys.int_info).
        raise SessionError(path, f"not readable: {exc}") from None
    except Exception as exc:  # the parser's contract is narrower; a bad file must not crash a list
        raise SessionError(path, f"not readable: {type(exc).__name__}: {exc}") from None
    return session_from_dict(data, path, text)


def _depth(value: Any) -> int:
    """How deeply tables and arrays nest in ``value`` (0 for a plain value), without
    recursing: a hostile file must not exhaust Python's stack here either."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_NESTING:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def as_utc(stamp: datetime) -> datetime:
    """A date-time with an offset: one written without (a local time) is read as UTC."""
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def _raise(error: SessionError) -> Session:
    raise error


#: Keys this version reads; anything else is kept as it is.
_TOP_KEYS = frozenset(
    (
        "version",
        "name",
        "organization",
        "participants",
        "created",
        "updated",
        "previous",
        "blind",
        "answers",
    )
)
_ANSWER_KEYS = frozenset(
    ("score", "note", "ratings", "target", "carried", "revealed", "revealed_before")
)


def _answer_table(criterion_id: str) -> str:
    """The pattern of an answer's table header, to point at it (made only for an
    error: every read of a session goes through here)."""
    return rf"^\[\s*answers\.\"?{re.escape(criterion_id)}\b"


def session_from_dict(data: dict[str, Any], path: Path, text: str = "") -> Session:
    """Check types and values of a parsed session and build the model."""
    if _depth(data) > MAX_NESTING:
        raise SessionError(path, f"values are nested more than {MAX_NESTING} levels deep")
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
        stamps[key] = as_utc(value)
    raw_answers = data.get("answers", {})
    if not isinstance(raw_answers, dict):
        raise _problem(path, text, "'answers' must be a table", r"^answers")
    answers: dict[str, Answer] = {}
    for criterion_id, raw in raw_answers.items():
        if criterion_id not in CRITERION_IDS:
            raise _problem(
                path,
                text,
                f"unknown criterion 'answers.{criterion_id}'",
                _answer_table(criterion_id),
            )
        if not isinstance(raw, dict):
            raise _problem(
                path, text, f"'answers.{criterion_id}' must be a table", _answer_table(criterion_id)
            )
        score, target = (raw.get(key) for key in ("score", "target"))
        for key, value in (("score", score), ("target", target)):
            if value is not None and not is_valid_score(value):
                raise _problem(
                    path,
                    text,
                    f"answers.{criterion_id}.{key} must be an integer from 1 to 5, not {value!r}",
                    _answer_table(criterion_id),
                )
        note = raw.get("note", "")
        if not isinstance(note, str):
            raise _problem(
                path,
                text,
                f"answers.{criterion_id}.note must be a string",
                _answer_table(criterion_id),
            )
        if len(note) > MAX_NOTE_CHARS:
            raise _problem(
                path,
                text,
                f"answers.{criterion_id}.note has {len(note):,} characters; "
                f"the limit is {MAX_NOTE_CHARS:,}",
                _answer_table(criterion_id),
            )
        carried, revealed = (raw.get(key, False) for key in ("carried", "revealed"))
        for key, flag in (("carried", carried), ("revealed", revealed)):
            if not isinstance(flag, bool):
                raise _problem(
                    path,
                    text,
                    f"answers.{criterion_id}.{key} must be true or false",
                    _answer_table(criterion_id),
                )
        revealed_before = raw.get("revealed_before", [])
        if (
            not isinstance(revealed_before, list)
            or not all(isinstance(name, str) and name for name in revealed_before)
            or len(set(revealed_before)) != len(revealed_before)
        ):
            raise _problem(
                path,
                text,
                f"answers.{criterion_id}.revealed_before must be a list of names, each once",
                _answer_table(criterion_id),
            )
        if revealed_before and not revealed:
            raise _problem(
                path,
                text,
                f"answers.{criterion_id}.revealed_before needs revealed = true",
                _answer_table(criterion_id),
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
            revealed=revealed,
            revealed_before=tuple(revealed_before),
        )
    previous = data.get("previous", "")
    if not isinstance(previous, str):
        raise _problem(path, text, "'previous' must be a string (a session file)", r"^previous")
    blind = data.get("blind", False)
    if not isinstance(blind, bool):
        raise _problem(path, text, "'blind' must be true or false", r"^blind")
    return Session(
        name=name,
        organization=organization,
        participants=list(participants),
        created=stamps["created"],
        updated=stamps["updated"],
        answers=answers,
        previous=previous,
        extra={k: v for k, v in data.items() if k not in _TOP_KEYS},
        blind=blind,
    )


def read_session(path: Path) -> tuple[Session, Fingerprint]:
    """Read a session file and the fingerprint of exactly the bytes that were parsed.

    Only a regular file of at most 1 MiB is read (files.read_regular); every
    problem is a one-line SessionError.
    """
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        raise SessionError(path, "no such file") from None
    except FileProblem as exc:
        raise SessionError(path, exc.problem) from None
    return parse_bytes(raw, path), Fingerprint.of_bytes(raw)


def parse_bytes(raw: bytes, path: Path) -> Session:
    """Parse a session file's bytes (already read, e.g. a fingerprint's content)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SessionError(path, f"not UTF-8 text (byte {exc.start})") from None
    return parse_session(text, path)


def read_back(session: Session) -> Session:
    """The session that reading the file saved from ``session`` gives, without
    writing or parsing anything: an independent copy (nothing mutable is shared
    with ``session``), without the answers saving leaves out and the unknown
    keys a known one would shadow, its date-times in UTC. A save keeps this as
    the base of its next merge instead of parsing what it wrote (a test checks
    ``read_back(s) == parse_session(dumps_session(s))``)."""
    answers = {
        criterion_id: replace(
            answer,
            ratings=dict(answer.ratings),
            extra=_unknown(answer.extra, _ANSWER_KEYS),
        )
        for criterion_id, answer in session.answers.items()
        if criterion_id in CRITERION_IDS and not answer.is_empty()
    }
    return replace(
        session,
        created=as_utc(session.created),
        updated=as_utc(session.updated),
        participants=list(session.participants),
        answers=answers,
        extra=_unknown(session.extra, _TOP_KEYS),
    )


def _unknown(extra: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """A deep copy of the unknown keys that saving writes (a known key wins over one)."""
    if not extra:
        return {}
    return copy.deepcopy({key: value for key, value in extra.items() if key not in known})


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
    if session.blind:
        data["blind"] = True
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
        if answer.revealed:
            table["revealed"] = True
        if answer.revealed_before:
            table["revealed_before"] = list(answer.revealed_before)
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
    except FileProblem as exc:
        raise SessionError(path, exc.problem) from None
    except OSError as exc:
        raise SessionError(path, f"cannot write: {exc.strerror or exc}") from None
    return Fingerprint.of_bytes(data)
