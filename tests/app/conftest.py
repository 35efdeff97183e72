"""Fixtures for driving the real app with Textual's Pilot at 80x24."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events

from meshtui.app.app import MeshtuiApp
from meshtui.config import load_config
from meshtui.content import example_session_path
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore

SIZE = (80, 24)

#: Key names for the characters that are not their own name.
KEY_NAMES = {" ": "space", "\r": "enter", "\t": "tab", "\x1b": "escape"}


def burst(app: MeshtuiApp, keys: str) -> None:
    """Post every key of ``keys`` to the App at once, without waiting in between
    (``Pilot.press`` waits for idle after each key, so it cannot show a key going
    astray in a burst, as a laggy SSH link or a fast typist delivers them)."""
    for character in keys:
        name = KEY_NAMES.get(character, character)
        app.post_message(events.Key(name, None if name == "escape" else character))


MakeApp = Callable[..., MeshtuiApp]


def screen_text(app: MeshtuiApp) -> str:
    """What the terminal shows right now, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def region_text(app: MeshtuiApp, selector: str) -> str:
    """The words shown inside one widget, as one line (wrapping undone)."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(line[region.x : region.right] for line in lines).split())


def notices(app: MeshtuiApp) -> list[str]:
    """The notifications raised so far (toasts are hidden in tests)."""
    return [notification.message for notification in app._notifications]


@pytest.fixture(autouse=True)
def scrollbar_glyphs_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """An app started as ASCII-only replaces Textual's scrollbar glyphs for the
    whole process (``use_ascii_scrollbars``): right for the one app a process
    runs, but later tests would draw with them. Each test gets them back."""
    from textual.scrollbar import ScrollBarRender

    for name in ("VERTICAL_BARS", "HORIZONTAL_BARS"):
        monkeypatch.setattr(ScrollBarRender, name, getattr(ScrollBarRender, name))


@pytest.fixture
def make_app(store: SessionStore) -> MakeApp:
    """``make_app(path=None, example=False)``: the app as ``meshtui resume PATH`` builds it."""

    def make(path: Path | None = None, *, example: bool = False) -> MeshtuiApp:
        opened = None
        if example:
            opened = OpenSession.open(example_session_path(), store, example=True)
        elif path is not None:
            opened = OpenSession.open(path, store)
        return MeshtuiApp(store, opened=opened, config=load_config())

    return make
