"""The terminal renderer: a report's blocks as Rich renderables, and as printed text.

Text from users and files (literal spans) is put in ``rich.text.Text`` folded
onto one line with its control characters made visible, never parsed as
markup. ``render_terminal`` prints through a Rich console into a string:
styled only when asked (``color``), with ASCII table borders when the
terminal cannot show box drawing (``ascii_only``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from meshtui.literal import ascii_fallback, one_line
from meshtui.overlays import Overlay
from meshtui.radar import RadarDrawing, render_radar
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


def inline_text(inline: Inline, style: str = "") -> Text:
    from rich.text import Text

    text = Text(style=style)
    for span in inline:
        value = one_line(span.text) if span.role == "literal" else span.text
        text.append(value, style=ROLE_STYLES[span.role])
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


def legend_text(overlay: Overlay, width: int = 80) -> Text:
    """The marker legend as Rich Text, each marker in its series' color.

    Entries are packed into lines of ``width``: a line breaks between two
    entries, never between a marker and its session's name.
    """
    from rich.cells import cell_len
    from rich.text import Text

    text = Text(no_wrap=False)
    column = 0
    for index, (marker, label) in enumerate(overlay.legend):
        entry = f"{marker} {one_line(label)}"
        if index and column + len(LEGEND_GAP) + cell_len(entry) > width:
            text.append("\n")
            column = 0
        elif index:
            text.append(LEGEND_GAP)
            column += len(LEGEND_GAP)
        text.append(marker, style=RADAR_STYLES.get(f"marker-{index}", "bold"))
        text.append(entry[len(marker) :])
        column += cell_len(entry)
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


def _table(table: Table) -> RenderableType:
    from rich.table import Table as RichTable
    from rich.text import Text

    wide = len(table.columns) > 5
    table_out = RichTable(show_edge=False, pad_edge=False, expand=False)
    # Flags go on the first line of the next column (the note): narrow terminals
    # keep the note some room instead of spending a column on a word or two.
    folded = {i for i, c in enumerate(table.columns[:-1]) if c.kind == "flags"}
    for index, column in enumerate(table.columns):
        if index in folded:
            continue
        title = inline_text(column.title)
        if column.kind == "letter":
            table_out.add_column(title, style="dim")
        elif column.kind == "name":
            table_out.add_column(title, no_wrap=not wide, min_width=12 if wide else None)
        elif column.kind == "number":
            table_out.add_column(title, justify="right")
        elif column.kind == "rating":
            # Narrow: the header wraps at spaces, the cells are single digits.
            width = max([5, *(len(word) for word in title.plain.split())])
            table_out.add_column(title, justify="right", overflow="fold", max_width=width)
        else:
            minimum = 16 if wide and column.kind == "note" else None
            table_out.add_column(title, overflow="fold", min_width=minimum)
    for row in table.rows:
        cells: list[RenderableType] = []
        carry: Text | None = None
        for index, cell in enumerate(row):
            text = inline_text(cell)
            if index in folded:
                carry = text if text.plain else None
                continue
            if carry is not None:
                text = Text.assemble(carry, "\n", text) if text.plain else carry
                carry = None
            cells.append(text)
        table_out.add_row(*cells)
    return table_out


def _indented(text: Text) -> RenderableType:
    """Text indented by two columns, its wrapped lines too."""
    from rich.padding import Padding

    return Padding(text, (0, 0, 0, 2), expand=False)


def _verdict(verdict: Verdict) -> list[RenderableType]:
    from rich.text import Text

    items: list[RenderableType] = []
    if verdict.intro:
        items.append(Text(verdict.intro, style="dim"))
    items.append(
        Text.assemble(("Verdict: ", "bold"), (verdict.title, STATUS_STYLES[verdict.status]))
    )
    items.append(inline_text(verdict.lead))
    items += [_indented(inline_text(step)) for step in verdict.next_steps]
    return items


def block_renderables(
    block: Block, *, braille: bool = False, width: int = 80
) -> list[RenderableType]:

    if isinstance(block, Heading):
        return [inline_text(block.text, "bold")]
    if isinstance(block, Paragraph):
        if block.kind == "preface":
            return []  # for documents read as a whole (HTML, Markdown)
        return [inline_text(block.text, "" if block.kind == "body" else "dim")]
    if isinstance(block, ListBlock):
        return [_indented(inline_text(item)) for item in block.items]
    if isinstance(block, Table):
        return [_table(block)]
    if isinstance(block, Radar):
        items: list[RenderableType] = [
            radar_text(radar_drawing(block, braille=braille, width=width))
        ]
        if len(block.overlay.series) > 1:
            items.append(legend_text(block.overlay, width))
        return items
    return _verdict(block)


def renderables(
    blocks: Sequence[Block], *, braille: bool = False, width: int = 80
) -> list[RenderableType]:
    """Blocks as Rich renderables, a blank line between blocks (not after a heading)."""
    from rich.text import Text

    items: list[RenderableType] = []
    previous: Block | None = None
    for block in blocks:
        out = block_renderables(block, braille=braille, width=width)
        if not out:
            continue
        if previous is not None and not isinstance(previous, Heading):
            items.append(Text(""))
        items += out
        previous = block
    return items


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
    items = renderables(document.blocks, braille=braille, width=width)
    return print_to_string(items, width=width, color=color, ascii_only=ascii_only)
