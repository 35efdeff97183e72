"""Two programs editing one session file at once (issue 13), at the store level:
real files, the real write lock and presence entries, OpenSession's saves.

Generated interleavings of Ana's and Ben's edits and looks at the file: no
edit is lost without a conflict being told; the messages name who changed
what. (Real processes writing at once are in tests/faults.)
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from meshtui.model import CRITERION_IDS, Session
from meshtui.session_file import Mode, OpenSession
from meshtui.session_format import save_session
from meshtui.store import SessionStore, load_session
from tests.conftest import hypothesis_examples
from tests.factories import saved_in_store
from tests.unit.test_merge import (
    EXEC,
    Edit,
    Save,
    Step,
    assert_nothing_lost_silently,
    bases,
    concrete,
    record_save,
    session,
    steps,
    unique_lines,
)


@contextmanager
def two_programs(start: Session) -> Iterator[tuple[Path, list[OpenSession]]]:
    """Ana's and Ben's programs on one session file in a fresh folder."""
    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore(Path(folder))
        store.sessions_dir.mkdir(mode=0o700)
        path = store.sessions_dir / "pair.toml"
        save_session(path, start)
        opened = [OpenSession.open(path, store, as_who=who) for who in ("Ana", "Ben")]
        try:
            yield path, opened
        finally:
            for program in opened:
                program.close()


def _as_change(edit: Edit) -> Callable[[Session], bool]:
    def change(session: Session) -> bool:
        before = copy.deepcopy(session)
        edit(session)
        return session != before

    return change


@settings(
    max_examples=hypothesis_examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(bases(), steps())
def test_two_programs_on_one_file_lose_nothing_silently(start: Session, steps: list[Step]) -> None:
    fresh = unique_lines()
    saves: list[Save] = []
    with two_programs(start) as (path, programs):
        for index, edit in steps:
            program = programs[index]
            if edit is None:
                program.poll()
                continue
            assert program.snapshot is not None
            base = copy.deepcopy(program.snapshot)
            told_before = len(program.conflicts)
            program.take_notices()  # what its looks at the file found
            change = _as_change(concrete(edit, fresh))
            ours = copy.deepcopy(program.session)
            if not change(ours) or not program.apply(change):
                continue
            assert program.save_problem is None and program.mode is Mode.EDITING
            conflicts = program.conflicts[told_before:]
            # Every conflict is told to this user, at once.
            assert len(program.take_notices()) == len(conflicts)
            saves.append(record_save(program.who, base, ours, program.session, conflicts))
        final = load_session(path)
    assert_nothing_lost_silently(saves, final)


def test_ana_sees_that_ben_changed_the_agreed_score_she_had_set(tmp_path: Path) -> None:
    store, path = saved_in_store(tmp_path, session(), "pair")
    ana = OpenSession.open(path, store, as_who="Ana")
    ben = OpenSession.open(path, store, as_who="Ben")
    try:
        ana.rate(EXEC, 3)
        ben.rate(EXEC, 4)  # Ben had not seen Ana's 3: both set it at once
        assert ben.take_notices() == [
            "Ana set the agreed score on Executive support to 3 at the same time; yours, 4, stands."
        ]
        ana.poll()
        assert ana.take_notices() == [
            "Ben changed the agreed score on Executive support from 3 to 4."
        ]
        assert ana.session.score(EXEC) == 4
        # Their own ratings, at once: both kept, no conflict, and Ana is told nothing
        # about Ben's rating (a blind session must not announce it).
        ana.rate_as(CRITERION_IDS[0], "Ana", 2)
        ben.rate_as(CRITERION_IDS[0], "Ben", 5)
        ana.poll()
        assert (ana.take_notices(), ben.take_notices()) == ([], [])
        assert load_session(path).answer(CRITERION_IDS[0]).ratings == {"Ana": 2, "Ben": 5}
        assert ana.company.startswith("Also here: Ben (")
    finally:
        ana.close()
        ben.close()


def test_a_read_only_program_writes_nothing_and_shows_changes(tmp_path: Path) -> None:
    store, path = saved_in_store(tmp_path, session(), "pair")
    watcher = OpenSession.open(path, store, read_only=True)
    writer = OpenSession.open(path, store, as_who="Ana")
    try:
        assert watcher.mode is Mode.WATCHING and not watcher.can_edit
        assert [p.describe().endswith("watching)") for p in writer.here()].count(True) == 1
        writer.rate(EXEC, 2)
        watcher.poll()
        assert watcher.session.score(EXEC) == 2
    finally:
        watcher.close()
        writer.close()


@contextmanager
def programs_as(*who: str) -> Iterator[list[OpenSession]]:
    """One editing program per name on one session file, opened in that order."""
    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore(Path(folder))
        store.sessions_dir.mkdir(mode=0o700)
        path = store.sessions_dir / "team.toml"
        save_session(path, session())
        opened: list[OpenSession] = []
        try:
            for name in who:
                opened.append(OpenSession.open(path, store, as_who=name))
            yield opened
        finally:
            for program in opened:
                program.close()


def test_with_two_others_editing_a_conflict_names_both() -> None:
    """The file does not say who saved it: the message names everyone who could have."""
    with programs_as("Ana", "Ben", "Cleo") as (ana, ben, _cleo):
        ana.rate(EXEC, 3)
        ben.rate(EXEC, 4)  # Ben had not seen Ana's 3
        assert ben.take_notices() == [
            "Ana or Cleo set the agreed score on Executive support to 3 at the same time; "
            "yours, 4, stands."
        ]
        ana.poll()
        assert ana.take_notices() == [
            "Ben or Cleo changed the agreed score on Executive support from 3 to 4."
        ]


def test_with_three_others_editing_a_conflict_names_all_three() -> None:
    with programs_as("Ana", "Ben", "Cleo", "Dan") as (ana, ben, _cleo, dan):
        dan.set_note(EXEC, "Dan's note")
        ana.set_note(EXEC, "Ana's note")
        assert ana.take_notices() == [
            "Ben, Cleo or Dan wrote the note on Executive support at the same time: "
            "both texts are kept."
        ]
        ben.poll()
        assert ben.take_notices() == []  # first values and added text simply appear
        ben.set_target(EXEC, 4)
        dan.set_target(EXEC, 5)
        assert dan.take_notices() == [
            "Ana, Ben or Cleo set the target on Executive support to 4 at the same time; "
            "yours, 5, stands."
        ]


def test_someone_who_left_since_is_still_named_and_a_watcher_never_is(tmp_path: Path) -> None:
    """Cleo saved and quit before Ben's save merged hers: naming only Ana, who is
    still here, would be untrue. A read-only watcher cannot have written anything."""
    store, path = saved_in_store(tmp_path, session(), "team")
    ana = OpenSession.open(path, store, as_who="Ana")
    ben = OpenSession.open(path, store, as_who="Ben")
    watcher = OpenSession.open(path, store, read_only=True)
    try:
        cleo = OpenSession.open(path, store, as_who="Cleo")
        ben.poll()  # Ben's program looks (twice a second in the app): Cleo is here
        cleo.rate(EXEC, 3)
        cleo.close()
        ben.rate(EXEC, 4)
        assert ben.take_notices() == [
            "Ana or Cleo set the agreed score on Executive support to 3 at the same time; "
            "yours, 4, stands."
        ]
        # Once Ben's program has seen the file with Cleo's change, Cleo is gone
        # for what comes after: Ana alone could change it now.
        ana.rate(EXEC, 2)
        ben.poll()
        assert ben.take_notices() == [
            "Ana changed the agreed score on Executive support from 4 to 2."
        ]
    finally:
        for program in (ana, ben, watcher):
            program.close()


def test_the_same_person_in_another_program_is_named_as_such() -> None:
    """Ana on two logins: the other program is hers, not Ben's, who is here too."""
    with programs_as("Ana", "Ana", "Ben") as (laptop, desktop, _ben):
        laptop.rate(EXEC, 3)
        desktop.rate(EXEC, 4)
        assert desktop.take_notices() == [
            "Ana (another program of yours) or Ben set the agreed score on Executive "
            "support to 3 at the same time; yours, 4, stands."
        ]


def test_nobody_seen_editing_is_someone_else(tmp_path: Path) -> None:
    """Another tool (a git pull, an editor) changed the file: nobody is named."""
    store, path = saved_in_store(tmp_path, session(), "team")
    ana = OpenSession.open(path, store, as_who="Ana")
    try:
        ana.rate(EXEC, 3)
        pulled = load_session(path)
        pulled.set_score(EXEC, 5)
        save_session(path, pulled)
        ana.poll()
        assert ana.take_notices() == [
            "Someone else changed the agreed score on Executive support from 3 to 5."
        ]
    finally:
        ana.close()
