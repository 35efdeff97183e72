"""Each report built once: a session, two sessions compared, a roll-up, a history.

A builder returns a :class:`Report`: the document (format-neutral blocks, see
``document.py``) that every text-like format renders, the data that JSON
prints, and the sessions that CSV lists. The order of the blocks is the order
in every format: the verdict first, then the scores, then the radar.

Every session report shows, per criterion, the participants' own ratings when
there are any (flagged "discuss" or "settled" as the model decides), the target, and
"carried" for an answer carried over from an earlier session and not yet
confirmed. Columns for these appear only when some criterion has them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from meshtui.content import STATUS_LABELS, Content, Criterion, Passage, next_steps, target_gap_text
from meshtui.model import (
    CRITERION_IDS,
    MEDIUM,
    Answer,
    Session,
    Verdict,
    band_for,
    session_verdict,
)
from meshtui.overlays import (
    COMPARISON_ROLES,
    Overlay,
    comparison_overlay,
    history_overlay,
    rollup_overlay,
    session_overlay,
)
from meshtui.reports.document import (
    Block,
    Column,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Radar,
    Role,
    Span,
    Table,
    literal,
    spans,
)
from meshtui.reports.document import Verdict as VerdictBlock

if TYPE_CHECKING:
    # Only the roll-up and history reports need them (imported there): a
    # session's report, the common case, starts without them (and statistics).
    from meshtui.aggregate import Rollup, SessionFinding
    from meshtui.history import History

ReportKind = Literal["session", "comparison", "rollup", "history"]
Skipped = Sequence[tuple[str, str]]

MEDIAN_LABEL = "median (a half is drawn rounded up)"
#: Up to this many people who rated get a column each; more share one "Ratings" column.
RATER_COLUMNS_MAX = 4


@dataclass(frozen=True)
class Report:
    kind: ReportKind
    document: Document
    #: What ``--format json`` prints.
    data: dict[str, Any]
    #: The sessions ``--format csv`` lists, one row per criterion; None: no CSV form.
    csv_sessions: tuple[Session, ...] | None
    #: Files that could not be read and are left out (listed in the document too).
    skipped: tuple[tuple[str, str], ...] = field(default=())


def prose(text: str) -> str:
    """Text from the content file on one line (its TOML wraps long strings)."""
    return " ".join(text.split())


# ---------------------------------------------------------------------------
# Pieces shared by the reports


def voiced(passage: Passage) -> Inline:
    """A passage as inline text that says whose words it is: the criterion it is
    about (if any), the text, then its credit in parentheses (the book's with its
    source, or meshtui's). The one way every report shows a voice."""
    head = (Span(passage.about, "strong"), Span(": ")) if passage.about else ()
    return (*head, Span(prose(passage.text)), Span(f" ({passage.citation})", "credit"))


#: The Figure 15-1 rule in meshtui's sentence (the status is the book's term).
_OUTSIDE = (
    "outside the colored section of Figure 15-1, where the author suggests "
    "organizations are best positioned to adopt data mesh"
)


def verdict_lead(verdict: Verdict, content: Content) -> str:
    """The verdict's first sentence (meshtui's): where the scores fall in Figure 15-1,
    claiming no more than the book does."""
    if verdict.status == "ready":
        return (
            "Every criterion is Medium or above: inside the colored section of Figure "
            "15-1, where the author suggests organizations are best positioned to adopt "
            "data mesh successfully (at the time of writing)."
        )
    if verdict.status == "incomplete":
        missing = ", ".join(content.by_id(cid).title for cid in verdict.unanswered)
        return f"{_of_all(len(verdict.unanswered))} unanswered: {missing}."
    return f"{_of_all(len(verdict.below_medium))} below Medium: {_OUTSIDE}."


def _of_all(count: int) -> str:
    """``1 of 8 criteria is``, ``2 of 8 criteria are``."""
    return f"{count} of {len(CRITERION_IDS)} criteria {'is' if count == 1 else 'are'}"


def verdict_block(verdict: Verdict, content: Content, *, intro: str = "") -> VerdictBlock:
    """The verdict: its status (the book's term), meshtui's lead sentence, then what
    comes next (``meshtui.content.next_steps``), each passage with its credit."""
    return VerdictBlock(
        verdict.status,
        STATUS_LABELS[verdict.status],
        spans(verdict_lead(verdict, content)),
        tuple(voiced(step) for step in next_steps(verdict, content)),
        intro=intro,
    )


def rule_blocks(content: Content) -> list[Block]:
    """The book's rule of Figure 15-1, then meshtui's 1-5 mapping of it."""
    return [Paragraph(voiced(content.passage(field))) for field in ("rule", "mapping")]


def now_blocks(content: Content) -> list[Block]:
    """The book's note on "now" (2022), then meshtui's advice on it."""
    return [
        Paragraph(voiced(content.passage(field)), kind="note")
        for field in ("now_note", "now_advice")
    ]


def preface(content: Content) -> Paragraph:
    """The book's two framing questions, at the head of HTML and Markdown reports."""
    return Paragraph(voiced(content.passage("introduction")), kind="preface")


def radar_block(overlay: Overlay, content: Content) -> Radar:
    return Radar(overlay, tuple(content.axis_labels), tuple(c.title for c in content.criteria))


def _score(value: int | None) -> str:
    return "-" if value is None else str(value)


# ---------------------------------------------------------------------------
# Changes from one session to another


#: How a criterion moved between two sessions. One marking for ``compare``,
#: ``show --against`` and the app's summary.
CHANGE_WORDS = ("up", "down", "unchanged", "n/a")


def change_marking(before: int | None, after: int | None) -> tuple[str, int | None]:
    """("up" | "down" | "unchanged" | "n/a", signed delta or None) from ``before`` to ``after``.

    "n/a" when either session left the criterion unanswered.
    """
    if before is None or after is None:
        return ("n/a", None)
    delta = after - before
    if delta > 0:
        return ("up", delta)
    if delta < 0:
        return ("down", delta)
    return ("unchanged", 0)


def change_label(before: int | None, after: int | None) -> str:
    """``up +2``, ``down -1``, ``unchanged`` or ``n/a``."""
    word, delta = change_marking(before, after)
    return f"{word} {delta:+d}" if delta else word


_CHANGE_ROLES: dict[str, Role] = {
    "up": "good",
    "down": "warning",
    "unchanged": "muted",
    "n/a": "muted",
}


def changes_table(
    before: Session,
    after: Session,
    content: Content,
    *,
    headings: tuple[str, str] = ("Before", "After"),
) -> Table:
    """Per criterion: the two scores and the change, marked up, down or unchanged."""
    rows = []
    for criterion in content.criteria:
        a, b = before.score(criterion.id), after.score(criterion.id)
        word, _ = change_marking(a, b)
        rows.append(
            (
                spans(criterion.letter),
                spans(criterion.title),
                spans(_score(a)),
                spans(_score(b)),
                (Span(change_label(a, b), _CHANGE_ROLES[word]),),
            )
        )
    return Table(
        (
            Column(spans("#"), "letter"),
            Column(spans("Criterion"), "name"),
            Column(spans(headings[0]), "number"),
            Column(spans(headings[1]), "number"),
            Column(spans("Change")),
        ),
        tuple(rows),
    )


def changes_blocks(session: Session, earlier: Session, content: Content) -> list[Block]:
    """``show --against`` and the app's summary: what changed since the earlier session."""
    before = STATUS_LABELS[session_verdict(earlier).status]
    after = STATUS_LABELS[session_verdict(session).status]
    return [
        Heading(2, spans("Changes since ", literal(earlier.name))),
        changes_table(earlier, session, content),
        Paragraph(spans(f"Verdict: {before} -> {after}")),
    ]


# ---------------------------------------------------------------------------
# A session's scores


@dataclass(frozen=True)
class Row:
    criterion: Criterion
    answer: Answer
    #: (participant, rating), participants in the session's order first.
    ratings: tuple[tuple[str, int], ...]

    @property
    def flags(self) -> list[str]:
        on = (
            ("discuss", self.answer.discuss),
            ("settled", self.answer.settled),
            ("carried", self.answer.carried),
        )
        return [flag for flag, is_on in on if is_on]


def ordered_ratings(session: Session, answer: Answer) -> tuple[tuple[str, int], ...]:
    """An answer's ratings, the session's participants in their order, then anyone else."""
    known = [p for p in session.participants if p in answer.ratings]
    others = sorted(name for name in answer.ratings if name not in session.participants)
    return tuple((name, answer.ratings[name]) for name in [*known, *others])


def rows_for(session: Session, content: Content) -> list[Row]:
    return [
        Row(c, session.answer(c.id), ordered_ratings(session, session.answer(c.id)))
        for c in content.criteria
    ]


def raters_of(rows: Sequence[Row]) -> tuple[str, ...]:
    """Everyone who rated some criterion, participants in their order first."""
    raters: dict[str, None] = {}
    for row in rows:
        for name, _ in row.ratings:
            raters.setdefault(name, None)
    return tuple(raters)


def _ratings_inline(ratings: Sequence[tuple[str, int]]) -> Inline:
    """``Ann 2, Bo 4`` with the names literal."""
    parts: list[Span] = []
    for index, (name, rating) in enumerate(ratings):
        if index:
            parts.append(Span(", "))
        parts += [literal(name), Span(f" {rating}")]
    return tuple(parts)


def scores_table(session: Session, content: Content) -> Table:
    """The eight criteria with score, band and note; when the session has them, also
    the participants' ratings, the target and the flags (discuss, settled, carried)."""
    rows = rows_for(session, content)
    raters = raters_of(rows)
    per_rater = 0 < len(raters) <= RATER_COLUMNS_MAX
    with_target = any(row.answer.target is not None for row in rows)
    with_flags = any(row.flags for row in rows)
    columns = [
        Column(spans("#"), "letter"),
        Column(spans("Criterion"), "name"),
        Column(spans("Score"), "number"),
        Column(spans("Band")),
    ]
    if per_rater:
        columns += [Column((literal(name),), "rating") for name in raters]
    elif raters:
        columns.append(Column(spans("Ratings")))
    if with_target:
        columns.append(Column(spans("Target"), "number"))
    if with_flags:
        columns.append(Column(spans("Flags"), "flags"))
    columns.append(Column(spans("Note"), "note"))
    body = []
    for row in rows:
        answer = row.answer
        band = band_for(answer.score).label if answer.score is not None else "unanswered"
        low = answer.score is not None and answer.score < MEDIUM
        cells: list[Inline] = [
            spans(row.criterion.letter),
            spans(row.criterion.title),
            (Span(_score(answer.score), "emphasis" if answer.carried else "plain"),),
            (Span(band, "warning" if low else "plain"),),
        ]
        if per_rater:
            given = dict(row.ratings)
            role: Role = "attention" if answer.discuss else "plain"
            cells += [(Span(_score(given.get(name)), role),) for name in raters]
        elif raters:
            cells.append(_ratings_inline(row.ratings))
        if with_target:
            cells.append(spans(_score(answer.target)))
        if with_flags:
            flags: list[Span] = []
            for flag in row.flags:
                if flags:
                    flags.append(Span(", "))
                flags.append(Span(flag, "attention" if flag == "discuss" else "strong"))
            cells.append(tuple(flags))
        cells.append((literal(answer.note),) if answer.note else ())
        body.append(tuple(cells))
    return Table(tuple(columns), tuple(body))


@dataclass(frozen=True)
class Gap:
    criterion: Criterion
    score: int
    target: int

    @property
    def gap(self) -> int:
        return self.target - self.score

    @property
    def passage(self) -> Passage:
        """meshtui's wording for this gap (never the book's below-Medium reason)."""
        return target_gap_text(self.criterion, self.score, self.target)


def gaps_for(session: Session, content: Content) -> list[Gap]:
    """Criteria scored below their target, largest gap first (ties in the book's order)."""
    gaps = []
    for criterion in content.criteria:
        answer = session.answer(criterion.id)
        if answer.score is not None and answer.target is not None and answer.gap:
            gaps.append(Gap(criterion, answer.score, answer.target))
    return sorted(gaps, key=lambda gap: -gap.gap)  # sorted() is stable: ties keep book order


def revealed_before(session: Session, criterion_id: str) -> list[str] | None:
    """Who had not rated when the facilitator revealed a blind criterion early, as
    the file recorded it at the reveal; [] when it was not revealed early, None
    when it was but the file (written by an older meshtui) did not record who."""
    if not session.revealed_early(criterion_id):
        return []
    return list(session.answer(criterion_id).revealed_before) or None


def early_reveal(session: Session, criterion_id: str) -> Inline:
    """How a blind criterion's ratings came to be shown when the facilitator
    revealed them before everyone had rated ("revealed early, before Ben
    rated"); empty otherwise. A file from before meshtui recorded who had not
    rated says only that it happened, and who has still not rated."""
    if not session.revealed_early(criterion_id):
        return ()
    # The names come from the file: literal, apart from meshtui's words.
    recorded = revealed_before(session, criterion_id)
    if recorded:
        return (Span("revealed early, before "), literal(" and ".join(recorded)), Span(" rated"))
    told = spans("revealed early, before everyone had rated")
    waiting = session.not_rated(criterion_id)
    if not waiting:
        return told
    return (*told, Span(" (not rated yet: "), literal(" and ".join(waiting)), Span(")"))


_EARLY_REVEALS_INTRO = ": the facilitator showed these ratings before every participant had rated:"


def _early_reveal_items(session: Session, rows: Sequence[Row]) -> list[Inline]:
    """One line per criterion the facilitator revealed early, in the book's order."""
    return [
        (Span(row.criterion.title, "strong"), Span(": "), *told)
        for row in rows
        if (told := early_reveal(session, row.criterion.id))
    ]


def _early_reveals(session: Session, rows: Sequence[Row]) -> list[Block]:
    """Blind rating: the criteria the facilitator revealed early (nothing when none)."""
    items = _early_reveal_items(session, rows)
    if not items:
        return []
    intro = Paragraph(spans(Span("Blind rating", "strong"), _EARLY_REVEALS_INTRO))
    return [intro, ListBlock(tuple(items))]


def early_reveal_notes(session: Session, content: Content) -> tuple[Inline, ...]:
    """The early reveals as lines under a radar-only picture (SVG): the chart draws
    the ratings, so it says which were shown before everyone had rated."""
    items = _early_reveal_items(session, rows_for(session, content))
    if not items:
        return ()
    return (spans(Span("Blind rating", "strong"), _EARLY_REVEALS_INTRO), *items)


def findings_blocks(session: Session, content: Content) -> list[Block]:
    """Discuss, early reveals, carried and gaps to target (nothing when none apply)."""
    blocks: list[Block] = []
    rows = rows_for(session, content)
    discuss = [row for row in rows if row.answer.discuss]
    if discuss:
        blocks += [
            Heading(2, spans("To discuss")),
            Paragraph(spans("The participants' ratings are 2 or more apart:")),
            ListBlock(
                tuple(
                    (Span(row.criterion.title, "strong"), Span(": "), *_ratings_inline(row.ratings))
                    for row in discuss
                )
            ),
        ]
    blocks += _early_reveals(session, rows)
    carried = [row.criterion.title for row in rows if row.answer.carried]
    if carried:
        source = (Span(" ("), literal(session.previous), Span(")")) if session.previous else ()
        blocks.append(
            Paragraph(
                (
                    Span("Carried over", "strong"),
                    Span(" from the previous session"),
                    *source,
                    Span(f", not yet confirmed: {', '.join(carried)}."),
                )
            )
        )
    if any(target is not None for target in session.targets()):
        gaps = gaps_for(session, content)
        blocks.append(Heading(2, spans("Gaps to target (largest first)")))
        if not gaps:
            blocks.append(Paragraph(spans("Every criterion with a target is at or above it.")))
        else:
            blocks.append(ListBlock(tuple(voiced(gap.passage) for gap in gaps)))
    return blocks


def _answered(session: Session) -> str:
    """``5/8``: criteria with an agreed score, of all of them."""
    return f"{session.answered_count()}/{len(CRITERION_IDS)}"


def _facts(session: Session) -> ListBlock:
    items: list[Inline] = []
    if session.organization:
        items.append((Span("Organization: ", "muted"), literal(session.organization)))
    if session.participants:
        items.append((Span("Participants: ", "muted"), literal(", ".join(session.participants))))
    if session.blind:
        items.append(spans(Span("Rating: ", "muted"), "blind (hidden on screen until all rated)"))
    items.append(spans(Span("Answered: ", "muted"), _answered(session)))
    items.append(spans(Span("Updated: ", "muted"), f"{session.updated:%Y-%m-%d %H:%M}"))
    return ListBlock(tuple(items))


# ---------------------------------------------------------------------------
# JSON data


def against_data(session: Session, earlier: Session, content: Content) -> dict[str, Any]:
    """``show --against``: per criterion the earlier score, this one and the change."""
    criteria = []
    for criterion in content.criteria:
        before, after = earlier.score(criterion.id), session.score(criterion.id)
        word, delta = change_marking(before, after)
        criteria.append(
            {"id": criterion.id, "before": before, "after": after, "change": word, "delta": delta}
        )
    return {"name": earlier.name, "verdict": session_verdict(earlier).status, "criteria": criteria}


def session_data(
    session: Session, content: Content, *, against: Session | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": session.name,
        "organization": session.organization,
        "criteria": [
            {
                "id": row.criterion.id,
                "title": row.criterion.title,
                "score": row.answer.score,
                "band": band_for(row.answer.score).value if row.answer.score is not None else None,
                "note": row.answer.note,
                "ratings": dict(row.ratings),
                "discuss": row.answer.discuss,
                "settled": row.answer.settled,
                "target": row.answer.target,
                "carried": row.answer.carried,
                "revealed_early": session.revealed_early(row.criterion.id),
                "revealed_before": revealed_before(session, row.criterion.id),
            }
            for row in rows_for(session, content)
        ],
        "answered": session.answered_count(),
        "verdict": session_verdict(session).status,
        "participants": list(session.participants),
        "gaps": [
            {
                "id": gap.criterion.id,
                "title": gap.criterion.title,
                "score": gap.score,
                "target": gap.target,
                "gap": gap.gap,
                "text": prose(gap.passage.text),
                "voice": gap.passage.voice.value,
            }
            for gap in gaps_for(session, content)
        ],
        "previous": session.previous,
        "blind": session.blind,
    }
    if against is not None:
        data["against"] = against_data(session, against, content)
    return data


def comparison_data(first: Session, second: Session, content: Content) -> dict[str, Any]:
    """The earlier session ("a") against the later ("b"): per criterion both
    scores, the signed ``change`` and its ``direction`` (up, down, unchanged,
    n/a). The keys "a" and "b" are kept as they are: scripts read them."""
    criteria = []
    for criterion in content.criteria:
        a, b = first.score(criterion.id), second.score(criterion.id)
        direction, delta = change_marking(a, b)
        criteria.append(
            {
                "id": criterion.id,
                "title": criterion.title,
                "a": a,
                "b": b,
                "change": delta,
                "direction": direction,
            }
        )
    return {
        "a": {"name": first.name, "verdict": session_verdict(first).status},
        "b": {"name": second.name, "verdict": session_verdict(second).status},
        "criteria": criteria,
    }


def _skipped_data(skipped: Skipped) -> list[dict[str, str]]:
    return [{"file": file, "problem": problem} for file, problem in skipped]


def rollup_data(rollup: Rollup, skipped: Skipped = ()) -> dict[str, Any]:
    from meshtui.aggregate import json_median

    return {
        "sessions": [session.name for session in rollup.sessions],
        "criteria": [
            {
                "id": item.id,
                "median": json_median(item.median),
                "min": item.low,
                "max": item.high,
                "n": item.n,
            }
            for item in rollup.criteria
        ],
        "verdict": rollup.verdict.status,
        "name": rollup.name,
        "below_medium": list(rollup.verdict.below_medium),
        "not_yet": [
            {"name": finding.name, "below_medium": list(finding.criteria)}
            for finding in rollup.not_yet
        ],
        "incomplete": [
            {"name": finding.name, "unanswered": list(finding.criteria)}
            for finding in rollup.incomplete
        ],
        "skipped": _skipped_data(skipped),
    }


def history_data(history: History, content: Content, skipped: Skipped = ()) -> dict[str, Any]:
    files = history.files or ("",) * len(history.sessions)
    return {
        "organization": history.organization,
        "sessions": [
            {
                "name": session.name,
                "file": file,
                "created": session.created.isoformat(),
                "updated": session.updated.isoformat(),
                "answered": session.answered_count(),
                "verdict": session_verdict(session).status,
                "scores": dict(
                    zip([c.id for c in content.criteria], session.scores(), strict=True)
                ),
            }
            for session, file in zip(history.sessions, files, strict=True)
        ],
        "trend": [
            {
                "id": criterion.id,
                "scores": history.scores(criterion.id),
                "trend": history.trend(criterion.id),
            }
            for criterion in content.criteria
        ],
        "verdicts": list(history.verdicts()),
        "skipped": _skipped_data(skipped),
    }


# ---------------------------------------------------------------------------
# The reports


def session_report(session: Session, content: Content, *, against: Session | None = None) -> Report:
    """``show``: a session's verdict, scores, findings, changes and radar."""
    blocks: list[Block] = [
        Heading(1, (literal(session.name),)),
        _facts(session),
        preface(content),
        verdict_block(session_verdict(session), content),
        *rule_blocks(content),
        Heading(2, spans("Scores")),
        scores_table(session, content),
        *findings_blocks(session, content),
    ]
    if against is not None:
        blocks += changes_blocks(session, against, content)
    blocks += [
        Heading(2, spans("Radar")),
        radar_block(session_overlay(session, previous=against), content),
        *now_blocks(content),
    ]
    status = STATUS_LABELS[session_verdict(session).status]
    document = Document(
        session.name,
        tuple(blocks),
        (literal(session.name), Span(f": {status}")),
        early_reveal_notes(session, content),
    )
    return Report(
        "session",
        document,
        session_data(session, content, against=against),
        None if against is not None else (session,),
    )


def comparison_report(first: Session, second: Session, content: Content) -> Report:
    """``compare EARLIER LATER``: both verdicts, the changes, and both on one radar.

    The two sessions are named by their role and their name ("Earlier: Q2"),
    never "A" and "B", which would read as the radar's axes A-H.
    """
    roles = tuple(role.capitalize() for role in COMPARISON_ROLES)
    verdicts = ListBlock(
        tuple(
            (
                Span(f"{role}: ", "strong"),
                literal(session.name),
                Span(f" - {STATUS_LABELS[session_verdict(session).status]}"),
            )
            for role, session in zip(roles, (first, second), strict=True)
        )
    )
    title = (literal(first.name), Span(" vs "), literal(second.name))
    blocks: list[Block] = [
        Heading(1, title),
        verdicts,
        preface(content),
        Heading(2, spans("Changes")),
        changes_table(first, second, content, headings=(roles[0], roles[1])),
        Heading(2, spans("Radar")),
        radar_block(comparison_overlay(first, second), content),
    ]
    document = Document(f"{first.name} vs {second.name}", tuple(blocks), title)
    return Report("comparison", document, comparison_data(first, second, content), None)


def _titles(ids: Sequence[str], content: Content) -> str:
    return ", ".join(content.by_id(cid).title for cid in ids)


def _skipped_blocks(skipped: Skipped) -> list[Block]:
    if not skipped:
        return []
    return [
        Heading(2, spans("Skipped")),
        Paragraph(spans("These files could not be read and are left out:")),
        ListBlock(
            tuple((literal(file), Span(": "), literal(problem)) for file, problem in skipped)
        ),
    ]


def _findings_list(
    heading: str, what: str, findings: Sequence[SessionFinding], content: Content
) -> list[Block]:
    """Sessions of a roll-up, each with the criteria it is listed for (nothing when none)."""
    if not findings:
        return []
    items = tuple(
        (literal(f.name), Span(f": {what} {_titles(f.criteria, content)}")) for f in findings
    )
    return [Heading(2, spans(heading)), ListBlock(items)]


def rollup_overlay_of(rollup: Rollup) -> Overlay:
    from meshtui.aggregate import drawing_medians

    return rollup_overlay(
        drawing_medians(rollup.criteria),
        [item.low for item in rollup.criteria],
        [item.high for item in rollup.criteria],
        main_label=MEDIAN_LABEL,
    )


def rollup_report(rollup: Rollup, content: Content, skipped: Skipped = ()) -> Report:
    """``aggregate``: the book's rule on the medians, median/range/n per criterion,
    which sessions are "Not yet" or incomplete, and the files left out."""
    from meshtui.aggregate import format_median

    rows = []
    for criterion, item in zip(content.criteria, rollup.criteria, strict=True):
        low_median = item.median is not None and item.median < MEDIUM
        rows.append(
            (
                spans(criterion.letter),
                spans(criterion.title),
                (Span(format_median(item.median), "warning" if low_median else "plain"),),
                spans(_score(item.low)),
                spans(_score(item.high)),
                spans(str(item.n)),
            )
        )
    table = Table(
        (
            Column(spans("#"), "letter"),
            Column(spans("Criterion"), "name"),
            *(Column(spans(title), "number") for title in ("Median", "Min", "Max", "n")),
        ),
        tuple(rows),
    )
    n = len(rollup.sessions)
    blocks: list[Block] = [
        Heading(1, (literal(rollup.name),)),
        Paragraph(
            (
                Span(f"Sessions ({n}): ", "muted"),
                literal(", ".join(s.name for s in rollup.sessions)),
            )
        ),
        preface(content),
        verdict_block(
            rollup.verdict, content, intro="meshtui applies the book's rule to the medians:"
        ),
        *rule_blocks(content),
        Heading(2, spans("Scores")),
        table,
        Paragraph(spans(f"n is the number of sessions (of {n}) that answered."), kind="note"),
    ]
    blocks += _findings_list(
        "Sessions not yet best positioned", "below Medium on", rollup.not_yet, content
    )
    blocks += _findings_list("Incomplete sessions", "unanswered", rollup.incomplete, content)
    blocks += [
        *_skipped_blocks(skipped),
        Heading(2, spans("Radar")),
        radar_block(rollup_overlay_of(rollup), content),
        *now_blocks(content),
    ]
    status = STATUS_LABELS[rollup.verdict.status]
    document = Document(
        rollup.name, tuple(blocks), (literal(rollup.name), Span(f": {status} (medians)"))
    )
    return Report(
        "rollup", document, rollup_data(rollup, skipped), tuple(rollup.sessions), tuple(skipped)
    )


def history_report(history: History, content: Content, skipped: Skipped = ()) -> Report:
    """``history``: one organization's sessions oldest first, the trend per
    criterion and the verdict at each point, the latest on the radar."""
    organization = history.organization or "(no organization)"
    n = len(history.sessions)
    latest = history.sessions[-1]
    latest_status = STATUS_LABELS[session_verdict(latest).status]
    sessions = Table(
        (
            Column(spans("#"), "letter"),
            Column(spans("Created")),
            Column(spans("Session"), "name"),
            Column(spans("Answered")),
            Column(spans("Verdict")),
        ),
        tuple(
            (
                spans(str(index)),
                spans(f"{session.created:%Y-%m-%d}"),
                (literal(session.name),),
                spans(_answered(session)),
                spans(STATUS_LABELS[session_verdict(session).status]),
            )
            for index, session in enumerate(history.sessions, 1)
        ),
    )
    trend_rows = [
        (spans(c.letter), spans(c.title), spans(history.trend(c.id))) for c in content.criteria
    ]
    trend_rows.append(((), (Span("Verdict", "strong"),), spans(history.verdict_trend())))
    trends = Table(
        (
            Column(spans("#"), "letter"),
            Column(spans("Criterion"), "name"),
            Column(spans("Trend")),
        ),
        tuple(trend_rows),
    )
    title = (Span("History of "), literal(organization))
    blocks: list[Block] = [
        Heading(1, title),
        Paragraph(
            (
                Span(f"{n} session{'s' if n != 1 else ''}, oldest first. Latest: "),
                literal(latest.name),
                Span(" - ", "plain"),
                Span(latest_status, "strong"),
                Span("."),
            )
        ),
        preface(content),
        Heading(2, spans("Sessions")),
        sessions,
        Heading(2, spans("Trend per criterion")),
        trends,
        Paragraph(spans("A '-' marks a criterion that session left unanswered."), kind="note"),
        *_skipped_blocks(skipped),
        Heading(2, spans("Radar")),
        radar_block(history_overlay(history.sessions), content),
    ]
    document = Document(
        f"History of {organization}",
        tuple(blocks),
        (*title, Span(f": {latest_status} now")),
    )
    return Report(
        "history",
        document,
        history_data(history, content, skipped),
        tuple(history.sessions),
        tuple(skipped),
    )
