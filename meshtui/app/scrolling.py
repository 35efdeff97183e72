"""Keyboard scrolling of a panel that never takes focus itself."""

from __future__ import annotations

from textual.widget import Widget


def scroll(panel: Widget, how: str) -> None:
    """Scroll ``panel`` by a line, a page or to an end: ``how`` names the key's action
    ("up", "down", "page_up", "page_down", "home", "end")."""
    {
        "up": panel.scroll_up,
        "down": panel.scroll_down,
        "page_up": panel.scroll_page_up,
        "page_down": panel.scroll_page_down,
        "home": panel.scroll_home,
        "end": panel.scroll_end,
    }[how](animate=False)
