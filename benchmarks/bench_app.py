"""The interview app in a pseudo-terminal at 80x24: start-up, bytes on the wire, memory.

Run: ``python benchmarks/bench_app.py`` from the repository root (Linux: it
uses ``/proc``). It takes about a minute and prints a table; it asserts
nothing, but marks each figure PASS or FAIL against the targets of the
product issue. Every comparison is with a baseline measured in the same run
on the same machine: a bare Textual app (a Header, one Static reading
"BASELINE READY" and a Footer), written as a small script into a temporary
folder.

The bare app runs as ``python SCRIPT``; meshtui as installed (see
``_installed.py``: compiled bytecode, the console script when there is one),
in a fresh pseudo-terminal (``os.openpty``, 80x24 via
TIOCSWINSZ, ``TERM=xterm-256color``, no ``NO_COLOR``), on temporary data and
config folders. The pty is read continuously, like a terminal would.

What the numbers mean:

* **Start-up** (target: meshtui <= 1.15x the bare app). Wall time from just
  before the process is spawned until the marker first appears in what it
  writes to the terminal: ``1/8`` (the first criterion's position in the
  progress strip) for ``meshtui resume`` on a prepared, unanswered session;
  ``BASELINE READY`` for the bare app. The apps alternate, N times each after
  one warm-up run of each (not counted), and the median and minimum are
  shown. The ratio is of the medians.
* **First paint**: bytes written from spawn until the output settles (no
  output for 0.5 s), for reference: what an SSH user pays to open the app.
* **Bytes per rating change** (target: median <= 900 bytes). With meshtui
  settled on criterion 1, a digit key is sent and the bytes written until
  the output settles again are counted. The digits alternate (2, 4, 2, 4,
  ...) so each one really changes the score; the first (unanswered to 2) is
  listed but left out of the median. The time to the first byte of the
  redraw is shown too.
* **Bytes per move to the next criterion** (target: median <= 8,000 bytes;
  Right arrow, ``ESC [ C``): the same count for a move, which repaints the
  anchors, the rating, the note and the radar's highlight.
* **Memory** (target: meshtui <= 1.3x the bare app). Peak resident set size
  (``VmHWM`` in ``/proc/PID/status``) of the app's own Python process (the
  pid spawned directly, no shell in between: checked against
  ``/proc/PID/cmdline``) once start-up has settled, in each start-up run;
  medians are compared.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import platform
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks._installed import compile_package, meshtui_command  # noqa: E402
from meshtui import __version__  # noqa: E402 - after the path set-up
from meshtui.store import SessionStore  # noqa: E402

COLUMNS, ROWS = 80, 24
RUNS = 7
SETTLE_SECONDS = 0.5
TIMEOUT_SECONDS = 30.0
RATING_KEYS = "2424242"  # the first (unanswered -> 2) is not in the median
MOVES = 4

START_TARGET = 1.15
BYTES_TARGET = 900
MOVE_TARGET = 8000
MEMORY_TARGET = 1.3

BASELINE_SCRIPT = '''\
"""A bare Textual app: the start-up and memory baseline for bench_app.py."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Baseline(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("BASELINE READY")
        yield Footer()


if __name__ == "__main__":
    Baseline().run()
'''

_CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")


def _child_setup() -> None:
    """In the child: a new session with the pty as its controlling terminal."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@dataclass
class Run:
    marker_seconds: float
    first_paint_bytes: int
    peak_rss_kib: int


class PtyApp:
    """One app process on a fresh 80x24 pseudo-terminal; we hold the master side."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.argv = argv
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            close_fds=True,
            preexec_fn=_child_setup,  # this script runs no threads
        )
        os.close(slave)
        self.output = bytearray()
        self.eof = False
        self.closed = False

    def read(self, timeout: float) -> bytes:
        """What the app writes within ``timeout`` seconds (empty on silence or EOF)."""
        if self.eof:
            return b""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the app closed the terminal
            chunk = b""
        if not chunk:
            self.eof = True
        self.output += chunk
        return chunk

    def wait_for(self, marker: bytes) -> float:
        """Seconds from spawn until ``marker`` is on the screen."""
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline and not self.eof:
            self.read(0.05)
            # Search the raw bytes, and the text with control sequences removed.
            if marker in self.output or marker in _CSI.sub(b"", bytes(self.output)):
                return time.perf_counter() - self.started
        self.fail(f"no {marker!r} on the screen")
        raise AssertionError  # not reached

    def settle(self) -> tuple[int, float | None]:
        """Read until SETTLE_SECONDS of silence: (bytes read, seconds to the first byte)."""
        count, first, since = 0, None, time.perf_counter()
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            chunk = self.read(SETTLE_SECONDS)
            if not chunk:
                return count, first
            if first is None:
                first = time.perf_counter() - since
            count += len(chunk)
        self.fail("the output never settled")
        raise AssertionError  # not reached

    def press(self, keys: bytes) -> tuple[int, float | None]:
        """Send ``keys``; the bytes written in response and the time to the first."""
        os.write(self.master, keys)
        return self.settle()

    def peak_rss_kib(self) -> int:
        """VmHWM of the spawned process, after checking it is the app itself."""
        pid = self.process.pid
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        # A console script runs as "python SCRIPT": the script is the second word.
        names = {Path(word.decode()).name for word in cmdline[:2]}
        if Path(self.argv[0]).name not in names:
            self.fail(f"pid {pid} is {cmdline!r}, not the app")
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        if match is None:
            self.fail("no VmHWM in /proc/PID/status")
        return int(match.group(1)) if match else 0

    def quit(self) -> None:
        """ctrl+q (both apps quit on it), then SIGTERM, then SIGKILL; reap and close."""
        if self.closed:
            return
        try:
            with contextlib.suppress(OSError):
                os.write(self.master, b"\x11")
            for sig in (None, signal.SIGTERM, signal.SIGKILL):
                if sig is not None:
                    with contextlib.suppress(ProcessLookupError):
                        self.process.send_signal(sig)
                deadline = time.monotonic() + 5
                while self.process.poll() is None and time.monotonic() < deadline:
                    self.read(0.05)  # keep draining, so the app never blocks on a write
                if self.process.poll() is not None:
                    break
        finally:
            os.close(self.master)
            self.closed = True

    def fail(self, problem: str) -> None:
        tail = _CSI.sub(b"", bytes(self.output[-800:])).decode("utf-8", "replace")
        self.quit()
        raise SystemExit(f"bench_app: {problem}: {self.argv}\nlast output: {tail!r}")


def child_env(folder: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TMUX")
        and not k.startswith("TEXTUAL")
    }
    env.update(
        TERM="xterm-256color",
        MESHTUI_DATA_DIR=str(folder / "data"),
        MESHTUI_CONFIG_DIR=str(folder / "config"),
        # The warm-up run parses the content and keeps it, as a user's first run does.
        MESHTUI_CACHE_DIR=str(folder / "cache"),
        XDG_CONFIG_HOME=str(folder / "xdg-config"),
        XDG_DATA_HOME=str(folder / "xdg-data"),
        PYTHONPATH=str(REPO_ROOT),
    )
    env.setdefault("LANG", "C.UTF-8")
    return env


def start_once(argv: list[str], marker: bytes, env: dict[str, str], cwd: Path) -> Run:
    app = PtyApp(argv, env, cwd)
    try:
        seconds = app.wait_for(marker)
        app.settle()
        return Run(seconds, len(app.output), app.peak_rss_kib())
    finally:
        app.quit()


#: One key press: (key name, bytes redrawn, seconds to the first byte or None).
KeyResult = tuple[str, int, float | None]


def keys_once(argv: list[str], env: dict[str, str], cwd: Path) -> dict[str, list[KeyResult]]:
    """Rating changes and moves on one running meshtui, each checked on the screen."""
    app = PtyApp(argv, env, cwd)
    results: dict[str, list[KeyResult]] = {"rate": [], "move": []}

    def press(keys: bytes, expect: str) -> tuple[int, float | None]:
        before = len(app.output)
        count, first = app.press(keys)
        if expect.encode() not in _CSI.sub(b"", bytes(app.output[before:])):
            app.fail(f"{keys!r} did not redraw {expect!r}")
        return count, first

    try:
        app.wait_for(b"1/8")
        app.settle()
        # A session with participants opens with "Who are you?": answer it as
        # the facilitator (0), whose digits set the agreed score.
        if b"Who are you?" in _CSI.sub(b"", bytes(app.output)):
            press(b"0", "Not rated yet")
        for digit in RATING_KEYS:
            results["rate"].append((digit, *press(digit.encode(), f"Rated {digit}")))
        for move in range(MOVES):
            results["move"].append(("Right", *press(b"\x1b[C", f"{move + 2}/8")))
    finally:
        app.quit()
    return results


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    if not Path("/proc/self/status").exists():
        print("bench_app: needs Linux (/proc) for the memory figures", file=sys.stderr)
        return 1
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="meshtui-bench-") as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        baseline = folder / "baseline_app.py"
        baseline.write_text(BASELINE_SCRIPT, encoding="utf-8")
        store = SessionStore(folder / "data")
        store.create("Bench start-up", "Acme", ["Ana"])
        store.create("Bench keys", "Acme", ["Ana"])

        bare_argv = [sys.executable, str(baseline)]
        compile_package()
        meshtui, how = meshtui_command()
        mesh_argv = [*meshtui, "resume", "Bench start-up"]
        keys_argv = [*meshtui, "resume", "Bench keys"]

        import textual

        print("meshtui app benchmark: start-up, bytes and memory in an 80x24 pseudo-terminal")
        print(f"reproduce: cd {REPO_ROOT} && {sys.executable} benchmarks/bench_app.py")
        print(
            f"machine:   {platform.machine()}, nproc {os.cpu_count()}, "
            f"{platform.system()} {platform.release()}"
        )
        print(f"python:    {sys.version.split()[0]} ({sys.executable})")
        print(f"versions:  meshtui {__version__} ({REPO_ROOT}), textual {textual.__version__}")
        print(f"meshtui:   {how} resume ... (bytecode compiled, as pip installs it)")
        print("baseline:  python baseline_app.py  (Header, Static 'BASELINE READY', Footer)")
        print(
            f"terminal:  pty {COLUMNS}x{ROWS}, TERM=xterm-256color; {RUNS} runs each, alternating"
        )
        print()

        # Warm-up: bytecode caches and the page cache, not counted.
        start_once(bare_argv, b"BASELINE READY", env, folder)
        start_once(mesh_argv, b"1/8", env, folder)

        bare: list[Run] = []
        mesh: list[Run] = []
        for index in range(RUNS):
            order = [("bare", bare_argv), ("mesh", mesh_argv)]
            if index % 2:
                order.reverse()
            for name, argv in order:
                if name == "bare":
                    bare.append(start_once(argv, b"BASELINE READY", env, folder))
                else:
                    mesh.append(start_once(argv, b"1/8", env, folder))

        keys = keys_once(keys_argv, env, folder)

    elapsed = time.perf_counter() - started

    bare_t = [r.marker_seconds * 1000 for r in bare]
    mesh_t = [r.marker_seconds * 1000 for r in mesh]
    start_ratio = statistics.median(mesh_t) / statistics.median(bare_t)
    bare_rss = statistics.median(r.peak_rss_kib for r in bare) / 1024
    mesh_rss = statistics.median(r.peak_rss_kib for r in mesh) / 1024
    rss_ratio = mesh_rss / bare_rss
    rate_bytes = [count for _, count, _ in keys["rate"][1:]]
    rate_first = [first * 1000 for _, _, first in keys["rate"][1:] if first is not None]
    move_bytes = [count for _, count, _ in keys["move"]]
    rate_median = statistics.median(rate_bytes)

    template = "{:34} {:>11} {:>11} {:>8}  {:>9}  {}"

    def row(*cells: str) -> None:
        print(template.format(*cells).rstrip())

    row("figure", "bare app", "meshtui", "ratio", "target", "result")
    row("-" * 34, "-" * 11, "-" * 11, "-" * 8, "-" * 9, "------")
    row(
        "start-up to first screen, median",
        f"{statistics.median(bare_t):.0f} ms",
        f"{statistics.median(mesh_t):.0f} ms",
        f"{start_ratio:.2f}x",
        f"<= {START_TARGET}x",
        verdict(start_ratio <= START_TARGET),
    )
    row(
        "start-up to first screen, min",
        f"{min(bare_t):.0f} ms",
        f"{min(mesh_t):.0f} ms",
        f"{min(mesh_t) / min(bare_t):.2f}x",
        "",
        "",
    )
    row(
        "peak RSS (VmHWM), median",
        f"{bare_rss:.1f} MiB",
        f"{mesh_rss:.1f} MiB",
        f"{rss_ratio:.2f}x",
        f"<= {MEMORY_TARGET}x",
        verdict(rss_ratio <= MEMORY_TARGET),
    )
    row(
        "first paint, bytes to settle",
        f"{statistics.median(r.first_paint_bytes for r in bare):.0f} B",
        f"{statistics.median(r.first_paint_bytes for r in mesh):.0f} B",
        "",
        "reference",
        "",
    )
    row(
        "bytes per rating change, median",
        "",
        f"{rate_median:.0f} B",
        "",
        f"<= {BYTES_TARGET} B",
        verdict(rate_median <= BYTES_TARGET),
    )
    move_median = statistics.median(move_bytes)
    row(
        "bytes per move to next criterion",
        "",
        f"{move_median:.0f} B",
        "",
        f"<= {MOVE_TARGET} B",
        verdict(move_median <= MOVE_TARGET),
    )
    print()
    print("start-up runs (ms), bare app: " + " ".join(f"{t:.0f}" for t in bare_t))
    print("start-up runs (ms), meshtui:  " + " ".join(f"{t:.0f}" for t in mesh_t))
    first_digit, first_count, _ = keys["rate"][0]
    print(
        f"rating changes (B): {' '.join(map(str, rate_bytes))}; "
        f"the first rating (unanswered -> {first_digit}) wrote {first_count} B, not counted"
    )
    if rate_first:
        print(
            f"rating change, time to the redraw's first byte: median "
            f"{statistics.median(rate_first):.1f} ms, max {max(rate_first):.1f} ms"
        )
    print(f"moves to the next criterion (B): {' '.join(map(str, move_bytes))}")
    print(f"finished in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
