"""Reports: JSON for tools, Markdown for GitHub, text for the terminal (issue sections 3 and 6)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from meshtui.content import Content, load_content
from meshtui.model import CRITERION_IDS, Session, verdict_for
from meshtui.radar import RadarDrawing, render_radar
from meshtui.reports import Report, comparison_report, render, session_report, verdict_block
from meshtui.reports.document import inline_text

MakeSession = Callable[..., Session]
HOSTILE = "[bold]x[/] [/] [red \x1b[31mred\x07 \x9b2J | *star* _u_ <b>"
ESCAPES = ("\x1b", "\x07", "\x9b")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def to_json(session: Session, content: Content) -> str:
    return render(session_report(session, content), "json")


def to_markdown(session: Session, content: Content, *, braille: bool = False) -> str:
    return render(session_report(session, content), "markdown", braille=braille)


def text_report(
    session: Session, content: Content, *, braille: bool = False, width: int = 80
) -> str:
    return render(session_report(session, content), "text", braille=braille, width=width)


def comparison(first: Session, second: Session, content: Content) -> Report:
    return comparison_report(first, second, content)


def radar_for(series: list[list[int | None]], content: Content) -> RadarDrawing:
    """The report's chart: 60 x 25 with the short axis labels."""
    return render_radar(series, 60, 25, labels=content.axis_labels)


def verdict_lines(scores: list[int | None], content: Content) -> list[str]:
    """The verdict's lead sentence, then one line per next step."""
    block = verdict_block(verdict_for(scores), content)
    return [inline_text(block.lead), *(inline_text(step) for step in block.next_steps)]


def flat(text: str) -> str:
    """Whitespace folded, so text wrapped by Rich can be searched for sentences."""
    return " ".join(text.split())


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("|")]


def cells(row: str) -> list[str]:
    """Cells of a Markdown table row, splitting at | not escaped by a backslash."""
    parts = re.split(r"(?<!\\)\|", row)
    assert parts[0] == "" and parts[-1] == "", row
    return [part.strip() for part in parts[1:-1]]


# ---------------------------------------------------------------------------
# JSON


def test_json_has_the_documented_shape(make_session: MakeSession, content: Content) -> None:
    session = make_session(
        "Q3",
        [1, 2, 3, 4, 5, None, 3, None],
        {"modern_engineering": "not decided", "organizational_complexity": "many domains"},
        organization="Acme",
    )
    data = json.loads(to_json(session, content))
    # The documented keys come first; later issues add keys after them.
    assert list(data)[:5] == ["name", "organization", "criteria", "answered", "verdict"]
    assert data["name"] == "Q3"
    assert data["organization"] == "Acme"
    assert data["answered"] == 6
    assert data["verdict"] == "incomplete"
    assert [c["id"] for c in data["criteria"]] == list(CRITERION_IDS)
    for item, criterion in zip(data["criteria"], content.criteria, strict=True):
        assert list(item)[:5] == ["id", "title", "score", "band", "note"]
        assert item["title"] == criterion.title
    assert [c["score"] for c in data["criteria"]] == [1, 2, 3, 4, 5, None, 3, None]
    assert [c["band"] for c in data["criteria"]] == [
        "low",
        "low-medium",
        "medium",
        "medium-high",
        "high",
        None,
        "medium",
        None,
    ]
    assert data["criteria"][0]["note"] == "many domains"
    assert data["criteria"][5] == {
        "id": "modern_engineering",
        "title": "Modern engineering",
        "score": None,
        "band": None,
        "note": "not decided",
        "ratings": {},
        "discuss": False,
        "settled": False,
        "target": None,
        "carried": False,
        "revealed_early": False,
        "revealed_before": [],
    }
    assert data["criteria"][1]["note"] == ""


@pytest.mark.parametrize(
    ("scores", "verdict"),
    [([3] * 8, "ready"), ([5, 5, 5, 2, 5, 5, 5, 5], "not-yet"), ([None] * 8, "incomplete")],
)
def test_json_verdict_strings(
    make_session: MakeSession, content: Content, scores: list[int | None], verdict: str
) -> None:
    assert json.loads(to_json(make_session(scores=scores), content))["verdict"] == verdict


def test_json_keeps_text_exact_but_emits_no_control_bytes(
    make_session: MakeSession, content: Content
) -> None:
    session = make_session(HOSTILE, [3] * 8, {"early_adopter": HOSTILE + "\nline 2"})
    text = to_json(session, content)
    for char in ESCAPES:
        assert char not in text
    data = json.loads(text)
    assert data["name"] == HOSTILE
    assert data["criteria"][4]["note"] == HOSTILE + "\nline 2"


# ---------------------------------------------------------------------------
# Markdown


def test_markdown_has_radar_block_table_and_verdict(
    make_session: MakeSession, content: Content
) -> None:
    session = make_session("Q3", [4, 4, 2, 4, 4, 4, 1, 4], organization="Acme")
    markdown = to_markdown(session, content)
    lines = markdown.splitlines()
    assert lines[0] == "# Q3"
    start = lines.index("```text")
    end = lines.index("```", start + 1)
    radar = radar_for([session.scores()], content)
    assert lines[start + 1 : end] == [line.rstrip() for line in radar.lines]
    rows = table_rows(markdown)
    assert cells(rows[0]) == ["#", "Criterion", "Score", "Band", "Note"]
    assert len(rows) == 2 + 8
    body = [cells(row) for row in rows[2:]]
    assert [row[1] for row in body] == [c.title for c in content.criteria]
    assert [row[0] for row in body] == list("ABCDEFGH")
    assert [row[2] for row in body] == ["4", "4", "2", "4", "4", "4", "1", "4"]
    assert body[2][3] == "Low-Medium"
    assert "## Verdict: Not yet" in lines
    # Each weak axis is named with its guidance.
    flat_md = flat(markdown)
    for cid in ("executive_support", "domain_oriented_organization"):
        assert flat(content.by_id(cid).guidance) in flat_md
    assert flat(content.by_id("early_adopter").guidance) not in flat_md


def test_markdown_unanswered_rows_and_headings(make_session: MakeSession, content: Content) -> None:
    markdown = to_markdown(make_session(scores=[3, None, 3, 3, 3, 3, 3, 3]), content)
    body = [cells(row) for row in table_rows(markdown)[2:]]
    assert body[1][2] == "-"
    assert body[1][3] == "unanswered"
    assert "## Verdict: Incomplete" in markdown.splitlines()
    ready = to_markdown(make_session(scores=[3] * 8), content)
    assert "## Verdict: Best positioned" in ready.splitlines()


def test_markdown_notes_cannot_break_the_table(make_session: MakeSession, content: Content) -> None:
    notes = {
        "organizational_complexity": "a | b | c",
        "data_oriented_strategy": "first line\nsecond | line\n\nthird",
        "executive_support": "ends with backslash \\",
        "data_technology_at_core": "\\| escaped already",
        "early_adopter": "```\ncode fence\n```",
        "modern_engineering": "<img src=x onerror=alert(1)> **bold**",
        "domain_oriented_organization": HOSTILE,
    }
    markdown = to_markdown(make_session("A | B", [3] * 8, notes), content)
    rows = table_rows(markdown)
    assert len(rows) == 10
    for row in rows:
        assert len(cells(row)) == 5, row
    body = [cells(row) for row in rows[2:]]
    assert body[1][4] == "first line<br>second \\| line<br><br>third"
    assert not re.search(r"(?<!\\)<img", markdown)
    assert "\\*\\*bold\\*\\*" in body[5][4]
    for char in ESCAPES:
        assert char not in markdown
    assert "\\[bold]x\\[/]" in body[6][4]
    # The note's fence never closes the radar's code block.
    fences = [line for line in markdown.splitlines() if line.startswith("```")]
    assert fences == ["```text", "```"]
    assert markdown.splitlines()[0] == "# A \\| B"


def test_markdown_braille_radar(make_session: MakeSession, content: Content) -> None:
    markdown = to_markdown(make_session(scores=[1, 2, 3, 4, 5, 4, 3, 2]), content, braille=True)
    block = markdown.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert any(0x2800 <= ord(ch) <= 0x28FF for ch in block)


# ---------------------------------------------------------------------------
# The verdict in words


@pytest.mark.parametrize("low", [1, 2])
def test_primary_warning_when_organizational_complexity_is_low(
    make_session: MakeSession, content: Content, low: int
) -> None:
    session = make_session(scores=[low, 5, 5, 5, 5, 5, 5, 5])
    text = flat(text_report(session, content))
    assert flat(content.primary_warning) in text
    assert flat(content.by_id("organizational_complexity").guidance) in text
    assert "Verdict: Not yet" in text
    assert flat(content.primary_warning) in flat(to_markdown(session, content))


def test_no_primary_warning_at_medium(make_session: MakeSession, content: Content) -> None:
    session = make_session(scores=[3, 1, 1, 1, 1, 1, 1, 1])
    text = flat(text_report(session, content))
    assert flat(content.primary_warning) not in text
    assert flat(content.primary_warning) not in flat(to_markdown(session, content))


def test_text_report_names_each_weak_axis_with_guidance(
    make_session: MakeSession, content: Content
) -> None:
    scores = [4, 1, 3, 2, 5, 3, 2, 4]
    session = make_session("Weak spots", scores, organization="Acme")
    text = text_report(session, content)
    folded = flat(text)
    weak = [c for c, s in zip(content.criteria, scores, strict=True) if s < 3]
    strong = [c for c, s in zip(content.criteria, scores, strict=True) if s >= 3]
    for criterion in weak:
        assert flat(criterion.guidance) in folded
        assert f"{criterion.title}: " in folded
    for criterion in strong:
        assert flat(criterion.guidance) not in folded
    assert "Verdict: Not yet" in folded
    assert "Weak spots" in text and "Acme" in text
    assert "Answered: 8/8" in folded
    assert "\x1b" not in text  # a StringIO is not a terminal: plain text


def _by_the_book(text: str, source: str) -> str:
    return f"{flat(text)} (the book: {source})"


def test_verdict_lines_for_each_status(content: Content) -> None:
    ready = verdict_lines([3] * 8, content)
    assert ready[0].startswith("Every criterion is Medium or above")
    assert "colored section of Figure 15-1" in ready[0]
    assert "coloured" not in " ".join(ready)
    # What comes next is the book's, credited with its source.
    assert ready[1:] == [_by_the_book(content.ready_next, content.passage("ready_next").source)]
    incomplete = verdict_lines([3, None, 3, 3, None, 3, 3, 3], content)
    assert len(incomplete) == 1
    assert "2 of 8" in incomplete[0]
    assert "Data-oriented strategy" in incomplete[0] and "Early adopter" in incomplete[0]
    one = verdict_lines([3, None, 3, 3, 3, 3, 3, 3], content)
    assert one == ["1 of 8 criteria is unanswered: Data-oriented strategy."]
    not_yet = verdict_lines([1, 5, 5, 5, 5, 5, 2, 5], content)
    assert not_yet[0].startswith("2 of 8 criteria are below Medium")
    complexity = content.by_id("organizational_complexity")
    domains = content.by_id("domain_oriented_organization")
    # Each step is one paragraph (the content's breaks folded) ending with its credit.
    assert not_yet[1:] == [
        f"{flat(content.not_yet_next)} (meshtui)",
        f"{flat(content.primary_warning)} (meshtui)",
        f"Organizational complexity: {_by_the_book(complexity.guidance, complexity.source)}",
        f"Domain-oriented organization: {_by_the_book(domains.guidance, domains.source)}",
    ]
    weak = verdict_lines([3, 5, 5, 5, 5, 5, 2, 5], content)
    assert weak[0].startswith("1 of 8 criteria is below Medium")
    assert weak[1:] == [
        f"{flat(content.not_yet_next)} (meshtui)",
        f"Domain-oriented organization: {_by_the_book(domains.guidance, domains.source)}",
    ]


def test_text_report_prints_markup_and_escapes_literally(
    make_session: MakeSession, content: Content
) -> None:
    session = make_session(HOSTILE, [3] * 8, {"early_adopter": HOSTILE}, organization=HOSTILE)
    text = text_report(session, content, width=200)
    for char in ESCAPES:
        assert char not in text
    assert "[bold]x[/]" in text
    assert "\\x1b[31mred\\x07" in text


def test_text_report_braille(make_session: MakeSession, content: Content) -> None:
    session = make_session(scores=[1, 2, 3, 4, 5, 4, 3, 2])
    text = text_report(session, content, braille=True)
    assert any(0x2800 <= ord(ch) <= 0x28FF for ch in text)
    ascii_text = text_report(session, content)
    assert not any(0x2800 <= ord(ch) <= 0x28FF for ch in ascii_text)


# ---------------------------------------------------------------------------
# Comparing


def test_comparison_data_directions(make_session: MakeSession, content: Content) -> None:
    first = make_session("Q2", [1, 3, 5, None, 2, 2, 3, 4])
    second = make_session("Q3", [3, 3, 4, 2, None, 2, 5, 4])
    data = comparison(first, second, content).data
    assert data["a"] == {"name": "Q2", "verdict": "incomplete"}
    assert data["b"] == {"name": "Q3", "verdict": "incomplete"}
    assert [c["direction"] for c in data["criteria"]] == [
        "up",
        "unchanged",
        "down",
        "n/a",
        "n/a",
        "unchanged",
        "up",
        "unchanged",
    ]
    assert [c["change"] for c in data["criteria"]] == [2, 0, -1, None, None, 0, 2, 0]
    assert json.loads(render(comparison(first, second, content), "json")) == data


def test_comparison_markdown_table(make_session: MakeSession, content: Content) -> None:
    first = make_session("Q2", [1, 3, 5, 3, 3, 3, 3, 3])
    second = make_session("Q3 | final", [3, 3, 4, 3, 3, 3, 3, 3])
    markdown = render(comparison(first, second, content), "markdown")
    rows = table_rows(markdown)
    assert len(rows) == 10
    assert all(len(cells(row)) == 5 for row in rows)
    body = [cells(row) for row in rows[2:]]
    assert body[0][2:] == ["1", "3", "up +2"]
    assert body[1][2:] == ["3", "3", "unchanged"]
    assert body[2][2:] == ["5", "4", "down -1"]
    assert "Q2" in markdown and "Q3 \\| final" in markdown


def test_comparison_markdown_names_cannot_break_the_code_block(
    make_session: MakeSession, content: Content
) -> None:
    first = make_session("Q2\n```\n# injected", [3] * 8)
    second = make_session(HOSTILE, [4] * 8)
    markdown = render(comparison(first, second, content), "markdown")
    fences = [line for line in markdown.splitlines() if line.startswith("```")]
    assert fences == ["```text", "```"]
    assert "# injected" not in markdown.splitlines()
    for char in ESCAPES:
        assert char not in markdown


def test_comparison_text(make_session: MakeSession, content: Content) -> None:
    first = make_session("Before [bold]", [1, 3, 5, 3, 3, 3, 3, 3])
    second = make_session("After \x1b[2J", [3, 3, 4, 3, 3, 3, 3, 3])
    text = render(comparison(first, second, content), "text")
    assert "Before [bold]" in text
    assert "After \\x1b[2J" in text
    assert "\x1b" not in text
    assert "up +2" in text and "down -1" in text and "unchanged" in text
