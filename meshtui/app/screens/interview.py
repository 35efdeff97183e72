"""One criterion at a time: what Low, Medium and High look like, the rating, a note, the radar.

The screen keeps one reactive, ``view`` (a ``CriterionView``), rebuilt from
the open session whenever something changes. Its parts are projections
(compute methods) that the children ``data_bind`` to, so a widget hears
only about its own part, and only when that part changed: a rating repaints
the rating bar, the strip and the radar's changed cells, not the text.

Keys are commands (see commands.py): priority bindings applied in the order
they arrive, however fast. ``e`` gives the note the focus before the next
key is read; Tab or Esc leaves it (the footer shows Tab: Esc followed at
once by a key reads as Alt+key on a terminal). Enter confirms and moves on.

Opened without ``--as`` on a session with participants, the screen first
asks "Who are you?" in the rating bar (a digit picks a participant, 0 or Esc
the facilitator); until then only the answer, reading and the App's keys work.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import var
from textual.widget import Widget

from meshtui.app.commands import Command, CommandScreen, bindings
from meshtui.app.messages import SessionChanged
from meshtui.app.scrolling import scroll
from meshtui.app.widgets.criterion_text import CriterionText
from meshtui.app.widgets.key_footer import KeyFooter
from meshtui.app.widgets.line import Line
from meshtui.app.widgets.note_field import NoteField
from meshtui.app.widgets.progress_strip import Progress, ProgressStrip
from meshtui.app.widgets.radar_view import RadarChart, RadarView
from meshtui.app.widgets.rating_bar import MAX_WHO_CHOICES, RatingBar, RatingState
from meshtui.app.workspace import Workspace, save_banner, show_notices
from meshtui.content import Criterion, about_text
from meshtui.literal import one_line
from meshtui.model import CRITERION_IDS
from meshtui.overlays import session_overlay
from meshtui.session_file import OpenSession

if TYPE_CHECKING:
    from textual.widgets import TextArea

LAST = len(CRITERION_IDS) - 1

#: Actions that change the session: not offered (nor shown) when it is read-only.
EDITING_ACTIONS = frozenset(
    {"rate", "edit_note", "choose_target", "confirm", "next_rater", "reveal", "toggle_blind"}
)

#: What works while "Who are you?" is asked, besides the answer and the App's keys.
WHILE_ASKING_WHO = frozenset({"choose_who", "scroll_text", "book_text"})

COMMANDS: tuple[Command, ...] = (
    Command("1", "rate(1)", "Rate", key_display="1-5", help="rate: 1 Low, 3 Medium, 5 High"),
    *(Command(str(score), f"rate({score})") for score in range(2, 6)),
    Command(
        "0,backspace", "rate(0)", key_display="0, Backspace", help="clear the rating (or target)"
    ),
    Command(
        "enter",
        "next",
        "Next",
        key_display="Enter",
        help="confirm the rating and go to the next criterion (the summary after the last)",
    ),
    Command(
        "n",
        "next",
        key_display="n",
        help="next criterion; after the last, the summary",
        palette="Next criterion",
    ),
    Command("right", "move(1)", key_display="Right", help="next criterion"),
    Command("left,p", "move(-1)", key_display="Left, p", help="previous criterion"),
    Command("home", "go(0)", key_display="Home / End", help="first / last criterion"),
    Command("end", f"go({LAST})"),
    Command("e", "edit_note", "Note", help="write a note for this criterion"),
    Command("tab", "leave_note", "Done", key_display="Tab", help="in the note: done writing"),
    Command(
        "escape",
        "leave_note",
        key_display="Esc",
        help="in the note: done; else back to the sessions list (if opened from it)",
    ),
    Command("escape", "back"),
    Command(
        "tab",
        "next_rater(1)",
        "Rater",
        key_display="Tab",
        help="rate as the next participant, or agreed",
    ),
    Command("shift+tab", "next_rater(-1)", key_display="shift+Tab", help="previous rater"),
    Command("t", "choose_target", key_display="t then 1-5", help="set the target (t 0 clears)"),
    # Not in the footer: the rating line says "carried, c confirms", and
    # Enter confirms too (the footer must fit 60 columns).
    Command(
        "c",
        "confirm",
        help="confirm an answer carried over from the last session",
        palette="Confirm the carried answer",
    ),
    # Not in the footer either: the rating line says "blind: shown when all have rated".
    Command(
        "v",
        "reveal",
        help="blind rating: show this criterion's ratings before everyone has rated "
        "(the facilitator; the file records it)",
        palette="Reveal the ratings now",
    ),
    # Offered only before anyone has rated: ratings once seen cannot be hidden
    # again. Not in the footer (it must fit 60 columns): the pairing line says
    # "blind off, B switches".
    Command(
        "B",
        "toggle_blind",
        key_display="B",
        help="blind rating on or off, before anyone has rated (each rating is hidden "
        "from the others until all have rated)",
        palette="Blind rating on or off",
    ),
    Command("s", "summary", "Summary", help="the summary", palette="Summary"),
    Command("i", "book_text", key_display="i", help="the book's view, then meshtui's questions"),
    Command("up", "scroll_text('up')", key_display="Up / Down", help="scroll the text"),
    Command("down", "scroll_text('down')"),
    Command("pageup", "scroll_text('page_up')", key_display="PgUp / PgDn", help="page the text"),
    Command("pagedown", "scroll_text('page_down')"),
    # "Who are you?", asked first without --as: while it is, a digit answers it
    # (check_action gives the digits to nothing else).
    Command(
        "1",
        "choose_who(1)",
        key_display="1-9",
        help='"Who are you?" (asked first without --as): that participant',
    ),
    *(Command(str(n), f"choose_who({n})") for n in range(2, MAX_WHO_CHOICES + 1)),
    Command(
        "0,escape",
        "choose_who(0)",
        "Facilitator",
        key_display="0, Esc",
        help='"Who are you?": the facilitator, who sets the agreed score',
    ),
    # A read-only session offers none of the editing keys; pressed anyway,
    # they say why nothing happens.
    Command("1,2,3,4,5,0,backspace,e,t,c,B", "read_only"),
)

#: Lines that have something to say only now and then: a save problem or who
#: else is here, "all answered", an overlay's legend. Each is mounted the first
#: time its part of the view has text (every widget costs start-up time), then
#: stays, given that part's text by ``_show``. Part of the view -> (the line's
#: id, the widget it goes next to, whether before it).
OPTIONAL_LINES: dict[str, tuple[str, str, bool]] = {
    "banner": ("banner", "body", True),
    "done": ("done", "rating", True),
    "legend": ("radar-legend", "radar-caption", False),
}

BLIND_ON = "Blind rating on: each rating is hidden from the others until all have rated."
BLIND_OFF = "Blind rating off: everyone sees each rating as it is given."

PAIRING = (
    "Pairing: each participant can rate on their own (Tab). When all their ratings match, "
    "that becomes the agreed score. Ratings 2 or more apart are flagged DISCUSS (! in the "
    "progress line) until a score is agreed (Tab back to 'agreed', then 1-5): then the "
    "criterion reads 'settled'. ~ marks an answer carried over and not yet confirmed."
)


class CriterionView(NamedTuple):
    """Everything the interview shows for the criterion on screen."""

    criterion: Criterion
    progress: Progress
    rating: RatingState
    chart: RadarChart
    legend: str = ""
    caption: str = ""
    note: str = ""
    banner: str = ""
    #: Shown once every criterion has a score: how to see the summary.
    done: str = ""
    editable: bool = True
    #: What the footer offers besides the usual keys (a carried answer, raters).
    extras: tuple[str, ...] = ()


class InterviewScreen(CommandScreen[None]):
    """The interview. ``index`` is the criterion on screen, 0-7 in the book's order."""

    COMMANDS_LIST = COMMANDS
    BINDINGS: ClassVar = bindings(COMMANDS)

    #: Nothing is focused at first, so digits rate; 'e' focuses the note.
    AUTO_FOCUS = ""
    #: Its footer is full: ctrl+p is in the help instead.
    PALETTE_IN_FOOTER = False

    # No reactive here repaints the screen itself: the bound children repaint
    # what changed for them, and nothing else goes over the wire.
    index: var[int] = var(0, init=False)
    """The criterion on screen."""

    rater: var[str | None] = var(None, init=False)
    """Who the digits rate for: None for the agreed score, else a participant."""

    view: var[CriterionView] = var(None, init=False)  # type: ignore[arg-type]
    """What is on screen; rebuilt as a whole by ``_show``. Children bind to its parts."""

    # The parts, as compute methods: a part's watchers (the bound children) run
    # only when that part differs. Read them through ``view``: reading a
    # computed reactive runs its watchers again.
    progress: var[Progress] = var(Progress)
    rating: var[RatingState] = var(RatingState)
    chart: var[RadarChart] = var(RadarChart)
    criterion: var[Criterion | None] = var(None)
    note: var[str] = var("")
    caption: var[str] = var("")

    def compute_progress(self) -> Progress:
        return self.view.progress

    def compute_rating(self) -> RatingState:
        return self.view.rating

    def compute_chart(self) -> RadarChart:
        return self.view.chart

    def compute_criterion(self) -> Criterion:
        return self.view.criterion

    def compute_note(self) -> str:
        return self.view.note

    def compute_caption(self) -> str:
        return self.view.caption

    def __init__(
        self,
        workspace: Workspace,
        index: int | None = None,
        *,
        rater: str | None = None,
        can_go_back: bool = False,
    ) -> None:
        """``index`` None: where the user left off (the first unanswered criterion).
        ``rater``: the participant the digits rate for at first (``--as``).
        ``can_go_back``: Esc dismisses the screen (it was opened from the sessions list)."""
        super().__init__()
        self.set_reactive(InterviewScreen.rater, rater)
        self.workspace = workspace
        self.can_go_back = can_go_back
        #: After 't', the next digit sets the target instead of a rating.
        self._choosing_target = False
        session = workspace.session_open.session
        #: Without ``--as``: who is rating here is asked first (in the rating bar).
        self._asking_who = (
            workspace.ask_who and workspace.session_open.can_edit and bool(session.participants)
        )
        workspace.ask_who = False
        # While it is asked, the note line (which offers 'e') is hidden. Set before
        # mounting: a class changed later restyles the whole screen.
        self.set_class(self._asking_who, "-asking-who")
        first = session.first_unanswered()
        #: A finished session opens at its summary, with the questions under it.
        self._open_summary = index is None and first is None
        self.set_reactive(InterviewScreen.index, first or 0 if index is None else index)
        self.set_reactive(InterviewScreen.view, self._make_view())
        #: Whose note the editor holds. Saving goes to this id, not to the
        #: criterion on screen, so a keystroke still queued when the user
        #: moves on can never land in the wrong criterion's note.
        self._note_owner: str | None = self.view.criterion.id

    @property
    def opened(self) -> OpenSession:
        return self.workspace.session_open

    @property
    def content_criteria(self) -> tuple[Criterion, ...]:
        return self.workspace.content.criteria

    def compose(self) -> ComposeResult:
        view = self.view
        yield ProgressStrip(self.workspace.content, id="progress").data_bind(
            InterviewScreen.progress
        )
        if view.banner:
            yield self._optional_line("banner")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield CriterionText(view.criterion, id="text").data_bind(InterviewScreen.criterion)
                if view.done:
                    yield self._optional_line("done")
                yield RatingBar(id="rating").data_bind(state=InterviewScreen.rating)
                yield NoteField(view.note, id="note").data_bind(InterviewScreen.note)
            with Vertical(id="side"):
                yield Line(self._session_title(), id="session-name")
                yield RadarView(
                    self.workspace.content.axis_labels,
                    braille=self.workspace.braille,
                    id="radar",
                ).data_bind(InterviewScreen.chart)
                yield Line(view.caption, id="radar-caption").data_bind(text=InterviewScreen.caption)
                if view.legend:
                    yield self._optional_line("legend")
                # Only a terminal that is not UTF-8 can ever need it (see Workspace.radar_note).
                if self.workspace.ascii_only is not None:
                    yield Line(self.workspace.radar_note, classes="radar-note")
        yield KeyFooter()

    def _optional_line(self, part: str) -> Line:
        """The line that shows the view's ``part`` (see OPTIONAL_LINES)."""
        line_id, _, _ = OPTIONAL_LINES[part]
        return Line(getattr(self.view, part), id=line_id)

    def _show_optional_lines(self) -> None:
        """Give each optional line its part of the view, mounting it the first time
        that part has text. (Not data_bind: a key's action runs in the App's
        context, where a binding made now would not know this screen.)"""
        if not self.is_mounted:
            return
        for part, (line_id, anchor, before) in OPTIONAL_LINES.items():
            text = getattr(self.view, part)
            lines = self.query(f"#{line_id}").results(Line)
            for line in lines:
                line.text = text
            if text and not self.query(f"#{line_id}"):
                sibling = self.query_one(f"#{anchor}")
                parent = sibling.parent
                assert isinstance(parent, Widget)
                line = self._optional_line(part)
                if before:
                    parent.mount(line, before=sibling)
                else:
                    parent.mount(line, after=sibling)

    def on_mount(self) -> None:
        self.sub_title = one_line(self.opened.session.name)

    def _session_title(self) -> str:
        session = self.opened.session
        if session.organization:
            return f"{session.name} ({session.organization})"
        return session.name

    # -- the view --------------------------------------------------------------

    def _make_view(self) -> CriterionView:
        opened = self.opened
        # Blind rating hides the others' ratings on screen: everything below
        # is drawn from the session as this user may see it.
        session = opened.session.seen_by(opened.as_who or None)
        criteria = self.content_criteria
        criterion = criteria[self.index]
        answer = session.answer(criterion.id)
        waiting = opened.session.ratings_hidden(criterion.id)
        rated = opened.session.answer(criterion.id).ratings
        # Blind can be switched before anyone rates (the model's rule), by an
        # editor; asked of the whole session, as ratings hidden here count too.
        switchable = (
            bool(session.participants) and opened.can_edit and not opened.session.rated_yet()
        )
        overlay = session_overlay(session)
        flags = tuple(
            "!" if a.discuss else "~" if a.carried else ""
            for a in (session.answer(c.id) for c in criteria)
        )
        rater = self.rater if self.rater in session.participants else None
        rating = RatingState(
            score=answer.score if rater is None else answer.ratings.get(rater),
            rater=rater,
            agreed=answer.score,
            ratings=tuple((p, answer.ratings.get(p)) for p in session.participants),
            target=answer.target,
            carried=answer.carried,
            choosing_target=self._choosing_target,
            disagreement=answer.disagreement(),
            discuss=answer.discuss,
            hidden=tuple(p for p in rated if p not in answer.ratings) if waiting else (),
            blind_waiting=waiting,
            blind_switch=opened.session.blind if switchable else None,
            choosing_who=(
                tuple(opened.session.participants[:MAX_WHO_CHOICES]) if self._asking_who else ()
            ),
        )
        answered = session.answered_count()
        done = ""
        if answered == len(criteria):
            on_last = "Enter or n" if self.index == LAST else "s"
            done = f"All {answered} answered: {on_last} shows the summary."
        extras = tuple(
            name
            for name, on in (
                ("confirm", answer.carried),
                ("rater", bool(session.participants)),
                ("reveal", waiting and not opened.as_who),
                ("blind", switchable),
                ("who", self._asking_who),
            )
            if on
        )
        return CriterionView(
            criterion=criterion,
            progress=Progress(self.index, overlay.series[0], flags),
            rating=rating,
            chart=RadarChart(overlay.series, overlay.markers, self.index),
            legend=overlay.legend_text() if len(overlay.series) > 1 else "",
            caption=f"{criterion.letter}: {criterion.title}",
            note=answer.note,
            banner=save_banner(opened),
            done=done,
            editable=opened.can_edit,
            extras=extras,
        )

    def _show(self) -> None:
        """Rebuild the view from the session; the bound children repaint what differs."""
        before = self.view
        self.view = self._make_view()
        self._show_optional_lines()
        # The footer changes only with what is on offer, not with every rating:
        # repainting it costs bytes for nothing.
        if (before.extras, before.editable) != (self.view.extras, self.view.editable):
            self.refresh_bindings()

    def watch_index(self) -> None:
        self._choosing_target = False
        self.flush_note()
        self._show()
        self._note_owner = self.view.criterion.id

    def watch_rater(self) -> None:
        self._show()

    def on_session_changed(self, _: SessionChanged) -> None:
        # The session in memory was replaced (re-read from disk): the editor's
        # text is stale, so it must not be saved over the new note.
        self._note_owner = None
        self._show()
        self._note_owner = self.view.criterion.id
        self.sub_title = one_line(self.opened.session.name)

    def on_screen_resume(self) -> None:
        if self._asking_who:
            # First of all, before the summary of a finished session too: the
            # summary opens once the rating bar's question is answered.
            return
        if self._open_summary:
            self._open_summary = False
            self.action_summary()
        elif self.is_mounted:
            # Back from the summary or help: the session may have changed meanwhile.
            self._show()

    # -- which keys work now ---------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the note is being written the keys belong to it: the footer
        # shows only how to leave it.
        if self._asking_who:
            if action == "choose_who":
                number = parameters[0] if parameters else 0
                return isinstance(number, int) and number <= len(self.view.rating.choosing_who)
            return action in WHILE_ASKING_WHO
        if action == "choose_who":
            return False
        editing = self.is_mounted and self.query_one(NoteField).editing
        if action == "leave_note":
            return editing or self._choosing_target
        if editing:
            return False
        view = self.view
        if action == "read_only":
            return not view.editable
        if action in EDITING_ACTIONS and not view.editable:
            return False
        if action == "back":
            return self.can_go_back
        if action == "next_rater":
            return "rater" in view.extras
        if action == "confirm":
            return "confirm" in view.extras
        if action == "reveal":
            return "reveal" in view.extras
        if action == "toggle_blind":
            return "blind" in view.extras
        return True

    # -- actions ---------------------------------------------------------------

    def _after_change(self, before: Path) -> None:
        """Show a change; say so loudly if autosave had to move to a recovery file."""
        moved = self.workspace.moved(before)
        if moved:
            self.notify(moved, title="Saved elsewhere", severity="warning", timeout=15)
        show_notices(self.workspace, self.notify)
        self._show()

    def action_read_only(self) -> None:
        self.notify(self.opened.message or "This session is read-only.", severity="warning")

    def action_rate(self, score: int) -> None:
        """A digit: sets the target after 't', else rates for whoever is rating."""
        opened, criterion_id = self.opened, self.view.criterion.id
        before = opened.path
        if self._choosing_target:
            self._choosing_target = False
            opened.set_target(criterion_id, score or None)
        elif self.rater is not None and self.rater in opened.session.participants:
            opened.rate_as(criterion_id, self.rater, score or None)
        else:
            opened.rate(criterion_id, score or None)
        self._after_change(before)

    def action_choose_who(self, number: int) -> None:
        """The answer to "Who are you?" (1-9 a participant, 0 the facilitator): write as
        them; their digits rate for them."""
        choices = self.view.rating.choosing_who
        who = choices[number - 1] if 0 < number <= len(choices) else ""
        self._asking_who = False
        self.remove_class("-asking-who")
        self.opened.become(who)
        self.rater = who or None
        self._show()
        if self._open_summary:
            self._open_summary = False
            self.action_summary()

    def action_reveal(self) -> None:
        """Blind rating: show this criterion's ratings now, before everyone has rated."""
        before = self.opened.path
        self.opened.apply(lambda session: session.reveal(self.view.criterion.id))
        self._after_change(before)

    def action_toggle_blind(self) -> None:
        """Blind rating on or off, saved and merged like every change."""
        before = self.opened.path
        if self.opened.apply(lambda session: session.set_blind(not session.blind)):
            self.notify(BLIND_ON if self.opened.session.blind else BLIND_OFF)
        self._after_change(before)

    def action_next_rater(self, step: int) -> None:
        """Cycle who the digits rate for: agreed, then each participant."""
        raters: list[str | None] = [None, *self.opened.session.participants]
        position = raters.index(self.rater) if self.rater in raters else 0
        self.rater = raters[(position + step) % len(raters)]

    def action_choose_target(self) -> None:
        self._choosing_target = True
        self._show()
        self.refresh_bindings()

    def action_confirm(self) -> None:
        before = self.opened.path
        if self.opened.confirm(self.view.criterion.id):
            self._after_change(before)

    def on_rating_bar_changed(self, message: RatingBar.Changed) -> None:
        if self.view.editable:
            self.action_rate(message.score)

    def action_next(self) -> None:
        """Enter or n: confirm what is there, then the next criterion (after the last: the
        summary)."""
        if self.view.editable and self.view.rating.carried:
            self.action_confirm()
        if self.index == LAST:
            self.action_summary()
        else:
            self.index += 1

    def action_move(self, step: int) -> None:
        self.index = max(0, min(LAST, self.index + step))

    def action_go(self, index: int) -> None:
        self.index = max(0, min(LAST, index))

    async def action_edit_note(self) -> None:
        await self.query_one(NoteField).edit()
        self.refresh_bindings()

    async def action_leave_note(self) -> None:
        if self._choosing_target:
            self._choosing_target = False
            self._show()
            self.refresh_bindings()
            return
        note = self.query_one(NoteField)
        if not note.editing:
            return
        # Keys typed before this one may still wait in the editor's queue:
        # let it take them, then save, then take the focus away. The next key
        # (already waiting in the App's queue) rates or moves, never types.
        await _drained(self.focused)
        self.flush_note()
        self.set_focus(None)
        finishing = note.finish()
        self.refresh_bindings()
        await finishing

    def action_back(self) -> None:
        self.flush_note()
        self.dismiss()

    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        self.flush_note()

    def on_unmount(self) -> None:
        # Quitting or a hang-up while the note is open: keep what was typed.
        # (Closing the session is its opener's job, never this screen's.)
        if self.workspace.opened is not None:
            with suppress(NoMatches):
                self.flush_note()

    def flush_note(self) -> None:
        """Save the editor's text as its owner's note (a no-op when unchanged)."""
        opened = self.workspace.opened
        if self._note_owner is None or opened is None or not opened.can_edit:
            return
        before = opened.path
        if opened.set_note(self._note_owner, self.query_one(NoteField).text):
            # The view's note follows the saved one (the editor already shows it).
            self._after_change(before)

    def action_scroll_text(self, how: str) -> None:
        scroll(self.query_one(CriterionText), how)

    def action_book_text(self) -> None:
        self.query_one(CriterionText).show_book_text()

    def action_summary(self) -> None:
        # Imported here: the summary's tables are not needed to start an interview.
        from meshtui.app.screens.summary import SummaryScreen

        self.flush_note()

        def come_back(index: int | None) -> None:
            if index is not None:
                self.action_go(index)

        self.app.push_screen(SummaryScreen(self.workspace), come_back)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from super().palette_commands()
        for index, criterion in enumerate(self.content_criteria):
            yield SystemCommand(
                f"Go to {criterion.letter}: {criterion.title}",
                f"Criterion {index + 1} of {len(self.content_criteria)}",
                lambda index=index: self.action_go(index),
            )

    def help_about(self) -> str:
        """Pairing, then the book's questions, the scale, the rule, "now" and the sources."""
        return f"{PAIRING}\n\n{about_text(self.workspace.content)}"


async def _drained(widget: object) -> None:
    """Wait until ``widget`` has handled every message already in its queue."""
    from textual.message_pump import MessagePump

    if not isinstance(widget, MessagePump):
        return
    handled = asyncio.Event()
    if widget.call_later(handled.set):
        await handled.wait()
