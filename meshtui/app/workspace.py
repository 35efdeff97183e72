"""What the screens share: the store, the content, the config and the open session.

A ``Workspace`` is built once by ``run_app`` (or a test) and handed to every
screen through its constructor; screens never reach into the App for it.
It holds no Textual: the screens show what it returns (a message to notify,
a path written), and it never draws anything itself.

The open session lives here, not in a widget: ``open`` says we are here
(a presence entry), ``close`` lets it go. Whoever opened a session closes it (the sessions list
when the interview it opened is dismissed, ``run_app`` at exit), so the
file's lifetime never depends on a screen being unmounted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from meshtui.config import Config, save_config
from meshtui.content import Content, example_session_path
from meshtui.literal import one_line
from meshtui.session_file import OpenSession, PollResult
from meshtui.store import SessionStore, slugify, write_atomic

ExportFormat = Literal["markdown", "json", "html", "svg"]
#: What the summary exports, and the file name's suffix for each.
EXPORT_SUFFIXES: dict[ExportFormat, str] = {
    "markdown": ".md",
    "json": ".json",
    "html": ".html",
    "svg": ".svg",
}


#: Under the radar while braille is chosen on a terminal that is not UTF-8.
#: Short enough for the interview's side pane at 80 columns (26 cells).
NO_BRAILLE_NOTE = "Braille needs UTF-8"


@dataclass
class Workspace:
    """The store, the content, the user's config and the one open session."""

    store: SessionStore
    content: Content
    config: Config = field(default_factory=Config)
    #: The session being answered (None on the sessions list).
    opened: OpenSession | None = None
    #: Where answers had to be saved other than their own file; said again at exit.
    saved_elsewhere: list[str] = field(default_factory=list)
    #: A closed session whose answers are still not on disk: kept, never dropped.
    unsaved: OpenSession | None = None
    #: Why the terminal gets only ASCII (meshtui.literal.ascii_only_reason), or None.
    ascii_only: str | None = None
    #: Opened without ``--as``: the interview first asks who is rating here.
    ask_who: bool = False

    @property
    def braille(self) -> bool:
        """Whether radars use braille: the remembered choice, where the terminal can show it."""
        return self.config.braille and self.ascii_only is None

    @property
    def radar_note(self) -> str:
        """What stays under each radar: why it is ASCII while braille is the
        remembered choice and the terminal is not UTF-8; else nothing."""
        return NO_BRAILLE_NOTE if self.config.braille and self.ascii_only is not None else ""

    @property
    def session_open(self) -> OpenSession:
        """The open session; only screens that need one are ever shown with it."""
        if self.opened is None:
            raise RuntimeError("no session is open")
        return self.opened

    def open(self, path: Path, *, example: bool = False) -> OpenSession:
        """Close any open session, then open ``path`` (SessionError if unreadable)."""
        self.close()
        self.opened = OpenSession.open(path, self.store, example=example)
        return self.opened

    def open_example(self) -> OpenSession:
        return self.open(example_session_path(), example=True)

    def close(self) -> str | None:
        """Let go of the open session; a message if its answers had to be saved elsewhere."""
        opened, self.opened = self.opened, None
        if opened is None:
            return None
        message = opened.close()
        if opened.save_problem is not None:
            self.unsaved = opened  # quitting asks what to do with these answers
        elif message:
            self.saved_elsewhere.append(message)
        return message

    def pending(self) -> OpenSession | None:
        """The session whose answers are not all on disk (a save failed), if any."""
        for opened in (self.opened, self.unsaved):
            if opened is not None and opened.save_problem is not None:
                return opened
        return None

    def retry(self, pending: OpenSession) -> bool:
        """Try once more to save ``pending``; True once every answer is on disk."""
        before = pending.path
        saved = pending.retry_save()
        if pending.path != before:
            self.saved_elsewhere.append(pending.message)
        return saved

    def rescue(self) -> None:
        """At exit, whatever happened: answers still not on disk go to a copy
        (``OpenSession.rescue``), and the message says where."""
        pending = self.pending()
        rescued = pending.rescue() if pending is not None else None
        if rescued:
            self.saved_elsewhere.append(rescued)

    def poll(self) -> PollResult:
        """Look at the open session's file once (the App does this every second)."""
        if self.opened is None:
            return PollResult.UNCHANGED
        return self.opened.poll()

    def moved(self, before: Path) -> str | None:
        """After a change: the message to show if autosave had to move to a recovery file."""
        opened = self.opened
        if opened is None or opened.path == before:
            return None
        self.saved_elsewhere.append(opened.message)
        return opened.message

    def take_notices(self) -> list[str]:
        """What others changed that the user must be told (conflicts settled by a
        save, a value of ours changed by another program), each once."""
        return self.opened.take_notices() if self.opened is not None else []

    def toggle_braille(self) -> bool:
        """Switch the radar style; False if it could not be remembered."""
        self.config.braille = not self.config.braille
        return save_config(self.config)

    def export(self, format: ExportFormat, folders: tuple[Path, ...] | None = None) -> Path | None:
        """Write the open session's report (Markdown, JSON, HTML, or the radar as SVG)
        into the first folder that takes it (the current folder, else the data
        folder's ``exports``)."""
        from meshtui.reports import render, session_report

        opened = self.opened
        if opened is None:
            return None
        session = opened.session
        text = render(session_report(session, self.content), format)
        name = f"{slugify(session.name)}{EXPORT_SUFFIXES[format]}"
        for folder in folders or (Path.cwd(), self.store.data_dir / "exports"):
            target = folder / name
            try:
                folder.mkdir(parents=True, exist_ok=True)
                write_atomic(target, text.encode("utf-8"))
            except OSError:
                continue
            return target
        return None


def export_format(name: str) -> ExportFormat:
    """An action's format name as an export format (Markdown for anything unknown)."""
    for known in EXPORT_SUFFIXES:
        if known == name:
            return known
    return "markdown"


def show_notices(workspace: Workspace, notify: Callable[..., object]) -> None:
    """Tell the user, one notification each, what others changed (the screens'
    and the App's ``notify``): never a silent change."""
    for notice in workspace.take_notices():
        notify(one_line(notice), title="Changed by someone else", timeout=12)


def save_banner(opened: OpenSession) -> str:
    """The line the interview keeps on screen: a failed save, loudly, until a save
    works; otherwise what the session file has to say (read-only, recovered...),
    else who else has it open."""
    if opened.save_problem is not None:
        return (
            f"NOT SAVED: {opened.save_problem} Kept here; every change tries again, "
            "q offers a copy elsewhere."
        )
    return opened.status_line
