"""kill -9 at random moments while a real process saves answers (issue 8, fault suite).

A writer process opens a session (lock, autosave) and saves one change after
another, printing "ack N" only after change N returned, i.e. after it was
acknowledged to the user. The test kills it with SIGKILL at a random moment,
about 50 times, and after each kill checks that the file reads, holds at
least every acknowledged change, and that crash leftovers do not pile up.
Bounded: a fixed number of kills with short random delays (about 15 s).
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from meshtui.model import CRITERION_IDS
from meshtui.session_format import load_session
from meshtui.store import SessionStore
from tests.conftest import REPO_ROOT
from tests.factories import write_session

KILLS = 50

WRITER = """
import sys
from pathlib import Path
from meshtui.model import CRITERION_IDS
from meshtui.session_file import Mode, OpenSession
from meshtui.store import SessionStore
opened = OpenSession.open(Path(sys.argv[1]), SessionStore(Path(sys.argv[2])))
assert opened.mode is Mode.EDITING, opened.message
note = opened.session.answer(CRITERION_IDS[0]).note
step = int(note.split()[1]) if note else 0
while True:
    step += 1
    opened.set_note(CRITERION_IDS[0], f"step {step}")
    opened.rate(CRITERION_IDS[1 + step % 7], 1 + step % 5)
    assert opened.save_problem is None, opened.save_problem
    print(f"ack {step}", flush=True)
"""


def step_in_file(path: Path) -> int:
    note = load_session(path).answer(CRITERION_IDS[0]).note
    return int(note.split()[1]) if note else 0


def run_and_kill(path: Path, store: SessionStore, delay: float) -> int:
    """Start the writer, SIGKILL it after ``delay`` seconds of saving; the last ack read."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(store.data_dir)],
        stdout=subprocess.PIPE,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert writer.stdout is not None
    fd = writer.stdout.fileno()
    acked, buffer, deadline = 0, b"", None
    try:
        while True:
            timeout = 10.0 if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            buffer += chunk
            if deadline is None:
                deadline = time.monotonic() + delay  # saving has started: kill soon
            *lines, buffer = buffer.split(b"\n")
            acked = max([acked, *(int(line.split()[1]) for line in lines if line)])
        writer.send_signal(signal.SIGKILL)
        # What was printed before the kill landed is acknowledged too.
        writer.wait(timeout=30)
        rest = buffer + writer.stdout.read()
        acked = max([acked, *(int(line.split()[1]) for line in rest.split(b"\n")[:-1])])
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(timeout=30)
        writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL, "the writer stopped by itself"
    return acked


@pytest.mark.slow
def test_kill_9_never_corrupts_the_file_nor_loses_an_acknowledged_answer(
    sessions_dir: Path, store: SessionStore
) -> None:
    path = write_session(sessions_dir / "crash.toml", name="Crash")
    chance = random.Random(int(os.environ.get("MESHTUI_FAULT_SEED", "8")))
    highest_ack = 0
    for _ in range(KILLS):
        acked = run_and_kill(path, store, delay=chance.uniform(0.0, 0.08))
        highest_ack = max(highest_ack, acked)
        on_disk = step_in_file(path)  # raises if the file is torn or unreadable
        assert on_disk >= highest_ack, f"acknowledged step {highest_ack} lost (file: {on_disk})"
        leftovers = [p.name for p in sessions_dir.iterdir() if p.name.startswith(".")]
        # At most the killed writer's lock file and one temporary file: each
        # start sweeps what earlier crashes left.
        assert len([n for n in leftovers if n.endswith(".tmp")]) <= 1, leftovers
        assert len([n for n in leftovers if n.endswith(".lock")]) <= 1, leftovers
    assert highest_ack > KILLS  # the kills landed while saving, not before it
    assert [p.name for p in sessions_dir.iterdir() if not p.name.startswith(".")] == ["crash.toml"]
