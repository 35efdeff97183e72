"""ASCII (or braille) radar chart of the eight readiness criteria, Figure 15-1 style.

The renderer is pure: scores in, a :class:`RadarDrawing` out (text lines plus
semantic style spans that the app and the report map to colors). No Textual,
no Rich, standard library only.

Drawing approach
----------------
* Geometry lives in *cell offsets from the center cell*. Axis ``i`` points at
  ``i * 45`` degrees clockwise from 12 o'clock. A terminal cell is ``aspect``
  times taller than wide, so a radius of ``R`` rows spans ``R * aspect``
  columns horizontally; this keeps the octagons regular on screen.
* The radius ``R`` is a whole number of rows and score ``k`` sits at ``k/5`` of
  it. A point is snapped to the cell that contains it (offsets rounded half
  away from zero), so the picture is mirror-symmetric and every vertex cell
  contains its ideal point, i.e. lies on its axis.
* Lines (rings, spokes, answer edges) are rasterised with exact integer
  arithmetic between snapped end points, one cell per step along the major
  direction, so they are continuous, symmetric and never depend on float noise.
  In braille mode the same rasteriser runs on the 2x4 dot grid of each cell.
* Layers are painted bottom to top: spokes, rings (the medium ring last so it
  stays unbroken), the highlighted spoke (in ASCII it only takes the style, so
  the rings it crosses stay whole), labels, answer edges of series 3..0, then
  markers of series 3..0. Series 0 (the main/agreed answer) is drawn last so
  it is on top; every marker beats every edge so no answered vertex is hidden
  by another series' line. Labels sit outside the outer ring, so answers never
  reach them.
* The web is sparse so that the answer polygon is the strongest thing in the
  chart: only two rings, the outer one (5) dotted and the medium one (3,
  where the book's "best positioned" section starts) solid, and each spoke
  only as its five level ticks; the highlighted (current) spoke is drawn whole.
* ASCII: rings are '.', the medium ring is ':', spoke ticks '.', the center
  '+', answer edges use the line char nearest their on-screen slope ('-',
  '/', '|', '\\'), markers are ``DEFAULT_MARKERS`` (one per series so series
  read apart without color). Braille: lines become dots; the outer ring and
  the spokes are dotted and the medium ring solid and two dots thick; markers and labels
  stay ASCII.
* Everything that depends only on the size (rings, spokes, label layout, vertex
  cells) is computed once per size and cached; a render only paints the answer
  polygons, which keeps it well inside the 2 ms per key press budget.
* Labels go just outside the outer ring with a one-column gap. When the full
  labels do not fit (or would shrink the chart too much) the letters A-H are
  used instead, with a legend underneath when rows allow (the interview names
  the current axis in words under the chart itself). Below the smallest
  size at which the five score levels land on distinct cells on every axis
  (``MIN_WIDTH`` x ``MIN_HEIGHT`` for the default aspect), a compact bar table
  is returned instead of a chart.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from meshtui.model import MEDIUM, SCORE_MAX, SCORE_MIN

__all__ = [
    "DEFAULT_MARKERS",
    "MIN_HEIGHT",
    "MIN_WIDTH",
    "LabelBox",
    "RadarDrawing",
    "Span",
    "Vertex",
    "axis_point",
    "render_radar",
]

AXIS_COUNT = 8
MAX_SERIES = 4

#: Marker per series: series 0 is the main answer, 1 the compared session.
#: None of them is used by rings, spokes or edges, so they read without color.
DEFAULT_MARKERS: tuple[str, ...] = ("O", "X", "#", "@")

#: Smallest size (default aspect 2.0) where the chart is drawn: a radius of 5
#: rows (one row per score level on the vertical axes), letters A-H one cell
#: outside the outer ring. Below either, ``render_radar`` returns a compact table.
MIN_WIDTH = 25
MIN_HEIGHT = 13

RING_CHAR = "."
RING_MEDIUM_CHAR = ":"
SPOKE_CHAR = "."
CENTER_CHAR = "+"

_BRAILLE_BASE = 0x2800
# Bit of the braille dot at (x, y) inside a cell, x in 0..1, y in 0..3.
_BRAILLE_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
_DOTS_X = 2
_DOTS_Y = 4

# Unit direction of each axis as (sin, cos) of its clockwise angle from 12 o'clock.
# Exact 0/1 on the main axes so their points never drift off the center row/column.
_HALF_SQRT2 = math.sqrt(0.5)
_AXIS_SIN = (0.0, _HALF_SQRT2, 1.0, _HALF_SQRT2, 0.0, -_HALF_SQRT2, -1.0, -_HALF_SQRT2)
_AXIS_COS = (1.0, _HALF_SQRT2, 0.0, -_HALF_SQRT2, -1.0, -_HALF_SQRT2, 0.0, _HALF_SQRT2)

# How much a layout's radius is worth per labelling mode: full labels are the
# clearest, letters with a legend next, bare letters last. The mode with the
# largest weighted radius wins, so letters are used only when they buy a
# clearly bigger chart.
_MODE_WEIGHTS = (("labels", 1.0), ("legend", 0.9), ("letters", 0.7))
_LEGEND_GAP = 2  # spaces between legend columns


# The drawing's records are NamedTuples, not frozen dataclasses: as immutable, and
# a fraction of the cost to define (the app imports this module at start-up) and
# to make (a render makes hundreds of spans).
class Span(NamedTuple):
    """A styled run on one line: ``lines[row][start:end]``."""

    row: int
    start: int
    end: int
    style: str


class Vertex(NamedTuple):
    """Where a series' marker for one axis was placed."""

    series: int
    axis: int
    score: int
    col: int
    row: int


class LabelBox(NamedTuple):
    """An axis label (or letter) on the drawing; ``col`` is its first column."""

    axis: int
    row: int
    col: int
    text: str


class RadarDrawing(NamedTuple):
    """The rendered chart: exactly ``height`` lines of exactly ``width`` chars."""

    lines: tuple[str, ...]
    spans: tuple[Span, ...]
    kind: Literal["radar", "compact"]
    center: tuple[int, int] | None
    vertices: tuple[Vertex, ...]
    labels: tuple[LabelBox, ...]

    def text(self) -> str:
        return "\n".join(self.lines)


# --------------------------------------------------------------------------- validation


def _validate(
    series: Sequence[Sequence[int | None]],
    width: int,
    height: int,
    labels: Sequence[str],
    letters: str,
    aspect: float,
    highlight: int | None,
    markers: Sequence[str] | None,
) -> tuple[tuple[tuple[int | None, ...], ...], tuple[str, ...], tuple[str, ...]]:
    if type(width) is not int or type(height) is not int or width <= 0 or height <= 0:
        raise ValueError(f"width and height must be positive integers, not {width!r}x{height!r}")
    if not _is_sequence(series) or not 1 <= len(series) <= MAX_SERIES:
        count = len(series) if _is_sequence(series) else series
        raise ValueError(f"expected 1 to {MAX_SERIES} series of scores, got {count!r}")
    checked: list[tuple[int | None, ...]] = []
    for index, scores in enumerate(series):
        if not _is_sequence(scores) or len(scores) != AXIS_COUNT:
            raise ValueError(f"series {index} must have {AXIS_COUNT} scores, not {scores!r}")
        for axis, score in enumerate(scores):
            if score is not None and not (type(score) is int and SCORE_MIN <= score <= SCORE_MAX):
                raise ValueError(
                    f"series {index} axis {axis}: score must be None or an integer "
                    f"{SCORE_MIN}..{SCORE_MAX}, not {score!r}"
                )
        checked.append(tuple(scores))
    if not _is_sequence(labels) or len(labels) != AXIS_COUNT:
        raise ValueError(f"expected {AXIS_COUNT} axis labels, not {labels!r}")
    for label in labels:
        if not isinstance(label, str) or not label.isprintable():
            raise ValueError(f"axis labels must be printable one-line strings, not {label!r}")
    if not isinstance(letters, str) or len(letters) != AXIS_COUNT or not _is_ascii_graphic(letters):
        raise ValueError(
            f"letters must be {AXIS_COUNT} printable non-space ASCII chars, not {letters!r}"
        )
    if not isinstance(aspect, int | float) or not math.isfinite(aspect) or aspect <= 0:
        raise ValueError(f"aspect must be a positive number, not {aspect!r}")
    if highlight is not None and not (type(highlight) is int and 0 <= highlight < AXIS_COUNT):
        raise ValueError(f"highlight must be None or an axis index 0..7, not {highlight!r}")
    if markers is None:
        chosen = DEFAULT_MARKERS[: len(checked)]
    else:
        if not _is_sequence(markers) or len(markers) < len(checked):
            raise ValueError(f"need one marker per series ({len(checked)}), got {markers!r}")
        for marker in markers:
            if not isinstance(marker, str) or len(marker) != 1 or not _is_ascii_graphic(marker):
                raise ValueError(f"a marker must be one printable non-space ASCII char: {marker!r}")
        chosen = tuple(markers[: len(checked)])
    return tuple(checked), tuple(labels), chosen


def _is_sequence(value: object) -> bool:
    # A string is a Sequence too, but "12345678" is not eight scores.
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _is_ascii_graphic(text: str) -> bool:
    return all(0x21 <= ord(char) <= 0x7E for char in text)


# --------------------------------------------------------------------------- integer maths


def _round_ratio(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half away from zero (denominator > 0), exactly."""
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


def _round_half_away(value: float) -> int:
    magnitude = math.floor(abs(value) + 0.5)
    return magnitude if value >= 0 else -magnitude


def _line(c0: int, r0: int, c1: int, r1: int) -> list[tuple[int, int]]:
    """Cells of a continuous line between two cells (offsets from the center).

    One cell per step along the longer direction; the other coordinate is the
    exact rational point rounded half away from zero. The result does not
    depend on the direction of drawing and mirrors exactly about the center.
    """
    d_col, d_row = c1 - c0, r1 - r0
    steps = max(abs(d_col), abs(d_row))
    if steps == 0:
        return [(c0, r0)]
    return [
        (_round_ratio(c0 * steps + d_col * i, steps), _round_ratio(r0 * steps + d_row * i, steps))
        for i in range(steps + 1)
    ]


def _nearest_odd(numerator: int, denominator: int) -> int:
    """Nearest odd integer to ``numerator / denominator``; ties away from zero."""
    twice = 2 * denominator
    base = 2 * (numerator // twice) + 1
    if numerator % twice == 0 and numerator < 0:
        return base - 2
    return base


def _dot_line(u0: int, v0: int, u1: int, v1: int) -> list[tuple[int, int]]:
    """Braille dots of a line, in *doubled* dot coordinates (odd numbers).

    The chart center lies on a dot boundary, so dot ``j`` is centered at offset
    ``j + 0.5``; doubling gives odd integers and mirroring is plain negation.
    Returns dot indices ``j`` (not doubled).
    """
    d_u, d_v = u1 - u0, v1 - v0
    steps = max(abs(d_u), abs(d_v)) // 2
    if steps == 0:
        return [((u0 - 1) // 2, (v0 - 1) // 2)]
    return [
        (
            (_nearest_odd(u0 * steps + d_u * i, steps) - 1) // 2,
            (_nearest_odd(v0 * steps + d_v * i, steps) - 1) // 2,
        )
        for i in range(steps + 1)
    ]


# --------------------------------------------------------------------------- geometry


def _slope_char(d_col: int, d_row: int, aspect: float) -> str:
    """The ASCII line char closest to a segment's on-screen angle."""
    if d_col == 0 and d_row == 0:
        return "-"
    run = abs(d_col)
    rise = abs(d_row) * aspect
    # tan(22.5 deg) and tan(67.5 deg): split the half-plane into 4 equal sectors.
    if rise <= run * 0.4142135623730951:
        return "-"
    if rise >= run * 2.414213562373095:
        return "|"
    return "\\" if (d_col > 0) == (d_row > 0) else "/"


def _point_offsets(level: float, axis: int, radius: int, aspect: float) -> tuple[float, float]:
    """Ideal (col, row) offset from the center of score ``level`` on ``axis``."""
    fraction = radius * level / SCORE_MAX
    return fraction * aspect * _AXIS_SIN[axis], -fraction * _AXIS_COS[axis]


def axis_point(level: float, axis: int) -> tuple[float, float]:
    """Where score ``level`` lies on ``axis`` for a vector drawing (the SVG report):
    (x, y) with x to the right and y down, the center at (0, 0) and score 5 at
    distance 1. The same directions as the character chart."""
    return _point_offsets(level, axis, 1, 1.0)


def _vertex_cell(level: int, axis: int, radius: int, aspect: float) -> tuple[int, int]:
    d_col, d_row = _point_offsets(level, axis, radius, aspect)
    return _round_half_away(d_col), _round_half_away(d_row)


def _vertex_dot(level: float, axis: int, radius: int, aspect: float) -> tuple[int, int]:
    """Doubled dot coordinates (odd) of the dot containing the ideal point."""
    d_col, d_row = _point_offsets(level, axis, radius, aspect)
    return 2 * math.floor(d_col * _DOTS_X) + 1, 2 * math.floor(d_row * _DOTS_Y) + 1


def _dot_cell(dot_u: int, dot_v: int) -> tuple[int, int]:
    """Cell offset of a dot index (the center is the top-left corner of dot (0, 0)).

    The center cell spans dots -1..0 horizontally and -2..1 vertically.
    """
    return (dot_u + 1) // _DOTS_X, (dot_v + 2) // _DOTS_Y


def _doubled_dot_cell(doubled_u: int, doubled_v: int) -> tuple[int, int]:
    return _dot_cell((doubled_u - 1) // 2, (doubled_v - 1) // 2)


def _dot_bit(dot_u: int, dot_v: int) -> int:
    return _BRAILLE_BITS[(dot_u + 1) % _DOTS_X][(dot_v + 2) % _DOTS_Y]


@functools.lru_cache(maxsize=256)
def _outline(radius: int, aspect: float) -> dict[int, tuple[int, int]]:
    """Per row offset, the (min, max) column offset covered by the outer ring.

    Covers both the ASCII cells and the braille dots' cells, so that one label
    layout keeps clear of the ring in either mode.
    """
    extent: dict[int, tuple[int, int]] = {}

    def cover(col: int, row: int) -> None:
        low, high = extent.get(row, (col, col))
        extent[row] = (min(low, col), max(high, col))

    corners = [_vertex_cell(SCORE_MAX, axis, radius, aspect) for axis in range(AXIS_COUNT)]
    dots = [_vertex_dot(SCORE_MAX, axis, radius, aspect) for axis in range(AXIS_COUNT)]
    for axis in range(AXIS_COUNT):
        following = (axis + 1) % AXIS_COUNT
        for col, row in _line(*corners[axis], *corners[following]):
            cover(col, row)
        for dot_u, dot_v in _dot_line(*dots[axis], *dots[following]):
            cover(*_dot_cell(dot_u, dot_v))
    return extent


class _Layout(NamedTuple):
    radius: int
    center: tuple[int, int]
    labels: tuple[LabelBox, ...]
    legend: tuple[tuple[int, int, str, int], ...]  # (row, col, text, axis)


def _label_offsets(
    texts: Sequence[str], outline: dict[int, tuple[int, int]], radius: int, aspect: float
) -> list[tuple[int, int]] | None:
    """(row, col) offsets of each label's first char, or None if two would collide."""
    placed: list[tuple[int, int]] = []
    for axis, text in enumerate(texts):
        sin = _AXIS_SIN[axis]
        row = _vertex_cell(SCORE_MAX, axis, radius, aspect)[1]
        if sin == 0:
            # Top and bottom: centered on the spoke, on the row just outside the ring.
            row = row - 1 if _AXIS_COS[axis] > 0 else row + 1
            col = -(len(text) // 2)
        elif sin > 0:
            col = outline[row][1] + 2
        else:
            col = outline[row][0] - 1 - len(text)
        placed.append((row, col))
    # One free column between labels on the same row keeps them readable.
    for first in range(AXIS_COUNT):
        row_a, col_a = placed[first]
        for second in range(first + 1, AXIS_COUNT):
            row_b, col_b = placed[second]
            if row_a == row_b and (
                col_a <= col_b + len(texts[second]) and col_b <= col_a + len(texts[first])
            ):
                return None
    return placed


def _legend_lines(labels: Sequence[str], width: int) -> list[list[int]] | None:
    """Axes per legend line (row-major), or None if one entry is wider than the line."""
    entry_width = max(len(label) for label in labels) + 2
    if entry_width > width:
        return None
    max_columns = max(1, (width + _LEGEND_GAP) // (entry_width + _LEGEND_GAP))
    rows = -(-AXIS_COUNT // max_columns)
    columns = -(-AXIS_COUNT // rows)
    return [
        list(range(start, min(start + columns, AXIS_COUNT)))
        for start in range(0, AXIS_COUNT, columns)
    ]


def _try_layout(
    width: int,
    height: int,
    radius: int,
    aspect: float,
    texts: Sequence[str],
    legend: list[list[int]] | None,
    labels: Sequence[str],
    letters: str,
) -> _Layout | None:
    outline = _outline(radius, aspect)
    offsets = _label_offsets(texts, outline, radius, aspect)
    if offsets is None:
        return None
    rows = [*outline, *(row for row, _ in offsets)]
    cols = [col for extent in outline.values() for col in extent]
    for (_, col), text in zip(offsets, texts, strict=True):
        cols += [col, col + len(text) - 1]
    top, bottom, left, right = min(rows), max(rows), min(cols), max(cols)
    chart_height = bottom - top + 1
    legend_height = 0 if legend is None else len(legend) + 1  # one blank row before it
    if right - left + 1 > width or chart_height + legend_height > height:
        return None
    center_col = (width - (right - left + 1)) // 2 - left
    first_row = (height - chart_height - legend_height) // 2
    center_row = first_row - top
    boxes = tuple(
        LabelBox(axis=axis, row=center_row + row, col=center_col + col, text=text)
        for axis, ((row, col), text) in enumerate(zip(offsets, texts, strict=True))
    )
    legend_placed: list[tuple[int, int, str, int]] = []
    if legend is not None:
        entry_width = max(len(label) for label in labels) + 2
        columns = max(len(line) for line in legend)
        block = columns * entry_width + (columns - 1) * _LEGEND_GAP
        block_left = max(0, (width - block) // 2)
        for index, axes in enumerate(legend):
            row = first_row + chart_height + 1 + index
            for slot, axis in enumerate(axes):
                col = block_left + slot * (entry_width + _LEGEND_GAP)
                legend_placed.append((row, col, f"{letters[axis]} {labels[axis]}", axis))
    return _Layout(radius, (center_col, center_row), boxes, tuple(legend_placed))


@functools.lru_cache(maxsize=256)
def _levels_distinct(radius: int, aspect: float) -> bool:
    """True when scores k and k+1 land on different cells on every axis."""
    levels = range(1, SCORE_MAX + 1)
    for axis in range(AXIS_COUNT):
        cells = {_vertex_cell(level, axis, radius, aspect) for level in levels}
        # Braille snaps via the dot grid; it agrees except on exact ties, but check.
        dot_cells = {
            _doubled_dot_cell(*_vertex_dot(level, axis, radius, aspect)) for level in levels
        }
        if len(cells) != SCORE_MAX or len(dot_cells) != SCORE_MAX:
            return False
    return True


@functools.lru_cache(maxsize=64)
def _choose_layout(
    width: int, height: int, labels: tuple[str, ...], letters: str, aspect: float
) -> _Layout | None:
    """The best legible layout for the size, or None when only the compact table fits.

    For each labelling mode, the largest radius that fits is found; the mode
    with the largest weighted radius wins (ties go to the clearer mode).
    """
    # Rows: the ring plus a label row above and below. Columns: the ring plus
    # a gap and a letter each side. Anything larger cannot fit.
    largest = min((height - 3) // 2, math.floor((width - 5) / (2 * aspect)) + 1)
    best: _Layout | None = None
    best_score = 0.0
    for mode, weight in _MODE_WEIGHTS:
        legend = None
        texts: Sequence[str] = labels if mode == "labels" else tuple(letters)
        if mode == "legend":
            legend = _legend_lines(labels, width)
            if legend is None:
                continue
        for radius in range(largest, 0, -1):
            if radius * weight <= best_score:
                break
            if not _levels_distinct(radius, aspect):
                continue
            layout = _try_layout(width, height, radius, aspect, texts, legend, labels, letters)
            if layout is not None:
                best, best_score = layout, radius * weight
                break
    return best


@dataclass
class _Geometry:
    """Everything about a drawing that does not depend on the scores."""

    braille: bool
    aspect: float
    layout: _Layout
    base_lines: tuple[str, ...]
    base_spans: tuple[tuple[Span, ...], ...]  # per row
    # vertex_cells[axis][score] -> absolute (col, row); index 0 is the center.
    vertex_cells: tuple[tuple[tuple[int, int], ...], ...]
    vertex_dots: tuple[tuple[tuple[int, int], ...], ...]
    edge_cache: dict[tuple[int, int, int], tuple[tuple[int, int, str, int], ...]] = field(
        default_factory=dict
    )

    def edge(self, axis: int, score_a: int, score_b: int) -> tuple[tuple[int, int, str, int], ...]:
        """Cells of the answer edge from ``axis``@score_a to ``axis+1``@score_b.

        Each item is (col, row, char, braille dot bits or 0), absolute; cached per size.
        """
        key = (axis, score_a, score_b)
        cached = self.edge_cache.get(key)
        if cached is None:
            cached = self._compute_edge(axis, score_a, score_b)
            self.edge_cache[key] = cached
        return cached

    def _compute_edge(
        self, axis: int, score_a: int, score_b: int
    ) -> tuple[tuple[int, int, str, int], ...]:
        nxt = (axis + 1) % AXIS_COUNT
        cx, cy = self.layout.center
        if self.braille:
            u0, v0 = self.vertex_dots[axis][score_a]
            u1, v1 = self.vertex_dots[nxt][score_b]
            bits: dict[tuple[int, int], int] = {}
            for du, dv in _dot_line(u0, v0, u1, v1):
                cell = _dot_cell(du, dv)
                bits[cell] = bits.get(cell, 0) | _dot_bit(du, dv)
            return tuple(
                (cx + col, cy + row, chr(_BRAILLE_BASE | mask), mask)
                for (col, row), mask in sorted(bits.items())
            )
        c0, r0 = self.vertex_cells[axis][score_a]
        c1, r1 = self.vertex_cells[nxt][score_b]
        char = _slope_char(c1 - c0, r1 - r0, self.aspect)
        return tuple((col, row, char, 0) for col, row in _line(c0, r0, c1, r1))


class _Canvas:
    """Mutable chars + styles grid used while building a drawing."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.chars = [[" "] * width for _ in range(height)]
        self.styles: list[list[str | None]] = [[None] * width for _ in range(height)]

    def put(self, col: int, row: int, char: str, style: str | None) -> None:
        if 0 <= row < self.height and 0 <= col < self.width:
            self.chars[row][col] = char
            self.styles[row][col] = style

    def text(self, col: int, row: int, text: str, style: str) -> None:
        for index, char in enumerate(text):
            self.put(col + index, row, char, style)


#: The rings drawn: the outer edge of the scale, then the medium ring last so
#: that nothing breaks it. Rings 1, 2 and 4 are left out: at 80x24 a full web
#: outweighed the answer. The levels still read off the ticks on each spoke.
_RINGS = (SCORE_MAX, MEDIUM)


def _paint_ascii_web(
    canvas: _Canvas,
    center: tuple[int, int],
    cells: tuple[tuple[tuple[int, int], ...], ...],
    highlight: int | None,
) -> None:
    """Spoke ticks, then rings over them, then the highlighted spoke over everything.

    A spoke is only its ticks, one per score level (where an answer can land),
    so the web stays sparse and the answer polygon is the strongest line.
    """
    cx, cy = center

    def stroke(
        start: tuple[int, int], end: tuple[int, int], char: str, style: str, dotted: bool
    ) -> None:
        for col, row in _line(*start, *end):
            # Dotted by cell parity, not by step, so the chart stays mirror-symmetric.
            if not (dotted and (col + row) % 2):
                canvas.put(cx + col, cy + row, char, style)

    for axis in range(AXIS_COUNT):
        for level in range(SCORE_MIN, SCORE_MAX + 1):
            col, row = cells[axis][level]
            canvas.put(cx + col, cy + row, SPOKE_CHAR, "spoke")
    for level in _RINGS:
        medium = level == MEDIUM
        for axis in range(AXIS_COUNT):
            stroke(
                cells[axis][level],
                cells[(axis + 1) % AXIS_COUNT][level],
                RING_MEDIUM_CHAR if medium else RING_CHAR,
                "ring-medium" if medium else "ring",
                dotted=not medium,
            )
    if highlight is not None:
        # The current axis is drawn whole; where it crosses a ring it only
        # takes the style, so the rings stay unbroken in monochrome.
        start, end = cells[highlight][0], cells[highlight][SCORE_MAX]
        for col, row in _line(*start, *end):
            if 0 <= cy + row < canvas.height and 0 <= cx + col < canvas.width:
                if canvas.chars[cy + row][cx + col] == " ":
                    canvas.chars[cy + row][cx + col] = SPOKE_CHAR
                canvas.styles[cy + row][cx + col] = "spoke-highlight"


def _paint_braille_web(
    canvas: _Canvas, center: tuple[int, int], radius: int, aspect: float, highlight: int | None
) -> None:
    """The web on the dot grid: dots of all layers in a cell are merged.

    A cell takes the style of the top layer that has a dot in it. Spokes are
    dotted (every other dot) so they stay lighter than the rings, and the medium
    ring is two dots thick so it stands out without color. As in ASCII, only
    the outer and the medium rings are drawn.
    """
    cx, cy = center
    bits: dict[tuple[int, int], int] = {}
    styles: dict[tuple[int, int], str] = {}

    def stroke(start: tuple[int, int], end: tuple[int, int], style: str, dotted: bool) -> None:
        for index, (du, dv) in enumerate(_dot_line(*start, *end)):
            if dotted and index % 2:
                continue
            cell = _dot_cell(du, dv)
            bits[cell] = bits.get(cell, 0) | _dot_bit(du, dv)
            styles[cell] = style

    def point(level: float, axis: int) -> tuple[int, int]:
        return _vertex_dot(level, axis, radius, aspect)

    for axis in range(AXIS_COUNT):
        stroke(point(0, axis), point(SCORE_MAX, axis), "spoke", dotted=True)
    # One vertical dot, in score units, to thicken the medium ring inwards.
    dot_in_levels = SCORE_MAX / (radius * _DOTS_Y)
    for level in _RINGS:
        medium = level == MEDIUM
        for ring_level in (level, level - dot_in_levels) if medium else (level,):
            for axis in range(AXIS_COUNT):
                stroke(
                    point(ring_level, axis),
                    point(ring_level, (axis + 1) % AXIS_COUNT),
                    "ring-medium" if medium else "ring",
                    dotted=not medium,
                )
    if highlight is not None:
        stroke(point(0, highlight), point(SCORE_MAX, highlight), "spoke-highlight", dotted=False)
    for (col, row), mask in bits.items():
        canvas.put(cx + col, cy + row, chr(_BRAILLE_BASE | mask), styles[(col, row)])


@functools.lru_cache(maxsize=64)
def _geometry(
    width: int,
    height: int,
    labels: tuple[str, ...],
    letters: str,
    braille: bool,
    aspect: float,
    highlight: int | None,
) -> _Geometry | None:
    layout = _choose_layout(width, height, labels, letters, aspect)
    if layout is None:
        return None
    radius = layout.radius
    cx, cy = layout.center
    rel_dots = tuple(
        tuple(_vertex_dot(level, axis, radius, aspect) for level in range(SCORE_MAX + 1))
        for axis in range(AXIS_COUNT)
    )
    if braille:
        # The marker goes on the cell of the dot the edges end at.
        rel_cells = tuple(tuple(_doubled_dot_cell(*dot) for dot in dots) for dots in rel_dots)
    else:
        rel_cells = tuple(
            tuple(_vertex_cell(level, axis, radius, aspect) for level in range(SCORE_MAX + 1))
            for axis in range(AXIS_COUNT)
        )
    canvas = _Canvas(width, height)
    if braille:
        _paint_braille_web(canvas, (cx, cy), radius, aspect, highlight)
    else:
        _paint_ascii_web(canvas, (cx, cy), rel_cells, highlight)
    canvas.put(cx, cy, CENTER_CHAR, "spoke-highlight" if highlight is not None else "spoke")
    for box in layout.labels:
        canvas.text(
            box.col, box.row, box.text, "label-highlight" if box.axis == highlight else "label"
        )
    for row, col, text, axis in layout.legend:
        canvas.text(col, row, text, "label-highlight" if axis == highlight else "legend")
    return _Geometry(
        braille=braille,
        aspect=aspect,
        layout=layout,
        base_lines=tuple("".join(row) for row in canvas.chars),
        base_spans=tuple(_row_spans(row, styles) for row, styles in enumerate(canvas.styles)),
        vertex_cells=tuple(
            tuple((cx + col, cy + row) for col, row in axis_cells) for axis_cells in rel_cells
        ),
        vertex_dots=rel_dots,
    )


# --------------------------------------------------------------------------- rendering


def _row_spans(row: int, styles: Sequence[str | None]) -> tuple[Span, ...]:
    """Maximal runs of one style on a row (unstyled cells get no span)."""
    spans: list[Span] = []
    col = 0
    for style, run in itertools.groupby(styles):
        end = col + sum(1 for _ in run)
        if style is not None:
            spans.append(Span(row, col, end, style))
        col = end
    return tuple(spans)


def _spans_of(styles: Sequence[Sequence[str | None]]) -> tuple[Span, ...]:
    return tuple(
        span for row, row_styles in enumerate(styles) for span in _row_spans(row, row_styles)
    )


def _respan(row: int, base: tuple[Span, ...], painted: dict[int, str]) -> list[Span]:
    """A row's spans after ``painted`` (col -> style) cells were drawn over it.

    Cuts the cached spans around the painted cells instead of rescanning the
    row, and reuses the untouched span objects: this is most of the render.
    """
    dirty = sorted(painted)
    pieces: list[tuple[int, int, str, Span | None]] = []
    for span in base:
        low = bisect.bisect_left(dirty, span.start)
        high = bisect.bisect_left(dirty, span.end)
        if low == high:
            pieces.append((span.start, span.end, span.style, span))
            continue
        start = span.start
        for col in dirty[low:high]:
            if col > start:
                pieces.append((start, col, span.style, None))
            start = col + 1
        if start < span.end:
            pieces.append((start, span.end, span.style, None))
    pieces.extend((col, col + 1, painted[col], None) for col in dirty)
    pieces.sort(key=lambda piece: piece[0])
    merged: list[tuple[int, int, str, Span | None]] = []
    for piece in pieces:
        if merged and merged[-1][1] == piece[0] and merged[-1][2] == piece[2]:
            merged[-1] = (merged[-1][0], piece[1], piece[2], None)
        else:
            merged.append(piece)
    return [
        span if span is not None else Span(row, start, end, style)
        for start, end, style, span in merged
    ]


def render_radar(
    series: Sequence[Sequence[int | None]],
    width: int,
    height: int,
    *,
    labels: Sequence[str],
    letters: str = "ABCDEFGH",
    braille: bool = False,
    aspect: float = 2.0,
    highlight: int | None = None,
    markers: Sequence[str] | None = None,
) -> RadarDrawing:
    """Draw 1..4 series of eight 1..5 scores (None = unanswered) as a radar chart.

    ``series[0]`` is the main answer and is drawn on top; further series (e.g.
    a compared session) get the next marker. ``labels`` are the eight axis
    names in the book's order (single-width characters, ideally <= 14 chars);
    ``letters`` replace them when they do not fit. ``aspect`` is a cell's
    height over its width. ``highlight`` is an axis index to emphasise.
    ``markers`` gives one printable ASCII char per series (extra ones are
    ignored). Returns a compact bar table (``kind="compact"``) when the size is
    too small for the five score levels to be told apart on every axis. Raises
    ValueError for invalid input; any width and height >= 1 is fine.
    """
    scores, label_texts, marker_chars = _validate(
        series, width, height, labels, letters, aspect, highlight, markers
    )
    geometry = _geometry(width, height, label_texts, letters, braille, float(aspect), highlight)
    if geometry is None:
        return _render_compact(scores, width, height, label_texts, letters, highlight)
    # Only rows the answers touch are copied and re-spanned; the rest of the
    # drawing comes straight from the per-size cache.
    painted: dict[int, tuple[list[str], dict[int, str]]] = {}

    def paint(col: int, row: int, char: str, style: str) -> None:
        line = painted.get(row)
        if line is None:
            line = (list(geometry.base_lines[row]), {})
            painted[row] = line
        line[0][col] = char
        line[1][col] = style

    # Later series first so that series 0, the main answer, ends up on top.
    order = range(len(scores) - 1, -1, -1)
    for index in order:
        style = f"series-{index}"
        answers = scores[index]
        # Braille: two edges of one series sharing a cell keep both their dots.
        own_dots: dict[tuple[int, int], int] = {}
        for axis in range(AXIS_COUNT):
            here, there = answers[axis], answers[(axis + 1) % AXIS_COUNT]
            # A gap stays a gap: no edge touches an unanswered axis.
            if here is None or there is None:
                continue
            for col, row, char, dots in geometry.edge(axis, here, there):
                if dots:
                    dots |= own_dots.get((col, row), 0)
                    own_dots[(col, row)] = dots
                    char = chr(_BRAILLE_BASE | dots)
                paint(col, row, char, style)
    vertices: list[Vertex] = []
    for index in order:
        marker, style = marker_chars[index], f"marker-{index}"
        for axis, score in enumerate(scores[index]):
            if score is None:
                continue
            col, row = geometry.vertex_cells[axis][score]
            paint(col, row, marker, style)
            vertices.append(Vertex(series=index, axis=axis, score=score, col=col, row=row))
    vertices.sort(key=lambda vertex: (vertex.series, vertex.axis))
    lines = list(geometry.base_lines)
    spans: list[Span] = []
    for row in range(height):
        line = painted.get(row)
        if line is None:
            spans.extend(geometry.base_spans[row])
        else:
            lines[row] = "".join(line[0])
            spans.extend(_respan(row, geometry.base_spans[row], line[1]))
    return RadarDrawing(
        lines=tuple(lines),
        spans=tuple(spans),
        kind="radar",
        center=geometry.layout.center,
        vertices=tuple(vertices),
        labels=geometry.layout.labels,
    )


# --------------------------------------------------------------------------- compact table


def _bar(score: int | None) -> str:
    filled = 0 if score is None else score
    return "#" * filled + "." * (SCORE_MAX - filled)


def _compact_entry(
    axis: int,
    scores: tuple[tuple[int | None, ...], ...],
    label: str,
    letter: str,
    slot: int,
    highlighted: bool,
    label_width: int,
) -> list[tuple[str, str | None]]:
    """One axis as styled pieces no wider than ``slot`` columns.

    Gives up detail in order of least value lost: label characters, then the
    bars, then the separating spaces; the letter and scores go last.
    """
    head_style = "label-highlight" if highlighted else "label"
    values = [("-" if s[axis] is None else str(s[axis])) for s in scores]

    def build(label_room: int, bars: bool, spaced: bool) -> list[tuple[str, str | None]]:
        pieces: list[tuple[str, str | None]] = []
        if spaced:
            pieces.append((">" if highlighted else " ", head_style))
        pieces.append((letter, head_style))
        if label_room > 0:
            pieces.append((" " + label[:label_room].ljust(label_room), head_style))
        for index, value in enumerate(values):
            if bars:
                pieces.append((" ", None))
                pieces.append((_bar(scores[index][axis]), f"series-{index}"))
            if spaced or index:
                pieces.append((" ", None))
            pieces.append((value, f"marker-{index}"))
        return pieces

    def size(pieces: list[tuple[str, str | None]]) -> int:
        return sum(len(text) for text, _ in pieces)

    for bars, spaced in ((True, True), (False, True), (False, False)):
        room = min(label_width, slot - size(build(0, bars, spaced)) - 1)
        if room >= 0:
            # A label cut below 3 chars says nothing the letter doesn't.
            return build(room if room >= 3 else 0, bars, spaced)
    out: list[tuple[str, str | None]] = []
    left = slot
    for text, style in build(0, False, False):
        if left <= 0:
            break
        out.append((text[:left], style))
        left -= len(text[:left])
    return out


def _render_compact(
    scores: tuple[tuple[int | None, ...], ...],
    width: int,
    height: int,
    labels: tuple[str, ...],
    letters: str,
    highlight: int | None,
) -> RadarDrawing:
    # One axis per line when rows allow, else as few per line as fit the rows,
    # with one blank column between entries sharing a line.
    per_line = -(-AXIS_COUNT // min(height, AXIS_COUNT))
    slot = (width - (per_line - 1)) // per_line
    label_width = max(len(label) for label in labels)
    canvas = _Canvas(width, height)
    for axis in range(AXIS_COUNT):
        row, position = divmod(axis, per_line)
        if slot < 2:
            # Not even "A4" fits: the bare digits of series 0, as many as fit.
            score = scores[0][axis]
            digit_style = "label-highlight" if axis == highlight else "marker-0"
            canvas.put(position, row, "-" if score is None else str(score), digit_style)
            continue
        col = position * (slot + 1)
        pieces = _compact_entry(
            axis, scores, labels[axis], letters[axis], slot, axis == highlight, label_width
        )
        for text, style in pieces:
            if style is not None:  # unstyled pieces are spaces, already there
                canvas.text(col, row, text, style)
            col += len(text)
    return RadarDrawing(
        lines=tuple("".join(row) for row in canvas.chars),
        spans=_spans_of(canvas.styles),
        kind="compact",
        center=None,
        vertices=(),
        labels=(),
    )
