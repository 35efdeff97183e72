"""The Markdown renderer: a report's blocks as GitHub-flavored Markdown.

Every span goes through ``meshtui.literal.markdown_inline``, which escapes
only what CommonMark would read as syntax, so the Markdown renders as itself
and reads as clean text when pasted where Markdown is not rendered. The radar
is a fenced code block (each legend name on one line, so it cannot close it).
"""

from __future__ import annotations

from meshtui.literal import markdown_inline
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
from meshtui.reports.terminal import radar_drawing

_MARKS = {"strong": "**", "attention": "**", "emphasis": "_"}


def _outer_spaces(original: str, text: str) -> str:
    start = original[: len(original) - len(original.lstrip(" "))]
    end = original[len(original.rstrip(" ")) :] if original.strip() else ""
    return f"{start}{text}{end}"


def _heading(level: int, text: str) -> str:
    # A heading ending in " #" would lose it: CommonMark reads it as a closing sequence.
    if text.endswith("#"):
        text = text[:-1] + "\\#"
    return "#" * level + " " + text


def _wrap(text: str, mark: str) -> str:
    """``text`` between ``mark`` pairs, its outer spaces outside (CommonMark needs that)."""
    core = text.strip()
    if not core:
        return text
    start = text[: len(text) - len(text.lstrip())]
    end = text[len(text.rstrip()) :]
    return f"{start}{mark}{core}{mark}{end}"


def inline_markdown(inline: Inline) -> str:
    out = []
    for span in inline:
        text = markdown_inline(span.text)
        if "\n" not in span.text.strip():  # keep the spaces between spans
            text = _outer_spaces(span.text, text)
        mark = _MARKS.get(span.role)
        out.append(_wrap(text, mark) if mark else text)
    return "".join(out)


def _table(table: Table) -> list[str]:
    def line(cells: list[str]) -> str:
        return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"

    lines = [
        line([inline_markdown(c.title) for c in table.columns]),
        "|---" * len(table.columns) + "|",
    ]
    lines += [line([inline_markdown(cell) for cell in row]) for row in table.rows]
    return lines


def _verdict(verdict: Verdict) -> list[str]:
    lines = [verdict.intro, ""] if verdict.intro else []
    lines += [f"## Verdict: {verdict.title}", "", inline_markdown(verdict.lead), ""]
    lines += [f"- {inline_markdown(step)}" for step in verdict.next_steps]
    return lines if verdict.next_steps else lines[:-1]


def _radar(radar: Radar, braille: bool) -> list[str]:
    drawing = radar_drawing(radar, braille=braille)
    lines = ["```text", *(line.rstrip() for line in drawing.lines)]
    if len(radar.overlay.series) > 1:
        lines.append(f"  {radar.overlay.legend_text()}")
    return [*lines, "```"]


def block_markdown(block: Block, *, braille: bool = False) -> list[str]:
    if isinstance(block, Heading):
        return [_heading(block.level, inline_markdown(block.text))]
    if isinstance(block, Paragraph):
        text = inline_markdown(block.text)
        if block.kind == "quote":
            return [f"> {text}"]
        return [_wrap(text, "_") if block.kind == "note" else text]
    if isinstance(block, ListBlock):
        return [f"- {inline_markdown(item)}" for item in block.items]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Radar):
        return _radar(block, braille)
    return _verdict(block)


def render_markdown(document: Document, *, braille: bool = False) -> str:
    lines: list[str] = []
    for block in document.blocks:
        lines += [*block_markdown(block, braille=braille), ""]
    return "\n".join(lines)
