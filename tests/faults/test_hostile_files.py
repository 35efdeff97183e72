"""Hostile session files and folders: one-line errors, no hang, nothing written over.

Issue 8, failures 3, 5, 7, 8 and 11: every reader accepts regular files of at
most 1 MiB only and turns every parser failure into one short line; the file
stays byte-identical. Real files, real FIFOs and devices, the real command.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meshtui.files import MAX_PROBLEM_CHARS
from meshtui.session_format import SessionError, load_session, read_session
from meshtui.store import SessionStore
from tests.conftest import cli_env, hypothesis_examples
from tests.factories import (
    BAD_FILES,
    NON_REGULAR,
    is_one_short_line,
    session_bytes,
    write_session,
)


def meshtui(data_dir: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh process; a hang fails the test instead of blocking it."""
    return subprocess.run(
        [sys.executable, "-m", "meshtui", *args],
        capture_output=True,
        text=True,
        env=cli_env(data_dir),
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_one_short_line_and_stays_byte_identical(
    sessions_dir: Path, store: SessionStore, case: str
) -> None:
    content, word = BAD_FILES[case]
    path = sessions_dir / f"{case}.toml"
    path.write_bytes(content)
    with pytest.raises(SessionError) as caught:
        load_session(path)
    assert is_one_short_line(caught.value.problem), caught.value.problem
    assert word.lower() in caught.value.problem.lower()
    [listing] = store.listings()
    assert listing.summary is None and listing.error == caught.value.problem
    assert path.read_bytes() == content


@pytest.mark.parametrize("case", sorted(NON_REGULAR))
def test_a_non_regular_file_is_refused_at_once(
    sessions_dir: Path, store: SessionStore, data_dir: Path, case: str
) -> None:
    make, word = NON_REGULAR[case]
    path = sessions_dir / "x.toml"
    make(path)
    write_session(sessions_dir / "good.toml", name="Good")
    with pytest.raises(SessionError, match=word):
        read_session(path)
    # The whole command: a FIFO or /dev/urandom used to hang `list`, /dev/zero
    # to exhaust memory. The timeout turns a hang into a failure.
    listed = meshtui(data_dir, "list")
    assert listed.returncode == 0, listed.stderr
    assert "Good" in listed.stdout and "x.toml" in listed.stdout and word in listed.stdout
    shown = meshtui(data_dir, "show", str(path))
    assert shown.returncode == 1
    assert shown.stderr.startswith("meshtui: error: ") and shown.stderr.count("\n") == 1
    assert word in shown.stderr


def test_previous_naming_dev_zero_is_refused(sessions_dir: Path, data_dir: Path) -> None:
    path = write_session(sessions_dir / "q2.toml", name="Q2", previous="/dev/zero")
    result = meshtui(data_dir, "show", str(path), "--against")
    assert result.returncode == 1
    assert "/dev/zero: is a device, not a regular file" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_long_error_detail_is_cut_to_one_line(sessions_dir: Path, data_dir: Path) -> None:
    content, _ = BAD_FILES["score-4000-digits"]
    (sessions_dir / "big.toml").write_bytes(content)
    listed = meshtui(data_dir, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    import json

    [row] = json.loads(listed.stdout)
    assert len(row["error"]) <= MAX_PROBLEM_CHARS and row["error"].endswith("...")


def test_a_naive_date_time_is_read_as_utc(tmp_path: Path) -> None:
    path = tmp_path / "naive.toml"
    path.write_bytes(
        session_bytes(name="Naive").replace(b"2026-01-31T09:00:00Z", b"2026-01-31T09:00:00")
    )
    loaded = load_session(path)
    assert loaded.created.utcoffset() is not None and loaded.updated.utcoffset() is not None
    # What crashed the summary: comparing it with a session that has an offset.
    other = load_session(write_session(tmp_path / "other.toml", name="Other"))
    assert sorted([loaded.created, other.created]) == [loaded.created, other.created]


def test_delete_refuses_a_file_that_is_not_a_session(
    data_dir: Path, sessions_dir: Path, tmp_path: Path
) -> None:
    precious = tmp_path / "pyproject.toml"
    precious.write_text('[project]\nname = "x"\n', encoding="utf-8")
    result = meshtui(data_dir, "delete", str(precious), "--yes")
    assert result.returncode == 1 and precious.exists()
    assert "'version' must be an integer" in result.stderr
    session_elsewhere = write_session(tmp_path / "elsewhere.toml", name="Elsewhere")
    assert meshtui(data_dir, "delete", str(session_elsewhere), "--yes").returncode == 0
    assert not session_elsewhere.exists()


_VALID = session_bytes(name="Fuzzed", scores=[3, 4, 2, 5, 1], note="a note\nwith two lines")


@settings(
    max_examples=hypothesis_examples(200),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cut=st.integers(0, len(_VALID)),
    flips=st.lists(st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)), max_size=4),
)
def test_mutated_files_read_or_fail_in_one_line_and_stay_identical(
    tmp_path: Path, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(_VALID[:cut] if cut < len(_VALID) else _VALID)
    for where, value in flips:
        if where < len(data):
            data[where] = value
    path = tmp_path / "mutated.toml"
    path.write_bytes(bytes(data))
    try:
        load_session(path)
    except SessionError as exc:
        assert is_one_short_line(exc.problem), exc.problem
    assert path.read_bytes() == bytes(data)


@settings(max_examples=hypothesis_examples(30), deadline=None)
@given(depth=st.integers(1, 3000), brackets=st.sampled_from([("[", "]"), ("{", "}")]))
def test_any_nesting_depth_reads_or_fails_in_one_line(
    depth: int, brackets: tuple[str, str]
) -> None:
    opening, closing = brackets
    inner = "a = " if opening == "{" else ""
    text = (
        'version = 1\nname = "n"\ncreated = 2026-01-31T09:00:00Z\nupdated = 2026-01-31T09:00:00Z\n'
        f"deep = {(opening + inner) * depth}1{closing * depth}\n"
    )
    try:
        from meshtui.session_format import parse_session

        parse_session(text, Path("deep.toml"))
    except SessionError as exc:
        assert is_one_short_line(exc.problem)


@pytest.mark.parametrize(
    "cache",
    [
        b"not json",
        b"[" * 100_000,
        b'{"version": 1, "files": {"q1.toml": {"state": [1, 2, 3], "summary": 5, "error": null}}}',
        b'{"version": 1, "files": []}',
        b"\xff\xfe",
        # Written without fsync: a crash may leave it empty.
        b"",
    ],
    ids=["not-json", "deep", "wrong-types", "wrong-shape", "not-utf8", "empty"],
)
def test_a_damaged_listing_cache_is_ignored(
    sessions_dir: Path, store: SessionStore, data_dir: Path, cache: bytes
) -> None:
    write_session(sessions_dir / "q1.toml", name="Q1")
    (data_dir / "listings-cache.json").write_bytes(cache)
    [listing] = SessionStore(data_dir).listings()
    assert listing.summary is not None and listing.summary.name == "Q1"


def test_the_listing_cache_follows_changed_files(sessions_dir: Path, data_dir: Path) -> None:
    path = write_session(sessions_dir / "q1.toml", name="Q1")
    assert [item.summary.name for item in SessionStore(data_dir).listings() if item.summary] == [
        "Q1"
    ]
    write_session(path, name="Q1 renamed by git pull")
    fresh = SessionStore(data_dir)  # a new process: only the cache file is shared
    assert [item.summary.name for item in fresh.listings() if item.summary] == [
        "Q1 renamed by git pull"
    ]
    path.write_bytes(b"broken = [")
    assert [item.error is not None for item in SessionStore(data_dir).listings()] == [True]


@settings(max_examples=hypothesis_examples(40), deadline=None)
@given(
    digits=st.integers(1, 12_000),
    where=st.sampled_from(["version = {}", "big = {}", "[answers.early_adopter]\nscore = {}"]),
    sign=st.sampled_from(["", "-", "+"]),
)
def test_integers_of_any_length_read_or_fail_in_one_line(
    digits: int, where: str, sign: str
) -> None:
    number = sign + "9" * digits
    header = 'name = "n"\ncreated = 2026-01-31T09:00:00Z\nupdated = 2026-01-31T09:00:00Z\n'
    body = where.format(number)
    text = (
        header + body + "\n"
        if body.startswith("version")
        else ("version = 1\n" + header + body + "\n")
    )
    from meshtui.session_format import parse_session

    try:
        parse_session(text, Path("big.toml"))
    except SessionError as exc:
        assert is_one_short_line(exc.problem), exc.problem


@settings(
    max_examples=hypothesis_examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(kind=st.sampled_from(sorted(NON_REGULAR)), name=st.sampled_from(["x.toml", "a b.toml"]))
def test_generated_non_regular_files_are_refused(tmp_path: Path, kind: str, name: str) -> None:
    make, word = NON_REGULAR[kind]
    path = tmp_path / f"{kind}-{name}"
    if not path.exists() and not path.is_symlink():
        make(path)
    with pytest.raises(SessionError) as caught:
        read_session(path)
    assert word in caught.value.problem and is_one_short_line(caught.value.problem)
