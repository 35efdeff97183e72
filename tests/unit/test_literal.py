"""Text from people and files is shown literally (issue section 6, "Literal text")."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meshtui.literal import markdown_inline, one_line, visible


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "\\x1b[31mred"),
        ("bell\x07", "bell\\x07"),
        ("\x9b31m", "\\x9b31m"),
        ("nul\x00", "nul\\x00"),
        ("del\x7f", "del\\x7f"),
        ("cr\r", "cr\\x0d"),
        ("\x85next-line", "\\x85next-line"),
    ],
)
def test_visible_shows_control_characters(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_visible_keeps_newlines_tabs_markup_and_unicode() -> None:
    text = "line 1\n\tline 2 [bold]x[/] [red 🚀 é"
    assert visible(text) == text


@given(st.text())
def test_visible_output_has_no_control_characters(text: str) -> None:
    out = visible(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)
    # Printable text is left alone.
    if not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text):
        assert out == text


def test_one_line_folds_whitespace_and_escapes() -> None:
    assert one_line("  a\n b\t\tc \x1b[2J ") == "a b c \\x1b[2J"


@pytest.mark.parametrize("char", list("|*[<`"))
def test_markdown_inline_escapes_special_characters(char: str) -> None:
    assert markdown_inline(f"a{char}b") == f"a\\{char}b"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("40+ (about 40)", "40+ (about 40)"),
        ("snake_case and C:\\Users", "snake_case and C:\\Users"),
        ("a] > b # c! {d}", "a] > b # c! {d}"),
        ("_lead and trail_", "\\_lead and trail\\_"),
        ("~5 domains, ~~struck~~", "~5 domains, \\~\\~struck\\~\\~"),
        ("&amp; and & alone", "\\&amp; and & alone"),
        ("a \\* b", "a \\\\\\* b"),
        ("x < 3 but <b>", "x < 3 but \\<b>"),
    ],
)
def test_markdown_inline_escapes_only_what_commonmark_reads(text: str, escaped: str) -> None:
    """A pasted report is clean text too: no backslash where CommonMark needs none."""
    assert markdown_inline(text) == escaped


def test_markdown_inline_newlines_become_br() -> None:
    assert markdown_inline("first\nsecond\n\nthird") == "first<br>second<br><br>third"


def test_markdown_inline_escapes_html_and_controls() -> None:
    out = markdown_inline("<script>alert(1)</script>\x1b[31m")
    assert not re.search(r"(?<!\\)<", out)
    assert "\x1b" not in out
    assert "\\x1b" in out


def test_markdown_inline_empty() -> None:
    assert markdown_inline("") == ""


@given(st.text())
def test_markdown_inline_never_leaves_a_raw_pipe_or_newline(text: str) -> None:
    out = markdown_inline(text)
    assert "\n" not in out and "\r" not in out
    # Every | is escaped by an odd number of backslashes.
    for match in re.finditer(r"(\\*)\|", out):
        assert len(match.group(1)) % 2 == 1
