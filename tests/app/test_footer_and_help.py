"""The screen says only true things: whole footers and status lines, only the keys that
work now, and each screen's own keys in its help."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from meshtui.app.app import MeshtuiApp
from meshtui.app.screens.help import HelpScreen
from meshtui.app.screens.interview import InterviewScreen
from meshtui.app.screens.summary import SummaryScreen
from meshtui.app.widgets.key_footer import KeyFooter
from meshtui.model import CRITERION_IDS, Answer, Session
from meshtui.store import load_session, save_session
from tests.app.conftest import SIZE, MakeApp, notices, region_text, screen_text

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((60, 20), id="60x20")]


def footer(app: MeshtuiApp) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.fixture
def crowded(saved_session: Callable[..., Path]) -> Path:
    """A pair's session whose first answer is carried over: the longest footer there is."""
    path = saved_session("Crowded", participants=["Ana", "Ben"], organization="Acme")
    session: Session = load_session(path)
    session.answers[CRITERION_IDS[0]] = Answer(score=3, carried=True)
    save_session(path, session)
    return path


@pytest.mark.parametrize("size", SIZES)
async def test_the_interview_footer_and_status_lines_are_whole(
    make_app: MakeApp, crowded: Path, size: tuple[int, int]
) -> None:
    app = make_app(crowded)
    async with app.run_test(size=size) as pilot:
        await pilot.press("home")
        assert "carried, c confirms" in region_text(app, "#rating")
        bottom = footer(app)
        for key in ("Rater", "1-5 Rate", "Enter Next", "e Note", "s Summary"):
            assert key in bottom, bottom
        assert bottom.rstrip().endswith("q Quit"), bottom
        assert "Esc" not in bottom  # no note open: nothing to leave
        await pilot.press("tab", "4")
        rating = region_text(app, "#rating")
        assert "Ana rated 4: Medium-High (agreed 3)" in rating
        assert "Ana 4 Ben -" in rating
        await pilot.press("e")
        bottom = footer(app)
        assert "Tab Done" in bottom and "1-5" not in bottom, bottom


@pytest.mark.parametrize("size", SIZES)
async def test_home_and_summary_footers_are_whole(
    make_app: MakeApp, saved_session: Callable[..., Path], size: tuple[int, int]
) -> None:
    saved_session("Listed")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        last = "^p palette" if size[0] >= 80 else "q Quit"
        assert "q Quit" in footer(app) and footer(app).rstrip().endswith(last), footer(app)
    app = make_app(saved_session("Finished", [3] * 8))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "Summary" not in footer(app)  # it is the summary
        assert "q Quit" in footer(app) and footer(app).rstrip().endswith(last), footer(app)


async def test_an_empty_sessions_list_offers_no_keys_for_rows(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    """Nothing listed: no Rename or Delete in the footer; they come with the first session."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bottom = footer(app)
        assert "n New" in bottom and "Rename" not in bottom and "Delete" not in bottom, bottom
        saved_session("Listed")
        app.screen.on_screen_resume()  # type: ignore[attr-defined]
        await pilot.pause()
        bottom = footer(app)
        assert "r Rename" in bottom and "d Delete" in bottom, bottom


async def test_a_read_only_session_offers_no_editing_keys(make_app: MakeApp) -> None:
    app = make_app(example=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # from the example's summary to its interview
        assert isinstance(app.screen, InterviewScreen)
        bottom = footer(app)
        for editing in ("Rate", "Note", "Rater", "Confirm"):
            assert editing not in bottom, bottom
        assert "Next" in bottom and "Summary" in bottom
        # The keys still say why nothing happens.
        await pilot.press("4")
        assert any("read-only" in message for message in notices(app))


async def test_each_screen_help_lists_that_screens_keys(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    saved_session("Listed")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "start a new assessment" in text
        assert "rate:" not in text
        await pilot.press("escape", "enter")  # open the listed session
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("question_mark")
        text = screen_text(app)
        assert "rate: 1 Low, 3 Medium, 5 High" in text
        assert "in the note: done writing" in text
        assert "start a new assessment" not in text


async def test_a_click_on_a_footer_key_presses_it(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    """The footer is one line of text, but each key in it is still a button."""
    app = make_app(saved_session("Click"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = footer(app)
        await pilot.click(KeyFooter, offset=(line.index("Summary"), 0))
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        line = footer(app)
        await pilot.click(KeyFooter, offset=(line.index("Back"), 0))
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert len(footer(app).rstrip()) < 79
        await pilot.click(KeyFooter, offset=(79, 0))  # past every key: nothing
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
