"""The team roll-up: many sessions (say one per domain team) combined into one view.

Pure logic: no Textual, no Rich, no file access. Per criterion it gives the
median, the lowest and highest score and n, the number of sessions that
answered it. A missing answer is never a score: it is left out of the median
and the range, and only lowers n.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from meshtui.model import (
    CRITERION_IDS,
    MEDIUM,
    PRIMARY_CRITERION,
    Session,
    Verdict,
    VerdictStatus,
    session_verdict,
    verdict_status,
)


@dataclass(frozen=True)
class CriterionStats:
    """One criterion across the sessions that answered it."""

    id: str
    #: The median of the answered scores: a whole number or a half (3.5); None when n == 0.
    median: float | None
    low: int | None
    high: int | None
    #: How many sessions answered this criterion.
    n: int


@dataclass(frozen=True)
class SessionFinding:
    """A session of the roll-up whose own verdict is not ``ready``."""

    name: str
    status: VerdictStatus
    #: not-yet: the axes below Medium; incomplete: the unanswered axes.
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Rollup:
    name: str
    sessions: tuple[Session, ...]
    criteria: tuple[CriterionStats, ...]
    #: The book's rule applied to the medians.
    verdict: Verdict
    #: Sessions whose own verdict is not-yet, with their axes below Medium.
    not_yet: tuple[SessionFinding, ...]
    #: Sessions whose own verdict is incomplete, with their unanswered axes.
    incomplete: tuple[SessionFinding, ...]

    def stats(self, criterion_id: str) -> CriterionStats:
        return self.criteria[CRITERION_IDS.index(criterion_id)]


def criterion_stats(sessions: Sequence[Session]) -> tuple[CriterionStats, ...]:
    """Median, range and n per criterion, in the book's order."""
    result = []
    for criterion_id in CRITERION_IDS:
        scores = [s.score(criterion_id) for s in sessions]
        answered = [score for score in scores if score is not None]
        if answered:
            median: float | None = float(statistics.median(answered))
            low: int | None = min(answered)
            high: int | None = max(answered)
        else:
            median = low = high = None
        result.append(CriterionStats(criterion_id, median, low, high, len(answered)))
    return tuple(result)


def medians_verdict(stats: Sequence[CriterionStats]) -> Verdict:
    """The book's rule on the medians: ``ready`` when every median is Medium (3) or
    more, ``incomplete`` when some criterion was answered by no session, else
    ``not-yet`` naming the axes whose median is below Medium (2.5 is below)."""
    unanswered = tuple(item.id for item in stats if item.n == 0)
    below = tuple(item.id for item in stats if item.median is not None and item.median < MEDIUM)
    return Verdict(verdict_status(unanswered, below), below, unanswered, PRIMARY_CRITERION in below)


def round_half_up(value: float) -> int:
    """3.5 -> 4, 2.5 -> 3 (Python's round() would give 4 and 2)."""
    return math.floor(value + 0.5)


def drawing_medians(stats: Sequence[CriterionStats]) -> list[int | None]:
    """The medians as the radar can draw them.

    The radar places whole scores only, so a median of 3.5 is drawn at 4
    (rounded half up). This is for the picture alone: tables, JSON, CSV and
    the verdict always use the exact median.
    """
    return [None if item.median is None else round_half_up(item.median) for item in stats]


def format_median(median: float | None) -> str:
    """'3', '3.5', or '-' when no session answered."""
    if median is None:
        return "-"
    return str(int(median)) if median.is_integer() else f"{median:.1f}"


def json_median(median: float | None) -> int | float | None:
    """3 rather than 3.0 in JSON, 3.5 as it is."""
    if median is None:
        return None
    return int(median) if median.is_integer() else median


def default_name(sessions: Sequence[Session]) -> str:
    """'<organization> roll-up' when all share one, else 'Roll-up of N sessions'."""
    organizations = {s.organization.strip() for s in sessions}
    if len(organizations) == 1 and (only := organizations.pop()):
        return f"{only} roll-up"
    return f"Roll-up of {len(sessions)} session{'s' if len(sessions) != 1 else ''}"


def rollup(sessions: Sequence[Session], name: str | None = None) -> Rollup:
    """Combine sessions (at least one) into a roll-up titled ``name``."""
    if not sessions:
        raise ValueError("a roll-up needs at least one session")
    stats = criterion_stats(sessions)
    not_yet = []
    incomplete = []
    for session in sessions:
        verdict = session_verdict(session)
        if verdict.status == "not-yet":
            not_yet.append(SessionFinding(session.name, "not-yet", verdict.below_medium))
        elif verdict.status == "incomplete":
            incomplete.append(SessionFinding(session.name, "incomplete", verdict.unanswered))
    return Rollup(
        name=name if name and name.strip() else default_name(sessions),
        sessions=tuple(sessions),
        criteria=stats,
        verdict=medians_verdict(stats),
        not_yet=tuple(not_yet),
        incomplete=tuple(incomplete),
    )
