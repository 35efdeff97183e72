"""Two real programs writing one session at once (issue 13): nothing is lost.

Each writer is a real Python process with its own OpenSession, saving every
edit through the short write lock and the three-way merge, on a real file.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from meshtui.model import CRITERION_IDS
from meshtui.presence import present
from meshtui.store import SessionStore, load_session
from tests.conftest import REPO_ROOT

ROUNDS = 200

#: Seconds each (real processes saving hundreds of times): out of the inner loop,
#: still in the faults tier.
pytestmark = pytest.mark.slow

#: One writer: opens the session as a participant, waits for "go", then in each
#: round rates as itself and adds a line of its own to a note, printing
#: "ack K" once both are saved (acknowledged). It ends by printing every
#: notice it was given (conflicts, others' changes).
WRITER = """
import sys
from pathlib import Path
from meshtui.model import CRITERION_IDS
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore

path, data_dir, me, rounds = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
opened = OpenSession.open(path, SessionStore(data_dir), as_who=me)
print("open", flush=True)
sys.stdin.readline()
for k in range(rounds):
    cid = CRITERION_IDS[k % len(CRITERION_IDS)]
    opened.rate_as(cid, me, k % 5 + 1)
    note = opened.session.answer(cid).note
    opened.set_note(cid, f"{note}\\n{me} {k}" if note else f"{me} {k}")
    if opened.save_problem is not None:
        print("problem", opened.save_problem, flush=True)
        break
    print("ack", k, flush=True)
for notice in opened.take_notices():
    print("notice", notice, flush=True)
opened.close()
"""


def _start(path: Path, store: SessionStore, who: str, rounds: int) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(store.data_dir), who, str(rounds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first == "open\n", first + (process.stderr.read() if process.stderr else "")
    return process


@contextmanager
def writers(path: Path, store: SessionStore, rounds: int) -> Iterator[list[subprocess.Popen[str]]]:
    """Ana and Ben, both open, then told to go at the same moment."""
    started = [_start(path, store, who, rounds) for who in ("Ana", "Ben")]
    try:
        for process in started:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=60)


def _finish(process: subprocess.Popen[str]) -> list[str]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out.splitlines()


def _acked(lines: list[str]) -> list[int]:
    return [int(line.split()[1]) for line in lines if line.startswith("ack ")]


def _note_lines(path: Path) -> dict[str, set[str]]:
    session = load_session(path)
    return {cid: set(session.answer(cid).note.splitlines()) for cid in CRITERION_IDS}


def _assert_kept(path: Path, who: str, acked: list[int]) -> None:
    """Every acknowledged line of ``who`` is in its note."""
    notes = _note_lines(path)
    missing = [k for k in acked if f"{who} {k}" not in notes[CRITERION_IDS[k % 8]]]
    assert missing == [], f"{who}'s acknowledged lines lost: {missing}"


def test_two_processes_write_one_session_for_200_rounds_and_nothing_is_lost(
    saved_session: Callable[..., Path], store: SessionStore
) -> None:
    path = saved_session("Pair", [None] * 8, participants=["Ana", "Ben"])
    with writers(path, store, ROUNDS) as (ana, ben):
        ana_lines, ben_lines = _finish(ana), _finish(ben)
    assert _acked(ana_lines) == list(range(ROUNDS))
    assert _acked(ben_lines) == list(range(ROUNDS))
    _assert_kept(path, "Ana", list(range(ROUNDS)))
    _assert_kept(path, "Ben", list(range(ROUNDS)))
    final = load_session(path)
    last_round = {CRITERION_IDS[k % 8]: k for k in range(ROUNDS)}
    for cid, k in last_round.items():
        assert final.answer(cid).ratings == {"Ana": k % 5 + 1, "Ben": k % 5 + 1}
    # Everything went into the one file: no recovery copies, no one left present.
    assert [p.name for p in store.sessions_dir.glob("*.toml")] == [path.name]
    assert present(path) == []


def test_kill_9_during_saves_leaves_a_readable_file_with_every_acknowledged_answer(
    saved_session: Callable[..., Path], store: SessionStore
) -> None:
    """Ana is killed at a random moment (most of a save is spent inside the lock:
    re-read, merge, write, fsync) while Ben keeps saving; then Ben finishes."""
    rng = random.Random(13)
    for attempt in range(8):
        path = saved_session(f"Kill {attempt}", [None] * 8, participants=["Ana", "Ben"])
        with writers(path, store, 10_000 if attempt % 2 else 60) as (ana, ben):
            assert ana.stdout is not None
            acked: list[int] = []
            stop_after = rng.randrange(3, 40)
            while len(acked) < stop_after:
                line = ana.stdout.readline()
                assert line.startswith("ack "), line
                acked.append(int(line.split()[1]))
            time.sleep(rng.random() * 0.004)
            ana.send_signal(signal.SIGKILL)
            ana.wait(timeout=30)
            # What Ana printed before dying is acknowledged too.
            acked += _acked(ana.stdout.read().splitlines())
            if attempt % 2:
                ben.send_signal(signal.SIGTERM)
                ben.wait(timeout=30)
                assert ben.stdout is not None
                ben_acked = _acked(ben.stdout.read().splitlines())
            else:
                ben_acked = _acked(_finish(ben))
        _assert_kept(path, "Ana", acked)
        _assert_kept(path, "Ben", ben_acked)
        # Ana's presence died with her; Ben's went when he closed or was stopped.
        assert all(p.who != "Ana" for p in present(path))


def _latest(path: Path, who: str) -> int:
    """The highest round of ``who``'s lines in the file (-1 before the first)."""
    rounds = [
        int(line.split()[1])
        for lines in _note_lines(path).values()
        for line in lines
        if line.startswith(f"{who} ")
    ]
    return max(rounds, default=-1)


def _flocks_of(pid: int) -> set[int]:
    """Inodes the process holds an flock on now (from /proc/locks)."""
    held = set()
    for line in Path("/proc/locks").read_text(encoding="ascii").splitlines():
        fields = line.split()
        if len(fields) > 5 and fields[1] == "FLOCK" and fields[4] == str(pid):
            held.add(int(fields[5].rsplit(":", 1)[1]))
    return held


def test_kill_9_while_holding_the_write_lock_loses_no_acknowledged_answer(
    saved_session: Callable[..., Path], store: SessionStore
) -> None:
    """Ana is killed exactly while she holds the write lock (re-reading, merging
    or writing), seen in /proc/locks, while Ben saves too: the file stays
    readable, every answer either acknowledged is in it, and Ben is never
    blocked by the dead lock."""
    for attempt in range(10):
        path = saved_session(f"Locked {attempt}", [None] * 8, participants=["Ana", "Ben"])
        with writers(path, store, 10_000) as (ana, ben):
            assert ana.stdout is not None
            acked = [int(ana.stdout.readline().split()[1]) for _ in range(3 + attempt)]
            # Her presence entry is flock-ed all the time: any other flock of hers
            # is the write lock (or the temporary file written under it).
            entries = {p.stat().st_ino for p in path.parent.glob(f".{path.name}.*.here")}
            deadline = time.monotonic() + 60
            while not _flocks_of(ana.pid) - entries:
                assert time.monotonic() < deadline, "Ana never took the write lock"
            ana.send_signal(signal.SIGKILL)
            ana.wait(timeout=30)
            acked += _acked(ana.stdout.read().splitlines())
            # Ben goes on saving after her death (the dead lock never blocks him):
            # 20 more of his lines reach the file.
            assert ben.stdout is not None
            ben_lines: list[str] = []
            reader = threading.Thread(target=ben_lines.extend, args=(ben.stdout,))
            reader.start()
            at_death = _latest(path, "Ben")
            while _latest(path, "Ben") < at_death + 20:
                assert time.monotonic() < deadline, "Ben's saves stopped after Ana died"
                time.sleep(0.01)
            ben.send_signal(signal.SIGKILL)
            ben.wait(timeout=30)
            reader.join(timeout=30)
            ben_acked = _acked([line.strip() for line in ben_lines])
        _assert_kept(path, "Ana", acked)
        _assert_kept(path, "Ben", ben_acked)
        assert present(path) == []  # both died; their entries are cleaned up
