"""The app and the file system: two instances, files changed underneath, config, exports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from meshtui.app.screens.interview import InterviewScreen
from meshtui.app.screens.summary import SummaryScreen
from meshtui.app.widgets.radar_view import RadarView
from meshtui.config import config_path
from meshtui.model import CRITERION_IDS
from meshtui.store import SessionStore, load_session
from tests.app.conftest import SIZE, MakeApp, notices, region_text, screen_text
from tests.conftest import REPO_ROOT

# A second meshtui, as another SSH login would run it: a real process that
# opens the session (leaving its presence entry) and rates on command.
OTHER_INSTANCE = """
import sys
from pathlib import Path
from meshtui.session_file import OpenSession
from meshtui.store import SessionStore
path = Path(sys.argv[1])
opened = OpenSession.open(path, SessionStore(path.parent.parent))
print(opened.mode.value, flush=True)
for line in sys.stdin:
    command = line.split()
    if command[0] == "rate":
        opened.rate(command[1], int(command[2]))
        print("rated", flush=True)
    else:
        break
opened.close()
print("closed", flush=True)
"""


class OtherInstance:
    def __init__(self, path: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", OTHER_INSTANCE, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.mode = self._reply()

    def _reply(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def send(self, line: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self._reply()

    def close(self) -> None:
        if self.process.poll() is None:
            self.send("quit")
            self.process.wait(timeout=10)


@pytest.fixture
def other_instance() -> Iterator[Callable[[Path], OtherInstance]]:
    started: list[OtherInstance] = []

    def start(path: Path) -> OtherInstance:
        instance = OtherInstance(path)
        started.append(instance)
        return instance

    yield start
    for instance in started:
        instance.close()


async def test_two_instances_both_edit_and_each_sees_the_others_changes(
    make_app: MakeApp,
    saved_session: Callable[..., Path],
    other_instance: Callable[[Path], OtherInstance],
) -> None:
    """Another login edits the same session (issue 13): both save, and a value
    one set that the other changed is told, never silently replaced."""
    path = saved_session("Pairing")
    other = other_instance(path)
    assert other.mode == "editing"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert region_text(app, "#banner").startswith("Also here: facilitator (")
        await pilot.press("4")
        assert load_session(path).scores()[0] == 4
        # The other program had not seen our 4: its 5 is later, and stands.
        assert other.send("rate organizational_complexity 5") == "rated"
        assert other.send("rate early_adopter 2") == "rated"
        app.poll_session()  # what the twice-a-second poll does, now
        await pilot.pause()
        assert app.screen.query_one(RadarView).series[0][0] == 5
        assert "A5" in screen_text(app)
        assert any(
            "changed the agreed score on Organizational complexity from 4 to 5" in message
            for message in notices(app)
        )
        await pilot.press("right", "3")
        assert load_session(path).scores()[:5] == [5, 3, None, None, 2]
        other.close()
        app.poll_session()
        await pilot.pause()
        assert "Also here" not in region_text(app, "#banner")


async def test_file_deleted_while_open_keeps_answers_and_never_recreates_it(
    make_app: MakeApp, saved_session: Callable[..., Path], store: SessionStore
) -> None:
    path = saved_session("Vanishing", [3, 3, None, None, None, None, None, None])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        path.unlink()
        app.poll_session()  # what the once-a-second poll does, now
        await pilot.pause()
        assert "not written over" in region_text(app, "#banner")
        await pilot.press("4")  # rating still works, in memory and in a recovery file
        assert not path.exists()
        recovered = [session for _, session in store.read_all()[0]]
        assert len(recovered) == 1
        assert recovered[0].scores()[:3] == [3, 3, 4]
        assert "recovered" in recovered[0].name
        assert "saved in" in region_text(app, "#banner")


async def test_file_made_unreadable_while_open_is_never_written_over(
    make_app: MakeApp, saved_session: Callable[..., Path], store: SessionStore
) -> None:
    path = saved_session("Garbled", [2, None, None, None, None, None, None, None])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        path.write_text("this is = = not toml", encoding="utf-8")
        garbage = path.read_bytes()
        app.poll_session()  # what the once-a-second poll does, now
        await pilot.pause()
        assert "not valid TOML" in region_text(app, "#banner")
        await pilot.press("home", "5")
        assert path.read_bytes() == garbage
        assert app.screen.query_one(RadarView).series[0][0] == 5
    assert path.read_bytes() == garbage
    copies = [session for _, session in store.read_all()[0]]
    assert [session.scores()[0] for session in copies] == [5]


async def test_quitting_while_detached_saves_the_answers_somewhere(
    make_app: MakeApp, saved_session: Callable[..., Path], store: SessionStore
) -> None:
    path = saved_session("Lost file", [1, 2, 3, 4, 5, None, None, None])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        path.unlink()
        app.poll_session()  # what the once-a-second poll does, now
        await pilot.pause()
        await pilot.press("q")
    assert app.saved_elsewhere
    copies = [session for _, session in store.read_all()[0]]
    assert [session.scores()[:5] for session in copies] == [[1, 2, 3, 4, 5]]


async def test_a_change_made_by_another_program_is_reloaded(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Pulled", [2, None, None, None, None, None, None, None])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        text = path.read_text(encoding="utf-8").replace("score = 2", "score = 4")
        path.write_text(text, encoding="utf-8")  # e.g. a git pull
        app.poll_session()  # what the once-a-second poll does, now
        await pilot.pause()
        assert app.screen.query_one(RadarView).series[0][0] == 4
        await pilot.press("home", "right", "3")
    assert load_session(path).scores()[:2] == [4, 3]


async def test_braille_toggle_is_remembered(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    path = saved_session("Braille", [4, 3, 2, 5, 4, 3, 2, 1])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)
        assert not any("\u2800" <= ch <= "\u28ff" for ch in screen_text(app))
        await pilot.press("b")
        assert app.screen.query_one(RadarView).braille
        assert any("\u2800" <= ch <= "\u28ff" for ch in screen_text(app))
    assert tomllib.loads(config_path().read_text(encoding="utf-8")) == {"braille": True}
    again = make_app(path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, SummaryScreen)
        assert again.screen.query_one(RadarView).braille


async def test_unreadable_config_is_left_alone(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    config = config_path()
    config.parent.mkdir(parents=True)
    config.write_text("braille = = yes", encoding="utf-8")
    app = make_app(saved_session("Config"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        assert any("config" in message for message in notices(app))
    assert config.read_text(encoding="utf-8") == "braille = = yes"


async def test_palette_goes_to_a_criterion(
    make_app: MakeApp, saved_session: Callable[..., Path]
) -> None:
    app = make_app(saved_session("Palette"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Go to F")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.index == 5
        assert "Modern engineering" in screen_text(app)


async def test_summary_exports_markdown_json_html_and_svg(
    make_app: MakeApp,
    saved_session: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(saved_session("Export me", [3, 4, 5, 3, 4, 5, 3, 4]))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("m", "j", "h", "v")
    page = (tmp_path / "export-me.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h2>Verdict: Best positioned</h2>" in page
    chart = ElementTree.fromstring((tmp_path / "export-me.svg").read_bytes())
    assert chart.tag == "{http://www.w3.org/2000/svg}svg"
    markdown = (tmp_path / "export-me.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Export me")
    assert "## Verdict: Best positioned" in markdown
    data = json.loads((tmp_path / "export-me.json").read_text(encoding="utf-8"))
    assert data["verdict"] == "ready"
    assert [c["id"] for c in data["criteria"]] == list(CRITERION_IDS)
