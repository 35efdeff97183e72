"""Showing text from users and files literally.

Names and notes come from people and from files anyone may edit. They are
shown as the characters they are: Rich markup in them is never interpreted
(callers put them in ``rich.text.Text``, never in markup strings), and control
characters, escape sequences among them, are made visible instead of being
sent to the terminal, where they could move the cursor or change colours.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 controls (0x9b is a
# one-byte CSI on some terminals).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def visible(text: str) -> str:
    r"""``text`` with control characters shown as ``\xNN`` (newlines and tabs kept)."""
    return _CONTROL.sub(_escape, text)


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


def terminal_is_ascii_only() -> bool:
    """True where box and block glyphs may not render: a non-UTF-8 locale, the
    Linux console (TERM=linux), or MESHTUI_ASCII set."""
    import locale
    import os
    import sys

    if os.environ.get("MESHTUI_ASCII"):
        return True
    encoding = getattr(sys.stdout, "encoding", None) or locale.getpreferredencoding(False)
    return "utf" not in encoding.lower() or os.environ.get("TERM", "") == "linux"
