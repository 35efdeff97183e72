"""The rating scale, a session's answers and the book's verdict rule.

Pure data and functions: no Textual, no Rich, no file access.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Literal

#: The eight criteria of Figure 15-1, in the book's order. The content file
#: must list exactly these ids in this order (a test checks it).
CRITERION_IDS: tuple[str, ...] = (
    "organizational_complexity",
    "data_oriented_strategy",
    "executive_support",
    "data_technology_at_core",
    "early_adopter",
    "modern_engineering",
    "domain_oriented_organization",
    "long_term_commitment",
)

#: The criterion the book calls primary: "the intrinsic business complexity and
#: proliferation of data sources and data use cases".
PRIMARY_CRITERION = "organizational_complexity"

SCORE_MIN = 1
SCORE_MAX = 5
#: The book's "medium": the inner edge of the coloured section of Figure 15-1.
MEDIUM = 3

FORMAT_VERSION = 1


class Band(Enum):
    """Where a score sits against the book's three anchors (1 Low, 3 Medium, 5 High)."""

    LOW = "low"
    LOW_MEDIUM = "low-medium"
    MEDIUM = "medium"
    MEDIUM_HIGH = "medium-high"
    HIGH = "high"

    @property
    def label(self) -> str:
        return _BAND_LABELS[self]


_BAND_LABELS = {
    Band.LOW: "Low",
    Band.LOW_MEDIUM: "Low-Medium",
    Band.MEDIUM: "Medium",
    Band.MEDIUM_HIGH: "Medium-High",
    Band.HIGH: "High",
}
_BANDS_BY_SCORE = dict(zip(range(SCORE_MIN, SCORE_MAX + 1), Band, strict=True))


def is_valid_score(value: object) -> bool:
    """True for an int 1..5 (bools are not scores, although Python calls them ints)."""
    return type(value) is int and SCORE_MIN <= value <= SCORE_MAX


def band_for(score: int) -> Band:
    """The band of a valid score; ValueError for anything else."""
    if not is_valid_score(score):
        raise ValueError(f"score must be an integer from {SCORE_MIN} to {SCORE_MAX}, not {score!r}")
    return _BANDS_BY_SCORE[score]


@dataclass
class Answer:
    """One criterion's answer. ``score`` None means not rated yet (a note may exist alone)."""

    score: int | None = None
    note: str = ""
    #: Keys of the ``[answers.<id>]`` table that this version does not know;
    #: kept so that saving never drops what a newer tool wrote.
    extra: dict[str, Any] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return self.score is None and not self.note and not self.extra


@dataclass
class Session:
    """An assessment: who answered, for which organization, and the answers."""

    name: str
    created: datetime
    updated: datetime
    organization: str = ""
    participants: list[str] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)
    #: Top-level keys this version does not know, preserved on save.
    extra: dict[str, Any] = field(default_factory=dict)

    def answer(self, criterion_id: str) -> Answer:
        """The answer for a criterion, an empty one when there is none yet."""
        _check_id(criterion_id)
        return self.answers.get(criterion_id, Answer())

    def score(self, criterion_id: str) -> int | None:
        return self.answer(criterion_id).score

    def scores(self) -> list[int | None]:
        """Scores in the book's order, None where unanswered."""
        return [self.score(cid) for cid in CRITERION_IDS]

    def answered_count(self) -> int:
        return sum(1 for s in self.scores() if s is not None)

    def first_unanswered(self) -> int | None:
        """Index of the first criterion without a score, None when all are rated."""
        for index, score in enumerate(self.scores()):
            if score is None:
                return index
        return None

    def set_score(self, criterion_id: str, score: int | None) -> bool:
        """Rate (or clear, with None) a criterion. Returns True if anything changed."""
        if score is not None and not is_valid_score(score):
            raise ValueError(f"score must be an integer from {SCORE_MIN} to {SCORE_MAX}")
        return self._update(criterion_id, score=score)

    def set_note(self, criterion_id: str, note: str) -> bool:
        """Replace a criterion's note. Returns True if anything changed."""
        return self._update(criterion_id, note=note)

    def _update(self, criterion_id: str, **changes: Any) -> bool:
        current = self.answer(criterion_id)
        new = Answer(
            score=changes.get("score", current.score),
            note=changes.get("note", current.note),
            extra=dict(current.extra),
        )
        if new == current:
            return False
        if new.is_empty():
            self.answers.pop(criterion_id, None)
        else:
            self.answers[criterion_id] = new
        return True


def _check_id(criterion_id: str) -> None:
    if criterion_id not in CRITERION_IDS:
        raise KeyError(f"unknown criterion {criterion_id!r}")


VerdictStatus = Literal["ready", "not-yet", "incomplete"]


@dataclass(frozen=True)
class Verdict:
    """The book's rule applied to eight scores.

    ``ready``: every axis Medium (3) or more. ``incomplete``: any axis unanswered.
    ``not-yet``: all answered and at least one below Medium.
    """

    status: VerdictStatus
    #: Criterion ids rated below Medium, in the book's order.
    below_medium: tuple[str, ...]
    #: Criterion ids without a score, in the book's order.
    unanswered: tuple[str, ...]
    #: True when the primary criterion (organizational complexity) is below
    #: Medium: then data mesh is unlikely to pay off, whatever the rest say.
    primary_low: bool


def verdict_for(scores: Mapping[str, int | None] | Sequence[int | None]) -> Verdict:
    """Apply the book's rule. ``scores`` maps criterion ids to scores, or lists them in order."""
    if isinstance(scores, Mapping):
        by_id = {cid: scores.get(cid) for cid in CRITERION_IDS}
    else:
        if len(scores) != len(CRITERION_IDS):
            raise ValueError(f"expected {len(CRITERION_IDS)} scores, got {len(scores)}")
        by_id = dict(zip(CRITERION_IDS, scores, strict=True))
    for cid, value in by_id.items():
        if value is not None and not is_valid_score(value):
            raise ValueError(f"{cid}: score must be an integer from {SCORE_MIN} to {SCORE_MAX}")
    unanswered = tuple(cid for cid, s in by_id.items() if s is None)
    below = tuple(cid for cid, s in by_id.items() if s is not None and s < MEDIUM)
    primary = by_id[PRIMARY_CRITERION]
    primary_low = primary is not None and primary < MEDIUM
    status: VerdictStatus
    if unanswered:
        status = "incomplete"
    elif below:
        status = "not-yet"
    else:
        status = "ready"
    return Verdict(status, below, unanswered, primary_low)


def session_verdict(session: Session) -> Verdict:
    return verdict_for(session.scores())
