"""Every key, the scale and the verdict rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from meshtui.app.scrolling import scroll

if TYPE_CHECKING:
    from meshtui.app.app import MeshtuiApp

KEYS = (
    ("1-5", "rate the current criterion (1 Low, 3 Medium, 5 High)"),
    ("0, Backspace", "clear the rating (outside the note)"),
    ("Right, n / Left, p", "next / previous criterion"),
    ("Home / End", "first / last criterion"),
    ("Tab / shift+Tab", "rate as the next / previous participant, or agreed"),
    ("t then 1-5", "set the target (t then 0 clears it)"),
    ("c", "confirm an answer carried over from the last session"),
    ("e, Enter", "edit the note; Esc leaves it"),
    ("Up / Down, PgUp / PgDn", "scroll the text"),
    ("s", "summary (Esc goes back)"),
    ("m / j", "on the summary: export Markdown / JSON"),
    ("b", "toggle the braille radar"),
    ("ctrl+p", "command palette: go to, summary, export, theme"),
    ("?", "this help"),
    ("q", "quit (everything is already saved)"),
    ("Sessions list", "n new, x example, Enter open, r rename, d delete"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close"),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("pagedown", "scroll('page_down')", show=False),
    ]

    def compose(self) -> ComposeResult:
        content = cast("MeshtuiApp", self.app).content
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        for key, action in KEYS:
            keys.add_row(key, action)
        scale = Text(
            "The scale: 1 = Low, 3 = Medium, 5 = High, the book's three anchors, with 2 and 4 "
            "between them. Each criterion's screen says what Low, Medium and High look like.\n\n"
        )
        scale.append(
            "Pairing: each participant can rate on their own (Tab). When all their "
            "ratings match, that becomes the agreed score; otherwise agree on one with Tab "
            "back to 'agreed'. Ratings 2 or more apart are flagged DISCUSS (! in the "
            "progress line). ~ marks an answer carried over and not yet confirmed.\n\n"
        )
        scale.append(" ".join(content.verdict_rule.split()))
        scale.append("\n\n")
        scale.append(" ".join(content.now_caveat.split()), style="italic")
        with Vertical(classes="dialog help"):
            yield Static("Keys, scale and verdict  (Esc closes)", classes="dialog-title")
            with VerticalScroll(id="help-body", can_focus=False):
                yield Static(keys)
                yield Static(scale, classes="help-text")

    def action_scroll(self, how: str) -> None:
        scroll(self.query_one("#help-body", VerticalScroll), how)

    def action_close(self) -> None:
        self.dismiss(None)
