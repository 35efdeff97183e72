"""What a merging save costs, beside a plain atomic save measured in the same run
(issue 13).

Run: ``python benchmarks/bench_coedit.py`` from the repository root (about
ten seconds). It prints medians and ratios; it asserts nothing, but marks the
merging save against the target (at most 2x the plain atomic save) PASS or
FAIL.

* **atomic save** (the baseline): ``save_session`` of a session with eight
  answers and notes: temporary file, fsync, rename, fsync of the folder.
* **save, nobody else wrote**: ``OpenSession.rate`` as a program editing
  alone: the write lock, a re-read, the atomic save, the lock let go.
* **save after another program's save**: the same, when the file was changed
  by another program since this one last read it: the re-read is merged
  (three-way) before the save.
* **two programs, 200 rounds each** (for reference): two real processes, each
  rating and adding a note line 200 times at once; wall time per save.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from meshtui.files import ensure_private_dir  # noqa: E402
from meshtui.model import CRITERION_IDS, Session  # noqa: E402
from meshtui.session_file import OpenSession  # noqa: E402
from meshtui.session_format import now_utc, save_session  # noqa: E402
from meshtui.store import SessionStore  # noqa: E402

RUNS = 101
ROUNDS = 200
TARGET = 2.0

TWO_WRITERS = """
import sys
from pathlib import Path
from meshtui.model import CRITERION_IDS
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore
path, me = Path(sys.argv[1]), sys.argv[2]
opened = OpenSession.open(path, SessionStore(path.parent.parent), as_who=me)
print("open", flush=True)
sys.stdin.readline()
for k in range(int(sys.argv[3])):
    cid = CRITERION_IDS[k % 8]
    opened.rate_as(cid, me, k % 5 + 1)
    opened.set_note(cid, opened.session.answer(cid).note + f"\\n{me} {k}")
opened.close()
"""


def a_session() -> Session:
    stamp = now_utc()
    session = Session(name="Bench", created=stamp, updated=stamp, participants=["Ana", "Ben"])
    for index, criterion_id in enumerate(CRITERION_IDS):
        session.set_score(criterion_id, 1 + index % 5)
        session.set_note(criterion_id, f"what was said about criterion {index} " * 6)
    return session


def timed(action: Callable[[], object], into: list[float]) -> None:
    started = time.perf_counter()
    action()
    into.append(time.perf_counter() - started)


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def two_processes(path: Path) -> float:
    """Seconds per save, two real processes saving ROUNDS times twice each at once."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", TWO_WRITERS, str(path), who, str(ROUNDS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
        )
        for who in ("Ana", "Ben")
    ]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline() == "open\n"
    started = time.perf_counter()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        process.wait(timeout=300)
    return (time.perf_counter() - started) / (2 * 2 * ROUNDS)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore(Path(folder))
        ensure_private_dir(store.sessions_dir)
        path = store.sessions_dir / "bench.toml"
        session = a_session()
        save_session(path, session)

        alone = OpenSession.open(path, store, as_who="Ana")
        other = OpenSession.open(path, store, as_who="Ben")
        plain: list[float] = []
        unmerged: list[float] = []
        merged: list[float] = []
        # The three kinds of save take turns, so that a busy moment of the
        # shared machine falls on all three alike.
        for run in range(RUNS):
            cid, score = CRITERION_IDS[run % 8], 1 + run % 5
            session.set_target(cid, score)
            timed(partial(save_session, path, session), plain)
            alone.poll()  # (not timed) this program has seen the file as it is
            timed(partial(alone.rate, cid, score), unmerged)
            other.rate_as(cid, "Ben", score)  # (not timed) another program saves
            timed(partial(alone.rate_as, cid, "Ana", score), merged)
        alone.close()
        other.close()
        per_save = two_processes(path) * 1000

    baseline = median_ms(plain)
    rows = (
        ("save, nobody else wrote", median_ms(unmerged)),
        ("save after another program's save", median_ms(merged)),
    )
    print(f"{'atomic save (baseline)':38} {baseline:7.2f} ms")
    for label, value in rows:
        print(f"{label:38} {value:7.2f} ms  {value / baseline:.2f}x")
    worst = max(value for _, value in rows) / baseline
    print(f"{f'two processes, {ROUNDS} rounds, per save':38} {per_save:7.2f} ms  (reference)")
    verdict = "PASS" if worst <= TARGET else "FAIL"
    print(f"target: a merging save at most {TARGET:.0f}x the atomic save: {verdict}")


if __name__ == "__main__":
    main()
