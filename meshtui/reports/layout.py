"""The text report without color, drawn as plain strings in Rich's layout.

``draw`` lays out the items of ``meshtui.reports.terminal`` (styled words,
tables, the radar and its legend) exactly as Rich's console prints them
without color: the same word wrapping, the same table column widths, cell
padding and borders (ASCII ones through ``ascii_fallback``). It needs only
``rich.cells`` (the width of each character in terminal cells) and
``rich.box`` (the table's border characters), not Rich's console, text and
table modules, whose import and layout were most of what ``meshtui show``
took to start when printing to a pipe or a file.

It is a port of the parts of Rich that these items use (as of Rich 15:
``Text.wrap``, ``Padding``, ``Table`` column widths); unit tests hold its
output equal to Rich's, byte for byte, for every report at many widths. What
it does not lay out the way Rich does (a tab, a column too narrow for its
padding), it leaves to Rich: ``draw`` returns None and the caller prints
through Rich.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Literal

from rich.box import HEAVY_HEAD
from rich.cells import cell_len, chop_cells, set_cell_size

from meshtui.literal import ascii_fallback
from meshtui.reports.document import Document, Table
from meshtui.reports.terminal import (
    Chart,
    ColumnLayout,
    Item,
    Parts,
    Words,
    items,
    table_grid,
)

Justify = Literal["default", "left", "right"]
Overflow = Literal["fold", "ellipsis", "crop"]

#: The control characters Rich's Text drops (bell, backspace, VT, FF, CR).
_DROPPED = dict.fromkeys((7, 8, 11, 12, 13))
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


class _NotLikeRich(Exception):
    """Something this port does not lay out as Rich does: Rich draws it."""


def _plain(parts: Parts) -> str:
    return "".join(text for text, _ in parts).translate(_DROPPED)


def _divide(text: str, width: int, fold: bool) -> list[int]:
    """Where to break a line to fit ``width`` cells (Rich's ``divide_line``)."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:
            if fold:
                pieces = chop_cells(word, width)
                for index, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if index == len(pieces) - 1:
                        offset = cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


def _truncate(line: str, width: int, overflow: Overflow, pad: bool = False) -> str:
    length = cell_len(line)
    if length > width:
        ellipsis = overflow == "ellipsis"
        line = set_cell_size(line, width - 1) + "…" if ellipsis else set_cell_size(line, width)
    if pad and length < width:
        line += " " * (width - length)
    return line


def _rstrip_end(line: str, width: int) -> str:
    """Drop trailing white space beyond ``width`` characters (Rich's ``rstrip_end``)."""
    if len(line) > width:
        space = _TRAILING_SPACE.search(line)
        if space is not None:
            return line[: len(line) - min(len(space.group(0)), len(line) - width)]
    return line


def _wrap(
    text: str,
    width: int,
    justify: Justify = "default",
    overflow: Overflow = "fold",
    no_wrap: bool = False,
) -> list[str]:
    """Rich's ``Text.wrap``: the text's lines, each wrapped at ``width`` cells."""
    lines: list[str] = []
    for line in text.split("\n"):
        if "\t" in line:
            raise _NotLikeRich("a tab")
        if no_wrap:
            pieces = [line]
        else:
            bounds = [0, *_divide(line, width, fold=overflow == "fold"), len(line)]
            pieces = [_rstrip_end(line[a:b], width) for a, b in pairwise(bounds)]
        if justify == "left":
            pieces = [_truncate(piece, width, overflow, pad=True) for piece in pieces]
        elif justify == "right":
            pieces = [_truncate(piece.rstrip(), width, overflow) for piece in pieces]
            pieces = [" " * (width - cell_len(piece)) + piece for piece in pieces]
        lines += [_truncate(piece, width, overflow) for piece in pieces]
    return lines


def _normal(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def _measure(text: str, max_width: int) -> tuple[int, int]:
    """Rich's ``Measurement.get`` of a Text: (longest word, longest line), in cells."""
    if max_width < 1:
        return 0, 0
    lines = text.splitlines()
    high = max(cell_len(line) for line in lines) if lines else 0
    words = text.split()
    low = max(cell_len(word) for word in words) if words else high
    low, high = _normal(low, high)
    low, high = min(low, max_width), min(high, max_width)
    return (0, 0) if high < 1 else _normal(low, high)


def _measure_padded(text: str, left: int, right: int, max_width: int) -> tuple[int, int]:
    """Rich's ``Measurement.get`` of a Padding (left and right only) around a Text."""
    if max_width < 1:
        return 0, 0
    extra = left + right
    if max_width - extra < 1:
        low, high = max_width, max_width
    else:
        low, high = _measure(text, max_width)
        low, high = min(low + extra, max_width), min(high + extra, max_width)
    low, high = _normal(low, high)
    low, high = min(low, max_width), min(high, max_width)
    return (0, 0) if high < 1 else _normal(low, high)


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    """Rich's ``ratio_reduce``: take ``total`` off ``values`` in proportion to ``ratios``."""
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result: list[int] = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """Rich's ``Table._collapse_widths``: narrow the widest wrapping columns first."""
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            pairs = list(zip(widths, wrapable, strict=True))
            widest = max(width for width, wraps in pairs if wraps)
            second = max(width if wraps and width != widest else 0 for width, wraps in pairs)
            ratios = [1 if width == widest and wraps else 0 for width, wraps in pairs]
            if not any(ratios) or not widest - second:
                break
            limits = [min(excess, widest - second)] * len(widths)
            widths = _ratio_reduce(excess, ratios, limits, widths)
            total = sum(widths)
            excess = total - max_width
    return widths


class _Grid:
    """A report table's columns and cells as plain strings, padded as Rich pads them
    (one space each side of a divider, none at the table's edges)."""

    def __init__(self, table: Table) -> None:
        columns, rows = table_grid(table)
        self.layouts: list[ColumnLayout] = [layout for _, layout in columns]
        self.headers = [_plain(title) for title, _ in columns]
        self.rows = [[_plain(cell) for cell in row] for row in rows]
        last = len(columns) - 1
        self.padding = [(int(index > 0), int(index < last)) for index in range(len(columns))]

    def _cells(self, index: int) -> list[str]:
        return [self.headers[index], *(row[index] for row in self.rows)]

    def _measure_column(self, index: int, max_width: int) -> tuple[int, int]:
        if max_width < 1:
            return 0, 0
        left, right = self.padding[index]
        measured = [_measure_padded(cell, left, right, max_width) for cell in self._cells(index)]
        low = min(max(low for low, _ in measured), max_width)
        high = min(max(high for _, high in measured), max_width)
        layout = self.layouts[index]
        if layout.min_width is not None:
            floor = max(0, layout.min_width + left + right)
            low, high = max(low, floor), max(high, floor)
        if layout.max_width is not None:
            ceiling = layout.max_width + left + right
            low, high = min(low, ceiling), min(high, ceiling)
        return low, high

    def widths(self, max_width: int) -> list[int]:
        """Rich's ``Table._calculate_column_widths`` (a table that does not expand)."""
        count = len(self.layouts)
        widths = [self._measure_column(index, max_width)[1] or 1 for index in range(count)]
        if sum(widths) > max_width:
            widths = _collapse(widths, [not layout.no_wrap for layout in self.layouts], max_width)
            if sum(widths) > max_width:
                excess = sum(widths) - max_width
                widths = _ratio_reduce(excess, [1] * count, widths, widths)
            widths = [self._measure_column(index, width)[1] for index, width in enumerate(widths)]
        return widths

    def cell_lines(self, index: int, text: str, width: int) -> list[str]:
        """A cell's lines, each exactly ``width`` cells (Rich's Padding in a column)."""
        left, right = self.padding[index]
        layout = self.layouts[index]
        inner = width - left - right  # Rich's Padding in a cell expands to the column
        if inner < 0 or (inner == 0 and text):
            raise _NotLikeRich("a column narrower than its padding")
        lines = _wrap(text, inner, layout.justify, layout.overflow, layout.no_wrap)
        return [" " * left + set_cell_size(line, inner) + " " * right for line in lines]

    def draw(self, max_width: int) -> list[str]:
        """Rich's ``Table(show_edge=False, pad_edge=False)`` at ``max_width``, in its
        default box (``HEAVY_HEAD``; ``ascii_fallback`` turns it into Rich's ASCII box)."""
        box = HEAVY_HEAD
        widths = self.widths(max_width - (len(self.layouts) - 1))
        out: list[str] = []
        for number, row in enumerate([self.headers, *self.rows]):
            cells = [
                self.cell_lines(index, text, width)
                for index, (text, width) in enumerate(zip(row, widths, strict=True))
            ]
            height = max(len(lines) for lines in cells)
            for lines, width in zip(cells, widths, strict=True):
                blank = [" " * width] * (height - len(lines))
                # The header sits on its rule; other rows start at their top.
                lines[:] = blank + lines if number == 0 else lines + blank
            divider = (
                box.head_vertical
                if number == 0
                else box.foot_vertical
                if number == len(self.rows)
                else box.mid_vertical
            )
            out += [divider.join(parts) for parts in zip(*cells, strict=True)]
            if number == 0:
                out.append(box.get_row(widths, "head", edge=False))
        return out


def _padded_words(text: str, width: int) -> list[str]:
    """Rich's ``Padding(text, (0, 0, 0, 2), expand=False)``: two columns in."""
    inner = min(_measure(text, width)[1] + 2, width) - 2
    if inner < 1:
        raise _NotLikeRich("no room for the indented text")
    return ["  " + set_cell_size(line, inner) for line in _wrap(text, inner)]


def _item_lines(item: Item, width: int) -> list[str]:
    if isinstance(item, Words):
        text = _plain(item.parts)
        return _padded_words(text, width) if item.indent else _wrap(text, width)
    if isinstance(item, Table):
        return _Grid(item).draw(width)
    if isinstance(item, Chart):
        text = "\n".join(item.drawing.lines).translate(_DROPPED)
        return _wrap(text, width, overflow="crop", no_wrap=True)
    return _wrap("\n".join(_plain(line) for line in item.lines), width)


def draw(shown: Sequence[Item], *, width: int = 80) -> str | None:
    """The items as Rich's console prints them without color at ``width``, or
    None where Rich must draw them."""
    if width < 1:
        return None
    out: list[str] = []
    try:
        for item in shown:
            out += _item_lines(item, width)
    except _NotLikeRich:
        return None
    # The console crops what is wider than the terminal (it never pads).
    return "".join(
        (set_cell_size(line, width) if cell_len(line) > width else line) + "\n" for line in out
    )


def draw_text(
    document: Document, *, braille: bool = False, width: int = 80, ascii_only: bool = False
) -> str | None:
    """The text report without color, as ``render_terminal`` prints it, or None
    where Rich must print it."""
    drawn = draw(items(document.blocks, braille=braille, width=width), width=width)
    if drawn is None:
        return None
    # The ASCII look-alikes of the box drawing are Rich's ASCII box; those of
    # other characters (in names and notes) are what print_to_string gives too.
    return ascii_fallback(drawn) if ascii_only else drawn
