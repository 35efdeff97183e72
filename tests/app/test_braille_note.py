"""Braille remembered on a terminal that is not UTF-8 (issue 14): the ASCII radar
is drawn, and a line that stays under it says why. Nowhere else is it shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from meshtui.app.app import MeshtuiApp
from meshtui.app.screens.interview import InterviewScreen
from meshtui.app.screens.summary import SummaryScreen
from meshtui.app.widgets.line import Line
from meshtui.app.widgets.radar_view import RadarView
from meshtui.app.workspace import NO_BRAILLE_NOTE
from meshtui.config import Config
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore
from tests.app.conftest import screen_text

REASON = "LC_ALL=C is not UTF-8"
BRAILLE = range(0x2800, 0x2900)


def app_for(
    store: SessionStore, path: Path, *, braille: bool, ascii_only: str | None
) -> MeshtuiApp:
    return MeshtuiApp(
        store,
        opened=OpenSession.open(path, store),
        config=Config(braille=braille),
        ascii_only=ascii_only,
    )


def shows_braille(app: MeshtuiApp) -> bool:
    return any(ord(ch) in BRAILLE for ch in screen_text(app))


def note_lines(app: MeshtuiApp) -> list[str]:
    """What the notes under the radars show on screen (whole: never clipped)."""
    lines = screen_text(app).splitlines()
    shown = []
    for note in app.screen.query(".radar-note").results(Line):
        region = note.region
        if note.display and region.area:
            rows = lines[region.y : region.bottom]
            shown.append(" ".join(" ".join(r[region.x : region.right] for r in rows).split()))
    return shown


@pytest.fixture
def half_answered(saved_session: Callable[..., Path]) -> Path:
    return saved_session("Q3 check", [4, 3, 2, 5, None, None, None, None])


@pytest.mark.parametrize("size", [(80, 24), (60, 24), (60, 30), (100, 30)])
async def test_the_ascii_radar_says_why_under_it_and_the_line_stays(
    store: SessionStore, half_answered: Path, size: tuple[int, int]
) -> None:
    app = app_for(store, half_answered, braille=True, ascii_only=REASON)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        radar = app.screen.query_one(RadarView)
        assert not radar.braille
        # Where the radar is shown (60x24 shows the anchors instead), right under it.
        shown = [NO_BRAILLE_NOTE] if radar.region.area else []
        assert note_lines(app) == shown
        if shown:
            note = app.screen.query_one(".radar-note", Line)
            assert note.region.y >= radar.region.bottom
        await pilot.press("right", "3")  # rating and moving keep it
        await pilot.pause(0.2)
        assert note_lines(app) == shown
        await pilot.press("s")
        assert isinstance(app.screen, SummaryScreen)
        assert note_lines(app) == [NO_BRAILLE_NOTE]
        assert not shows_braille(app)


async def test_the_line_follows_the_braille_choice(
    store: SessionStore, half_answered: Path
) -> None:
    app = app_for(store, half_answered, braille=True, ascii_only=REASON)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("b")  # braille off: the ASCII radar is what was asked for
        assert note_lines(app) == []
        await pilot.press("s", "b")  # on again, from the summary: both screens say why
        assert note_lines(app) == [NO_BRAILLE_NOTE]
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)
        assert note_lines(app) == [NO_BRAILLE_NOTE]
        assert not shows_braille(app)


@pytest.mark.parametrize(("braille", "ascii_only"), [(False, REASON), (True, None), (False, None)])
async def test_no_line_otherwise(
    store: SessionStore, half_answered: Path, braille: bool, ascii_only: str | None
) -> None:
    app = app_for(store, half_answered, braille=braille, ascii_only=ascii_only)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert note_lines(app) == []
        assert shows_braille(app) == (braille and ascii_only is None)
        await pilot.press("s")
        assert note_lines(app) == []
