"""The sessions list: new, open, example, rename, delete, and unreadable files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, Input

from meshtui.app.screens.dialogs import ConfirmDialog, NewSessionDialog, RenameDialog
from meshtui.app.screens.home import HomeScreen
from meshtui.app.screens.interview import InterviewScreen
from meshtui.app.screens.summary import SummaryScreen
from meshtui.content import example_session_path
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore, load_session
from tests.app.conftest import SIZE, MakeApp, notices, region_text, screen_text


async def test_first_run_says_what_to_do(make_app: MakeApp, store: SessionStore) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = region_text(app, "#start")
        assert "No saved sessions yet" in text
        assert "Press n to start a new assessment" in text
        assert "n New" in screen_text(app) and "x Example" in screen_text(app)


async def test_new_assessment_dialog_creates_and_opens(
    make_app: MakeApp, store: SessionStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewSessionDialog)
        await pilot.press("enter")  # empty name: refused, dialog stays
        assert isinstance(app.screen, NewSessionDialog)
        assert "needs a name" in screen_text(app)
        await pilot.press(*"Q3 check", "enter", *"Acme", "enter", *"Ana, Ben", "enter")
        assert isinstance(app.screen, InterviewScreen)
        assert "1/8" in screen_text(app)
        await pilot.press("3")
    [(_, session)] = store.read_all()[0]
    assert session.name == "Q3 check"
    assert session.organization == "Acme"
    assert session.participants == ["Ana", "Ben"]
    assert session.scores()[0] == 3


async def test_list_shows_progress_and_enter_resumes(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Half way", [4, 4, 4, 4, None, None, None, None], organization="Acme")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        text = screen_text(app)
        assert "Half way" in text and "Acme" in text and "4/8" in text and "Incomplete" in text
        await pilot.press("enter")
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.index == 4
        assert app.workspace.opened is not None
        await pilot.press("escape")  # back to the list, with the new progress
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        # The list, which opened the session, closed it: the lock is let go.
        assert app.workspace.opened is None
        other = OpenSession.open(path, app.workspace.store)
        assert other.can_edit
        other.close()


async def test_unreadable_file_is_listed_with_its_reason(
    make_app: MakeApp, saved_session: Callable[..., Path], store: SessionStore
) -> None:
    saved_session("Good one", [3] * 8)
    bad = store.sessions_dir / "broken.toml"
    bad.write_text("version = 1\nname = [oops\n", encoding="utf-8")
    before = bad.read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert "broken.toml" in screen_text(app) and "unreadable" in screen_text(app)
        await pilot.press("down")
        assert "Cannot read this file" in region_text(app, "#detail")
        assert "line 2" in region_text(app, "#detail")
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        assert any("broken.toml" in message for message in notices(app))
    assert bad.read_bytes() == before


async def test_example_opens_read_only(make_app: MakeApp) -> None:
    before = example_session_path().read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, SummaryScreen)
        assert "Daff, Inc." in screen_text(app)
        assert "read-only" in region_text(app, "#banner")
        await pilot.press("escape", "1")
        assert isinstance(app.screen, InterviewScreen)
        assert any("read-only" in message for message in notices(app))
    assert example_session_path().read_bytes() == before


async def test_delete_asks_first(
    make_app: MakeApp, saved_session: Callable[..., Path], store: SessionStore
) -> None:
    path = saved_session("Doomed")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Doomed" in screen_text(app)
        await pilot.press("n")
        assert path.exists()
        await pilot.press("d", "enter")  # Enter presses the focused button: Keep
        assert path.exists()
        await pilot.press("d", "y")
        assert not path.exists()
        assert "No saved sessions yet" in region_text(app, "#start")


async def test_rename_asks_for_the_new_name(
    make_app: MakeApp, saved_session: Callable[..., Path], store: SessionStore
) -> None:
    saved_session("Old name")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, RenameDialog)
        app.screen.query_one(Input).value = ""
        await pilot.press(*"New name", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert "New name" in screen_text(app)
    [listing] = store.listings()
    assert listing.summary is not None and listing.summary.name == "New name"
    assert listing.path.name == "new-name.toml"
    assert load_session(listing.path).name == "New name"


async def test_names_and_notes_are_shown_literally(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    name = "[bold]Acme[/] \x1b[31mred"
    path = saved_session(name, notes={"organizational_complexity": "[red]x[/red] and [/]"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        text = screen_text(app)
        assert "[bold]Acme[/] \\x1b[31mred" in text
        assert "\x1b" not in text
        await pilot.press("enter")
        await pilot.press("home")
        text = screen_text(app)
        assert "[red]x[/red] and [/]" in text
        assert "[bold]Acme[/]" in text  # in the header
    assert load_session(path).name == name
