"""Where the interview is: position, title and every criterion's score at a glance."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from meshtui.content import Content

Scores = tuple[int | None, ...]


class ProgressStrip(Widget):
    """One line: ``3/8 Executive support`` and ``A4 B5 C- ...`` with the current one marked."""

    DEFAULT_CSS = """
    ProgressStrip {
        height: 1;
        width: 1fr;
    }
    """

    index: reactive[int] = reactive(0)
    """The criterion on screen (0-7)."""

    scores: reactive[Scores] = reactive((None,) * 8)
    """Scores in the book's order, None where unanswered."""

    def __init__(self, content: Content, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = content

    def render(self) -> RenderResult:
        criteria = self._content.criteria
        title = Text(f" {self.index + 1}/{len(criteria)} ", style="bold reverse")
        current = criteria[self.index]
        title.append(f" {current.letter}  {current.title}", style="bold")
        answered = sum(1 for s in self.scores if s is not None)
        cells = Text(no_wrap=True)
        for position, (criterion, score) in enumerate(zip(criteria, self.scores, strict=True)):
            mark = f"{criterion.letter}{'-' if score is None else score}"
            style = "bold underline" if position == self.index else ("dim" if score is None else "")
            cells.append(mark, style=style)
            cells.append(" ")
        cells.append(f" {answered}/8 answered", style="dim")
        gap = self.content_size.width - title.cell_len - cells.cell_len
        if gap < 2:
            # Narrow: the title matters most; the overview is in the radar too.
            return title
        return Text.assemble(title, " " * gap, cells)
