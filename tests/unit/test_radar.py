"""The radar renderer: geometry properties (hypothesis), layout, fallbacks and validation."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meshtui import radar
from meshtui.radar import (
    DEFAULT_MARKERS,
    MIN_HEIGHT,
    MIN_WIDTH,
    RadarDrawing,
    render_radar,
)
from tests.conftest import hypothesis_examples

LABELS = (
    "Org complexity",
    "Data strategy",
    "Exec support",
    "Data tech core",
    "Early adopter",
    "Modern eng.",
    "Domain-aligned",
    "Long-term",
)
MIXED = [4, 5, 3, 2, 4, 3, 1, 5]
STYLES = {
    "ring",
    "ring-medium",
    "spoke",
    "label",
    "label-highlight",
    "spoke-highlight",
    "legend",
    *(f"series-{i}" for i in range(4)),
    *(f"marker-{i}" for i in range(4)),
}
BRAILLE = range(0x2800, 0x2900)

# ---------------------------------------------------------------------------- strategies

maybe_score = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
eight_scores = st.lists(maybe_score, min_size=8, max_size=8)
series_st = st.lists(eight_scores, min_size=1, max_size=4)
named_sizes = st.sampled_from(
    [
        (38, 18),
        (60, 25),
        (120, 40),
        (MIN_WIDTH, MIN_HEIGHT),
        (MIN_WIDTH - 1, MIN_HEIGHT),
        (MIN_WIDTH, MIN_HEIGHT - 1),
        (MIN_WIDTH + 1, MIN_HEIGHT + 1),
        (80, 24),
    ]
)
any_size = st.one_of(
    named_sizes,
    st.tuples(st.integers(MIN_WIDTH - 3, 130), st.integers(MIN_HEIGHT - 3, 45)),
)
radar_size = st.one_of(
    named_sizes.filter(lambda size: size[0] >= MIN_WIDTH and size[1] >= MIN_HEIGHT),
    st.tuples(st.integers(MIN_WIDTH, 130), st.integers(MIN_HEIGHT, 45)),
)
highlight_st = st.one_of(st.none(), st.integers(min_value=0, max_value=7))

# A few hundred examples per property: geometry is cached per size, so this is fast.
props = settings(
    max_examples=hypothesis_examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def render(
    series: Sequence[Sequence[int | None]], size: tuple[int, int], **kw: object
) -> RadarDrawing:
    return render_radar(series, size[0], size[1], labels=LABELS, **kw)  # type: ignore[arg-type]


def axis_angle(axis: int) -> float:
    return math.radians(45 * axis)


def visual_offset(
    drawing: RadarDrawing, col: int, row: int, aspect: float = 2.0
) -> tuple[float, float]:
    """(x, y) of a cell center from the chart center, in column widths, y pointing up.

    Rows are scaled by ``aspect`` so that distances are the ones seen on screen.
    """
    assert drawing.center is not None
    center_col, center_row = drawing.center
    return float(col - center_col), float(center_row - row) * aspect


def span_cells(drawing: RadarDrawing, style: str) -> set[tuple[int, int]]:
    return {
        (col, span.row)
        for span in drawing.spans
        if span.style == style
        for col in range(span.start, span.end)
    }


# ---------------------------------------------------------------------------- properties


@props
@given(series=series_st, size=any_size, braille=st.booleans(), aspect=st.sampled_from([2.0, 2.2]))
def test_every_vertex_lies_on_its_axis(
    series: list[list[int | None]], size: tuple[int, int], braille: bool, aspect: float
) -> None:
    """ "Within half a cell" means: the axis ray passes through the vertex's cell.

    Measured in column widths with rows scaled by ``aspect``, a cell is a
    1 x aspect rectangle. Its center is within half a cell of the axis when the
    perpendicular distance from the center to the axis is at most half the
    cell's extent across the axis: 0.5 for the vertical axes, aspect/2 for the
    horizontal ones and (0.5 + aspect/2)/sqrt(2) for the diagonals. The vertex
    must also be on the ray's side of the center (not on the opposite axis).
    """
    drawing = render(series, size, braille=braille, aspect=aspect)
    for vertex in drawing.vertices:
        x, y = visual_offset(drawing, vertex.col, vertex.row, aspect)
        angle = axis_angle(vertex.axis)
        along_x, along_y = math.sin(angle), math.cos(angle)
        across = abs(x * along_y - y * along_x)
        half_extent = 0.5 * abs(along_y) + aspect / 2 * abs(along_x)
        assert across <= half_extent + 1e-9, vertex
        assert x * along_x + y * along_y > 0, vertex


@props
@given(size=any_size, braille=st.booleans())
def test_higher_score_is_never_nearer_the_center(size: tuple[int, int], braille: bool) -> None:
    drawings = {score: render([[score] * 8], size, braille=braille) for score in range(1, 6)}
    if drawings[1].kind == "compact":
        return
    radar_sized = size[0] >= MIN_WIDTH and size[1] >= MIN_HEIGHT
    for axis in range(8):
        distances = []
        for score in range(1, 6):
            drawing = drawings[score]
            (vertex,) = [v for v in drawing.vertices if v.axis == axis]
            x, y = visual_offset(drawing, vertex.col, vertex.row)
            distances.append(math.hypot(x, y))
        assert distances == sorted(distances), (axis, distances)
        if radar_sized:
            assert all(a < b for a, b in itertools.pairwise(distances)), distances


@settings(max_examples=hypothesis_examples(300), deadline=None)
@given(
    series=series_st,
    width=st.integers(1, 140),
    height=st.integers(1, 50),
    highlight=highlight_st,
)
def test_ascii_output_is_printable_and_exactly_sized(
    series: list[list[int | None]], width: int, height: int, highlight: int | None
) -> None:
    drawing = render(series, (width, height), highlight=highlight)
    assert len(drawing.lines) == height
    assert all(len(line) == width for line in drawing.lines)
    assert all(0x20 <= ord(char) <= 0x7E for line in drawing.lines for char in line)
    assert drawing.text() == "\n".join(drawing.lines)


@settings(max_examples=hypothesis_examples(150), deadline=None)
@given(series=series_st, width=st.integers(1, 140), height=st.integers(1, 50))
def test_braille_output_is_exactly_sized_and_braille_only_in_lines(
    series: list[list[int | None]], width: int, height: int
) -> None:
    drawing = render(series, (width, height), braille=True)
    assert len(drawing.lines) == height
    assert all(len(line) == width for line in drawing.lines)
    label_cells = {(box.col + i, box.row) for box in drawing.labels for i in range(len(box.text))}
    for row, line in enumerate(drawing.lines):
        for col, char in enumerate(line):
            if ord(char) in BRAILLE:
                assert (col, row) not in label_cells
            else:
                assert 0x20 <= ord(char) <= 0x7E


@props
@given(series=series_st, size=any_size, braille=st.booleans(), highlight=highlight_st)
def test_labels_are_inside_apart_and_clear_of_markers(
    series: list[list[int | None]],
    size: tuple[int, int],
    braille: bool,
    highlight: int | None,
) -> None:
    width, height = size
    drawing = render(series, size, braille=braille, highlight=highlight)
    if drawing.kind == "compact":
        assert drawing.labels == ()
        return
    assert [box.axis for box in drawing.labels] == list(range(8))
    markers = {(v.col, v.row) for v in drawing.vertices}
    boxes = drawing.labels
    for box in boxes:
        assert 0 <= box.row < height
        assert box.col >= 0 and box.col + len(box.text) <= width
        assert drawing.lines[box.row][box.col : box.col + len(box.text)] == box.text
        assert not any((box.col + i, box.row) in markers for i in range(len(box.text)))
        # Not touching the chart: the cells just left and right are blank.
        for col in (box.col - 1, box.col + len(box.text)):
            if 0 <= col < width:
                assert drawing.lines[box.row][col] == " ", (box, drawing.text())
    for first in boxes:
        for second in boxes:
            if first.axis < second.axis and first.row == second.row:
                assert (
                    first.col + len(first.text) < second.col
                    or second.col + len(second.text) < first.col
                )


@props
@given(series=series_st, size=any_size, braille=st.booleans(), highlight=highlight_st)
def test_rendering_is_deterministic(
    series: list[list[int | None]], size: tuple[int, int], braille: bool, highlight: int | None
) -> None:
    first = render(series, size, braille=braille, highlight=highlight)
    # Also without the per-size caches: the result must not depend on them.
    radar._geometry.cache_clear()
    radar._choose_layout.cache_clear()
    second = render([list(s) for s in series], size, braille=braille, highlight=highlight)
    assert first == second


@props
@given(series=series_st, size=any_size, braille=st.booleans())
def test_missing_answer_leaves_a_gap(
    series: list[list[int | None]], size: tuple[int, int], braille: bool
) -> None:
    drawing = render(series, size, braille=braille)
    recorded = {(v.series, v.axis) for v in drawing.vertices}
    expected = {
        (index, axis)
        for index, scores in enumerate(series)
        for axis, score in enumerate(scores)
        if score is not None
    }
    if drawing.kind == "radar":
        assert recorded == expected
        for vertex in drawing.vertices:
            assert series[vertex.series][vertex.axis] == vertex.score
    else:
        assert recorded == set()
    if drawing.kind == "compact":
        return
    # Every edge cell of a series lies in the sector between two consecutive
    # answered axes (give or take a cell): nothing is drawn towards a gap.
    for index, scores in enumerate(series):
        for col, row in span_cells(drawing, f"series-{index}"):
            x, y = visual_offset(drawing, col, row)
            distance = math.hypot(x, y)
            if distance < 3:
                continue
            angle = math.atan2(x, y) % (2 * math.pi)  # clockwise from 12 o'clock
            slack = math.atan2(1.5, distance)
            assert in_answered_sector(scores, angle, slack), (index, col, row, scores)


def in_answered_sector(scores: Sequence[int | None], angle: float, slack: float) -> bool:
    """True if ``angle`` is within ``slack`` of a sector whose two axes are both answered."""
    for axis in range(8):
        low, high = axis_angle(axis) - slack, axis_angle(axis + 1) + slack
        inside = any(low <= a <= high for a in (angle, angle + 2 * math.pi, angle - 2 * math.pi))
        if inside and scores[axis] is not None and scores[(axis + 1) % 8] is not None:
            return True
    return False


def test_no_edges_without_two_consecutive_answers() -> None:
    drawing = render([[3, None, 4, None, 5, None, 2, None]], (60, 25))
    assert not any(span.style.startswith("series-") for span in drawing.spans)
    assert len(drawing.vertices) == 4


@props
@given(series=series_st, size=any_size, braille=st.booleans(), highlight=highlight_st)
def test_spans_are_in_bounds_disjoint_and_cover_every_drawn_char(
    series: list[list[int | None]], size: tuple[int, int], braille: bool, highlight: int | None
) -> None:
    width, height = size
    drawing = render(series, size, braille=braille, highlight=highlight)
    covered: set[tuple[int, int]] = set()
    for span in drawing.spans:
        assert span.style in STYLES
        assert 0 <= span.row < height
        assert 0 <= span.start < span.end <= width
        cells = {(col, span.row) for col in range(span.start, span.end)}
        assert not cells & covered, span
        covered |= cells
    for row, line in enumerate(drawing.lines):
        for col, char in enumerate(line):
            if char != " ":
                assert (col, row) in covered, (col, row, char)


@settings(max_examples=hypothesis_examples(300), deadline=None)
@given(series=series_st, width=st.integers(1, 60), height=st.integers(1, 30), hl=highlight_st)
def test_never_raises_for_any_positive_size(
    series: list[list[int | None]], width: int, height: int, hl: int | None
) -> None:
    for braille in (False, True):
        drawing = render(series, (width, height), braille=braille, highlight=hl)
        assert drawing.kind == ("radar" if drawing.center is not None else "compact")


@props
@given(size=radar_size)
def test_all_levels_distinct_at_and_above_min_size(size: tuple[int, int]) -> None:
    drawing = render([[1] * 8, [2] * 8, [3] * 8, [4] * 8], size)
    assert drawing.kind == "radar"
    top = render([[5] * 8], size)
    cells: dict[int, set[tuple[int, int]]] = {axis: set() for axis in range(8)}
    for vertex in (*drawing.vertices, *top.vertices):
        cells[vertex.axis].add((vertex.col, vertex.row))
    assert all(len(found) == 5 for found in cells.values()), cells


# ---------------------------------------------------------------------------- sizes and fallbacks


def test_min_size_is_the_smallest_radar() -> None:
    assert render([MIXED], (MIN_WIDTH, MIN_HEIGHT)).kind == "radar"
    assert render([MIXED], (MIN_WIDTH - 1, 200)).kind == "compact"
    assert render([MIXED], (300, MIN_HEIGHT - 1)).kind == "compact"
    assert render([MIXED], (MIN_WIDTH - 1, MIN_HEIGHT)).kind == "compact"
    assert render([MIXED], (MIN_WIDTH, MIN_HEIGHT - 1)).kind == "compact"


def test_side_pane_of_80x24_is_a_radar_with_letters() -> None:
    drawing = render([MIXED], (38, 18))
    assert drawing.kind == "radar"
    assert [box.text for box in drawing.labels] == list("ABCDEFGH")


def test_large_size_uses_full_labels() -> None:
    drawing = render([MIXED], (120, 40))
    assert [box.text for box in drawing.labels] == list(LABELS)
    assert all(span.style != "legend" for span in drawing.spans)


def test_letters_with_legend_when_rows_allow() -> None:
    drawing = render([MIXED], (60, 25))
    assert [box.text for box in drawing.labels] == list("ABCDEFGH")
    text = drawing.text()
    for letter, label in zip("ABCDEFGH", LABELS, strict=True):
        assert f"{letter} {label}" in text
    assert span_cells(drawing, "legend")


def test_long_labels_fall_back_to_letters() -> None:
    labels = [f"A much longer criterion name {i}" for i in range(8)]
    drawing = render_radar([MIXED], 120, 40, labels=labels)
    assert drawing.kind == "radar"
    assert [box.text for box in drawing.labels] == list("ABCDEFGH")


def test_custom_letters_and_labels() -> None:
    drawing = render_radar([MIXED], 38, 18, labels=list("abcdefgh"), letters="12345678")
    assert drawing.kind == "radar"
    assert {box.text for box in drawing.labels} <= set("abcdefgh12345678")


def test_compact_table_below_min_size() -> None:
    drawing = render([MIXED], (MIN_WIDTH - 1, 12))
    assert drawing.kind == "compact"
    assert drawing.center is None
    assert drawing.vertices == ()
    assert drawing.lines[0].startswith(" A Org complexit ####. 4")
    assert drawing.lines[6].rstrip().endswith("#.... 1")
    wide = render([MIXED], (40, 12))
    assert wide.kind == "compact"
    assert wide.lines[2].rstrip() == " C Exec support   ###.. 3"


def test_compact_shows_missing_answers_and_all_series() -> None:
    drawing = render([[None, 2, 3, 4, 5, 1, 2, 3], MIXED], (40, 10))
    assert drawing.lines[0].rstrip() == " A Org complexity ..... - ####. 4"


def test_compact_highlight_marks_the_row() -> None:
    drawing = render([MIXED], (30, 12), highlight=2)
    assert drawing.lines[2].startswith(">C")
    assert not any(line.startswith(">") for i, line in enumerate(drawing.lines) if i != 2)
    highlighted = [span for span in drawing.spans if span.style == "label-highlight"]
    assert highlighted and all(span.row == 2 for span in highlighted)


@pytest.mark.parametrize(("width", "height"), [(40, 4), (40, 2), (40, 1), (12, 3), (3, 2), (1, 1)])
def test_compact_squeezes_axes_into_few_rows(width: int, height: int) -> None:
    drawing = render([MIXED], (width, height))
    assert drawing.kind == "compact"
    assert len(drawing.lines) == height and all(len(line) == width for line in drawing.lines)
    text = drawing.text()
    if width * height >= 24:
        # Every axis still shows its letter and score.
        for letter, score in zip("ABCDEFGH", MIXED, strict=True):
            assert letter in text
            assert str(score) in text


# ---------------------------------------------------------------------------- drawing details


def test_rings_are_drawn_and_medium_is_distinct() -> None:
    drawing = render([[None] * 8], (60, 25))
    rings = span_cells(drawing, "ring")
    medium = span_cells(drawing, "ring-medium")
    assert rings and medium
    assert {drawing.lines[row][col] for col, row in rings} == {"."}
    assert {drawing.lines[row][col] for col, row in medium} == {":"}


def test_medium_ring_passes_through_score_three_vertices() -> None:
    empty = render([[None] * 8], (38, 18))
    threes = render([[3] * 8], (38, 18))
    medium = span_cells(empty, "ring-medium")
    assert all((v.col, v.row) in medium for v in threes.vertices)


def test_axis_zero_is_at_the_top_and_axes_go_clockwise() -> None:
    drawing = render([[5] * 8], (60, 25))
    assert drawing.center is not None
    cx, cy = drawing.center
    by_axis = {v.axis: (v.col - cx, v.row - cy) for v in drawing.vertices}
    assert by_axis[0][0] == 0 and by_axis[0][1] < 0  # top
    assert by_axis[2][1] == 0 and by_axis[2][0] > 0  # right
    assert by_axis[4][0] == 0 and by_axis[4][1] > 0  # bottom
    assert by_axis[6][1] == 0 and by_axis[6][0] < 0  # left
    assert by_axis[1][0] > 0 and by_axis[1][1] < 0  # top right


def test_aspect_correction_makes_the_chart_twice_as_wide() -> None:
    drawing = render([[5] * 8], (120, 40))
    assert drawing.center is not None
    cx, cy = drawing.center
    by_axis = {v.axis: (v.col - cx, v.row - cy) for v in drawing.vertices}
    assert by_axis[2][0] == 2 * -by_axis[0][1]
    square = render_radar([[5] * 8], 120, 40, labels=LABELS, aspect=1.0)
    assert square.center is not None
    sx, sy = square.center
    right = next(v for v in square.vertices if v.axis == 2)
    top = next(v for v in square.vertices if v.axis == 0)
    assert right.col - sx == sy - top.row


def test_chart_is_mirror_symmetric() -> None:
    drawing = render([[None] * 8], (60, 25))
    assert drawing.center is not None
    cx, _ = drawing.center
    labels = {(box.row, c) for box in drawing.labels for c in range(box.col, box.col + 20)}
    chart_rows = range(drawing.labels[0].row, drawing.labels[4].row + 1)  # not the legend
    for row in chart_rows:
        line = drawing.lines[row]
        for col, char in enumerate(line):
            mirror = 2 * cx - col
            if (row, col) in labels or (row, mirror) in labels or not 0 <= mirror < len(line):
                continue
            if char in ".:+":
                assert line[mirror] == char, (row, col)


def test_highlight_styles_spoke_and_label() -> None:
    for highlight in range(8):
        drawing = render([MIXED], (120, 40), highlight=highlight)
        spoke = span_cells(drawing, "spoke-highlight")
        assert len(spoke) >= 5
        for col, row in spoke:
            x, y = visual_offset(drawing, col, row)
            angle = axis_angle(highlight)
            across = abs(x * math.cos(angle) - y * math.sin(angle))
            assert across <= 1.1, (highlight, col, row)  # on the spoke's line of cells
            assert x * math.sin(angle) + y * math.cos(angle) >= 0
        label_cells = span_cells(drawing, "label-highlight")
        box = drawing.labels[highlight]
        assert label_cells == {(box.col + i, box.row) for i in range(len(box.text))}
    assert not span_cells(render([MIXED], (120, 40)), "spoke-highlight")


def test_highlight_in_letters_mode_also_marks_the_legend_entry() -> None:
    drawing = render([MIXED], (60, 25), highlight=4)
    texts = {
        drawing.lines[span.row][span.start : span.end]
        for span in drawing.spans
        if span.style == "label-highlight"
    }
    assert texts == {"E", "E Early adopter"}


def test_two_series_get_distinct_markers() -> None:
    other = [2, 3, 4, 5, 1, 2, 4, 3]
    drawing = render([MIXED, other], (60, 25))
    first = {(v.col, v.row) for v in drawing.vertices if v.series == 0}
    for vertex in drawing.vertices:
        char = drawing.lines[vertex.row][vertex.col]
        if vertex.series == 1 and (vertex.col, vertex.row) not in first:
            assert char == DEFAULT_MARKERS[1]
        if vertex.series == 0:
            assert char == DEFAULT_MARKERS[0]
    assert span_cells(drawing, "marker-1") and span_cells(drawing, "series-1")


def test_series_zero_is_drawn_on_top() -> None:
    drawing = render([MIXED, MIXED, MIXED], (38, 18))
    for vertex in drawing.vertices:
        assert drawing.lines[vertex.row][vertex.col] == DEFAULT_MARKERS[0]
    assert not span_cells(drawing, "series-1") and not span_cells(drawing, "series-2")


def test_custom_markers() -> None:
    drawing = render([MIXED, [1] * 8], (60, 25), markers=["*", "%"])
    chars = {drawing.lines[v.row][v.col] for v in drawing.vertices}
    assert chars == {"*", "%"}


def test_default_markers_are_distinct_ascii_and_not_web_chars() -> None:
    assert len(DEFAULT_MARKERS) == 4 and len(set(DEFAULT_MARKERS)) == 4
    web = {".", ":", "+", "-", "|", "/", "\\", " "}
    for marker in DEFAULT_MARKERS:
        assert len(marker) == 1 and 0x21 <= ord(marker) <= 0x7E and marker not in web


def test_braille_lines_with_ascii_markers_and_labels() -> None:
    drawing = render([MIXED], (38, 18), braille=True)
    chars = set(drawing.text())
    assert any(ord(char) in BRAILLE for char in chars)
    for vertex in drawing.vertices:
        assert drawing.lines[vertex.row][vertex.col] == DEFAULT_MARKERS[0]
    for box in drawing.labels:
        assert drawing.lines[box.row][box.col : box.col + len(box.text)] == box.text


def test_polygon_edges_are_continuous() -> None:
    """Edge cells of the answer polygon form one 8-connected loop (all answered)."""
    drawing = render([MIXED], (120, 40))
    cells = span_cells(drawing, "series-0") | span_cells(drawing, "marker-0")
    start = next(iter(cells))
    seen = {start}
    todo = [start]
    while todo:
        col, row = todo.pop()
        for d_col in (-1, 0, 1):
            for d_row in (-1, 0, 1):
                neighbour = (col + d_col, row + d_row)
                if neighbour in cells and neighbour not in seen:
                    seen.add(neighbour)
                    todo.append(neighbour)
    assert seen == cells


def test_vertex_records_are_ordered_by_series_then_axis() -> None:
    drawing = render([MIXED, [None, 1, 2, 3, 4, 5, 1, 2]], (60, 25))
    keys = [(v.series, v.axis) for v in drawing.vertices]
    assert keys == sorted(keys)
    assert len(keys) == 15


# ---------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("series", "message"),
    [
        ([], "1 to 4 series"),
        ([MIXED] * 5, "1 to 4 series"),
        ([[1] * 7], "8 scores"),
        ([[1] * 9], "8 scores"),
        ([[0, 1, 1, 1, 1, 1, 1, 1]], "score must be"),
        ([[6, 1, 1, 1, 1, 1, 1, 1]], "score must be"),
        ([[True, 1, 1, 1, 1, 1, 1, 1]], "score must be"),
        ([[3.0, 1, 1, 1, 1, 1, 1, 1]], "score must be"),
        ([["3", 1, 1, 1, 1, 1, 1, 1]], "score must be"),
        (["12345678"], "8 scores"),
    ],
)
def test_invalid_series_raise(series: list[list[object]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_radar(series, 38, 18, labels=LABELS)  # type: ignore[arg-type]


@pytest.mark.parametrize(("width", "height"), [(0, 18), (38, 0), (-1, 18), (38, -5)])
def test_non_positive_size_raises(width: int, height: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        render_radar([MIXED], width, height, labels=LABELS)


@pytest.mark.parametrize("labels", [LABELS[:7], (*LABELS, "Extra"), "ABCDEFGH"])
def test_wrong_label_count_raises(labels: Sequence[str]) -> None:
    with pytest.raises(ValueError, match="8 axis labels"):
        render_radar([MIXED], 38, 18, labels=labels)


def test_label_with_newline_raises() -> None:
    with pytest.raises(ValueError, match="printable"):
        render_radar([MIXED], 38, 18, labels=["a\nb", *LABELS[1:]])


@pytest.mark.parametrize("markers", [["oo"], [""], ["é"], [" "], ["\t"], [], ["o"], "ox"])
def test_bad_markers_raise(markers: Sequence[str]) -> None:
    with pytest.raises(ValueError, match="marker"):
        render_radar([MIXED, MIXED], 38, 18, labels=LABELS, markers=markers)


@pytest.mark.parametrize("letters", ["ABC", "ABCDEFGHI", "ABCDEFG ", "ABCDEFGé"])
def test_bad_letters_raise(letters: str) -> None:
    with pytest.raises(ValueError, match="letters"):
        render_radar([MIXED], 38, 18, labels=LABELS, letters=letters)


@pytest.mark.parametrize("highlight", [-1, 8, True])
def test_bad_highlight_raises(highlight: int) -> None:
    with pytest.raises(ValueError, match="highlight"):
        render_radar([MIXED], 38, 18, labels=LABELS, highlight=highlight)


@pytest.mark.parametrize("aspect", [0.0, -2.0, float("nan"), float("inf")])
def test_bad_aspect_raises(aspect: float) -> None:
    with pytest.raises(ValueError, match="aspect"):
        render_radar([MIXED], 38, 18, labels=LABELS, aspect=aspect)


def test_inputs_are_not_mutated_and_tuples_work() -> None:
    scores = [4, None, 3, 2, 4, 3, 5, 4]
    copy = list(scores)
    as_list = render_radar([scores], 38, 18, labels=list(LABELS))
    as_tuple = render_radar((tuple(scores),), 38, 18, labels=LABELS)
    assert scores == copy
    assert as_list == as_tuple
