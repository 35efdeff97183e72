"""The one-line inputs of the dialogs, showing text literally.

Text from users and files may hold control characters (an escape sequence
that retitles the terminal, or writes its clipboard through OSC 52). Textual's
Input draws its value as it is, so a dialog gives it the ``visible`` form
(``\\x1b`` as four characters; see meshtui.literal) and this Input turns
pasted text into it too; ``meshtui.literal.kept_unless_edited`` gives back the
original bytes while the user has not changed them. The note's editor does
the same (meshtui/app/widgets/note_editor.py).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from meshtui.literal import visible


class LiteralInput(Input):
    """An Input that never holds a raw control character."""

    def _on_paste(self, event: events.Paste) -> None:
        # Textual would also call Input's own handler with the raw text.
        event.prevent_default()
        super()._on_paste(events.Paste(visible(event.text)))
        event.stop()
