"""How the screens look, as SVG snapshots reviewed by eye.

Update with ``python -m pytest tests/app/test_snapshots.py --snapshot-update``,
then look at every changed SVG (tests/app/__snapshots__/) before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from meshtui.app.app import MeshtuiApp
from meshtui.config import load_config
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore
from tests.app.conftest import MakeApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
#: The criterion screen is the one to decide at a glance: also at 100x30 and 60x20.
CRITERION_SIZES = [
    *SIZES,
    pytest.param((100, 30), id="100x30"),
    pytest.param((60, 20), id="60x20"),
]
WHEN = datetime(2026, 9, 14, 10, 30, tzinfo=UTC)

SnapCompare = Callable[..., bool]


@pytest.fixture(params=[False, True], ids=["colour", "no-color"])
def colour_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Each snapshot in colour and with NO_COLOR=1 (read when the App is created)."""
    if request.param:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    return bool(request.param)


@pytest.fixture
def half_done(saved_session: Callable[..., Path]) -> Path:
    return saved_session(
        "Q3 2026 check",
        [4, 3, 2, None, None, None, None, None],
        {"data_oriented_strategy": "Strategy deck names data as a differentiator."},
        organization="Acme Bank",
        participants=["Ana", "Ben"],
        created=WHEN,
        updated=WHEN,
    )


@pytest.mark.parametrize("size", SIZES)
def test_home(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    half_done: Path,
    saved_session: Callable[..., Path],
    colour_mode: bool,
    size: tuple[int, int],
) -> None:
    saved_session("Q2 2026 check", [3] * 8, organization="Acme Bank", created=WHEN, updated=WHEN)
    broken = half_done.parent / "broken.toml"
    broken.write_text("version = 1\nname = [oops\n", encoding="utf-8")
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", CRITERION_SIZES)
def test_criterion(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    half_done: Path,
    colour_mode: bool,
    size: tuple[int, int],
) -> None:
    # Resumes at D (the first unanswered); step back to B, which has a note.
    assert snap_compare(make_app(half_done), press=["left", "left"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_summary(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    saved_session: Callable[..., Path],
    colour_mode: bool,
    size: tuple[int, int],
) -> None:
    path = saved_session(
        "Q4 2026 check",
        [2, 4, 3, 5, 4, 3, 1, 4],
        {
            "organizational_complexity": "Two product lines; the warehouse still copes.",
            "domain_oriented_organization": "Central IT staffs projects.",
        },
        organization="Acme Bank",
        created=WHEN,
        updated=WHEN,
    )
    assert snap_compare(make_app(path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    half_done: Path,
    colour_mode: bool,
    size: tuple[int, int],
) -> None:
    assert snap_compare(make_app(half_done), press=["question_mark"], terminal_size=size)


def test_example_summary_braille(
    snap_compare: SnapCompare, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert snap_compare(make_app(example=True), press=["b"], terminal_size=(120, 40))


@pytest.fixture
def pairing(saved_session: Callable[..., Path]) -> Path:
    path = saved_session(
        "Pairing check",
        [4, 3, None, None, None, None, None, None],
        organization="Acme Bank",
        participants=["Ana", "Ben"],
        created=WHEN,
        updated=WHEN,
    )
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "score = 4\n",
        "score = 4\ntarget = 5\n[answers.organizational_complexity.ratings]\nAna = 4\nBen = 4\n",
        1,
    )
    text = text.replace(
        "score = 3\n", "score = 3\n[answers.data_oriented_strategy.ratings]\nAna = 2\nBen = 5\n", 1
    )
    path.write_text(text, encoding="utf-8")
    return path


def test_pairing_overlay(snap_compare: SnapCompare, make_app: MakeApp, pairing: Path) -> None:
    """Two participants' polygons under the agreed one, a target, a discuss flag: 80x24."""
    assert snap_compare(make_app(pairing), press=["home", "right"], terminal_size=(80, 24))


@pytest.mark.parametrize("size", CRITERION_SIZES)
def test_who_are_you(
    snap_compare: SnapCompare,
    store: SessionStore,
    pairing: Path,
    colour_mode: bool,
    size: tuple[int, int],
) -> None:
    """Opened without --as: "Who are you?" in the rating bar, the criterion in full view."""
    opened = OpenSession.open(pairing, store)
    app = MeshtuiApp(store, opened=opened, config=load_config(), ask_who=True)
    assert snap_compare(app, terminal_size=size)


def test_previous_overlay_summary(
    snap_compare: SnapCompare, make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    earlier = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    saved_session(
        "Q2 check", [2, 3, 3, 2, 3, 3, 2, 3], organization="Acme", created=earlier, updated=earlier
    )
    path = saved_session(
        "Q3 check", [3, 4, 3, 3, 4, 3, 2, 4], organization="Acme", created=WHEN, updated=WHEN
    )
    # A re-assessment names what it re-assesses ('new --from' writes this); the
    # summary never guesses it from the organization.
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("version = 1\n", 'version = 1\nprevious = "q2-check.toml"\n', 1),
        encoding="utf-8",
    )
    assert snap_compare(make_app(path), terminal_size=(80, 24))
