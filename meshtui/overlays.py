"""Which polygons a radar shows, with which markers: one scheme for the app and reports.

The radar takes up to four series. Series 0 is drawn on top, so it is
always the main one (the agreed score, or the medians of a roll-up). Each
other series gets its own ASCII marker, so the chart reads without color.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from meshtui.literal import one_line
from meshtui.model import CRITERION_IDS, Session

Scores = tuple[int | None, ...]

AGREED_MARKER = "O"
PREVIOUS_MARKER = "X"
# Not "+": that is the radar's center.
PARTICIPANT_MARKERS = ("X", "#")
TARGET_MARKER = "*"
LOW_MARKER = "v"
HIGH_MARKER = "^"
MAX_SERIES = 4
#: The roles of the two sessions of ``compare``, in its order. Overlays and
#: reports name them by these and by their names, never "A" and "B", which
#: read as the radar's axes A-H.
COMPARISON_ROLES = ("earlier", "later")


# A NamedTuple, not a frozen dataclass: as immutable, and a fraction of the
# cost to define when the app starts (meshtui.radar says more).
class Overlay(NamedTuple):
    """Series for ``render_radar`` with their markers, and a legend to print beside it."""

    series: tuple[Scores, ...]
    markers: tuple[str, ...]
    legend: tuple[tuple[str, str], ...]  # (marker, what it is)

    def legend_text(self) -> str:
        # Labels are session and participant names: shown literally.
        return "  ".join(f"{marker} {one_line(label)}" for marker, label in self.legend)


def _present(scores: Sequence[int | None]) -> bool:
    return any(score is not None for score in scores)


def range_of(series: Sequence[Sequence[int | None]]) -> tuple[Scores, Scores]:
    """Per axis, the lowest and highest of the given scores (None where nobody answered)."""
    lows: list[int | None] = []
    highs: list[int | None] = []
    for axis in range(len(CRITERION_IDS)):
        values = [scores[axis] for scores in series if scores[axis] is not None]
        lows.append(min(values) if values else None)  # type: ignore[type-var]
        highs.append(max(values) if values else None)  # type: ignore[type-var]
    return tuple(lows), tuple(highs)


def session_overlay(
    session: Session,
    *,
    participants: bool = True,
    target: bool = True,
    previous: Session | None = None,
    main_label: str | None = None,
) -> Overlay:
    """The agreed polygon on top; then the participants' own ratings (each its own
    polygon for one or two people, the min-max range for more), the target, or a
    previous session to compare with."""
    series: list[Scores] = [tuple(session.scores())]
    markers = [AGREED_MARKER]
    if main_label is None:
        has_ratings = any(session.answer(cid).ratings for cid in CRITERION_IDS)
        main_label = "agreed" if has_ratings else "this session"
    legend = [(AGREED_MARKER, main_label)]
    if previous is not None:
        series.append(tuple(previous.scores()))
        markers.append(PREVIOUS_MARKER)
        legend.append((PREVIOUS_MARKER, f"before ({previous.name})"))
    elif participants:
        rated = [p for p in session.participants if _present(session.ratings_of(p))]
        if 0 < len(rated) <= len(PARTICIPANT_MARKERS):
            for person, marker in zip(rated, PARTICIPANT_MARKERS, strict=False):
                series.append(tuple(session.ratings_of(person)))
                markers.append(marker)
                legend.append((marker, person))
        elif len(rated) > len(PARTICIPANT_MARKERS):
            low, high = range_of([session.ratings_of(p) for p in rated])
            series += [low, high]
            markers += [LOW_MARKER, HIGH_MARKER]
            legend += [(LOW_MARKER, "lowest rating"), (HIGH_MARKER, "highest rating")]
    if target and _present(session.targets()) and len(series) < MAX_SERIES:
        series.append(tuple(session.targets()))
        markers.append(TARGET_MARKER)
        legend.append((TARGET_MARKER, "target"))
    return Overlay(tuple(series), tuple(markers), tuple(legend))


def comparison_overlay(first: Session, second: Session) -> Overlay:
    """``compare EARLIER LATER``: the later session on top ('O'), the earlier as
    the previous session ('X'), exactly as ``show LATER --against EARLIER`` draws
    them, each named by its name and role."""
    earlier, later = COMPARISON_ROLES
    return Overlay(
        (tuple(second.scores()), tuple(first.scores())),
        (AGREED_MARKER, PREVIOUS_MARKER),
        (
            (AGREED_MARKER, f"{second.name} ({later})"),
            (PREVIOUS_MARKER, f"{first.name} ({earlier})"),
        ),
    )


def rollup_overlay(
    medians: Sequence[int | None],
    lows: Sequence[int | None],
    highs: Sequence[int | None],
    *,
    main_label: str = "median",
) -> Overlay:
    """A roll-up of many sessions: the medians on top ('O') and the range of the
    answers as the lowest ('v') and highest ('^') score per axis.

    The radar draws whole scores only: callers pass medians already rounded
    for drawing (see ``meshtui.aggregate.drawing_medians``).
    """
    return Overlay(
        (tuple(medians), tuple(lows), tuple(highs)),
        (AGREED_MARKER, LOW_MARKER, HIGH_MARKER),
        (
            (AGREED_MARKER, main_label),
            (LOW_MARKER, "lowest score"),
            (HIGH_MARKER, "highest score"),
        ),
    )


#: Earlier sessions of a history, most recent first (the latest is 'O').
EARLIER_MARKERS = (PREVIOUS_MARKER, "#", "@")


def history_overlay(sessions: Sequence[Session]) -> Overlay:
    """``history``: the latest session on top ('O'), then up to three sessions
    before it, most recent first ('X', '#', '@'), each named with its date."""
    latest, earlier = sessions[-1], list(reversed(sessions[:-1]))[: MAX_SERIES - 1]
    shown = [latest, *earlier]
    markers = (AGREED_MARKER, *EARLIER_MARKERS[: len(earlier)])
    return Overlay(
        tuple(tuple(session.scores()) for session in shown),
        markers,
        tuple(
            (marker, f"{session.name} ({session.created:%Y-%m-%d})")
            for marker, session in zip(markers, shown, strict=True)
        ),
    )
