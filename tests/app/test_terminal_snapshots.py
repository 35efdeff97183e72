"""Issue 14 #5, the cosmetic items, each in a snapshot and checked in 16 colors.

SVG snapshots (reviewed by eye; update with ``--snapshot-update``) show the
list highlight, the help's scrollbar and the footer at 40x12. SVGs are drawn
in true color, so what a 16-color terminal shows is checked too: each
color pair is reduced to the 16 ANSI colors as Rich does for such a
terminal, and the two sides must stay different colors.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich._palettes import STANDARD_PALETTE
from rich.color import ColorSystem
from textual.color import Color
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from meshtui.app.screens.help import HelpScreen
from tests.app.conftest import MakeApp

WHEN = datetime(2026, 9, 14, 10, 30, tzinfo=UTC)
SnapCompare = Callable[..., bool]


def ansi16(color: Color) -> tuple[int, int, int]:
    """What a 16-color terminal (xterm's palette, as Rich knows it) shows for ``color``."""
    number = color.rich_color.downgrade(ColorSystem.STANDARD).number
    assert number is not None
    return tuple(STANDARD_PALETTE[number])  # type: ignore[return-value]


def contrast(one: Color, other: Color) -> float:
    """The WCAG contrast ratio of the two colors as a 16-color terminal shows them."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(ansi16(one)), luminance(ansi16(other))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture
def two_sessions(saved_session: Callable[..., Path]) -> Path:
    saved_session("Q2 2026 check", [3] * 8, organization="Acme Bank", created=WHEN, updated=WHEN)
    return saved_session(
        "Q3 2026 check",
        [4, 3, 2, None, None, None, None, None],
        organization="Acme Bank",
        created=WHEN,
        updated=WHEN,
    )


def test_list_highlight(snap_compare: SnapCompare, make_app: MakeApp, two_sessions: Path) -> None:
    assert snap_compare(make_app(), press=["down"], terminal_size=(80, 24))


def test_help_scrollbar(snap_compare: SnapCompare, make_app: MakeApp, two_sessions: Path) -> None:
    assert snap_compare(make_app(two_sessions), press=["question_mark"], terminal_size=(80, 24))


def test_footer_at_40x12(snap_compare: SnapCompare, make_app: MakeApp, two_sessions: Path) -> None:
    assert snap_compare(make_app(two_sessions), terminal_size=(40, 12))


async def test_in_16_colors_the_highlight_and_the_thumb_stand_out(
    make_app: MakeApp, two_sessions: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table: DataTable[object] = app.screen.query_one(DataTable)
        cursor = table.get_component_styles("datatable--cursor")
        # Text: WCAG's 4.5 (white on cyan, the theme's cursor, is 1.5).
        assert contrast(cursor.color, cursor.background) >= 4.5
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body", VerticalScroll)
        panel = body.parent
        assert panel is not None
        thumb = body.styles.scrollbar_color
        # The thumb against its track: WCAG's 3 for controls (grey on grey was 1);
        # the track stands apart from the panel around it.
        track = body.styles.scrollbar_background
        assert contrast(thumb, track) >= 3
        assert ansi16(track) != ansi16(panel.styles.background)
