"""Wall time of the printing commands, beside importing Textual, in the same run.

Run: ``python benchmarks/bench_cli.py`` from the repository root. It takes
about half a minute and prints a table; it asserts nothing, but marks the
figure with a target PASS or FAIL.

The printing commands (``show``, ``list``, ...) are meant to start fast over
SSH and in scripts: they never import Textual. So the yardstick, measured on
this machine in the same run, is the bare cost of ``python -c "import
textual.app"``: what any command would pay just to load the app framework.

* **show --example** (target: < 0.5x the Textual import): wall time of
  ``python -m meshtui show --example`` with stdout to a pipe (as in a script
  or ``| less``), the text report of the shipped example.
* **show --example --format svg / html** (target: < 0.5x the Textual
  import, each): the radar as an SVG chart, and the self-contained HTML page,
  written to stdout.
* **list, 20 sessions** (for reference; same yardstick): ``python -m meshtui
  list`` over a temporary data folder holding 20 sessions, some answered.
* **python -c pass**: the interpreter's own start-up, for reference.

meshtui runs as installed (see ``_installed.py``: compiled bytecode, the
console script when there is one), with ``COLUMNS=80`` and ``NO_COLOR=1``;
the commands alternate, RUNS times each after one warm-up
run of each (not counted). Median and minimum wall times are shown; ratios
are of the medians.
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

from benchmarks._installed import compile_package, meshtui_command  # noqa: E402
from meshtui import __version__  # noqa: E402 - after the path set-up
from meshtui.model import CRITERION_IDS  # noqa: E402
from meshtui.store import SessionStore, save_session  # noqa: E402

RUNS = 15
SESSIONS = 20
SHOW_TARGET = 0.5


def make_sessions(data_dir: Path) -> None:
    store = SessionStore(data_dir)
    for number in range(SESSIONS):
        path, session, _ = store.create(f"Team {number + 1} check", "Acme", ["Ana", "Ben"])
        for index, criterion_id in enumerate(CRITERION_IDS[: number % 9]):
            session.set_score(criterion_id, 1 + (number + index) % 5)
            session.set_note(criterion_id, f"note {index} for team {number + 1}")
        save_session(path, session)


def time_once(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(
            f"bench_cli: {' '.join(argv[1:])} failed ({result.returncode}): "
            f"{result.stderr.decode(errors='replace').strip()}"
        )
    return elapsed


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="meshtui-bench-") as tmp:
        folder = Path(tmp)
        make_sessions(folder / "data")
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("FORCE_COLOR", "LINES", "PYTHONSTARTUP") and not k.startswith("TEXTUAL")
        }
        env.update(
            COLUMNS="80",
            NO_COLOR="1",
            PYTHONPATH=str(REPO_ROOT),
            MESHTUI_DATA_DIR=str(folder / "data"),
            MESHTUI_CONFIG_DIR=str(folder / "config"),
        )
        python = sys.executable
        package = compile_package()
        meshtui, how = meshtui_command()
        commands = {
            "python -c 'import textual.app'": [python, "-c", "import textual.app"],
            "meshtui show --example": [*meshtui, "show", "--example"],
            "meshtui show --example --format svg": [
                *meshtui,
                *("show", "--example", "--format", "svg"),
            ],
            "meshtui show --example --format html": [
                *meshtui,
                *("show", "--example", "--format", "html"),
            ],
            f"meshtui list ({SESSIONS} sessions)": [*meshtui, "list"],
            "python -c pass": [python, "-c", "pass"],
        }
        listing = subprocess.run(
            commands[f"meshtui list ({SESSIONS} sessions)"],
            env=env,
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if listing.count("Team ") != SESSIONS:
            raise SystemExit(f"bench_cli: meshtui list did not list {SESSIONS} sessions")

        for argv in commands.values():  # warm-up, not counted
            time_once(argv, env, folder)
        times: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for run in range(RUNS):
            order = names[run % len(names) :] + names[: run % len(names)]
            for name in order:
                times[name].append(time_once(commands[name], env, folder) * 1000)

    import textual

    print("meshtui printing commands: wall time beside importing Textual")
    print(f"reproduce: cd {REPO_ROOT} && {sys.executable} benchmarks/bench_cli.py")
    print(
        f"machine:   {platform.machine()}, nproc {os.cpu_count()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(f"python:    {sys.version.split()[0]} ({sys.executable})")
    print(f"versions:  meshtui {__version__} ({REPO_ROOT}), textual {textual.__version__}")
    print(f"meshtui:   {how}, package {package} (bytecode compiled)")
    print(f"runs:      stdout to a pipe, {RUNS} runs each, alternating, after one warm-up each")
    print()

    base = statistics.median(times["python -c 'import textual.app'"])
    row = "{:38} {:>9} {:>9} {:>13}  {:>8}  {}"
    print(row.format("command", "median", "min", "vs textual", "target", "result"))
    print(row.format("-" * 38, "-" * 9, "-" * 9, "-" * 13, "-" * 8, "------"))
    for name, values in times.items():
        ratio = statistics.median(values) / base
        target, result = "", ""
        if name.startswith("meshtui show --example"):
            target, result = f"< {SHOW_TARGET}x", "PASS" if ratio < SHOW_TARGET else "FAIL"
        line = row.format(
            name,
            f"{statistics.median(values):.0f} ms",
            f"{min(values):.0f} ms",
            f"{ratio:.2f}x",
            target,
            result,
        )
        print(line.rstrip())
    print()
    print(f"finished in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
