"""A session open for the interview: its file, its lock and its autosave.

No Textual here; the app drives this class and shows what it reports.

How two programs on one session file behave (the README explains it too):
the first to open a file takes its lock and is the writer. A second program
opens the same file read-only, says who is editing, and follows the writer's
changes by re-reading the file when it changes (``poll``). When the writer
closes, the next poll of a follower takes the lock and it may edit.

Every change is saved at once through the atomic store. If the file was
changed by something else, deleted, or became unreadable, it is never written
over: the answers stay in memory, the user is told, and the next change is
saved to a new recovery file in the sessions folder instead.

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

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from meshtui.content import EXAMPLE_NOTICE
from meshtui.files import FileLock, LockRefused, ensure_private_dir, tighten_if_ours
from meshtui.model import MAX_NOTE_CHARS, Session
from meshtui.session_format import (
    Fingerprint,
    SessionError,
    now_utc,
    read_session,
    save_session,
)
from meshtui.store import SessionStore, slugify


class Mode(Enum):
    #: This program holds the lock and saves every change.
    EDITING = "editing"
    #: Another program is editing; this one follows its changes.
    FOLLOWING = "following"
    #: The shipped example: looked at, never written.
    EXAMPLE = "example"
    #: The file changed under us in a way we could not follow (deleted or
    #: unreadable). Answers are kept in memory; the next change goes to a
    #: recovery file.
    DETACHED = "detached"


class PollResult(Enum):
    UNCHANGED = "unchanged"
    RELOADED = "reloaded"
    TOOK_OVER = "took-over"
    DETACHED = "detached"


@dataclass
class OpenSession:
    path: Path
    session: Session
    fingerprint: Fingerprint
    store: SessionStore
    mode: Mode = Mode.EDITING
    #: One line for the user about the mode: who holds the lock, what went wrong.
    message: str = ""
    lock: FileLock | None = field(default=None, repr=False)
    #: Why the latest answers are not on disk; None when every given answer is.
    save_problem: str | None = None

    @classmethod
    def open(cls, path: Path, store: SessionStore, *, example: bool = False) -> OpenSession:
        """Read ``path`` and take its lock. Raises SessionError if it cannot be read.

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
        lock = FileLock(path)
        try:
            holder = lock.acquire()
        except LockRefused as exc:
            return cls(
                path, session, fingerprint, store, Mode.FOLLOWING, f"Read-only: {exc.problem}"
            )
        if holder is not None:
            return cls(
                path,
                session,
                fingerprint,
                store,
                Mode.FOLLOWING,
                f"Read-only: {holder.describe()} is editing this session. "
                "Their changes appear here as they save.",
            )
        # Our sessions folder is made owner-only again (never through a link),
        # and leftovers of earlier crashes beside the file go (never a live one's).
        tighten_if_ours(store.sessions_dir)
        store.sweep()
        if path.parent != store.sessions_dir.resolve():
            from meshtui.files import sweep_leftovers

            sweep_leftovers(path.parent)
        return cls(path, session, fingerprint, store, Mode.EDITING, "", lock)

    @property
    def can_edit(self) -> bool:
        return self.mode in (Mode.EDITING, Mode.DETACHED)

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
            self.fingerprint = save_session(self.path, self.session, expected=self.fingerprint)
        except SessionError as exc:
            # Changed under us (ConflictError), or not writable now (a full
            # disk, a read-only folder): never lose the answers over it.
            self._save_recovery(reason=exc.problem)
            return
        self.save_problem = None

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
        """Carry on in ``target``, just written: its lock, its saves; nothing unsaved."""
        self._release()
        lock = FileLock(target)
        with contextlib.suppress(LockRefused):
            lock.acquire()
        self.lock = lock
        self.path = target.resolve()
        self.fingerprint = fingerprint
        self.mode = Mode.EDITING
        self.save_problem = None

    def _reattach(self) -> bool:
        """After a failed write (a full disk, say): if the file still holds exactly
        what we last read or wrote, and nobody else holds it, go back to it."""
        if Fingerprint.of_file(self.path) != self.fingerprint or self.fingerprint.content is None:
            return False
        lock = FileLock(self.path)
        try:
            if lock.acquire() is not None:
                return False
        except LockRefused:
            return False
        self.lock = lock
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
        if self.mode is Mode.FOLLOWING and self._try_take_over():
            return PollResult.TOOK_OVER
        current = Fingerprint.of_file(self.path)
        if current == self.fingerprint:
            return PollResult.UNCHANGED
        try:
            session, fingerprint = read_session(self.path)
        except SessionError as exc:
            if self.mode is Mode.FOLLOWING:
                # The writer may be mid-way through something odd; keep
                # showing the last good state and say why.
                self.message = f"Read-only, and the file cannot be read now: {exc.problem}"
                self.fingerprint = current
                return PollResult.DETACHED
            self.mode = Mode.DETACHED
            self._release()
            self.save_problem = f"Not saved: {exc}; not written over."
            self.message = (
                f"{exc}. Your answers are kept here and not written over it; "
                "your next change is saved to a new recovery file."
            )
            return PollResult.DETACHED
        self.session, self.fingerprint = session, fingerprint
        return PollResult.RELOADED

    def _try_take_over(self) -> bool:
        lock = FileLock(self.path)
        try:
            if lock.acquire() is not None:
                return False
        except LockRefused:
            return False
        try:
            self.session, self.fingerprint = read_session(self.path)
        except SessionError:
            lock.release()
            return False
        self.lock = lock
        self.mode = Mode.EDITING
        self.message = ""
        return True

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

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
