"""The terminal renderer: a report's blocks as printed text, and as Rich renderables.

Each block becomes a few items (``block_items``): runs of styled words,
tables, the radar drawing, its legend. Items are drawn two ways, laid out
alike: ``renderables`` makes Rich renderables (for the app's panels, and
``render_terminal`` for color output), and ``meshtui.reports.layout`` draws
the same layout as plain strings, without loading Rich's console, for text
without color (a pipe, a file, NO_COLOR): Rich's import and layout were most
of a printing command's start-up. ``meshtui.reports.render`` picks. Both are
styled only when asked (``color``), with ASCII table borders when the
terminal cannot show box drawing (``ascii_only``).

Text from users and files (literal spans) is folded onto one line with its
control characters made visible, never parsed as markup.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from meshtui.literal import ascii_fallback, one_line
from meshtui.overlays import Overlay
from meshtui.radar import RadarDrawing, render_radar
from meshtui.reports.document import (
    Block,
    Column,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Radar,
    Table,
    Verdict,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

REPORT_RADAR_SIZE = (60, 25)
ROLE_STYLES = {
    "plain": "",
    "strong": "bold",
    "warning": "red",
    "attention": "bold yellow",
    "good": "green",
    "muted": "dim",
    "emphasis": "italic",
    "literal": "",
    "credit": "dim italic",
}
STATUS_STYLES = {"ready": "bold green", "not-yet": "bold red", "incomplete": "bold yellow"}
#: Rich styles for the radar's semantic span names.
RADAR_STYLES = {
    "ring": "dim",
    "ring-medium": "yellow",
    "spoke": "dim",
    "spoke-highlight": "bold",
    "label": "",
    "label-highlight": "bold reverse",
    "legend": "dim",
    "series-0": "cyan",
    "marker-0": "bold cyan",
    "series-1": "magenta",
    "marker-1": "bold magenta",
    "series-2": "green",
    "marker-2": "bold green",
    "series-3": "blue",
    "marker-3": "bold blue",
}

#: Runs of text, each with its Rich style ("" for none).
Parts = tuple[tuple[str, str], ...]


# Items are NamedTuples: a tenth of a dataclass's cost to define, at every start.
class Words(NamedTuple):
    """Styled words wrapped at the width (``style`` under all of them); ``indent``
    sets them two columns in, their wrapped lines too."""

    parts: Parts
    style: str = ""
    indent: bool = False


class Chart(NamedTuple):
    """A radar drawing, cropped at the width, never wrapped."""

    drawing: RadarDrawing


class Legend(NamedTuple):
    """The marker legend, already packed into lines of the width."""

    lines: tuple[Parts, ...]


#: What the terminal shows of a block: the report's table stays a ``Table``.
Item = Words | Table | Chart | Legend


class ColumnLayout(NamedTuple):
    """How a table column is laid out, in the terms (and defaults) of Rich's ``Column``."""

    justify: Literal["left", "right"] = "left"
    overflow: Literal["fold", "ellipsis"] = "ellipsis"
    no_wrap: bool = False
    min_width: int | None = None
    max_width: int | None = None
    style: str = ""


def inline_parts(inline: Inline) -> Parts:
    return tuple(
        (one_line(span.text) if span.role == "literal" else span.text, ROLE_STYLES[span.role])
        for span in inline
    )


def plain_text(parts: Parts) -> str:
    return "".join(text for text, _ in parts)


def inline_text(inline: Inline, style: str = "") -> Text:
    return words_text(Words(inline_parts(inline), style))


def words_text(words: Words) -> Text:
    from rich.text import Text

    text = Text(style=words.style)
    for value, style in words.parts:
        text.append(value, style=style)
    return text


def radar_text(drawing: RadarDrawing) -> Text:
    """A Rich Text of a radar drawing with its semantic spans styled."""
    from rich.text import Text

    text = Text("\n".join(drawing.lines), no_wrap=True, overflow="crop")
    offsets = [0]
    for line in drawing.lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for span in drawing.spans:
        style = RADAR_STYLES.get(span.style, "")
        if style:
            start = offsets[span.row]
            text.stylize(style, start + span.start, start + span.end)
    return text


LEGEND_GAP = "   "


def legend_lines(overlay: Overlay, width: int = 80) -> tuple[Parts, ...]:
    """The marker legend, each marker in its series' color, in lines of ``width``:
    a line breaks between two entries, never between a marker and its session's name.
    """
    from rich.cells import cell_len

    lines: list[Parts] = []
    line: list[tuple[str, str]] = []
    column = 0
    for index, (marker, label) in enumerate(overlay.legend):
        entry = f"{marker} {one_line(label)}"
        if index and column + len(LEGEND_GAP) + cell_len(entry) > width:
            lines.append(tuple(line))
            line, column = [], 0
        elif index:
            line.append((LEGEND_GAP, ""))
            column += len(LEGEND_GAP)
        line += [(marker, RADAR_STYLES.get(f"marker-{index}", "bold")), (entry[len(marker) :], "")]
        column += cell_len(entry)
    return (*lines, tuple(line))


def legend_text(overlay: Overlay, width: int = 80) -> Text:
    """The marker legend as Rich Text (``legend_lines``)."""
    return _lines_text(legend_lines(overlay, width))


def _lines_text(lines: Sequence[Parts]) -> Text:
    from rich.text import Text

    text = Text(no_wrap=False)
    for index, line in enumerate(lines):
        if index:
            text.append("\n")
        for value, style in line:
            text.append(value, style=style)
    return text


def radar_drawing(radar: Radar, *, braille: bool = False, width: int = 80) -> RadarDrawing:
    size = (min(REPORT_RADAR_SIZE[0], max(width, 20)), REPORT_RADAR_SIZE[1])
    return render_radar(
        radar.overlay.series,
        size[0],
        size[1],
        labels=list(radar.axis_labels),
        braille=braille,
        markers=radar.overlay.markers,
    )


def column_layout(column: Column, wide: bool) -> ColumnLayout:
    """``wide``: the table has more than five columns (ratings side by side)."""
    if column.kind == "letter":
        return ColumnLayout(style="dim")
    if column.kind == "name":
        return ColumnLayout(no_wrap=not wide, min_width=12 if wide else None)
    if column.kind == "number":
        return ColumnLayout(justify="right")
    if column.kind == "rating":
        # Narrow: the header wraps at spaces, the cells are single digits.
        width = max([5, *(len(word) for word in plain_text(inline_parts(column.title)).split())])
        return ColumnLayout(justify="right", overflow="fold", max_width=width)
    return ColumnLayout(overflow="fold", min_width=16 if wide and column.kind == "note" else None)


def table_grid(table: Table) -> tuple[list[tuple[Parts, ColumnLayout]], list[list[Parts]]]:
    """The columns as shown (title, layout) and the rows' cells.

    Flags go on the first line of the next column (the note): narrow terminals
    keep the note some room instead of spending a column on a word or two.
    """
    wide = len(table.columns) > 5
    folded = {i for i, c in enumerate(table.columns[:-1]) if c.kind == "flags"}
    columns = [
        (inline_parts(column.title), column_layout(column, wide))
        for index, column in enumerate(table.columns)
        if index not in folded
    ]
    rows: list[list[Parts]] = []
    for row in table.rows:
        cells: list[Parts] = []
        carry: Parts = ()
        for index, cell in enumerate(row):
            parts = inline_parts(cell)
            if index in folded:
                carry = parts if plain_text(parts) else ()
                continue
            if carry:
                parts = (*carry, ("\n", ""), *parts) if plain_text(parts) else carry
                carry = ()
            cells.append(parts)
        rows.append(cells)
    return columns, rows


def _verdict(verdict: Verdict) -> list[Item]:
    items: list[Item] = []
    if verdict.intro:
        items.append(Words(((verdict.intro, ""),), "dim"))
    items.append(Words((("Verdict: ", "bold"), (verdict.title, STATUS_STYLES[verdict.status]))))
    items.append(Words(inline_parts(verdict.lead)))
    items += [Words(inline_parts(step), indent=True) for step in verdict.next_steps]
    return items


def block_items(block: Block, *, braille: bool = False, width: int = 80) -> list[Item]:
    if isinstance(block, Heading):
        return [Words(inline_parts(block.text), "bold")]
    if isinstance(block, Paragraph):
        if block.kind == "preface":
            return []  # for documents read as a whole (HTML, Markdown)
        return [Words(inline_parts(block.text), "" if block.kind == "body" else "dim")]
    if isinstance(block, ListBlock):
        return [Words(inline_parts(item), indent=True) for item in block.items]
    if isinstance(block, Table):
        return [block]
    if isinstance(block, Radar):
        items: list[Item] = [Chart(radar_drawing(block, braille=braille, width=width))]
        if len(block.overlay.series) > 1:
            items.append(Legend(legend_lines(block.overlay, width)))
        return items
    return _verdict(block)


def items(blocks: Sequence[Block], *, braille: bool = False, width: int = 80) -> list[Item]:
    """Blocks as items, a blank line between blocks (not after a heading)."""
    out: list[Item] = []
    previous: Block | None = None
    for block in blocks:
        shown = block_items(block, braille=braille, width=width)
        if not shown:
            continue
        if previous is not None and not isinstance(previous, Heading):
            out.append(Words(()))
        out += shown
        previous = block
    return out


def _rich_table(table: Table) -> RenderableType:
    from rich.table import Table as RichTable

    columns, rows = table_grid(table)
    table_out = RichTable(show_edge=False, pad_edge=False, expand=False)
    for title, layout in columns:
        table_out.add_column(words_text(Words(title)), **layout._asdict())
    for row in rows:
        table_out.add_row(*(words_text(Words(cell)) for cell in row))
    return table_out


def renderable(item: Item) -> RenderableType:
    if isinstance(item, Words):
        if item.indent:
            from rich.padding import Padding

            return Padding(words_text(item), (0, 0, 0, 2), expand=False)
        return words_text(item)
    if isinstance(item, Table):
        return _rich_table(item)
    if isinstance(item, Chart):
        return radar_text(item.drawing)
    return _lines_text(item.lines)


def renderables(
    blocks: Sequence[Block], *, braille: bool = False, width: int = 80
) -> list[RenderableType]:
    """Blocks as Rich renderables, a blank line between blocks (not after a heading)."""
    return [renderable(item) for item in items(blocks, braille=braille, width=width)]


class _AsciiBuffer(io.StringIO):
    """A string buffer that tells Rich the terminal is ASCII-only: Rich then draws
    tables with ASCII, as it does for any output whose encoding is not UTF-8."""

    encoding = "ascii"


def print_to_string(
    items: Sequence[RenderableType],
    *,
    width: int = 80,
    color: bool = False,
    ascii_only: bool = False,
) -> str:
    """Rich output as a string: escape sequences only with ``color``; with
    ``ascii_only`` tables are drawn with ASCII (Rich does that for non-UTF-8)."""
    from rich.console import Console

    buffer = _AsciiBuffer() if ascii_only else io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for item in items:
        console.print(item)
    # Rich picks ASCII boxes for that encoding; names and notes may still hold
    # other characters, and the terminal gets their ASCII look-alikes.
    return ascii_fallback(buffer.getvalue()) if ascii_only else buffer.getvalue()


def render_terminal(
    document: Document,
    *,
    braille: bool = False,
    width: int = 80,
    color: bool = False,
    ascii_only: bool = False,
) -> str:
    """The text report printed through Rich (``meshtui.reports.layout`` draws the
    same without color, quicker)."""
    shown = items(document.blocks, braille=braille, width=width)
    return print_to_string(
        [renderable(item) for item in shown], width=width, color=color, ascii_only=ascii_only
    )
