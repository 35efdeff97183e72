"""Where the interview is: position, title and every criterion's score at a glance."""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from meshtui.content import Content

Scores = tuple[int | None, ...]


class Progress(NamedTuple):
    """What the strip shows: where the interview is and every criterion's score."""

    #: The criterion on screen (0-7).
    current: int = 0
    #: Scores in the book's order, None where unanswered.
    scores: Scores = (None,) * 8
    #: Per criterion: "!" when the participants must discuss it, "~" when carried over.
    flags: tuple[str, ...] = ("",) * 8


class ProgressStrip(Widget):
    """One line: ``3/8 Executive support`` and ``A4 B5 C- ...`` with the current one marked."""

    DEFAULT_CSS = """
    ProgressStrip {
        height: 1;
        width: 1fr;
    }
    """

    progress: reactive[Progress] = reactive(Progress)
    """What to show (the interview binds it to its view)."""

    def __init__(self, content: Content, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = content

    def render(self) -> RenderResult:
        criteria = self._content.criteria
        progress = self.progress
        title = Text(f" {progress.current + 1}/{len(criteria)} ", style="bold reverse")
        current = criteria[progress.current]
        title.append(f" {current.letter}  {current.title}", style="bold")
        answered = sum(1 for s in progress.scores if s is not None)
        cells = Text(no_wrap=True)
        for position, (criterion, score, flag) in enumerate(
            zip(criteria, progress.scores, progress.flags, strict=True)
        ):
            mark = f"{criterion.letter}{'-' if score is None else score}{flag}"
            # Only the current cell is styled: every style change costs bytes on
            # each repaint, and "-" already says "unanswered".
            cells.append(mark, style="bold underline" if position == progress.current else "")
            cells.append(" ")
        width = self.content_size.width
        # Narrower and narrower: drop the count's words, then the overview
        # (the radar shows it too), then the count; the title matters most.
        count = f" {answered}/{len(criteria)}"
        for candidate in (
            cells + Text(f"{count} answered"),
            cells + Text(count),
            Text(f"{count} answered"),
            Text(count),
        ):
            gap = width - title.cell_len - candidate.cell_len
            if gap >= 2:
                return Text.assemble(title, " " * gap, candidate)
        return title
