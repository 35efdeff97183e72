"""Start-up pauses the garbage collector (meshtui.launch, meshtui.cli); the app turns
it back on once its first screen is drawn, so a long interview collects as usual."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.app.conftest import SIZE, MakeApp, screen_text


@pytest.fixture
def collector_paused() -> Iterator[None]:
    """The collector off, as the command line leaves it when the app starts."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.usefixtures("collector_paused")
async def test_the_app_turns_the_collector_back_on_after_its_first_screen(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    app = make_app(saved_session())
    assert not gc.isenabled()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1/8" in screen_text(app)
        assert gc.isenabled()


def test_resume_starts_the_app_paused_with_what_its_import_made_frozen(
    monkeypatch: pytest.MonkeyPatch, saved_session: Callable[..., Path]
) -> None:
    """The command line hands over to the app with the collector paused and the
    app's imports (Textual included) frozen: the first collection after the first
    screen then examines only what starting made."""
    import meshtui.app.app
    from meshtui import cli

    handed_over: list[tuple[bool, int]] = []

    def run_app(store: object, **options: object) -> int:
        handed_over.append((gc.isenabled(), gc.get_freeze_count()))
        return 0

    # The app itself needs a terminal: here only the hand-over is looked at.
    monkeypatch.setattr(meshtui.app.app, "run_app", run_app)
    monkeypatch.setattr(cli, "has_terminal", lambda: True)
    for name in ("TERM", *cli.PLAIN_ENV):
        monkeypatch.delenv(name, raising=False)
    saved_session("Start-up")
    gc.unfreeze()
    try:
        assert cli.main(["resume", "Start-up"]) == 0
    finally:
        gc.unfreeze()
    [(enabled, frozen)] = handed_over
    assert not enabled
    assert frozen > 0
    assert gc.isenabled()
