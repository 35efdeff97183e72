"""The interview screen, driven by keys at 80x24, checked on screen and on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import TextArea

from meshtui.app.screens.help import HelpScreen
from meshtui.app.screens.interview import InterviewScreen
from meshtui.app.screens.summary import SummaryScreen
from meshtui.app.widgets.criterion_text import CriterionText
from meshtui.app.widgets.note_field import NoteField
from meshtui.app.widgets.progress_strip import ProgressStrip
from meshtui.app.widgets.radar_view import RadarView
from meshtui.app.widgets.rating_bar import RatingBar
from meshtui.content import BOOK_HEADING, LEVELS_HEADING, load_content
from meshtui.model import CRITERION_IDS
from meshtui.store import load_session
from tests.app.conftest import SIZE, MakeApp, region_text, screen_text


def on_disk(path: Path) -> list[int | None]:
    return load_session(path).scores()


async def test_rating_keys_save_at_once_and_redraw(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Rate me")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert "1/8" in screen_text(app) and "Organizational complexity" in screen_text(app)
        for key, expected in (("4", 4), ("2", 2), ("5", 5)):
            await pilot.press(key)
            # On disk before the next key is handled.
            assert on_disk(path)[0] == expected
            assert screen.query_one(RatingBar).state.score == expected
            assert screen.query_one(RadarView).series[0][0] == expected
        assert "Rated 5: High" in screen_text(app)
        assert "A5" in screen_text(app)


async def test_clear_with_0_and_backspace(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Clear me", [3, 3, None, None, None, None, None, None])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("home")
        await pilot.press("0")
        assert on_disk(path)[0] is None
        await pilot.press("right", "backspace")
        assert on_disk(path)[:2] == [None, None]
        assert "Not rated yet" in screen_text(app)
        assert app.screen.query_one(RadarView).series[0][:2] == (None, None)


async def test_navigation_keys(make_app: MakeApp, saved_session: Callable[..., Path]) -> None:
    app = make_app(saved_session("Walk"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        steps = [
            ("right", 1),
            ("n", 2),
            ("left", 1),
            ("p", 0),
            ("p", 0),  # stays at the first
            ("end", 7),
            ("right", 7),  # stays at the last
            ("home", 0),
        ]
        for key, index in steps:
            await pilot.press(key)
            assert screen.index == index, key
            assert screen.query_one(ProgressStrip).progress.current == index
            assert f"{index + 1}/8" in screen_text(app)
            assert screen.query_one(RadarView).highlight == index
        await pilot.press("end")
        assert "Long-term commitment" in screen_text(app)


async def test_digits_typed_in_the_note_never_change_the_score(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Notes", [2, None, None, None, None, None, None, None])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("home", "e")
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"ran 42 pilots, 5 domains 0")
        await pilot.press("backspace")  # deletes the '0' in the note, not the score
        await pilot.press("escape")
        await pilot.pause()
        session = load_session(path)
        assert session.scores()[0] == 2
        assert session.answer(CRITERION_IDS[0]).note == "ran 42 pilots, 5 domains "
        assert app.focused is None
        # Out of the note, digits rate again.
        await pilot.press("4")
        assert on_disk(path)[0] == 4


async def test_note_follows_its_criterion(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Two notes")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", *"first", "escape", "right", "e", *"second", "escape")
        await pilot.press("left")
        assert app.screen.query_one(NoteField).text == "first"
        await pilot.pause()
    session = load_session(path)
    assert session.answer(CRITERION_IDS[0]).note == "first"
    assert session.answer(CRITERION_IDS[1]).note == "second"


async def test_summary_shows_verdicts(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Verdicts", [4, 4, 4, 4, 4, 4, 4, None])
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.index == 7  # resumes at the first unanswered
        await pilot.press("s")
        assert isinstance(app.screen, SummaryScreen)
        assert "Incomplete" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("4", "s")
        assert "Best positioned" in screen_text(app)
        await pilot.press("escape", "home", "1", "s")
        text = screen_text(app)
        assert "Not yet" in text
        assert "meshtui's warning" in text  # the primary criterion is below Medium
        assert "primary criteria" in region_text(app, "#verdict")


async def test_resume_after_quit_restores_everything(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Resume me")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "right", "5", "e", *"kept", "escape", "right", "q")
    assert app.return_code in (0, None)
    again = make_app(path)
    async with again.run_test(size=SIZE) as pilot:
        screen = again.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.index == 2  # the first unanswered
        assert "A3 B5" in screen_text(again)
        await pilot.press("left")
        assert screen.query_one(NoteField).text == "kept"
        assert screen.query_one(RatingBar).state.score == 5


async def test_finished_session_opens_at_summary(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    app = make_app(saved_session("Done", [3] * 8))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)


async def test_help_lists_keys_and_closes(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    app = make_app(saved_session("Help"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "rate: 1 Low, 3 Medium, 5 High" in text
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)


async def test_narrow_terminal_puts_the_anchors_and_rating_first(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Narrow", [4, 5, 2, None, None, None, None, None])
    app = make_app(path)
    async with app.run_test(size=(70, 30)) as pilot:
        await pilot.press("home")
        await pilot.pause()
        text = screen_text(app)
        for shown in ("meshtui's guide to the levels", "1 Low:", "3 Medium:", "5 High:"):
            assert shown in text, shown
        assert "Rated 4: Medium-High" in text
        assert "Note: (none yet; e writes one)" in text
        # Below the anchors, the radar's compact table.
        assert "A Org complexity ####. 4" in text.replace(">", " ")
        radar = app.screen.query_one(RadarView)
        assert radar.region.y > app.screen.query_one("#main").region.y
    # Narrow and short: the radar makes way (the strip still shows every score).
    app = make_app(path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("home")
        await pilot.pause()
        text = screen_text(app)
        assert "1 Low:" in text and "Rated 4: Medium-High" in text
        assert "Org complexity" not in text
        assert not app.screen.query_one("#side").display


async def test_long_text_scrolls_inside_its_panel_while_rating_stays(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    app = make_app(saved_session("Scroll"))
    async with app.run_test(size=SIZE) as pilot:
        text = app.screen.query_one(CriterionText)
        rating_before = app.screen.query_one(RatingBar).region
        await pilot.press("pagedown", "down")
        await pilot.pause()
        assert text.scroll_y > 0
        assert app.screen.query_one(RatingBar).region == rating_before
        await pilot.press("pageup", "up")
        await pilot.pause()
        assert text.scroll_y == 0


async def test_anchors_come_first_and_i_reaches_the_book_text(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    app = make_app(saved_session("Decide"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        # What decides a score is on screen with the rating, without scrolling:
        # meshtui's guide to the levels, to the High anchor's last words.
        criterion = load_content().criteria[0]
        high_end = criterion.high.split()[-1]
        for anchor in (LEVELS_HEADING, "1 Low:", "3 Medium:", "5 High:", high_end):
            assert anchor in text, anchor
        assert "Not rated yet" in text
        panel = app.screen.query_one(CriterionText)
        await pilot.press("i")
        await pilot.pause()
        assert panel.scroll_y > 0
        assert BOOK_HEADING in screen_text(app)
        assert " ".join(criterion.explanation.split()[:4]) in screen_text(app)
        assert "Not rated yet" in screen_text(app)  # the rating stays in view
        await pilot.press("i")
        await pilot.pause()
        assert panel.scroll_y == 0


async def test_lines_with_nothing_to_say_are_not_mounted_until_they_have(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    """Every widget costs start-up time: the banner, "all answered" and the radar's
    legend are mounted the first time they have text, then stay."""
    app = make_app(saved_session("Lean", [3] * 7 + [None]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query("#banner, #done, #radar-legend, .radar-note")
        await pilot.press("end", "4")
        await pilot.pause()
        assert "All 8 answered" in region_text(app, "#done")
        await pilot.press("0")
        await pilot.pause()
        assert region_text(app, "#done").strip() == ""


async def test_a_new_theme_recolors_the_text_and_the_radar(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    """Both draw from styles they keep between frames: a theme change must reach them."""
    app = make_app(saved_session("Theme", [3, 4, None, None, None, None, None, None]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text, radar = app.screen.query_one(CriterionText), app.screen.query_one(RadarView)
        before = (text.render_line(0), radar.render_line(radar.size.height // 2))
        app.theme = "textual-light"
        await pilot.pause()
        after = (text.render_line(0), radar.render_line(radar.size.height // 2))
        for old, new, widget in zip(before, after, (text, radar), strict=True):
            assert old.text == new.text
            assert old != new, widget
            assert all(s.style and s.style.bgcolor == widget.rich_style.bgcolor for s in new)
