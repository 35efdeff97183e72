"""The one message the App sends its screens: the open session changed under them.

Everything the user asks for is a command (see commands.py), run as an
action on the screen that offers it; only a change the user did not make
(the file re-read from disk, the lock taken over, autosave moved) arrives
as a message, posted by the App's poll to every screen on the stack.
"""

from __future__ import annotations

from textual.message import Message


class SessionChanged(Message):
    """The open session changed: re-read from disk, or its mode changed."""
