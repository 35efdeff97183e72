"""Small modal dialogs: new session, rename, confirm."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from meshtui.app.widgets.literal_fields import LiteralInput
from meshtui.literal import kept_unless_edited, visible


@dataclass(frozen=True)
class NewSessionRequest:
    name: str
    organization: str = ""
    participants: list[str] = field(default_factory=list)


class NewSessionDialog(ModalScreen[NewSessionRequest | None]):
    """Asks for a name, an organization and the participants."""

    # Its styles are read when it is first shown, not at start-up.
    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New assessment", classes="dialog-title")
            yield Label("Name (free text, e.g. 'Q3 2026 check')")
            yield LiteralInput(id="name", placeholder="required", compact=True)
            yield Label("Organization")
            yield LiteralInput(id="organization", placeholder="optional", compact=True)
            yield Label("Participants, separated by commas")
            yield LiteralInput(
                id="participants", placeholder="optional, e.g. Ana, Ben", compact=True
            )
            yield Static(id="problem", classes="dialog-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start", id="ok", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter moves to the next field, and starts from the last one.
        if event.input.id == "participants" or not self._entered_name():
            self._submit()
        else:
            self.focus_next()

    def _entered_name(self) -> str:
        return self.query_one("#name", Input).value.strip()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        name = self._entered_name()
        if not name:
            self.query_one("#problem", Static).update("A session needs a name.")
            self.query_one("#name", Input).focus()
            return
        participants = [
            p.strip() for p in self.query_one("#participants", Input).value.split(",") if p.strip()
        ]
        organization = self.query_one("#organization", Input).value.strip()
        self.dismiss(NewSessionRequest(name, organization, participants))

    def action_cancel(self) -> None:
        self.dismiss(None)


class RenameDialog(ModalScreen[str | None]):
    # Its styles are read when it is first shown, not at start-up.
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Rename session", classes="dialog-title")
            # The name as stored may hold control characters: shown visibly,
            # and kept byte for byte unless the user edits it.
            yield LiteralInput(visible(self._current), id="name", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Rename", id="ok", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        name = kept_unless_edited(self.query_one(LiteralInput).value, self._current).strip()
        self.dismiss(name if name and name != self._current else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Yes/no, with No as the default: y confirms, n or Esc declines."""

    # Its styles are read when it is first shown, not at start-up.
    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, verb: str) -> None:
        super().__init__()
        self._question = question
        self._verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # The question holds user text: shown literally, never as markup.
            yield Static(visible(self._question), markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._verb} (y)", id="yes", variant="error", compact=True)
                yield Button("Keep (n)", id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
