"""The footer: the keys that work at the moment, on one line, drawn by one widget.

It shows what Textual's Footer shows (each shown binding of the screen once,
its key then its description, a disabled one dimmed, the command palette's
key at the right), in the same colors. Textual's Footer is a scrolling
container with a widget per key, composed again whenever the bindings change;
this one draws a line of text, so it costs one widget at start-up and a
repaint, not a recomposition, when what is on offer changes. A click on a
key presses it, as in Textual's.

``compact`` drops the padding around each key (narrow terminals);
``show_command_palette`` adds the palette's key at the right.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"


class FooterItem(NamedTuple):
    """One key as the footer shows it."""

    key: str
    key_display: str
    description: str
    enabled: bool


class KeyFooter(Widget, can_focus=False):
    """The screen's keys, one line at the bottom."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    compact: reactive[bool] = reactive(False)
    """No padding around the keys (for narrow terminals)."""

    show_command_palette: reactive[bool] = reactive(True)
    """Show the command palette's key at the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: Where each key was drawn: (first column, column after, key), for clicks.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def _items(self) -> tuple[list[FooterItem], FooterItem | None]:
        """The keys to show, and the command palette's (or None)."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        items: list[FooterItem] = []
        for _node, binding, enabled, _tooltip in active.values():
            # A command bound to several keys is shown once, by its first.
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                items.append(self._item(binding, enabled))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = self._item(binding, enabled)
        return items, palette

    def _item(self, binding: Binding, enabled: bool) -> FooterItem:
        return FooterItem(
            binding.key, self.app.get_key_display(binding), binding.description, enabled
        )

    def _parts(self, item: FooterItem, *, compact: bool) -> Iterator[tuple[str, str]]:
        dim = "" if item.enabled else " dim"
        if compact:
            yield item.key_display, KEY_STYLE + dim
            if item.description:
                yield f" {item.description}", DESCRIPTION_STYLE + dim
        else:
            yield f" {item.key_display} ", KEY_STYLE + dim
            if item.description:
                yield f"{item.description} ", DESCRIPTION_STYLE + dim

    def render(self) -> RenderResult:
        items, palette = self._items()
        parts: list[tuple[str, str]] = []
        spans: list[tuple[int, int, str]] = []
        column = 0
        for item in items:
            start = column
            for text, style in self._parts(item, compact=self.compact):
                parts.append((text, style))
                column += len(text)
            spans.append((start, column, item.key))
            if self.compact:
                parts.append((" ", ""))
                column += 1
        if palette is not None:
            # As Textual draws it: always compact, then a space unless the footer is.
            tail = [*self._parts(palette, compact=True), *([] if self.compact else [(" ", "")])]
            width = sum(len(text) for text, _ in tail)
            gap = self.size.width - column - width
            if gap > 0:
                parts.append((" " * gap, ""))
                column += gap
                spans.append((column, column + width, palette.key))
                parts.extend(tail)
        self._spans = spans
        return Content.assemble(*parts)

    def watch_compact(self) -> None:
        self.refresh()

    def watch_show_command_palette(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
