"""Commands as messages: the palette and the keys post these; screens handle them."""

from __future__ import annotations

from typing import Literal

from textual.message import Message

ReportFormat = Literal["markdown", "json"]


class GoToCriterion(Message):
    """Show the interview at criterion ``index`` (0-7)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class ShowSummary(Message):
    """Show the summary of the open session."""


class ExportReport(Message):
    """Write the open session's report to a file in the current folder."""

    def __init__(self, format: ReportFormat) -> None:
        super().__init__()
        self.format: ReportFormat = format


class ToggleBraille(Message):
    """Switch every radar between ASCII and braille (and remember it)."""


class SessionChanged(Message):
    """The open session changed: rated, re-read from disk, or its mode changed."""
