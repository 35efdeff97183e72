"""The note's editor: Textual's TextArea, holding at most ``MAX_NOTE_CHARS`` characters,
shown literally.

Control characters in a note (an escape sequence that retitles the terminal,
or writes its clipboard through OSC 52) are held in their ``visible`` form
(``\\x1b`` as four characters), and so is anything typed or pasted:
TextArea would draw them raw. NoteField keeps the saved bytes while the
user has not changed the note (``meshtui.literal.kept_unless_edited``).

Imported only when a note is first edited (see NoteField): most moments of
an interview only read the note, and start-up should not pay for an editor.
"""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import EditResult, Location

from meshtui.literal import visible
from meshtui.model import MAX_NOTE_CHARS


class NoteEditor(TextArea):
    """A soft-wrapping editor that refuses text beyond the note's limit.

    Typing and pasting past the limit keep what fits and ring the bell, so a
    huge paste can never make a note the store would refuse to save.
    """

    def __init__(self, text: str) -> None:
        super().__init__(visible(text), soft_wrap=True, compact=True)

    def _replace_via_keyboard(
        self, insert: str, start: Location, end: Location
    ) -> EditResult | None:
        # Typing and pasting both come here: nothing raw gets in.
        insert = visible(insert)
        replaced = len(self.get_text_range(*sorted((start, end))))
        room = MAX_NOTE_CHARS - (len(self.text) - replaced)
        if len(insert) > room:
            self.app.bell()
            insert = insert[: max(0, room)]
            if not insert and start == end:
                return None
        return super()._replace_via_keyboard(insert, start, end)
