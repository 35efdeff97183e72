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
