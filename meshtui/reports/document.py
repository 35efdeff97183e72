"""The format-neutral document model every report is built as, once.

A report is a sequence of blocks (heading, paragraph, list, table, radar,
verdict) holding runs of text (spans). A span has a role saying what it is,
never how it looks: each renderer (terminal, Markdown, plain, HTML, SVG)
decides that. Text from users and files (names, notes, organizations) is a
``literal`` span, so every renderer escapes it for its format and never reads
it as markup. Standard library only: no Rich, no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from meshtui.overlays import Overlay

#: plain: ordinary text. strong: emphasis. warning: something below the bar
#: (a low band, a warning, a "down" change). attention: to talk about (discuss).
#: good: an improvement. muted: secondary. emphasis: italic (carried answers).
#: literal: text from a user or a file, shown exactly as written.
#: credit: whose words the text before it are (the book, with its source, or meshtui).
Role = Literal[
    "plain", "strong", "warning", "attention", "good", "muted", "emphasis", "literal", "credit"
]


@dataclass(frozen=True)
class Span:
    text: str
    role: Role = "plain"


Inline = tuple[Span, ...]


def spans(*parts: str | Span) -> Inline:
    """Inline text from pieces: a str is plain text, a Span keeps its role."""
    return tuple(part if isinstance(part, Span) else Span(part) for part in parts if part)


def literal(text: str) -> Span:
    return Span(text, "literal")


def inline_text(inline: Inline) -> str:
    """The words of some inline text, without roles."""
    return "".join(span.text for span in inline)


@dataclass(frozen=True)
class Heading:
    level: int  # 1 is the report's title
    text: Inline


@dataclass(frozen=True)
class Paragraph:
    text: Inline
    #: "note": secondary text (a caveat, a key to a table); "quote": the book's words;
    #: "preface": the book's framing questions, for documents read as a whole (HTML
    #: and Markdown; the terminal and plain reports leave it out).
    kind: Literal["body", "note", "quote", "preface"] = "body"


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Inline, ...]


#: What a column holds, so that each renderer can lay it out: "letter" is the
#: criterion's letter (not read aloud), "name" names the row, "number" is
#: right-aligned, "rating" is one person's ratings (header is their name),
#: "flags" are short markers a narrow terminal folds into the next column.
ColumnKind = Literal["letter", "name", "number", "rating", "text", "flags", "note"]


@dataclass(frozen=True)
class Column:
    title: Inline
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Inline, ...], ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError("every row needs one cell per column")


@dataclass(frozen=True)
class Radar:
    """The chart: the overlay's series over the eight axes."""

    overlay: Overlay
    #: Short axis labels for character charts, and the criteria's full names.
    axis_labels: tuple[str, ...]
    axis_titles: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    status: Literal["ready", "not-yet", "incomplete"]
    title: str  # meshtui.content.STATUS_LABELS: "Best positioned", "Not yet", "Incomplete"
    lead: Inline
    #: What comes next, one passage each, every one ending with its credit (the
    #: book's, with its source, or meshtui's): meshtui.content.next_steps.
    next_steps: tuple[Inline, ...] = ()
    #: Said before the verdict, e.g. that it is the rule applied to medians.
    intro: str = ""


Block = Heading | Paragraph | ListBlock | Table | Radar | Verdict


@dataclass(frozen=True)
class Document:
    """A report as blocks; ``title`` is the first heading's text, for file titles."""

    title: str
    blocks: tuple[Block, ...]
    #: Text for the top of a radar-only picture (SVG): the title and the verdict.
    summary: Inline = field(default_factory=tuple)
    #: Lines for the foot of a radar-only picture (SVG): what the blocks say
    #: about the chart that it cannot show (the criteria revealed early).
    picture_notes: tuple[Inline, ...] = ()

    def without_radar(self) -> Document:
        """The document without its charts, nor the headings that only introduce them."""
        kept = [
            block
            for index, block in enumerate(self.blocks)
            if not isinstance(block, Radar)
            and not (
                isinstance(block, Heading)
                and index + 1 < len(self.blocks)
                and isinstance(self.blocks[index + 1], Radar)
            )
        ]
        return Document(self.title, tuple(kept), self.summary, self.picture_notes)

    def radars(self) -> list[Radar]:
        return [block for block in self.blocks if isinstance(block, Radar)]


def document(title: str, blocks: Sequence[Block], summary: Inline = ()) -> Document:
    return Document(title, tuple(blocks), summary)
