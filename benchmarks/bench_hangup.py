"""How long meshtui takes to end after a hang-up or termination (issue 11).

Run: ``python benchmarks/bench_hangup.py`` from the repository root. It takes
about half a minute and prints a table; it asserts nothing, but marks each
figure with the target (end within 1 s) PASS or FAIL.

Each case starts meshtui, waits until it has saved an answer, then measures
the wall time from the event to the process's exit:

* **plain, SIGHUP / SIGTERM**: plain mode on pipes, waiting for the next score.
* **app, SIGHUP / SIGTERM**: the full-screen app on a pseudo-terminal (80x24).
* **app, terminal closed**: the app's pty closed with no signal (the app has
  no controlling terminal), which it must notice by itself.
* **baseline**: ``python -c "input()"`` ended by SIGTERM, the floor for any
  Python process on this machine in the same run.

RUNS runs of each, alternating; median and maximum are shown.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks._installed import compile_package, meshtui_command  # noqa: E402

RUNS = 5
TARGET_SECONDS = 1.0
TIMEOUT = 60.0


def environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(MESHTUI_DATA_DIR=str(data_dir), NO_COLOR="1", TERM="xterm-256color")
    env["MESHTUI_CONFIG_DIR"] = str(data_dir / "config")
    return env


def saved(data_dir: Path, name: str) -> bool:
    path = data_dir / "sessions" / f"{name}.toml"
    return path.exists() and "score = 4" in path.read_text(encoding="utf-8")


def time_exit(process: subprocess.Popen[bytes], event: Callable[[], None]) -> float:
    start = time.perf_counter()
    event()
    process.wait(timeout=TIMEOUT)
    return time.perf_counter() - start


def plain_case(command: list[str], signum: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        process = subprocess.Popen(
            [*command, "new", "bench"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment(data_dir),
        )
        assert process.stdin is not None
        process.stdin.write(b"4\n\n")
        process.stdin.flush()
        deadline = time.monotonic() + TIMEOUT
        while not saved(data_dir, "bench"):
            if time.monotonic() > deadline:
                raise SystemExit("plain mode did not save")
            time.sleep(0.01)
        elapsed = time_exit(process, lambda: process.send_signal(signum))
        process.stdin.close()
        return elapsed


def app_case(command: list[str], signum: int | None) -> float:
    """The app on a pty; ``signum`` None closes the pty instead of signalling."""
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        process = subprocess.Popen(
            [*command, "new", "bench"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment(data_dir),
            start_new_session=True,
        )
        os.close(slave)
        screen = bytearray()
        deadline = time.monotonic() + TIMEOUT
        while b"answered" not in screen:
            if time.monotonic() > deadline:
                raise SystemExit("the app did not start")
            if select.select([master], [], [], 0.1)[0]:
                screen += os.read(master, 65536)
        os.write(master, b"4")
        while not saved(data_dir, "bench"):
            if time.monotonic() > deadline:
                raise SystemExit("the app did not save")
            if select.select([master], [], [], 0.02)[0]:
                os.read(master, 65536)
        if signum is None:
            return time_exit(process, lambda: os.close(master))
        # A live terminal keeps reading what the app writes on its way out.
        reader = threading.Thread(target=drain, args=(master,), daemon=True)
        reader.start()
        elapsed = time_exit(process, lambda: os.kill(process.pid, signum))
        reader.join(timeout=TIMEOUT)
        os.close(master)
        return elapsed


def drain(fd: int) -> None:
    """Read a pty's output until the other side has closed it."""
    while True:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def baseline_case() -> float:
    process = subprocess.Popen(
        [sys.executable, "-c", "input()"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL
    )
    time.sleep(0.3)
    elapsed = time_exit(process, process.terminate)
    assert process.stdin is not None
    process.stdin.close()
    return elapsed


def main() -> None:
    compile_package()
    command, described = meshtui_command()
    cases: dict[str, Callable[[], float]] = {
        "plain, SIGHUP": lambda: plain_case(command, signal.SIGHUP),
        "plain, SIGTERM": lambda: plain_case(command, signal.SIGTERM),
        "app, SIGHUP": lambda: app_case(command, signal.SIGHUP),
        "app, SIGTERM": lambda: app_case(command, signal.SIGTERM),
        "app, terminal closed": lambda: app_case(command, None),
        "baseline: python -c input(), SIGTERM": baseline_case,
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(RUNS):
        for name, case in cases.items():
            times[name].append(case())
    print(f"meshtui: {described}; {RUNS} runs each; target: ended within {TARGET_SECONDS:.0f} s")
    print(f"{'case':40} {'median':>9} {'max':>9}  target")
    for name, values in times.items():
        verdict = (
            ""
            if name.startswith("baseline")
            else ("PASS" if max(values) < TARGET_SECONDS else "FAIL")
        )
        print(
            f"{name:40} {statistics.median(values) * 1000:7.0f} ms "
            f"{max(values) * 1000:7.0f} ms  {verdict}"
        )


if __name__ == "__main__":
    main()
