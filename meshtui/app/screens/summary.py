"""The summary: a large radar, all eight scores with notes, and the verdict.

Dismissed with the index of a criterion to go to (from the palette), or None.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Static

from meshtui.app.commands import Command, CommandScreen, bindings
from meshtui.app.messages import SessionChanged
from meshtui.app.scrolling import scroll
from meshtui.app.widgets.key_footer import KeyFooter
from meshtui.app.widgets.line import Line
from meshtui.app.widgets.radar_view import RadarView
from meshtui.app.workspace import Workspace, export_format
from meshtui.literal import one_line
from meshtui.model import session_verdict
from meshtui.overlays import session_overlay
from meshtui.reports import (
    changes_table,
    now_blocks,
    rich_renderables,
    rule_blocks,
    scores_table,
    verdict_block,
)
from meshtui.session_file import find_previous

COMMANDS: tuple[Command, ...] = (
    Command("escape,s", "back", "Back", key_display="Esc", help="back to the interview"),
    Command(
        "m",
        "export('markdown')",
        "Markdown",
        help="write the report to NAME.md in the current folder",
        palette="Export as Markdown",
    ),
    Command(
        "j",
        "export('json')",
        "JSON",
        help="write the report to NAME.json in the current folder",
        palette="Export as JSON",
    ),
    Command(
        "h",
        "export('html')",
        "HTML",
        help="write the report to NAME.html in the current folder (one page, prints well)",
        palette="Export as HTML",
    ),
    Command(
        "v",
        "export('svg')",
        "SVG",
        help="write the radar chart to NAME.svg in the current folder",
        palette="Export as SVG",
    ),
    Command("up", "scroll('up')", key_display="Up / Down", help="scroll"),
    Command("down", "scroll('down')"),
    Command("pageup", "scroll('page_up')", key_display="PgUp / PgDn", help="page"),
    Command("pagedown", "scroll('page_down')"),
    Command("home", "scroll('home')", key_display="Home / End", help="top / bottom"),
    Command("end", "scroll('end')"),
)


class SummaryScreen(CommandScreen[int | None]):
    # Its styles are read when it is first shown, not at start-up.
    CSS_PATH = "summary.tcss"
    AUTO_FOCUS = ""
    COMMANDS_LIST = COMMANDS
    BINDINGS: ClassVar = bindings(COMMANDS)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="banner", markup=False)
        with VerticalScroll(id="summary", can_focus=False):
            with Horizontal(id="summary-top"):
                with Vertical(id="summary-side"):
                    yield RadarView(
                        self.workspace.content.axis_labels,
                        braille=self.workspace.braille,
                        id="summary-radar",
                    )
                    yield Static(id="summary-legend", markup=False)
                    yield Line(self.workspace.radar_note, classes="radar-note")
                yield Static(id="verdict")
            yield Static(id="changes")
            yield Static(id="scores")
            yield Static(id="rule")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self._show()

    def on_session_changed(self, _: SessionChanged) -> None:
        self._show()

    def _show(self) -> None:
        opened = self.workspace.opened
        if opened is None:
            return
        # Blind rating: the others' hidden ratings are not shown here either.
        session = opened.session.seen_by(opened.as_who or None)
        content = self.workspace.content
        self.sub_title = f"{one_line(session.name)}: summary"
        banner = self.query_one("#banner", Static)
        banner.update(one_line(opened.status_line))
        banner.display = bool(opened.status_line)
        previous = find_previous(self.workspace.store, session, opened.path)
        overlay = session_overlay(session, previous=previous)
        self.query_one(RadarView).plot(overlay.series, overlay.markers)
        legend = self.query_one("#summary-legend", Static)
        legend.update(overlay.legend_text())
        legend.display = len(overlay.series) > 1
        changes = self.query_one("#changes", Static)
        changes.display = previous is not None
        if previous is not None:
            changes.update(
                Group(
                    Text(f"Since {one_line(previous.name)}", style="italic"),
                    *rich_renderables([changes_table(previous, session, content)]),
                )
            )
        verdict = session_verdict(session)
        self.query_one("#verdict", Static).update(
            Group(*rich_renderables([verdict_block(verdict, content)]))
        )
        self.query_one("#rule", Static).update(
            Group(*rich_renderables([*rule_blocks(content), *now_blocks(content)]))
        )
        self.query_one("#scores", Static).update(
            Group(*rich_renderables([scores_table(session, content)]))
        )

    def action_back(self) -> None:
        self.dismiss(None)

    def action_export(self, format: str) -> None:
        target = self.workspace.export(export_format(format))
        if target is None:
            self.notify("Could not write the export anywhere.", severity="error")
        else:
            self.notify(f"Wrote {target}", title="Exported")

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from super().palette_commands()
        criteria = self.workspace.content.criteria
        for index, criterion in enumerate(criteria):
            yield SystemCommand(
                f"Go to {criterion.letter}: {criterion.title}",
                f"Criterion {index + 1} of {len(criteria)}",
                lambda index=index: self.dismiss(index),
            )

    def action_scroll(self, how: str) -> None:
        scroll(self.query_one("#summary", VerticalScroll), how)
