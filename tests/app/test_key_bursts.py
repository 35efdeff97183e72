"""Keys that arrive in one burst are applied in the order they came, as typed.

``Pilot.press`` waits for the app to be idle after every key, so it cannot
catch a key going astray. These tests post the raw key events to the App
all at once, as a laggy SSH link or a fast typist delivers them, and only
then wait. (tests/e2e/test_tmux.py does the same through a real terminal.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events

from meshtui.app.screens.interview import InterviewScreen
from meshtui.app.screens.summary import SummaryScreen
from meshtui.model import CRITERION_IDS, MAX_NOTE_CHARS
from meshtui.store import load_session
from tests.app.conftest import SIZE, MakeApp, burst, screen_text


def notes(path: Path) -> list[str]:
    session = load_session(path)
    return [session.answer(criterion_id).note for criterion_id in CRITERION_IDS]


async def test_e_then_text_in_one_burst_all_lands_in_the_note(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Note burst")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "e35 domains, 4 teams? qbn\t4")
        await pilot.pause()
        await pilot.pause()
        # Every key after e is typed, even those that are commands outside the note.
        assert notes(path)[0] == "35 domains, 4 teams? qbn"
        # Tab left the note, so the digit after it rated.
        assert load_session(path).scores()[0] == 4
        assert app.focused is None


async def test_a_burst_of_ratings_and_moves_rates_four_criteria(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Rating burst")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "4n3n5n2n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert load_session(path).scores() == [4, 3, 5, 2, None, None, None, None]
        assert screen.index == 4
        assert "A4 B3 C5 D2 E-" in screen_text(app)


async def test_enter_confirms_the_rating_and_moves_on(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Enter")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        # The sequence: 4, Enter, n, 3, Enter once left B unrated
        # and saved "n3" as A's note.
        burst(app, "4\rn3\r")
        await pilot.pause()
        assert load_session(path).scores()[:3] == [4, None, 3]
        assert notes(path) == [""] * 8
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.index == 3


async def test_enter_on_the_last_criterion_opens_the_summary_and_the_end_is_said(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("The end", [3, 3, 3, 3, 3, 3, 3, None])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.index == 7
        burst(app, "4")
        await pilot.pause()
        assert "All 8 answered: Enter or n shows the summary." in screen_text(app)
        burst(app, "\r")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert load_session(path).scores()[7] == 4


async def test_escape_then_a_key_leaves_the_note_and_the_key_acts(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Escape burst")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "ekept\x1b5")
        await pilot.pause()
        assert notes(path)[0] == "kept"
        assert load_session(path).scores()[0] == 5
        burst(app, "e!\x1bq")
        await pilot.pause()
    # 'q' after Esc quit the app; it was never typed into the note.
    assert app.return_code == 0
    assert notes(path)[0] == "kept!"


async def test_the_note_editor_keeps_to_the_limit(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Long note")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        editor = app.focused
        assert editor is not None
        editor.post_message(events.Paste("x" * (MAX_NOTE_CHARS + 50)))
        await pilot.pause()
        burst(app, "yz\t")
        await pilot.pause()
        assert notes(path)[0] == "x" * MAX_NOTE_CHARS
