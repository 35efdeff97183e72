"""Issue 14 #3 and #4: the sessions list keeps its highlight; the mouse edits and rates.

Driven with Pilot at 80x24; the outcome is checked on screen and on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable, TextArea

from meshtui.app.screens.home import HomeScreen
from meshtui.app.screens.interview import InterviewScreen
from meshtui.app.widgets.note_field import NoteField
from meshtui.app.widgets.rating_bar import RatingBar
from meshtui.model import CRITERION_IDS
from meshtui.store import load_session, save_session
from tests.app.conftest import SIZE, MakeApp

OLD = datetime(2026, 1, 1, tzinfo=UTC)
NEW = datetime(2026, 6, 1, tzinfo=UTC)


def highlighted_name(home: HomeScreen) -> str:
    table: DataTable[object] = home.query_one(DataTable)
    return str(table.get_row_at(table.cursor_row)[0])


async def test_the_highlight_follows_the_session_when_the_list_re_sorts(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    saved_session("Newer", [3, None, None, None, None, None, None, None], updated=NEW)
    older = saved_session("Older", [3, None, None, None, None, None, None, None], updated=OLD)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("down")
        assert highlighted_name(home) == "Older"
        await pilot.press("enter")
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("4")  # now "Older" is the latest updated: it sorts first
        await pilot.press("escape")
        await pilot.pause()
        back: object = app.screen
        assert back is home
        assert highlighted_name(home) == "Older"
        # Enter opens the session the highlight is on.
        await pilot.press("enter")
        assert isinstance(app.screen, InterviewScreen)
        assert app.workspace.opened is not None and app.workspace.opened.path == older


async def test_the_highlight_stays_when_a_file_changes_on_disk(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    saved_session("First", updated=NEW)
    second = saved_session("Second", updated=OLD)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("down")
        assert highlighted_name(home) == "Second"
        # Another program updates "Second": it becomes the newest.
        later = load_session(second)
        later.set_score(CRITERION_IDS[0], 5)
        later.updated = datetime(2026, 12, 1, tzinfo=UTC)
        save_session(second, later)
        home.refresh_list()
        await pilot.pause()
        assert highlighted_name(home) == "Second"


async def test_a_click_on_the_note_starts_editing_it(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Click", notes={CRITERION_IDS[0]: "start"})
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click(NoteField)
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        await pilot.press(*" bq")  # typed into the note: no braille, no quit
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
    assert load_session(path).answer(CRITERION_IDS[0]).note == "start bq"


async def test_a_click_on_a_rating_rates(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Click rate")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(RatingBar)
        line = bar.render_line(0).text
        for score in (5, 2):
            await pilot.click(RatingBar, offset=(line.index(str(score)), 0))
            await pilot.pause()
            assert load_session(path).scores()[0] == score
