"""Pairing at one terminal: rating as each participant, agreeing, discussing, targets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Static

from meshtui.app.screens.interview import InterviewScreen
from meshtui.app.screens.summary import SummaryScreen
from meshtui.app.widgets.radar_view import RadarView
from meshtui.model import CRITERION_IDS, Answer
from meshtui.store import load_session
from tests.app.conftest import SIZE, MakeApp, region_text, screen_text

FIRST = CRITERION_IDS[0]
EARLIER = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


def first_answer(path: Path) -> Answer:
    return load_session(path).answer(FIRST)


async def test_tab_rates_as_each_participant_and_flags_discussion(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Pair", participants=["Ana", "Ben"])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Tab Rater" in screen_text(app)
        await pilot.press("tab", "2")
        assert first_answer(path).ratings == {"Ana": 2}
        assert "Ana rated 2: Low-Medium" in region_text(app, "#rating")
        await pilot.press("tab", "4")
        answer = first_answer(path)
        assert answer.ratings == {"Ana": 2, "Ben": 4}
        assert answer.score is None  # two apart: nothing agreed yet
        assert "DISCUSS: 2 apart" in region_text(app, "#rating")
        assert "A-!" in region_text(app, "#progress")
        # Back to the agreed score: settle on 3.
        await pilot.press("tab", "3")
        assert "Rated 3: Medium (agreed)" in region_text(app, "#rating")
        assert first_answer(path).score == 3
        # Settled: the flag and DISCUSS go, the spread stays visible.
        assert "A3 " in region_text(app, "#progress")
        assert "A3!" not in region_text(app, "#progress")
        assert "settled at 3 (2 apart)" in region_text(app, "#rating")
        assert "DISCUSS" not in screen_text(app)
        legend = region_text(app, "#radar-legend")
        assert "O agreed" in legend and "X Ana" in legend and "# Ben" in legend
        radar = app.screen.query_one(RadarView)
        assert radar.series == (
            (3, None, None, None, None, None, None, None),
            (2, None, None, None, None, None, None, None),
            (4, None, None, None, None, None, None, None),
        )


async def test_matching_ratings_become_the_agreed_score(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Agree", participants=["Ana", "Ben"])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "4", "tab", "4")
        answer = first_answer(path)
        assert answer.ratings == {"Ana": 4, "Ben": 4}
        assert answer.score == 4
        assert not answer.discuss
        assert "DISCUSS" not in screen_text(app)
        await pilot.press("shift+tab")  # back to Ana
        assert "Ana rated 4" in region_text(app, "#rating")


async def test_more_than_two_participants_draw_the_range(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Team", participants=["Ana", "Ben", "Cy"])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "1", "tab", "3", "tab", "5")
        radar = app.screen.query_one(RadarView)
        assert radar.markers == ("O", "v", "^")
        assert radar.series[1][0] == 1 and radar.series[2][0] == 5
        legend = region_text(app, "#radar-legend")
        assert "v lowest rating" in legend and "^ highest rating" in legend
        assert "DISCUSS: 4 apart" in region_text(app, "#rating")


async def test_target_is_set_with_t_and_drawn(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Aim", [2, None, None, None, None, None, None, None])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("home", "t")
        assert "Target: press 1-5" in region_text(app, "#rating")
        await pilot.press("4")
        answer = first_answer(path)
        assert (answer.score, answer.target) == (2, 4)
        assert "target 4*" in region_text(app, "#rating")
        radar = app.screen.query_one(RadarView)
        assert radar.markers == ("O", "*")
        assert "* target" in region_text(app, "#radar-legend")
        await pilot.press("t", "escape")  # cancelled: the digit rates again
        await pilot.press("3")
        assert (first_answer(path).score, first_answer(path).target) == (3, 4)
        await pilot.press("t", "0")
        assert first_answer(path).target is None


async def test_carried_answers_are_marked_until_confirmed(
    make_app: MakeApp, saved_session: Callable[..., Path], make_session: Callable[..., object]
) -> None:
    path = saved_session("Carried", [3, 4, None, None, None, None, None, None])
    text = path.read_text(encoding="utf-8")
    text = text.replace("score = 3\n", "score = 3\ncarried = true\n")
    text = text.replace("score = 4\n", "score = 4\ncarried = true\n")
    path.write_text(text, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("home")
        assert "carried, c confirms" in region_text(app, "#rating")
        assert "A3~" in region_text(app, "#progress")
        await pilot.press("c")
        assert not first_answer(path).carried
        assert "A3~" not in region_text(app, "#progress")
        await pilot.press("right", "4")  # rating the same value confirms too
        assert not load_session(path).answer(CRITERION_IDS[1]).carried
        text = path.read_text(encoding="utf-8").replace(
            "score = 4\n", "score = 4\ncarried = true\n"
        )
        path.write_text(text, encoding="utf-8")
        app.poll_session()
        await pilot.pause()
        assert "B4~" in region_text(app, "#progress")
        await pilot.press("enter")  # on B: Enter confirms the carried answer and moves on
        assert not load_session(path).answer(CRITERION_IDS[1]).carried
        assert isinstance(app.screen, InterviewScreen) and app.screen.index == 2


async def test_a_version_1_file_is_not_rewritten_until_something_changes(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Old file", [3, 3, 3, None, None, None, None, None])
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("left", "right", "s", "escape", "q")
    assert path.read_bytes() == before


async def test_summary_overlays_the_previous_session_with_changes(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    saved_session("Q2", [2, 3, 3, 3, 3, 3, 3, 3], organization="Acme", created=EARLIER)
    path = saved_session("Q3", [3, 3, 2, 3, 3, 3, 3, 3], organization="Acme", created=LATER)
    text = path.read_text(encoding="utf-8")
    path.write_text('previous = "q2.toml"\n' + text, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        radar = app.screen.query_one(RadarView)
        assert radar.markers == ("O", "X")
        assert radar.series[1][:3] == (2, 3, 3)
        changes = app.screen.query_one("#changes", Static)
        # Scroll down a line at a time to the changes (how far depends on the verdict's length).
        shown = ""
        for _ in range(60):
            shown = region_text(app, "#changes")
            if "unchanged" in shown:
                break
            await pilot.press("down")
        assert changes.display
        assert "Since Q2" in shown
        assert "up +1" in shown and "down -1" in shown and "unchanged" in shown
        assert "X before (Q2)" in region_text(app, "#summary-legend")


async def test_participant_names_are_shown_literally(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Literal", participants=["[bold]Ana[/]", "Ben"])
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "2", "tab", "5", "s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "[bold]Ana[/]" in screen_text(app)
