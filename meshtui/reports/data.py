"""The data formats: JSON for tools and CSV for spreadsheets.

They print a report's data, not its document: the JSON keys and the CSV
columns are an interface that scripts rely on, kept as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from meshtui.literal import visible
from meshtui.model import CRITERION_IDS, Session, band_for

CSV_COLUMNS = ("session", "organization", "date", "criterion", "score", "band", "note", "target")
#: A cell starting with one of these is taken for a formula by spreadsheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def json_text(data: Any) -> str:
    """JSON, names readable (not \\u-escaped), C1 controls escaped anyway so that
    printing it to a terminal stays safe."""
    import json  # only the JSON format needs it

    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(f"\\u{ord(ch):04x}" if 0x7F <= ord(ch) <= 0x9F else ch for ch in text) + "\n"


def csv_cell(text: str) -> str:
    """Text for a CSV cell: control characters other than tab and newline shown as
    ``\\xNN`` (like every report), and a leading ``'`` when the text would start
    with = + - @ (or a tab), so that a spreadsheet never runs it as a formula."""
    shown = visible(text.replace("\r\n", "\n"))
    return "'" + shown if shown.startswith(_FORMULA_START) else shown


def csv_rows(session: Session) -> list[list[str]]:
    """One row per criterion, in the book's order; empty cells where nothing is set."""
    rows = []
    for criterion_id in CRITERION_IDS:
        answer = session.answer(criterion_id)
        rows.append(
            [
                csv_cell(session.name),
                csv_cell(session.organization),
                session.updated.date().isoformat(),
                criterion_id,
                "" if answer.score is None else str(answer.score),
                "" if answer.score is None else band_for(answer.score).value,
                csv_cell(answer.note),
                "" if answer.target is None else str(answer.target),
            ]
        )
    return rows


def csv_text(sessions: Sequence[Session]) -> str:
    """A header, then one row per session and criterion."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for session in sessions:
        writer.writerows(csv_rows(session))
    return buffer.getvalue()
