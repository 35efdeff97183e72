"""One organization's sessions over time: the trend per axis and the verdict at each point.

Pure logic: no Textual, no Rich, no file access.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from meshtui.model import (
    CRITERION_IDS,
    Session,
    VerdictStatus,
    organization_key,
    same_organization,
    session_verdict,
)

#: Between two points of a trend. ASCII, so it reads in any terminal and file.
ARROW = " -> "
#: A point where the criterion was not answered.
UNANSWERED = "-"


def organizations(sessions: Sequence[Session]) -> list[str]:
    """The distinct organizations, each as first spelt (in the order given), '' included."""
    seen: dict[str, str] = {}
    for session in sessions:
        seen.setdefault(organization_key(session.organization), session.organization.strip())
    return list(seen.values())


def in_date_order(sessions: Sequence[Session]) -> list[Session]:
    """Oldest first by ``created``; ties by ``updated`` and then name, so the order is stable."""
    return sorted(sessions, key=_date_key)


def trend(scores: Sequence[int | None]) -> str:
    """``2 -> 3 -> 4``, with '-' where a session left the criterion unanswered."""
    return ARROW.join(UNANSWERED if score is None else str(score) for score in scores)


@dataclass(frozen=True)
class History:
    organization: str
    #: Oldest first.
    sessions: tuple[Session, ...]
    #: Where each session came from (a file), parallel to ``sessions``; may be empty.
    files: tuple[str, ...] = ()

    def scores(self, criterion_id: str) -> list[int | None]:
        return [s.score(criterion_id) for s in self.sessions]

    def trend(self, criterion_id: str) -> str:
        return trend(self.scores(criterion_id))

    def trends(self) -> list[tuple[str, str]]:
        """(criterion id, trend) in the book's order."""
        return [(cid, self.trend(cid)) for cid in CRITERION_IDS]

    def verdicts(self) -> list[VerdictStatus]:
        return [session_verdict(s).status for s in self.sessions]

    def verdict_trend(self) -> str:
        return ARROW.join(self.verdicts())


class AmbiguousOrganization(Exception):
    """No organization was named and the sessions belong to several."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(", ".join(repr(n) for n in names))


class UnknownOrganization(Exception):
    """No session belongs to the organization that was named."""

    def __init__(self, wanted: str, names: list[str]) -> None:
        self.wanted = wanted
        self.names = names
        super().__init__(wanted)


def history_for(
    sessions: Sequence[Session],
    organization: str | None,
    files: Sequence[str] | None = None,
) -> History:
    """The sessions of ``organization`` (matched case-insensitively) in date order.

    With no organization, the one organization all sessions share; when they
    belong to several, AmbiguousOrganization lists them. UnknownOrganization
    when none matches (or there are no sessions at all). ``files`` names where
    each session came from, in the same order as ``sessions``.
    """
    labels = list(files) if files is not None else [""] * len(sessions)
    if len(labels) != len(sessions):
        raise ValueError("files must name one file per session")
    names = organizations(sessions)
    if organization is None:
        if len(names) != 1:
            if not names:
                raise UnknownOrganization("", [])
            raise AmbiguousOrganization(names)
        organization = names[0]
    chosen = [
        (session, label)
        for session, label in zip(sessions, labels, strict=True)
        if same_organization(session.organization, organization)
    ]
    if not chosen:
        raise UnknownOrganization(organization, names)
    ordered = sorted(chosen, key=lambda pair: _date_key(pair[0]))
    return History(
        chosen[0][0].organization.strip(),
        tuple(session for session, _ in ordered),
        tuple(label for _, label in ordered) if files is not None else (),
    )


def _aware(stamp: datetime) -> datetime:
    # A file may hold a local date-time without an offset; compare it as UTC
    # rather than fail (Python refuses to order naive and aware date-times).
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def _date_key(session: Session) -> tuple[datetime, datetime, str]:
    return (_aware(session.created), _aware(session.updated), session.name)
