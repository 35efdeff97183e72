"""One criterion at a time: the book's text, the rating, a note and the live radar."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from meshtui.app.messages import GoToCriterion, SessionChanged, ShowSummary
from meshtui.app.scrolling import scroll
from meshtui.app.widgets.criterion_text import CriterionText
from meshtui.app.widgets.note_field import NoteField
from meshtui.app.widgets.progress_strip import ProgressStrip
from meshtui.app.widgets.radar_view import RadarView
from meshtui.app.widgets.rating_bar import RatingBar, RatingState
from meshtui.content import Content, Criterion
from meshtui.literal import one_line
from meshtui.overlays import Overlay, session_overlay
from meshtui.session_file import OpenSession

if TYPE_CHECKING:
    # TextArea loads only when a note is first edited (see NoteField).
    from textual.widgets import TextArea

    from meshtui.app.app import MeshtuiApp

LAST = 7


class InterviewScreen(Screen[None]):
    """The interview. ``index`` is the criterion on screen, 0-7 in the book's order."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate(1)", "Rate", key_display="1-5"),
        Binding("2", "rate(2)", "Rate 2", show=False),
        Binding("3", "rate(3)", "Rate 3", show=False),
        Binding("4", "rate(4)", "Rate 4", show=False),
        Binding("5", "rate(5)", "Rate 5", show=False),
        Binding("0,backspace", "rate(0)", "Clear", show=False),
        Binding("left,p", "move(-1)", "Previous", show=False),
        Binding("right,n", "move(1)", "Move", key_display="<- ->"),
        Binding("home", "go(0)", "First", show=False),
        Binding("end", "go(7)", "Last", show=False),
        Binding("e,enter", "edit_note", "Note", key_display="e"),
        Binding("escape", "leave_note", "Done with the note", key_display="Esc"),
        Binding("s", "summary", "Summary"),
        Binding("tab", "next_rater(1)", "Rater", key_display="Tab"),
        Binding("shift+tab", "next_rater(-1)", "Previous rater", show=False),
        Binding("t", "choose_target", "Target", show=False),
        Binding("c", "confirm", "Confirm carried", key_display="c"),
        Binding("up", "scroll_text('up')", show=False),
        Binding("down", "scroll_text('down')", show=False),
        Binding("pageup", "scroll_text('page_up')", show=False),
        Binding("pagedown", "scroll_text('page_down')", show=False),
    ]

    #: Nothing is focused at first, so digits rate; 'e' or Enter focuses the note.
    AUTO_FOCUS = ""

    index: reactive[int] = reactive(0, init=False)
    """The criterion on screen."""

    rater: reactive[str | None] = reactive(None, init=False)
    """Who the digits rate for: None for the agreed score, else a participant."""

    def __init__(self, index: int = 0, rater: str | None = None) -> None:
        super().__init__()
        self.set_reactive(InterviewScreen.index, index)
        self.set_reactive(InterviewScreen.rater, rater)
        #: Whose note the editor holds. Saving goes to this id, not to the
        #: criterion on screen, so a keystroke still queued when the user
        #: moves on can never land in the wrong criterion's note.
        self._note_owner: str | None = None
        #: After 't', the next digit sets the target instead of a rating.
        self._choosing_target = False
        #: Whether the footer currently offers 'c' (confirm a carried answer).
        self._footer_carried = False

    @property
    def meshtui(self) -> MeshtuiApp:
        return cast("MeshtuiApp", self.app)

    @property
    def content(self) -> Content:
        return self.meshtui.content

    @property
    def opened(self) -> OpenSession:
        opened = self.meshtui.open_session
        assert opened is not None, "the interview needs an open session"
        return opened

    @property
    def criterion(self) -> Criterion:
        return self.content.criteria[self.index]

    def compose(self) -> ComposeResult:
        # Widgets start with their data (set_reactive: no watchers, no extra
        # repaints), so the first frame is also the only one at start-up.
        opened = self.opened
        answer = opened.session.answer(self.criterion.id)
        overlay = self._overlay()
        progress = ProgressStrip(self.content, id="progress")
        progress.set_reactive(ProgressStrip.index, self.index)
        progress.set_reactive(ProgressStrip.scores, overlay.series[0])
        progress.set_reactive(ProgressStrip.flags, self._flags())
        rating = RatingBar(id="rating")
        rating.set_reactive(RatingBar.state, self._rating_state())
        rating.set_reactive(RatingBar.enabled, opened.can_edit)
        radar = RadarView(self.content.axis_labels, braille=self.meshtui.config.braille, id="radar")
        radar.set_reactive(RadarView.series, overlay.series)
        radar.set_reactive(RadarView.markers, overlay.markers)
        radar.set_reactive(RadarView.highlight, self.index)
        legend = Static(overlay.legend_text(), id="radar-legend", markup=False)
        legend.display = len(overlay.series) > 1
        self._note_owner = self.criterion.id
        yield Header(icon="")
        yield progress
        banner = Static(one_line(opened.message), id="banner", markup=False)
        banner.display = bool(opened.message)
        yield banner
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield CriterionText(self.criterion, id="text")
                yield rating
                yield Label("Note  (e to write, Esc to leave)", id="note-label")
                yield NoteField(answer.note, id="note")
            with Vertical(id="side"):
                yield radar
                yield legend
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = one_line(self.opened.session.name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the note is being written the keys belong to it: the footer
        # shows only how to leave it. Otherwise leaving is not on offer.
        editing = self.is_mounted and self.query_one(NoteField).editing
        if action == "leave_note":
            return editing or self._choosing_target or self._came_from_home()
        if editing:
            return False
        if action == "next_rater":
            return bool(self.opened.session.participants)
        if action == "confirm":
            return self.opened.session.answer(self.criterion.id).carried
        return True

    # -- what is on screen ---------------------------------------------------

    def _overlay(self) -> Overlay:
        return session_overlay(self.opened.session)

    def _flags(self) -> tuple[str, ...]:
        session = self.opened.session
        flags = []
        for criterion in self.content.criteria:
            answer = session.answer(criterion.id)
            flags.append("!" if answer.discuss else "~" if answer.carried else "")
        return tuple(flags)

    def _rating_state(self) -> RatingState:
        session = self.opened.session
        answer = session.answer(self.criterion.id)
        rater = self.rater if self.rater in session.participants else None
        return RatingState(
            score=answer.score if rater is None else answer.ratings.get(rater),
            rater=rater,
            agreed=answer.score,
            ratings=tuple((p, answer.ratings.get(p)) for p in session.participants),
            target=answer.target,
            carried=answer.carried,
            choosing_target=self._choosing_target,
        )

    def _show_criterion(self) -> None:
        """Everything that depends on which criterion is on screen."""
        self._choosing_target = False
        self.query_one(ProgressStrip).index = self.index
        self.query_one(CriterionText).show(self.criterion)
        self.query_one(RadarView).highlight = self.index
        self.flush_note()
        note = self.query_one(NoteField)
        text = self.opened.session.answer(self.criterion.id).note
        if note.text != text:
            note.show(text)
        self._note_owner = self.criterion.id
        self._show_scores()

    def _show_scores(self) -> None:
        """What changes with an answer: the rating bar, the radar, the progress strip."""
        overlay = self._overlay()
        self.query_one(RatingBar).state = self._rating_state()
        self.query_one(RadarView).plot(overlay.series, overlay.markers)
        legend = self.query_one("#radar-legend", Static)
        legend.update(overlay.legend_text())
        legend.display = len(overlay.series) > 1
        strip = self.query_one(ProgressStrip)
        strip.scores = overlay.series[0]
        strip.flags = self._flags()
        # The footer offers 'c' only for a carried answer; repainting it on
        # every rating would cost bytes for nothing.
        carried = self.opened.session.answer(self.criterion.id).carried
        if carried != self._footer_carried:
            self._footer_carried = carried
            self.refresh_bindings()

    def _show_mode(self) -> None:
        opened = self.opened
        banner = self.query_one("#banner", Static)
        banner.update(one_line(opened.message))
        banner.display = bool(opened.message)
        self.query_one(RatingBar).enabled = opened.can_edit
        self.sub_title = one_line(opened.session.name)

    def watch_index(self) -> None:
        self._show_criterion()

    def watch_rater(self) -> None:
        self._show_scores()

    def on_session_changed(self, _: SessionChanged) -> None:
        # The session in memory was replaced (re-read from disk): the editor's
        # text is stale, so it must not be saved over the new note.
        self._note_owner = None
        self._show_criterion()
        self._show_mode()

    def on_screen_resume(self) -> None:
        # Back from the summary or help: the session may have changed meanwhile.
        if self.is_mounted:
            self.on_session_changed(SessionChanged())

    # -- actions ---------------------------------------------------------------

    def _refuse_if_read_only(self) -> bool:
        if self.opened.can_edit:
            return False
        self.notify(self.opened.message or "This session is read-only.", severity="warning")
        return True

    def action_rate(self, score: int) -> None:
        """A digit: sets the target after 't', else rates for whoever is rating."""
        if self._refuse_if_read_only():
            return
        opened, criterion_id = self.opened, self.criterion.id
        before = opened.path
        if self._choosing_target:
            self._choosing_target = False
            opened.set_target(criterion_id, score or None)
        elif self.rater in opened.session.participants and self.rater is not None:
            opened.rate_as(criterion_id, self.rater, score or None)
        else:
            opened.rate(criterion_id, score or None)
        self._show_scores()
        self.meshtui.report_save_problem(before)

    def action_next_rater(self, step: int) -> None:
        """Cycle who the digits rate for: agreed, then each participant."""
        raters: list[str | None] = [None, *self.opened.session.participants]
        position = raters.index(self.rater) if self.rater in raters else 0
        self.rater = raters[(position + step) % len(raters)]

    def action_choose_target(self) -> None:
        if self._refuse_if_read_only():
            return
        self._choosing_target = True
        self._show_scores()
        self.refresh_bindings()

    def action_confirm(self) -> None:
        if self._refuse_if_read_only():
            return
        before = self.opened.path
        if self.opened.confirm(self.criterion.id):
            self._show_scores()
            self.meshtui.report_save_problem(before)

    def on_rating_bar_changed(self, message: RatingBar.Changed) -> None:
        self.action_rate(message.score)

    def action_move(self, step: int) -> None:
        self.index = max(0, min(LAST, self.index + step))

    def action_go(self, index: int) -> None:
        self.index = max(0, min(LAST, index))

    def on_go_to_criterion(self, message: GoToCriterion) -> None:
        self.action_go(message.index)

    async def action_edit_note(self) -> None:
        if self._refuse_if_read_only():
            return
        await self.query_one(NoteField).edit()
        self.refresh_bindings()

    async def action_leave_note(self) -> None:
        if self._choosing_target:
            self._choosing_target = False
            self._show_scores()
            return
        self.flush_note()
        note = self.query_one(NoteField)
        if note.editing:
            # Focus leaves the editor before anything is awaited: the next key
            # rates or moves, it is never typed into the note.
            self.set_focus(None)
            finishing = note.finish()
            self.refresh_bindings()
            await finishing
        elif self._came_from_home():
            # Esc outside the note: back to the sessions list.
            self.dismiss()

    def _came_from_home(self) -> bool:
        from meshtui.app.screens.home import HomeScreen

        stack = self.app.screen_stack
        return len(stack) > 1 and stack[-1] is self and isinstance(stack[-2], HomeScreen)

    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        self.flush_note()

    def flush_note(self) -> None:
        """Save the editor's text as its owner's note (a no-op when unchanged)."""
        opened = self.meshtui.open_session
        if self._note_owner is None or opened is None or not opened.can_edit:
            return
        before = opened.path
        if opened.set_note(self._note_owner, self.query_one(NoteField).text):
            self.meshtui.report_save_problem(before)

    def on_unmount(self) -> None:
        # Leaving the interview (back to the list, or quitting) ends the
        # session: the last note is saved and the file's lock let go.
        with suppress(NoMatches):
            self.flush_note()
        self.meshtui.close_session()

    def action_scroll_text(self, how: str) -> None:
        scroll(self.query_one(CriterionText), how)

    def action_summary(self) -> None:
        from meshtui.app.screens.summary import SummaryScreen

        self.flush_note()
        self.app.push_screen(SummaryScreen())

    def on_show_summary(self, _: ShowSummary) -> None:
        self.action_summary()
