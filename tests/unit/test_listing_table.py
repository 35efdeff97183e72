"""``meshtui list`` draws its table in one pass, exactly as Rich's table would."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from meshtui.cli import LISTING_COLUMNS, ListingTable
from meshtui.literal import ascii_fallback

ROWS: list[tuple[list[str], str]] = [
    (["Q3 check", "Acme", "8/8", "Ready", "2026-09-14 10:30"], ""),
    (["四半期 レビュー", "Ünïcödé GmbH", "3/8", "Incomplete", "2026-09-13 08:00"], ""),
    (["broken.toml", "", "", "unreadable", "not valid TOML at line 3, column 1"], "red"),
    (["", "", "0/8", "Incomplete", "2026-01-01 00:00"], ""),
]


class _Output:
    """A text file whose encoding Rich reads (ASCII makes it draw ASCII tables)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.buffer = io.StringIO()

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass

    def getvalue(self) -> str:
        return self.buffer.getvalue()


def draw(renderable: object, width: int, encoding: str) -> str:
    output = _Output(encoding)
    Console(
        file=output,  # type: ignore[arg-type]
        width=width,
        color_system=None,
        highlight=False,
    ).print(renderable)
    return output.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
@pytest.mark.parametrize("width", [200, 100])
def test_the_one_pass_table_matches_rich(encoding: str, width: int) -> None:
    table = ListingTable(LISTING_COLUMNS, ROWS)
    assert draw(table, width, encoding) == draw(table.rich_table(), width, encoding)


def test_a_table_too_wide_for_the_terminal_is_folded_by_rich() -> None:
    table = ListingTable(LISTING_COLUMNS, ROWS)
    drawn = draw(table, 50, "utf-8")
    assert drawn == draw(table.rich_table(), 50, "utf-8")
    assert max(len(line) for line in drawn.splitlines()) <= 50


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_the_plain_lines_are_richs_table_without_rich(encoding: str) -> None:
    table = ListingTable(LISTING_COLUMNS, ROWS)
    lines = table.plain_lines(100)
    assert lines is not None
    text = "".join(f"{line}\n" for line in lines)
    # ASCII terminals get the look-alikes, Rich's ASCII box among them (as `list` prints).
    shown = ascii_fallback(text) if encoding == "ascii" else text
    expected = draw(table.rich_table(), 100, encoding)
    assert shown == (ascii_fallback(expected) if encoding == "ascii" else expected)
    assert table.plain_lines(50) is None  # too wide: Rich folds it
