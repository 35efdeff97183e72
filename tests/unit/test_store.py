"""Sessions on disk: format, atomic writes, permissions, names, bad files (issue section 4)."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meshtui.model import CRITERION_IDS, Answer, Session
from meshtui.session_format import as_utc
from meshtui.store import (
    ENV_DATA_DIR,
    SLUG_MAX,
    ConflictError,
    FileLock,
    Fingerprint,
    SessionError,
    SessionStore,
    load_session,
    read_session,
    resolve_data_dir,
    save_session,
    slugify,
)
from tests.conftest import hypothesis_examples

REPO_ROOT = Path(__file__).resolve().parents[2]
STAMP = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

GOOD_HEAD = """\
version = 1
name = "Broken"
participants = []
created = 2026-01-31T09:00:00Z
updated = 2026-01-31T09:00:00Z
"""

MakeSession = Callable[..., Session]
SavedSession = Callable[..., Path]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    return env


# ---------------------------------------------------------------------------
# Round trip


def test_save_then_read_gives_an_equal_session(tmp_path: Path, make_session: MakeSession) -> None:
    session = make_session(
        "Q3 check",
        [1, 2, 3, 4, 5, None, 3, 2],
        {"early_adopter": "we wait\nfor playbooks", "modern_engineering": "note only"},
        organization="Acme",
        participants=["Ann", "Bo"],
        updated=STAMP + timedelta(hours=2),
    )
    path = tmp_path / "q3.toml"
    fingerprint = save_session(path, session)
    loaded, read_fingerprint = read_session(path)
    assert loaded == session
    assert read_fingerprint == fingerprint == Fingerprint.of_file(path)
    assert loaded.answer("modern_engineering") == Answer(score=None, note="note only")


def test_note_only_answer_round_trips(tmp_path: Path, make_session: MakeSession) -> None:
    session = make_session(notes={"executive_support": "ask the CFO first"})
    path = tmp_path / "s.toml"
    save_session(path, session)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["answers"] == {"executive_support": {"note": "ask the CFO first"}}
    loaded = load_session(path)
    assert loaded.score("executive_support") is None
    assert loaded.answer("executive_support").note == "ask the CFO first"


@pytest.mark.parametrize(
    "text",
    [
        "two\nlines\n",
        'she said "yes"',
        'triple """ quotes """',
        "triple ''' single",
        "back\\slash \\n not a newline \\",
        "trailing backslash\\",
        "emoji 🚀🇩🇪 and é",
        "[bold]x[/] [/] [red",
        "\x1b[31mred\x07 and \x9b",
        "tab\tand nul\x00",
        "windows\r\nline\r\nends",
        "lone\rreturn",
        '"""\n"""',
        "  leading and trailing spaces  ",
    ],
)
def test_tricky_text_round_trips_exactly(
    tmp_path: Path, make_session: MakeSession, text: str
) -> None:
    session = make_session(
        text,
        [3] * 8,
        {"data_oriented_strategy": text},
        organization=text,
        participants=[text, "plain"],
    )
    path = tmp_path / "s.toml"
    save_session(path, session)
    loaded = load_session(path)
    assert loaded.name == text
    assert loaded.organization == text
    assert loaded.participants == [text, "plain"]
    assert loaded.answer("data_oriented_strategy").note == text


stamps = st.one_of(
    st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(9998, 12, 31),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
    ),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9998, 12, 31)),
)


@settings(max_examples=hypothesis_examples(150), suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(),
    organization=st.text(),
    participants=st.lists(st.text(), max_size=3),
    notes=st.dictionaries(st.sampled_from(CRITERION_IDS), st.text(min_size=1)),
    scores=st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=8, max_size=8),
    created=stamps,
    updated=stamps,
)
def test_arbitrary_text_round_trips(
    name: str,
    organization: str,
    participants: list[str],
    notes: dict[str, str],
    scores: list[int | None],
    created: datetime,
    updated: datetime,
) -> None:
    session = Session(
        name=name,
        organization=organization,
        participants=participants,
        created=created,
        updated=updated,
    )
    for cid, score in zip(CRITERION_IDS, scores, strict=True):
        session.set_score(cid, score)
    for cid, note in notes.items():
        session.set_note(cid, note)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        save_session(path, session)
        loaded = load_session(path)
    # A date-time without an offset is read as UTC (sessions must always compare).
    session.created, session.updated = as_utc(created), as_utc(updated)
    assert loaded == session
    assert loaded.created.utcoffset() == as_utc(created).utcoffset()


def test_unknown_keys_are_preserved_through_load_and_save(tmp_path: Path) -> None:
    path = tmp_path / "future.toml"
    path.write_text(
        GOOD_HEAD
        + textwrap.dedent(
            """\
            future_flag = true
            facilitator = "Dana"

            [future_table]
            level = 3
            tags = ["a", "b"]

            [answers.executive_support]
            score = 2
            note = "keep me"
            confidence = 4
            per_participant = { Ann = 2, Bo = 3 }

            [answers.executive_support.history]
            first = 1
            """
        ),
        encoding="utf-8",
    )
    session, fingerprint = read_session(path)
    session.set_score("executive_support", 3)
    session.set_score("early_adopter", 5)
    save_session(path, session, expected=fingerprint)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["future_flag"] is True
    assert data["facilitator"] == "Dana"
    assert data["future_table"] == {"level": 3, "tags": ["a", "b"]}
    assert data["answers"]["executive_support"] == {
        "score": 3,
        "note": "keep me",
        "confidence": 4,
        "per_participant": {"Ann": 2, "Bo": 3},
        "history": {"first": 1},
    }
    assert data["answers"]["early_adopter"] == {"score": 5}
    # And once more through the model: still all there.
    again = load_session(path)
    assert again.extra["future_table"] == {"level": 3, "tags": ["a", "b"]}
    assert again.answer("executive_support").extra["confidence"] == 4


def test_an_answer_with_only_unknown_keys_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(GOOD_HEAD + "\n[answers.early_adopter]\nconfidence = 4\n", encoding="utf-8")
    session = load_session(path)
    save_session(path, session)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["answers"] == {
        "early_adopter": {"confidence": 4}
    }


# ---------------------------------------------------------------------------
# The format


def test_written_file_follows_format_version_1(tmp_path: Path, make_session: MakeSession) -> None:
    session = make_session(
        "Q3 check",
        {"organizational_complexity": 4, "long_term_commitment": 2},
        {"long_term_commitment": "one year budget"},
        organization="Acme",
        participants=["Ann", "Bo"],
    )
    path = tmp_path / "q3.toml"
    save_session(path, session)
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["version"] == 1
    assert data["name"] == "Q3 check"
    assert data["organization"] == "Acme"
    assert data["participants"] == ["Ann", "Bo"]
    assert data["created"] == STAMP and isinstance(data["created"], datetime)
    assert isinstance(data["updated"], datetime)
    assert data["answers"] == {
        "organizational_complexity": {"score": 4},
        "long_term_commitment": {"score": 2, "note": "one year budget"},
    }
    # TOML date-times, not strings; one [answers.<id>] table per answer.
    assert re.search(r"^created = 2026-01-31[T ]09:00:00", text, re.MULTILINE)
    assert re.search(r"^\[answers\.organizational_complexity\]$", text, re.MULTILINE)
    assert re.search(r"^\[answers\.long_term_commitment\]$", text, re.MULTILINE)
    assert text.index("version") < text.index("[answers.")


def test_unanswered_criteria_have_no_table(tmp_path: Path, make_session: MakeSession) -> None:
    path = tmp_path / "s.toml"
    save_session(path, make_session(scores={"executive_support": 3}))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert list(data["answers"]) == ["executive_support"]
    save_session(path, make_session())
    assert "answers" not in tomllib.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Atomic writes and permissions


def test_save_leaves_only_the_session_file(tmp_path: Path, make_session: MakeSession) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    path = folder / "s.toml"
    for index in range(40):
        session = make_session(
            f"round {index}", [1 + index % 5] * 8, {"early_adopter": "x" * index}
        )
        save_session(path, session)
        assert load_session(path) == session
        assert sorted(p.name for p in folder.iterdir()) == ["s.toml"]


def test_created_folder_is_0700_and_files_0600(store: SessionStore) -> None:
    path, session, _ = store.create("Private")
    assert mode_of(store.sessions_dir) == 0o700
    assert mode_of(path) == 0o600
    fingerprint = Fingerprint.of_file(path)
    session.set_score("early_adopter", 3)
    save_session(path, session, expected=fingerprint)
    assert mode_of(path) == 0o600


def test_existing_open_folder_is_made_private(store: SessionStore) -> None:
    store.sessions_dir.mkdir(parents=True)
    store.sessions_dir.chmod(0o755)
    store.create("Private")
    assert mode_of(store.sessions_dir) == 0o700


def test_a_world_readable_file_becomes_0600_when_saved(
    tmp_path: Path, make_session: MakeSession
) -> None:
    path = tmp_path / "s.toml"
    save_session(path, make_session())
    path.chmod(0o644)
    save_session(path, make_session("again"))
    assert mode_of(path) == 0o600


def test_write_under_a_file_fails_cleanly(tmp_path: Path, make_session: MakeSession) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"keep")
    with pytest.raises(SessionError, match="cannot write") as info:
        save_session(blocker / "s.toml", make_session())
    assert str(blocker) in str(info.value)
    assert blocker.read_bytes() == b"keep"


_FAILING_WRITER = """
import resource, signal, sys
from pathlib import Path
from meshtui.store import load_session, save_session, SessionError
path = Path(sys.argv[1])
session = load_session(path)
session.set_note("early_adopter", "x" * 200_000)
# "ignore": write() fails with EFBIG; "crash": the kernel kills the process.
crash = sys.argv[2] == "crash"
signal.signal(signal.SIGXFSZ, signal.SIG_DFL if crash else signal.SIG_IGN)
limit = path.stat().st_size + 512
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    save_session(path, session)
except SessionError as exc:
    print("ERROR", exc)
"""


def test_a_write_error_midway_leaves_the_old_file(
    tmp_path: Path, saved_session: SavedSession
) -> None:
    path = saved_session("Old", [3] * 8, path=tmp_path / "s.toml")
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", _FAILING_WRITER, str(path), "ignore"],
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ERROR ")
    assert "cannot write" in result.stdout
    assert path.read_bytes() == before
    # The partial temporary file was cleaned up.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


def test_a_crash_midway_leaves_the_old_file(tmp_path: Path, store: SessionStore) -> None:
    path, _, _ = store.create("Old")
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", _FAILING_WRITER, str(path), "crash"],
        capture_output=True,
        env=child_env(),
        check=False,
    )
    # Killed by SIGXFSZ while writing the temporary file.
    assert result.returncode == -signal.SIGXFSZ
    assert path.read_bytes() == before
    leftovers = [p for p in store.sessions_dir.iterdir() if p != path]
    # The torn write went to a temporary file in the same folder, never to the session.
    assert leftovers and all(p.name.startswith(".") for p in leftovers)
    assert all(p.stat().st_size > 0 for p in leftovers)
    [listing] = store.listings()
    assert listing.path == path and listing.summary is not None
    assert listing.summary.name == "Old"


_LOOPING_WRITER = """
import sys
from pathlib import Path
from meshtui.store import load_session, save_session
path = Path(sys.argv[1])
session = load_session(path)
for index in range(300):
    session.set_note("early_adopter", "note " * (index * 7 % 400))
    session.set_score("early_adopter", 1 + index % 5)
    save_session(path, session)
"""


# A real writer process saving 300 times while this one reads: a second or more
# under load, so outside the inner loop (the whole suite and CI run it).
@pytest.mark.slow
def test_a_reader_never_sees_a_partial_file(tmp_path: Path, saved_session: SavedSession) -> None:
    path = saved_session("Busy", [3] * 8, path=tmp_path / "s.toml")
    writer = subprocess.Popen([sys.executable, "-c", _LOOPING_WRITER, str(path)], env=child_env())
    reads = 0
    try:
        while writer.poll() is None or reads == 0:
            session = load_session(path)  # raises if it ever sees a torn file
            assert session.name == "Busy"
            reads += 1
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0
    assert load_session(path).answer("early_adopter").score == 5  # index 299 -> 5


# ---------------------------------------------------------------------------
# Conflicts


def test_save_refuses_when_another_program_changed_the_file(
    tmp_path: Path, saved_session: SavedSession
) -> None:
    path = saved_session("Mine", [3] * 8, path=tmp_path / "s.toml")
    session, fingerprint = read_session(path)
    theirs = path.read_text(encoding="utf-8").replace('name = "Mine"', 'name = "Theirs"')
    path.write_text(theirs, encoding="utf-8")
    session.set_score("early_adopter", 1)
    with pytest.raises(ConflictError, match="changed by another program") as info:
        save_session(path, session, expected=fingerprint)
    assert info.value.path == path
    assert path.read_text(encoding="utf-8") == theirs


def test_save_refuses_to_recreate_a_deleted_file(
    tmp_path: Path, saved_session: SavedSession
) -> None:
    path = saved_session("Mine", [3] * 8, path=tmp_path / "s.toml")
    session, fingerprint = read_session(path)
    path.unlink()
    with pytest.raises(ConflictError, match="deleted"):
        save_session(path, session, expected=fingerprint)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_save_with_matching_fingerprint_succeeds_repeatedly(
    tmp_path: Path, saved_session: SavedSession
) -> None:
    path = saved_session("Mine", path=tmp_path / "s.toml")
    session, fingerprint = read_session(path)
    for score in (1, 2, 3):
        session.set_score("executive_support", score)
        fingerprint = save_session(path, session, expected=fingerprint)
    assert load_session(path).score("executive_support") == 3


def test_expecting_no_file_refuses_to_overwrite(
    tmp_path: Path, saved_session: SavedSession, make_session: MakeSession
) -> None:
    path = saved_session("First", path=tmp_path / "s.toml")
    before = path.read_bytes()
    with pytest.raises(ConflictError):
        save_session(path, make_session("Second"), expected=Fingerprint(None))
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------
# Names and slugs

HOSTILE_NAMES = [
    "../../x",
    "/etc/passwd",
    "..",
    "a/../../b",
    "C:\\Windows\\x",
    "x" * 300,
    "🚀🎉",
    "~root",
    ".hidden",
    "-",
    "\x00\x1b",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_new_files_always_land_inside_the_sessions_folder(
    store: SessionStore, tmp_path: Path, name: str
) -> None:
    path, _, _ = store.create(name)
    assert path.resolve().parent == store.sessions_dir.resolve()
    assert path.is_file()
    assert SLUG_RE.match(path.stem)
    assert len(path.stem) <= SLUG_MAX
    assert load_session(path).name == name
    # Nothing was written anywhere else.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert sorted(p.name for p in store.data_dir.iterdir()) == ["sessions"]


def test_empty_name_gets_a_slug_but_cannot_be_created(store: SessionStore) -> None:
    assert slugify("") == "session"
    assert store.new_path("").name == "session.toml"
    for empty in ("", "   ", "\n\t"):
        with pytest.raises(SessionError, match="needs a name"):
            store.create(empty)
    assert not store.sessions_dir.exists() or list(store.sessions_dir.iterdir()) == []


def test_names_with_the_same_slug_never_overwrite_each_other(store: SessionStore) -> None:
    first, _, _ = store.create("Q3 check")
    second, _, _ = store.create("q3-check!")
    third, _, _ = store.create("Q3  CHECK")
    assert first.name == "q3-check.toml"
    assert second.name == "q3-check-2.toml"
    assert third.name == "q3-check-3.toml"
    assert [load_session(p).name for p in (first, second, third)] == [
        "Q3 check",
        "q3-check!",
        "Q3  CHECK",
    ]


def test_emoji_only_names_do_not_clash(store: SessionStore) -> None:
    first, _, _ = store.create("🚀")
    second, _, _ = store.create("🎉")
    assert first != second
    assert {load_session(first).name, load_session(second).name} == {"🚀", "🎉"}


def test_long_names_are_cut_to_the_slug_limit(store: SessionStore) -> None:
    path, _, _ = store.create("word " * 100)
    assert len(path.stem) <= SLUG_MAX
    assert SLUG_RE.match(path.stem)
    assert slugify("Ünïcödé Straße") == "unicode-strae"


@given(st.text())
def test_slugify_is_always_a_safe_file_stem(name: str) -> None:
    slug = slugify(name)
    assert SLUG_RE.match(slug), slug
    assert 1 <= len(slug) <= SLUG_MAX


# ---------------------------------------------------------------------------
# Unreadable files

BAD_FILES: dict[str, tuple[bytes, list[str]]] = {
    "not-toml": (b"version = 1\nname = \n", ["not valid TOML", "line 2, column 8"]),
    "not-toml-unclosed": (
        GOOD_HEAD.encode() + b"[answers.early_adopter\nscore = 3\n",
        ["not valid TOML", "line 6, column"],
    ),
    "name-int": (
        GOOD_HEAD.replace('name = "Broken"', "name = 42").encode(),
        ["'name'", "int", "line 2"],
    ),
    "name-missing": (GOOD_HEAD.replace('name = "Broken"\n', "").encode(), ["'name'", "missing"]),
    "participants-string": (
        GOOD_HEAD.replace("participants = []", 'participants = "Ann, Bo"').encode(),
        ["'participants'", "list", "line 3"],
    ),
    "participants-ints": (
        GOOD_HEAD.replace("participants = []", "participants = [1, 2]").encode(),
        ["'participants'", "line 3"],
    ),
    "created-string": (
        GOOD_HEAD.replace("created = 2026-01-31T09:00:00Z", 'created = "2026-01-31"').encode(),
        ["'created'", "date-time", "line 4"],
    ),
    "updated-date-only": (
        GOOD_HEAD.replace("updated = 2026-01-31T09:00:00Z", "updated = 2026-01-31").encode(),
        ["'updated'", "date-time", "line 5"],
    ),
    "score-string": (
        GOOD_HEAD.encode() + b'\n[answers.executive_support]\nscore = "3"\n',
        ["answers.executive_support.score", "'3'", "line 7"],
    ),
    "score-zero": (
        GOOD_HEAD.encode() + b"\n[answers.executive_support]\nscore = 0\n",
        ["answers.executive_support.score", "1 to 5", "line 7"],
    ),
    "score-six": (
        GOOD_HEAD.encode() + b"\n[answers.executive_support]\nscore = 6\n",
        ["answers.executive_support.score", "1 to 5", "6"],
    ),
    "score-true": (
        GOOD_HEAD.encode() + b"\n[answers.executive_support]\nscore = true\n",
        ["answers.executive_support.score", "True"],
    ),
    "score-float": (
        GOOD_HEAD.encode() + b"\n[answers.executive_support]\nscore = 3.0\n",
        ["answers.executive_support.score", "3.0"],
    ),
    "note-int": (
        GOOD_HEAD.encode() + b"\n[answers.early_adopter]\nscore = 3\nnote = 7\n",
        ["answers.early_adopter.note", "string", "line 7"],
    ),
    "unknown-criterion": (
        GOOD_HEAD.encode()
        + b"\n[answers.early_adopter]\nscore = 3\n\n[answers.blockchain]\nscore = 5\n",
        ["unknown criterion", "blockchain", "line 10"],
    ),
    "answers-not-table": (GOOD_HEAD.encode() + b"answers = 3\n", ["'answers'", "table"]),
    "answer-not-table": (
        GOOD_HEAD.encode() + b"answers = { early_adopter = 3 }\n",
        ["answers.early_adopter", "table"],
    ),
    "newer-version": (
        GOOD_HEAD.replace("version = 1", "version = 2").encode(),
        ["newer", "upgrade"],
    ),
    "version-zero": (
        GOOD_HEAD.replace("version = 1", "version = 0").encode(),
        ["version", "line 1"],
    ),
    "version-string": (GOOD_HEAD.replace("version = 1", 'version = "1"').encode(), ["'version'"]),
    "version-missing": (GOOD_HEAD.replace("version = 1\n", "").encode(), ["'version'"]),
    "empty": (b"", ["empty"]),
    "blank": (b"  \n\n\t\n", ["empty"]),
    "not-utf8": (GOOD_HEAD.replace("Broken", "Br\xf6ken").encode("latin-1"), ["UTF-8"]),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", ["UTF-8"]),
}


def write_bad(folder: Path, case: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{case}.toml"
    path.write_bytes(BAD_FILES[case][0])
    return path


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_unreadable_file_gives_a_clear_error(tmp_path: Path, case: str) -> None:
    path = write_bad(tmp_path, case)
    with pytest.raises(SessionError) as info:
        read_session(path)
    message = str(info.value)
    assert info.value.path == path
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    for expected in BAD_FILES[case][1]:
        assert expected in message, (expected, message)


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_unreadable_file_is_listed_and_never_rewritten(store: SessionStore, case: str) -> None:
    good, _, _ = store.create("Good one")
    path = write_bad(store.sessions_dir, case)
    before = path.read_bytes()
    listings = store.listings()
    assert [item.path for item in listings] == [good, path]
    bad = listings[1]
    assert bad.summary is None
    assert bad.error is not None
    for expected in BAD_FILES[case][1]:
        assert expected in bad.error
    # Found by its path; its session name cannot be read, so not by name.
    assert store.find(str(path)) == path
    assert store.find(path.name) == path
    with pytest.raises(SessionError):
        store.find("Broken")
    with pytest.raises(SessionError):
        store.rename(str(path), "Fixed")
    assert path.read_bytes() == before
    assert sorted(p.name for p in store.sessions_dir.iterdir()) == sorted(
        ["good-one.toml", path.name]
    )


def test_a_folder_named_like_a_session_is_listed_as_unreadable(store: SessionStore) -> None:
    store.create("Good one")
    folder = store.sessions_dir / "folder.toml"
    folder.mkdir()
    listings = store.listings()
    assert listings[-1].path == folder
    assert listings[-1].error is not None and "folder" in listings[-1].error
    with pytest.raises(SessionError, match="folder"):
        read_session(folder)
    assert folder.is_dir()


def test_missing_file_error_names_it(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match="no such file") as info:
        read_session(tmp_path / "gone.toml")
    assert str(tmp_path / "gone.toml") in str(info.value)


# ---------------------------------------------------------------------------
# The sessions folder


def test_empty_or_missing_folder_lists_nothing(store: SessionStore) -> None:
    assert not store.sessions_dir.exists()
    assert store.listings() == []
    store.sessions_dir.mkdir(parents=True)
    assert store.listings() == []


def test_list_is_newest_first_then_unreadable(
    store: SessionStore, saved_session: SavedSession
) -> None:
    old = saved_session("Old", updated=STAMP)
    new = saved_session("New", updated=STAMP + timedelta(days=2))
    middle = saved_session("Middle", updated=STAMP + timedelta(days=1))
    broken = write_bad(store.sessions_dir, "empty")
    (store.sessions_dir / "notes.txt").write_text("not a session", encoding="utf-8")
    (store.sessions_dir / ".old.toml.abc.tmp").write_text("temp", encoding="utf-8")
    listings = store.listings()
    assert [item.path for item in listings] == [new, middle, old, broken]
    assert [item.summary.name for item in listings[:3] if item.summary] == ["New", "Middle", "Old"]
    assert listings[3].error == "the file is empty"


def test_find_by_exact_name_by_slug_and_by_path(
    store: SessionStore, saved_session: SavedSession, tmp_path: Path
) -> None:
    path = saved_session("Q3 Check, Acme")
    assert path.name == "q3-check-acme.toml"
    assert store.find("Q3 Check, Acme") == path
    assert store.find("q3-check-acme") == path
    assert store.find("q3-check-acme.toml") == path
    assert store.find(str(path)) == path
    outside = saved_session("Shared", path=tmp_path / "team repo" / "shared.toml")
    assert store.find(str(outside)) == outside


def test_find_a_relative_path_from_the_current_folder(
    store: SessionStore,
    saved_session: SavedSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outside = saved_session("Shared", path=tmp_path / "team" / "shared.toml")
    monkeypatch.chdir(tmp_path)
    assert store.find("team/shared.toml").resolve() == outside.resolve()
    assert store.find("./team/shared.toml").resolve() == outside.resolve()


def test_find_errors_name_what_was_asked(store: SessionStore, saved_session: SavedSession) -> None:
    saved_session("Q3")
    with pytest.raises(SessionError, match="no session named 'Q4'") as info:
        store.find("Q4")
    assert str(store.sessions_dir) in str(info.value)
    with pytest.raises(SessionError, match="no such file"):
        store.find("/nowhere/q4.toml")
    with pytest.raises(SessionError, match="no such file"):
        store.find("q4.toml")


def test_find_a_name_that_contains_a_slash(store: SessionStore) -> None:
    path, _, _ = store.create("Sales/Marketing check")
    assert store.find("Sales/Marketing check") == path
    hostile, _, _ = store.create("../../x")
    assert store.find("../../x") == hostile


def test_find_a_name_that_is_also_a_file_in_the_current_folder(
    store: SessionStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _, _ = store.create("notes")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").write_text("my own notes, not a session", encoding="utf-8")
    assert store.find("notes") == path


def test_two_sessions_with_one_name_ask_for_a_path(
    store: SessionStore, saved_session: SavedSession
) -> None:
    saved_session("Twin")
    saved_session("Twin")  # written by hand elsewhere, say: same name, another file
    with pytest.raises(SessionError, match="several sessions"):
        store.find("Twin")


def test_create_refuses_duplicate_names_and_trims(store: SessionStore) -> None:
    path, session, fingerprint = store.create("  Q3  ", " Acme ", [" Ann ", "", "Bo"])
    assert session.name == "Q3"
    assert session.organization == "Acme"
    assert session.participants == ["Ann", "Bo"]
    assert load_session(path) == session
    assert Fingerprint.of_file(path) == fingerprint
    assert session.created == session.updated
    assert session.created.tzinfo is not None
    with pytest.raises(SessionError, match="already exists"):
        store.create("Q3")
    assert len(store.listings()) == 1


def test_rename_inside_moves_the_file(store: SessionStore) -> None:
    old, _, _ = store.create("Q3", "Acme")
    new = store.rename("Q3", "Q3 final")
    assert new == store.sessions_dir / "q3-final.toml"
    assert not old.exists()
    session = load_session(new)
    assert session.name == "Q3 final"
    assert session.organization == "Acme"
    assert mode_of(new) == 0o600
    assert store.find("Q3 final") == new


def test_rename_to_a_taken_slug_gets_a_free_file(store: SessionStore) -> None:
    taken, _, _ = store.create("Q4")
    before = taken.read_bytes()
    store.create("Q3")
    new = store.rename("Q3", "q4!")
    assert new.name == "q4-2.toml"
    assert taken.read_bytes() == before


def test_rename_same_slug_keeps_the_file(store: SessionStore) -> None:
    old, _, _ = store.create("Q3")
    assert store.rename("Q3", "q3") == old
    assert load_session(old).name == "q3"


def test_rename_refuses_a_taken_name_and_an_empty_one(store: SessionStore) -> None:
    store.create("Q3")
    store.create("Q4")
    with pytest.raises(SessionError, match="already exists"):
        store.rename("Q3", "Q4")
    with pytest.raises(SessionError, match="empty"):
        store.rename("Q3", "   ")
    assert {item.summary.name for item in store.listings() if item.summary} == {"Q3", "Q4"}


def test_rename_outside_keeps_the_path(
    store: SessionStore, saved_session: SavedSession, tmp_path: Path
) -> None:
    outside = saved_session("Shared", [4] * 8, path=tmp_path / "team" / "shared.toml")
    assert store.rename(str(outside), "Shared v2") == outside
    assert load_session(outside).name == "Shared v2"
    assert load_session(outside).scores() == [4] * 8
    assert sorted(p.name for p in outside.parent.iterdir()) == ["shared.toml"]


def test_delete(store: SessionStore) -> None:
    path, _, _ = store.create("Q3")
    keep, _, _ = store.create("Q4")
    assert store.delete("Q3") == path
    assert not path.exists()
    assert keep.exists()
    with pytest.raises(SessionError, match="no session named 'Q3'"):
        store.delete("Q3")


# ---------------------------------------------------------------------------
# The writer lock


def test_second_lock_in_the_same_process_sees_the_holder(tmp_path: Path) -> None:
    session_path = tmp_path / "s.toml"
    first, second = FileLock(session_path), FileLock(session_path)
    assert first.acquire() is None
    assert first.held
    holder = second.acquire()
    assert holder is not None
    assert holder.pid == os.getpid()
    assert str(os.getpid()) in holder.describe()
    assert not second.held
    first.release()
    assert not first.held
    assert second.acquire() is None
    second.release()


_LOCK_HOLDER = """
import sys, time
from pathlib import Path
from meshtui.files import FileLock
lock = FileLock(Path(sys.argv[1]))
assert lock.acquire() is None
print("locked", flush=True)
time.sleep(600)
"""


def test_a_lock_dies_with_its_process(tmp_path: Path) -> None:
    session_path = tmp_path / "s.toml"
    child = subprocess.Popen(
        [sys.executable, "-c", _LOCK_HOLDER, str(session_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "locked\n"
        mine = FileLock(session_path)
        holder = mine.acquire()
        assert holder is not None
        assert holder.pid == child.pid
    finally:
        child.kill()  # SIGKILL: no chance to clean up
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert mine.acquire() is None
    assert mine.held
    mine.release()


# ---------------------------------------------------------------------------
# Where sessions live


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is the Linux rule")
def test_data_dir_option_beats_environment_beats_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(ENV_DATA_DIR, raising=False)
    default = resolve_data_dir(None)
    assert default == tmp_path / "xdg" / "meshtui"
    assert SessionStore(default).sessions_dir == tmp_path / "xdg" / "meshtui" / "sessions"
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "env"))
    assert resolve_data_dir(None) == tmp_path / "env"
    assert resolve_data_dir(str(tmp_path / "option")) == tmp_path / "option"
    assert resolve_data_dir(tmp_path / "option") == tmp_path / "option"


def test_data_dir_expands_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_data_dir("~/meshdata") == tmp_path / "meshdata"
    monkeypatch.setenv(ENV_DATA_DIR, "~/envdata")
    assert resolve_data_dir(None) == tmp_path / "envdata"


def test_the_listing_cache_is_written_without_fsync_and_a_session_with_it(
    store: SessionStore, saved_session: SavedSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is rebuilt when lost, so its write does not wait for the disk
    (``meshtui resume`` writes it when a session changed since the last listing);
    a session's write does."""
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    path = saved_session("Q1")
    monkeypatch.setattr(os, "fsync", fsync)
    assert [listing.path for listing in store.listings()] == [path]
    assert (store.data_dir / "listings-cache.json").is_file()
    assert synced == []
    save_session(path, load_session(path))
    assert len(synced) == 2  # the file, then its folder
