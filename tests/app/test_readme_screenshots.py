"""The README's screenshots (assets/screenshots/*.svg) are real captures of the app.

They are written by the same code that checks them: run with
MESHTUI_UPDATE_SCREENSHOTS=1 to capture them again after a visible change.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from meshtui.app.app import MeshtuiApp
from tests.app.conftest import MakeApp
from tests.conftest import REPO_ROOT

SHOTS = REPO_ROOT / "assets" / "screenshots"
WHEN = datetime(2026, 9, 14, 10, 30, tzinfo=UTC)
UPDATE = bool(os.environ.get("MESHTUI_UPDATE_SCREENSHOTS"))


@pytest.fixture
def acme(saved_session: Callable[..., Path]) -> Path:
    earlier = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
    saved_session(
        "Q2 2026 check",
        [3, 3, 2, 3, 2, 3, 2, 3],
        organization="Acme Bank",
        created=earlier,
        updated=earlier,
    )
    path = saved_session(
        "Q3 2026 check",
        [4, 4, 3, 3, 3, 4, 2, 3],
        {
            "organizational_complexity": "Five business lines, each with its own sources.",
            "domain_oriented_organization": "Central IT still staffs data work by project.",
        },
        organization="Acme Bank",
        participants=["Ana", "Ben"],
        created=WHEN,
        updated=WHEN,
    )
    text = path.read_text(encoding="utf-8").replace(
        "[answers.data_oriented_strategy]\nscore = 4\n",
        "[answers.data_oriented_strategy]\nscore = 4\ntarget = 5\n"
        "[answers.data_oriented_strategy.ratings]\nAna = 3\nBen = 5\n",
    )
    path.write_text(text, encoding="utf-8")
    return path


async def capture(app: MeshtuiApp, name: str, size: tuple[int, int], *keys: str) -> str:
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        svg = app.export_screenshot(title=f"meshtui: {name}")
    # Textual names its SVG elements with a random-looking hash; fix it so
    # that an unchanged screen makes an unchanged file.
    return re.sub(r"terminal-\d+", "terminal", svg)


@pytest.mark.parametrize(
    ("name", "size", "keys"),
    [
        ("criterion", (80, 24), ("escape", "home", "right")),
        ("summary", (120, 40), ()),
    ],
)
async def test_readme_screenshot(
    make_app: MakeApp, acme: Path, name: str, size: tuple[int, int], keys: tuple[str, ...]
) -> None:
    svg = await capture(make_app(acme), name, size, *keys)
    target = SHOTS / f"{name}.svg"
    if UPDATE:
        SHOTS.mkdir(parents=True, exist_ok=True)
        target.write_text(svg, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == svg, (
        f"{target} is out of date: rerun with MESHTUI_UPDATE_SCREENSHOTS=1 and look at it"
    )
    assert f"assets/screenshots/{name}.svg" in (REPO_ROOT / "README.md").read_text("utf-8")
