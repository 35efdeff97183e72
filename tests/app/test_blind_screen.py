"""Blind rating on screen (issue 13): Ana and Ben in two programs on one session.

Ben's screen is the app; Ana is a second OpenSession on the same file, as her
own login would have. Until both have rated a criterion, Ben sees only that
Ana has rated, never her rating, on the rating line and on the radar.
"""

from __future__ import annotations

from pathlib import Path

from meshtui.app.app import MeshtuiApp
from meshtui.app.commands import CommandScreen
from meshtui.app.widgets.radar_view import RadarView
from meshtui.config import load_config
from meshtui.model import CRITERION_IDS
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore, load_session, save_session
from tests.app.conftest import SIZE, burst, notices, screen_text

FIRST = CRITERION_IDS[0]


def blind_session(store: SessionStore) -> Path:
    path, _session, _ = store.create("Blind", "Acme", ["Ana", "Ben"], blind=True)
    return path


def asking_who(store: SessionStore, path: Path) -> tuple[MeshtuiApp, OpenSession]:
    """The app as ``resume`` builds it without ``--as``: it asks "Who are you?"."""
    opened = OpenSession.open(path, store)
    return MeshtuiApp(store, opened=opened, config=load_config(), ask_who=True), opened


async def test_ben_sees_that_ana_rated_but_not_how_until_he_rates(store: SessionStore) -> None:
    path = blind_session(store)
    ana = OpenSession.open(path, store, as_who="Ana")
    ben = OpenSession.open(path, store, as_who="Ben")
    app = MeshtuiApp(store, opened=ben, config=load_config(), rater="Ben")
    try:
        async with app.run_test(size=SIZE) as pilot:
            ana.rate_as(FIRST, "Ana", 5)
            app.poll_session()
            await pilot.pause()
            line = screen_text(app)
            assert "Ana rated  Ben not yet" in line and "Ana 5" not in line
            # The radar shows Ben's own polygon only: nobody's on the first axis.
            assert all(series[0] is None for series in app.screen.query_one(RadarView).series)
            await pilot.press("2")
            assert "Ana 5  Ben 2  DISCUSS: 3 apart" in screen_text(app)
            assert "X Ana" in screen_text(app)  # her polygon, now revealed
    finally:
        ana.close()
    # The file keeps every rating, as usual.
    assert load_session(path).answer(FIRST).ratings == {"Ana": 5, "Ben": 2}


async def test_the_facilitator_reveals_early_with_v(store: SessionStore) -> None:
    path = blind_session(store)
    ana = OpenSession.open(path, store, as_who="Ana")
    facilitator = OpenSession.open(path, store)
    app = MeshtuiApp(store, opened=facilitator, config=load_config())
    try:
        async with app.run_test(size=SIZE) as pilot:
            ana.rate_as(FIRST, "Ana", 3)
            app.poll_session()
            await pilot.pause()
            assert "Ana rated  Ben not yet" in screen_text(app)
            await pilot.press("v")
            assert "Ana 3  Ben -" in screen_text(app)
    finally:
        ana.close()
    revealed = load_session(path).answer(FIRST)
    assert revealed.revealed and revealed.revealed_before == ("Ben",)


async def test_without_as_the_app_asks_who_you_are(store: SessionStore) -> None:
    """Issue 13, identity: `resume` without --as offers the participants and the
    facilitator; choosing Ben makes the digits rate for Ben, and others see him."""
    path = blind_session(store)
    app, opened = asking_who(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Who are you?" in text and "1  Ana" in text and "2  Ben" in text
        assert "0  facilitator (agreed score)" in text
        await pilot.press("2")
        assert [p.who for p in opened.here()] == ["Ben"]
        await pilot.press("4")
        assert load_session(path).answer(FIRST).ratings == {"Ben": 4}
        assert "Ben rated 4" in screen_text(app)


async def test_escape_in_who_are_you_is_the_facilitator(store: SessionStore) -> None:
    path = blind_session(store)
    app, opened = asking_who(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "3")
        assert [p.who for p in opened.here()] == ["facilitator"]
    assert load_session(path).score(FIRST) == 3


async def test_who_are_you_is_asked_in_the_rating_bar_and_only_answers_work(
    store: SessionStore,
) -> None:
    """The question sits where the rating goes, the criterion in full view; until it
    is answered no digit rates, the footer offers only the answer, and a digit
    that names nobody does nothing."""
    path = blind_session(store)
    app, _opened = asking_who(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "1/8" in text and "meshtui's guide to the levels" in text
        assert "Note:" not in text  # 'e' does not work yet: its line is hidden
        assert footer(app).split() == ["0,", "Esc", "Facilitator", "?", "Help", "q", "Quit"]
        await pilot.press("5", "e", "n", "B")  # nobody is 5; the rest wait for the answer
        assert "Who are you?" in screen_text(app)
        assert load_session(path).answer(FIRST).ratings == {}
        assert not load_session(path).answer(FIRST).note
        await pilot.press("1")
        assert "Who are you?" not in screen_text(app)
        assert "1-5 Rate" in footer(app) and "Note:" in screen_text(app)


async def test_the_answer_and_ratings_in_one_burst_all_land(store: SessionStore) -> None:
    """Keys typed straight after start-up, as over a laggy link: the first answers
    "Who are you?", the rest rate as that participant."""
    path = blind_session(store)
    app, _opened = asking_who(store, path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "24n3")
        await pilot.pause()
        await pilot.pause()
    session = load_session(path)
    assert session.answer(FIRST).ratings == {"Ben": 4}
    assert session.answer(CRITERION_IDS[1]).ratings == {"Ben": 3}


async def test_a_finished_session_asks_first_then_opens_its_summary(
    store: SessionStore,
) -> None:
    path = blind_session(store)
    session = load_session(path)
    for criterion_id in CRITERION_IDS:
        session.set_score(criterion_id, 3)
    save_session(path, session)
    app, _opened = asking_who(store, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Who are you?" in screen_text(app)
        await pilot.press("0")
        await pilot.pause()
        assert "Verdict:" in screen_text(app)


def footer(app: MeshtuiApp) -> str:
    return screen_text(app).splitlines()[-1]


def palette_titles(app: MeshtuiApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, CommandScreen)
    return [command.title for command in screen.palette_commands()]


async def test_blind_is_switched_in_the_app_until_the_first_rating(store: SessionStore) -> None:
    """Issue 13: "a toggle in the app before any rating". B switches it, the file
    records it; after a rating neither the pairing line nor the palette offers
    it, and B does nothing."""
    path, _session, _ = store.create("Pair", "Acme", ["Ana", "Ben"])
    opened = OpenSession.open(path, store)
    app = MeshtuiApp(store, opened=opened, config=load_config())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "blind off, B switches" in screen_text(app)
        assert "Blind rating on or off" in palette_titles(app)
        await pilot.press("B")
        assert load_session(path).blind
        assert any("Blind rating on" in text for text in notices(app))
        assert "blind on, B switches" in screen_text(app)
        await pilot.press("B", "B")
        assert load_session(path).blind  # off, then on again
        await pilot.press("tab", "3")  # Ana rates
        assert "B switches" not in screen_text(app)
        assert "Blind rating on or off" not in palette_titles(app)
        await pilot.press("B")
    session = load_session(path)
    assert session.blind and session.answer(CRITERION_IDS[0]).ratings == {"Ana": 3}


async def test_blind_is_not_offered_to_an_observer(store: SessionStore) -> None:
    path, _session, _ = store.create("Watched", "Acme", ["Ana", "Ben"])
    opened = OpenSession.open(path, store, read_only=True)
    app = MeshtuiApp(store, opened=opened, config=load_config())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "q Quit" in footer(app) and "B switches" not in screen_text(app)
        await pilot.press("B")
        assert any(text.startswith("Read-only") for text in notices(app))
    assert not load_session(path).blind


async def test_a_rating_hidden_from_this_user_still_ends_the_switch(store: SessionStore) -> None:
    """Ana's blind rating is hidden from Ben, yet it counts: Ben cannot switch
    blind off and so see it."""
    path = blind_session(store)
    ana = OpenSession.open(path, store, as_who="Ana")
    ben = OpenSession.open(path, store, as_who="Ben")
    app = MeshtuiApp(store, opened=ben, config=load_config(), rater="Ben")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "blind on, B switches" in screen_text(app)
            ana.rate_as(FIRST, "Ana", 5)
            app.poll_session()
            await pilot.pause()
            assert "B switches" not in screen_text(app)
            await pilot.press("B")
            assert "Ana rated  Ben not yet" in screen_text(app)
    finally:
        ana.close()
    assert load_session(path).blind
