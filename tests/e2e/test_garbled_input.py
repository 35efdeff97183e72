"""Garbled mouse reports never become answers (issue 14): the installed app in a pty.

GNU screen forwards mouse reports Textual cannot parse (``ESC [ M 3 5 ; 2 4 ;
1 7 M``); before the input filter their digits rated and their letters ran
commands. These tests write those exact bytes, and a seeded stream of
mouse-like junk split at random points, to the installed app in a real
pseudo-terminal, in the interview, in the note editor and on the summary,
then check on disk that no answer and no note changed and that nothing was
exported. Each phase ends with a real key whose effect is checked, so the
app provably read everything written before it.
"""

from __future__ import annotations

import random
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from meshtui.store import SessionStore, ensure_private_dir, save_session
from tests.conftest import build_session
from tests.e2e.pty_app import PtyApp, wait_until
from tests.e2e.test_tmux import app_env, meshtui_program

#: The reports quoted in issue 14: screen's X10 prefix on an SGR-style body
#: (a move, then the two that typed ``3;14M34;11M`` into a note), a click on
#: "5", a release and a wheel notch.
ISSUE_BYTES = (
    b"\x1b[M35;24;17M",
    b"\x1b[M35;3;14M\x1b[M35;34;11M",
    b"\x1b[M32;9;20M\x1b[M35;9;20M",
    b"\x1b[M96;40;10M\x1b[M97;40;10M",
)
#: What the footer says while the note editor has the keys.
EDITING = "Done"
SCORES = (1, 3, None, None, None, None, None, None)
NOTE = "keep me"


def junk_report(rng: random.Random) -> bytes:
    """One mouse-like report that is not a well-formed SGR report."""
    b, x, y = rng.randrange(0, 100), rng.randrange(0, 300), rng.randrange(0, 100)
    kind = rng.randrange(7)
    if kind == 0:  # screen's variant
        report = f"\x1b[M{b};{x};{y}{rng.choice('Mm')}".encode()
    elif kind == 1:  # urxvt (1015)
        report = f"\x1b[{b};{x};{y}M".encode()
    elif kind == 2:  # classic X10: three raw bytes
        report = b"\x1b[M" + bytes(rng.randrange(32, 127) for _ in range(3))
    elif kind == 3:  # SGR with a field too many
        report = f"\x1b[<{b};{x};{y};{b}M".encode()
    elif kind == 4:  # SGR with a negative coordinate
        report = f"\x1b[<{b};-{x};{y}m".encode()
    elif kind == 5:  # an over-long run of digits
        report = b"\x1b[M" + b"9;" * rng.randrange(20, 60) + b"M"
    else:  # screen's variant with a stray field
        report = f"\x1b[M{b};{x};{y};{x}M".encode()
    if rng.random() < 0.25:
        # Cut short: the next report's ESC ends it.
        report = report[: rng.randrange(3, len(report))]
    return report


def junk_stream(seed: int, count: int) -> bytes:
    rng = random.Random(seed)
    return b"".join(junk_report(rng) for _ in range(count))


def write_in_pieces(app: PtyApp, data: bytes, seed: int) -> None:
    """Write ``data`` split at random points, so reports straddle reads."""
    rng = random.Random(seed)
    position = 0
    while position < len(data):
        size = rng.randrange(1, 40)
        app.write(data[position : position + size])
        position += size
        if rng.random() < 0.1:
            time.sleep(0.01)


def answers(path: Path) -> dict[str, dict[str, object]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    answers: dict[str, dict[str, object]] = data.get("answers", {})
    return answers


def answer(path: Path, criterion_id: str) -> dict[str, object]:
    return answers(path).get(criterion_id, {})


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    store = SessionStore(tmp_path / "data")
    ensure_private_dir(store.sessions_dir)
    session = build_session("Mouse check", SCORES, {"organizational_complexity": NOTE})
    path = store.new_path(session.name)
    save_session(path, session)
    return path


@pytest.fixture
def app(tmp_path: Path, session_file: Path) -> Iterator[PtyApp]:
    workdir = tmp_path / "work"
    workdir.mkdir()
    # Mouse reporting on (not screen, not tmux): the filter alone must hold.
    env = app_env(tmp_path, TMUX=None, STY=None, MESHTUI_MOUSE=None)
    running = PtyApp([str(meshtui_program()), "resume", "Mouse check"], env, workdir)
    try:
        yield running
    finally:
        running.close()


def test_garbled_mouse_reports_change_no_answer_and_no_note(
    app: PtyApp, session_file: Path, tmp_path: Path
) -> None:
    app.wait_for_text("Executive support", "Not rated yet")
    assert b"\x1b[?1006h" in app.output, "the mouse was not requested: the filter is untested"
    before = answers(session_file)

    # The interview: the issue's bytes, then junk; then a real "4" rates C.
    for chunk in ISSUE_BYTES:
        app.write(chunk)
    write_in_pieces(app, junk_stream(seed=14, count=400), seed=1)
    app.write(b"4")
    wait_until("C rated 4", lambda: answer(session_file, "executive_support").get("score") == 4)
    after = answers(session_file)
    assert after.pop("executive_support") == {"score": 4}
    assert after == {k: v for k, v in before.items() if k != "executive_support"}

    # The note editor: junk while editing types nothing; real typing does.
    app.write(b"\x1b[D\x1b[D")  # back to A, whose note is "keep me"
    app.wait_for_text("Organizational complexity")
    mark = len(app.output)
    app.write(b"e")
    app.wait_for_text(EDITING, since=mark)
    for chunk in ISSUE_BYTES:
        app.write(chunk)
    write_in_pieces(app, junk_stream(seed=9, count=400), seed=2)
    app.write(b" ok")
    wait_until(
        "the note to be saved",
        lambda: "ok" in str(answer(session_file, "organizational_complexity").get("note")),
    )
    assert answers(session_file)["organizational_complexity"] == {
        "score": 1,
        "note": f"{NOTE} ok",
    }
    app.write(b"\x1b")
    mark = len(app.output)

    # The summary: a click there once exported a file.
    app.wait_for_text("1-5 Rate", since=mark)
    app.write(b"s")
    app.wait_for_text("Summary", since=mark)
    write_in_pieces(app, b"".join(ISSUE_BYTES) + junk_stream(seed=8, count=300), seed=3)
    app.write(b"q")
    assert app.wait_for_exit() == 0
    final = answers(session_file)
    assert final["executive_support"] == {"score": 4}
    assert final["organizational_complexity"] == {"score": 1, "note": f"{NOTE} ok"}
    assert {
        k: v
        for k, v in final.items()
        if k not in ("executive_support", "organizational_complexity")
    } == {
        k: v
        for k, v in before.items()
        if k not in ("executive_support", "organizational_complexity")
    }
    assert list((tmp_path / "work").iterdir()) == [], "something was exported"
    assert not (tmp_path / "data" / "exports").exists()


def test_no_mouse_reporting_is_requested_under_gnu_screen(tmp_path: Path) -> None:
    workdir = tmp_path / "work"
    workdir.mkdir()
    env = app_env(tmp_path, TERM="screen", STY="1234.x", TMUX=None, MESHTUI_MOUSE=None)
    app = PtyApp([str(meshtui_program()), "new", "Screen check"], env, workdir)
    try:
        app.wait_for_text("Organizational complexity")
        for chunk in ISSUE_BYTES:
            app.write(chunk)
        app.write(b"q")
        assert app.wait_for_exit() == 0
        assert b"\x1b[?1000h" not in app.output
        assert b"\x1b[?1003h" not in app.output
    finally:
        app.close()
    (path,) = (tmp_path / "data" / "sessions").glob("*.toml")
    assert all("score" not in a for a in answers(path).values())
