"""The SVG renderer: a report's radar as a vector chart in the style of Figure 15-1.

The octagon web of the eight criteria, the band from Medium (3) to High (5)
shaded as the book's colored section, each axis labeled with the
criterion's full name, and each series of the overlay (the answer, the
target, a previous session, the lowest and highest scores) drawn with its own
line pattern and marker shape, named in a legend. Patterns and shapes, not
colors, tell the series apart, so it reads printed in black and white.

The points come from ``meshtui.radar.axis_point``, the geometry the
character chart uses. All text is escaped for XML (control characters shown
as ``\\xNN``); the only URL in the output is the SVG namespace.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from meshtui.literal import one_line, visible
from meshtui.radar import axis_point
from meshtui.reports.document import Document, Inline, Radar

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
WIDTH = 760
RADIUS = 190
LABEL_GAP = 16
LABEL_CHARS = 16
FONT_SIZE = 13
LINE_HEIGHT = 16
LEGEND_ROW = 22
#: Characters per line of the notes under the legend (about the picture's width).
NOTE_CHARS = 100

_AXES = 8
_LEVELS = (1, 2, 3, 4, 5)
_MEDIUM, _HIGH = 3, 5


def xml_text(text: str) -> str:
    """Text for XML content or an attribute: control characters shown as ``\\xNN``
    (XML cannot hold most of them), markup characters as entities."""
    shown = visible(text).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    return (
        shown.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def inline_words(inline: Inline) -> str:
    """Inline text as one line of words (user text folded, controls visible)."""
    return "".join(one_line(span.text) if span.role == "literal" else span.text for span in inline)


# How each series is drawn, by its overlay marker: (dash pattern, stroke width,
# gray level, marker shape). The main series is solid and thickest.
_SERIES_STYLES: dict[str, tuple[str, float, str, str]] = {
    "O": ("", 3.0, "#000000", "circle"),
    "X": ("9 5", 2.0, "#333333", "square"),
    "#": ("3 3", 2.0, "#333333", "diamond"),
    "@": ("12 4 3 4", 2.0, "#333333", "triangle-up"),
    "*": ("1 5", 2.2, "#000000", "cross"),
    "v": ("6 3", 1.5, "#555555", "triangle-down"),
    "^": ("6 3", 1.5, "#555555", "triangle-up"),
}
_FALLBACK_STYLE = ("4 2", 1.5, "#333333", "square")


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _point(cx: float, cy: float, level: float, axis: int) -> tuple[float, float]:
    x, y = axis_point(level, axis)
    return cx + x * RADIUS, cy + y * RADIUS


def _ring(cx: float, cy: float, level: float) -> str:
    return " ".join(
        f"{_fmt(x)},{_fmt(y)}" for x, y in (_point(cx, cy, level, a) for a in range(_AXES))
    )


def _marker(shape: str, x: float, y: float, color: str) -> str:
    if shape == "circle":
        return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="5" fill="{color}"/>'
    if shape == "square":
        return (
            f'<rect x="{_fmt(x - 4.5)}" y="{_fmt(y - 4.5)}" width="9" height="9" '
            f'fill="#ffffff" stroke="{color}" stroke-width="2"/>'
        )
    if shape == "cross":
        d = 5
        return (
            f'<path d="M{_fmt(x - d)},{_fmt(y - d)} L{_fmt(x + d)},{_fmt(y + d)} '
            f'M{_fmt(x - d)},{_fmt(y + d)} L{_fmt(x + d)},{_fmt(y - d)}" '
            f'stroke="{color}" stroke-width="2.5" fill="none"/>'
        )
    if shape == "diamond":
        points = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)]
    elif shape == "triangle-down":
        points = [(x - 5.5, y - 4), (x + 5.5, y - 4), (x, y + 5.5)]
    else:  # triangle-up
        points = [(x - 5.5, y + 4), (x + 5.5, y + 4), (x, y - 5.5)]
    joined = " ".join(f"{_fmt(px)},{_fmt(py)}" for px, py in points)
    return f'<polygon points="{joined}" fill="#ffffff" stroke="{color}" stroke-width="2"/>'


def _series(
    cx: float, cy: float, scores: Sequence[int | None], marker: str, main: bool
) -> list[str]:
    dash, width, color, shape = _SERIES_STYLES.get(marker, _FALLBACK_STYLE)
    stroke = f'stroke="{color}" stroke-width="{width}" stroke-linejoin="round"'
    if dash:
        stroke += f' stroke-dasharray="{dash}" stroke-linecap="round"'
    out: list[str] = []
    if all(score is not None for score in scores):
        points = " ".join(
            f"{_fmt(x)},{_fmt(y)}"
            for x, y in (_point(cx, cy, s or 0, a) for a, s in enumerate(scores))
        )
        fill = 'fill="#000000" fill-opacity="0.07"' if main else 'fill="none"'
        out.append(f'<polygon points="{points}" {fill} {stroke}/>')
    else:
        # A gap stays a gap, as in the character chart: no edge touches an unanswered axis.
        parts = []
        for axis in range(_AXES):
            here, there = scores[axis], scores[(axis + 1) % _AXES]
            if here is None or there is None:
                continue
            x0, y0 = _point(cx, cy, here, axis)
            x1, y1 = _point(cx, cy, there, (axis + 1) % _AXES)
            parts.append(f"M{_fmt(x0)},{_fmt(y0)} L{_fmt(x1)},{_fmt(y1)}")
        if parts:
            out.append(f'<path d="{" ".join(parts)}" fill="none" {stroke}/>')
    for axis, score in enumerate(scores):
        if score is not None:
            out.append(_marker(shape, *_point(cx, cy, score, axis), color))
    return out


def _label(cx: float, cy: float, axis: int, title: str, unanswered: bool) -> str:
    ux, uy = axis_point(_HIGH, axis)
    x = cx + ux * (RADIUS + LABEL_GAP)
    y = cy + uy * (RADIUS + LABEL_GAP)
    lines = textwrap.wrap(title, LABEL_CHARS) or [""]
    if unanswered:  # a gap in the polygon is said in words, not left to be guessed
        lines.append("(unanswered)")
    anchor = "middle" if abs(ux) < 0.01 else ("start" if ux > 0 else "end")
    if uy < -0.5:  # above the chart: the last line just over the point
        first = y - (len(lines) - 1) * LINE_HEIGHT
    elif uy > 0.5:  # below: the first line just under it
        first = y + FONT_SIZE * 0.8
    else:
        first = y - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
    tspans = "".join(
        f'<tspan x="{_fmt(x)}" y="{_fmt(first + index * LINE_HEIGHT)}"'
        + (' font-weight="normal" font-style="italic"' if line == "(unanswered)" else "")
        + f">{xml_text(line)}</tspan>"
        for index, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}" font-weight="bold">{tspans}</text>'


def _legend_entry(x: float, y: float, marker: str, label: str) -> list[str]:
    dash, width, color, shape = _SERIES_STYLES.get(marker, _FALLBACK_STYLE)
    pattern = f' stroke-dasharray="{dash}" stroke-linecap="round"' if dash else ""
    return [
        f'<line x1="{_fmt(x)}" y1="{_fmt(y)}" x2="{_fmt(x + 44)}" y2="{_fmt(y)}" '
        f'stroke="{color}" stroke-width="{width}"{pattern}/>',
        _marker(shape, x + 22, y, color),
        f'<text x="{_fmt(x + 56)}" y="{_fmt(y + 4.5)}">{xml_text(one_line(label))}</text>',
    ]


def radar_svg(
    radar: Radar,
    *,
    heading: Inline = (),
    standalone: bool = True,
    description: str = "",
    notes: Sequence[Inline] = (),
) -> str:
    """The chart as an ``<svg>`` element (with an XML declaration when standalone),
    ``notes`` as lines of text under its legend."""
    title_lines = textwrap.wrap(inline_words(heading), 80)[:3] if heading else []
    note_lines = [line for note in notes for line in textwrap.wrap(inline_words(note), NOTE_CHARS)]
    top = 24 + len(title_lines) * 24
    cx = WIDTH / 2
    cy = top + 64 + RADIUS
    legend_top = cy + RADIUS + 58
    legend = list(radar.overlay.legend)
    notes_top = legend_top + (len(legend) + 1) * LEGEND_ROW + 8
    height = notes_top + (len(note_lines) * LINE_HEIGHT + 8 if note_lines else 0)
    body: list[str] = [f'<rect width="{WIDTH}" height="{_fmt(height)}" fill="#ffffff"/>']
    for index, line in enumerate(title_lines):
        body.append(
            f'<text x="24" y="{24 + 18 + index * 24}" font-size="18" font-weight="bold">'
            f"{xml_text(line)}</text>"
        )
    # The book's colored section: between the Medium and the High ring.
    outer, inner = _ring(cx, cy, _HIGH).split(), _ring(cx, cy, _MEDIUM).split()
    band = f"M{' L'.join(outer)} Z M{' L'.join(reversed(inner))} Z"
    body.append(f'<path d="{band}" fill="#d4d4d4" fill-rule="evenodd" stroke="none"/>')
    for axis in range(_AXES):
        x, y = _point(cx, cy, _HIGH, axis)
        body.append(
            f'<line x1="{_fmt(cx)}" y1="{_fmt(cy)}" x2="{_fmt(x)}" y2="{_fmt(y)}" '
            'stroke="#8c8c8c" stroke-width="0.8"/>'
        )
    for level in _LEVELS:
        strong = level == _MEDIUM
        body.append(
            f'<polygon points="{_ring(cx, cy, level)}" fill="none" '
            f'stroke="{"#404040" if strong else "#8c8c8c"}" '
            f'stroke-width="{"1.6" if strong else "0.8"}"/>'
        )
    for level in _LEVELS:
        x, y = _point(cx, cy, level, 0)
        body.append(
            f'<text x="{_fmt(x + 5)}" y="{_fmt(y - 3)}" font-size="10" fill="#404040">'
            f"{level}</text>"
        )
    main = radar.overlay.series[0]
    for axis, title in enumerate(radar.axis_titles):
        body.append(_label(cx, cy, axis, title, main[axis] is None))
    # Series 0, the answer, is drawn last so that it is on top.
    for index in range(len(radar.overlay.series) - 1, -1, -1):
        body += _series(
            cx, cy, radar.overlay.series[index], radar.overlay.markers[index], index == 0
        )
    y = legend_top
    for marker, label in legend:
        body += _legend_entry(40, y, marker, label)
        y += LEGEND_ROW
    body.append(
        f'<rect x="40" y="{_fmt(y - 7)}" width="44" height="14" fill="#d4d4d4" '
        'stroke="#404040" stroke-width="0.8"/>'
    )
    body.append(
        f'<text x="96" y="{_fmt(y + 4.5)}">Medium to High on every axis: the colored '
        "section of Figure 15-1</text>"
    )
    for index, line in enumerate(note_lines):
        baseline = notes_top + FONT_SIZE + index * LINE_HEIGHT
        body.append(f'<text x="40" y="{_fmt(baseline)}">{xml_text(line)}</text>')
    label = inline_words(heading) or "Readiness radar"
    head = (
        f'<svg xmlns="{SVG_NAMESPACE}" width="{WIDTH}" height="{_fmt(height)}" '
        f'viewBox="0 0 {WIDTH} {_fmt(height)}" role="img" aria-labelledby="radar-title">'
        f'<title id="radar-title">{xml_text(label)}</title>'
    )
    if description:
        head += f"<desc>{xml_text(description)}</desc>"
    style = (
        f'<g font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="#000000">'
        + "\n".join(body)
        + "</g>"
    )
    svg = f"{head}\n{style}\n</svg>\n"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}' if standalone else svg


def radar_description(radar: Radar) -> str:
    """The chart in words, for screen readers: each series' score per axis."""
    parts = []
    for (_, label), scores in zip(radar.overlay.legend, radar.overlay.series, strict=True):
        values = ", ".join(
            f"{title} {'unanswered' if score is None else score}"
            for title, score in zip(radar.axis_titles, scores, strict=True)
        )
        parts.append(f"{one_line(label)}: {values}.")
    return " ".join(parts)


def render_svg(document: Document) -> str:
    """``--format svg``: the report's radar, headed by its title and verdict."""
    radars = document.radars()
    if not radars:
        raise ValueError("this report has no radar to draw")
    radar = radars[0]
    return radar_svg(
        radar,
        heading=document.summary,
        description=radar_description(radar),
        notes=document.picture_notes,
    )
