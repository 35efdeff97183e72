"""Blind rating in the model and the file (issue 13): what is hidden, from whom,
until when; the file keeps every rating."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from meshtui.merge import merge
from meshtui.model import CRITERION_IDS, Answer, Session
from meshtui.session_format import load_session, save_session

FIRST, SECOND = CRITERION_IDS[:2]


def blind_pair() -> Session:
    stamp = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    return Session(
        name="Blind", created=stamp, updated=stamp, participants=["Ana", "Ben"], blind=True
    )


def test_each_rating_is_hidden_from_the_others_until_everyone_has_rated() -> None:
    session = blind_pair()
    session.set_rating(FIRST, "Ana", 4)
    assert session.ratings_hidden(FIRST)
    assert session.seen_by("Ana").answer(FIRST).ratings == {"Ana": 4}
    assert session.seen_by("Ben").answer(FIRST).ratings == {}
    assert session.seen_by(None).answer(FIRST).ratings == {}  # the facilitator too
    session.set_rating(FIRST, "Ben", 2)
    assert not session.ratings_hidden(FIRST)
    seen = session.seen_by("Ben").answer(FIRST)
    assert seen.ratings == {"Ana": 4, "Ben": 2} and seen.discuss


def test_a_session_that_is_not_blind_hides_nothing() -> None:
    session = blind_pair()
    session.blind = False
    session.set_rating(FIRST, "Ana", 4)
    assert not session.ratings_hidden(FIRST)
    assert session.seen_by("Ben") is session


def test_the_facilitator_reveals_early_and_the_file_keeps_it(tmp_path: Path) -> None:
    session = blind_pair()
    session.set_rating(SECOND, "Ana", 3)
    assert not session.reveal(FIRST)  # nothing hidden there: nothing to reveal
    assert session.reveal(SECOND)
    assert session.seen_by("Ben").answer(SECOND).ratings == {"Ana": 3}
    path = tmp_path / "blind.toml"
    save_session(path, session)
    text = path.read_text(encoding="utf-8")
    assert "blind = true" in text and "revealed = true" in text
    again = load_session(path)
    assert again == session
    assert again.answer(SECOND).ratings == {"Ana": 3}  # the file stores them as usual


def test_an_early_reveal_merges_like_a_confirmation() -> None:
    base = blind_pair()
    base.set_rating(FIRST, "Ana", 3)
    facilitator = load_copy(base)
    facilitator.reveal(FIRST)
    ben = load_copy(base)
    ben.set_rating(SECOND, "Ben", 5)
    result = merge(base, ben, facilitator, ours_by="Ben", theirs_by="facilitator")
    assert result.conflicts == []
    assert result.session.answer(FIRST).revealed
    assert result.session.answer(SECOND).ratings == {"Ben": 5}


def load_copy(session: Session) -> Session:
    import copy

    return copy.deepcopy(session)


def test_blind_can_be_switched_only_before_anyone_rates() -> None:
    session = blind_pair()
    assert session.set_blind(False) and not session.blind
    assert not session.set_blind(False)  # already so: nothing changed
    assert session.set_blind(True) and session.blind
    session.set_rating(FIRST, "Ana", 4)
    assert session.rated_yet()
    assert not session.set_blind(False) and session.blind


def test_an_agreed_score_counts_as_a_rating_but_a_carried_one_does_not() -> None:
    session = blind_pair()
    session.answers[FIRST] = Answer(score=3, carried=True)
    assert not session.rated_yet()
    session.confirm(FIRST)
    assert session.rated_yet()


def test_switching_blind_merges_with_the_other_writers_changes() -> None:
    base = blind_pair()
    ours = load_copy(base)
    assert ours.set_blind(False)
    theirs = load_copy(base)
    theirs.set_note(FIRST, "Ben's note")
    result = merge(base, ours, theirs, ours_by="facilitator", theirs_by="Ben")
    assert result.conflicts == []
    assert not result.session.blind and result.session.answer(FIRST).note == "Ben's note"


def test_early_reveal_names_who_had_not_rated() -> None:
    session = blind_pair()
    session.set_rating(FIRST, "Ana", 2)
    assert not session.revealed_early(FIRST)
    session.reveal(FIRST)
    assert session.revealed_early(FIRST) and session.not_rated(FIRST) == ["Ben"]
    assert not session.revealed_early(SECOND)


def blind_trio() -> Session:
    session = blind_pair()
    session.participants.append("Cleo")
    return session


def test_the_reveal_records_who_had_not_rated_then_and_rating_later_keeps_it(
    tmp_path: Path,
) -> None:
    session = blind_trio()
    session.set_rating(FIRST, "Ben", 4)
    assert session.reveal(FIRST)
    assert session.answer(FIRST).revealed_before == ("Ana", "Cleo")  # the participants' order
    session.set_rating(FIRST, "Ana", 2)
    session.set_rating(FIRST, "Cleo", 3)
    assert session.not_rated(FIRST) == []
    assert session.answer(FIRST).revealed_before == ("Ana", "Cleo")
    path = tmp_path / "blind.toml"
    save_session(path, session)
    assert 'revealed_before = [\n    "Ana",\n    "Cleo",\n]' in path.read_text(encoding="utf-8")
    assert load_session(path) == session


def test_a_file_from_before_the_record_still_reads(tmp_path: Path) -> None:
    """An older meshtui wrote only ``revealed = true``."""
    session = blind_trio()
    session.answers[FIRST] = Answer(ratings={"Ben": 4}, revealed=True)
    path = tmp_path / "old.toml"
    save_session(path, session)
    assert "revealed_before" not in path.read_text(encoding="utf-8")
    again = load_session(path)
    assert again.revealed_early(FIRST) and again.answer(FIRST).revealed_before == ()


def test_two_reveals_at_once_name_everyone_either_saw_not_rated() -> None:
    """Two facilitators' programs reveal the same criterion at once; one had seen
    Ana's rating come in meanwhile. Neither reveal is a conflict."""
    base = blind_trio()
    base.set_rating(FIRST, "Ben", 4)
    first = load_copy(base)
    assert first.reveal(FIRST)
    second = load_copy(base)
    second.set_rating(FIRST, "Ana", 2)
    assert second.reveal(FIRST)
    assert second.answer(FIRST).revealed_before == ("Cleo",)
    for ours, theirs in ((first, second), (second, first)):
        result = merge(base, ours, theirs, ours_by="facilitator", theirs_by="facilitator")
        assert result.conflicts == []
        answer = result.session.answer(FIRST)
        assert answer.revealed and set(answer.revealed_before) == {"Ana", "Cleo"}
        assert answer.ratings == {"Ben": 4, "Ana": 2}


def test_a_reveal_merged_with_a_rating_given_meanwhile_keeps_its_record() -> None:
    base = blind_trio()
    base.set_rating(FIRST, "Ben", 4)
    facilitator = load_copy(base)
    assert facilitator.reveal(FIRST)
    cleo = load_copy(base)
    cleo.set_rating(FIRST, "Cleo", 5)
    result = merge(base, cleo, facilitator, ours_by="Cleo", theirs_by="facilitator")
    answer = result.session.answer(FIRST)
    assert answer.revealed_before == ("Ana", "Cleo")  # as the facilitator saw it
    assert answer.ratings == {"Ben": 4, "Cleo": 5}
