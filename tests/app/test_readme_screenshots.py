"""The README's screenshots (assets/screenshots/*.svg) are real captures of the app.

They are written by the same code that checks them: run with
MESHTUI_UPDATE_SCREENSHOTS=1 to capture them again after a visible change.
"""

from __future__ import annotations

import html
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
    # A re-assessment of Q2, as 'new --from' records it: the summary compares
    # against the session named by 'previous', never one guessed.
    text = path.read_text(encoding="utf-8").replace(
        "version = 1\n", 'version = 1\nprevious = "q2-2026-check.toml"\n', 1
    )
    text = text.replace(
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
    return self_contained(re.sub(r"terminal-\d+", "terminal", svg))


#: Monospace fonts found on most systems, in place of Fira Code from a CDN.
#: CairoSVG reads only the first name: it is the one Linux systems have.
LOCAL_MONOSPACE = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"


def self_contained(svg: str) -> str:
    """The screenshot with no URL but the SVG namespace: Rich's export loads its font
    from a CDN (@font-face), which offline viewers and librsvg cannot fetch."""
    svg = re.sub(r"\s*@font-face\s*\{[^}]*\}", "", svg)
    svg = svg.replace("font-family: Fira Code, monospace;", f"font-family: {LOCAL_MONOSPACE};")
    svg = re.sub(r"<!-- Generated with Rich [^>]*-->", "<!-- Generated with Rich -->", svg)
    return _TEXT.sub(_trim_spaces, svg)


_TEXT = re.compile(
    r'<text ([^>]*?)x="([0-9.]+)"([^>]*?)textLength="([0-9.]+)"([^>]*)>'
    r"((?:&#160;)*)(.*?)((?:&#160;)*)</text>"
)


def _trim_spaces(match: re.Match[str]) -> str:
    """A text run without its leading and trailing spaces, moved right by as many
    cells: librsvg drops them, which shifts the rest left (the radar's labels)."""
    before, x, between, length, after, lead, body, trail = match.groups()
    if not body or not (lead or trail):
        return match.group(0)
    cells = len(html.unescape(lead + body + trail))
    cell = float(length) / cells
    n_lead, n_trail = len(html.unescape(lead)), len(html.unescape(trail))
    new_x = round(float(x) + n_lead * cell, 1)
    new_length = round(float(length) - (n_lead + n_trail) * cell, 1)
    return f'<text {before}x="{new_x:g}"{between}textLength="{new_length:g}"{after}>{body}</text>'


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
    assert re.findall(r"[a-z]+://[^\s\"'<>)]+", svg) == ["http://www.w3.org/2000/svg"]
