"""Golden pictures of the radar chart, compared exactly.

Each case renders to tests/golden/radar/NAME.txt. After an intended change to
the drawing, rewrite them with ``MESHTUI_UPDATE_GOLDEN=1 pytest
tests/unit/test_radar_golden.py`` and look at every changed file before
committing: these files are the review of how the chart looks.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from meshtui.radar import MIN_HEIGHT, MIN_WIDTH, render_radar
from tests.unit.test_radar import LABELS, MIXED

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden" / "radar"
UPDATE = os.environ.get("MESHTUI_UPDATE_GOLDEN") == "1"

MISSING = [4, None, 3, 2, 4, 3, 5, 4]
SECOND = [3, 3, 4, 4, 2, 2, 3, 3]


@dataclass(frozen=True)
class Case:
    name: str
    series: Sequence[Sequence[int | None]]
    width: int
    height: int
    braille: bool = False
    kind: str = "radar"


CASES = [
    Case("all_1_38x18", [[1] * 8], 38, 18),
    Case("all_5_38x18", [[5] * 8], 38, 18),
    Case("mixed_38x18", [MIXED], 38, 18),
    Case("missing_38x18", [MISSING], 38, 18),
    Case("two_series_38x18", [MIXED, SECOND], 38, 18),
    Case("mixed_min_size", [MIXED], MIN_WIDTH, MIN_HEIGHT),
    Case("mixed_below_min_compact", [MIXED], MIN_WIDTH - 1, MIN_HEIGHT, kind="compact"),
    Case("braille_mixed_38x18", [MIXED], 38, 18, braille=True),
    Case("mixed_60x25", [MIXED], 60, 25),
    Case("mixed_120x40", [MIXED], 120, 40),
    Case("two_series_missing_120x40", [MISSING, SECOND], 120, 40),
    Case("braille_two_series_60x25", [MIXED, SECOND], 60, 25, braille=True),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden(case: Case) -> None:
    drawing = render_radar(
        case.series,
        case.width,
        case.height,
        labels=LABELS,
        braille=case.braille,
    )
    assert drawing.kind == case.kind
    actual = drawing.text() + "\n"
    path = GOLDEN_DIR / f"{case.name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing {path}; run with MESHTUI_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{case.name} differs from {path}:\n{actual}"


def test_no_stale_golden_files() -> None:
    names = {case.name for case in CASES}
    stale = sorted(p.name for p in GOLDEN_DIR.glob("*.txt") if p.stem not in names)
    assert not stale, f"golden files without a case: {stale}"
