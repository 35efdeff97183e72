"""SVG and HTML reports (issue 12): golden files, parsing, no URL, rendering, hostile text.

The golden files in tests/golden/reports/ are the review of how the reports
look. After an intended change, rewrite them with ``MESHTUI_UPDATE_GOLDEN=1
pytest tests/unit/test_report_formats.py``, render each SVG (``rsvg-convert
FILE.svg -o FILE.png``) and open each HTML file, and look at them before
committing. They also change when assets/criteria.toml does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from xml.etree import ElementTree

import pytest

from meshtui.aggregate import rollup
from meshtui.content import Content, load_content, target_gap_text
from meshtui.history import history_for
from meshtui.model import CRITERION_IDS, Session
from meshtui.reports import (
    Format,
    Report,
    comparison_report,
    history_report,
    render,
    rollup_report,
    session_report,
)
from tests.conftest import build_session

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden" / "reports"
UPDATE = os.environ.get("MESHTUI_UPDATE_GOLDEN") == "1"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
HOSTILE_NOTE = "<script>alert(1)</script>"
HOSTILE_NAME = '"><img src=x onerror=alert(1)>'
HOSTILE_ORG = "]]> & <![CDATA[ \x1b[31mred\x07 \x00 end"
HOSTILE_PERSON = "Bo\x1b[2J\x00 ]]>"
RAW_CONTROLS = ("\x1b", "\x07", "\x00")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def when(month: int) -> datetime:
    return datetime(2026, month, 10, 9, 0, tzinfo=UTC)


def plain_session() -> Session:
    return build_session(
        "Q3 check",
        [4, 5, 2, 4, 3, None, 2, 3],
        {"organizational_complexity": "Five business lines.\nEach has its own sources."},
        organization="Acme Bank",
        created=when(8),
    )


def pairing_sessions() -> tuple[Session, Session]:
    """A pair rating with targets, re-assessing an earlier session."""
    earlier = build_session(
        "Q2 check", [3, 3, 2, 3, 2, 3, 2, 3], organization="Acme Bank", created=when(5)
    )
    later = build_session(
        "Q3 pair check",
        [4, 4, 3, 3, 3, 4, 2, 3],
        {"domain_oriented_organization": "Central IT still staffs data work by project."},
        organization="Acme Bank",
        participants=["Ana", "Ben"],
        created=when(8),
    )
    for criterion_id, score in zip(CRITERION_IDS, later.scores(), strict=True):
        assert score is not None
        later.set_rating(criterion_id, "Ana", score)
        later.set_rating(criterion_id, "Ben", score)
    later.set_rating("data_oriented_strategy", "Ana", 3)
    later.set_rating("data_oriented_strategy", "Ben", 5)
    later.set_target("data_oriented_strategy", 5)
    later.set_target("domain_oriented_organization", 4)
    later.set_target("long_term_commitment", 4)
    return earlier, later


def team_sessions() -> list[Session]:
    return [
        build_session("Payments", [4, 4, 3, 3, 3, 4, 2, 3], organization="Acme Bank"),
        build_session("Lending", [3, 2, 3, 4, 3, 3, 3, 4], organization="Acme Bank"),
        build_session("Cards", [5, 4, 4, 3, None, 4, 3, 3], organization="Acme Bank"),
    ]


def quarter_sessions() -> list[Session]:
    return [
        build_session("Q1", [2, 3, 2, 3, 2, None, 2, 2], organization="Acme Bank", created=when(2)),
        build_session("Q2", [3, 3, 2, 3, 2, 3, 2, 3], organization="Acme Bank", created=when(5)),
        build_session("Q3", [4, 4, 3, 3, 3, 4, 3, 3], organization="Acme Bank", created=when(8)),
    ]


SKIPPED = (("broken.toml", "not valid TOML at line 2, column 8"),)


def pairing_report(content: Content) -> Report:
    earlier, later = pairing_sessions()
    return session_report(later, content, against=earlier)


REPORTS: dict[str, Callable[[Content], Report]] = {
    "session": lambda c: session_report(plain_session(), c),
    "pairing": pairing_report,
    "rollup": lambda c: rollup_report(rollup(team_sessions(), "Acme Bank teams"), c, SKIPPED),
    "history": lambda c: history_report(
        history_for(quarter_sessions(), "Acme Bank", None), c, SKIPPED
    ),
    "comparison": lambda c: comparison_report(quarter_sessions()[1], quarter_sessions()[2], c),
}
CASES: list[tuple[str, Format]] = [(name, fmt) for name in REPORTS for fmt in ("svg", "html")]


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_golden(content: Content, name: str, fmt: Format) -> None:
    actual = render(REPORTS[name](content), fmt)
    path = GOLDEN_DIR / f"{name}.{fmt}"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing {path}; run with MESHTUI_UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"{path} differs: regenerate and look"


def test_no_stale_golden_files() -> None:
    expected = {f"{name}.{fmt}" for name, fmt in CASES}
    assert {p.name for p in GOLDEN_DIR.iterdir()} == expected


# ---------------------------------------------------------------------------
# They parse, and hold no URL


class StrictHTML(HTMLParser):
    """Collects the text and checks that every element opened is closed in order."""

    VOID: ClassVar[frozenset[str]] = frozenset({"meta", "br", "img", "link", "input", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(page: str) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(page)
    parser.close()
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>)]*")


@pytest.mark.parametrize("name", list(REPORTS))
def test_svg_parses_and_its_only_url_is_the_namespace(content: Content, name: str) -> None:
    svg = render(REPORTS[name](content), "svg")
    root = ElementTree.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{{{SVG_NAMESPACE}}}svg"
    assert URL.findall(svg) == [SVG_NAMESPACE]
    assert "href" not in svg and "url(" not in svg and "@import" not in svg
    titles = [" ".join(t.itertext()) for t in root.iter(f"{{{SVG_NAMESPACE}}}text")]
    # Every axis is labeled with the criterion's full name (wrapped over lines).
    labels = " ".join(titles)
    for criterion in content.criteria:
        assert all(word in labels for word in criterion.title.split())


@pytest.mark.parametrize("name", list(REPORTS))
def test_html_parses_is_self_contained_and_puts_the_verdict_first(
    content: Content, name: str
) -> None:
    page = render(REPORTS[name](content), "html")
    parsed = parse_html(page)
    assert URL.findall(page) == [SVG_NAMESPACE]
    assert not {"script", "link", "iframe", "img", "object", "embed"} & set(parsed.tags)
    assert not [a for a, _ in parsed.attributes if a in ("src", "href") or a.startswith("on")]
    assert "@import" not in page and "url(" not in page
    assert "@page" in page and "@media print" in page
    assert parsed.tags.count("svg") == 1
    text = " ".join(" ".join(parsed.text).split())
    if name == "comparison":  # both verdicts, each session named by its role
        assert text.index("Earlier: Q2 - Not yet") < text.index("Later: Q3 - Best positioned")
        assert text.index("Later: Q3") < text.index("Changes") < text.index("Radar")
    elif name != "history":  # a history has a verdict per session, in its table
        assert text.index("Verdict:") < text.index("Scores") < text.index("Radar")


def test_html_holds_guidance_scores_spreads_targets_and_changes(content: Content) -> None:
    earlier, later = pairing_sessions()
    parsed = parse_html(render(session_report(later, content, against=earlier), "html"))
    text = " ".join(" ".join(parsed.text).split())
    weak = content.by_id("domain_oriented_organization")
    # The book's reason for the weak axis, credited to the book with its source.
    assert f"{' '.join(weak.guidance.split())} (the book: {weak.source})" in text
    assert "Medium-High" in text and "Low-Medium" in text  # scores with their bands
    assert "Central IT still staffs data work by project." in text  # notes
    assert "Ana" in text and "Ben" in text and "settled" in text  # the pair's spread, agreed
    assert "Gaps to target" in text and "4 now, target 5. High in meshtui's guide" in text
    assert "Changes since Q2 check" in text and "up +1" in text


# ---------------------------------------------------------------------------
# Hostile text


def hostile_session() -> Session:
    session = build_session(
        HOSTILE_NAME,
        [3, 2, 3, 3, 3, 3, 3, 3],
        {"organizational_complexity": HOSTILE_NOTE, "early_adopter": "a\nb ]]> c"},
        organization=HOSTILE_ORG,
        participants=[HOSTILE_NAME, HOSTILE_PERSON],
    )
    session.set_rating("early_adopter", HOSTILE_NAME, 1)
    session.set_rating("early_adopter", HOSTILE_PERSON, 4)
    return session


@pytest.mark.parametrize("fmt", ["svg", "html"])
def test_hostile_text_is_escaped_and_shown_literally(content: Content, fmt: Format) -> None:
    output = render(session_report(hostile_session(), content), fmt)
    for raw in ("<script", "<img", "]]>", "<![CDATA[", *RAW_CONTROLS):
        assert raw not in output, raw
    if fmt == "svg":
        root = ElementTree.fromstring(output.encode("utf-8"))
        shown = " ".join(" ".join(element.itertext()) for element in root.iter())
    else:
        parsed = parse_html(output)
        assert not [a for a, _ in parsed.attributes if a.startswith("on")]
        assert parsed.tags.count("script") == parsed.tags.count("img") == 0
        shown = " ".join(parsed.text)
        assert HOSTILE_NOTE in shown
    # Names show as typed, control characters as \xNN (the SVG has no organization).
    assert HOSTILE_NAME in shown
    assert "Bo\\x1b[2J\\x00 ]]>" in shown
    if fmt == "html":
        assert "]]> & <![CDATA[ \\x1b[31mred\\x07 \\x00 end" in " ".join(shown.split())


def test_hostile_text_in_a_rollup_and_a_history(content: Content) -> None:
    sessions = [hostile_session(), build_session("Ok", [3] * 8, organization=HOSTILE_ORG)]
    skipped = ((HOSTILE_NAME + ".toml", HOSTILE_NOTE),)
    reports = [
        rollup_report(rollup(sessions, HOSTILE_NAME), content, skipped),
        history_report(history_for(sessions, None, None), content, skipped),
        comparison_report(sessions[0], sessions[1], content),
    ]
    for report in reports:
        for fmt in ("svg", "html"):
            output = render(report, fmt)
            for raw in ("<script", "<img", "]]>", *RAW_CONTROLS):
                assert raw not in output, (report.kind, fmt, raw)
            if fmt == "html":
                assert HOSTILE_NAME in " ".join(parse_html(output).text)
            else:
                ElementTree.fromstring(output.encode("utf-8"))


# ---------------------------------------------------------------------------
# Text, Markdown and plain text


def test_text_and_markdown_put_the_verdict_first(content: Content) -> None:
    report = REPORTS["pairing"](content)
    for fmt in ("text", "markdown", "plain"):
        out = render(report, fmt)
        verdict = out.index("Verdict: Not yet")
        assert verdict < out.index("Scores") < out.index("Changes since")
        if fmt != "plain":
            assert out.index("Changes since") < out.index("Radar")


def test_markdown_escapes_only_what_commonmark_needs(content: Content) -> None:
    session = build_session(
        "Q3 (draft) 40+ teams",
        [3] * 8,
        {"early_adopter": "We (mostly) want 40+ domains - really! #1 {x}"},
    )
    markdown = render(session_report(session, content), "markdown")
    assert "# Q3 (draft) 40+ teams\n" in markdown
    assert "We (mostly) want 40+ domains - really! #1 {x}" in markdown
    assert "\\(" not in markdown and "\\+" not in markdown and "\\!" not in markdown


BOX_DRAWING = re.compile("[\u2500-\u259f\u2800-\u28ff]")


def test_plain_text_has_no_escape_codes_box_drawing_or_chart(content: Content) -> None:
    earlier, later = pairing_sessions()
    out = render(session_report(later, content, against=earlier), "plain", braille=True)
    assert "\x1b" not in out
    assert not BOX_DRAWING.search(out)
    assert ":::" not in out and "..." not in out and "->" not in out
    assert "Radar" not in out
    assert (
        "Data-oriented strategy: score 4, band Medium-High, Ana 3, Ben 5, target 5, settled." in out
    )
    assert "Changes since Q2 check" in out and "Verdict: Not yet, then Not yet" in out
    lines = out.splitlines()
    assert lines[0] == "Q3 pair check"
    assert lines.index("Verdict: Not yet.") < lines.index("Scores")


# ---------------------------------------------------------------------------
# The two voices


def _folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", ["text", "plain", "markdown", "html"])
def test_every_format_credits_each_voice(content: Content, fmt: Format) -> None:
    """Not yet, with a gap to a target: each passage ends with whose words it is."""
    session = build_session("Voices", [1, 5, 5, 5, 2, 5, 5, 3])
    session.set_target("long_term_commitment", 5)
    rendered = render(session_report(session, content), fmt, width=200)
    text = _folded(" ".join(parse_html(rendered).text) if fmt == "html" else rendered)
    complexity, adopter = content.by_id("organizational_complexity"), content.by_id("early_adopter")
    gap = target_gap_text(content.by_id("long_term_commitment"), 3, 5)
    for passage in (
        content.passage("not_yet_next"),
        content.passage("primary_warning"),
        complexity.passage("guidance"),
        adopter.passage("guidance"),
        content.passage("late_adopter_next"),
        content.passage("rule"),
        content.passage("mapping"),
        content.passage("now_note"),
        content.passage("now_advice"),
        gap,
    ):
        credit = f"(the book: {passage.source})" if passage.voice.is_book else "(meshtui)"
        assert f"{_folded(passage.text)} {credit}" in text, (fmt, passage.text[:40])
    assert "Verdict: Not yet" in text
    assert "coloured" not in text


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_books_questions_head_html_and_markdown(content: Content, fmt: Format) -> None:
    for report in (
        session_report(plain_session(), content),
        rollup_report(rollup([plain_session()], name="Teams"), content),
    ):
        rendered = render(report, fmt)
        text = _folded(" ".join(parse_html(rendered).text) if fmt == "html" else rendered)
        intro = content.passage("introduction")
        said = f"{_folded(intro.text)} (the book: {intro.source})"
        assert text.count(said) == 1
        assert text.index(said) < text.index("Verdict:")


@pytest.mark.parametrize("fmt", ["text", "plain"])
def test_terminal_and_plain_reports_leave_the_introduction_out(
    content: Content, fmt: Format
) -> None:
    rendered = _folded(render(session_report(plain_session(), content), fmt, width=200))
    assert _folded(content.introduction) not in rendered
