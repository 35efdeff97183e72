"""The team roll-up's logic: median, range and n per criterion, and its verdicts (issue 4)."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meshtui.aggregate import (
    criterion_stats,
    default_name,
    drawing_medians,
    format_median,
    json_median,
    medians_verdict,
    rollup,
    round_half_up,
)
from meshtui.model import CRITERION_IDS, Session, verdict_for
from meshtui.overlays import HIGH_MARKER, LOW_MARKER, rollup_overlay
from tests.conftest import hypothesis_examples

MakeSession = Callable[..., Session]
CREATED = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def build_session(
    name: str = "team", scores: list[int | None] | None = None, *, organization: str = ""
) -> Session:
    session = Session(name=name, created=CREATED, updated=CREATED, organization=organization)
    for criterion_id, score in zip(CRITERION_IDS, scores or [None] * 8, strict=True):
        session.set_score(criterion_id, score)
    return session


score_or_missing = st.one_of(st.none(), st.integers(1, 5))
eight = st.lists(score_or_missing, min_size=8, max_size=8)
many_sessions = st.lists(eight, min_size=1, max_size=9)


def sessions_of(score_lists: list[list[int | None]]) -> list[Session]:
    return [build_session(f"team {i}", scores) for i, scores in enumerate(score_lists)]


# ---------------------------------------------------------------------------
# Examples


def test_median_range_and_n_ignore_missing_answers() -> None:
    sessions = sessions_of(
        [
            [1, 3, None, 4, 2, 5, None, 3],
            [3, 4, None, 4, None, 5, None, 3],
            [5, None, None, 2, None, 5, 4, 3],
            [2, 4, None, 3, None, 1, None, 3],
        ]
    )
    stats = criterion_stats(sessions)
    first = stats[0]
    assert (first.median, first.low, first.high, first.n) == (2.5, 1, 5, 4)
    strategy = stats[1]  # one missing: median of 3, 4, 4, not of 0, 3, 4, 4
    assert (strategy.median, strategy.low, strategy.high, strategy.n) == (4, 3, 4, 3)
    nobody = stats[2]
    assert (nobody.median, nobody.low, nobody.high, nobody.n) == (None, None, None, 0)
    lone = stats[4]
    assert (lone.median, lone.low, lone.high, lone.n) == (2, 2, 2, 1)
    assert stats[6].n == 1 and stats[6].median == 4
    assert [item.id for item in stats] == list(CRITERION_IDS)


def test_verdict_of_the_medians() -> None:
    ready = rollup(sessions_of([[3] * 8, [4] * 8, [3] * 8]))
    assert ready.verdict.status == "ready"
    # 2.5 is below Medium, 3.5 is not.
    halves = rollup(sessions_of([[2, 3, 3, 3, 3, 3, 3, 3], [3, 4, 3, 3, 3, 3, 3, 3]]))
    assert halves.criteria[0].median == 2.5
    assert halves.criteria[1].median == 3.5
    assert halves.verdict.status == "not-yet"
    assert halves.verdict.below_medium == ("organizational_complexity",)
    assert halves.verdict.primary_low
    nobody = rollup(sessions_of([[3, None, 3, 3, 3, 3, 3, 3], [1, None, 3, 3, 3, 3, 3, 3]]))
    assert nobody.verdict.status == "incomplete"
    assert nobody.verdict.unanswered == ("data_oriented_strategy",)
    # A criterion some sessions skipped is not "incomplete" for the roll-up.
    some = rollup(sessions_of([[3, None, 3, 3, 3, 3, 3, 3], [3, 4, 3, 3, 3, 3, 3, 3]]))
    assert some.verdict.status == "ready"


def test_not_yet_and_incomplete_sessions_are_listed_with_their_axes() -> None:
    sessions = sessions_of(
        [
            [3] * 8,
            [3, 2, 3, 3, 1, 3, 3, 3],
            [3, 3, None, 3, 3, 3, 3, 3],
        ]
    )
    result = rollup(sessions)
    assert [(f.name, f.criteria) for f in result.not_yet] == [
        ("team 1", ("data_oriented_strategy", "early_adopter"))
    ]
    assert [(f.name, f.criteria) for f in result.incomplete] == [("team 2", ("executive_support",))]


def test_names() -> None:
    same_org = [
        build_session("a", organization="Daff, Inc."),
        build_session("b", organization="Daff, Inc."),
    ]
    assert rollup(same_org).name == "Daff, Inc. roll-up"
    assert default_name([build_session("a", organization="X"), build_session("b")]) == (
        "Roll-up of 2 sessions"
    )
    assert default_name([build_session("a")]) == "Roll-up of 1 session"
    assert rollup(same_org, "Domain teams, October").name == "Domain teams, October"
    assert rollup(same_org, "   ").name == "Daff, Inc. roll-up"
    with pytest.raises(ValueError):
        rollup([])


@pytest.mark.parametrize(
    ("value", "expected"), [(1.0, 1), (2.5, 3), (3.5, 4), (4.5, 5), (3.0, 3), (1.5, 2)]
)
def test_round_half_up(value: float, expected: int) -> None:
    assert round_half_up(value) == expected


def test_medians_for_drawing_and_display() -> None:
    stats = criterion_stats(sessions_of([[2, 3, None, 1, 1, 1, 1, 1], [3, 3, None, 2, 1, 1, 1, 1]]))
    assert drawing_medians(stats)[:4] == [3, 3, None, 2]  # 2.5 -> 3, 1.5 -> 2
    assert [format_median(s.median) for s in stats[:4]] == ["2.5", "3", "-", "1.5"]
    assert [json_median(s.median) for s in stats[:4]] == [2.5, 3, None, 1.5]
    assert type(json_median(stats[1].median)) is int


def test_rollup_overlay_markers() -> None:
    overlay = rollup_overlay([3] * 8, [1] * 8, [5] * 8)
    assert overlay.markers == ("O", LOW_MARKER, HIGH_MARKER)
    assert len(overlay.series) == 3
    assert "median" in overlay.legend_text()


# ---------------------------------------------------------------------------
# Properties


@settings(max_examples=hypothesis_examples(150), deadline=None)
@given(many_sessions)
def test_property_missing_answers_are_never_scores(score_lists: list[list[int | None]]) -> None:
    stats = criterion_stats(sessions_of(score_lists))
    for axis, item in enumerate(stats):
        answered = [score for scores in score_lists if (score := scores[axis]) is not None]
        assert item.n == len(answered)
        if not answered:
            assert item.median is None and item.low is None and item.high is None
            continue
        assert item.low == min(answered)
        assert item.high == max(answered)
        assert item.median == statistics.median(answered)
        assert item.low <= item.median <= item.high
        assert (item.median * 2).is_integer()


@settings(max_examples=hypothesis_examples(100), deadline=None)
@given(eight)
def test_property_a_single_session_is_its_own_roll_up(scores: list[int | None]) -> None:
    result = rollup(sessions_of([scores]))
    for item, score in zip(result.criteria, scores, strict=True):
        assert item.median == item.low == item.high == score
        assert item.n == (0 if score is None else 1)
    # One session's roll-up verdict is that session's own verdict.
    assert result.verdict == verdict_for(scores)


@settings(max_examples=hypothesis_examples(100), deadline=None)
@given(many_sessions, st.randoms(use_true_random=False))
def test_property_order_of_sessions_does_not_matter(
    score_lists: list[list[int | None]], rng: object
) -> None:
    shuffled = list(score_lists)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    first = rollup(sessions_of(score_lists))
    second = rollup(sessions_of(shuffled))
    assert first.criteria == second.criteria
    assert first.verdict == second.verdict


@settings(max_examples=hypothesis_examples(100), deadline=None)
@given(many_sessions)
def test_property_verdict_follows_the_medians(score_lists: list[list[int | None]]) -> None:
    result = rollup(sessions_of(score_lists))
    medians = [item.median for item in result.criteria]
    if any(m is None for m in medians):
        assert result.verdict.status == "incomplete"
    elif all(m >= 3 for m in medians if m is not None):
        assert result.verdict.status == "ready"
    else:
        assert result.verdict.status == "not-yet"
        assert result.verdict.below_medium == tuple(
            cid for cid, m in zip(CRITERION_IDS, medians, strict=True) if m is not None and m < 3
        )
    assert result.verdict == medians_verdict(result.criteria)
    drawn = drawing_medians(result.criteria)
    for item, value in zip(result.criteria, drawn, strict=True):
        if item.median is None:
            assert value is None
        else:
            assert value is not None and 0 <= value - item.median <= 0.5
