"""A session open for the interview: its file, its presence and its autosave.

No Textual here; the app drives this class and shows what it reports.

How programs on one session file behave (the README explains it too): every
program that opens it may edit it, as one participant (``as_who``) or as the
facilitator (""), unless it opens it ``read_only`` to watch. Each leaves a
presence entry (meshtui.presence): who has it open and as whom.

Every change is saved at once. A save holds the session's short write lock
while it re-reads the file, merges this program's changes since it last read
it into what is there now (meshtui.merge: field by field, three-way), and
writes the result atomically. Conflicts the merge settled are never silent:
they are queued for the user (``take_notices``), as are others' changes to
a value this program had set, found by ``poll`` (call it about once a second).
The file does not record who changed what, so these name everyone seen
editing in another program since this one last read or wrote the file
("Ben or Cleo"), never one picked out of several.

If the file was deleted, became unreadable, or is no longer the same
session, it is never written over: the answers stay in memory, the user is
told, and the next change is saved to a new recovery file in the sessions
folder instead.

When neither can be written (a full disk, a file size limit), ``save_problem``
says so until a save succeeds: the app shows it at once and keeps showing it,
and refuses to quit while it is set, offering ``retry_save`` or ``save_copy``
to another folder; ``rescue`` is the last resort when a program ends anyway.
A session opened through a symbolic link is edited in the file the link
points to (the lock and every save go there; the link stays).

"Previous" has one rule (:func:`previous_session`): the session named by the
``previous`` key (written by ``new --from``), or the one the user names. It is
never guessed from the organization: that could pick another team's session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from meshtui.content import EXAMPLE_NOTICE
from meshtui.files import ensure_private_dir, tighten_if_ours
from meshtui.literal import one_line
from meshtui.model import MAX_NOTE_CHARS, Session
from meshtui.presence import (
    LockTimeout,
    NotARegularFile,
    Presence,
    PresenceEntry,
    present,
    write_lock,
)
from meshtui.session_format import (
    Fingerprint,
    SessionError,
    now_utc,
    parse_bytes,
    read_back,
    read_session,
    save_session,
)
from meshtui.store import SessionStore, slugify

if TYPE_CHECKING:
    from meshtui.merge import Conflict


class Mode(Enum):
    #: This program saves every change (merged with others' saves).
    EDITING = "editing"
    #: Opened ``--read-only``: it shows others' changes and writes nothing.
    WATCHING = "watching"
    #: The shipped example: looked at, never written.
    EXAMPLE = "example"
    #: The file changed under us in a way we could not follow (deleted,
    #: unreadable, another session). Answers are kept in memory; the next
    #: change goes to a recovery file.
    DETACHED = "detached"


class PollResult(Enum):
    UNCHANGED = "unchanged"
    RELOADED = "reloaded"
    DETACHED = "detached"


#: Who a program writes as when nobody said (the agreed score's writer).
FACILITATOR = "facilitator"


def criterion_title(criterion_id: str) -> str:
    """A criterion's title for messages (its id if the content cannot be read)."""
    from meshtui.content import ContentError, load_content

    try:
        return load_content().by_id(criterion_id).title
    except (ContentError, KeyError):
        return criterion_id


# eq=False: an open session is this program's, compared by identity.
@dataclass(eq=False)
class OpenSession:
    """One session file open in this program: its answers, mode and presence."""

    path: Path
    session: Session
    fingerprint: Fingerprint
    store: SessionStore
    mode: Mode = Mode.EDITING
    #: One line for the user about the mode: watching, what went wrong.
    message: str = ""
    #: Why the latest answers are not on disk; None when every given answer is.
    save_problem: str | None = None
    #: The participant this program rates as; "" for the facilitator.
    as_who: str = ""
    presence: PresenceEntry | None = field(default=None, repr=False)
    #: Lines for the user: conflicts settled, others' changes to our values.
    notices: list[str] = field(default_factory=list)
    #: Every conflict a save of this program settled, oldest first.
    conflicts: list[Conflict] = field(default_factory=list)
    #: The last save merged changes others had saved (the screen must be redrawn).
    merged_others: bool = False
    #: Who else has the session open, one line ("" when nobody); set by poll.
    company: str = ""
    #: The session as this program last read or wrote it (see ``snapshot``).
    _snapshot: Session | None = field(default=None, init=False, repr=False)
    #: Who else was editing at the latest look at the presence entries.
    _editors_here: frozenset[str] = field(default=frozenset(), init=False, repr=False)
    #: Who else was seen editing since the snapshot: who the file's changes
    #: since then can have come from (see ``_changed_by``).
    _editors_seen: set[str] = field(default_factory=set, init=False, repr=False)

    def __post_init__(self) -> None:
        self._seen(self.session, self.fingerprint)

    @classmethod
    def open(
        cls,
        path: Path,
        store: SessionStore,
        *,
        example: bool = False,
        read_only: bool = False,
        as_who: str = "",
    ) -> OpenSession:
        """Read ``path`` and say we are here. Raises SessionError if it cannot be read.

        A symbolic link is followed once, here: the session is edited in the file
        it points to, so opening the link and the real path share one lock.
        """
        if not example:
            path = path.resolve()
        session, fingerprint = read_session(path)
        if example:
            return cls(
                path,
                session,
                fingerprint,
                store,
                Mode.EXAMPLE,
                EXAMPLE_NOTICE,
            )
        opened = cls(path, session, fingerprint, store, as_who=as_who)
        opened.presence = PresenceEntry(path, as_who, editing=not read_only)
        opened._look_who_is_here()
        if read_only:
            opened.mode = Mode.WATCHING
            opened.message = "Read-only: you are watching; changes appear here as others save."
            return opened
        # Our sessions folder is made owner-only again (never through a link),
        # and leftovers of earlier crashes beside the file go (never a live one's).
        tighten_if_ours(store.sessions_dir)
        store.sweep()
        if path.parent != store.sessions_dir.resolve():
            from meshtui.files import sweep_leftovers

            sweep_leftovers(path.parent)
        return opened

    @property
    def snapshot(self) -> Session | None:
        """The session as this program last read or wrote it: the base of the next
        merge, and what others' changes are told against. None when the file it
        last saw did not exist or could not be read."""
        return self._snapshot

    def _seen(self, session: Session, fingerprint: Fingerprint) -> None:
        """This program has just read ``session`` from the file, or written it there,
        as the bytes of ``fingerprint``. The snapshot is what those bytes read as
        (:func:`read_back`), kept apart from ``session``, which edits change in
        place: a save never parses the file it wrote, and one that merges parses
        only what the others wrote."""
        self.fingerprint = fingerprint
        self._snapshot = None if fingerprint.content is None else read_back(session)
        # Changes after this one can come only from those editing from now on.
        self._editors_seen = set(self._editors_here)

    @property
    def can_edit(self) -> bool:
        return self.mode in (Mode.EDITING, Mode.DETACHED)

    @property
    def who(self) -> str:
        """This program's writer name, as others' messages name it."""
        return self.as_who or FACILITATOR

    def become(self, as_who: str) -> None:
        """Write as ``as_who`` from now on (a participant; "" for the facilitator):
        the presence entry says so too."""
        if as_who == self.as_who:
            return
        self.as_who = as_who
        if self.presence is not None:
            editing = self.presence.presence.editing
            self.presence.leave()
            self.presence = PresenceEntry(self.path, as_who, editing=editing)

    def here(self) -> list[Presence]:
        """Everyone who has this session open now, this program included."""
        return present(self.path) if self.mode is not Mode.EXAMPLE else []

    def _look_who_is_here(self) -> None:
        """Read the presence entries: the company line, and who else is editing."""
        mine = self.presence.presence if self.presence is not None else None
        others = [p for p in present(self.path) if p != mine]
        company = "Also here: " + ", ".join(p.describe() for p in others) if others else ""
        self.company = one_line(company)
        self._editors_here = frozenset(self._writer_name(p) for p in others if p.editing)
        self._editors_seen |= self._editors_here

    def _writer_name(self, other: Presence) -> str:
        """How another program's writer is named to this program's user."""
        if other.who == self.who:
            return f"{other.who} (another program of yours)"
        return other.who

    @property
    def status_line(self) -> str:
        """The line under the title: what is wrong, else who else is here."""
        return self.message or self.company

    def take_notices(self) -> list[str]:
        """The lines for the user since the last call (conflicts, others' changes)."""
        taken, self.notices = self.notices, []
        return taken

    def _changed_by(self) -> frozenset[str]:
        """Who the file's changes since the snapshot can have come from: everyone
        seen editing in another program since then (looked at about twice a
        second, and at every merge). The file does not record who changed what,
        so a message names them all ("Ben or Cleo") rather than guess one; a
        program that came and went between two looks, or another tool (a ``git
        pull``), is not seen: with nobody seen, a message says "Someone else"."""
        return frozenset(self._editors_seen)

    # -- changes ----------------------------------------------------------

    def apply(self, change: Callable[[Session], bool]) -> bool:
        """Make a change to the session and save it at once.

        ``change`` edits the session and returns whether anything changed
        (the model's setters do). Returns that, after saving.
        """
        self._check_editable()
        if not change(self.session):
            return False
        self._save()
        return True

    def rate(self, criterion_id: str, score: int | None) -> bool:
        """Set or clear the agreed score (confirming a carried answer) and save."""
        return self.apply(lambda session: session.set_score(criterion_id, score))

    def rate_as(self, criterion_id: str, participant: str, score: int | None) -> bool:
        """Record one participant's own rating and save."""
        return self.apply(lambda session: session.set_rating(criterion_id, participant, score))

    def set_note(self, criterion_id: str, note: str) -> bool:
        """Set a note; text beyond MAX_NOTE_CHARS is not kept (a file holding more
        would be refused on reading)."""
        return self.apply(lambda session: session.set_note(criterion_id, note[:MAX_NOTE_CHARS]))

    def set_target(self, criterion_id: str, target: int | None) -> bool:
        return self.apply(lambda session: session.set_target(criterion_id, target))

    def confirm(self, criterion_id: str) -> bool:
        """Accept a carried-over answer as this session's own."""
        return self.apply(lambda session: session.confirm(criterion_id))

    def _check_editable(self) -> None:
        if not self.can_edit:
            raise SessionError(self.path, self.message or "this session is read-only")

    def _save(self) -> None:
        self.session.updated = now_utc()
        self._write()

    def _write(self) -> None:
        if self.mode is Mode.DETACHED and not self._reattach():
            self._save_recovery()
            return
        try:
            with write_lock(self.path):
                self._merge_and_write()
        except LockTimeout as exc:
            # Another program's save is stuck: keep ours in memory, try again
            # with the next change (or retry_save).
            self.save_problem = f"Not saved yet: {exc}. Each change tries again."
            return
        except (SessionError, NotARegularFile) as exc:
            # Unreadable, deleted, another session, or not writable now (a full
            # disk, a read-only folder): never lose the answers over it.
            self._save_recovery(reason=getattr(exc, "problem", str(exc)))
            return
        self.save_problem = None

    def _merge_and_write(self) -> None:
        """Under the write lock: re-read, merge our changes since the snapshot, write."""
        fingerprint = Fingerprint.of_file(self.path)
        merged = self.session
        self.merged_others = fingerprint != self.fingerprint
        if self.merged_others:
            # Imported here: merging is needed only when someone else wrote,
            # and start-up should not pay for it.
            from meshtui.merge import merge

            # Parsed only when someone else wrote it (most saves skip this), and
            # from the bytes just read: the file is read once and parsed once.
            base = self.snapshot
            if fingerprint.content is None:
                raise SessionError(self.path, fingerprint.problem or "no such file")
            on_disk = parse_bytes(fingerprint.content, self.path)
            if base is None or on_disk.created != base.created:
                raise SessionError(self.path, "it now holds another session")
            self._look_who_is_here()
            result = merge(base, self.session, on_disk, ours_by=self.who, others=self._changed_by())
            merged = result.session
            self.conflicts += result.conflicts
            self.notices += [conflict.told_to_us(criterion_title) for conflict in result.conflicts]
        self._seen(merged, save_session(self.path, merged, expected=fingerprint))
        self.session = merged

    def retry_save(self) -> bool:
        """Try again to write the answers that are not on disk; True once they are."""
        if self.save_problem is None:
            return True
        self._write()
        return self.save_problem is None

    def save_copy(self, folder: Path) -> Path:
        """Write the session to a new file in ``folder`` and carry on there (locked,
        every change saved to it). SessionError, with nothing changed, if it cannot."""
        folder = folder.expanduser()
        try:
            ensure_private_dir(folder)
        except OSError as exc:
            raise SessionError(folder, f"cannot create the folder: {exc.strerror or exc}") from None
        target = folder / f"{slugify(self.session.name)}.toml"
        counter = 2
        while target.exists() or target.is_symlink():
            target = folder / f"{slugify(self.session.name)}-{counter}.toml"
            counter += 1
        fingerprint = save_session(target, self.session, expected=Fingerprint(None))
        self._move_to(target, fingerprint)
        self.message = f"Your answers are now saved in {target}."
        return target

    def rescue(self) -> str | None:
        """The last resort when the program ends with answers not on disk (a signal,
        end of input): try once more, then write a copy into a new private folder
        in the temporary folder. None when nothing needed saving; else one line
        saying where the answers are, or that they could not be saved anywhere."""
        if self.save_problem is None:
            return None
        before = self.path
        try:
            if self.retry_save():
                return self.message if self.path != before else None
            import tempfile

            # mkdtemp: a new folder only we can use, never one planted in a shared /tmp.
            target = self.save_copy(Path(tempfile.mkdtemp(prefix="meshtui-unsaved-")))
        except (SessionError, OSError) as exc:
            return f"your latest answers could not be saved anywhere: {exc}"
        finally:
            self._release()
        return f"your answers could not be saved in {before}; a copy is in {target}"

    def _move_to(self, target: Path, fingerprint: Fingerprint) -> None:
        """Carry on in ``target``, just written: its presence, its saves; nothing unsaved."""
        self._release()
        self.path = target.resolve()
        self.presence = PresenceEntry(self.path, self.as_who, editing=True)
        self._seen(self.session, fingerprint)
        self.mode = Mode.EDITING
        self.save_problem = None

    def _reattach(self) -> bool:
        """After the file could not be read (or written): if it reads again as the
        same session, go back to it; the next save merges into it."""
        try:
            on_disk, _fingerprint = read_session(self.path)
        except SessionError:
            return False
        if on_disk.created != self.session.created:
            return False
        self.presence = self.presence or PresenceEntry(self.path, self.as_who, editing=True)
        self.mode = Mode.EDITING
        self.message = ""
        return True

    def _save_recovery(self, reason: str | None = None) -> None:
        """Save to a new file in the sessions folder and carry on there.

        If even that fails, stay detached with the answers in memory and say
        so; the next change tries again.
        """
        original = self.path
        base_name = self.session.name
        stamp = now_utc().strftime("%Y-%m-%d %H%M")
        self.session.name = f"{base_name} (recovered {stamp})"
        try:
            ensure_private_dir(self.store.sessions_dir)
            target = self.store.new_path(self.session.name)
            fingerprint = save_session(target, self.session, expected=Fingerprint(None))
        except (SessionError, OSError) as exc:
            self.session.name = base_name
            self._release()
            self.mode = Mode.DETACHED
            problem = exc.problem if isinstance(exc, SessionError) else str(exc)
            why = problem if reason in (None, problem) else f"{reason}; {problem}"
            self.save_problem = (
                f"Not saved: neither {original.name} nor a recovery copy can be written ({why})."
            )
            self.message = (
                f"{self.save_problem} Your answers are kept here; each change tries again."
            )
            return
        self._move_to(target, fingerprint)
        why = f" ({reason})" if reason else ""
        self.message = (
            f"{original} could not be saved{why}. Your answers are now saved in {target}."
        )

    # -- watching the file ----------------------------------------------

    def poll(self) -> PollResult:
        """Check the file on disk; call this about once a second."""
        if self.mode is Mode.EXAMPLE or self.mode is Mode.DETACHED:
            return PollResult.UNCHANGED
        self._look_who_is_here()
        current = Fingerprint.of_file(self.path)
        if current == self.fingerprint:
            return PollResult.UNCHANGED
        try:
            session, fingerprint = read_session(self.path)
        except SessionError as exc:
            if self.mode is Mode.WATCHING:
                # A writer may be mid-way through something odd; keep
                # showing the last good state and say why.
                self.message = f"Read-only, and the file cannot be read now: {exc.problem}"
                self.fingerprint, self._snapshot = current, None
                return PollResult.DETACHED
            self.mode = Mode.DETACHED
            self.save_problem = f"Not saved: {exc}; not written over."
            self.message = (
                f"{exc}. Your answers are kept here and not written over it; "
                "your next change is saved to a new recovery file."
            )
            return PollResult.DETACHED
        if self.save_problem is not None and self.mode is Mode.EDITING:
            # Answers of ours are not on disk yet: this is a good moment to merge
            # them in (the file is readable again, another save finished).
            self._write()
            return PollResult.RELOADED
        base = self.snapshot
        if base is not None and self.mode is Mode.EDITING:
            from meshtui.merge import describe_changes, one_of  # only once someone else wrote

            self.notices += describe_changes(
                base,
                session,
                mine=self.who,
                by=one_of(self._changed_by()),
                title=criterion_title,
            )
        self.session = session
        self._seen(session, fingerprint)
        return PollResult.RELOADED

    def _release(self) -> None:
        if self.presence is not None:
            self.presence.leave()
            self.presence = None

    def close(self) -> str | None:
        """Let go of the file. Answers that exist only in memory (the file was
        deleted or became unreadable) are saved to a recovery file first; the
        returned message says where, or that they could not be saved."""
        if self.mode is Mode.DETACHED:
            self._save_recovery()
            self._release()
            return self.message
        self._release()
        return None


def previous_session(
    store: SessionStore, session: Session, path: Path
) -> tuple[Path, Session] | None:
    """The session this one re-assesses: the file its ``previous`` key names (see
    ``SessionStore.previous_of``), read. None when it names none; SessionError
    when that file cannot be read. Never guessed from the organization."""
    earlier = store.previous_of(session, path)
    if earlier is None:
        return None
    return earlier, read_session(earlier)[0]


def find_previous(store: SessionStore, session: Session, path: Path) -> Session | None:
    """For the summary: the previous session (:func:`previous_session`), or None
    when there is none or it cannot be read."""
    try:
        found = previous_session(store, session, path)
    except SessionError:
        return None
    return None if found is None else found[1]
