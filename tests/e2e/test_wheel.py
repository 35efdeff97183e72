"""The wheel: built from the checkout, installed into a fresh venv, run from elsewhere (section 1).

This builds a real wheel with ``python -m build`` and installs it with pip into
a new virtual environment (the build backend and the dependencies come from
the package index when they are not already available).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from meshtui import __version__
from meshtui.model import CRITERION_IDS

REPO_ROOT = Path(__file__).resolve().parents[2]

# One pytest-xdist worker runs this module's tests (--dist loadgroup in
# pyproject.toml), so the module's wheel and venv are built once per run, not once per worker.
pytestmark = pytest.mark.xdist_group("wheel")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    script: Path
    site_packages: Path
    workdir: Path
    data_dir: Path

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "FORCE_COLOR", "COLUMNS")
            and not k.startswith("MESHTUI_")
        }
        env["NO_COLOR"] = "1"
        env["MESHTUI_DATA_DIR"] = str(self.data_dir)
        env["MESHTUI_CONFIG_DIR"] = str(self.workdir / "config")
        env["PATH"] = os.pathsep.join([str(self.script.parent), env.get("PATH", "")])
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args),
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.env(),
            cwd=self.workdir,
            timeout=300,
            check=False,
        )


def _run(*args: str | Path, cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    build = [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist)]
    if importlib.util.find_spec("hatchling") is not None:
        build.append("--no-isolation")
    _run(*build, REPO_ROOT, cwd=base)
    [wheel] = dist.glob("meshtui-*.whl")
    venv = base / "venv"
    # A venv without a pip of its own, the wheel installed into it by this pip: a
    # fresh environment all the same, without seconds spent copying pip in.
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=base)
    python = venv / "bin" / "python"
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--disable-pip-version-check",
        wheel,
        cwd=base,
    )
    probe = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        cwd=base,
        check=True,
    )
    workdir = base / "elsewhere"
    workdir.mkdir()
    return Installed(
        wheel=wheel,
        python=python,
        script=venv / "bin" / "meshtui",
        site_packages=Path(probe.stdout.strip()).resolve(),
        workdir=workdir,
        data_dir=base / "data",
    )


def test_wheel_contains_the_content(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = wheel.read(entry_points).decode("utf-8")
    assert "meshtui/assets/criteria.toml" in names
    assert "meshtui/assets/examples/daff-inc.toml" in names
    assert "meshtui/__main__.py" in names
    assert "meshtui = meshtui.launch:main" in scripts
    assert not any(n.startswith("tests/") for n in names)


def test_installed_command_shows_the_example_from_another_folder(installed: Installed) -> None:
    version = installed.run(str(installed.script), "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout == f"meshtui {__version__}\n"
    result = installed.run(str(installed.script), "show", "--example", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["criteria"]] == list(CRITERION_IDS)
    assert all(c["title"] for c in data["criteria"])
    assert data["answered"] == 8
    text = installed.run(str(installed.script), "show", "--example")
    assert text.returncode == 0, text.stderr
    assert "Verdict:" in text.stdout


def test_content_is_loaded_from_the_installed_copy(installed: Installed) -> None:
    code = (
        "import json, meshtui, meshtui.content as c\n"
        "content = c.load_content()\n"
        "print(json.dumps({'assets': str(c.assets_dir()), 'package': meshtui.__file__,\n"
        "    'example': str(c.example_session_path()),\n"
        "    'ids': [x.id for x in content.criteria]}))\n"
    )
    result = installed.run(str(installed.python), "-c", code)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assets = Path(data["assets"]).resolve()
    assert installed.site_packages in assets.parents
    assert assets == installed.site_packages / "meshtui" / "assets"
    assert installed.site_packages in Path(data["package"]).resolve().parents
    assert REPO_ROOT not in assets.parents
    assert Path(data["example"]).is_file()
    assert data["ids"] == list(CRITERION_IDS)


def test_installed_python_m_and_list(installed: Installed) -> None:
    result = installed.run(str(installed.python), "-m", "meshtui", "list")
    assert result.returncode == 0, result.stderr
    assert "No sessions yet" in result.stdout
