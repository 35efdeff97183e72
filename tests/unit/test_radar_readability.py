"""The radar at 80x24 reads at a glance (issue 9): answers over a sparse web,
overlays named by their sessions. (The interview names the current axis in
words under the radar: tests/app.)"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meshtui.model import Session
from meshtui.overlays import comparison_overlay, history_overlay, rollup_overlay, session_overlay
from meshtui.reports.terminal import legend_text
from tests.conftest import build_session
from tests.unit.test_radar import MIXED, render, span_cells

#: The interview's side pane at 80x24 (38 columns, 21 rows under the strip).
SIDE_PANE = (38, 21)
WEB = ("ring", "spoke", "ring-medium")


def web_cells(size: tuple[int, int], braille: bool = False) -> int:
    drawing = render([[None] * 8], size, braille=braille)
    return sum(len(span_cells(drawing, style)) for style in WEB)


@pytest.mark.parametrize("size", [SIDE_PANE, (60, 25), (120, 40)])
def test_the_answer_outweighs_the_web(size: tuple[int, int]) -> None:
    """Besides the medium ring, the web takes about as many cells as a typical answer.

    With five full rings and full spokes it took 3.7 times as many (213 to 57
    in the side pane); the answer is also bold and colored (RadarView).
    """
    answer_drawing, empty = render([MIXED], size), render([[None] * 8], size)
    answer = len(span_cells(answer_drawing, "series-0") | span_cells(answer_drawing, "marker-0"))
    web = len(span_cells(empty, "ring") | span_cells(empty, "spoke"))
    assert web <= 1.2 * answer, (web, answer)


def test_only_the_outer_and_medium_rings_are_drawn() -> None:
    drawing = render([[None] * 8], (60, 25))
    threes, ones = render([[3] * 8], (60, 25)), render([[1] * 8], (60, 25))
    medium = span_cells(drawing, "ring-medium")
    assert all((v.col, v.row) in medium for v in threes.vertices)
    # Level 1 is a tick on each spoke, not a ring: between two ticks, nothing.
    ticks = {(v.col, v.row) for v in ones.vertices}
    assert all(drawing.lines[row][col] == "." for col, row in ticks)
    ring_and_spokes = span_cells(drawing, "ring") | span_cells(drawing, "spoke")
    inner = {
        (col, row)
        for col, row in ring_and_spokes
        if abs(col - drawing.center[0]) <= 6 and abs(row - drawing.center[1]) <= 2  # type: ignore[index]
    }
    assert inner <= ticks | {drawing.center}, sorted(inner - ticks)


def test_the_medium_ring_stays_distinct_in_both_modes() -> None:
    for braille in (False, True):
        drawing = render([[None] * 8], SIDE_PANE, braille=braille)
        assert len(span_cells(drawing, "ring-medium")) >= 16
    ascii_chart = render([[None] * 8], SIDE_PANE)
    medium = span_cells(ascii_chart, "ring-medium")
    assert {ascii_chart.lines[row][col] for col, row in medium} == {":"}


def test_the_web_is_sparser_than_before() -> None:
    """Five full rings and full spokes took 253 cells in the side pane."""
    assert web_cells(SIDE_PANE) <= 110


def test_compare_names_the_sessions_never_by_axis_letters() -> None:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    first = Session(name="Q2 check", created=when, updated=when)
    second = Session(name="Q3 check", created=when, updated=when)
    overlay = comparison_overlay(first, second)
    text = overlay.legend_text()
    assert "Q3 check" in text and "Q2 check" in text
    for letter in "ABCDEFGH":
        assert f"{letter}:" not in text and f" {letter} " not in f" {text} "
    assert not set(overlay.markers) & set("ABCDEFGH")


def test_every_overlay_marks_its_series_with_no_axis_letter() -> None:
    """History, roll-up and the summary's "previous" are named by markers
    that no axis letter A-H can be mistaken for, and by session names."""
    sessions = [
        build_session(f"Q{n} check", created=datetime(2026, 3 * n, 1, tzinfo=UTC))
        for n in range(1, 5)
    ]
    overlays = [
        history_overlay(sessions),
        rollup_overlay([3] * 8, [2] * 8, [4] * 8),
        session_overlay(sessions[3], previous=sessions[2]),
    ]
    for overlay in overlays:
        assert not set(overlay.markers) & set("ABCDEFGH"), overlay.markers
        assert [marker for marker, _ in overlay.legend] == list(overlay.markers)
    assert "X Q3 check (2026-09-01)" in overlays[0].legend_text()
    assert "X before (Q3 check)" in overlays[2].legend_text()


def test_the_printed_legend_never_splits_a_marker_from_its_name() -> None:
    sessions = [
        build_session(f"Daff, Inc. 2026 Q{n}", created=datetime(2026, 3 * n, 1, tzinfo=UTC))
        for n in range(1, 4)
    ]
    legend = history_overlay(sessions).legend
    for width in (80, 60, 40):
        lines = legend_text(history_overlay(sessions), width).plain.splitlines()
        assert all(len(line) <= width for line in lines), lines
        entries = [entry for line in lines for entry in line.split("   ")]
        assert entries == [f"{marker} {label}" for marker, label in legend]
    assert len(legend_text(history_overlay(sessions), 80).plain.splitlines()) == 2
