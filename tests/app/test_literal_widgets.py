"""Editors and dialogs show control characters visibly and keep stored bytes (issue 8 #4)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.widgets import Input, TextArea

from meshtui.app.screens.dialogs import RenameDialog
from meshtui.model import CRITERION_IDS
from meshtui.store import load_session
from tests.app.conftest import SIZE, MakeApp, screen_text

TITLE = "\x1b]0;PWNED\x07"
SHOWN = r"\x1b]0;PWNED\x07"


async def test_the_note_editor_shows_escapes_and_keeps_the_stored_note(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    note = f"before {TITLE} after"
    path = saved_session("Escapes", notes={CRITERION_IDS[0]: note})
    stored = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("home", "e")
        editor = app.focused
        assert isinstance(editor, TextArea)
        assert editor.text == f"before {SHOWN} after"
        assert "\x1b" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert path.read_bytes() == stored  # opened and left: not rewritten

        # A pasted escape sequence goes in as its visible form.
        await pilot.press("e")
        editor = app.focused
        assert isinstance(editor, TextArea)
        app.post_message(events.Paste(f" {TITLE}"))  # as the terminal sends it
        await pilot.pause()
        assert editor.text.endswith(f"after {SHOWN}")
        await pilot.press("escape")
        await pilot.pause()
    assert load_session(path).answer(CRITERION_IDS[0]).note == f"before {SHOWN} after {SHOWN}"


async def test_renaming_shows_the_name_literally_and_unchanged_keeps_it(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    saved_session(f"Name{TITLE}")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, RenameDialog)
        field = app.screen.query_one(Input)
        assert field.value == f"Name{SHOWN}"
        assert "\x1b" not in screen_text(app)
        await pilot.press("enter")  # unchanged: nothing is renamed
        await pilot.pause()
        assert not isinstance(app.screen, RenameDialog)
    (listed,) = app.workspace.store.listings()
    assert listed.summary is not None and listed.summary.name == f"Name{TITLE}"


async def test_a_paste_into_a_dialog_field_is_shown_literally(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        field = app.screen.query_one("#name", Input)
        app.post_message(events.Paste(f"Q3{TITLE}"))
        await pilot.pause()
        assert field.value == f"Q3{SHOWN}"
