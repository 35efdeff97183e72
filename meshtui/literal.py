"""Showing text from users and files literally.

Names and notes come from people and from files anyone may edit. They are
shown as the characters they are: Rich markup in them is never interpreted
(callers put them in ``rich.text.Text``, never in markup strings), and control
characters, escape sequences among them, are made visible instead of being
sent to the terminal, where they could move the cursor or change colors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# C0 controls except tab and newline, DEL, and the C1 controls (0x9b is a
# one-byte CSI on some terminals).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def visible(text: str) -> str:
    r"""``text`` with control characters shown as ``\xNN`` (newlines and tabs kept)."""
    return _CONTROL.sub(_escape, text)


def kept_unless_edited(shown: str, original: str) -> str:
    """What an editor that was given ``visible(original)`` holds, as the text to keep.

    The original, byte for byte, while the user has not changed what they were
    shown (opening an editor never rewrites what is stored); else what they typed.
    """
    return original if shown == visible(original) else shown


def one_line(text: str) -> str:
    """``visible`` text folded onto one line, for table cells and titles."""
    return " ".join(visible(text).split())


# Only what CommonMark (and GitHub's tables and strikethrough) would read as
# syntax inside a line, so that pasted text stays clean: backslashes before
# punctuation, code, emphasis, links, HTML tags, entities and table pipes.
_MARKDOWN_SYNTAX = re.compile(
    r"\\(?=[!-/:-@\[-`{-~])"  # a backslash that would escape what follows
    r"|[`*\[|]"
    r"|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])"  # underscores that may start or end emphasis
    r"|<(?=[A-Za-z/!?])"  # an HTML tag or autolink
    r"|&(?=#?[0-9A-Za-z]+;)"  # an entity
    r"|~(?=~)|(?<=~)~"  # strikethrough needs two tildes
)


def markdown_inline(text: str) -> str:
    """Text for a Markdown table cell, heading or paragraph that renders as itself
    on GitHub, and stays clean text when read without rendering: only what
    CommonMark would read as syntax is escaped (no ``\\(`` or ``\\+``)."""
    lines = visible(text).splitlines()
    return "<br>".join(_MARKDOWN_SYNTAX.sub(r"\\\g<0>", line.strip()) for line in lines)


def ascii_only_reason(environ: Mapping[str, str] | None = None) -> str | None:
    """Why this terminal gets nothing above 0x7E, or None when it is UTF-8.

    The one rule for every screen, dialog, radar and printed table: a locale
    that is not UTF-8 (``LC_ALL``, else ``LC_CTYPE``, else ``LANG``, as POSIX
    reads them; unset means C), the Linux console (``TERM=linux``), or
    ``MESHTUI_ASCII`` set. Python itself runs in UTF-8 under the C locale
    (PEP 538 and 540) and then sets ``LC_CTYPE=C.UTF-8`` for its own use; that
    says nothing about the terminal, so it is read past.
    """
    import os
    import sys

    env = os.environ if environ is None else environ
    if env.get("MESHTUI_ASCII", "") not in ("", "0"):
        return "MESHTUI_ASCII is set"
    if env.get("TERM", "") == "linux":
        return "TERM=linux"
    ctype = env.get("LC_CTYPE", "")
    coerced = environ is None and sys.flags.utf8_mode and ctype == "C.UTF-8"
    for name, value in (
        ("LC_ALL", env.get("LC_ALL", "")),
        ("LC_CTYPE", "" if coerced else ctype),
        ("LANG", env.get("LANG", "")),
    ):
        if value:
            normalized = value.lower().replace("-", "")
            return None if "utf8" in normalized else f"{name}={value} is not UTF-8"
    return "no UTF-8 locale (LANG is not set)"


def terminal_is_ascii_only(environ: Mapping[str, str] | None = None) -> bool:
    """True where only ASCII may be sent (see ``ascii_only_reason``)."""
    return ascii_only_reason(environ) is not None


#: Look-alikes for the glyphs Textual and Rich draw with (borders, scrollbars,
#: toasts, the palette, ellipses); anything else falls back by name.
_ASCII_LOOKALIKES = {
    "\u2026": ".",  # ellipsis: one cell, so one character
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2022": "*",
    "\u00b7": ".",
    "\u00a0": " ",
    "\u00d7": "x",
    "\u2190": "<",
    "\u2192": ">",
    "\U0001f50e": "> ",  # the command palette's search icon (two cells)
    "\u2191": "^",
    "\u2193": "v",
    "\u25b2": "^",
    "\u25bc": "v",
    "\u25b6": ">",
    "\u25c0": "<",
    "\u2714": "v",
    "\u2713": "v",
    "\u2715": "x",
    "\u2716": "x",
    "\u2580": "-",
    "\u2594": "-",
    "\u2581": "_",
    "\u2588": "#",
    "\u2591": "#",
    "\u2592": "#",
    "\u2593": "#",
    "\u258c": "|",
    "\u2590": "|",
    "\u258e": "|",
    "\u258f": "|",
    "\u2595": "|",
}


def _ascii_lookalike(character: str) -> str:
    """One ASCII stand-in per terminal cell the character takes."""
    import unicodedata

    if character in _ASCII_LOOKALIKES:
        return _ASCII_LOOKALIKES[character]
    if unicodedata.combining(character):
        return ""
    width = 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    code = ord(character)
    name = unicodedata.name(character, "")
    if 0x2500 <= code <= 0x257F:  # box drawing
        across, down = "HORIZONTAL" in name, "VERTICAL" in name
        if "DIAGONAL" in name:
            return "X" if "CROSS" in name else "/" if "UPPER RIGHT" in name else "\\"
        if " AND " in name or "ARC" in name:
            return "+"
        return "-" if across and not down else "|" if down and not across else "+"
    if 0x2580 <= code <= 0x259F or 0x2800 <= code <= 0x28FF:  # blocks, braille
        return " " if code in (0x2800,) or "BLOCK" in name else "."
    decomposed = unicodedata.normalize("NFKD", character)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(base) == 1 and " " <= base <= "~":
        return base
    return "?" * width


class _AsciiTable(dict[int, str]):
    """A ``str.translate`` table built as characters are met (ASCII maps to itself)."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        value = character if code < 0x7F else "?" if code < 0xA0 else _ascii_lookalike(character)
        self[code] = value
        return value


_ASCII_TABLE = _AsciiTable()


def ascii_fallback(text: str) -> str:
    """``text`` with every character above 0x7E replaced by an ASCII look-alike.

    The replacement takes as many cells as the character did, so a screen
    keeps its layout: box lines become ``-|+``, blocks and bars spaces or
    ``#``, accented letters their base letter, anything else ``?``. Control
    characters pass (terminal output is made of them); only DEL and C1 become ``?``.
    """
    return text if text.isascii() and "\x7f" not in text else text.translate(_ASCII_TABLE)
