"""The home screen deletes through the store: only files that read as sessions,
and never one another meshtui is editing (issue 7 and issue 8, failure 8)."""

from __future__ import annotations

from pathlib import Path

from meshtui.app.screens.dialogs import ConfirmDialog
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore
from tests.app.conftest import SIZE, MakeApp, notices
from tests.factories import BAD_FILES, write_session


async def test_an_unreadable_file_is_not_deleted(
    make_app: MakeApp, store: SessionStore, sessions_dir: Path
) -> None:
    content, _ = BAD_FILES["not-toml"]
    broken = sessions_dir / "broken.toml"
    broken.write_bytes(content)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert any("not valid TOML" in message for message in notices(app))
    assert broken.read_bytes() == content


async def test_a_session_open_elsewhere_is_not_deleted(
    make_app: MakeApp, store: SessionStore, sessions_dir: Path
) -> None:
    path = write_session(sessions_dir / "busy.toml", name="Busy")
    editing = OpenSession.open(path, store)  # another meshtui has it open
    try:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("d", "y")
            await pilot.pause()
            assert any("has it open" in message for message in notices(app))
        assert path.exists()
    finally:
        editing.close()
