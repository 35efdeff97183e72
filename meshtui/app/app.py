"""The interactive app: a thin App around a Workspace, and the first screen.

Screens do the work and get the ``Workspace`` (store, content, config, the
open session) through their constructors. The App only picks the first
screen, polls the open session's file once a second for changes made by
another program (``poll_session``, which tests call directly), and owns the
keys every screen shares (help, quit, the radar style).
"""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.content import Content as TextualContent
from textual.screen import Screen

from meshtui.app.commands import APP_COMMANDS, CommandScreen, bindings
from meshtui.app.messages import SessionChanged
from meshtui.app.terminal import install_input_filter, mouse_problem
from meshtui.app.widgets.line import Line
from meshtui.app.widgets.radar_view import RadarView
from meshtui.app.workspace import Workspace, show_notices
from meshtui.config import Config, load_config
from meshtui.content import Content, load_content
from meshtui.hangup import EXIT_SIGNALS, exit_soon, exit_status, terminal_hung_up
from meshtui.literal import ascii_only_reason, one_line, visible
from meshtui.session_file import OpenSession, PollResult
from meshtui.store import SessionError, SessionStore

#: The sessions list's styles (see ``__init__``).
HOME_CSS = Path(__file__).parent / "screens" / "home.tcss"

POLL_SECONDS = 0.5
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
    # Below 80 columns the radar moves under the text instead of beside it;
    # below 28 rows (narrow only) it makes way for the rating and the anchors.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide"), (100, "-roomy")]  # noqa: RUF012 (Textual declares it)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]  # noqa: RUF012 (Textual declares it)
    BINDINGS: ClassVar[list[BindingType]] = bindings(APP_COMMANDS[:3])

    def __init__(
        self,
        store: SessionStore,
        *,
        opened: OpenSession | None = None,
        content: Content | None = None,
        config: Config | None = None,
        ascii_only: str | None = None,
        rater: str | None = None,
        ask_who: bool = False,
    ) -> None:
        from meshtui.app.terminal import ascii_driver_class

        super().__init__(driver_class=ascii_driver_class() if ascii_only else None)
        if opened is None:
            # The sessions list is the first screen. Textual reads a screen's own
            # CSS_PATH only when it is pushed, never for the first screen: the
            # list's styles come with the App's, and only when it is shown.
            self.css_path = [*self.css_path, HOME_CSS]
        #: Why only ASCII is sent (see meshtui.literal.ascii_only_reason), or None.
        self.ascii_only = ascii_only
        if ascii_only:
            # Styles switch borders to ASCII; scrollbars lose their block glyphs.
            # Set before running: a class changed once mounted restyles everything.
            # Braille as the remembered choice: each radar says why it is ASCII
            # (Workspace.radar_note), in a line that stays.
            self.add_class("-ascii")
            use_ascii_scrollbars()
        #: ``--as``: the participant the digits rate for when a session opens.
        self.rater = rater
        self.workspace = Workspace(
            store, content or load_content(), config or Config(), opened, ascii_only=ascii_only
        )
        #: Without ``--as``: the interview asks who is rating here first.
        self.workspace.ask_who = ask_who

    @property
    def saved_elsewhere(self) -> list[str]:
        """Where answers had to be saved other than their own file; said again at exit."""
        return self.workspace.saved_elsewhere

    def notify(self, message: str, **kwargs: Any) -> None:
        # Messages here quote names, notes and paths from users and files:
        # they are never read as markup.
        # Control characters in them are shown, never sent: one net for every toast.
        kwargs["markup"] = False
        if isinstance(kwargs.get("title"), str):
            kwargs["title"] = visible(kwargs["title"])
        super().notify(visible(message), **kwargs)

    def format_title(self, title: str, sub_title: str) -> TextualContent:
        # Plain ASCII separator: the header must read right on ASCII-only terminals.
        if not sub_title:
            return TextualContent(title)
        return TextualContent.assemble(
            TextualContent(title), (" - ", "dim"), TextualContent(sub_title).stylize("dim")
        )

    def get_default_screen(self) -> Screen[None]:
        # Imported here: start-up loads only the screen it shows (the sessions
        # list needs DataTable, the interview does not).
        if self.workspace.opened is None:
            from meshtui.app.screens.home import HomeScreen

            return HomeScreen(self.workspace)
        from meshtui.app.screens.interview import InterviewScreen

        return InterviewScreen(self.workspace, rater=self.rater)

    def on_mount(self) -> None:
        # The CLI pauses the garbage collector for the start-up: on again once
        # the first screen is on the terminal.
        self.call_after_refresh(gc.enable)
        for warning in self.workspace.store.folder_warnings():
            self.notify(warning, title="Sessions folder", severity="warning", timeout=15)
        self.set_interval(POLL_SECONDS, self.poll_session)
        if not self.is_headless:
            self._watch_for_hang_up()

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

    # -- the open session ------------------------------------------------------

    def poll_session(self) -> None:
        """Look at the open session's file once; tell every screen if it changed."""
        opened = self.workspace.opened
        company = opened.company if opened is not None else ""
        result = self.workspace.poll()
        if opened is None or (result is PollResult.UNCHANGED and opened.company == company):
            return
        if result is PollResult.DETACHED:
            self.notify(opened.message, severity="warning", timeout=10)
        show_notices(self.workspace, self.notify)
        for screen in self.screen_stack:
            screen.post_message(SessionChanged())

    # -- the App's own commands --------------------------------------------------

    def action_help(self) -> None:
        # Imported here, like the other screens: not needed to start.
        from meshtui.app.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        if isinstance(screen, CommandScreen):
            title = f"Keys: {screen.sub_title or self.title}"
            self.push_screen(HelpScreen(title, screen.help_commands(), screen.help_about()))
        else:
            self.push_screen(HelpScreen("Keys", APP_COMMANDS))

    def _say_why_no_braille(self) -> None:
        self.notify(
            f"ASCII radar: braille needs a UTF-8 terminal ({self.ascii_only}).",
            title="Braille",
            timeout=6,
        )

    def action_toggle_braille(self) -> None:
        remembered = self.workspace.toggle_braille()
        for screen in self.screen_stack:
            for radar in screen.query(RadarView):
                radar.braille = self.workspace.braille
            for note in screen.query(".radar-note").results(Line):
                note.text = self.workspace.radar_note
        if self.ascii_only:
            self._say_why_no_braille()
        if not remembered:
            self.notify("Could not remember the radar style: the config file is unreadable.")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Toggle braille radar",
            "Draw the radar with braille dots or ASCII",
            self.action_toggle_braille,
        )
        if isinstance(screen, CommandScreen):
            yield from screen.palette_commands()

    def action_quit(self) -> None:  # type: ignore[override]
        # Everything is saved already, so quitting never asks; unless a save
        # failed: then it refuses, says why and offers a retry or a copy.
        workspace = self.workspace
        pending = workspace.pending()
        if pending is None or workspace.retry(pending):
            self.exit()
            return
        from meshtui.app.screens.unsaved import UnsavedChoice, UnsavedDialog

        def chosen(choice: UnsavedChoice) -> None:
            if choice is None:
                return
            how, folder = choice
            if how == "copy":
                try:
                    target = pending.save_copy(Path(folder or "."))
                except SessionError as exc:
                    self.notify(one_line(str(exc)), title="No copy written", severity="error")
                    return
                workspace.saved_elsewhere.append(pending.message)
                self.notify(f"Wrote {target}", title="Saved")
            self.action_quit()

        self.push_screen(UnsavedDialog(pending.save_problem or "", str(Path.home())), chosen)

    def on_unmount(self) -> None:
        # The App owns the workspace: at exit the open session lets go of its
        # file (answers held only in memory go to a recovery file first).
        self.workspace.close()


def run_app(
    store: SessionStore,
    *,
    open_path: Path | None = None,
    example: bool = False,
    rater: str | None = None,
    read_only: bool = False,
) -> int:
    """Run the app, opening ``open_path`` if given (rating as ``rater``, a participant,
    if given; only watching it if ``read_only``). SessionError if it cannot be read."""
    content = load_content()
    opened = (
        OpenSession.open(open_path, store, example=example, read_only=read_only, as_who=rater or "")
        if open_path
        else None
    )
    app = MeshtuiApp(
        store,
        opened=opened,
        content=content,
        config=load_config(),
        ascii_only=ascii_only_reason(),
        rater=rater,
        ask_who=rater is None and not read_only and not example,
    )
    install_input_filter()
    try:
        app.run(mouse=mouse_problem() is None)
    finally:
        app.workspace.close()
        app.workspace.rescue()
    for message in app.saved_elsewhere:
        # After a hang-up there may be no terminal left to say it on.
        with suppress(OSError):
            print(f"meshtui: {one_line(message)}", file=sys.stderr)
    return app.return_code or 0
