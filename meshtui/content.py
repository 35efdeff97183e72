"""The assessment's text, in two voices: the book's and meshtui's.

The text lives in ``assets/criteria.toml``. In a wheel it is installed as
``meshtui/assets/``; in a source checkout (or an editable install) it is the
top-level ``assets/`` folder. Either way it is found from this file's
location, never from the current directory.

Every text carries its voice (:class:`Voice`): the book's, as a paraphrase
with its source or as a verbatim quotation, or meshtui's own. Whatever shows
a text shows whose it is; :class:`Passage` carries text, voice and source
together for renderers, and ``Passage.citation`` is the credit they show
(``the book: <source>`` or ``meshtui``).

Criterion fields (all ``str`` unless said):

- ``title``, ``axis_label`` (at most 14 characters), ``letter`` (A-H);
- ``explanation``: the book's reasoning, paraphrased (never restates the quote);
- ``quote``: one verbatim quotation; ``quote_source`` (= ``source``) cites it;
- ``question``: meshtui's one question to rate by;
- ``low``, ``medium``, ``high``: meshtui's guide to the levels (1, 3, 5);
- ``questions`` (tuple): meshtui's questions to discuss;
- ``guidance``: the book's reason, paraphrased, shown for a score below Medium.

Content fields: ``introduction`` (paraphrase: the book's two framing
questions), ``now_note`` (paraphrase) and ``now_advice`` (meshtui), joined as
``now_caveat``; ``rule`` (paraphrase) and ``mapping`` (meshtui), joined as
``verdict_rule``; ``primary_warning``, ``not_yet_next``, ``late_adopter_next``
(meshtui); ``ready_next`` (paraphrase).

The shipped file's parsed data is kept as JSON in the user's cache folder
(``$MESHTUI_CACHE_DIR`` overrides it) and used while the file is unchanged
(its length and CRC-32, and meshtui's version, must match); a cache that is
missing, damaged or cannot be written only means parsing the TOML again.

Functions for the screens and reports: :func:`next_steps` (what the verdict
says comes next), :func:`target_gap_text` (wording for a gap to a target),
:func:`about_text` (the help screen's text), :data:`STATUS_LABELS`, the
headings that label meshtui's voice on a criterion's screen, :data:`SOURCES`
and :data:`EXAMPLE_NOTICE`.
"""

from __future__ import annotations

import json
import tomllib
import zlib
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from meshtui import __version__
from meshtui.files import (
    FileProblem,
    ensure_private_dir,
    read_regular,
    user_folder,
    write_atomic,
)
from meshtui.model import CRITERION_IDS, Verdict, VerdictStatus, band_for

AXIS_LABEL_MAX = 14

#: The book, as every source names it.
BOOK = "Dehghani, Data Mesh (O'Reilly, 2022)"
#: The section every criterion comes from (the prose, not the figure's labels).
SECTION = 'ch. 15, "Should You Adopt Data Mesh Today?"'

#: Headings on a criterion's screen and in reports: whose voice follows.
BOOK_HEADING = "The book's view, in meshtui's words"
LEVELS_HEADING = "meshtui's guide to the levels"
QUESTIONS_HEADING = "meshtui's questions to discuss"
NEXT_HEADING = "What comes next"

#: What users see for each verdict status. "Best positioned" is the book's
#: own term; the book claims no more than that, and neither do we.
STATUS_LABELS: dict[VerdictStatus, str] = {
    "ready": "Best positioned",
    "not-yet": "Not yet",
    "incomplete": "Incomplete",
}

#: Shown wherever the shipped Daff, Inc. sessions are opened or printed.
EXAMPLE_NOTICE = "Example, read-only: Daff, Inc. is from the book, its answers are invented."

#: The scale, in meshtui's voice (the book names Low, Medium and High only).
SCALE = (
    "The descriptions of Low, Medium and High on each criterion's screen are "
    "meshtui's guide, not the book's: the book names the levels only as those of "
    "Figure 15-1."
)

#: What is the book's and what is ours (the help screen; the README says the same).
SOURCES = (
    "Sources. The book's: the eight criteria, their names and order, the rule of "
    "Figure 15-1, the two framing questions, and each criterion's text under "
    f'"{BOOK_HEADING}", from {BOOK}, {SECTION}; paraphrased, except one marked '
    "quotation per criterion with its source. meshtui's own: the 1-5 scale, the "
    "question and the guide to the levels, the questions to discuss, the wording "
    "for targets, every piece of advice, and the example's answers (Daff, Inc. is "
    "the book's hypothetical company; its sessions are invented)."
)


class ContentError(Exception):
    """The content file is missing or malformed (a packaging bug, not a user error)."""


class Voice(StrEnum):
    """Whose words a text is."""

    #: The book's content in our words, with its source.
    PARAPHRASE = "paraphrase"
    #: The book's own words, verbatim.
    QUOTATION = "quotation"
    #: meshtui's own: descriptions, questions, the scale, advice.
    MESHTUI = "meshtui"

    @property
    def is_book(self) -> bool:
        return self is not Voice.MESHTUI


# A NamedTuple, not a frozen dataclass: as immutable, and a fraction of the
# cost to define when the app starts (meshtui.radar says more).
class Passage(NamedTuple):
    """A text with its voice, for renderers that must show whose it is."""

    text: str
    voice: Voice
    #: Where in the book (full citation) for the book's voice; empty for meshtui's.
    source: str = ""
    #: The criterion this passage is about (its title), if any.
    about: str = ""

    @property
    def credit(self) -> str:
        """Whose words, in one short phrase: "the book" or "meshtui"."""
        return "the book" if self.voice.is_book else "meshtui"

    @property
    def citation(self) -> str:
        """The credit with the book's source: ``the book: <source>``, or ``meshtui``."""
        return f"{self.credit}: {self.source}" if self.source else self.credit


def flat(text: str) -> str:
    """A paragraph's text on one line (the TOML keeps reflowable lines)."""
    return " ".join(text.split())


class Criterion(NamedTuple):
    id: str
    title: str
    #: Short label for the radar, at most 14 characters.
    axis_label: str
    #: A-H, the fallback label when the radar has no room for names.
    letter: str
    explanation: str
    quote: str
    question: str
    low: str
    medium: str
    high: str
    questions: tuple[str, ...]
    #: The book's reason, paraphrased, why a score below Medium matters.
    guidance: str
    #: Each text field's voice, as (field, voice) pairs.
    voices: tuple[tuple[str, Voice], ...]

    @property
    def source(self) -> str:
        """Where in the book this criterion's paraphrase and quotation come from."""
        return f'{BOOK}, {SECTION}, under "{self.title}"'

    @property
    def quote_source(self) -> str:
        return self.source

    def voice(self, field: str) -> Voice:
        return dict(self.voices)[field]

    def passage(self, field: str) -> Passage:
        voice = self.voice(field)
        value = getattr(self, field)
        text = "\n".join(value) if isinstance(value, tuple) else value
        return Passage(text, voice, self.source if voice.is_book else "", self.title)

    def anchor(self, score: int) -> str:
        """meshtui's description for 1 (Low), 3 (Medium) or 5 (High); empty for 2 and 4."""
        return {1: self.low, 3: self.medium, 5: self.high}.get(score, "")


class Content(NamedTuple):
    #: The book's framing questions (paraphrase, quoting them).
    introduction: str
    #: The footnote on "now" (paraphrase) and meshtui's advice on it.
    now_note: str
    now_advice: str
    #: Figure 15-1's rule (paraphrase) and meshtui's 1-5 mapping of it.
    rule: str
    mapping: str
    #: Said whenever organizational complexity is below Medium (meshtui).
    primary_warning: str
    #: What comes next: ready (paraphrase), not yet and late adopter (meshtui).
    ready_next: str
    not_yet_next: str
    late_adopter_next: str
    criteria: tuple[Criterion, ...]
    #: Each top-level field's (field, voice, source) triple.
    voices: tuple[tuple[str, Voice, str], ...]

    @property
    def now_caveat(self) -> str:
        """The book's "now" and meshtui's advice on it, in that order."""
        return f"{self.now_note}\n\n{self.now_advice}"

    @property
    def verdict_rule(self) -> str:
        """The book's rule and meshtui's mapping of it, in that order."""
        return f"{self.rule}\n\n{self.mapping}"

    def passage(self, field: str) -> Passage:
        for name, voice, source in self.voices:
            if name == field:
                return Passage(getattr(self, field), voice, source)
        raise KeyError(field)

    def by_id(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    @property
    def axis_labels(self) -> list[str]:
        return [c.axis_label for c in self.criteria]


# ---------------------------------------------------------------------------
# What the screens and reports say


def next_steps(verdict: Verdict, content: Content) -> tuple[Passage, ...]:
    """What comes next after this verdict, each passage in its own voice.

    Best positioned: the book's next step (start small, grow iteratively).
    Not yet: meshtui's advice to work on the axes below Medium, the warning
    when the primary criterion is one of them, each such axis with the book's
    reason (``about`` names it), and, when early adopter is one, that waiting
    is a valid answer. Incomplete: the warning and the reasons for the axes
    answered so far, nothing about what comes next. Nothing is said twice.
    """
    if verdict.status == "ready":
        return (content.passage("ready_next"),)
    steps: list[Passage] = []
    if verdict.status == "not-yet":
        steps.append(content.passage("not_yet_next"))
    if verdict.primary_low:
        steps.append(content.passage("primary_warning"))
    steps += [content.by_id(cid).passage("guidance") for cid in verdict.below_medium]
    if verdict.status == "not-yet" and "early_adopter" in verdict.below_medium:
        steps.append(content.passage("late_adopter_next"))
    return tuple(steps)


def target_gap_text(criterion: Criterion, score: int, target: int) -> Passage:
    """meshtui's wording for a score below its target (never the below-Medium reason).

    It names the target level and quotes meshtui's own description of it; a
    target of 2 or 4, which has no description, points at the level above.
    """
    band = band_for(target).label
    if criterion.anchor(target):
        text = (
            f"{score} now, target {target}. {band} in meshtui's guide: "
            f"{flat(criterion.anchor(target))}"
        )
    else:
        upper = band_for(target + 1).label
        text = (
            f"{score} now, target {target} ({band}), part of the way to {upper}. "
            f"{upper} in meshtui's guide: {flat(criterion.anchor(target + 1))}"
        )
    return Passage(text, Voice.MESHTUI, "", criterion.title)


def about_text(content: Content) -> str:
    """The help screen's text: the book's questions, the scale, the rule, "now", sources.

    Paragraphs are separated by blank lines; each names whose voice it is.
    """
    book_intro = f"From the book ({SECTION}): {flat(content.introduction)}"
    paragraphs = [
        book_intro,
        SCALE,
        *(flat(text) for text in (content.rule, content.mapping)),
        *(flat(text) for text in (content.now_note, content.now_advice)),
        SOURCES,
    ]
    return "\n\n".join(paragraphs)


# ---------------------------------------------------------------------------
# Loading


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


_CRITERION_LABELS = ("title", "axis_label")
_CRITERION_TEXTS = ("explanation", "quote", "question", "low", "medium", "high", "guidance")
_TOP_TEXTS = (
    "introduction",
    "now_note",
    "now_advice",
    "rule",
    "mapping",
    "primary_warning",
    "ready_next",
    "not_yet_next",
    "late_adopter_next",
)


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _voiced(table: dict[str, Any], key: str, where: str) -> tuple[dict[str, Any], Voice]:
    """The sub-table for ``key`` and its declared voice."""
    entry = table.get(key)
    if not isinstance(entry, dict):
        raise ContentError(f"{where}: '{key}' must be a table with 'voice' and its text")
    try:
        voice = Voice(str(entry.get("voice")))
    except ValueError:
        raise ContentError(
            f"{where}: '{key}' needs voice = one of {[v.value for v in Voice]}"
        ) from None
    return entry, voice


def _parse_criterion(raw: dict[str, Any], index: int) -> Criterion:
    where = f"criteria.toml [{raw['id']}]"
    labels = {key: _text(raw, key, where) for key in _CRITERION_LABELS}
    if len(labels["axis_label"]) > AXIS_LABEL_MAX:
        raise ContentError(f"{where}: axis_label longer than {AXIS_LABEL_MAX} characters")
    texts: dict[str, str] = {}
    voices: list[tuple[str, Voice]] = []
    for key in _CRITERION_TEXTS:
        entry, voice = _voiced(raw, key, where)
        texts[key] = _text(entry, "text", f"{where} {key}")
        voices.append((key, voice))
    entry, voice = _voiced(raw, "questions", where)
    questions = entry.get("items")
    if not isinstance(questions, list) or not all(
        isinstance(q, str) and q.strip() for q in questions
    ):
        raise ContentError(f"{where}: 'questions.items' must be a list of strings")
    voices.append(("questions", voice))
    return Criterion(
        id=raw["id"],
        letter="ABCDEFGH"[index],
        questions=tuple(q.strip() for q in questions),
        voices=tuple(voices),
        **labels,
        **texts,
    )


def parse_content(data: dict[str, Any]) -> Content:
    """Build Content from the parsed TOML, checking every field and its voice."""
    top: dict[str, str] = {}
    voices: list[tuple[str, Voice, str]] = []
    for key in _TOP_TEXTS:
        entry, voice = _voiced(data, key, "criteria.toml")
        top[key] = _text(entry, "text", f"criteria.toml {key}")
        source = ""
        if voice.is_book:
            source = f"{BOOK}, {_text(entry, 'source', f'criteria.toml {key}')}"
        voices.append((key, voice, source))
    raw_criteria = data.get("criteria")
    if not isinstance(raw_criteria, list):
        raise ContentError("criteria.toml: expected [[criteria]] tables")
    ids = [c.get("id") if isinstance(c, dict) else None for c in raw_criteria]
    if ids != list(CRITERION_IDS):
        raise ContentError(f"criteria.toml: criteria must be {list(CRITERION_IDS)}, got {ids}")
    criteria = tuple(_parse_criterion(raw, index) for index, raw in enumerate(raw_criteria))
    return Content(criteria=criteria, voices=tuple(voices), **top)


def load_content(path: Path | None = None) -> Content:
    """Load and check the content file (the shipped one unless ``path`` is given)."""
    if path is None:
        return _shipped_content()
    return _load(path)


@cache
def _shipped_content() -> Content:
    path = assets_dir() / "criteria.toml"
    text = _read(path)
    # Parsing the TOML is the slowest part of starting (tomllib is pure
    # Python: about 2 ms for this file), so the parsed data is kept as JSON,
    # read back in a tenth of the time, for as long as the file is unchanged.
    key = f"{__version__} {len(text)} {zlib.crc32(text.encode())}"
    data = _cached_data(key)
    if data is None:
        data = _parse(path, text)
        _keep_data(key, data)
    return parse_content(data)


def _load(path: Path) -> Content:
    return parse_content(_parse(path, _read(path)))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: {exc}") from exc


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: {exc}") from exc


# -- the parsed content, kept between runs ------------------------------------

#: Overrides where the parsed content is kept (tests point it at a temporary folder).
ENV_CACHE_DIR = "MESHTUI_CACHE_DIR"
CACHE_NAME = "content.json"


def cache_path() -> Path:
    """Where the shipped content's parsed data is kept: the user's cache folder."""
    return user_folder("cache", ENV_CACHE_DIR) / CACHE_NAME


def _cached_data(key: str) -> dict[str, Any] | None:
    """The data kept under ``key``; None when there is none, or it is unreadable,
    damaged or for another version of the file (then the file is parsed again)."""
    try:
        kept = json.loads(read_regular(cache_path()))
    except (OSError, FileProblem, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("key") != key:
        return None
    data = kept.get("data")
    return data if isinstance(data, dict) else None


def _keep_data(key: str, data: dict[str, Any]) -> None:
    """Keep ``data`` for the next start; a cache that cannot be written is no loss."""
    try:
        text = json.dumps({"key": key, "data": data}, ensure_ascii=False)
        path = cache_path()
        ensure_private_dir(path.parent)
        write_atomic(path, text.encode(), durable=False)
    except (OSError, FileProblem, TypeError, ValueError):
        pass
