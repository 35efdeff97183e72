"""The text report without color is drawn by ``meshtui.reports.layout`` exactly as Rich draws it.

``render(report, "text")`` without color lays the report out as plain strings
(no Rich console, for start-up); Rich still draws it in color, and wherever
the port declines. These tests hold the two byte for byte equal, for every
kind of report, hostile and wide text included, at many terminal widths, with
and without ASCII-only borders.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from meshtui.content import Content, load_content
from meshtui.literal import ascii_fallback
from meshtui.model import CRITERION_IDS
from meshtui.reports import Report, render, session_report
from meshtui.reports.layout import draw
from meshtui.reports.terminal import items, print_to_string, renderable
from tests.conftest import build_session
from tests.unit.test_report_formats import (
    HOSTILE_NAME,
    HOSTILE_NOTE,
    HOSTILE_ORG,
    HOSTILE_PERSON,
    REPORTS,
)

#: Widths for the Unicode borders (20: narrower than the port draws, Rich does it)
#: and for the ASCII ones, which differ only in the border characters.
WIDTHS = {False: [20, 44, 61, 80, 132], True: [52, 80]}


def hostile_report(content: Content) -> Report:
    """Five raters (the wide table), wide characters, escapes, a word longer than any column."""
    raters = [HOSTILE_PERSON, "四半期 レビュー", "Ünïcödé", "Ana", "Bartholomew-Longname"]
    session = build_session(
        HOSTILE_NAME,
        [1, 2, 3, 4, 5, None, 3, 2],
        {
            "organizational_complexity": HOSTILE_NOTE + "\tand a tab\r\nnew line",
            "data_oriented_strategy": "x" * 150,
            "executive_support": "データメッシュ は 組織 の 準備 が 必要 です " * 4,
        },
        organization=HOSTILE_ORG,
        participants=raters,
    )
    for number, criterion_id in enumerate(CRITERION_IDS[:5]):
        for index, rater in enumerate(raters):
            session.set_rating(criterion_id, rater, 1 + (number + index) % 5)
    session.set_target("executive_support", 5)
    return session_report(session, content)


ALL_REPORTS: dict[str, Callable[[Content], Report]] = {**REPORTS, "hostile": hostile_report}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def rich_text(report: Report, width: int, ascii_only: bool) -> str:
    shown = items(report.document.blocks, width=width)
    return print_to_string([renderable(item) for item in shown], width=width, ascii_only=ascii_only)


@pytest.mark.parametrize("name", list(ALL_REPORTS))
@pytest.mark.parametrize("ascii_only", [False, True], ids=["unicode", "ascii"])
def test_the_plain_layout_is_richs(content: Content, name: str, ascii_only: bool) -> None:
    report = ALL_REPORTS[name](content)
    for width in WIDTHS[ascii_only]:
        expected = rich_text(report, width, ascii_only)
        assert render(report, "text", width=width, ascii_only=ascii_only) == expected, width
        # The port, not Rich, drew it (but where the terminal is too narrow for it).
        drawn = draw(items(report.document.blocks, width=width), width=width)
        assert (drawn is None) == (width < 44), width


def test_ascii_only_output_is_ascii(content: Content) -> None:
    report = hostile_report(content)
    text = render(report, "text", width=80, ascii_only=True)
    assert text == ascii_fallback(text)
    assert all(" " <= ch <= "~" for line in text.splitlines() for ch in line)


def test_color_still_goes_through_rich(content: Content) -> None:
    report = REPORTS["session"](content)
    assert "\x1b[" in render(report, "text", width=80, color=True)
