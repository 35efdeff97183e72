"""Reports over many sessions: the team roll-up (``aggregate``) and one
organization's history (``history``), as text (Rich), Markdown and JSON.

No Textual here. Files that could not be read are passed in as ``skipped``
(file, problem) and listed in every format, so nothing is left out silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from meshtui.aggregate import Rollup, drawing_medians, format_median, json_median
from meshtui.content import Content
from meshtui.history import History
from meshtui.literal import markdown_inline, one_line
from meshtui.model import session_verdict
from meshtui.overlays import Overlay, rollup_overlay
from meshtui.report import (
    STATUS_TITLES,
    _json_dumps,
    _literal,
    _markdown_verdict,
    legend_text,
    markdown_radar,
    overlay_radar,
    radar_text,
    verdict_renderables,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

Skipped = Sequence[tuple[str, str]]

MEDIAN_LABEL = "median (a half is drawn rounded up)"


def _skipped_data(skipped: Skipped) -> list[dict[str, str]]:
    return [{"file": file, "problem": problem} for file, problem in skipped]


# ---------------------------------------------------------------------------
# The roll-up


def rollup_radar_overlay(rollup: Rollup) -> Overlay:
    return rollup_overlay(
        drawing_medians(rollup.criteria),
        [item.low for item in rollup.criteria],
        [item.high for item in rollup.criteria],
        main_label=MEDIAN_LABEL,
    )


def rollup_data(rollup: Rollup, skipped: Skipped = ()) -> dict[str, Any]:
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


def rollup_json(rollup: Rollup, skipped: Skipped = ()) -> str:
    return _json_dumps(rollup_data(rollup, skipped)) + "\n"


def _titles(ids: Sequence[str], content: Content) -> str:
    return ", ".join(content.by_id(cid).title for cid in ids)


def rollup_markdown(
    rollup: Rollup, content: Content, skipped: Skipped = (), *, braille: bool = False
) -> str:
    overlay = rollup_radar_overlay(rollup)
    radar = overlay_radar(overlay, content, braille=braille)
    names = ", ".join(markdown_inline(s.name) for s in rollup.sessions)
    out = [f"# {markdown_inline(rollup.name)}", ""]
    out += [f"**Sessions ({len(rollup.sessions)}):** {names}", ""]
    out += markdown_radar(radar, overlay)
    out += ["| # | Criterion | Median | Min | Max | n |", "|---|---|---|---|---|---|"]
    for criterion, item in zip(content.criteria, rollup.criteria, strict=True):
        low = "-" if item.low is None else str(item.low)
        high = "-" if item.high is None else str(item.high)
        out.append(
            f"| {criterion.letter} | {criterion.title} | {format_median(item.median)} "
            f"| {low} | {high} | {item.n} |"
        )
    out += ["", f"n is the number of sessions (of {len(rollup.sessions)}) that answered.", ""]
    if rollup.not_yet:
        out += ["## Sessions not yet ready", ""]
        for finding in rollup.not_yet:
            below = _titles(finding.criteria, content)
            out.append(f"- **{markdown_inline(finding.name)}**: below Medium on {below}")
        out.append("")
    if rollup.incomplete:
        out += ["## Incomplete sessions", ""]
        for finding in rollup.incomplete:
            missing = _titles(finding.criteria, content)
            out.append(f"- **{markdown_inline(finding.name)}**: unanswered {missing}")
        out.append("")
    if skipped:
        out += _markdown_skipped(skipped)
    out += ["The book's rule applied to the medians:", ""]
    out += _markdown_verdict(rollup.verdict, content)
    out.append(f"_{content.now_caveat}_".replace("\n", " "))
    return "\n".join(out) + "\n"


def _markdown_skipped(skipped: Skipped) -> list[str]:
    out = ["## Skipped", "", "These files could not be read and are left out:", ""]
    for file, problem in skipped:
        out.append(f"- `{_code(file)}`: {markdown_inline(problem)}")
    return [*out, ""]


def _code(text: str) -> str:
    """Text for an inline code span: one line, and no backtick to end it early."""
    return one_line(text).replace("`", "'")


def rollup_renderables(
    rollup: Rollup, content: Content, skipped: Skipped = (), *, braille: bool = False
) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    overlay = rollup_radar_overlay(rollup)
    radar = overlay_radar(overlay, content, braille=braille)
    items: list[RenderableType] = [
        _literal(rollup.name, "bold"),
        Text.assemble(
            (f"Sessions ({len(rollup.sessions)}): ", "dim"),
            _literal(", ".join(s.name for s in rollup.sessions)),
        ),
        Text(""),
        radar_text(radar),
        legend_text(overlay),
        Text(""),
    ]
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("#", style="dim")
    table.add_column("Criterion", no_wrap=True)
    for column in ("Median", "Min", "Max", "n"):
        table.add_column(column, justify="right")
    for criterion, item in zip(content.criteria, rollup.criteria, strict=True):
        low_median = item.median is not None and item.median < 3
        table.add_row(
            criterion.letter,
            criterion.title,
            Text(format_median(item.median), style="red" if low_median else ""),
            "-" if item.low is None else str(item.low),
            "-" if item.high is None else str(item.high),
            str(item.n),
        )
    items += [
        table,
        Text(f"n is the number of sessions (of {len(rollup.sessions)}) that answered.", "dim"),
        Text(""),
    ]
    if rollup.not_yet:
        items.append(Text("Sessions not yet ready:", style="bold"))
        for finding in rollup.not_yet:
            items.append(
                Text.assemble(
                    "  ",
                    _literal(finding.name, "bold"),
                    f": below Medium on {_titles(finding.criteria, content)}",
                )
            )
        items.append(Text(""))
    if rollup.incomplete:
        items.append(Text("Incomplete sessions:", style="bold"))
        for finding in rollup.incomplete:
            items.append(
                Text.assemble(
                    "  ",
                    _literal(finding.name, "bold"),
                    f": unanswered {_titles(finding.criteria, content)}",
                )
            )
        items.append(Text(""))
    if skipped:
        items += [*_skipped_renderables(skipped), Text("")]
    items.append(Text("The book's rule applied to the medians:", style="dim"))
    return [*items, *verdict_renderables(rollup.verdict, content)]


def _skipped_renderables(skipped: Skipped) -> list[RenderableType]:
    from rich.text import Text

    items: list[RenderableType] = [
        Text("Skipped (could not be read, left out):", style="bold yellow")
    ]
    for file, problem in skipped:
        items.append(Text.assemble("  ", _literal(file), ": ", _literal(problem)))
    return items


# ---------------------------------------------------------------------------
# History


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


def history_json(history: History, content: Content, skipped: Skipped = ()) -> str:
    return _json_dumps(history_data(history, content, skipped)) + "\n"


def _count(history: History) -> str:
    n = len(history.sessions)
    return f"{n} session{'s' if n != 1 else ''}, oldest first"


def history_markdown(history: History, content: Content, skipped: Skipped = ()) -> str:
    organization = history.organization or "(no organization)"
    out = [f"# History of {markdown_inline(organization)}", "", f"{_count(history)}.", ""]
    out += ["| # | Created | Session | Answered | Verdict |", "|---|---|---|---|---|"]
    for index, session in enumerate(history.sessions, 1):
        status = STATUS_TITLES[session_verdict(session).status]
        out.append(
            f"| {index} | {session.created:%Y-%m-%d} | {markdown_inline(session.name)} "
            f"| {session.answered_count()}/8 | {status} |"
        )
    out += ["", "## Trend per criterion", "", "| # | Criterion | Trend |", "|---|---|---|"]
    for criterion in content.criteria:
        trend = history.trend(criterion.id)
        out.append(f"| {criterion.letter} | {criterion.title} | {trend} |")
    out += [f"| | **Verdict** | {history.verdict_trend()} |", ""]
    out.append("A '-' marks a criterion that session left unanswered.")
    out.append("")
    if skipped:
        out += _markdown_skipped(skipped)
    return "\n".join(out) + "\n"


def history_renderables(
    history: History, content: Content, skipped: Skipped = ()
) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    organization = history.organization or "(no organization)"
    items: list[RenderableType] = [
        Text.assemble(("History of ", "bold"), _literal(organization, "bold")),
        Text(_count(history), style="dim"),
        Text(""),
    ]
    sessions = Table(show_edge=False, pad_edge=False)
    sessions.add_column("#", style="dim", justify="right")
    for column in ("Created", "Session", "Answered", "Verdict"):
        sessions.add_column(column, overflow="fold")
    for index, session in enumerate(history.sessions, 1):
        sessions.add_row(
            str(index),
            f"{session.created:%Y-%m-%d}",
            _literal(session.name),
            f"{session.answered_count()}/8",
            STATUS_TITLES[session_verdict(session).status],
        )
    trends = Table(show_edge=False, pad_edge=False)
    trends.add_column("#", style="dim")
    trends.add_column("Criterion", no_wrap=True)
    trends.add_column("Trend", no_wrap=True)
    for criterion in content.criteria:
        trends.add_row(criterion.letter, criterion.title, history.trend(criterion.id))
    trends.add_row("", Text("Verdict", style="bold"), history.verdict_trend())
    items += [
        sessions,
        Text(""),
        trends,
        Text("A '-' marks a criterion that session left unanswered.", style="dim"),
    ]
    if skipped:
        items += [Text(""), *_skipped_renderables(skipped)]
    return items
