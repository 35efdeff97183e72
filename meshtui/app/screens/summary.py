"""The summary: a large radar, all eight scores with notes, and the verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from meshtui.app.messages import GoToCriterion, SessionChanged, ShowSummary
from meshtui.app.scrolling import scroll
from meshtui.app.widgets.radar_view import RadarView
from meshtui.literal import one_line
from meshtui.model import session_verdict
from meshtui.overlays import session_overlay
from meshtui.reports import (
    book_rule,
    changes_table,
    now_caveat,
    rich_renderables,
    scores_table,
    verdict_block,
)
from meshtui.session_file import find_previous

if TYPE_CHECKING:
    from meshtui.app.app import MeshtuiApp


class SummaryScreen(Screen[None]):
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,s", "back", "Back", key_display="Esc"),
        Binding("m", "export('markdown')", "Markdown"),
        Binding("j", "export('json')", "JSON"),
        Binding("h", "export('html')", "HTML"),
        Binding("v", "export('svg')", "SVG"),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("pagedown", "scroll('page_down')", show=False),
        Binding("home", "scroll('home')", show=False),
        Binding("end", "scroll('end')", show=False),
    ]

    @property
    def meshtui(self) -> MeshtuiApp:
        return cast("MeshtuiApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="banner", markup=False)
        with VerticalScroll(id="summary", can_focus=False):
            with Horizontal(id="summary-top"):
                with Vertical(id="summary-side"):
                    yield RadarView(
                        self.meshtui.content.axis_labels,
                        braille=self.meshtui.config.braille,
                        id="summary-radar",
                    )
                    yield Static(id="summary-legend", markup=False)
                yield Static(id="verdict")
            yield Static(id="changes")
            yield Static(id="scores")
            yield Static(id="rule")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self._show()

    def on_session_changed(self, _: SessionChanged) -> None:
        self._show()

    def on_show_summary(self, _: ShowSummary) -> None:
        """Already here."""

    def _show(self) -> None:
        opened = self.meshtui.open_session
        if opened is None:
            return
        session, content = opened.session, self.meshtui.content
        self.sub_title = f"{one_line(session.name)}: summary"
        banner = self.query_one("#banner", Static)
        banner.update(one_line(opened.message))
        banner.display = bool(opened.message)
        previous = find_previous(self.meshtui.store, session, opened.path)
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
            Group(*rich_renderables([book_rule(content), now_caveat(content)]))
        )
        self.query_one("#scores", Static).update(
            Group(*rich_renderables([scores_table(session, content)]))
        )

    def action_back(self) -> None:
        self.dismiss()

    def on_go_to_criterion(self, message: GoToCriterion) -> None:
        # The interview is always the screen under the summary.
        interview = self.app.screen_stack[-2]
        self.dismiss()
        interview.post_message(GoToCriterion(message.index))

    def action_export(self, format: str) -> None:
        self.meshtui.export_report(format)

    def action_scroll(self, how: str) -> None:
        scroll(self.query_one("#summary", VerticalScroll), how)
