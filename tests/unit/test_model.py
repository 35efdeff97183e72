"""The rating scale, sessions' answers and the book's verdict rule (issue section 3)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meshtui.model import (
    CRITERION_IDS,
    PRIMARY_CRITERION,
    Answer,
    Band,
    Session,
    band_for,
    is_valid_score,
    session_verdict,
    verdict_for,
)

ALL_FIVE = [5] * 8
scores_st = st.integers(min_value=1, max_value=5)
maybe_scores_st = st.one_of(st.none(), scores_st)
eight_st = st.lists(maybe_scores_st, min_size=8, max_size=8)
full_eight_st = st.lists(scores_st, min_size=8, max_size=8)


def new_session() -> Session:
    stamp = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)
    return Session(name="s", created=stamp, updated=stamp)


# ---------------------------------------------------------------------------
# The scale


def test_book_order_of_criteria() -> None:
    assert CRITERION_IDS == (
        "organizational_complexity",
        "data_oriented_strategy",
        "executive_support",
        "data_technology_at_core",
        "early_adopter",
        "modern_engineering",
        "domain_oriented_organization",
        "long_term_commitment",
    )
    assert PRIMARY_CRITERION == "organizational_complexity"


@pytest.mark.parametrize(
    ("score", "band", "label"),
    [
        (1, Band.LOW, "Low"),
        (2, Band.LOW_MEDIUM, "Low-Medium"),
        (3, Band.MEDIUM, "Medium"),
        (4, Band.MEDIUM_HIGH, "Medium-High"),
        (5, Band.HIGH, "High"),
    ],
)
def test_band_for_each_score(score: int, band: Band, label: str) -> None:
    assert band_for(score) is band
    assert band_for(score).label == label


@pytest.mark.parametrize("bad", [0, 6, -1, True, False, "3", 3.0, None])
def test_band_for_rejects_non_scores(bad: object) -> None:
    with pytest.raises(ValueError, match="1 to 5"):
        band_for(bad)  # type: ignore[arg-type]
    assert not is_valid_score(bad)


def test_bands_are_ordered_and_distinct() -> None:
    bands = [band_for(s) for s in range(1, 6)]
    assert len(set(bands)) == 5
    assert [b.value for b in bands] == ["low", "low-medium", "medium", "medium-high", "high"]


# ---------------------------------------------------------------------------
# The verdict


def test_all_medium_is_ready() -> None:
    verdict = verdict_for([3] * 8)
    assert verdict.status == "ready"
    assert verdict.below_medium == ()
    assert verdict.unanswered == ()
    assert not verdict.primary_low


def test_one_unanswered_is_incomplete_even_when_others_are_low() -> None:
    verdict = verdict_for([1, 1, 1, 1, 1, 1, 1, None])
    assert verdict.status == "incomplete"
    assert verdict.unanswered == ("long_term_commitment",)
    # The weak axes answered so far are still named.
    assert verdict.below_medium == CRITERION_IDS[:7]


def test_nothing_answered_is_incomplete() -> None:
    verdict = verdict_for([None] * 8)
    assert verdict.status == "incomplete"
    assert verdict.unanswered == CRITERION_IDS
    assert verdict.below_medium == ()
    assert not verdict.primary_low


def test_not_yet_names_each_weak_axis_in_book_order() -> None:
    scores = {
        "long_term_commitment": 2,
        "executive_support": 1,
        "data_oriented_strategy": 3,
        "early_adopter": 2,
    }
    full = {cid: scores.get(cid, 4) for cid in CRITERION_IDS}
    verdict = verdict_for(full)
    assert verdict.status == "not-yet"
    assert verdict.below_medium == ("executive_support", "early_adopter", "long_term_commitment")
    assert not verdict.primary_low


@pytest.mark.parametrize("low", [1, 2])
def test_low_organizational_complexity_is_primary_low_whatever_the_rest(low: int) -> None:
    verdict = verdict_for([low, 5, 5, 5, 5, 5, 5, 5])
    assert verdict.status == "not-yet"
    assert verdict.primary_low
    assert verdict.below_medium == ("organizational_complexity",)


def test_primary_low_also_when_incomplete() -> None:
    verdict = verdict_for([1, None, None, None, None, None, None, None])
    assert verdict.status == "incomplete"
    assert verdict.primary_low


@pytest.mark.parametrize("score", [3, 4, 5, None])
def test_primary_not_low_at_medium_or_unanswered(score: int | None) -> None:
    assert not verdict_for([score, 1, 1, 1, 1, 1, 1, 1]).primary_low


def test_mapping_and_sequence_agree_and_missing_keys_are_unanswered() -> None:
    assert verdict_for({"executive_support": 4}) == verdict_for(
        [None, None, 4, None, None, None, None, None]
    )


@pytest.mark.parametrize("count", [0, 7, 9])
def test_wrong_number_of_scores_is_rejected(count: int) -> None:
    with pytest.raises(ValueError, match="expected 8"):
        verdict_for([3] * count)


@pytest.mark.parametrize("bad", [0, 6, True, "3", 2.5])
def test_invalid_score_in_verdict_is_rejected(bad: object) -> None:
    with pytest.raises(ValueError, match="executive_support"):
        verdict_for([3, 3, bad, 3, 3, 3, 3, 3])  # type: ignore[list-item]


@given(eight_st)
def test_ready_iff_all_answered_and_medium_or_more(scores: list[int | None]) -> None:
    verdict = verdict_for(scores)
    all_good = all(s is not None and s >= 3 for s in scores)
    assert (verdict.status == "ready") == all_good
    assert (verdict.status == "incomplete") == (None in scores)
    if verdict.status == "not-yet":
        assert None not in scores
        assert verdict.below_medium


@given(eight_st)
def test_below_medium_and_unanswered_are_exactly_those_ids(scores: list[int | None]) -> None:
    verdict = verdict_for(scores)
    assert verdict.below_medium == tuple(
        cid for cid, s in zip(CRITERION_IDS, scores, strict=True) if s is not None and s < 3
    )
    assert verdict.unanswered == tuple(
        cid for cid, s in zip(CRITERION_IDS, scores, strict=True) if s is None
    )
    assert verdict.primary_low == (scores[0] is not None and scores[0] < 3)


@given(eight_st, full_eight_st)
def test_answering_more_never_makes_a_weak_axis_disappear(
    partial: list[int | None], fill: list[int]
) -> None:
    completed = [p if p is not None else f for p, f in zip(partial, fill, strict=True)]
    before, after = verdict_for(partial), verdict_for(completed)
    assert set(before.below_medium) <= set(after.below_medium)
    assert after.status != "incomplete"
    if before.below_medium:
        assert after.status == "not-yet"


@given(full_eight_st, st.lists(st.integers(0, 4), min_size=8, max_size=8))
def test_raising_scores_never_turns_ready_into_not_yet(
    scores: list[int], raise_by: list[int]
) -> None:
    raised = [min(5, s + r) for s, r in zip(scores, raise_by, strict=True)]
    if verdict_for(scores).status == "ready":
        assert verdict_for(raised).status == "ready"
    if verdict_for(raised).status == "not-yet":
        assert verdict_for(scores).status == "not-yet"


@given(eight_st, st.integers(0, 7), scores_st)
def test_changing_an_answer_on_a_ready_session_only_breaks_it_below_medium(
    scores: list[int | None], index: int, new: int
) -> None:
    changed = list(scores)
    changed[index] = new
    if verdict_for(scores).status == "ready":
        assert verdict_for(changed).status == ("ready" if new >= 3 else "not-yet")


# ---------------------------------------------------------------------------
# Sessions


def test_new_session_has_nothing_answered() -> None:
    session = new_session()
    assert session.scores() == [None] * 8
    assert session.answered_count() == 0
    assert session.first_unanswered() == 0
    assert session_verdict(session).status == "incomplete"


def test_set_score_reports_changes() -> None:
    session = new_session()
    assert session.set_score("executive_support", 4) is True
    assert session.set_score("executive_support", 4) is False
    assert session.score("executive_support") == 4
    assert session.set_score("executive_support", 2) is True
    assert session.scores()[2] == 2
    assert session.answered_count() == 1


@pytest.mark.parametrize("bad", [0, 6, True, "3", 3.0])
def test_set_score_rejects_invalid_and_keeps_the_old_score(bad: object) -> None:
    session = new_session()
    session.set_score("early_adopter", 3)
    with pytest.raises(ValueError):
        session.set_score("early_adopter", bad)  # type: ignore[arg-type]
    assert session.score("early_adopter") == 3


def test_unknown_criterion_is_a_key_error() -> None:
    session = new_session()
    with pytest.raises(KeyError, match="no_such"):
        session.set_score("no_such", 3)
    with pytest.raises(KeyError):
        session.set_note("no_such", "x")
    with pytest.raises(KeyError):
        session.answer("no_such")
    assert session.answers == {}


def test_clearing_a_score_keeps_the_note_and_clearing_both_removes_the_answer() -> None:
    session = new_session()
    session.set_score("modern_engineering", 5)
    assert session.set_note("modern_engineering", "CD everywhere") is True
    assert session.set_note("modern_engineering", "CD everywhere") is False
    assert session.set_score("modern_engineering", None) is True
    assert session.answer("modern_engineering") == Answer(score=None, note="CD everywhere")
    assert session.answered_count() == 0
    assert session.set_note("modern_engineering", "") is True
    assert "modern_engineering" not in session.answers


def test_note_only_answer_is_not_answered() -> None:
    session = new_session()
    session.set_note("organizational_complexity", "we have not decided")
    assert session.answered_count() == 0
    assert session.first_unanswered() == 0
    assert session.answer("organizational_complexity").note == "we have not decided"


def test_changing_a_score_keeps_unknown_keys() -> None:
    session = new_session()
    session.answers["executive_support"] = Answer(score=2, extra={"target": 4})
    session.set_score("executive_support", 3)
    assert session.answer("executive_support").extra == {"target": 4}
    session.set_score("executive_support", None)
    # Not empty: the unknown key is still there, so the answer is kept.
    assert session.answers["executive_support"].extra == {"target": 4}


def test_first_unanswered_and_count() -> None:
    session = new_session()
    for cid in CRITERION_IDS[:3]:
        session.set_score(cid, 3)
    session.set_score(CRITERION_IDS[5], 1)
    assert session.first_unanswered() == 3
    assert session.answered_count() == 4
    for cid in CRITERION_IDS:
        session.set_score(cid, 3)
    assert session.first_unanswered() is None
    assert session.answered_count() == 8
    assert session_verdict(session).status == "ready"


@given(eight_st)
def test_session_verdict_matches_its_scores(scores: list[int | None]) -> None:
    session = new_session()
    for cid, score in zip(CRITERION_IDS, scores, strict=True):
        session.set_score(cid, score)
    assert session.scores() == scores
    assert session.answered_count() == sum(s is not None for s in scores)
    assert session_verdict(session) == verdict_for(scores)
    first = session.first_unanswered()
    assert first == (scores.index(None) if None in scores else None)


def test_all_five_but_primary_low_is_never_ready() -> None:
    session = new_session()
    for cid, score in zip(CRITERION_IDS, [2, *ALL_FIVE[1:]], strict=True):
        session.set_score(cid, score)
    verdict = session_verdict(session)
    assert verdict.status == "not-yet"
    assert verdict.primary_low


def test_a_disagreement_is_to_discuss_until_a_score_is_agreed() -> None:
    answer = Answer(ratings={"Ana": 2, "Ben": 4})
    assert answer.discuss and not answer.settled
    assert answer.disagreement() == "DISCUSS: 2 apart"
    agreed = Answer(score=3, ratings={"Ana": 2, "Ben": 4})
    assert agreed.settled and not agreed.discuss
    assert agreed.disagreement() == "settled at 3 (2 apart)"
    close = Answer(score=3, ratings={"Ana": 3, "Ben": 4})
    assert not close.discuss and not close.settled and close.disagreement() == ""
