"""Reports of a session, or of two side by side: text (Rich), Markdown, JSON and CSV.

No Textual here: the command line prints these without loading the app, and
the app's summary screen exports through the same functions.

Every report shows, per criterion, the participants' own ratings when there
are any (flagged "discuss" when they are 2 or more apart), the target, and
"carried" for an answer carried over from an earlier session and not yet
confirmed. Columns for these appear only when some criterion has them, so a
plain session reads as before.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from meshtui.content import Content, Criterion
from meshtui.literal import markdown_inline, one_line, terminal_is_ascii_only, visible
from meshtui.model import CRITERION_IDS, Answer, Session, Verdict, band_for, session_verdict
from meshtui.overlays import Overlay, comparison_overlay, session_overlay
from meshtui.radar import RadarDrawing, render_radar

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

REPORT_RADAR_SIZE = (60, 25)
STATUS_TITLES = {
    "ready": "Ready",
    "not-yet": "Not yet",
    "incomplete": "Incomplete",
}
#: Rich styles for the radar's semantic span names.
RADAR_STYLES = {
    "ring": "dim",
    "ring-medium": "yellow",
    "spoke": "dim",
    "spoke-highlight": "bold",
    "label": "",
    "label-highlight": "bold reverse",
    "legend": "dim",
    "series-0": "cyan",
    "marker-0": "bold cyan",
    "series-1": "magenta",
    "marker-1": "bold magenta",
    "series-2": "green",
    "marker-2": "bold green",
    "series-3": "blue",
    "marker-3": "bold blue",
}


@dataclass(frozen=True)
class Row:
    criterion: Criterion
    score: int | None
    note: str
    #: (participant, rating), participants in the session's order first.
    ratings: tuple[tuple[str, int], ...] = ()
    target: int | None = None
    carried: bool = False
    #: The participants' ratings differ by 2 or more.
    discuss: bool = False

    @property
    def band(self) -> str | None:
        return band_for(self.score).value if self.score is not None else None

    @property
    def band_label(self) -> str:
        return band_for(self.score).label if self.score is not None else "unanswered"

    @property
    def ratings_text(self) -> str:
        """``Ann 2, Bo 4`` (names as they are: callers make them safe for their format)."""
        return ", ".join(f"{name} {rating}" for name, rating in self.ratings)

    @property
    def flags(self) -> list[str]:
        return [flag for flag, on in (("discuss", self.discuss), ("carried", self.carried)) if on]


def ordered_ratings(session: Session, answer: Answer) -> tuple[tuple[str, int], ...]:
    """An answer's ratings, the session's participants in their order, then anyone else."""
    known = [p for p in session.participants if p in answer.ratings]
    others = sorted(name for name in answer.ratings if name not in session.participants)
    return tuple((name, answer.ratings[name]) for name in [*known, *others])


def rows_for(session: Session, content: Content) -> list[Row]:
    rows = []
    for criterion in content.criteria:
        answer = session.answer(criterion.id)
        rows.append(
            Row(
                criterion,
                answer.score,
                answer.note,
                ratings=ordered_ratings(session, answer),
                target=answer.target,
                carried=answer.carried,
                discuss=answer.discuss,
            )
        )
    return rows


#: Up to this many people who rated get a column each; more share one "Ratings" column.
RATER_COLUMNS_MAX = 4


@dataclass(frozen=True)
class Columns:
    """Which optional columns a session's table needs."""

    #: Everyone who rated some criterion, participants in their order first.
    raters: tuple[str, ...]
    target: bool
    flags: bool

    @property
    def ratings(self) -> bool:
        return bool(self.raters)

    @property
    def per_rater(self) -> bool:
        """One column per person (few people), else one shared "Ratings" column."""
        return 0 < len(self.raters) <= RATER_COLUMNS_MAX


def columns_for(rows: Sequence[Row]) -> Columns:
    raters: dict[str, None] = {}
    for row in rows:
        for name, _ in row.ratings:
            raters.setdefault(name, None)
    return Columns(
        raters=tuple(raters),
        target=any(row.target is not None for row in rows),
        flags=any(row.flags for row in rows),
    )


def _rating_cells(row: Row, columns: Columns) -> list[str]:
    """Per-rater cells ('-' where that person has not rated), or one shared cell
    (names as they are: callers make them safe for their format)."""
    if columns.per_rater:
        given = dict(row.ratings)
        return [str(given[name]) if name in given else "-" for name in columns.raters]
    return [row.ratings_text] if columns.ratings else []


@dataclass(frozen=True)
class Gap:
    criterion: Criterion
    score: int
    target: int

    @property
    def gap(self) -> int:
        return self.target - self.score


def gaps_for(session: Session, content: Content) -> list[Gap]:
    """Criteria scored below their target, largest gap first (ties in the book's order)."""
    gaps = []
    for criterion in content.criteria:
        answer = session.answer(criterion.id)
        if answer.score is not None and answer.target is not None and answer.gap:
            gaps.append(Gap(criterion, answer.score, answer.target))
    return sorted(gaps, key=lambda gap: -gap.gap)  # sorted() is stable: ties keep book order


def has_targets(session: Session) -> bool:
    return any(target is not None for target in session.targets())


def verdict_lines(verdict: Verdict, content: Content) -> list[str]:
    """The verdict in sentences: status, primary warning, weak axes with guidance."""
    lines: list[str] = []
    if verdict.status == "ready":
        lines.append(
            "Every criterion is Medium or above: inside the coloured section of "
            "Figure 15-1, where the book places the organizations best positioned to adopt "
            "data mesh now."
        )
    elif verdict.status == "incomplete":
        missing = ", ".join(content.by_id(cid).title for cid in verdict.unanswered)
        lines.append(f"{len(verdict.unanswered)} of 8 criteria are unanswered: {missing}.")
    else:
        lines.append(
            "The book places the organizations best positioned to adopt now at Medium or "
            "above on every axis. Below Medium here:"
        )
    if verdict.primary_low:
        lines.append(f"Warning: {content.primary_warning}")
    for cid in verdict.below_medium:
        criterion = content.by_id(cid)
        lines.append(f"{criterion.title}: {criterion.guidance}")
    return lines


def radar_for(
    series: Sequence[Sequence[int | None]],
    content: Content,
    *,
    braille: bool = False,
    size: tuple[int, int] = REPORT_RADAR_SIZE,
    markers: Sequence[str] | None = None,
) -> RadarDrawing:
    return render_radar(
        series, size[0], size[1], labels=content.axis_labels, braille=braille, markers=markers
    )


def overlay_radar(
    overlay: Overlay,
    content: Content,
    *,
    braille: bool = False,
    size: tuple[int, int] = REPORT_RADAR_SIZE,
) -> RadarDrawing:
    return radar_for(overlay.series, content, braille=braille, size=size, markers=overlay.markers)


def legend_line(overlay: Overlay) -> str:
    """The marker legend on one line (names folded and made visible)."""
    return "  ".join(f"{marker} {one_line(label)}" for marker, label in overlay.legend)


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


# ---------------------------------------------------------------------------
# JSON


def _json_dumps(data: Any) -> str:
    # ensure_ascii=False keeps names readable; C1 controls are escaped anyway
    # so that printing the JSON to a terminal stays safe.
    import json  # only the JSON format needs it

    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(f"\\u{ord(ch):04x}" if 0x7F <= ord(ch) <= 0x9F else ch for ch in text)


def session_data(
    session: Session, content: Content, *, against: Session | None = None
) -> dict[str, Any]:
    verdict = session_verdict(session)
    data: dict[str, Any] = {
        "name": session.name,
        "organization": session.organization,
        "criteria": [
            {
                "id": row.criterion.id,
                "title": row.criterion.title,
                "score": row.score,
                "band": row.band,
                "note": row.note,
                "ratings": dict(row.ratings),
                "discuss": row.discuss,
                "target": row.target,
                "carried": row.carried,
            }
            for row in rows_for(session, content)
        ],
        "answered": session.answered_count(),
        "verdict": verdict.status,
        "participants": list(session.participants),
        "gaps": [
            {
                "id": gap.criterion.id,
                "title": gap.criterion.title,
                "score": gap.score,
                "target": gap.target,
                "gap": gap.gap,
                "guidance": gap.criterion.guidance,
            }
            for gap in gaps_for(session, content)
        ],
        "previous": session.previous,
    }
    if against is not None:
        data["against"] = against_data(session, against, content)
    return data


def to_json(session: Session, content: Content, *, against: Session | None = None) -> str:
    return _json_dumps(session_data(session, content, against=against)) + "\n"


# ---------------------------------------------------------------------------
# Markdown


def _markdown_verdict(verdict: Verdict, content: Content) -> list[str]:
    out = [f"## Verdict: {STATUS_TITLES[verdict.status]}", ""]
    sentences = verdict_lines(verdict, content)
    out.append(sentences[0])
    out.append("")
    for line in sentences[1:]:
        head, _, rest = line.partition(": ")
        out.append(f"- **{head}**: {rest}")
    if len(sentences) > 1:
        out.append("")
    out.append(f"> {content.verdict_rule}".replace("\n", " "))
    out.append("")
    return out


def markdown_radar(drawing: RadarDrawing, overlay: Overlay | None = None) -> list[str]:
    """The radar as a fenced block, the legend inside it when there are several series."""
    out = ["```text", *(line.rstrip() for line in drawing.lines)]
    if overlay is not None and len(overlay.series) > 1:
        # one_line: a name is one line of the block, so it can never close it.
        out.append(f"  {legend_line(overlay)}")
    return [*out, "```", ""]


def markdown_scores_table(session: Session, content: Content) -> list[str]:
    rows = rows_for(session, content)
    columns = columns_for(rows)
    head = ["#", "Criterion", "Score", "Band"]
    if columns.per_rater:
        head += [markdown_inline(name) for name in columns.raters]
    elif columns.ratings:
        head.append("Ratings")
    head += ["Target"] * columns.target
    head += ["Flags"] * columns.flags + ["Note"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [
            row.criterion.letter,
            row.criterion.title,
            str(row.score) if row.score is not None else "-",
            row.band_label,
        ]
        if columns.per_rater:
            cells += _rating_cells(row, columns)
        elif columns.ratings:
            cells.append(
                ", ".join(f"{markdown_inline(name)} {rating}" for name, rating in row.ratings)
            )
        if columns.target:
            cells.append("-" if row.target is None else str(row.target))
        if columns.flags:
            cells.append(", ".join(f"**{flag}**" for flag in row.flags))
        cells.append(markdown_inline(row.note))
        out.append("| " + " | ".join(cells) + " |")
    return [*out, ""]


def _markdown_findings(session: Session, content: Content) -> list[str]:
    """Discuss, carried and gap sections (empty when there is nothing to say)."""
    out: list[str] = []
    rows = rows_for(session, content)
    discuss = [row for row in rows if row.discuss]
    if discuss:
        out += ["## To discuss", "", "The participants' ratings are 2 or more apart:", ""]
        for row in discuss:
            people = ", ".join(f"{markdown_inline(n)} {r}" for n, r in row.ratings)
            out.append(f"- **{row.criterion.title}**: {people}")
        out.append("")
    carried = [row.criterion.title for row in rows if row.carried]
    if carried:
        source = f" ({markdown_inline(session.previous)})" if session.previous else ""
        out += [
            f"**Carried over** from the previous session{source}, not yet confirmed: "
            f"{', '.join(carried)}.",
            "",
        ]
    if has_targets(session):
        out += ["## Gaps to target", ""]
        gaps = gaps_for(session, content)
        if not gaps:
            out.append("Every criterion with a target is at or above it.")
        for gap in gaps:
            out.append(
                f"- **{gap.criterion.title}**: {gap.score}, target {gap.target} "
                f"(gap {gap.gap}). {' '.join(gap.criterion.guidance.split())}"
            )
        out.append("")
    return out


def markdown_changes_table(
    before: Session,
    after: Session,
    content: Content,
    *,
    headings: tuple[str, str] = ("Before", "After"),
) -> list[str]:
    """The Markdown twin of ``changes_table``: both scores and the change per criterion."""
    out = [f"| # | Criterion | {headings[0]} | {headings[1]} | Change |", "|---|---|---|---|---|"]
    for criterion in content.criteria:
        a, b = before.score(criterion.id), after.score(criterion.id)
        out.append(
            f"| {criterion.letter} | {criterion.title} | {'-' if a is None else a} "
            f"| {'-' if b is None else b} | {change_label(a, b)} |"
        )
    return out


def markdown_changes(session: Session, earlier: Session, content: Content) -> list[str]:
    out = [f"## Changes since {markdown_inline(earlier.name)}", ""]
    out += markdown_changes_table(earlier, session, content)
    before_status = STATUS_TITLES[session_verdict(earlier).status]
    after_status = STATUS_TITLES[session_verdict(session).status]
    return [*out, "", f"Verdict: {before_status} -> {after_status}", ""]


def to_markdown(
    session: Session, content: Content, *, braille: bool = False, against: Session | None = None
) -> str:
    verdict = session_verdict(session)
    overlay = session_overlay(session, previous=against)
    radar = overlay_radar(overlay, content, braille=braille)
    out = [f"# {markdown_inline(session.name)}", ""]
    facts = []
    if session.organization:
        facts.append(f"**Organization:** {markdown_inline(session.organization)}")
    if session.participants:
        people = ", ".join(markdown_inline(p) for p in session.participants)
        facts.append(f"**Participants:** {people}")
    facts.append(f"**Answered:** {session.answered_count()}/8")
    facts.append(f"**Updated:** {session.updated:%Y-%m-%d %H:%M}")
    out += ["  \n".join(facts), ""]
    out += markdown_radar(radar, overlay)
    out += markdown_scores_table(session, content)
    out += _markdown_findings(session, content)
    if against is not None:
        out += markdown_changes(session, against, content)
    out += _markdown_verdict(verdict, content)
    out.append(f"_{content.now_caveat}_".replace("\n", " "))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Text, through Rich


def radar_text(drawing: RadarDrawing) -> Text:
    """A Rich Text of a radar drawing with its semantic spans styled."""
    from rich.text import Text

    text = Text(no_wrap=True, overflow="crop")
    offsets = []
    position = 0
    for index, line in enumerate(drawing.lines):
        offsets.append(position)
        text.append(line)
        position += len(line)
        if index < len(drawing.lines) - 1:
            text.append("\n")
            position += 1
    for span in drawing.spans:
        style = RADAR_STYLES.get(span.style, "")
        if style:
            start = offsets[span.row]
            text.stylize(style, start + span.start, start + span.end)
    return text


def legend_text(overlay: Overlay) -> Text:
    """The marker legend as Rich Text, each marker in its series' colour."""
    from rich.text import Text

    text = Text(no_wrap=False)
    for index, (marker, label) in enumerate(overlay.legend):
        if index:
            text.append("   ")
        text.append(marker, style=RADAR_STYLES.get(f"marker-{index}", "bold"))
        text.append(" ")
        text.append(one_line(label))
    return text


def _literal(value: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(one_line(value), style=style)


def verdict_renderables(verdict: Verdict, content: Content) -> list[RenderableType]:
    from rich.text import Text

    status_style = {"ready": "bold green", "not-yet": "bold red", "incomplete": "bold yellow"}
    items: list[RenderableType] = [
        Text.assemble(
            ("Verdict: ", "bold"), (STATUS_TITLES[verdict.status], status_style[verdict.status])
        )
    ]
    sentences = verdict_lines(verdict, content)
    items.append(Text(sentences[0]))
    for line in sentences[1:]:
        head, _, rest = line.partition(": ")
        style = "bold red" if head == "Warning" else "bold"
        items.append(Text.assemble("  ", (head + ": ", style), rest))
    items.append(Text(" ".join(content.verdict_rule.split()), style="dim"))
    items.append(Text(" ".join(content.now_caveat.split()), style="dim italic"))
    return items


def scores_table(session: Session, content: Content) -> RenderableType:
    """The eight criteria with score, band and note, as a Rich table.

    When the session has them, also the participants' ratings, the target,
    and flags: "discuss" (ratings 2 or more apart) and "carried" (carried
    over from an earlier session, not yet confirmed).
    """
    from rich.table import Table
    from rich.text import Text

    rows = rows_for(session, content)
    columns = columns_for(rows)
    extra = columns.ratings or columns.target or columns.flags
    table = Table(show_edge=False, pad_edge=False, expand=False)
    table.add_column("#", style="dim")
    # With extra columns, long titles may wrap so that the note keeps some room
    # in 80 columns; the flags go on the first line of the note, not a column.
    table.add_column("Criterion", no_wrap=not extra, min_width=12)
    table.add_column("Score", justify="right")
    table.add_column("Band")
    if columns.per_rater:
        for name in columns.raters:
            # Narrow: the header wraps at spaces, the cells are single digits.
            header = one_line(name)
            width = max([5, *(len(word) for word in header.split())])
            # A Text, not a str: a name is never read as markup.
            table.add_column(Text(header), justify="right", overflow="fold", max_width=width)
    elif columns.ratings:
        table.add_column("Ratings", overflow="fold")
    if columns.target:
        table.add_column("Target", justify="right")
    table.add_column("Note", overflow="fold", min_width=16 if extra else None)
    for row in rows:
        score = str(row.score) if row.score is not None else "-"
        band_style = "" if row.score is None or row.score >= 3 else "red"
        cells: list[RenderableType] = [
            row.criterion.letter,
            row.criterion.title,
            Text(score, style="italic" if row.carried else ""),
            Text(row.band_label, style=band_style),
        ]
        highlight = "bold yellow" if row.discuss else ""
        cells += [_literal(cell, highlight) for cell in _rating_cells(row, columns)]
        if columns.target:
            cells.append("-" if row.target is None else str(row.target))
        note = _literal(row.note)
        if row.flags:
            flags = Text(" ").join(
                Text(flag, style="bold yellow" if flag == "discuss" else "bold")
                for flag in row.flags
            )
            note = Text.assemble(flags, "\n", note) if row.note.strip() else flags
        cells.append(note)
        table.add_row(*cells)
    return table


def findings_renderables(session: Session, content: Content) -> list[RenderableType]:
    """Discuss, carried and gaps to target, as Rich renderables (empty when none apply)."""
    from rich.text import Text

    items: list[RenderableType] = []
    rows = rows_for(session, content)
    discuss = [row for row in rows if row.discuss]
    if discuss:
        items.append(Text("To discuss (ratings 2 or more apart):", style="bold yellow"))
        for row in discuss:
            items.append(
                Text.assemble(
                    "  ", (row.criterion.title + ": ", "bold"), _literal(row.ratings_text)
                )
            )
    carried = [row.criterion.title for row in rows if row.carried]
    if carried:
        source = Text.assemble(" (", _literal(session.previous), ")") if session.previous else ""
        items.append(
            Text.assemble(
                ("Carried over", "bold"),
                " from the previous session",
                source,
                ", not yet confirmed: ",
                ", ".join(carried),
                ".",
            )
        )
    if has_targets(session):
        gaps = gaps_for(session, content)
        items.append(Text("Gaps to target (largest first):", style="bold"))
        if not gaps:
            items.append(Text("  Every criterion with a target is at or above it."))
        for gap in gaps:
            items.append(
                Text.assemble(
                    "  ",
                    (gap.criterion.title, "bold"),
                    f": {gap.score}, target {gap.target} (gap {gap.gap}). ",
                    " ".join(gap.criterion.guidance.split()),
                )
            )
    return items


def changes_table(
    before: Session,
    after: Session,
    content: Content,
    *,
    headings: tuple[str, str] = ("Before", "After"),
) -> Table:
    """Per criterion: the two scores and the change, marked up, down or unchanged."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, pad_edge=False)
    table.add_column("#", style="dim")
    table.add_column("Criterion", no_wrap=True)
    table.add_column(headings[0], justify="right")
    table.add_column(headings[1], justify="right")
    table.add_column("Change")
    for criterion in content.criteria:
        a, b = before.score(criterion.id), after.score(criterion.id)
        word, _ = change_marking(a, b)
        table.add_row(
            criterion.letter,
            criterion.title,
            "-" if a is None else str(a),
            "-" if b is None else str(b),
            Text(change_label(a, b), style=CHANGE_STYLES[word]),
        )
    return table


def changes_renderables(
    session: Session, earlier: Session, content: Content
) -> list[RenderableType]:
    from rich.text import Text

    table = changes_table(earlier, session, content)
    return [
        Text.assemble(("Changes since ", "bold"), _literal(earlier.name, "bold")),
        table,
        Text.assemble(
            ("Verdict: ", "dim"),
            STATUS_TITLES[session_verdict(earlier).status],
            " -> ",
            STATUS_TITLES[session_verdict(session).status],
        ),
    ]


CHANGE_STYLES = {"up": "green", "down": "red", "unchanged": "dim", "n/a": "dim"}


def session_renderables(
    session: Session,
    content: Content,
    *,
    braille: bool = False,
    width: int = 80,
    against: Session | None = None,
) -> list[RenderableType]:
    from rich.text import Text

    verdict = session_verdict(session)
    header = Text.assemble(_literal(session.name, "bold"))
    details = []
    if session.organization:
        details.append(Text.assemble(("Organization: ", "dim"), _literal(session.organization)))
    if session.participants:
        details.append(
            Text.assemble(("Participants: ", "dim"), _literal(", ".join(session.participants)))
        )
    details.append(
        Text.assemble(
            ("Answered: ", "dim"),
            f"{session.answered_count()}/8   ",
            ("Updated: ", "dim"),
            f"{session.updated:%Y-%m-%d %H:%M}",
        )
    )
    size = (min(REPORT_RADAR_SIZE[0], max(width, 20)), REPORT_RADAR_SIZE[1])
    overlay = session_overlay(session, previous=against)
    radar = overlay_radar(overlay, content, braille=braille, size=size)
    items: list[RenderableType] = [header, *details, Text(""), radar_text(radar)]
    if len(overlay.series) > 1:
        items.append(legend_text(overlay))
    items += [Text(""), scores_table(session, content), Text("")]
    findings = findings_renderables(session, content)
    if findings:
        items += [*findings, Text("")]
    if against is not None:
        items += [*changes_renderables(session, against, content), Text("")]
    return [*items, *verdict_renderables(verdict, content)]


class _AsciiOutput:
    """stdout as seen by Rich on an ASCII-only terminal: same stream, ASCII encoding."""

    encoding = "ascii"

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return int(self._stream.write(text))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(self._stream.isatty())

    def fileno(self) -> int:
        return int(self._stream.fileno())


def print_renderables(renderables: Sequence[RenderableType], file: Any = None) -> None:
    """Print through Rich: styled on a terminal, plain when piped or with NO_COLOR."""
    import os

    from rich.console import Console

    # Rich's own NO_COLOR handling drops colours but keeps bold and dim; the
    # promise here is plain text, so no escape sequences at all.
    plain = os.environ.get("NO_COLOR", "") != ""
    if file is None and terminal_is_ascii_only():
        # Rich draws tables with ASCII when the output's encoding is not UTF-8.
        file = _AsciiOutput(sys.stdout)
    console = Console(
        file=file,
        highlight=False,
        emoji=False,
        markup=False,
        color_system=None if plain else "auto",
    )
    for item in renderables:
        console.print(item)


# ---------------------------------------------------------------------------
# Comparing two sessions


def comparison_data(first: Session, second: Session, content: Content) -> dict[str, Any]:
    """A (earlier) against B (later): per criterion both scores, the signed
    ``change`` and its ``direction`` (up, down, unchanged, n/a)."""
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


def comparison_json(first: Session, second: Session, content: Content) -> str:
    return _json_dumps(comparison_data(first, second, content)) + "\n"


def comparison_markdown(
    first: Session, second: Session, content: Content, *, braille: bool = False
) -> str:
    overlay = comparison_overlay(first, second)
    radar = overlay_radar(overlay, content, braille=braille)
    out = [f"# {markdown_inline(first.name)} vs {markdown_inline(second.name)}", ""]
    out += markdown_radar(radar, overlay)
    out += markdown_changes_table(first, second, content, headings=("A", "B"))
    out.append("")
    out.append(
        f"A: **{markdown_inline(first.name)}** - {STATUS_TITLES[session_verdict(first).status]}"
        f"  \nB: **{markdown_inline(second.name)}** - "
        f"{STATUS_TITLES[session_verdict(second).status]}"
    )
    return "\n".join(out) + "\n"


def comparison_renderables(
    first: Session, second: Session, content: Content, *, braille: bool = False
) -> list[RenderableType]:
    from rich.text import Text

    overlay = comparison_overlay(first, second)
    radar = overlay_radar(overlay, content, braille=braille)
    table = changes_table(first, second, content, headings=("A", "B"))
    verdicts = Text.assemble(
        ("A: ", "bold"),
        _literal(first.name),
        f"  {STATUS_TITLES[session_verdict(first).status]}\n",
        ("B: ", "bold"),
        _literal(second.name),
        f"  {STATUS_TITLES[session_verdict(second).status]}",
    )
    return [radar_text(radar), legend_text(overlay), Text(""), table, Text(""), verdicts]


# ---------------------------------------------------------------------------
# CSV, for spreadsheets

CSV_COLUMNS = ("session", "organization", "date", "criterion", "score", "band", "note", "target")
#: A cell starting with one of these is taken for a formula by spreadsheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """Text for a CSV cell: control characters other than tab and newline shown as
    ``\\xNN`` (like every report), and a leading ``'`` when the text would start
    with = + - @ (or a tab), so that a spreadsheet never runs it as a formula."""
    shown = visible(text.replace("\r\n", "\n"))
    return "'" + shown if shown.startswith(_FORMULA_START) else shown


def csv_rows(session: Session) -> list[list[str]]:
    """One row per criterion, in the book's order; empty cells where nothing is set."""
    rows = []
    for criterion_id in CRITERION_IDS:
        answer = session.answer(criterion_id)
        rows.append(
            [
                csv_cell(session.name),
                csv_cell(session.organization),
                session.updated.date().isoformat(),
                criterion_id,
                "" if answer.score is None else str(answer.score),
                "" if answer.score is None else band_for(answer.score).value,
                csv_cell(answer.note),
                "" if answer.target is None else str(answer.target),
            ]
        )
    return rows


def to_csv(sessions: Sequence[Session]) -> str:
    """A header, then one row per session and criterion."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for session in sessions:
        writer.writerows(csv_rows(session))
    return buffer.getvalue()
