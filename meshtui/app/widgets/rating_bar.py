"""The rating control: 1 to 5 with the book's three anchors marked."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from meshtui.model import SCORE_MAX, SCORE_MIN, band_for

#: Where each digit sits on the bar's first line; the click handler uses it too.
_CELL = 5
_LEFT = 1


def _digit_column(value: int) -> int:
    return _LEFT + (value - SCORE_MIN) * _CELL + 1


def _anchor_line() -> str:
    """'Low', 'Medium' and 'High' centred under 1, 3 and 5."""
    line = [" "] * (_digit_column(SCORE_MAX) + 4)
    for value, word in ((1, "Low"), (3, "Medium"), (5, "High")):
        start = max(0, _digit_column(value) - (len(word) - 1) // 2)
        line[start : start + len(word)] = word
    return "".join(line).rstrip()


class RatingBar(Widget):
    """Shows the current score among 1..5, with Low, Medium and High under 1, 3, 5.

    The keys 1-5 belong to the screen (so that typing a digit in the note
    never rates); this widget only shows the score and takes mouse clicks.
    """

    DEFAULT_CSS = """
    RatingBar {
        height: 3;
        width: 1fr;
    }
    """

    score: reactive[int | None] = reactive(None)
    """The score shown, or None when unanswered."""

    enabled: reactive[bool] = reactive(True)
    """False when the session is read-only: clicks are ignored."""

    class Changed(Message):
        """The user clicked a score."""

        def __init__(self, rating_bar: RatingBar, score: int) -> None:
            super().__init__()
            self.rating_bar = rating_bar
            self.score = score

        @property
        def control(self) -> RatingBar:
            return self.rating_bar

    def render(self) -> RenderResult:
        digits = Text(" " * _LEFT, no_wrap=True)
        for value in range(SCORE_MIN, SCORE_MAX + 1):
            selected = value == self.score
            cell = f"[{value}]" if selected else f" {value} "
            digits.append(cell, style="bold reverse" if selected else "")
            digits.append(" " * (_CELL - len(cell)))
        anchors = Text(_anchor_line(), no_wrap=True, style="dim")
        if self.score is None:
            status = Text(" Not rated yet: press 1-5", style="dim", no_wrap=True)
        else:
            status = Text(f" Rated {self.score}: {band_for(self.score).label}", style="bold")
        return Text("\n").join([digits, anchors, status])

    def on_click(self, event: events.Click) -> None:
        if not self.enabled or event.y != 0:
            return
        index = (event.x - _LEFT) // _CELL
        if 0 <= index < SCORE_MAX and (event.x - _LEFT) % _CELL < 3:
            self.post_message(self.Changed(self, index + 1))
