"""The keys of the screen it was opened from, then what that screen wants explained."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from meshtui.app.commands import Command, bindings
from meshtui.app.scrolling import scroll

COMMANDS: tuple[Command, ...] = (
    Command("escape,question_mark,q", "close", "Close", priority=False),
    Command("up", "scroll('up')", priority=False),
    Command("down", "scroll('down')", priority=False),
    Command("pageup", "scroll('page_up')", priority=False),
    Command("pagedown", "scroll('page_down')", priority=False),
)


class HelpScreen(ModalScreen[None]):
    """Lists ``commands`` (those with a help line) and shows ``about`` under them."""

    # Its styles are read when it is first shown, not at start-up.
    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar = bindings(COMMANDS)

    def __init__(self, title: str, commands: Sequence[Command], about: str = "") -> None:
        super().__init__()
        self._title = title
        self._commands = commands
        self._about = about

    def compose(self) -> ComposeResult:
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        for command in self._commands:
            if command.help:
                keys.add_row(command.shown_key, command.help)
        with Vertical(classes="dialog help"):
            yield Static(f"{self._title}  (Esc closes)", classes="dialog-title", markup=False)
            with VerticalScroll(id="help-body", can_focus=False):
                yield Static(keys)
                if self._about:
                    yield Static(Text(self._about), classes="help-text")

    def action_scroll(self, how: str) -> None:
        scroll(self.query_one("#help-body", VerticalScroll), how)

    def action_close(self) -> None:
        self.dismiss(None)
