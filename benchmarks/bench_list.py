"""Listing 2,000 sessions against listing one, measured in the same run (issue 8, scale).

Run: ``python benchmarks/bench_list.py`` from the repository root (about a
minute). It prints a table of ratios; it asserts nothing, but marks each
ratio against the target (at most 2x the one-session time) PASS or FAIL.

* **meshtui list**: wall time of the installed command over a data folder of
  1 and of 2,000 sessions (each with a few scores and notes), the listing
  cache warm (the state after any earlier listing). The first, cold listing
  of 2,000 files (no cache yet) is shown for reference.
* **home screen**: the installed ``meshtui`` started in a pseudo-terminal of
  80x24, timed from the start of the process until the first session row
  ("Team 1") has been drawn, as a user sees it. The app shows the first
  screenful of rows at once and adds the rest in batches after each frame.
* **home screen, all rows** (for reference): in-process and headless, until
  all rows are in the table and the app is idle.

The runs alternate between the two folders; medians are compared.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks._installed import compile_package, meshtui_command  # noqa: E402
from meshtui.files import ensure_private_dir  # noqa: E402
from meshtui.model import CRITERION_IDS, Session  # noqa: E402
from meshtui.session_format import now_utc, save_session  # noqa: E402
from meshtui.store import LISTING_CACHE, SessionStore  # noqa: E402

RUNS = 9
MANY = 2000
TARGET = 2.0


def make_sessions(data_dir: Path, count: int) -> None:
    """``count`` session files written directly (create() would list them each time)."""
    folder = data_dir / "sessions"
    ensure_private_dir(folder)
    stamp = now_utc()
    for number in range(count):
        session = Session(name=f"Team {number + 1}", created=stamp, updated=stamp)
        session.organization = "Acme"
        for index, criterion_id in enumerate(CRITERION_IDS[: number % 9]):
            session.set_score(criterion_id, 1 + (number + index) % 5)
            session.set_note(criterion_id, f"note {index} for team {number + 1} " * 4)
        save_session(folder / f"team-{number + 1}.toml", session)


def run_list(argv: list[str], data_dir: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(COLUMNS="80", NO_COLOR="1", MESHTUI_DATA_DIR=str(data_dir))
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"bench_list: list failed: {result.stderr.decode(errors='replace')}")
    return elapsed


def home_screen_in_pty(argv: list[str], data_dir: Path) -> float:
    """Seconds from starting the app in an 80x24 pty to "Team 1" on its screen."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import termios

    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", MESHTUI_DATA_DIR=str(data_dir), COLUMNS="80", LINES="24")
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=terminal, stdout=terminal, stderr=terminal, env=env, start_new_session=True
    )
    os.close(terminal)
    seen = b""
    try:
        while b"Team 1" not in seen:
            ready, _, _ = select.select([controller], [], [], 30)
            if not ready:
                raise SystemExit("bench_list: the home screen never showed a session")
            seen = seen[-64:] + os.read(controller, 65536)
        return time.perf_counter() - started
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(controller)


async def home_screen_once(data_dir: Path) -> float:
    from textual.widgets import DataTable

    from meshtui.app.app import MeshtuiApp

    started = time.perf_counter()
    app = MeshtuiApp(SessionStore(data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = app.screen.query_one(DataTable).row_count
    elapsed = time.perf_counter() - started
    if rows == 0:
        raise SystemExit("bench_list: the home screen listed nothing")
    return elapsed


def main() -> int:
    compile_package()
    meshtui, how = meshtui_command()
    with tempfile.TemporaryDirectory(prefix="meshtui-bench-list-") as tmp:
        one, many = Path(tmp) / "one", Path(tmp) / "many"
        make_sessions(one, 1)
        make_sessions(many, MANY)
        cold = run_list([*meshtui, "list"], many)  # builds the cache file
        assert (many / LISTING_CACHE).is_file()
        run_list([*meshtui, "list"], one)
        lists: dict[Path, list[float]] = {one: [], many: []}
        homes: dict[Path, list[float]] = {one: [], many: []}
        all_rows: dict[Path, list[float]] = {one: [], many: []}
        asyncio.run(home_screen_once(one))  # warm-up: imports Textual once
        home_screen_in_pty(meshtui, one)
        for run in range(RUNS):
            for folder in (one, many) if run % 2 else (many, one):
                lists[folder].append(run_list([*meshtui, "list"], folder))
                homes[folder].append(home_screen_in_pty(meshtui, folder))
                all_rows[folder].append(asyncio.run(home_screen_once(folder)))

    print(f"meshtui list and home screen: {MANY} sessions vs 1, same run")
    print(f"reproduce: cd {REPO_ROOT} && {sys.executable} benchmarks/bench_list.py")
    print(f"meshtui:   {how}; {RUNS} runs each, alternating; medians; nproc {os.cpu_count()}")
    print()
    row = "{:28} {:>10} {:>10} {:>8} {:>8}  {}"
    print(row.format("what", "1 session", f"{MANY}", "ratio", "target", "result"))
    for name, times, target in (
        ("meshtui list", lists, True),
        ("home screen, first rows", homes, True),
        ("home, all rows (reference)", all_rows, False),
    ):
        base, big = statistics.median(times[one]), statistics.median(times[many])
        ratio = big / base
        verdict = ("PASS" if ratio <= TARGET else "FAIL") if target else "(no target)"
        print(
            row.format(
                name,
                f"{base * 1000:.0f} ms",
                f"{big * 1000:.0f} ms",
                f"{ratio:.2f}x",
                f"<= {TARGET:.0f}x" if target else "-",
                verdict,
            )
        )
    print(f"{'meshtui list, cold cache':28} {'':>10} {cold * 1000:>7.0f} ms  (first listing)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
