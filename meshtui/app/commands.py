"""Commands: each one owns its key, its footer text, its palette entry and its help line.

A screen lists its ``Command`` objects once (``COMMANDS_LIST``) and derives
its ``BINDINGS`` from them, so the key that runs a command, what the footer
says about it, the palette entry and the help screen's line can never
disagree. Whether a command works right now is the screen's
``check_action``: the footer, the palette and the key all ask it.

Interview keys are priority bindings: they run in the App's own task, in the
order the keys arrive, before the next key is even looked at. A key that
moves the focus (``e`` opens the note) therefore moves it before the next
key is delivered, and a burst of keys is applied one by one, never reordered.
While the note is being written, a command's ``check_action`` says no and the
key goes on to the editor as typing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, NamedTuple, TypeVar

from textual.actions import parse as parse_action
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.screen import Screen

from meshtui.app.widgets.key_footer import KeyFooter

ScreenResult = TypeVar("ScreenResult")


class Command(NamedTuple):
    """One thing the user can do on a screen."""

    #: Textual keys, comma-separated ("right,n").
    keys: str
    #: The action run, in Textual's action syntax ("rate(3)", "summary").
    action: str
    #: Footer text; empty keeps the command out of the footer.
    footer: str = ""
    #: How the key is written in the footer and help ("1-5", "Esc").
    key_display: str | None = None
    #: The help screen's line; empty keeps it out of the help (e.g. "rate 2").
    help: str = ""
    #: The palette entry's title; empty keeps it out of the palette.
    palette: str = ""
    #: Checked from the App down, in the App's task (see the module docstring).
    priority: bool = True

    @property
    def shown_key(self) -> str:
        return self.key_display or self.keys.replace(",", ", ")

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.footer,
            show=bool(self.footer),
            key_display=self.key_display,
            priority=self.priority,
        )


def bindings(commands: Iterable[Command]) -> list[BindingType]:
    """A screen's BINDINGS, derived from its commands."""
    return [command.binding() for command in commands]


#: The App's own commands, on every screen.
APP_COMMANDS: tuple[Command, ...] = (
    Command(
        "question_mark",
        "help",
        "Help",
        key_display="?",
        help="the keys of this screen",
        priority=False,  # typed into the note as a question mark
    ),
    Command("q", "quit", "Quit", help="quit (everything is already saved)", priority=False),
    Command(
        "b",
        "toggle_braille",
        help="draw the radar with braille dots or ASCII",
        palette="Toggle braille radar",
        priority=False,
    ),
    Command(
        "ctrl+p",
        "command_palette",
        key_display="ctrl+p",
        help="command palette: go to, summary, export, theme",
        priority=False,
    ),
)


class CommandScreen(Screen[ScreenResult]):
    """A screen whose keys, footer, palette entries and help come from ``COMMANDS_LIST``."""

    COMMANDS_LIST: ClassVar[tuple[Command, ...]] = ()

    #: Below this width the footer drops its padding and the palette's entry
    #: (ctrl+p still opens it; the help lists it), so every key it shows fits.
    NARROW_FOOTER = 80
    #: Whether the footer shows the palette's entry at all (a full footer may not).
    PALETTE_IN_FOOTER: ClassVar[bool] = True

    def __init__(
        self, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        # Textual gives a screen its breakpoint classes (-narrow, -short, ...) on
        # its first Resize, after the first frame: the whole screen was then
        # styled, laid out and drawn a second time, holding up the first frame's
        # way to the terminal. Set them now, from the terminal's size.
        try:
            width, height = self.app.size
        except RuntimeError:  # built outside a running App (NoActiveAppError)
            return
        # As Textual reads them: a screen's own, unless None, else the App's.
        for dimension, own, apps in (
            (width, self.HORIZONTAL_BREAKPOINTS, self.app.HORIZONTAL_BREAKPOINTS),
            (height, self.VERTICAL_BREAKPOINTS, self.app.VERTICAL_BREAKPOINTS),
        ):
            breakpoints = apps if own is None else own
            for threshold, class_name in sorted(breakpoints or [], reverse=True):
                if dimension >= threshold:
                    self.add_class(class_name)
                    break

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < self.NARROW_FOOTER
        for footer in self.query(KeyFooter):
            footer.compact = narrow
            footer.show_command_palette = self.PALETTE_IN_FOOTER and not narrow

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The palette entries of the commands that work now."""
        for command in self.COMMANDS_LIST:
            _, name, parameters = parse_action(command.action)
            if command.palette and self.check_action(name, parameters):
                yield SystemCommand(
                    command.palette,
                    command.help,
                    lambda action=command.action: self.call_later(self.run_action, action),
                )

    def help_commands(self) -> Sequence[Command]:
        """What the help screen lists for this screen: its commands, then the App's."""
        return [*(c for c in self.COMMANDS_LIST if c.help), *APP_COMMANDS]

    def help_about(self) -> str:
        """Text the help screen shows under the keys (the scale, the rule)."""
        return ""
