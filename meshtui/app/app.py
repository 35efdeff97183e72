"""The interactive app: a thin App that holds the open session and the screens' flow.

Screens do the work; the App owns what is shared between them: the store,
the content, the user's config and the one open session (with its lock and
autosave), which it polls once a second for changes made by another program.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content as TextualContent
from textual.screen import Screen

from meshtui.app.messages import (
    ExportReport,
    GoToCriterion,
    SessionChanged,
    ShowSummary,
    ToggleBraille,
)
from meshtui.app.widgets.radar_view import RadarView
from meshtui.config import Config, load_config, save_config
from meshtui.content import Content, example_session_path, load_content
from meshtui.files import FileProblem, ensure_private_dir, write_atomic
from meshtui.hangup import EXIT_SIGNALS, exit_soon, exit_status, terminal_hung_up
from meshtui.literal import one_line, terminal_is_ascii_only
from meshtui.session_file import OpenSession, PollResult
from meshtui.store import SessionError, SessionStore

POLL_SECONDS = 1.0
#: How often to check that the terminal is still there (a closed ssh connection).
HANG_UP_CHECK_SECONDS = 0.25


def use_ascii_scrollbars() -> None:
    """Draw scrollbars with spaces on a coloured track instead of partial-block glyphs."""
    from textual.scrollbar import ScrollBarRender

    ScrollBarRender.VERTICAL_BARS = [" "] * 8
    ScrollBarRender.HORIZONTAL_BARS = [" "] * 8


class MeshtuiApp(App[None]):
    """meshtui's interview app."""

    CSS_PATH = "meshtui.tcss"
    TITLE = "meshtui"
    SUB_TITLE = "data mesh readiness"
    # Below 80 columns the radar moves under the text instead of beside it.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]  # noqa: RUF012 (Textual declares it)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("b", "toggle_braille", "Braille", show=False),
    ]

    def __init__(
        self,
        store: SessionStore,
        *,
        opened: OpenSession | None = None,
        content: Content | None = None,
        config: Config | None = None,
        ascii_only: bool = False,
        rater: str | None = None,
    ) -> None:
        super().__init__()
        self.ascii_only = ascii_only
        #: ``--as``: the participant the digits rate for when a session opens.
        self.rater = rater
        self.store = store
        self.content = content or load_content()
        self.config = config or Config()
        self.open_session: OpenSession | None = opened
        #: Where answers had to be saved other than their own file; said again at exit.
        self.saved_elsewhere: list[str] = []
        #: A closed session whose answers are still not on disk: kept, never dropped.
        self.unsaved: OpenSession | None = None
        #: The save problem on screen now (a toast that stays until a save works).
        self._shown_problem: str | None = None

    def notify(self, message: str, **kwargs: Any) -> None:
        # Messages here quote names, notes and paths from users and files:
        # they are never read as markup.
        kwargs["markup"] = False
        super().notify(message, **kwargs)

    def format_title(self, title: str, sub_title: str) -> TextualContent:
        # Plain ASCII separator: the header must read right on ASCII-only terminals.
        if not sub_title:
            return TextualContent(title)
        return TextualContent.assemble(
            TextualContent(title), (" - ", "dim"), TextualContent(sub_title).stylize("dim")
        )

    # -- start-up ------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        if self.open_session is None:
            from meshtui.app.screens.home import HomeScreen

            return HomeScreen()
        from meshtui.app.screens.interview import InterviewScreen

        return InterviewScreen(self.open_session.session.first_unanswered() or 0, self.rater)

    def on_mount(self) -> None:
        for warning in self.store.folder_warnings():
            self.notify(warning, title="Sessions folder", severity="warning", timeout=15)
        if self.ascii_only:
            # Styles switch borders to ASCII; scrollbars lose their block glyphs.
            self.add_class("-ascii")
            use_ascii_scrollbars()
        self.set_interval(POLL_SECONDS, self._poll_session)
        if not self.is_headless:
            self._watch_for_hang_up()
        self._show_summary_if_complete()

    # -- hang-up and termination ---------------------------------------------

    def _watch_for_hang_up(self) -> None:
        """End in order on SIGHUP or SIGTERM, or when the terminal goes away without
        a signal (Textual's input thread would spin on its end of input for ever)."""
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            loop.add_signal_handler(signum, self.hang_up, signum)
        self.set_interval(HANG_UP_CHECK_SECONDS, self._check_terminal)

    def _check_terminal(self) -> None:
        stdin = sys.__stdin__
        if stdin is None or terminal_hung_up(stdin.fileno()):
            self.hang_up(signal.SIGHUP)

    def hang_up(self, signum: int) -> None:
        """Save the note being typed, let go of the lock and exit, within a second:
        if the orderly way out blocks, ``exit_soon`` ends the process anyway."""
        status = exit_status(signum)
        if self.return_code == status:
            return
        exit_soon(status)
        self.exit(return_code=status)

    def _show_summary_if_complete(self) -> None:
        """A finished session opens at its summary, with the questions under it."""
        from meshtui.app.screens.summary import SummaryScreen

        if self.open_session is not None and self.open_session.session.first_unanswered() is None:
            self.push_screen(SummaryScreen())

    # -- the open session ------------------------------------------------------

    def open_path(self, path: Path, *, example: bool = False) -> None:
        """Open a session file from the home screen; say why if it cannot be read."""
        self.close_session()
        try:
            self.open_session = OpenSession.open(path, self.store, example=example)
        except SessionError as exc:
            self.notify(one_line(str(exc)), title="Cannot open", severity="error", timeout=8)
            return
        from meshtui.app.screens.interview import InterviewScreen

        self.push_screen(InterviewScreen(self.open_session.session.first_unanswered() or 0))
        self._show_summary_if_complete()

    def open_example(self) -> None:
        self.open_path(example_session_path(), example=True)

    def close_session(self) -> None:
        if self.open_session is not None:
            opened = self.open_session
            message = opened.close()
            if opened.save_problem is not None:
                self.unsaved = opened  # quitting asks what to do with these answers
            elif message:
                self.saved_elsewhere.append(message)
                self.notify(message, title="Saved elsewhere", severity="warning", timeout=15)
            self.open_session = None
        self.show_save_problem()

    def pending_session(self) -> OpenSession | None:
        """The session whose answers are not all on disk, if any."""
        for opened in (self.open_session, self.unsaved):
            if opened is not None and opened.save_problem is not None:
                return opened
        return None

    def _retry(self, pending: OpenSession) -> bool:
        """Try once more to save; say where if the answers went to a recovery file."""
        before = pending.path
        saved = pending.retry_save()
        if pending.path != before:
            self.saved_elsewhere.append(pending.message)
        self.show_save_problem()
        return saved

    def show_save_problem(self) -> None:
        """Show a failed save at once, and keep it on screen until a save works."""
        pending = self.pending_session()
        problem = None if pending is None else pending.save_problem
        if problem == self._shown_problem:
            return
        if self._shown_problem is not None:
            self.clear_notifications()
        self._shown_problem = problem
        if problem is None:
            self.notify("Saved: every answer is on disk again.", title="Saved")
            return
        self.notify(
            f"{problem} Kept here; every change tries again, q offers a copy elsewhere.",
            title="NOT SAVED",
            severity="error",
            timeout=24 * 3600,
        )

    def _poll_session(self) -> None:
        opened = self.open_session
        if opened is None:
            return
        result = opened.poll()
        if result is PollResult.UNCHANGED:
            return
        if result is PollResult.TOOK_OVER:
            self.notify("The other meshtui closed this session: you can edit it now.")
        elif result is PollResult.DETACHED:
            self.notify(opened.message, severity="warning", timeout=10)
        self.show_save_problem()
        for screen in self.screen_stack:
            screen.post_message(SessionChanged())

    def report_save_problem(self, before: Path) -> None:
        """After a change: if autosave had to move to a recovery file, say so loudly."""
        self.show_save_problem()
        opened = self.open_session
        if opened is not None and opened.path != before:
            self.saved_elsewhere.append(opened.message)
            self.notify(opened.message, title="Saved elsewhere", severity="warning", timeout=15)
            for screen in self.screen_stack:
                screen.post_message(SessionChanged())

    # -- actions and commands ----------------------------------------------------

    def action_help(self) -> None:
        from meshtui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_braille(self) -> None:
        self.config.braille = not self.config.braille
        for screen in self.screen_stack:
            for radar in screen.query(RadarView):
                radar.braille = self.config.braille
        if not save_config(self.config):
            self.notify("Could not remember the radar style: the config file is unreadable.")

    def on_toggle_braille(self, _: ToggleBraille) -> None:
        self.action_toggle_braille()

    def export_report(self, format: str) -> Path | None:
        """Write the open session's report as Markdown, JSON, HTML or SVG; returns the file."""
        from meshtui.reports import Format, render, session_report
        from meshtui.store import slugify

        opened = self.open_session
        if opened is None:
            return None
        session = opened.session
        exports: dict[str, tuple[Format, str]] = {
            "markdown": ("markdown", ".md"),
            "json": ("json", ".json"),
            "html": ("html", ".html"),
            "svg": ("svg", ".svg"),
        }
        fmt, suffix = exports.get(format, exports["markdown"])
        text = render(session_report(session, self.content), fmt)
        name = f"{slugify(session.name)}{suffix}"
        for folder in (Path.cwd(), self.store.data_dir / "exports"):
            target = folder / name
            try:
                if folder != Path.cwd():  # ours to create; the current folder is the user's
                    ensure_private_dir(folder)
                write_atomic(target, text.encode("utf-8"))
            except (OSError, FileProblem):
                continue
            self.notify(f"Wrote {target}", title="Exported")
            return target
        self.notify("Could not write the export anywhere.", severity="error")
        return None

    def on_export_report(self, message: ExportReport) -> None:
        self.export_report(message.format)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Toggle braille radar",
            "Draw the radar with braille dots or ASCII",
            self.action_toggle_braille,
        )
        if self.open_session is None:
            return
        for index, criterion in enumerate(self.content.criteria):
            yield SystemCommand(
                f"Go to {criterion.letter}: {criterion.title}",
                f"Criterion {index + 1} of 8",
                lambda index=index: self.screen.post_message(GoToCriterion(index)),
            )
        yield SystemCommand(
            "Summary",
            "The radar, all scores and the verdict",
            lambda: self.screen.post_message(ShowSummary()),
        )
        yield SystemCommand(
            "Export as Markdown",
            "Write the report to NAME.md in the current folder",
            lambda: self.export_report("markdown"),
        )
        yield SystemCommand(
            "Export as JSON",
            "Write the report to NAME.json in the current folder",
            lambda: self.export_report("json"),
        )
        yield SystemCommand(
            "Export as HTML",
            "Write the report to NAME.html in the current folder (one page, prints well)",
            lambda: self.export_report("html"),
        )
        yield SystemCommand(
            "Export as SVG",
            "Write the radar chart to NAME.svg in the current folder",
            lambda: self.export_report("svg"),
        )

    def action_quit(self) -> None:  # type: ignore[override]
        # Everything is saved already, so quitting never asks; unless a save
        # failed: then it refuses, says why and offers a retry or a copy.
        pending = self.pending_session()
        if pending is None or self._retry(pending):
            self.exit()
            return
        from meshtui.app.screens.unsaved import UnsavedChoice, UnsavedDialog

        def chosen(choice: UnsavedChoice) -> None:
            self.show_save_problem()
            if choice is None:
                return
            how, folder = choice
            if how == "copy":
                try:
                    target = pending.save_copy(Path(folder or "."))
                except SessionError as exc:
                    self.notify(one_line(str(exc)), title="No copy written", severity="error")
                    return
                self.saved_elsewhere.append(pending.message)
                self.notify(f"Wrote {target}", title="Saved")
            self.action_quit()

        # The dialog says it all: the notice would cover it (it comes back after).
        self.clear_notifications()
        self._shown_problem = None
        problem = pending.save_problem or ""
        self.push_screen(UnsavedDialog(problem, str(Path.home())), chosen)

    def on_unmount(self) -> None:
        self.close_session()


def run_app(
    store: SessionStore,
    *,
    open_path: Path | None = None,
    example: bool = False,
    rater: str | None = None,
) -> int:
    """Run the app, opening ``open_path`` if given (rating as ``rater``, a participant,
    if given). SessionError if it cannot be read."""
    content = load_content()
    opened = OpenSession.open(open_path, store, example=example) if open_path else None
    app = MeshtuiApp(
        store,
        opened=opened,
        content=content,
        config=load_config(),
        ascii_only=terminal_is_ascii_only(),
        rater=rater,
    )
    try:
        app.run()
    finally:
        app.close_session()
        pending = app.pending_session()
        rescued = pending.rescue() if pending is not None else None
        if rescued:
            app.saved_elsewhere.append(rescued)
    for message in app.saved_elsewhere:
        # After a hang-up there may be no terminal left to say it on.
        with suppress(OSError):
            print(f"meshtui: {one_line(message)}", file=sys.stderr)
    return app.return_code or 0
