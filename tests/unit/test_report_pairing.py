"""Reports for pairing and re-assessment (issue 4): ratings, "discuss", targets and gaps,
carried answers, changes against an earlier session, and the CSV export."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest

from meshtui.content import Content, load_content, target_gap_text
from meshtui.model import CRITERION_IDS, Session, carry_over
from meshtui.reports import Format, render, rich_renderables, scores_table, session_report
from meshtui.reports.build import (
    CHANGE_WORDS,
    against_data,
    change_label,
    change_marking,
    comparison_data,
    gaps_for,
)
from meshtui.reports.data import CSV_COLUMNS, csv_cell
from meshtui.reports.data import csv_text as to_csv
from meshtui.reports.svg import SVG_NAMESPACE

HOSTILE = "[bold]x[/] \x1b[31mred\x07"
ESCAPES = ("\x1b", "\x07", "\x9b")
CREATED = datetime(2026, 8, 11, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def make(
    name: str = "Q3",
    scores: list[int | None] | None = None,
    *,
    participants: list[str] | None = None,
    organization: str = "Daff, Inc.",
) -> Session:
    session = Session(
        name=name,
        created=CREATED,
        updated=CREATED,
        organization=organization,
        participants=participants or [],
    )
    for criterion_id, score in zip(CRITERION_IDS, scores or [None] * 8, strict=True):
        session.set_score(criterion_id, score)
    return session


def paired() -> Session:
    """Two people: they agree everywhere except early adopter (2 vs 4, settled at 3)."""
    session = make("Pair", [4, 4, 4, 4, 3, 4, 3, 3], participants=["Mira", "Tobi"])
    for criterion_id, score in zip(CRITERION_IDS, session.scores(), strict=True):
        assert score is not None
        session.set_rating(criterion_id, "Mira", score)
        session.set_rating(criterion_id, "Tobi", score)
    session.set_rating("early_adopter", "Mira", 2)
    session.set_rating("early_adopter", "Tobi", 4)
    session.set_rating("executive_support", "Tobi", 3)  # 1 apart: no "discuss"
    session.set_score("early_adopter", 3)
    session.set_score("executive_support", 4)
    return session


def with_targets() -> Session:
    session = make("Targets", [4, 5, 4, 5, 4, 4, 3, 3])
    for criterion_id, target in {
        "data_oriented_strategy": 5,  # met
        "modern_engineering": 5,  # gap 1
        "domain_oriented_organization": 4,  # gap 1
        "long_term_commitment": 5,  # gap 2
    }.items():
        session.set_target(criterion_id, target)
    return session


def to_json(session: Session, content: Content, *, against: Session | None = None) -> str:
    return render(session_report(session, content, against=against), "json")


def to_markdown(session: Session, content: Content, *, against: Session | None = None) -> str:
    return render(session_report(session, content, against=against), "markdown")


def text_report(
    session: Session, content: Content, *, against: Session | None = None, width: int = 200
) -> str:
    return render(session_report(session, content, against=against), "text", width=width)


def scores_text(session: Session, content: Content, width: int = 200) -> str:
    """The scores table alone, as the terminal (and the app's summary) shows it."""
    from meshtui.reports.terminal import print_to_string

    return print_to_string(rich_renderables([scores_table(session, content)]), width=width)


def table_rows(markdown: str) -> list[list[str]]:
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            parts = re.split(r"(?<!\\)\|", line)
            rows.append([part.strip() for part in parts[1:-1]])
    return rows


# ---------------------------------------------------------------------------
# Ratings and "discuss"


def test_scores_table_shows_each_persons_rating_and_flags_settled(content: Content) -> None:
    text = scores_text(paired(), content)
    header = text.splitlines()[0]
    assert "Mira" in header and "Tobi" in header
    # In the text table the flags lead the note (no column of their own, to fit 80 columns).
    assert "Flags" not in header
    early = next(line for line in text.splitlines() if "Early adopter" in line)
    # 2 apart, but a score was agreed: settled, no longer "discuss".
    assert re.search(r"\b3\b.*\b2\b.*\b4\b.*settled", early), early
    assert "discuss" not in early
    executive = next(line for line in text.splitlines() if "Executive support" in line)
    assert "discuss" not in executive and "settled" not in executive


def test_ratings_apart_with_no_agreed_score_are_to_discuss(content: Content) -> None:
    session = paired()
    session.set_score("early_adopter", None)
    rows = table_rows(to_markdown(session, content))
    assert rows[2 + 4][2:7] == ["-", "unanswered", "**2**", "**4**", "**discuss**"]
    assert "## To discuss" in to_markdown(session, content)
    assert json.loads(to_json(session, content))["criteria"][4]["discuss"] is True


def test_a_plain_session_has_the_plain_columns(content: Content) -> None:
    header = scores_text(make(scores=[3] * 8), content).splitlines()[0]
    assert header.split() == ["#", "┃", "Criterion", "┃", "Score", "┃", "Band", "┃", "Note"]


def test_many_raters_share_one_ratings_column(content: Content) -> None:
    people = ["Ann", "Bo", "Cy", "Di", "Ed"]
    session = make(scores=[3] * 8, participants=people)
    for rating, person in enumerate(people, 1):
        session.set_rating("early_adopter", person, rating)
    markdown = to_markdown(session, content)
    rows = table_rows(markdown)
    assert rows[0] == ["#", "Criterion", "Score", "Band", "Ratings", "Flags", "Note"]
    assert rows[2 + 4][4] == "Ann 1, Bo 2, Cy 3, Di 4, Ed 5"
    assert rows[2 + 4][5] == "**settled**"  # 3 was agreed before they rated
    # More than two people: the radar shows their range, with a legend.
    assert "v lowest rating" in markdown and "^ highest rating" in markdown


def test_markdown_pairing(content: Content) -> None:
    markdown = to_markdown(paired(), content)
    rows = table_rows(markdown)
    assert rows[0] == ["#", "Criterion", "Score", "Band", "Mira", "Tobi", "Flags", "Note"]
    # 2 apart but settled: the ratings no longer stand out, the flag says settled.
    assert rows[2 + 4][2:7] == ["3", "Medium", "2", "4", "**settled**"]
    assert rows[2 + 2][2:7] == ["4", "Medium-High", "4", "3", ""]
    assert "To discuss" not in markdown
    block = markdown.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert block.splitlines()[-1].strip() == "O agreed  X Mira  # Tobi"


def test_json_pairing(content: Content) -> None:
    data = json.loads(to_json(paired(), content))
    assert list(data)[:5] == ["name", "organization", "criteria", "answered", "verdict"]
    assert data["participants"] == ["Mira", "Tobi"]
    early = data["criteria"][4]
    assert early["ratings"] == {"Mira": 2, "Tobi": 4}
    assert early["discuss"] is False and early["settled"] is True
    assert early["score"] == 3
    assert [c["settled"] for c in data["criteria"]] == [False] * 4 + [True] + [False] * 3
    assert all(c["target"] is None and c["carried"] is False for c in data["criteria"])
    assert data["gaps"] == []


def test_text_pairing(content: Content) -> None:
    text = text_report(paired(), content)
    assert "To discuss" not in text
    assert "settled" in text
    assert "O agreed" in text and "X Mira" in text and "# Tobi" in text


# ---------------------------------------------------------------------------
# Targets and gaps


def test_gaps_largest_first_with_guidance(content: Content) -> None:
    session = with_targets()
    gaps = gaps_for(session, content)
    assert [(g.criterion.id, g.gap) for g in gaps] == [
        ("long_term_commitment", 2),
        ("modern_engineering", 1),
        ("domain_oriented_organization", 1),
    ]
    commitment = content.by_id("long_term_commitment")
    gap_text = target_gap_text(commitment, 3, 5)
    data = json.loads(to_json(session, content))
    assert [g["id"] for g in data["gaps"]] == [g.criterion.id for g in gaps]
    assert data["gaps"][0] == {
        "id": "long_term_commitment",
        "title": "Long-term commitment",
        "score": 3,
        "target": 5,
        "gap": 2,
        "text": " ".join(gap_text.text.split()),
        "voice": "meshtui",
    }
    assert [c["target"] for c in data["criteria"]] == [None, 5, None, None, None, 5, 4, 5]
    markdown = to_markdown(session, content)
    section = markdown.split("## Gaps to target", 1)[1].split("\n## ", 1)[0]
    items = [line for line in section.splitlines() if line.startswith("- ")]
    assert [line.split("**")[1] for line in items] == [
        "Long-term commitment",
        "Modern engineering",
        "Domain-oriented organization",
    ]
    # meshtui's wording for the gap, credited to meshtui; never the below-Medium reason.
    assert items[0] == f"- **Long-term commitment**: {' '.join(gap_text.text.split())} (meshtui)"
    assert items[0].count("3 now, target 5") == 1
    assert " ".join(commitment.guidance.split()) not in markdown
    assert table_rows(markdown)[0][4] == "Target"
    text = " ".join(text_report(session, content, width=200).split())
    assert "Gaps to target (largest first)" in text
    assert "Long-term commitment: 3 now, target 5. High in meshtui's guide:" in text


def test_the_radar_draws_the_target_with_a_legend(content: Content) -> None:
    markdown = to_markdown(with_targets(), content)
    block = markdown.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert "*" in block
    assert block.splitlines()[-1].strip().endswith("* target")


def test_all_targets_met(content: Content) -> None:
    session = make(scores=[3] * 8)
    session.set_target("early_adopter", 3)
    assert gaps_for(session, content) == []
    assert "Every criterion with a target is at or above it." in to_markdown(session, content)


# ---------------------------------------------------------------------------
# Carried answers


def test_carried_answers_are_marked_in_every_format(content: Content) -> None:
    earlier = with_targets()
    later = carry_over(earlier, "Q4", CREATED, previous="q3.toml")
    later.set_score("early_adopter", 5)  # changed: no longer carried
    data = json.loads(to_json(later, content))
    carried = [c["carried"] for c in data["criteria"]]
    assert carried == [True] * 4 + [False] + [True] * 3
    assert data["previous"] == "q3.toml"
    markdown = to_markdown(later, content)
    rows = table_rows(markdown)
    flags = rows[0].index("Flags")
    assert [row[flags] for row in rows[2:]] == ["**carried**"] * 4 + [""] + ["**carried**"] * 3
    assert "**Carried over** from the previous session (q3.toml), not yet confirmed" in markdown
    text = scores_text(later, content)
    assert text.count("carried") == 7


def revealed_early() -> Session:
    """A blind trio: the facilitator revealed organizational complexity after Ana
    alone had rated, and data-oriented strategy likewise, after which Ben and Cy
    rated it too; executive support was never revealed early."""
    session = make("Blind", participants=["Ana", "Ben", "Cy"])
    session.blind = True
    first, second, third = CRITERION_IDS[:3]
    session.set_rating(first, "Ana", 2)
    assert session.reveal(first)
    session.set_rating(second, "Ana", 4)
    assert session.reveal(second)
    for person in ("Ana", "Ben", "Cy"):
        session.set_rating(second, person, 4)
        session.set_rating(third, person, 3)  # everyone rated: nothing revealed early
    return session


def early_reveal_lines(session: Session, content: Content, fmt: Format) -> list[str]:
    """A report's lines that tell of early reveals, tags and spacing flattened."""
    rendered = render(session_report(session, content), fmt, width=200)
    words = (" ".join(re.sub(r"<[^>]+>|\*\*", "", line).split()) for line in rendered.splitlines())
    return [line for line in words if "revealed early" in line]


@pytest.mark.parametrize("fmt", ["text", "markdown", "plain", "html", "svg"])
def test_early_reveals_name_who_had_not_rated_at_the_reveal(content: Content, fmt: Format) -> None:
    session = revealed_early()
    first, second, third = (c.title for c in content.criteria[:3])
    lines = early_reveal_lines(session, content, fmt)
    assert [line.lstrip("- ") for line in lines if ":" in line and "Blind" not in line] == [
        f"{first}: revealed early, before Ben and Cy rated",
        # Both have rated since: the report still says whom it was revealed before.
        f"{second}: revealed early, before Ben and Cy rated",
    ]
    assert not any(third in line for line in lines)


def test_early_reveals_in_json(content: Content) -> None:
    data = json.loads(to_json(revealed_early(), content))
    assert data["blind"] is True
    criteria = data["criteria"]
    assert [c["revealed_early"] for c in criteria] == [True, True] + [False] * 6
    assert [c["revealed_before"] for c in criteria[:3]] == [["Ben", "Cy"], ["Ben", "Cy"], []]
    assert "Rating: blind" in text_report(revealed_early(), content)


def test_an_early_reveal_in_an_older_file_says_what_it_can(content: Content) -> None:
    """Written before meshtui recorded who had not rated: only that it happened,
    and who has still not rated, never a guess at who had not then."""
    session = revealed_early()
    first, second = CRITERION_IDS[:2]
    for criterion_id in (first, second):
        session.answers[criterion_id] = replace(session.answer(criterion_id), revealed_before=())
    titles = [c.title for c in content.criteria[:2]]
    for fmt in ("text", "markdown", "plain", "html", "svg"):
        lines = early_reveal_lines(session, content, fmt)
        assert [line.lstrip("- ") for line in lines if "Blind" not in line] == [
            f"{titles[0]}: revealed early, before everyone had rated (not rated yet: Ben and Cy)",
            f"{titles[1]}: revealed early, before everyone had rated",
        ], fmt
    data = json.loads(to_json(session, content))
    assert [c["revealed_before"] for c in data["criteria"][:3]] == [None, None, []]


def test_a_session_revealed_in_full_says_nothing_of_reveals(content: Content) -> None:
    session = paired()
    session.answers[CRITERION_IDS[0]].revealed = True  # not blind: a flag left over
    assert "revealed early" not in text_report(session, content)
    assert "Rating: blind" not in text_report(session, content)
    assert json.loads(to_json(session, content))["criteria"][0]["revealed_early"] is False


# ---------------------------------------------------------------------------
# Changes against an earlier session


def test_change_marking() -> None:
    assert change_marking(2, 4) == ("up", 2)
    assert change_marking(4, 3) == ("down", -1)
    assert change_marking(3, 3) == ("unchanged", 0)
    assert change_marking(None, 3) == ("n/a", None)
    assert change_marking(3, None) == ("n/a", None)
    assert [change_label(2, 4), change_label(4, 3), change_label(3, 3), change_label(None, 1)] == [
        "up +2",
        "down -1",
        "unchanged",
        "n/a",
    ]


def test_against_in_json_markdown_and_text(content: Content) -> None:
    before = make("Q2", [4, 5, 4, 5, 3, 4, 2, None])
    after = make("Q3", [4, 5, 4, 5, 4, 3, 3, 3])
    data = json.loads(to_json(after, content, against=before))
    against = data["against"]
    assert against["name"] == "Q2"
    assert [c["id"] for c in against["criteria"]] == list(CRITERION_IDS)
    assert {key for c in against["criteria"] for key in c} >= {"id", "before", "after", "change"}
    assert [c["change"] for c in against["criteria"]] == [
        "unchanged",
        "unchanged",
        "unchanged",
        "unchanged",
        "up",
        "down",
        "up",
        "n/a",
    ]
    assert against["criteria"][4] == {
        "id": "early_adopter",
        "before": 3,
        "after": 4,
        "change": "up",
        "delta": 1,
    }
    assert "against" not in json.loads(to_json(after, content))
    markdown = to_markdown(after, content, against=before)
    section = markdown.split("## Changes since Q2", 1)[1]
    rows = table_rows(section)
    assert rows[0] == ["#", "Criterion", "Before", "After", "Change"]
    assert rows[2 + 4][2:] == ["3", "4", "up +1"]
    assert rows[2 + 5][2:] == ["4", "3", "down -1"]
    assert rows[2 + 7][2:] == ["-", "3", "n/a"]
    assert "Verdict: Incomplete -> Best positioned" in section
    block = markdown.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert "X before (Q2)" in block.splitlines()[-1]
    text = text_report(after, content, against=before, width=200)
    assert "Changes since Q2" in text and "up +1" in text and "down -1" in text


def test_compare_and_against_mark_changes_the_same_way(content: Content) -> None:
    before = make("Q2", [1, 3, 5, None, 2, 2, 3, 4])
    after = make("Q3", [3, 3, 4, 2, None, 2, 5, 4])
    compared = comparison_data(before, after, content)["criteria"]
    against = against_data(after, before, content)["criteria"]
    assert [c["direction"] for c in compared] == [c["change"] for c in against]
    assert {c["direction"] for c in compared} <= set(CHANGE_WORDS)


# ---------------------------------------------------------------------------
# Literal text in the new places


def test_hostile_participant_names_stay_literal(content: Content) -> None:
    session = make(HOSTILE, [3] * 8, participants=[HOSTILE, "Bo"], organization=HOSTILE)
    session.set_rating("early_adopter", HOSTILE, 1)
    session.set_rating("early_adopter", "Bo", 5)
    session.set_score("early_adopter", 3)
    text = text_report(session, content, width=250)
    markdown = to_markdown(session, content)
    raw_json = to_json(session, content)
    for output in (text, markdown, raw_json):
        for char in ESCAPES:
            assert char not in output
    assert "[bold]x[/] \\x1b[31mred\\x07" in text
    assert "\\[bold]x\\[/]" in markdown
    assert json.loads(raw_json)["criteria"][4]["ratings"] == {HOSTILE: 1, "Bo": 5}
    fences = [line for line in markdown.splitlines() if line.startswith("```")]
    assert fences == ["```text", "```"]


# ---------------------------------------------------------------------------
# CSV


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_header_and_one_row_per_session_and_criterion() -> None:
    first = with_targets()
    second = make("Other", [1, None, 3, 3, 3, 3, 3, 3], organization="Acme")
    rows = read_csv(to_csv([first, second]))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0] == [
        "session",
        "organization",
        "date",
        "criterion",
        "score",
        "band",
        "note",
        "target",
    ]
    assert len(rows) == 1 + 16
    assert [row[3] for row in rows[1:9]] == list(CRITERION_IDS)
    assert rows[1] == [
        "Targets",
        "Daff, Inc.",
        "2026-08-11",
        CRITERION_IDS[0],
        "4",
        "medium-high",
        "",
        "",
    ]
    assert rows[8][4:] == ["3", "medium", "", "5"]
    assert rows[10] == ["Other", "Acme", "2026-08-11", "data_oriented_strategy", "", "", "", ""]


@pytest.mark.parametrize(
    "note",
    [
        'Two sources, "maybe" three, and a comma',
        "line one\nline two\n\nline four",
        'quotes "" doubled, commas ,,, and a trailing newline\n',
        "tab\tinside",
        "unicode: Zoë, 東京, 🎧",
        "",
    ],
)
def test_csv_notes_round_trip(note: str) -> None:
    session = make(scores=[3] * 8)
    session.set_note("early_adopter", note)
    rows = read_csv(to_csv([session]))
    assert rows[5][6] == note


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1 from both of us", "'+1 from both of us"),
        ("-2 since Q1", "'-2 since Q1"),
        ("@channel said so", "'@channel said so"),
        ("\tindented", "'\tindented"),
        ("a = b is fine inside", "a = b is fine inside"),
        ("esc \x1b[2J and bell \x07", "esc \\x1b[2J and bell \\x07"),
        ("windows\r\nline", "windows\nline"),
    ],
)
def test_csv_neutralises_formulas_and_control_characters(text: str, written: str) -> None:
    assert csv_cell(text) == written
    session = make(text or "x", [3] * 8, organization=text)
    session.set_note("organizational_complexity", text)
    output = to_csv([session])
    for char in ESCAPES:
        assert char not in output
    row = read_csv(output)[1]
    assert row[0] == written and row[1] == written and row[6] == written


def test_the_pairing_table_fits_80_columns(content: Content) -> None:
    session = paired()
    session.set_target("long_term_commitment", 5)
    note = "A long note that has to wrap inside the table and must end with SENTINEL."
    for criterion_id in CRITERION_IDS:
        session.set_note(criterion_id, note)
    text = scores_text(session, content, width=80)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert text.count("SENTINEL.") == 8  # nothing cropped at the right edge
    assert "settled" in text and "Target" in text


def test_a_hostile_name_revealed_before_stays_literal_under_the_svg_chart(
    content: Content,
) -> None:
    session = make("Blind", participants=["Bo", HOSTILE])
    session.blind = True
    session.set_rating(CRITERION_IDS[0], "Bo", 2)
    assert session.reveal(CRITERION_IDS[0])
    svg = render(session_report(session, content), "svg")
    root = ElementTree.fromstring(svg.encode("utf-8"))
    lines = ["".join(text.itertext()) for text in root.iter(f"{{{SVG_NAMESPACE}}}text")]
    assert (
        "Organizational complexity: revealed early, before [bold]x[/] \\x1b[31mred\\x07 rated"
        in lines
    )
    assert not any(char in svg for char in ESCAPES)
