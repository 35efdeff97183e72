"""Quitting while answers are not on disk: say why, and offer to retry or write a copy.

Dismisses with ``("retry", "")``, ``("copy", FOLDER)`` or None (keep working).
The app decides what happens next; this screen only asks. Every text here
may quote paths and problems from the file system: shown literally.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

UnsavedChoice = tuple[str, str] | None


class UnsavedDialog(ModalScreen[UnsavedChoice]):
    """Refuses to quit plainly: the answers that are not saved, and the two ways out."""

    # Its styles are read when it is first shown, not at start-up.
    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", "Keep working"),
        Binding("ctrl+r", "retry", "Try again"),
    ]

    def __init__(self, problem: str, folder: str) -> None:
        super().__init__()
        self._problem = problem
        self._folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Not quitting: answers are not saved", classes="dialog-title")
            yield Static(self._problem, markup=False)
            yield Static(
                "Try saving again, or write a copy to another folder (it is then "
                "your session's file):",
                markup=False,
            )
            yield Input(self._folder, id="folder")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Try again ^r", id="retry", variant="primary", compact=True)
                yield Button("Write copy Enter", id="copy", compact=True)
                yield Button("Back Esc", id="keep", compact=True)

    def on_mount(self) -> None:
        self.query_one("#folder", Input).focus()

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self._copy()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "retry":
            self.action_retry()
        elif event.button.id == "copy":
            self._copy()
        else:
            self.action_keep()

    def _copy(self) -> None:
        self.dismiss(("copy", self.query_one("#folder", Input).value.strip()))

    def action_retry(self) -> None:
        self.dismiss(("retry", ""))

    def action_keep(self) -> None:
        self.dismiss(None)
