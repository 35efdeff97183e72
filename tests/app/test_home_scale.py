"""The sessions list with many sessions: the first rows at once, the rest in batches,
and nothing redrawn when no file changed (issue 8, scale)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from meshtui.app.screens.home import BATCH_ROWS, FIRST_ROWS, HomeScreen
from meshtui.store import SessionStore
from tests.app.conftest import SIZE, MakeApp
from tests.factories import write_session

MANY = FIRST_ROWS + 2 * BATCH_ROWS + 7


def many_sessions(sessions_dir: Path) -> None:
    for number in range(MANY):
        write_session(sessions_dir / f"team-{number:04d}.toml", name=f"Team {number:04d}")


async def test_many_sessions_show_first_rows_then_all(
    make_app: MakeApp, store: SessionStore, sessions_dir: Path
) -> None:
    many_sessions(sessions_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count >= FIRST_ROWS
        await pilot.pause()
        assert table.row_count == MANY
        # The last session is reachable (the cursor follows the keys' rows).
        table.move_cursor(row=MANY - 1)
        await pilot.press("up")
        assert table.cursor_row == MANY - 2


async def test_returning_to_an_unchanged_list_keeps_the_rows(
    make_app: MakeApp, store: SessionStore, sessions_dir: Path
) -> None:
    many_sessions(sessions_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        table = screen.query_one(DataTable)
        await pilot.press("down", "down")
        first_row = table.get_row_at(0)
        screen.refresh_list()
        assert table.cursor_row == 2 and table.get_row_at(0)[0] is first_row[0]
        # A change on disk is shown.
        write_session(sessions_dir / "team-0000.toml", name="Renamed by git pull")
        screen.refresh_list()
        await pilot.pause()
        names = {str(table.get_row_at(row)[0]) for row in range(table.row_count)}
        assert "Renamed by git pull" in names
