"""The console script's entry: the collector is paused only while the CLI imports."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from meshtui import launch


def test_a_printing_command_runs_with_the_collector_on(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[bool] = []

    def cli_main() -> int:
        seen.append(gc.isenabled())
        return 0

    import meshtui.cli

    monkeypatch.setattr(meshtui.cli, "main", cli_main)
    assert launch.main() == 0
    assert seen == [True]
    assert gc.isenabled()


def test_a_real_command_runs_through_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["meshtui", "list"])
    assert launch.main() == 0
    assert "No sessions yet" in capsys.readouterr().out
    assert gc.isenabled()
