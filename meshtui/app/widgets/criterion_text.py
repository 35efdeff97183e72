"""One criterion's text: meshtui's guide to the levels first, the book's view below.

The anchors decide a score, so they come first and fit beside the rating
at 80x24; the explanation, the quotation and the questions follow in the
same panel, one PgDn (or ``i``) away. Each part sits under a heading from
meshtui.content that says whose voice it is.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from meshtui.content import BOOK_HEADING, LEVELS_HEADING, QUESTIONS_HEADING, Criterion, flat

#: The line between the anchors and the book's text; ``i`` scrolls to it.
MORE_HINT = "PgDn or i: the book's view, then questions"


def anchors(criterion: Criterion) -> RenderableType:
    """meshtui's guide: its question, then Low (1), Medium (3) and High (5), the
    score beside its wrapped description."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    for label, score, anchor in (
        ("Low", 1, criterion.low),
        ("Medium", 3, criterion.medium),
        ("High", 5, criterion.high),
    ):
        grid.add_row(str(score), Text.assemble((f"{label}: ", "bold"), flat(anchor)))
    heading = Text.assemble((LEVELS_HEADING, "bold"), "\n", flat(criterion.question))
    return Group(heading, grid)


def book_text(criterion: Criterion) -> Text:
    """The book's view (explanation, quotation with its source), then meshtui's questions."""
    text = Text()
    text.append(f"{BOOK_HEADING}\n", style="bold")
    for paragraph in criterion.explanation.split("\n\n"):
        text.append(flat(paragraph) + "\n\n")
    text.append(f'"{flat(criterion.quote)}"\n', style="italic")
    text.append(f"  -- {criterion.quote_source}\n\n", style="dim")
    text.append(f"{QUESTIONS_HEADING}\n", style="bold")
    for question in criterion.questions:
        text.append(f"- {flat(question)}\n")
    text.rstrip()
    return text


def criterion_text(criterion: Criterion) -> RenderableType:
    """Everything about one criterion, anchors first."""
    return Group(anchors(criterion), Text(f"\n{MORE_HINT}\n", style="dim"), book_text(criterion))


class CriterionText(VerticalScroll, can_focus=False):
    """Scrolls inside its panel; the screen's Up/Down/PageUp/PageDown drive it."""

    DEFAULT_CSS = """
    CriterionText {
        height: 1fr;
    }
    CriterionText > Static {
        width: 1fr;
    }
    """

    criterion: reactive[Criterion | None] = reactive(None, repaint=False)
    """The criterion shown (the interview binds it to its view)."""

    def __init__(self, criterion: Criterion, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(CriterionText.criterion, criterion)

    def compose(self) -> ComposeResult:
        assert self.criterion is not None
        yield Static(criterion_text(self.criterion))

    def watch_criterion(self, old: Criterion | None, new: Criterion | None) -> None:
        # Bound data arrives again unchanged (e.g. after a rating): keep the scroll.
        if new is None or new == old or not self.is_mounted:
            return
        self.query_one(Static).update(criterion_text(new))
        self.scroll_home(animate=False)

    def show_book_text(self) -> None:
        """Scroll to the explanation (the first line after the anchors), or back to the top."""
        static = self.query_one(Static)
        assert self.criterion is not None
        width = max(1, static.content_size.width)
        lines = self.app.console.render_lines(
            anchors(self.criterion), self.app.console.options.update_width(width), pad=False
        )
        target = len(lines) + 1
        self.scroll_to(y=0 if self.scroll_y >= target else target, animate=False)
