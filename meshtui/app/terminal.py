"""What the terminal can be trusted with: mouse reporting, input that does not
parse, and characters above 0x7E.

Three rules live here, each once:

- ``mouse_problem(environ)`` says why mouse reporting must not be requested
  (None when it may be). GNU screen 4 forwards mouse reports in a form no
  parser reads whole (``ESC [ M 3 5 ; 2 4 ; 1 7 M``: the X10 prefix on an
  SGR-style body), so inside screen 4 or older outside tmux, with
  ``TERM=screen*`` outside tmux, or with ``MESHTUI_MOUSE=0``, the app does not
  ask for the mouse at all; ``MESHTUI_MOUSE=1`` asks anyway. Screen 5 passes
  SGR reports whole. The keyboard does everything.
- ``ReportFilteringParser`` stands between the terminal and Textual's parser.
  Textual turns an escape sequence it cannot read into key presses, one per
  character, so the digits of a garbled mouse report would rate and its
  letters would run commands. This parser passes on only control sequences
  (``ESC [ ...``) that Textual understands whole; every other one, and every
  mouse report that is not a well-formed SGR report, is dropped whole, in
  every screen and in every editor. Plain characters, ``ESC`` + a key (Alt),
  and the Esc key itself pass unchanged; inside a bracketed paste a raw ESC
  is dropped, never made a key.
- ``ascii_driver_class()``: on a terminal that is not UTF-8 (the rule is
  ``meshtui.literal.ascii_only_reason``), every frame is made ASCII on its
  way out, so no widget, Textual's own included, sends a byte above 0x7E.

``install_input_filter()`` makes Textual's Linux driver use that parser; the
app calls it once before it runs.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from enum import Enum, auto

from textual import constants, events
from textual._time import get_time
from textual._xterm_parser import (
    BRACKETED_PASTE_END,
    BRACKETED_PASTE_START,
    SPECIAL_SEQUENCES,
    XTermParser,
    _re_cursor_position,
    _re_in_band_window_resize,
    _re_terminal_mode_response,
)
from textual.driver import Driver
from textual.message import Message

from meshtui.literal import ascii_fallback

ESC = "\x1b"
#: Longer control sequences are never sent by a terminal we talk to; one that
#: long is junk and is dropped up to its end.
MAX_SEQUENCE = 64
#: The only mouse report Textual reads: SGR (mode 1006), button;column;row.
_SGR_MOUSE = re.compile(r"\x1b\[<\d+;\d+;\d+[Mm]")
#: A urxvt-style mouse report (mode 1015), or screen's X10-prefixed variant's body.
_NUMERIC_MOUSE = re.compile(r"\d+;\d+;\d+[Mm]")


def mouse_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the mouse must not be requested in this terminal, or None if it may be."""
    env = os.environ if environ is None else environ
    choice = env.get("MESHTUI_MOUSE", "").strip()
    if choice == "0":
        return "mouse off (MESHTUI_MOUSE=0)"
    if choice == "1":
        return None
    if env.get("TMUX"):
        # tmux reads the outer terminal's mouse itself and sends SGR reports.
        return None
    if env.get("STY") or env.get("TERM", "").startswith("screen"):
        if env.get("STY") and screen_major_version() >= 5:
            # Screen 5 passes SGR mouse reports (mode 1006) through whole.
            return None
        return "mouse off in GNU screen: its mouse reports are not reliable (MESHTUI_MOUSE=1 asks)"
    return None


def screen_major_version() -> int:
    """The major version of the GNU screen on PATH, 0 if unknown.

    With STY set, screen runs on this host, so this is the one running us.
    """
    import subprocess

    try:
        result = subprocess.run(
            ["screen", "-v"], capture_output=True, text=True, timeout=2, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return 0
    match = re.search(r"Screen version (\d+)\.", result.stdout)
    return int(match.group(1)) if match else 0


class _State(Enum):
    TEXT = auto()  # between sequences
    ESCAPE = auto()  # after ESC
    SS3 = auto()  # after ESC O
    CSI = auto()  # after ESC [, collecting parameter and intermediate bytes
    X10 = auto()  # after ESC [ M: a mouse report, dropped whole
    DISCARD = auto()  # inside an over-long sequence, dropped up to its final byte


def _is_parameter_or_intermediate(character: str) -> bool:
    return "\x20" <= character <= "\x3f"


def _is_final(character: str) -> bool:
    return "\x40" <= character <= "\x7e"


class ReportFilteringParser(XTermParser):
    """Textual's parser, fed only with what it reads whole (see the module docstring).

    A sequence split across reads is held until it is complete. A lone ESC is
    held until more input comes or the Esc delay passes (then it is the Esc
    key); a partial sequence that times out is dropped.
    """

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._state = _State.TEXT
        self._held = ""
        self._last_input = 0.0
        #: Between the bracketed-paste markers: what comes is text, not keys.
        self._in_paste = False

    # -- Parser interface --------------------------------------------------------

    def feed(self, data: str) -> Iterable[Message]:
        if not data:
            # End of input: a partial sequence is dropped, never typed.
            self._state, self._held = _State.TEXT, ""
            return super().feed(data)
        self._last_input = get_time()
        return self._feed_filtered(data)

    def _feed_filtered(self, data: str) -> Iterable[Message]:
        text: list[str] = []
        for item in self._filter(data):
            if isinstance(item, str):
                text.append(item)
                continue
            if text:
                yield from super().feed("".join(text))
                text.clear()
            yield item
        if text:
            yield from super().feed("".join(text))

    def tick(self) -> Iterable[Message]:
        waited = get_time() - self._last_input
        if self._state is not _State.TEXT and waited >= constants.ESCAPE_DELAY:
            state = self._state
            self._state, self._held = _State.TEXT, ""
            # Textual's parser never saw these: a lone ESC is the Esc key,
            # ESC O is Alt+O; a partial control sequence is dropped.
            if state is _State.ESCAPE and not self._in_paste:
                yield events.Key("escape", ESC)
            elif state is _State.SS3:
                yield from self._sequence_to_key_events("O", alt=True)
        yield from super().tick()

    # -- the filter ----------------------------------------------------------------

    def _filter(self, data: str) -> Iterable[str | Message]:
        """Yield the parts of ``data`` (with what was held) Textual may see, and keys."""
        for character in data:
            yield from self._step(character)

    def _step(self, character: str) -> Iterable[str | Message]:
        state = self._state
        if state is _State.TEXT:
            if character == ESC:
                self._state, self._held = _State.ESCAPE, ESC
            else:
                yield character
        elif state is _State.ESCAPE:
            if character == "[":
                self._state, self._held = _State.CSI, self._held + character
            elif self._in_paste:
                # Pasted text is text: a raw ESC in it is no key, and is dropped.
                if character != ESC:
                    self._state, self._held = _State.TEXT, ""
                    yield character
            elif character == ESC:
                # Esc pressed, then another sequence or Esc begins.
                yield events.Key("escape", ESC)
            elif character == "O":
                # SS3 (ESC O P is F1): passed on with its one final character.
                self._state, self._held = _State.SS3, self._held + character
            else:
                # Alt+key. Made here: Textual's parser would wait for what
                # follows, and type "^" and the key if another sequence came.
                self._state, self._held = _State.TEXT, ""
                yield from self._sequence_to_key_events(character, alt=True)
        elif state is _State.SS3:
            self._state, sequence = _State.TEXT, self._held + character
            self._held = ""
            if self._understood(sequence):
                yield sequence
        elif state is _State.CSI:
            yield from self._step_csi(character)
        elif state is _State.X10:
            yield from self._step_x10(character)
        elif _is_final(character):  # DISCARD ends with the final byte
            self._state, self._held = _State.TEXT, ""
        elif not _is_parameter_or_intermediate(character):
            self._state, self._held = _State.TEXT, ""
            yield from self._step(character)

    def _step_csi(self, character: str) -> Iterable[str | Message]:
        if character == "M" and self._held == ESC + "[":
            # ESC [ M: an X10 mouse report, or screen's variant of one.
            self._state, self._held = _State.X10, ""
            return
        if _is_parameter_or_intermediate(character):
            self._held += character
            if len(self._held) > MAX_SEQUENCE:
                self._state, self._held = _State.DISCARD, ""
            return
        self._state, sequence = _State.TEXT, self._held
        self._held = ""
        if _is_final(character):
            sequence += character
            if sequence in (BRACKETED_PASTE_START, BRACKETED_PASTE_END):
                self._in_paste = sequence == BRACKETED_PASTE_START
            if self._understood(sequence):
                yield sequence
            return
        # Cut short by a control character or ESC: drop what came, read on.
        yield from self._step(character)

    def _step_x10(self, character: str) -> Iterable[str | Message]:
        """After ESC [ M: three raw bytes (X10), or digits and semicolons up to M or m."""
        body = self._held
        if character < " ":
            # No report holds a control character: this one was cut short.
            self._state, self._held = _State.TEXT, ""
            yield from self._step(character)
            return
        numeric = all(c.isdigit() or c == ";" for c in body)
        if numeric and (character.isdigit() or character == ";"):
            self._held += character
            if len(self._held) > MAX_SEQUENCE:
                self._state, self._held = _State.DISCARD, ""
            return
        if numeric and len(body) >= 3:
            # Screen's variant ends with M or m; anything else cut it short.
            self._state, self._held = _State.TEXT, ""
            if character not in "Mm":
                yield from self._step(character)
            return
        # A classic X10 report: three raw bytes (Textual reads none of these).
        self._held += character
        if len(self._held) >= 3:
            self._state, self._held = _State.TEXT, ""

    def _understood(self, sequence: str) -> bool:
        """Whether Textual's parser reads this complete control sequence whole."""
        if sequence.startswith(ESC + "[<"):
            return _SGR_MOUSE.fullmatch(sequence) is not None
        if _NUMERIC_MOUSE.fullmatch(sequence[2:]):
            # urxvt-style mouse report: Textual reads none; never keys.
            return False
        return (
            sequence in SPECIAL_SEQUENCES
            or _re_cursor_position.fullmatch(sequence) is not None
            or _re_terminal_mode_response.match(sequence) is not None
            or _re_in_band_window_resize.fullmatch(sequence) is not None
            or any(True for _ in self._sequence_to_key_events(sequence))
        )


def install_input_filter() -> None:
    """Make Textual's Linux driver read input through ``ReportFilteringParser``.

    The driver builds its parser by this module-level name when its input
    thread starts; there is no other hook for it.
    """
    from textual.drivers import linux_driver

    linux_driver.XTermParser = ReportFilteringParser  # type: ignore[attr-defined]


def ascii_driver_class() -> type[Driver] | None:
    """A driver that sends nothing above 0x7E (see ``meshtui.literal.ascii_fallback``).

    Every byte of every frame goes through ``write``, so this holds for all
    widgets, Textual's own included (the palette, toasts, scrollbars). None
    where Textual does not use its Linux driver (Windows).
    """
    if sys.platform == "win32":
        return None
    from textual.drivers.linux_driver import LinuxDriver

    class AsciiLinuxDriver(LinuxDriver):
        def write(self, data: str) -> None:
            super().write(ascii_fallback(data))

    return AsciiLinuxDriver
