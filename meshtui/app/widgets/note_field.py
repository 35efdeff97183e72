"""A criterion's note: shown as text, edited in a TextArea only while editing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from meshtui.literal import visible

if TYPE_CHECKING:
    from textual.widgets import TextArea

PLACEHOLDER = "No note yet: press e to write one."


class NoteField(Vertical):
    """Shows the note; ``edit()`` swaps in an editor, ``finish()`` swaps it out.

    The editor (Textual's TextArea) is created on first use: most moments of an
    interview only read the note, and start-up should not pay for an editor.
    Typing in the editor posts TextArea.Changed, which bubbles to the screen.
    """

    DEFAULT_CSS = """
    NoteField {
        height: 3;
    }
    NoteField > Static {
        height: 3;
        padding: 0 1;
    }
    NoteField > Static.-empty {
        color: $text-muted;
    }
    NoteField > TextArea {
        height: 3;
    }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text
        self._editor: TextArea | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._view(), markup=False)

    def _view(self) -> Text:
        if not self._text:
            return Text(PLACEHOLDER)
        return Text(visible(self._text))

    def _show_view(self) -> None:
        view = self.query_one(Static)
        view.update(self._view())
        view.set_class(not self._text, "-empty")

    def on_mount(self) -> None:
        self.query_one(Static).set_class(not self._text, "-empty")

    @property
    def editing(self) -> bool:
        return self._editor is not None

    @property
    def text(self) -> str:
        """The note as it stands, including what is being typed."""
        return self._editor.text if self._editor is not None else self._text

    def show(self, text: str) -> None:
        """Show another note (another criterion, or one re-read from disk)."""
        self._text = text
        if self._editor is not None:
            self._editor.load_text(text)
        else:
            self._show_view()

    async def edit(self) -> None:
        """Swap in the editor, focused, with the cursor at the end."""
        if self._editor is None:
            from textual.widgets import TextArea

            editor = TextArea(self._text, soft_wrap=True, compact=True)
            self._editor = editor
            self.query_one(Static).display = False
            await self.mount(editor)
        self._editor.focus()
        self._editor.move_cursor(self._editor.document.end)

    async def finish(self) -> None:
        """Swap the editor out again, keeping its text.

        The editor stops taking keys at once (read-only, the view shown); only
        its removal is awaited, so a key typed meanwhile cannot reach the note.
        """
        if self._editor is None:
            return
        editor, self._editor = self._editor, None
        self._text = editor.text
        editor.read_only = True
        self._show_view()
        self.query_one(Static).display = True
        await editor.remove()
