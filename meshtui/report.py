"""Reports of a session, or of two side by side: text (Rich), Markdown and JSON.

No Textual here: the command line prints these without loading the app, and
the app's summary screen exports through the same functions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from meshtui.content import Content, Criterion
from meshtui.literal import markdown_inline, one_line
from meshtui.model import Session, Verdict, band_for, session_verdict
from meshtui.radar import RadarDrawing, render_radar

if TYPE_CHECKING:
    from rich.console import RenderableType
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

    @property
    def band(self) -> str | None:
        return band_for(self.score).value if self.score is not None else None

    @property
    def band_label(self) -> str:
        return band_for(self.score).label if self.score is not None else "unanswered"


def rows_for(session: Session, content: Content) -> list[Row]:
    return [Row(c, session.answer(c.id).score, session.answer(c.id).note) for c in content.criteria]


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
) -> RadarDrawing:
    return render_radar(series, size[0], size[1], labels=content.axis_labels, braille=braille)


# ---------------------------------------------------------------------------
# JSON


def _json_dumps(data: Any) -> str:
    # ensure_ascii=False keeps names readable; C1 controls are escaped anyway
    # so that printing the JSON to a terminal stays safe.
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(f"\\u{ord(ch):04x}" if 0x7F <= ord(ch) <= 0x9F else ch for ch in text)


def session_data(session: Session, content: Content) -> dict[str, Any]:
    verdict = session_verdict(session)
    return {
        "name": session.name,
        "organization": session.organization,
        "criteria": [
            {
                "id": row.criterion.id,
                "title": row.criterion.title,
                "score": row.score,
                "band": row.band,
                "note": row.note,
            }
            for row in rows_for(session, content)
        ],
        "answered": session.answered_count(),
        "verdict": verdict.status,
    }


def to_json(session: Session, content: Content) -> str:
    return _json_dumps(session_data(session, content)) + "\n"


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


def to_markdown(session: Session, content: Content, *, braille: bool = False) -> str:
    verdict = session_verdict(session)
    radar = radar_for([session.scores()], content, braille=braille)
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
    out += ["```text", *(line.rstrip() for line in radar.lines), "```", ""]
    out += ["| # | Criterion | Score | Band | Note |", "|---|---|---|---|---|"]
    for row in rows_for(session, content):
        score = str(row.score) if row.score is not None else "-"
        out.append(
            f"| {row.criterion.letter} | {row.criterion.title} | {score} | {row.band_label} "
            f"| {markdown_inline(row.note)} |"
        )
    out.append("")
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
    """The eight criteria with score, band and note, as a Rich table."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, pad_edge=False, expand=False)
    table.add_column("#", style="dim")
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Score", justify="right")
    table.add_column("Band")
    table.add_column("Note", overflow="fold")
    for row in rows_for(session, content):
        score = str(row.score) if row.score is not None else "-"
        band_style = "" if row.score is None or row.score >= 3 else "red"
        table.add_row(
            row.criterion.letter,
            row.criterion.title,
            score,
            Text(row.band_label, style=band_style),
            _literal(row.note),
        )
    return table


def session_renderables(
    session: Session, content: Content, *, braille: bool = False, width: int = 80
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
    radar = radar_for([session.scores()], content, braille=braille, size=size)
    table = scores_table(session, content)
    return [
        header,
        *details,
        Text(""),
        radar_text(radar),
        Text(""),
        table,
        Text(""),
        *verdict_renderables(verdict, content),
    ]


def print_renderables(renderables: Sequence[RenderableType], file: Any = None) -> None:
    """Print through Rich: styled on a terminal, plain when piped or with NO_COLOR."""
    import os

    from rich.console import Console

    # Rich's own NO_COLOR handling drops colours but keeps bold and dim; the
    # promise here is plain text, so no escape sequences at all.
    plain = os.environ.get("NO_COLOR", "") != ""
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


def _change(before: int | None, after: int | None) -> tuple[str, str]:
    """(arrow word, signed delta) from ``before`` to ``after``."""
    if before is None or after is None:
        return ("n/a", "")
    delta = after - before
    if delta > 0:
        return ("up", f"+{delta}")
    if delta < 0:
        return ("down", str(delta))
    return ("same", "0")


def comparison_data(first: Session, second: Session, content: Content) -> dict[str, Any]:
    criteria = []
    for criterion in content.criteria:
        a, b = first.score(criterion.id), second.score(criterion.id)
        direction, delta = _change(a, b)
        criteria.append(
            {
                "id": criterion.id,
                "title": criterion.title,
                "a": a,
                "b": b,
                "change": None if not delta else int(delta),
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


def _marker_legend(drawing_markers: Sequence[str], names: Sequence[str]) -> list[str]:
    # one_line: a name is one line of the code block, so it can never close it.
    pairs = zip(drawing_markers, names, strict=False)
    return [f"{marker} = {one_line(name)}" for marker, name in pairs]


def comparison_markdown(
    first: Session, second: Session, content: Content, *, braille: bool = False
) -> str:
    from meshtui.radar import DEFAULT_MARKERS

    data = comparison_data(first, second, content)
    radar = radar_for([first.scores(), second.scores()], content, braille=braille)
    out = [f"# {markdown_inline(first.name)} vs {markdown_inline(second.name)}", ""]
    out += ["```text", *(line.rstrip() for line in radar.lines)]
    out += [f"  {line}" for line in _marker_legend(DEFAULT_MARKERS, [first.name, second.name])]
    out += ["```", ""]
    out += [
        "| # | Criterion | A | B | Change |",
        "|---|---|---|---|---|",
    ]
    for criterion, item in zip(content.criteria, data["criteria"], strict=True):
        a = "-" if item["a"] is None else str(item["a"])
        b = "-" if item["b"] is None else str(item["b"])
        change = (
            item["direction"]
            if item["change"] in (None, 0)
            else (f"{item['direction']} {item['change']:+d}")
        )
        out.append(f"| {criterion.letter} | {criterion.title} | {a} | {b} | {change} |")
    out.append("")
    out.append(
        f"A: **{markdown_inline(first.name)}** - {STATUS_TITLES[data['a']['verdict']]}  \n"
        f"B: **{markdown_inline(second.name)}** - {STATUS_TITLES[data['b']['verdict']]}"
    )
    return "\n".join(out) + "\n"


def comparison_renderables(
    first: Session, second: Session, content: Content, *, braille: bool = False
) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    from meshtui.radar import DEFAULT_MARKERS

    data = comparison_data(first, second, content)
    radar = radar_for([first.scores(), second.scores()], content, braille=braille)
    legend = Text.assemble(
        (DEFAULT_MARKERS[0], RADAR_STYLES["marker-0"]),
        " A = ",
        _literal(first.name),
        "    ",
        (DEFAULT_MARKERS[1], RADAR_STYLES["marker-1"]),
        " B = ",
        _literal(second.name),
    )
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("#", style="dim")
    table.add_column("Criterion", no_wrap=True)
    table.add_column("A", justify="right")
    table.add_column("B", justify="right")
    table.add_column("Change")
    styles = {"up": "green", "down": "red", "same": "dim", "n/a": "dim"}
    for criterion, item in zip(content.criteria, data["criteria"], strict=True):
        change = (
            item["direction"]
            if item["change"] in (None, 0)
            else (f"{item['direction']} {item['change']:+d}")
        )
        table.add_row(
            criterion.letter,
            criterion.title,
            "-" if item["a"] is None else str(item["a"]),
            "-" if item["b"] is None else str(item["b"]),
            Text(change, style=styles[item["direction"]]),
        )
    verdicts = Text.assemble(
        ("A: ", "bold"),
        _literal(first.name),
        f"  {STATUS_TITLES[data['a']['verdict']]}\n",
        ("B: ", "bold"),
        _literal(second.name),
        f"  {STATUS_TITLES[data['b']['verdict']]}",
    )
    return [radar_text(radar), legend, Text(""), table, Text(""), verdicts]
