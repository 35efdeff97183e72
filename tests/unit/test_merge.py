"""The three-way merge of two writers' sessions (meshtui/merge.py, issue 13).

The laws (nothing to merge -> the changed side), the rules for each kind of
field, the messages each side reads, and generated interleavings of two
writers who each save every edit at once: no acknowledged edit is lost
without a conflict saying so.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from meshtui.merge import (
    NOTE,
    NOTE_SET_ASIDE,
    RATING,
    SCORE,
    Conflict,
    join_notes,
    merge,
    one_of,
)
from meshtui.model import CRITERION_IDS, MAX_NOTE_CHARS, Answer, Session
from tests.conftest import hypothesis_examples

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
PEOPLE = ("Ana", "Ben", "Cy")
#: A few criteria, so that generated edits often meet on one.
CRITERIA = CRITERION_IDS[2:4]
EXEC = CRITERION_IDS[2]

Edit = Callable[[Session], object]


def session(**answers: Answer) -> Session:
    return Session(
        name="Q4",
        created=START,
        updated=START,
        organization="Acme",
        participants=["Ana", "Ben"],
        answers=dict(answers),
    )


def edited(base: Session, *edits: Edit, minutes: int = 1) -> Session:
    """A copy of ``base`` with the edits applied through the model's setters."""
    copy = replace(
        base,
        participants=list(base.participants),
        answers={cid: replace(a, ratings=dict(a.ratings)) for cid, a in base.answers.items()},
        extra=dict(base.extra),
    )
    for edit in edits:
        edit(copy)
    copy.updated = base.updated + timedelta(minutes=minutes)
    return copy


# ---------------------------------------------------------------------------
# Edits, as a user makes them (hypothesis strategies)

scores = st.integers(1, 5)
maybe_scores = st.none() | scores
criteria = st.sampled_from(CRITERIA)
people = st.sampled_from(PEOPLE)
words = st.sampled_from(("teams", "budget", "CDO", "platform", "x"))


def _set_score(cid: str, value: int | None) -> Edit:
    return lambda s: s.set_score(cid, value)


def _set_target(cid: str, value: int | None) -> Edit:
    return lambda s: s.set_target(cid, value)


def _rate(cid: str, person: str, value: int | None) -> Edit:
    return lambda s: s.set_rating(cid, person, value)


def _write_note(cid: str, text: str) -> Edit:
    return lambda s: s.set_note(cid, text)


def _add_line(cid: str, text: str) -> Edit:
    return lambda s: s.set_note(cid, f"{s.answer(cid).note}\n{text}".lstrip("\n"))


def _confirm(cid: str) -> Edit:
    return lambda s: s.confirm(cid)


def _rename(name: str) -> Edit:
    return lambda s: setattr(s, "name", name)


def _set_organization(name: str) -> Edit:
    return lambda s: setattr(s, "organization", name)


def _add_person(person: str) -> Edit:
    return lambda s: s.participants.append(person) if person not in s.participants else None


def _remove_person(person: str) -> Edit:
    return lambda s: s.participants.remove(person) if person in s.participants else None


#: One strategy per kind of edit, so that each kind is drawn as often as the others.
edit_kinds: list[st.SearchStrategy[Edit]] = [
    st.builds(_set_score, criteria, maybe_scores),
    st.builds(_set_target, criteria, maybe_scores),
    st.builds(_rate, criteria, people, maybe_scores),
    st.builds(_write_note, criteria, words),
    st.builds(_add_line, criteria, words),
    st.builds(_confirm, criteria),
    st.builds(_rename, st.sampled_from(("Q4", "Q4 review", "Q1"))),
    st.builds(_set_organization, st.sampled_from(("Acme", "Acme Ltd", ""))),
    st.builds(_add_person, people),
    st.builds(_remove_person, people),
]
edits = st.one_of(*edit_kinds)


@st.composite
def bases(draw: st.DrawFn) -> Session:
    """A session as someone last read it: some answers, some carried over."""
    base = edited(session(), *draw(st.lists(edits, max_size=6)), minutes=0)
    for cid in draw(st.lists(criteria, max_size=2)):
        if cid in base.answers:
            base.answers[cid].carried = True
    return base


@st.composite
def two_sides(draw: st.DrawFn) -> tuple[Session, Session, Session]:
    base = draw(bases())
    ours = edited(base, *draw(st.lists(edits, max_size=4)), minutes=2)
    theirs = edited(base, *draw(st.lists(edits, max_size=4)), minutes=1)
    return base, ours, theirs


# ---------------------------------------------------------------------------
# Laws


@given(two_sides())
def test_when_only_one_side_changed_the_merge_is_that_side(
    sides: tuple[Session, Session, Session],
) -> None:
    base, ours, theirs = sides
    only_ours = merge(base, ours, base, ours_by="Ben", theirs_by="Ana")
    only_theirs = merge(base, base, theirs, ours_by="Ben", theirs_by="Ana")
    both_same = merge(base, ours, ours, ours_by="Ben", theirs_by="Ana")
    assert (only_ours.session, only_ours.conflicts) == (ours, [])
    assert (only_theirs.session, only_theirs.conflicts) == (theirs, [])
    assert (both_same.session, both_same.conflicts) == (ours, [])


def test_the_inputs_are_not_changed() -> None:
    base = session(**{EXEC: Answer(score=3, ratings={"Ana": 3})})
    ours = edited(base, _rate(EXEC, "Ben", 4), _write_note(EXEC, "ours"))
    theirs = edited(base, _rate(EXEC, "Ana", 2), _write_note(EXEC, "theirs"))
    copies = [edited(s, minutes=0) for s in (base, ours, theirs)]
    merge(base, ours, theirs, ours_by="Ben", theirs_by="Ana")
    assert [base, ours, theirs] == copies


def _values(s: Session) -> dict[tuple[str, ...], Any]:
    """Every field a user can change, flattened: what the merge must account for."""
    flat: dict[tuple[str, ...], Any] = {
        ("name",): s.name,
        ("organization",): s.organization,
        ("previous",): s.previous,
    }
    flat.update({("participant", person): True for person in s.participants})
    for cid, answer in s.answers.items():
        flat[(cid, SCORE)] = answer.score
        flat[(cid, "target")] = answer.target
        flat[(cid, NOTE)] = answer.note
        flat[(cid, "carried")] = answer.carried
        flat.update({(cid, RATING, p): value for p, value in answer.ratings.items()})
    return {key: value for key, value in flat.items() if value not in (None, "", False)}


def _conflict_keys(conflicts: list[Conflict]) -> set[tuple[str, ...]]:
    return {
        tuple(part for part in (c.criterion_id, c.field, c.key) if part is not None)
        for c in conflicts
    }


def _note_lines(text: str) -> set[str]:
    return {line for line in text.splitlines() if line and not line.startswith("[")}


@given(two_sides())
def test_swapping_the_sides_keeps_the_same_things(sides: tuple[Session, Session, Session]) -> None:
    """Only who wins a conflict depends on who saves last; everything else is the same."""
    base, x, y = sides
    one = merge(base, x, y, ours_by="Ben", theirs_by="Ana")
    other = merge(base, y, x, ours_by="Ana", theirs_by="Ben")
    assert _conflict_keys(one.conflicts) == _conflict_keys(other.conflicts)
    contested = _conflict_keys(one.conflicts)
    first, second = _values(one.session), _values(other.session)
    for key in first.keys() | second.keys():
        if key[-1] == NOTE:
            assert _note_lines(first.get(key, "")) == _note_lines(second.get(key, ""))
        elif key not in contested and key[:2] not in contested:
            # (a settled score follows its ratings: key[:2] is (criterion, score))
            assert first.get(key) == second.get(key), key
    assert set(one.session.participants) == set(other.session.participants)


# ---------------------------------------------------------------------------
# The rules, one by one


def test_two_agreed_scores_at_once_the_later_stands_and_both_sides_are_told() -> None:
    base = session(**{EXEC: Answer(score=2)})
    ana = edited(base, _set_score(EXEC, 3))
    ben = edited(base, _set_score(EXEC, 4), minutes=2)
    result = merge(base, ben, ana, ours_by="Ben", theirs_by="Ana")
    assert result.session.score(EXEC) == 4
    [conflict] = result.conflicts
    assert (conflict.field, conflict.criterion_id) == (SCORE, EXEC)
    assert (conflict.base, conflict.ours, conflict.theirs, conflict.kept) == (2, 4, 3, 4)
    title = {EXEC: "Executive support"}.__getitem__
    assert conflict.told_to_them(title) == (
        "Ben changed the agreed score on Executive support from 3 to 4."
    )
    assert conflict.told_to_us(title) == (
        "Ana set the agreed score on Executive support to 3 at the same time; yours, 4, stands."
    )


def test_a_score_set_beats_a_score_cleared() -> None:
    base = session(**{EXEC: Answer(score=2)})
    result = merge(
        base,
        edited(base, _set_score(EXEC, None)),
        edited(base, _set_score(EXEC, 5)),
        ours_by="Ben",
        theirs_by="Ana",
    )
    assert result.session.score(EXEC) == 5
    [conflict] = result.conflicts
    assert conflict.told_to_them() == (
        f"Ben cleared the agreed score on {EXEC} at the same time; yours, 5, is kept."
    )


def test_two_notes_at_once_keep_both_texts() -> None:
    base = session(**{EXEC: Answer(note="The CDO sponsors it.")})
    ana = edited(base, _add_line(EXEC, "Budget is approved."))
    ben = edited(base, _add_line(EXEC, "The CEO has not said a word."))
    result = merge(base, ben, ana, ours_by="Ben", theirs_by="Ana")
    assert result.session.answer(EXEC).note == (
        "The CDO sponsors it.\nBudget is approved.\n\n"
        "[Ben, at the same time:]\nThe CEO has not said a word."
    )
    [conflict] = result.conflicts
    assert conflict.told_to_them() == (
        f"Ben wrote the note on {EXEC} at the same time: both texts are kept."
    )


def test_notes_rewritten_differently_are_both_kept_whole() -> None:
    base = session(**{EXEC: Answer(note="We have 2")})
    ana = edited(base, _write_note(EXEC, "We have 2 teams"))
    ben = edited(base, _write_note(EXEC, "We have 3 teams"))
    note = merge(base, ben, ana, ours_by="Ben").session.answer(EXEC).note
    assert note == "We have 2 teams\n\n[Ben, at the same time:]\nWe have 3 teams"


def test_a_note_written_beats_a_note_cleared() -> None:
    base = session(**{EXEC: Answer(note="old")})
    result = merge(
        base,
        edited(base, _write_note(EXEC, "")),
        edited(base, _write_note(EXEC, "new")),
        ours_by="Ben",
        theirs_by="Ana",
    )
    assert result.session.answer(EXEC).note == "new"
    assert len(result.conflicts) == 1


def test_notes_too_long_to_join_keep_theirs_beside_the_note() -> None:
    base = session()
    ours_text, theirs_text = "o" * (MAX_NOTE_CHARS - 5), "t" * (MAX_NOTE_CHARS - 5)
    result = merge(
        base,
        edited(base, _write_note(EXEC, ours_text)),
        edited(base, _write_note(EXEC, theirs_text)),
        ours_by="Ben",
        theirs_by="Ana",
    )
    answer = result.session.answer(EXEC)
    assert answer.note == ours_text
    assert answer.extra[NOTE_SET_ASIDE] == theirs_text
    [conflict] = result.conflicts
    assert NOTE_SET_ASIDE in conflict.told_to_them()


def test_each_rating_has_one_writer_that_person() -> None:
    """The facilitator typed a rating for Ana while Ana rated herself: Ana's stands,
    whichever side saved last."""
    base = session()
    facilitator = edited(base, _rate(EXEC, "Ana", 2))
    ana = edited(base, _rate(EXEC, "Ana", 4))
    for result in (
        merge(base, facilitator, ana, ours_by="facilitator", theirs_by="Ana"),
        merge(base, ana, facilitator, ours_by="Ana", theirs_by="facilitator"),
    ):
        assert result.session.answer(EXEC).ratings == {"Ana": 4}
        [conflict] = result.conflicts
        assert (conflict.field, conflict.key) == (RATING, "Ana")
    facilitator_saved_last = merge(base, facilitator, ana, ours_by="facilitator", theirs_by="Ana")
    assert facilitator_saved_last.conflicts[0].told_to_them() == (
        f"facilitator set Ana's rating on {EXEC} to 2 at the same time; "
        "yours, 4, stands: it is yours to set."
    )


def test_a_rating_stands_as_its_owner_wrote_it_when_the_writer_is_not_known() -> None:
    """Three programs open: the file's writer cannot be told, but Ana is editing."""
    base = session()
    facilitator = edited(base, _rate(EXEC, "Ana", 2))
    ana = edited(base, _rate(EXEC, "Ana", 4))
    result = merge(base, facilitator, ana, ours_by="facilitator", others=frozenset({"Ana", "Ben"}))
    assert result.session.answer(EXEC).ratings == {"Ana": 4}
    nobody_known = merge(base, facilitator, ana, ours_by="facilitator")
    assert nobody_known.session.answer(EXEC).ratings == {"Ana": 2}
    assert len(nobody_known.conflicts) == 1


def test_a_conflict_names_everyone_who_may_have_written_the_file() -> None:
    base = session(**{EXEC: Answer(score=2)})
    theirs = edited(base, _set_score(EXEC, 3))
    ours = edited(base, _set_score(EXEC, 4), minutes=2)
    told = {
        others: merge(base, ours, theirs, ours_by="Ana", others=frozenset(others))
        .conflicts[0]
        .told_to_us()
        for others in [(), ("Ben",), ("Cleo", "Ben"), ("Dan", "Ben", "Cleo")]
    }
    assert told == {
        (): f"Someone else set the agreed score on {EXEC} to 3 at the same time; yours, 4, stands.",
        ("Ben",): f"Ben set the agreed score on {EXEC} to 3 at the same time; yours, 4, stands.",
        ("Cleo", "Ben"): (
            f"Ben or Cleo set the agreed score on {EXEC} to 3 at the same time; yours, 4, stands."
        ),
        ("Dan", "Ben", "Cleo"): (
            f"Ben, Cleo or Dan set the agreed score on {EXEC} to 3 at the same time; "
            "yours, 4, stands."
        ),
    }
    assert one_of(["Ben", "Ben"]) == "Ben" and one_of([]) is None


def test_two_people_rating_at_once_both_ratings_kept_and_agreement_settles() -> None:
    base = session()
    ana = edited(base, _rate(EXEC, "Ana", 4))
    ben = edited(base, _rate(EXEC, "Ben", 4))
    result = merge(base, ben, ana, ours_by="Ben", theirs_by="Ana")
    assert result.session.answer(EXEC).ratings == {"Ana": 4, "Ben": 4}
    assert result.session.score(EXEC) == 4
    assert result.conflicts == []
    apart = merge(base, edited(base, _rate(EXEC, "Ben", 2)), ana, ours_by="Ben")
    assert apart.session.score(EXEC) is None
    assert apart.session.answer(EXEC).discuss


def test_different_fields_merge_field_by_field() -> None:
    base = session(**{EXEC: Answer(score=3, carried=True, note="carried")})
    ana = edited(base, _set_target(EXEC, 5), _rename("Q4 2026"), _add_person("Cy"))
    ben = edited(base, _confirm(EXEC), _set_organization("Acme Ltd"), _remove_person("Ana"))
    result = merge(base, ben, ana, ours_by="Ben", theirs_by="Ana")
    assert result.conflicts == []
    merged = result.session
    assert merged.answer(EXEC) == Answer(score=3, note="carried", target=5, carried=False)
    assert (merged.name, merged.organization) == ("Q4 2026", "Acme Ltd")
    assert merged.participants == ["Ben", "Cy"]
    assert merged.updated == ben.updated


def test_join_notes_with_one_side_empty_is_the_other() -> None:
    assert join_notes("a", "", "b", "Ben") == "b"
    assert join_notes("a", "b", "", "Ben") == "b"


# ---------------------------------------------------------------------------
# Interleavings of two writers, each saving every edit at once


@dataclass
class Writer:
    name: str
    #: The session as this writer last read or wrote it.
    snapshot: Session
    session: Session


@dataclass
class Save:
    """One acknowledged save: what the writer changed and what the file then held."""

    writer: str
    base: dict[tuple[str, ...], Any]
    changed: dict[tuple[str, ...], Any]
    result: dict[tuple[str, ...], Any]
    conflicts: set[tuple[str, ...]]


def _holds(values: dict[tuple[str, ...], Any], key: tuple[str, ...], value: Any) -> bool:
    """The file still holds a value given for ``key`` (a note: every line of it)."""
    now = values.get(key)
    if key[-1] == NOTE and value:
        return now is not None and _note_lines(value) <= _note_lines(now)
    return bool(now == value or (value in (None, "", False) and now is None))


@dataclass(frozen=True)
class NewLine:
    """Add a line no other edit wrote to a note, so that keeping it can be checked."""

    criterion_id: str


Step = tuple[int, Edit | NewLine | None]


def steps() -> st.SearchStrategy[list[Step]]:
    """(writer 0 or 1, an edit to make and save, or None to re-read the file)."""
    # The kinds two people contest are drawn three times as often as the others.
    contested = [*edit_kinds[:3], st.builds(NewLine, criteria)]
    action = st.one_of(st.none(), *edit_kinds, *contested, *contested, *contested)
    return st.lists(st.tuples(st.integers(0, 1), action), min_size=2, max_size=40)


def unique_lines() -> Iterator[str]:
    return (f"line {n}" for n in itertools.count(1))


def _contested(key: tuple[str, ...], save: Save) -> bool:
    """The save reported a conflict on this field (a settled score: on its ratings)."""
    return key in save.conflicts or any(
        conflict[: len(key)] == key or (key[-1] == SCORE and conflict[:2] == (key[0], RATING))
        for conflict in save.conflicts
    )


def record_save(
    writer: str, base: Session, ours: Session, result: Session, conflicts: list[Conflict]
) -> Save:
    """What one save changed (ours against its base) and what the file then held."""
    before, after = _values(base), _values(ours)
    changed = {
        key: after.get(key)
        for key in before.keys() | after.keys()
        if before.get(key) != after.get(key)
    }
    event(f"conflicts: {min(len(conflicts), 2)}")
    return Save(writer, before, changed, _values(result), _conflict_keys(conflicts))


def assert_nothing_lost_silently(saves: list[Save], final: Session) -> None:
    """Every value a save gave is still there, or a later save replaced it knowing
    it (its base held it), or a conflict said so; a text is never lost at all."""
    values = _values(final)
    for number, save in enumerate(saves):
        for key, value in save.changed.items():
            if key[-1] == "carried" or key[0] == "participant":
                continue  # merged as sets and flags, never contested
            # A conflict excuses a lost value, but never a lost text.
            text = key[-1] == NOTE and bool(value)
            if not _holds(save.result, key, value):
                assert not text and _contested(key, save), (key, value, save)
                continue
            for later in saves[number + 1 :]:
                if not _holds(later.result, key, value):
                    knew = _holds(later.base, key, value)
                    assert knew or (not text and _contested(key, later)), (key, value, later)
                    break
            else:
                assert _holds(values, key, value)


def concrete(edit: Edit | NewLine, fresh: Iterator[str]) -> Edit:
    """A step's edit, a NewLine given text no other edit wrote."""
    return _add_line(edit.criterion_id, next(fresh)) if isinstance(edit, NewLine) else edit


@settings(max_examples=hypothesis_examples(300))
@given(bases(), steps())
def test_interleaved_writers_lose_nothing_silently(start: Session, steps: list[Step]) -> None:
    disk = start
    writers = [Writer(name, disk, disk) for name in ("Ana", "Ben")]
    saves: list[Save] = []
    fresh = unique_lines()
    for index, edit in steps:
        writer = writers[index]
        if edit is None:
            writer.snapshot = writer.session = disk
            continue
        ours = edited(writer.session, concrete(edit, fresh), minutes=len(saves) + 1)
        other = writers[1 - index].name
        result = merge(writer.snapshot, ours, disk, ours_by=writer.name, theirs_by=other)
        saves.append(
            record_save(writer.name, writer.snapshot, ours, result.session, result.conflicts)
        )
        disk = writer.snapshot = writer.session = result.session
    assert_nothing_lost_silently(saves, disk)
