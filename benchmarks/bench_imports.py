"""What ``meshtui resume`` pays in Python before its App runs, beside Textual's own import.

Run: ``python benchmarks/bench_imports.py`` from the repository root. It takes
a few seconds and prints a table; it asserts nothing and has no target of
its own: it shows where ``bench_app.py``'s start-up gap comes from on the
Python side, in figures that are steadier than a whole start-up.

Each run is a fresh interpreter with the collector paused (as
``meshtui.launch`` and ``meshtui.cli`` do), on the package compiled to
bytecode (``_installed.py``). It first imports what the bare Textual app of
``bench_app.py`` imports (``textual.app`` and its Header, Footer and Static),
timed as the yardstick, then:

* **import meshtui.cli**: the command line, as ``meshtui.launch`` imports it;
* **+ the app and its interview**: ``meshtui.app.app`` and
  ``meshtui.app.screens.interview``, as ``resume`` imports them;
* **main -> App.run**: ``meshtui.cli.main(["resume", NAME])`` on a prepared
  session, on a pseudo-terminal, until the App would run (its ``run`` is
  replaced by a stop): parsing the arguments, the content, finding and
  opening the session, building the App.

RUNS runs; medians and minimums are shown, and each median as a share of the
Textual import's median in the same runs.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks._installed import compile_package  # noqa: E402
from meshtui import __version__  # noqa: E402 - after the path set-up
from meshtui.store import SessionStore  # noqa: E402

RUNS = 15
SESSION = "Bench imports"

#: One run: prints four times in milliseconds on standard error (standard
#: input and output are the pseudo-terminal, so the command line picks the app).
CHILD = """
import gc, sys, time
gc.disable()
t0 = time.perf_counter()
import textual.app
from textual.widgets import Footer, Header, Static
t1 = time.perf_counter()
import meshtui.cli
t2 = time.perf_counter()
import meshtui.app.app
import meshtui.app.screens.interview
t3 = time.perf_counter()

class Stop(Exception):
    pass

def stop(app, **options):
    global t5
    t5 = time.perf_counter()
    raise Stop

meshtui.app.app.MeshtuiApp.run = stop
meshtui.app.app.install_input_filter = lambda: None
t4 = time.perf_counter()
try:
    meshtui.cli.main(["resume", sys.argv[1]])
except Stop:
    pass
times = (t1 - t0, t2 - t1, t3 - t2, t5 - t4)
sys.stderr.write(" ".join(f"{seconds * 1e3:.3f}" for seconds in times) + "\\n")
"""

FIGURES = (
    "import textual.app (+ Header, Footer, Static)",
    "import meshtui.cli",
    "+ meshtui.app.app and the interview",
    "main(['resume', NAME]) -> App.run",
)


def run_once(env: dict[str, str], cwd: Path) -> list[float]:
    """One fresh interpreter on a pseudo-terminal; the four times in ms."""
    master, slave = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, SESSION],
            env=env,
            cwd=cwd,
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(slave)
        os.close(master)
    lines = result.stderr.decode(errors="replace").strip().splitlines()
    if result.returncode != 0 or not lines:
        raise SystemExit(f"bench_imports: the run failed ({result.returncode}): {lines[-5:]}")
    return [float(value) for value in lines[-1].split()]


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="meshtui-bench-") as tmp:
        folder = Path(tmp)
        SessionStore(folder / "data").create(SESSION, "Acme", ["Ana"])
        env = dict(
            os.environ,
            TERM="xterm-256color",
            MESHTUI_DATA_DIR=str(folder / "data"),
            MESHTUI_CONFIG_DIR=str(folder / "config"),
            PYTHONPATH=str(REPO_ROOT),
        )
        for name in ("NO_COLOR", "MESHTUI_PLAIN", "ACCESSIBLE"):
            env.pop(name, None)
        compile_package()
        import textual

        print("meshtui start-up, the Python side: imports and the command line before the App")
        print(f"reproduce: cd {REPO_ROOT} && {sys.executable} benchmarks/bench_imports.py")
        print(
            f"machine:   {platform.machine()}, nproc {os.cpu_count()}, "
            f"{platform.system()} {platform.release()}"
        )
        print(f"python:    {sys.version.split()[0]} ({sys.executable})")
        print(f"versions:  meshtui {__version__} ({REPO_ROOT}), textual {textual.__version__}")
        print(f"runs:      {RUNS} fresh interpreters, collector paused, bytecode compiled")
        print()
        run_once(env, folder)  # warm-up: the page cache, not counted
        runs = [run_once(env, folder) for _ in range(RUNS)]

    columns = list(zip(*runs, strict=True))
    yardstick = statistics.median(columns[0])
    print(f"{'figure':<46} {'median':>9} {'min':>9} {'vs textual':>11}")
    print(f"{'-' * 46} {'-' * 9} {'-' * 9} {'-' * 11}")
    for figure, times in zip(FIGURES, columns, strict=True):
        median = statistics.median(times)
        print(f"{figure:<46} {median:>6.1f} ms {min(times):>6.1f} ms {median / yardstick:>10.2f}x")
    meshtui_total = sum(statistics.median(times) for times in columns[1:])
    print(f"{'meshtui before the App runs, in all':<46} {meshtui_total:>6.1f} ms")
    print()
    print(f"finished in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
