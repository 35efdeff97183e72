"""The shipped content: the eight criteria of Figure 15-1 and the example session.

Our users know the book, so these tests guard faithfulness where a test can:
ids, titles and order; every quote verbatim in the book's text; no long
unmarked copying outside the quote; plain ASCII for plain terminals.
"""

from __future__ import annotations

import copy
import re
import string
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from meshtui.content import (
    Content,
    ContentError,
    assets_dir,
    example_session_path,
    load_content,
    parse_content,
)

# The chapter's readiness section, kept beside the clone (../shared/ in CI).
SEED = (Path(__file__).parent / "../../../shared/seed/data-mesh-ch15-readiness.txt").resolve()

EXPECTED = [
    ("organizational_complexity", "Organizational complexity", "Org complexity"),
    ("data_oriented_strategy", "Data-oriented strategy", "Data strategy"),
    ("executive_support", "Executive support", "Exec support"),
    ("data_technology_at_core", "Data technology at core", "Data tech core"),
    ("early_adopter", "Early adopter", "Early adopter"),
    ("modern_engineering", "Modern engineering", "Modern eng."),
    ("domain_oriented_organization", "Domain-oriented organization", "Domain-aligned"),
    ("long_term_commitment", "Long-term commitment", "Long-term"),
]

CRITERION_TEXT_FIELDS = (
    "title",
    "axis_label",
    "explanation",
    "quote",
    "quote_source",
    "low",
    "medium",
    "high",
    "guidance",
)
TOP_TEXT_FIELDS = ("introduction", "now_caveat", "verdict_rule", "primary_warning")

PRINTABLE = set(string.printable) - set("\t\r\x0b\x0c")


def words(text: str) -> list[str]:
    return text.split()


def normalise(text: str) -> str:
    """Fold curly quotes and dashes to ASCII, drop markdown emphasis, squash whitespace."""
    for curly, plain in (
        ("\u2018", "'"),
        ("\u2019", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u2014", "-"),
        ("\u2013", "-"),
    ):
        text = text.replace(curly, plain)
    text = text.replace("--", "-").replace("*", "")
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return tomllib.loads((assets_dir() / "criteria.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed text not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Structure


def test_ids_titles_axis_labels_and_order(content: Content) -> None:
    got = [(c.id, c.title, c.axis_label) for c in content.criteria]
    assert got == EXPECTED


def test_letters_are_a_to_h(content: Content) -> None:
    assert [c.letter for c in content.criteria] == list("ABCDEFGH")


def test_axis_labels_short_and_unique(content: Content) -> None:
    labels = content.axis_labels
    assert all(len(label) <= 14 for label in labels)
    assert len(set(labels)) == len(labels)


def test_every_criterion_has_every_field(raw: dict[str, Any]) -> None:
    for table in raw["criteria"]:
        for key in (*CRITERION_TEXT_FIELDS, "id", "questions"):
            assert key in table, f"{table.get('id')}: missing {key}"
            assert table[key], f"{table.get('id')}: empty {key}"


def test_by_id_finds_each_criterion(content: Content) -> None:
    for cid, title, _ in EXPECTED:
        assert content.by_id(cid).title == title


# ---------------------------------------------------------------------------
# Lengths and shapes


@pytest.mark.parametrize("index", range(8))
def test_explanation_length(content: Content, index: int) -> None:
    criterion = content.criteria[index]
    assert 80 <= len(words(criterion.explanation)) <= 200, criterion.id


@pytest.mark.parametrize("index", range(8))
def test_anchors_and_guidance_are_substantial(content: Content, index: int) -> None:
    criterion = content.criteria[index]
    for field in ("low", "medium", "high", "guidance"):
        assert len(words(getattr(criterion, field))) >= 8, f"{criterion.id}.{field}"
    assert criterion.anchor(1) == criterion.low
    assert criterion.anchor(3) == criterion.medium
    assert criterion.anchor(5) == criterion.high
    assert criterion.anchor(2) == criterion.anchor(4) == ""


@pytest.mark.parametrize("index", range(8))
def test_questions(content: Content, index: int) -> None:
    criterion = content.criteria[index]
    assert 2 <= len(criterion.questions) <= 4, criterion.id
    for question in criterion.questions:
        assert question.endswith("?"), question
        assert len(words(question)) >= 5, question


@pytest.mark.parametrize("index", range(8))
def test_quote_is_short_and_sourced(content: Content, index: int) -> None:
    criterion = content.criteria[index]
    assert 5 <= len(words(criterion.quote)) <= 30, criterion.id
    assert criterion.quote_source == (
        "Dehghani, Data Mesh (O'Reilly, 2022), ch. 15, Figure 15-1 criteria: " + criterion.title
    )


def test_top_level_texts_are_substantial(content: Content) -> None:
    assert 60 <= len(words(content.introduction)) <= 130
    for key in ("now_caveat", "verdict_rule", "primary_warning"):
        assert len(words(getattr(content, key))) >= 30, key


def test_now_caveat_explains_the_books_now(content: Content) -> None:
    caveat = content.now_caveat.lower()
    assert '"now"' in caveat
    assert "publication" in caveat or "published" in caveat
    assert "2022" in caveat
    assert "early stage of maturity" in caveat or "early state of maturity" in caveat


def test_verdict_rule_states_book_rule_and_mapping(content: Content) -> None:
    rule = content.verdict_rule.lower()
    assert "medium or high" in rule
    assert "spider graph" in rule
    assert "3 or more" in rule
    assert "all eight" in rule


def test_primary_warning_names_the_primary_criteria(content: Content) -> None:
    warning = content.primary_warning.lower()
    assert "primary" in warning
    assert "much value" in warning
    assert "proliferation of data sources" in warning


def test_introduction_asks_the_books_two_questions(content: Content) -> None:
    intro = content.introduction.lower()
    assert "right choice for my organization" in intro
    assert "right choice now" in intro


# ---------------------------------------------------------------------------
# Faithfulness to the book's text


def _all_texts(content: Content) -> list[tuple[str, str]]:
    texts = [(key, getattr(content, key)) for key in TOP_TEXT_FIELDS]
    for c in content.criteria:
        texts += [(f"{c.id}.{f}", getattr(c, f)) for f in CRITERION_TEXT_FIELDS]
        texts += [(f"{c.id}.questions[{i}]", q) for i, q in enumerate(c.questions)]
    return texts


def test_quotes_are_verbatim_in_the_seed(content: Content, seed_text: str) -> None:
    seed = normalise(seed_text)
    for criterion in content.criteria:
        assert normalise(criterion.quote) in seed, f"{criterion.id}: quote not verbatim"


def test_no_long_unmarked_copying_outside_quotes(content: Content, seed_text: str) -> None:
    """Explanations and the rest are in our own words: no 12-word run copied from the book."""
    run = 12

    def tokens(text: str) -> list[str]:
        return re.findall(r"[a-z0-9'-]+", normalise(text).lower())

    seed_tokens = tokens(seed_text)
    seed_runs = {tuple(seed_tokens[i : i + run]) for i in range(len(seed_tokens) - run + 1)}
    for where, text in _all_texts(content):
        if where.endswith((".quote", ".quote_source")):
            continue
        toks = tokens(text)
        for i in range(len(toks) - run + 1):
            chunk = tuple(toks[i : i + run])
            assert chunk not in seed_runs, f"{where}: copied from the book: {' '.join(chunk)}"


def test_all_text_is_printable_ascii(content: Content) -> None:
    for where, text in _all_texts(content):
        bad = sorted({ch for ch in text if ch != "\n" and ch not in PRINTABLE})
        assert not bad, f"{where}: non-ASCII or control characters {bad!r}"


def test_content_file_is_ascii() -> None:
    data = (assets_dir() / "criteria.toml").read_bytes()
    assert data.isascii()


# ---------------------------------------------------------------------------
# parse_content rejects malformed content


def _mutated(raw: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(raw)


def test_parse_content_accepts_the_shipped_file(raw: dict[str, Any]) -> None:
    assert len(parse_content(_mutated(raw)).criteria) == 8


@pytest.mark.parametrize("key", [*CRITERION_TEXT_FIELDS, "questions"])
def test_parse_content_rejects_a_missing_criterion_field(raw: dict[str, Any], key: str) -> None:
    data = _mutated(raw)
    del data["criteria"][3][key]
    with pytest.raises(ContentError):
        parse_content(data)


@pytest.mark.parametrize("key", TOP_TEXT_FIELDS)
def test_parse_content_rejects_a_missing_top_level_field(raw: dict[str, Any], key: str) -> None:
    data = _mutated(raw)
    del data[key]
    with pytest.raises(ContentError):
        parse_content(data)


@pytest.mark.parametrize("value", ["", "   \n  "])
def test_parse_content_rejects_an_empty_string(raw: dict[str, Any], value: str) -> None:
    data = _mutated(raw)
    data["criteria"][0]["explanation"] = value
    with pytest.raises(ContentError):
        parse_content(data)
    data = _mutated(raw)
    data["verdict_rule"] = value
    with pytest.raises(ContentError):
        parse_content(data)


def test_parse_content_rejects_a_wrong_order(raw: dict[str, Any]) -> None:
    data = _mutated(raw)
    data["criteria"][0], data["criteria"][1] = data["criteria"][1], data["criteria"][0]
    with pytest.raises(ContentError):
        parse_content(data)


def test_parse_content_rejects_a_missing_criterion(raw: dict[str, Any]) -> None:
    data = _mutated(raw)
    del data["criteria"][-1]
    with pytest.raises(ContentError):
        parse_content(data)


def test_parse_content_rejects_a_long_axis_label(raw: dict[str, Any]) -> None:
    data = _mutated(raw)
    data["criteria"][2]["axis_label"] = "X" * 15
    with pytest.raises(ContentError):
        parse_content(data)


def test_parse_content_rejects_non_string_questions(raw: dict[str, Any]) -> None:
    data = _mutated(raw)
    data["criteria"][4]["questions"] = ["Is this fine?", 42]
    with pytest.raises(ContentError):
        parse_content(data)


def test_load_content_reports_bad_toml(tmp_path: Path) -> None:
    path = tmp_path / "criteria.toml"
    path.write_text('introduction = "unterminated\n', encoding="utf-8")
    with pytest.raises(ContentError):
        load_content(path)


# ---------------------------------------------------------------------------
# The example session


def test_example_session_is_complete() -> None:
    path = example_session_path()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert path.read_bytes().isascii()
    assert data["version"] == 1
    assert data["organization"] == "Daff, Inc."
    assert data["name"]
    assert len(data["participants"]) == 2
    assert all(isinstance(p, str) and p for p in data["participants"])
    assert isinstance(data["created"], datetime)
    assert isinstance(data["updated"], datetime)
    assert data["created"] <= data["updated"]
    answers = data["answers"]
    assert set(answers) == {cid for cid, _, _ in EXPECTED}
    for cid, answer in answers.items():
        score = answer["score"]
        assert type(score) is int, cid
        assert 1 <= score <= 5, cid
        assert isinstance(answer.get("note", ""), str)


def test_example_session_is_ready_but_not_perfect() -> None:
    data = tomllib.loads(example_session_path().read_text(encoding="utf-8"))
    scores = [data["answers"][cid]["score"] for cid, _, _ in EXPECTED]
    assert min(scores) >= 3
    assert max(scores) == 5
    assert 3 in scores
