"""The live radar: a widget that draws with Textual's line API and repaints only what changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from meshtui.radar import RadarDrawing, render_radar

Scores = tuple[int | None, ...]
NO_SCORES: Scores = (None,) * 8


class RadarChart(NamedTuple):
    """The data of one radar: set as a whole, so series and markers always match."""

    #: The series to draw; series 0 is the main answer, drawn on top.
    series: tuple[Scores, ...] = (NO_SCORES,)
    #: One ASCII marker per series (None: the radar's defaults).
    markers: tuple[str, ...] | None = None
    #: Index of the axis to emphasise (the criterion on screen), or None.
    highlight: int | None = None


#: The radar's semantic styles -> (this widget's component class, what is added
#: to it). The web (rings and spokes) shares one class, so a row of it is one
#: segment. Emphasis (a marker, the highlighted axis) adds bold or reverse to
#: its plain style rather than having a class of its own: Textual works out
#: every component class of a widget each time it styles it, so each one
#: costs start-up time.
STYLE_CLASSES: dict[str, tuple[str, Style]] = {
    "ring": ("radar--web", Style()),
    "spoke": ("radar--web", Style()),
    "ring-medium": ("radar--medium", Style()),
    "spoke-highlight": ("radar--label", Style(bold=True)),
    "label": ("radar--label", Style()),
    "label-highlight": ("radar--label", Style(bold=True, reverse=True)),
    "legend": ("radar--legend", Style()),
    **{f"series-{index}": (f"radar--series-{index}", Style()) for index in range(4)},
    **{f"marker-{index}": (f"radar--series-{index}", Style(bold=True)) for index in range(4)},
}


def changed_regions(old: RadarDrawing, new: RadarDrawing) -> list[Region]:
    """One region per row: from the first to the last cell whose text or style differ."""
    old_spans = _spans_by_row(old)
    new_spans = _spans_by_row(new)
    regions = []
    for row, (before, after) in enumerate(zip(old.lines, new.lines, strict=True)):
        columns = [col for col, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        for start, end, _ in set(old_spans.get(row, ())) ^ set(new_spans.get(row, ())):
            columns += [start, end - 1]
        if columns:
            first, last = min(columns), max(columns)
            regions.append(Region(first, row, last - first + 1, 1))
    return regions


def _spans_by_row(drawing: RadarDrawing) -> dict[int, list[tuple[int, int, str]]]:
    rows: dict[int, list[tuple[int, int, str]]] = {}
    for span in drawing.spans:
        rows.setdefault(span.row, []).append((span.start, span.end, span.style))
    for spans in rows.values():
        spans.sort()
    return rows


class RadarView(Widget):
    """An ASCII (or braille) radar of up to four series of eight scores.

    The drawing is sized to the widget, so the same widget serves the side
    pane of the interview and the large chart of the summary. Below the
    radar's minimum size it shows the compact bar table instead.

    A change of scores repaints only the cells that differ: over SSH every
    byte counts, and a new rating moves a few edges, not the whole chart.
    Colors come from component classes, so themes and NO_COLOR apply.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {name for name, _ in STYLE_CLASSES.values()}

    DEFAULT_CSS = """
    RadarView {
        width: 1fr;
        height: 1fr;
        & > .radar--web { color: $text-disabled; }
        & > .radar--medium { color: $warning; }
        & > .radar--label { color: $text; }
        & > .radar--legend { color: $text-muted; }
        /* Series 0 is the answer: the strongest thing in the chart. */
        & > .radar--series-0 { color: $primary-lighten-2; text-style: bold; }
        & > .radar--series-1 { color: $error-lighten-1; }
        & > .radar--series-2 { color: $success; }
        & > .radar--series-3 { color: $text; }
    }
    """

    chart: reactive[RadarChart] = reactive(RadarChart, repaint=False)
    """What to draw: the series, their markers and the highlighted axis, replaced together."""

    braille: reactive[bool] = reactive(False)
    """Draw lines with Unicode braille dots instead of ASCII."""

    def __init__(
        self,
        labels: Sequence[str],
        *,
        braille: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._labels = list(labels)
        self._drawing: RadarDrawing | None = None
        self._drawn_for: tuple[object, ...] | None = None
        self._rows: dict[int, list[tuple[int, int, str]]] = {}
        self.set_reactive(RadarView.braille, braille)

    def drawing(self) -> RadarDrawing | None:
        """The drawing for the current data and size (computed once for each)."""
        width, height = self.content_size
        chart = self.chart
        key = (width, height, chart, self.braille)
        if key != self._drawn_for:
            self._drawn_for = key
            self._drawing = None
            if width > 0 and height > 0:
                self._drawing = render_radar(
                    chart.series,
                    width,
                    height,
                    labels=self._labels,
                    braille=self.braille,
                    highlight=chart.highlight,
                    markers=chart.markers,
                )
                self._rows = _spans_by_row(self._drawing)
        return self._drawing

    def _repaint_changes(self) -> None:
        old = self._drawing
        new = self.drawing()
        if old is None or new is None or len(old.lines) != len(new.lines):
            self.refresh()
            return
        if old.lines and len(old.lines[0]) != len(new.lines[0]):
            self.refresh()
            return
        regions = changed_regions(old, new)
        if regions:
            self.refresh(*regions)

    @property
    def series(self) -> tuple[Scores, ...]:
        return self.chart.series

    @property
    def markers(self) -> tuple[str, ...] | None:
        return self.chart.markers

    @property
    def highlight(self) -> int | None:
        return self.chart.highlight

    def plot(self, series: tuple[Scores, ...], markers: tuple[str, ...] | None = None) -> None:
        """Show new series with their markers (the highlighted axis stays)."""
        self.chart = self.chart._replace(series=series, markers=markers)

    def watch_chart(self) -> None:
        self._repaint_changes()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles: dict[str, Style] = {}

    def _style(self, name: str) -> Style:
        styles = getattr(self, "_styles", None)
        if styles is None:
            styles = self._styles = {}
        style = styles.get(name)
        if style is None:
            component, added = STYLE_CLASSES[name]
            style = styles[name] = self.get_component_rich_style(component) + added
        return style

    def _base_style(self) -> Style:
        """The widget's own style, worked out once until the styles change (it walks
        every ancestor, and every line of the drawing needs it)."""
        styles = getattr(self, "_styles", None)
        if styles is None:
            styles = self._styles = {}
        style = styles.get("")
        if style is None:
            style = styles[""] = self.rich_style
        return style

    def render_line(self, y: int) -> Strip:
        drawing = self.drawing()
        width = self.content_size.width
        base = self._base_style()
        if drawing is None or y >= len(drawing.lines):
            return Strip.blank(width, base)
        line = drawing.lines[y]
        segments: list[Segment] = []
        position = 0
        for start, end, name in self._rows.get(y, ()):
            if start > position:
                segments.append(Segment(line[position:start], base))
            segments.append(Segment(line[start:end], base + self._style(name)))
            position = end
        if position < len(line):
            segments.append(Segment(line[position:], base))
        return Strip(Segment.simplify(segments), len(line)).crop(0, width)
