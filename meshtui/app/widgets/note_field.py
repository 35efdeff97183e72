"""A criterion's note: shown as text, edited in a NoteEditor only while editing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from meshtui.literal import kept_unless_edited, visible

if TYPE_CHECKING:
    from meshtui.app.widgets.note_editor import NoteEditor

PLACEHOLDER = "(none yet; e writes one)"


class NoteField(Widget):
    """Shows the note; ``edit()`` swaps in an editor, ``finish()`` swaps it out.

    ``note`` is the saved note of the criterion on screen (the interview binds
    it to its view). The field draws the note itself, so the screen has one
    widget here, not a container and a text; the editor is created on first
    use (see note_editor.py) and mounted inside it only while editing.
    Typing in the editor posts TextArea.Changed, which bubbles to the screen.
    """

    DEFAULT_CSS = """
    NoteField {
        height: auto;
        max-height: 2;
        padding: 0 1;
    }
    NoteField.-empty {
        color: $text-muted;
    }
    NoteField.-editing {
        max-height: 3;
        padding: 0;
    }
    NoteField > TextArea {
        height: 3;
    }
    """

    note: reactive[str] = reactive("", repaint=False)
    """The saved note of the criterion on screen."""

    def __init__(self, text: str, *, id: str | None = None) -> None:
        # The class is given here, not on mount: a class changed later restyles.
        super().__init__(id=id, classes="" if text else "-empty")
        self.set_reactive(NoteField.note, text)
        self._editor: NoteEditor | None = None

    def render(self) -> RenderResult:
        if self._editor is not None:
            return ""
        # The note comes from the session file: shown literally (visible), never as markup.
        return Text.assemble(("Note: ", "bold"), visible(self.note) if self.note else PLACEHOLDER)

    def _show_view(self) -> None:
        self.set_class(not self.note, "-empty")
        self.refresh(layout=True)

    def watch_note(self, old: str, new: str) -> None:
        # Bound data arrives again unchanged after every rating: no repaint then.
        if not self.is_mounted:
            return
        if self._editor is not None:
            if self._editor.text != visible(new):
                self._editor.load_text(visible(new))
        elif old != new:
            self._show_view()

    async def on_click(self, event: events.Click) -> None:
        # A click on the note edits it, as 'e' does (the screen's action, so a
        # read-only session refuses the same way); typing then goes to the note.
        if not self.editing:
            event.stop()
            await self.screen.run_action("edit_note")

    @property
    def editing(self) -> bool:
        return self._editor is not None

    @property
    def text(self) -> str:
        """The note as it stands, including what is being typed.

        The editor shows control characters visibly (see NoteEditor); until
        the user changes the note, this is the saved note byte for byte.
        """
        if self._editor is None:
            return self.note
        return kept_unless_edited(self._editor.text, self.note)

    async def edit(self) -> None:
        """Swap in the editor and give it the focus at once, cursor at the end.

        The focus moves before this returns (not on a later callback), so the
        keys that arrive after ``e`` are typed into the note.
        """
        if self._editor is None:
            from meshtui.app.widgets.note_editor import NoteEditor

            editor = NoteEditor(self.note)
            self._editor = editor
            self.add_class("-editing")
            await self.mount(editor)
        self.screen.set_focus(self._editor)
        self._editor.move_cursor(self._editor.document.end)

    async def finish(self) -> str:
        """Swap the editor out again; returns its text.

        The editor stops taking keys at once (read-only, the view shown); only
        its removal is awaited, so a key typed meanwhile cannot reach the note.
        """
        if self._editor is None:
            return self.note
        text = self.text
        editor, self._editor = self._editor, None
        self.set_reactive(NoteField.note, text)
        editor.read_only = True
        self.remove_class("-editing")
        self._show_view()
        await editor.remove()
        return text
