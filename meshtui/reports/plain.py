"""The plain text renderer: for screen readers, braille displays, dumb terminals.

No escape codes, no box drawing and no chart: a radar block is left out, a
table becomes one sentence-like line per row ("Executive support: score 4,
Medium-High, note: ..."), arrows are said in words. Text from users and files
is folded onto one line with its control characters made visible.
"""

from __future__ import annotations

import re

from meshtui.literal import one_line
from meshtui.reports.document import (
    Block,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Radar,
    Table,
    Verdict,
)

#: A lone "-" in a table (nothing there, or an unanswered step of a trend).
_NOTHING = re.compile(r"(?<!\S)-(?=,|$)")


def inline_plain(inline: Inline) -> str:
    text = "".join(one_line(span.text) if span.role == "literal" else span.text for span in inline)
    # "3 -> 4" is read out as "3 dash greater than 4".
    return text.replace(" -> ", ", then ")


def _cell(title: str, kind: str, value: str) -> str | None:
    if kind == "flags":
        return value or None
    if kind == "note":
        return f"note: {value}" if value else None
    if not value:
        value = "none"
    return f"{title} {value}" if kind == "rating" else f"{title.lower()} {value}"


def _table(table: Table) -> list[str]:
    lines = []
    titles = [inline_plain(column.title) for column in table.columns]
    for row in table.rows:
        name = ""
        parts: list[str] = []
        for title, column, cell in zip(titles, table.columns, row, strict=True):
            value = _NOTHING.sub("none", inline_plain(cell))
            if column.kind == "letter":
                continue
            if column.kind == "name" and not name:
                name = value
                continue
            part = _cell(title, column.kind, value)
            if part:
                parts.append(part)
        line = f"{name}: {', '.join(parts)}" if name else ", ".join(parts)
        lines.append(line if line.endswith((".", "!", "?")) else line + ".")
    return lines


def _verdict(verdict: Verdict) -> list[str]:
    lines = [verdict.intro] if verdict.intro else []
    lines += [f"Verdict: {verdict.title}.", inline_plain(verdict.lead)]
    lines += [inline_plain(step) for step in verdict.next_steps]
    return lines


def block_plain(block: Block) -> list[str]:
    if isinstance(block, Paragraph) and block.kind == "preface":
        return []  # for documents read as a whole (HTML, Markdown)
    if isinstance(block, Heading | Paragraph):
        return [inline_plain(block.text)]
    if isinstance(block, ListBlock):
        return [inline_plain(item) for item in block.items]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Radar):
        return []
    return _verdict(block)


def render_plain(document: Document) -> str:
    """Blocks as lines, a blank line between blocks (not after a heading)."""
    lines: list[str] = []
    previous: Block | None = None
    for block in document.without_radar().blocks:
        out = block_plain(block)
        if not out:
            continue
        if lines and not isinstance(previous, Heading):
            lines.append("")
        lines += out
        previous = block
    return "\n".join(lines) + "\n"
