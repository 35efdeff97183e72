"""Palette entries are the screens' own commands, and a screen returns its result with
dismiss(): the summary's "Go to" brings the interview to that criterion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from meshtui.app.app import MeshtuiApp
from meshtui.app.screens.interview import InterviewScreen
from meshtui.app.screens.summary import SummaryScreen
from tests.app.conftest import SIZE, MakeApp


def run_palette_entry(app: MeshtuiApp, title: str) -> None:
    """Run the palette entry called ``title`` as the palette would."""
    entries = {entry.title: entry for entry in app.get_system_commands(app.screen)}
    assert title in entries, sorted(entries)
    entries[title].callback()


async def test_palette_goes_to_a_criterion_from_the_interview_and_the_summary(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    app = make_app(saved_session("Palette"))
    async with app.run_test(size=SIZE) as pilot:
        run_palette_entry(app, "Go to C: Executive support")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.index == 2
        run_palette_entry(app, "Summary")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        run_palette_entry(app, "Go to F: Modern engineering")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.index == 5


async def test_palette_offers_only_what_works_now(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    app = make_app(saved_session("Offers"))
    async with app.run_test(size=SIZE) as pilot:
        titles = {entry.title for entry in app.get_system_commands(app.screen)}
        assert "Confirm the carried answer" not in titles  # nothing is carried
        assert "Export as Markdown" not in titles  # the summary's command
        await pilot.press("s")
        titles = {entry.title for entry in app.get_system_commands(app.screen)}
        assert {"Export as Markdown", "Export as JSON", "Toggle braille radar"} <= titles
