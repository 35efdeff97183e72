"""The sessions list: start, resume, open the example, rename, delete.

Opening a session opens it in the workspace and shows the interview; when
the interview is dismissed (Esc), this screen closes the session it opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from meshtui.app.commands import Command, CommandScreen, bindings
from meshtui.app.screens.dialogs import (
    ConfirmDialog,
    NewSessionDialog,
    NewSessionRequest,
    RenameDialog,
)
from meshtui.app.screens.interview import InterviewScreen
from meshtui.app.widgets.key_footer import KeyFooter
from meshtui.app.workspace import Workspace
from meshtui.content import SECTION, STATUS_LABELS, about_text, flat
from meshtui.literal import one_line
from meshtui.model import CRITERION_IDS
from meshtui.store import Listing, SessionError

WELCOME = (
    "Is your organization ready for data mesh? meshtui walks you through the eight "
    "readiness criteria of Figure 15-1 in Zhamak Dehghani's Data Mesh (O'Reilly, 2022), "
    "chapter 15, and draws your answers on a radar as you go."
)


#: Rows shown at once (more than a screenful), then added per batch after each refresh.
FIRST_ROWS = 100
BATCH_ROWS = 250


COMMANDS: tuple[Command, ...] = (
    Command("n", "new", "New", help="start a new assessment", palette="New assessment"),
    Command(
        "x",
        "example",
        "Example",
        help="open the example (Daff, Inc.), read-only",
        palette="Open the example",
    ),
    Command("enter", "open", key_display="Enter", help="resume the highlighted session"),
    Command("r", "rename", "Rename", help="rename the highlighted session"),
    Command("d", "delete", "Delete", help="delete the highlighted session (asks first)"),
)


class HomeScreen(CommandScreen[None]):
    COMMANDS_LIST = COMMANDS
    BINDINGS: ClassVar = bindings(COMMANDS)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._listings: list[Listing] = []
        #: True once the table shows ``_listings``; each refill counts a generation.
        self._filled = False
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(WELCOME, id="welcome")
        yield Static(id="start")
        table: DataTable[str | Text] = DataTable(
            id="sessions", cursor_type="row", zebra_stripes=False
        )
        yield table
        yield Static(id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "sessions"
        table = self.query_one(DataTable)
        table.add_columns("Name", "Organization", "Done", "Verdict", "Updated")
        self.refresh_list()

    def on_screen_resume(self) -> None:
        # Back from a session or a dialog: show the latest progress.
        if self.is_mounted:
            self.refresh_list()

    def help_about(self) -> str:
        """The book's questions, the scale, the rule, "now" and the sources."""
        return about_text(self.workspace.content)

    def refresh_list(self, select: str | None = None) -> None:
        """Show the sessions. Nothing is redrawn when no file changed; with many
        sessions the first screenful shows at once and the rest follows in batches
        (Textual measures every cell it is given: 2,000 rows took half a second).

        The highlight stays on the same session (or goes to ``select``): the
        list is sorted by last update, so after a return, a re-sort or a change
        on disk the same row number may be another session. Only when that
        file is gone does it fall back to the row number.
        """
        table: DataTable[str | Text] = self.query_one(DataTable)
        listings = self.workspace.store.listings()
        if select is None and self._filled and listings == self._listings:
            return
        previous = table.cursor_row
        highlighted = self._highlighted()
        if select is None and highlighted is not None:
            select = str(highlighted.path)
        table.clear()
        self._listings = listings
        self._filled = True
        self._generation += 1
        rows = [self._row(listing) for listing in listings]
        keys = [str(listing.path) for listing in listings]
        wanted = keys.index(select) + 1 if select in keys else previous + 1
        first = max(FIRST_ROWS, wanted)
        for cells, key in zip(rows[:first], keys[:first], strict=True):
            table.add_row(*cells, key=key)
        if first < len(rows):
            self.call_after_refresh(self._add_rows, self._generation, rows[first:], keys[first:])
        has_rows = bool(self._listings)
        if has_rows != table.display:
            self.refresh_bindings()
        table.display = has_rows
        start = self.query_one("#start", Static)
        if has_rows:
            start.update(
                "Enter resumes the highlighted session.  n starts a new one,  "
                "x opens the invented example (Daff, Inc.)."
            )
        else:
            start.update(
                Text.assemble(
                    (f"From the book ({SECTION}): ", "bold"),
                    flat(self.workspace.content.introduction),
                    "\n\nNo saved sessions yet.\n\n",
                    ("Press n", "bold"),
                    " to start a new assessment, or ",
                    ("x", "bold"),
                    " to open the example (Daff, Inc., with invented answers) "
                    "and see a finished one.\n\n",
                    (f"Sessions are saved in {self.workspace.store.sessions_dir}", "dim"),
                )
            )
        if select in keys:
            table.move_cursor(row=keys.index(select))
        elif has_rows:
            table.move_cursor(row=min(previous, len(self._listings) - 1))
        if has_rows:
            table.focus()
        self._show_detail()

    def _row(self, listing: Listing) -> tuple[str | Text, ...]:
        session = listing.summary
        if session is None:
            return (
                Text(one_line(listing.path.name), style="red"),
                "",
                "",
                Text("unreadable", style="red"),
                "",
            )
        return (
            Text(one_line(session.name)),
            Text(one_line(session.organization)),
            f"{session.answered}/{len(CRITERION_IDS)}",
            STATUS_LABELS[session.verdict],
            f"{session.updated:%Y-%m-%d %H:%M}",
        )

    def _add_rows(
        self, generation: int, rows: list[tuple[str | Text, ...]], keys: list[str]
    ) -> None:
        """Add the next batch of rows, unless the list was refreshed meanwhile."""
        if generation != self._generation:
            return
        table: DataTable[str | Text] = self.query_one(DataTable)
        for cells, key in zip(rows[:BATCH_ROWS], keys[:BATCH_ROWS], strict=True):
            table.add_row(*cells, key=key)
        if len(rows) > BATCH_ROWS:
            self.call_after_refresh(
                self._add_rows, generation, rows[BATCH_ROWS:], keys[BATCH_ROWS:]
            )

    def _highlighted(self) -> Listing | None:
        table: DataTable[str | Text] = self.query_one(DataTable)
        if not self._listings or not table.display:
            return None
        return self._listings[min(table.cursor_row, len(self._listings) - 1)]

    def _show_detail(self) -> None:
        listing = self._highlighted()
        detail = self.query_one("#detail", Static)
        if listing is None:
            detail.update("")
        elif listing.error is not None:
            detail.update(
                Text.assemble(("Cannot read this file: ", "bold red"), one_line(listing.error))
            )
        else:
            # A file in the sessions folder is known by its name; others by their path.
            inside = listing.path.parent == self.workspace.store.sessions_dir
            shown = listing.path.name if inside else str(listing.path)
            detail.update(Text(one_line(shown), style="dim"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With no sessions listed there is nothing to open, rename or delete:
        # the footer offers only what works.
        if action in ("open", "rename", "delete"):
            return bool(self._listings)
        return True

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, _: DataTable.RowSelected) -> None:
        self.action_open()

    # -- actions ---------------------------------------------------------------

    def action_open(self) -> None:
        listing = self._highlighted()
        if listing is None:
            return
        if listing.error is not None:
            self.notify(
                f"{one_line(listing.path.name)}: {one_line(listing.error)}",
                title="Cannot open",
                severity="error",
                timeout=8,
            )
            return
        self.open_session(listing.path)

    def action_example(self) -> None:
        self.open_session(None)

    def open_session(self, path: Path | None) -> None:
        """Open ``path`` (None: the example) and show its interview; say why if it cannot."""
        try:
            if path is None:
                self.workspace.open_example()
            else:
                self.workspace.open(path)
        except SessionError as exc:
            self.notify(one_line(str(exc)), title="Cannot open", severity="error", timeout=8)
            return
        self.app.push_screen(
            InterviewScreen(self.workspace, can_go_back=True), self._interview_done
        )

    def _interview_done(self, _: None) -> None:
        message = self.workspace.close()
        if message:
            self.notify(message, title="Saved elsewhere", severity="warning", timeout=15)

    def action_new(self) -> None:
        self.app.push_screen(NewSessionDialog(), self._create)

    def _create(self, request: NewSessionRequest | None) -> None:
        if request is None:
            return
        try:
            path, _, _ = self.workspace.store.create(
                request.name, request.organization, request.participants
            )
        except SessionError as exc:
            self.notify(one_line(str(exc)), title="Not created", severity="error")
            return
        self.refresh_list(select=str(path))
        self.open_session(path)

    def action_delete(self) -> None:
        listing = self._highlighted()
        if listing is None:
            return
        what = listing.summary.name if listing.summary else listing.path.name
        where = one_line(str(listing.path))
        question = f"Delete '{one_line(what)}'?\n{where}\nThis cannot be undone."

        def delete(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                self.workspace.store.delete(str(listing.path))
            except SessionError as exc:
                self.notify(one_line(str(exc)), title="Not deleted", severity="error")
            self.refresh_list()

        self.app.push_screen(ConfirmDialog(question, "Delete"), delete)

    def action_rename(self) -> None:
        listing = self._highlighted()
        if listing is None or listing.summary is None:
            if listing is not None:
                self.notify("An unreadable file cannot be renamed.", severity="warning")
            return

        def rename(new_name: str | None) -> None:
            if not new_name:
                return
            try:
                path = self.workspace.store.rename(str(listing.path), new_name)
            except SessionError as exc:
                self.notify(one_line(str(exc)), title="Not renamed", severity="error")
                return
            self.refresh_list(select=str(path))

        self.app.push_screen(RenameDialog(listing.summary.name), rename)
