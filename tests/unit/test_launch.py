"""The console script's entry: the collector is paused only while the CLI imports,
and what that import made is left out of later collections (frozen)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from meshtui import launch


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    """Nothing frozen before a test, and the test process's objects collectable after."""
    gc.unfreeze()
    yield
    gc.unfreeze()


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


def test_what_the_import_made_is_frozen_before_the_command_runs(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen: list[int] = []

    def cli_main() -> int:
        frozen.append(gc.get_freeze_count())
        return 0

    import meshtui.cli

    monkeypatch.setattr(meshtui.cli, "main", cli_main)
    assert launch.main() == 0
    # The import's objects (here: all the test process's) are out of the collector's sight.
    assert frozen[0] > 0
