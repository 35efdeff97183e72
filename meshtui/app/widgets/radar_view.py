"""The live radar: a widget that redraws only itself when its scores change."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from meshtui.radar import render_radar
from meshtui.report import radar_text

Scores = tuple[int | None, ...]
NO_SCORES: Scores = (None,) * 8


class RadarView(Widget):
    """An ASCII (or braille) radar of one or two series of eight scores.

    The drawing is sized to the widget, so the same widget serves the side
    pane of the interview and the large chart of the summary. Below the
    radar's minimum size it shows the compact bar table instead.
    """

    DEFAULT_CSS = """
    RadarView {
        width: 1fr;
        height: 1fr;
    }
    """

    series: reactive[tuple[Scores, ...]] = reactive((NO_SCORES,), layout=False)
    """The series to draw; series 0 is the main answer, drawn on top."""

    highlight: reactive[int | None] = reactive(None, layout=False)
    """Index of the axis to emphasise (the criterion on screen), or None."""

    braille: reactive[bool] = reactive(False, layout=False)
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
        self.set_reactive(RadarView.braille, braille)

    def render(self) -> RenderResult:
        width, height = self.content_size
        if width < 1 or height < 1:
            return ""
        drawing = render_radar(
            self.series,
            width,
            height,
            labels=self._labels,
            braille=self.braille,
            highlight=self.highlight,
        )
        return radar_text(drawing)
