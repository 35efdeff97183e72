"""The assessment's text: the eight criteria of Figure 15-1 and the verdict rule.

The text lives in ``assets/criteria.toml``. In a wheel it is installed as
``meshtui/assets/``; in a source checkout (or an editable install) it is the
top-level ``assets/`` folder. Either way it is found from this file's
location, never from the current directory.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from meshtui.model import CRITERION_IDS

AXIS_LABEL_MAX = 14


class ContentError(Exception):
    """The content file is missing or malformed (a packaging bug, not a user error)."""


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    #: Short label for the radar, at most 14 characters.
    axis_label: str
    #: A-H, the fallback label when the radar has no room for names.
    letter: str
    explanation: str
    quote: str
    quote_source: str
    low: str
    medium: str
    high: str
    questions: tuple[str, ...]
    #: What the book says a score below Medium means.
    guidance: str

    def anchor(self, score: int) -> str:
        """The anchor text for 1 (Low), 3 (Medium) or 5 (High); empty for 2 and 4."""
        return {1: self.low, 3: self.medium, 5: self.high}.get(score, "")


@dataclass(frozen=True)
class Content:
    introduction: str
    #: The footnote's caveat: "now" is the book's early-maturity moment.
    now_caveat: str
    verdict_rule: str
    #: Said whenever organizational complexity is below Medium.
    primary_warning: str
    criteria: tuple[Criterion, ...]

    def by_id(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    @property
    def axis_labels(self) -> list[str]:
        return [c.axis_label for c in self.criteria]


def assets_dir() -> Path:
    """The folder holding criteria.toml and examples/, installed or in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "assets", here.parent / "assets"):
        if (candidate / "criteria.toml").is_file():
            return candidate
    raise ContentError(f"meshtui's content files are missing (looked in {here / 'assets'})")


def example_session_path() -> Path:
    """The shipped example session for the book's own company, Daff, Inc."""
    return assets_dir() / "examples" / "daff-inc.toml"


_CRITERION_TEXT_FIELDS = (
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
_TOP_TEXT_FIELDS = ("introduction", "now_caveat", "verdict_rule", "primary_warning")


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def parse_content(data: dict[str, Any]) -> Content:
    """Build Content from the parsed TOML, checking every field."""
    top = {key: _text(data, key, "criteria.toml") for key in _TOP_TEXT_FIELDS}
    raw_criteria = data.get("criteria")
    if not isinstance(raw_criteria, list):
        raise ContentError("criteria.toml: expected [[criteria]] tables")
    ids = [c.get("id") if isinstance(c, dict) else None for c in raw_criteria]
    if ids != list(CRITERION_IDS):
        raise ContentError(f"criteria.toml: criteria must be {list(CRITERION_IDS)}, got {ids}")
    criteria = []
    for index, raw in enumerate(raw_criteria):
        where = f"criteria.toml [{raw['id']}]"
        fields = {key: _text(raw, key, where) for key in _CRITERION_TEXT_FIELDS}
        if len(fields["axis_label"]) > AXIS_LABEL_MAX:
            raise ContentError(f"{where}: axis_label longer than {AXIS_LABEL_MAX} characters")
        questions = raw.get("questions")
        if not isinstance(questions, list) or not all(
            isinstance(q, str) and q.strip() for q in questions
        ):
            raise ContentError(f"{where}: 'questions' must be a list of strings")
        criteria.append(
            Criterion(
                id=raw["id"],
                letter="ABCDEFGH"[index],
                questions=tuple(q.strip() for q in questions),
                **fields,
            )
        )
    return Content(criteria=tuple(criteria), **top)


def load_content(path: Path | None = None) -> Content:
    """Load and check the content file (the shipped one unless ``path`` is given)."""
    if path is None:
        return _shipped_content()
    return _load(path)


@cache
def _shipped_content() -> Content:
    return _load(assets_dir() / "criteria.toml")


def _load(path: Path) -> Content:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path}: {exc}") from exc
    return parse_content(data)
