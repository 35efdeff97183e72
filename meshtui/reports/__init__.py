"""Reports: each built once as a format-neutral document, rendered to any format.

Build a report with one of the builders, then render it with :func:`render`;
the command line and the app call nothing else::

    report = session_report(session, content, against=earlier)
    text = render(report, "html")

Formats (``FORMATS``): ``text`` (the terminal: through Rich in color, else
in Rich's layout without Rich's console, ``layout``), ``plain`` (no
escape codes, no box drawing, no chart: for screen readers and dumb
terminals), ``markdown``, ``html`` (one self-contained page), ``svg`` (the
radar as a chart), ``json`` and ``csv`` (data for tools; CSV only for reports
of whole sessions). No Textual here, and Rich only for ``text``.

Every text from the content file is shown with its credit: the book's (with
its source) or meshtui's (``build.voiced``). The verdict's status is
``meshtui.content.STATUS_LABELS`` (the book's "best positioned").

Modules: ``document`` (the blocks), ``build`` (the reports), one module per
renderer (``terminal`` with ``layout``, ``markdown``, ``plain``, ``html``, ``svg``, ``data``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from meshtui.reports.build import (
    Report,
    change_label,
    change_marking,
    changes_blocks,
    changes_table,
    comparison_report,
    history_report,
    now_blocks,
    rollup_report,
    rule_blocks,
    scores_table,
    session_report,
    verdict_block,
)
from meshtui.reports.document import Block

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = [
    "FORMATS",
    "Format",
    "NoCsvForm",
    "Report",
    "change_label",
    "change_marking",
    "changes_blocks",
    "changes_table",
    "comparison_report",
    "history_report",
    "now_blocks",
    "render",
    "rich_renderables",
    "rollup_report",
    "rule_blocks",
    "scores_table",
    "session_report",
    "verdict_block",
]

Format = Literal["text", "plain", "markdown", "html", "svg", "json", "csv"]
FORMATS: tuple[Format, ...] = ("text", "plain", "markdown", "html", "svg", "json", "csv")


class NoCsvForm(ValueError):
    """The report is not one row per session and criterion (a comparison, say)."""


def render(
    report: Report,
    fmt: Format,
    *,
    braille: bool = False,
    radar: bool = True,
    width: int = 80,
    color: bool = False,
    ascii_only: bool = False,
) -> str:
    """The report in ``fmt``.

    ``radar=False`` leaves the chart out of text, Markdown and HTML (plain
    never has it). ``braille``, ``width``, ``color`` (escape sequences) and
    ``ascii_only`` (ASCII table borders) concern the character formats.
    """
    document = report.document if radar else report.document.without_radar()
    if fmt == "text":
        if not color:
            from meshtui.reports.layout import draw_text

            drawn = draw_text(document, braille=braille, width=width, ascii_only=ascii_only)
            if drawn is not None:
                return drawn
        from meshtui.reports.terminal import render_terminal

        return render_terminal(
            document, braille=braille, width=width, color=color, ascii_only=ascii_only
        )
    if fmt == "plain":
        from meshtui.reports.plain import render_plain

        return render_plain(document)
    if fmt == "markdown":
        from meshtui.reports.markdown import render_markdown

        return render_markdown(document, braille=braille)
    if fmt == "html":
        from meshtui.reports.html import render_html

        return render_html(document)
    if fmt == "svg":
        from meshtui.reports.svg import render_svg

        return render_svg(report.document)
    if fmt == "json":
        from meshtui.reports.data import json_text

        return json_text(report.data)
    if fmt == "csv":
        if report.csv_sessions is None:
            raise NoCsvForm("this report has no CSV form; export each session on its own")
        from meshtui.reports.data import csv_text

        return csv_text(report.csv_sessions)
    raise ValueError(f"unknown format: {fmt}")


def rich_renderables(blocks: Sequence[Block], *, braille: bool = False) -> list[RenderableType]:
    """Some blocks as Rich renderables, for panels of the app that show part of a
    report (the summary's verdict, scores and changes)."""
    from meshtui.reports.terminal import renderables

    return renderables(blocks, braille=braille)
