"""The rating scale, a session's answers and the book's verdict rule.

Pure data and functions: no Textual, no Rich, no file access.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from typing import Any, Literal, NamedTuple

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
#: The book's "medium": the inner edge of the colored section of Figure 15-1.
MEDIUM = 3

FORMAT_VERSION = 1

#: The longest note a criterion can hold, in characters: a few pages of text.
MAX_NOTE_CHARS = 20_000


class Band(Enum):
    """Where a score sits on meshtui's scale: 1 Low, 3 Medium, 5 High, 2 and 4 between.

    The book names Low, Medium and High only as the levels of Figure 15-1; the
    1-5 mapping and what each level looks like are meshtui's."""

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


#: Ratings this far apart (or more) on one criterion mean "discuss it".
DISAGREEMENT = 2


@dataclass
class Answer:
    """One criterion's answer.

    ``score`` is the agreed score that verdicts and tools read; None means not
    rated yet (a note may exist alone). ``ratings`` holds each participant's
    own rating when a pair or a team rates separately.
    """

    score: int | None = None
    note: str = ""
    #: Participant name -> that person's own rating.
    ratings: dict[str, int] = field(default_factory=dict)
    #: The score the organization aims for, if set.
    target: int | None = None
    #: True while the score and note were carried over from an earlier
    #: session and nobody has confirmed or changed them yet.
    carried: bool = False
    #: Keys of the ``[answers.<id>]`` table that this version does not know;
    #: kept so that saving never drops what a newer tool wrote.
    extra: dict[str, Any] = field(default_factory=dict)
    #: In a blind session: the facilitator showed the ratings before every
    #: participant had rated (kept in the file; the reports say so).
    revealed: bool = False
    #: Who had not rated yet when the facilitator revealed early, in the
    #: participants' order; empty when not revealed, or when the file was
    #: written before meshtui recorded it (it kept only ``revealed``).
    revealed_before: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return (
            self.score is None
            and not self.note
            and not self.ratings
            and self.target is None
            and not self.extra
        )

    @property
    def spread(self) -> int:
        """Highest minus lowest participant rating (0 with fewer than two)."""
        values = list(self.ratings.values())
        return max(values) - min(values) if len(values) > 1 else 0

    @property
    def discuss(self) -> bool:
        """Participants' ratings differ by 2 or more and no agreed score is set yet:
        talk before moving on. Once a score is agreed the criterion is settled."""
        return self.spread >= DISAGREEMENT and self.score is None

    @property
    def settled(self) -> bool:
        """Ratings 2 or more apart, and the participants agreed on a score anyway."""
        return self.spread >= DISAGREEMENT and self.score is not None

    def disagreement(self) -> str:
        """How the participants' disagreement stands, in one phrase (empty when
        their ratings are less than 2 apart): what the app and every report say."""
        if self.discuss:
            return f"DISCUSS: {self.spread} apart"
        if self.settled:
            return f"settled at {self.score} ({self.spread} apart)"
        return ""

    @property
    def gap(self) -> int | None:
        """How far the score is below the target (None without both; 0 when met)."""
        if self.score is None or self.target is None:
            return None
        return max(0, self.target - self.score)


def _checked(score: int | None) -> int | None:
    if score is not None and not is_valid_score(score):
        raise ValueError(f"score must be an integer from {SCORE_MIN} to {SCORE_MAX}")
    return score


@dataclass
class Session:
    """An assessment: who answered, for which organization, and the answers."""

    name: str
    created: datetime
    updated: datetime
    organization: str = ""
    participants: list[str] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)
    #: The earlier session this one re-assesses (a file name or path), if any.
    previous: str = ""
    #: Top-level keys this version does not know, preserved on save.
    extra: dict[str, Any] = field(default_factory=dict)
    #: Blind rating: on screen, each participant's rating on a criterion is
    #: hidden from everyone else until every participant has rated it (or it is
    #: revealed early). The file keeps every rating as usual.
    blind: bool = False

    def answer(self, criterion_id: str) -> Answer:
        """The answer for a criterion, an empty one when there is none yet."""
        _check_id(criterion_id)
        return self.answers.get(criterion_id, Answer())

    def score(self, criterion_id: str) -> int | None:
        return self.answer(criterion_id).score

    def scores(self) -> list[int | None]:
        """Agreed scores in the book's order, None where unanswered."""
        return [self.score(cid) for cid in CRITERION_IDS]

    def targets(self) -> list[int | None]:
        return [self.answer(cid).target for cid in CRITERION_IDS]

    def ratings_of(self, participant: str) -> list[int | None]:
        """One participant's own ratings in the book's order."""
        return [self.answer(cid).ratings.get(participant) for cid in CRITERION_IDS]

    def answered_count(self) -> int:
        return sum(1 for s in self.scores() if s is not None)

    def first_unanswered(self) -> int | None:
        """Index of the first criterion without a score, None when all are rated."""
        for index, score in enumerate(self.scores()):
            if score is None:
                return index
        return None

    def discuss_ids(self) -> list[str]:
        """Criteria whose participants' ratings differ by 2 or more, in the book's order."""
        return [cid for cid in CRITERION_IDS if self.answer(cid).discuss]

    def carried_ids(self) -> list[str]:
        return [cid for cid in CRITERION_IDS if self.answer(cid).carried]

    def set_score(self, criterion_id: str, score: int | None) -> bool:
        """Set (or clear, with None) the agreed score. This confirms a carried answer.
        Returns True if anything changed."""
        return self._update(criterion_id, score=_checked(score), carried=False)

    def set_note(self, criterion_id: str, note: str) -> bool:
        """Replace a criterion's note (confirming a carried answer when it changes)."""
        if note == self.answer(criterion_id).note:
            return False
        return self._update(criterion_id, note=note, carried=False)

    def set_target(self, criterion_id: str, target: int | None) -> bool:
        return self._update(criterion_id, target=_checked(target))

    def confirm(self, criterion_id: str) -> bool:
        """Accept a carried-over answer as this session's own."""
        return self._update(criterion_id, carried=False)

    def set_rating(self, criterion_id: str, participant: str, score: int | None) -> bool:
        """Record (or clear) one participant's own rating.

        When every participant has rated and all ratings match, that rating
        becomes the agreed score; otherwise the agreed score is left as it
        is, to be settled explicitly.
        """
        _checked(score)
        ratings = dict(self.answer(criterion_id).ratings)
        if score is None:
            ratings.pop(participant, None)
        else:
            ratings[participant] = score
        changes: dict[str, Any] = {"ratings": ratings}
        everyone = self.participants or sorted(ratings)
        values = {ratings.get(person) for person in everyone}
        if len(values) == 1 and None not in values:
            changes["score"] = values.pop()
            changes["carried"] = False
        return self._update(criterion_id, **changes)

    def ratings_hidden(self, criterion_id: str) -> bool:
        """Blind, not revealed early, someone has rated it and someone has not yet."""
        answer = self.answer(criterion_id)
        if not self.blind or answer.revealed or not answer.ratings:
            return False
        return any(person not in answer.ratings for person in self.participants)

    def reveal(self, criterion_id: str) -> bool:
        """Show a blind criterion's ratings before everyone has rated (the facilitator),
        recording who had not rated yet (whoever rates later does not change that)."""
        if not self.ratings_hidden(criterion_id):
            return False
        waiting = tuple(self.not_rated(criterion_id))
        return self._update(criterion_id, revealed=True, revealed_before=waiting)

    def revealed_early(self, criterion_id: str) -> bool:
        """Blind, and the facilitator revealed this criterion's ratings before
        every participant had rated it (``reveal`` sets it only then)."""
        return self.blind and self.answer(criterion_id).revealed

    def not_rated(self, criterion_id: str) -> list[str]:
        """The participants without their own rating on a criterion, in their order."""
        ratings = self.answer(criterion_id).ratings
        return [person for person in self.participants if person not in ratings]

    def rated_yet(self) -> bool:
        """Someone has rated in this session: a participant's own rating, or an
        agreed score that is not merely carried over from an earlier session."""
        return any(
            answer.ratings or (answer.score is not None and not answer.carried)
            for answer in self.answers.values()
        )

    def set_blind(self, blind: bool) -> bool:
        """Make the session blind or not; only before anyone has rated (after,
        ratings already seen cannot be hidden again). Returns True if it changed."""
        if blind == self.blind or self.rated_yet():
            return False
        self.blind = blind
        return True

    def seen_by(self, viewer: str | None) -> Session:
        """The session as ``viewer`` (a participant; None for the facilitator) may see
        it on screen: in a blind session, everyone else's ratings are left out of
        each criterion whose ratings are still hidden. Everything else is as is."""
        if not self.blind:
            return self
        answers = dict(self.answers)
        for criterion_id, answer in self.answers.items():
            if self.ratings_hidden(criterion_id):
                mine = {p: s for p, s in answer.ratings.items() if p == viewer}
                answers[criterion_id] = replace(answer, ratings=mine)
        return replace(self, answers=answers)

    def _update(self, criterion_id: str, **changes: Any) -> bool:
        current = self.answer(criterion_id)
        new = Answer(
            score=changes.get("score", current.score),
            note=changes.get("note", current.note),
            ratings=dict(changes.get("ratings", current.ratings)),
            target=changes.get("target", current.target),
            carried=changes.get("carried", current.carried),
            extra=dict(current.extra),
            revealed=changes.get("revealed", current.revealed),
            revealed_before=changes.get("revealed_before", current.revealed_before),
        )
        if new == current:
            return False
        if new.is_empty():
            self.answers.pop(criterion_id, None)
        else:
            self.answers[criterion_id] = new
        return True


def carry_over(
    earlier: Session,
    name: str,
    created: datetime,
    *,
    organization: str | None = None,
    participants: list[str] | None = None,
    previous: str = "",
) -> Session:
    """A re-assessment pre-filled from ``earlier``: scores, notes and targets,
    each marked carried until confirmed or changed. Participants' own
    ratings are not carried: they belong to the earlier conversation."""
    session = Session(
        name=name,
        created=created,
        updated=created,
        organization=earlier.organization if organization is None else organization,
        participants=list(earlier.participants if participants is None else participants),
        previous=previous,
    )
    for criterion_id, answer in earlier.answers.items():
        if answer.score is None and not answer.note and answer.target is None:
            continue
        session.answers[criterion_id] = Answer(
            score=answer.score,
            note=answer.note,
            target=answer.target,
            carried=answer.score is not None or bool(answer.note),
        )
    return session


def organization_key(organization: str) -> str:
    """Organizations match case-insensitively and ignoring spaces around and between words."""
    return " ".join(organization.split()).casefold()


def same_organization(first: str, second: str) -> bool:
    """The one rule for "these two sessions assess the same organization"."""
    return organization_key(first) == organization_key(second)


def _check_id(criterion_id: str) -> None:
    if criterion_id not in CRITERION_IDS:
        raise KeyError(f"unknown criterion {criterion_id!r}")


VerdictStatus = Literal["ready", "not-yet", "incomplete"]


# A NamedTuple, not a frozen dataclass: as immutable, and a fraction of the
# cost to define when the app starts (meshtui.radar says more).
class Verdict(NamedTuple):
    """The book's rule applied to eight scores.

    ``ready``: every axis Medium (3) or more, shown to users as the book's "best
    positioned" (``meshtui.content.STATUS_LABELS``). ``incomplete``: any axis unanswered.
    ``not-yet``: all answered and at least one below Medium.
    """

    status: VerdictStatus
    #: Criterion ids rated below Medium, in the book's order.
    below_medium: tuple[str, ...]
    #: Criterion ids without a score, in the book's order.
    unanswered: tuple[str, ...]
    #: True when the primary criterion (organizational complexity) is below
    #: Medium. The book calls it the primary criterion; the warning is meshtui's.
    primary_low: bool


def verdict_status(unanswered: Sequence[str], below_medium: Sequence[str]) -> VerdictStatus:
    """The book's rule: any axis unanswered -> incomplete; any below Medium -> not-yet."""
    if unanswered:
        return "incomplete"
    if below_medium:
        return "not-yet"
    return "ready"


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
    return Verdict(verdict_status(unanswered, below), below, unanswered, primary_low)


def session_verdict(session: Session) -> Verdict:
    return verdict_for(session.scores())
