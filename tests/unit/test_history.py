"""One organization's sessions over time: order, trend strings, choosing the organization."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meshtui.history import (
    AmbiguousOrganization,
    UnknownOrganization,
    history_for,
    organizations,
    trend,
)
from meshtui.model import CRITERION_IDS, Session


def at(month: int, day: int = 1, *, naive: bool = False) -> datetime:
    stamp = datetime(2026, month, day, 10, 0)
    return stamp if naive else stamp.replace(tzinfo=UTC)


def session(
    name: str,
    created: datetime,
    scores: list[int | None] | None = None,
    organization: str = "Daff, Inc.",
) -> Session:
    s = Session(name=name, created=created, updated=created, organization=organization)
    for criterion_id, score in zip(CRITERION_IDS, scores or [None] * 8, strict=True):
        s.set_score(criterion_id, score)
    return s


def test_trend_strings() -> None:
    assert trend([2, 3, 4]) == "2 -> 3 -> 4"
    assert trend([None, 3, None]) == "- -> 3 -> -"
    assert trend([5]) == "5"
    assert trend([]) == ""
    assert trend([2, 3, 4]).isascii()


@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=12))
def test_property_trend_has_one_point_per_session(scores: list[int | None]) -> None:
    points = trend(scores).split(" -> ")
    assert points == ["-" if s is None else str(s) for s in scores]


def test_sessions_come_in_date_order_whatever_the_input_order() -> None:
    q3 = session("Q3", at(8), [4, 5, 4, 5, 4, 4, 3, 3])
    q1 = session("Q1", at(2), [4, 4, 3, 4, 3, 3, 2, None])
    q2 = session("Q2", at(5), [4, 5, 4, 5, 3, 4, 2, 3])
    history = history_for([q3, q1, q2], "Daff, Inc.", ["q3.toml", "q1.toml", "q2.toml"])
    assert [s.name for s in history.sessions] == ["Q1", "Q2", "Q3"]
    assert history.files == ("q1.toml", "q2.toml", "q3.toml")
    assert history.trend("organizational_complexity") == "4 -> 4 -> 4"
    assert history.trend("domain_oriented_organization") == "2 -> 2 -> 3"
    assert history.trend("long_term_commitment") == "- -> 3 -> 3"
    assert history.verdicts() == ["incomplete", "not-yet", "ready"]
    assert history.verdict_trend() == "incomplete -> not-yet -> ready"
    assert [cid for cid, _ in history.trends()] == list(CRITERION_IDS)


def test_ties_and_naive_dates_do_not_break_the_order() -> None:
    # A file may hold a local date-time (no offset): it is ordered as UTC, not refused.
    a = session("B second", at(3))
    b = session("A first", at(3))
    c = session("Naive", at(2, naive=True))
    history = history_for([a, b, c], None)
    assert [s.name for s in history.sessions] == ["Naive", "A first", "B second"]


def test_organization_matches_case_insensitively() -> None:
    sessions = [
        session("one", at(1), organization="Daff, Inc."),
        session("two", at(2), organization="  daff,  INC. "),
        session("other", at(3), organization="Acme"),
    ]
    history = history_for(sessions, "DAFF, inc.")
    assert [s.name for s in history.sessions] == ["one", "two"]
    assert history.organization == "Daff, Inc."
    assert organizations(sessions) == ["Daff, Inc.", "Acme"]


def test_without_an_organization() -> None:
    same = [session("one", at(1)), session("two", at(2), organization="DAFF, INC.")]
    assert history_for(same, None).organization == "Daff, Inc."
    mixed = [*same, session("x", at(3), organization="Acme"), session("y", at(4), organization="")]
    with pytest.raises(AmbiguousOrganization) as caught:
        history_for(mixed, None)
    assert caught.value.names == ["Daff, Inc.", "Acme", ""]
    # Sessions without an organization are their own group, chosen with "".
    assert [s.name for s in history_for(mixed, "").sessions] == ["y"]


def test_unknown_organization_or_none_at_all() -> None:
    with pytest.raises(UnknownOrganization) as caught:
        history_for([session("one", at(1))], "Acme")
    assert caught.value.names == ["Daff, Inc."]
    with pytest.raises(UnknownOrganization) as empty:
        history_for([], None)
    assert empty.value.names == []
    with pytest.raises(ValueError):
        history_for([session("one", at(1))], None, ["a.toml", "b.toml"])
