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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from meshtui.model import Session
from meshtui.store import (
    Fingerprint,
    SessionError,
    SessionLock,
    SessionStore,
    ensure_private_dir,
    now_utc,
    read_session,
    save_session,
)


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
    lock: SessionLock | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path, store: SessionStore, *, example: bool = False) -> OpenSession:
        """Read ``path`` and take its lock. Raises SessionError if it cannot be read."""
        session, fingerprint = read_session(path)
        if example:
            return cls(
                path,
                session,
                fingerprint,
                store,
                Mode.EXAMPLE,
                "The shipped example, read-only. Start your own with 'n' on the home screen.",
            )
        lock = SessionLock(path)
        holder = lock.acquire()
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
        return self.apply(lambda session: session.set_note(criterion_id, note))

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
        if self.mode is Mode.DETACHED and not self._reattach():
            self._save_recovery()
            return
        try:
            self.fingerprint = save_session(self.path, self.session, expected=self.fingerprint)
        except SessionError as exc:
            # Changed under us (ConflictError), or not writable now (a full
            # disk, a read-only folder): never lose the answers over it.
            self._save_recovery(reason=exc.problem)

    def _reattach(self) -> bool:
        """After a failed write (a full disk, say): if the file still holds exactly
        what we last read or wrote, and nobody else holds it, go back to it."""
        if Fingerprint.of_file(self.path) != self.fingerprint or self.fingerprint.content is None:
            return False
        lock = SessionLock(self.path)
        if lock.acquire() is not None:
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
            self.fingerprint = save_session(target, self.session, expected=Fingerprint(None))
        except (SessionError, OSError) as exc:
            self.session.name = base_name
            self._release()
            self.mode = Mode.DETACHED
            problem = exc.problem if isinstance(exc, SessionError) else str(exc)
            self.message = (
                f"Cannot save {original}{f' ({reason})' if reason else ''}, nor a recovery "
                f"copy ({problem}). Your answers are kept here; your next change tries again."
            )
            return
        self._release()
        lock = SessionLock(target)
        lock.acquire()
        self.lock = lock
        self.path = target
        self.mode = Mode.EDITING
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
            self.message = (
                f"{exc}. Your answers are kept here and not written over it; "
                "your next change is saved to a new recovery file."
            )
            return PollResult.DETACHED
        self.session, self.fingerprint = session, fingerprint
        return PollResult.RELOADED

    def _try_take_over(self) -> bool:
        lock = SessionLock(self.path)
        if lock.acquire() is not None:
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


def find_previous(store: SessionStore, session: Session, path: Path) -> Session | None:
    """The session this one re-assesses: its ``previous`` key if that file can be
    read, else the latest other session of the same organization created before it."""
    if session.previous:
        candidate = Path(session.previous).expanduser()
        if not candidate.is_absolute():
            candidate = path.parent / candidate
        try:
            return read_session(candidate)[0]
        except SessionError:
            pass
    if not session.organization:
        return None
    earlier = [
        other
        for other_path, other in store.iter_readable()
        if other_path.resolve() != path.resolve()
        and other.organization.casefold() == session.organization.casefold()
        and other.created < session.created
    ]
    return max(earlier, key=lambda other: other.created, default=None)
