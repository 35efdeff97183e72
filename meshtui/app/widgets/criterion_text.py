"""The explanatory text of one criterion, drawn from the book."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from meshtui.content import Criterion


def criterion_text(criterion: Criterion) -> Text:
    """Explanation, quotation with source, the three anchors and the questions."""
    text = Text()
    for paragraph in criterion.explanation.split("\n\n"):
        text.append(" ".join(paragraph.split()) + "\n\n")
    text.append(f'"{" ".join(criterion.quote.split())}"\n', style="italic")
    text.append(f"  -- {criterion.quote_source}\n\n", style="dim")
    for label, score, anchor in (
        ("Low", 1, criterion.low),
        ("Medium", 3, criterion.medium),
        ("High", 5, criterion.high),
    ):
        text.append(f"{label} ({score}): ", style="bold")
        text.append(" ".join(anchor.split()) + "\n")
    text.append("\nTo discuss\n", style="bold")
    for question in criterion.questions:
        text.append(f"- {' '.join(question.split())}\n")
    text.rstrip()
    return text


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

    def __init__(self, criterion: Criterion, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._criterion = criterion

    def compose(self) -> ComposeResult:
        yield Static(criterion_text(self._criterion))

    def show(self, criterion: Criterion) -> None:
        """Show another criterion, scrolled to its top."""
        self._criterion = criterion
        self.query_one(Static).update(criterion_text(criterion))
        self.scroll_home(animate=False)
