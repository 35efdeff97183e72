"""A line of plain text bound to a reactive: hidden while empty, never read as markup."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from meshtui.literal import one_line


class Line(Static):
    """Shows ``text`` on one line (newlines and escape sequences made visible)."""

    DEFAULT_CSS = """
    Line {
        height: auto;
    }
    """

    text: reactive[str] = reactive("", repaint=False)

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(one_line(text), markup=False, id=id, classes=classes)
        self.set_reactive(Line.text, text)
        self.display = bool(text)

    def watch_text(self, old: str, new: str) -> None:
        # Bound data arrives again unchanged on every change of the view.
        if old != new:
            self.update(one_line(new))
            self.display = bool(new)
