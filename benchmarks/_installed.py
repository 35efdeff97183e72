"""How the benchmarks run meshtui: as an installed user runs it.

``pip install`` compiles every module to bytecode, and users start the
``meshtui`` console script. A checkout run with PYTHONDONTWRITEBYTECODE set
(as some shells and CI do) would instead recompile every module on every
start, which no user pays. So the benchmarks compile the package first and
prefer the console script beside this interpreter.
"""

from __future__ import annotations

import compileall
import importlib.util
import sys
from pathlib import Path


def compile_package() -> Path:
    """Write bytecode for the meshtui package that will be imported; return its folder."""
    spec = importlib.util.find_spec("meshtui")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("benchmarks: meshtui is not importable")
    folder = Path(next(iter(spec.submodule_search_locations)))
    compileall.compile_dir(folder, quiet=1)
    return folder


def meshtui_command() -> tuple[list[str], str]:
    """The command that starts meshtui, and how to describe it."""
    script = Path(sys.executable).parent / "meshtui"
    if script.is_file():
        return [str(script)], f"{script} (the console script)"
    return [sys.executable, "-m", "meshtui"], f"{sys.executable} -m meshtui"
