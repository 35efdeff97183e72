"""``meshtui new|resume NAME --as P`` in the app: the digits rate for P from the start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from meshtui.app.app import MeshtuiApp
from meshtui.config import load_config
from meshtui.model import CRITERION_IDS
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore, load_session
from tests.app.conftest import SIZE, region_text


async def test_the_app_opens_rating_as_the_participant(
    store: SessionStore, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Pair", participants=["Ana", "Ben"])
    opened = OpenSession.open(path, store)
    app = MeshtuiApp(store, opened=opened, config=load_config(), rater="Ben")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        assert "Ben rated 4" in region_text(app, "#rating")
        answer = load_session(path).answer(CRITERION_IDS[0])
        assert answer.ratings == {"Ben": 4}
        assert answer.score is None  # Ana has not rated: nothing agreed yet
        await pilot.press("tab", "5")  # Tab still moves on: back to the agreed score
        assert load_session(path).answer(CRITERION_IDS[0]).score == 5
