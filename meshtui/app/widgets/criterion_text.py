"""One criterion's text: meshtui's guide to the levels first, the book's view below.

The anchors decide a score, so they come first and fit beside the rating
at 80x24; the explanation, the quotation and the questions follow in the
same panel, one PgDn (or ``i``) away. Each part sits under a heading from
meshtui.content that says whose voice it is.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from meshtui.content import BOOK_HEADING, LEVELS_HEADING, QUESTIONS_HEADING, Criterion, flat

#: The line between the anchors and the book's text; ``i`` scrolls to it.
MORE_HINT = "PgDn or i: the book's view, then questions"


class HangingIndent:
    """``lead`` then ``body``, wrapped to the width with every later line under the
    body's first word: "1 Low: Few data ..." with the text clear of the score.

    A two-column grid draws the same, but Rich's Table measures each cell
    first: at start-up that was most of the criterion panel's cost.
    """

    def __init__(self, lead: Text, body: Text) -> None:
        self.lead = lead
        self.body = body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.lead.cell_len
        lines = self.body.wrap(console, max(1, options.max_width - indent))
        text = Text(no_wrap=True, overflow="crop")
        for number, line in enumerate(lines):
            if number:
                text.append("\n" + " " * indent)
            else:
                text.append_text(self.lead)
            text.append_text(line)
        yield text


def anchors(criterion: Criterion) -> RenderableType:
    """meshtui's guide: its question, then Low (1), Medium (3) and High (5), the
    score beside its wrapped description."""
    levels = (
        HangingIndent(
            Text(f"{score} ", style="bold"), Text.assemble((f"{label}: ", "bold"), flat(anchor))
        )
        for label, score, anchor in (
            ("Low", 1, criterion.low),
            ("Medium", 3, criterion.medium),
            ("High", 5, criterion.high),
        )
    )
    heading = Text.assemble((LEVELS_HEADING, "bold"), "\n", flat(criterion.question))
    return Group(heading, *levels)


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


class CriterionText(ScrollView, can_focus=False):
    """Scrolls inside its panel; the screen's Up/Down/PageUp/PageDown drive it.

    The text is rendered once for each criterion and width, and only the
    visible lines are handed to the screen (Textual's line API).
    """

    DEFAULT_CSS = """
    CriterionText {
        height: 1fr;
        /* The width the text is wrapped to never depends on its own length. */
        scrollbar-gutter: stable;
    }
    """

    criterion: reactive[Criterion | None] = reactive(None, repaint=False)
    """The criterion shown (the interview binds it to its view)."""

    def __init__(self, criterion: Criterion, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(CriterionText.criterion, criterion)
        self._strips: list[Strip] = []
        self._rendered_for: tuple[object, ...] | None = None
        self._style = Style()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A new theme or class: the text's colors may differ, so render it again.
        self._rendered_for = None

    def _lines(self, width: int) -> list[Strip]:
        """The whole text as lines ``width`` cells wide (rendered once for each width)."""
        key = (self.criterion, width)
        if key != self._rendered_for and self.criterion is not None and width > 0:
            console = self.app.console
            # Worked out once per rendering, not per line: it walks every ancestor.
            self._style = self.rich_style
            lines = console.render_lines(
                criterion_text(self.criterion),
                console.options.update_width(width),
                style=self._style,
            )
            self._strips = [Strip(line, width) for line in lines]
            self._rendered_for = key
        return self._strips

    def _measure(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self._lines(width)))

    def on_resize(self) -> None:
        self._measure()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        lines = self._lines(width)
        index = y + int(self.scroll_y)
        if index < len(lines):
            return lines[index]
        return Strip.blank(width, self._style)

    def watch_criterion(self, old: Criterion | None, new: Criterion | None) -> None:
        # Bound data arrives again unchanged (e.g. after a rating): keep the scroll.
        if new is None or new == old or not self.is_mounted:
            return
        self._measure()
        self.scroll_home(animate=False)
        self.refresh()

    def show_book_text(self) -> None:
        """Scroll to the explanation (the first line after the anchors), or back to the top."""
        assert self.criterion is not None
        width = max(1, self.scrollable_content_region.width)
        lines = self.app.console.render_lines(
            anchors(self.criterion), self.app.console.options.update_width(width), pad=False
        )
        target = len(lines) + 1
        self.scroll_to(y=0 if self.scroll_y >= target else target, animate=False)
