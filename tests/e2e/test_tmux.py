"""End to end: the installed ``meshtui`` console script in a real terminal (tmux, 80x24).

These tests type keys into tmux and read the screen back with
``capture-pane``, so they see what a person at an 80x24 terminal sees. Each
test runs its own tmux server on a private socket (``tmux -L``) with no user
config, and kills it afterwards; the user's own tmux is never touched.

Without tmux the tests are skipped, except under CI (``CI`` set), where a
missing tmux is a failure: ``.ci/run`` installs it, so a skip there would hide
a broken setup.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from tests.conftest import require_program

#: The eight criteria in the book's order: id, letter, title.
CRITERIA = (
    ("organizational_complexity", "A", "Organizational complexity"),
    ("data_oriented_strategy", "B", "Data-oriented strategy"),
    ("executive_support", "C", "Executive support"),
    ("data_technology_at_core", "D", "Data technology at core"),
    ("early_adopter", "E", "Early adopter"),
    ("modern_engineering", "F", "Modern engineering"),
    ("domain_oriented_organization", "G", "Domain-oriented organization"),
    ("long_term_commitment", "H", "Long-term commitment"),
)
#: The answers typed in. D is 2, so the verdict is "Not yet".
SCORES = (4, 3, 5, 2, 4, 3, 5, 1)
#: The criterion (0-7) that gets a note, and the note: digits must not rate.
NOTE_AT = 2
NOTE = "ran 42 pilots"

TIMEOUT = 20.0
POLL = 0.05


def meshtui_program() -> Path:
    """The installed console script: beside this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / "meshtui"
    if beside.is_file():
        return beside
    found = shutil.which("meshtui")
    if found is None:
        pytest.fail("the meshtui console script is not installed (pip install .)")
    return Path(found)


def require_tmux() -> str:
    return require_program("tmux", "Debian's tmux")


class Tmux:
    """One private tmux server (``-L``) holding one 80x24 pane that runs a command."""

    def __init__(self, tmux: str, workdir: Path) -> None:
        self.tmux = tmux
        self.socket = f"meshtui-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        # tmux leaves its socket file behind: keep it in a short private folder
        # (socket paths are limited to about 100 bytes) that close() removes.
        self.socket_dir = Path(tempfile.mkdtemp(prefix="meshtui-tmux-"))
        self.client_env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        self.client_env["TMUX_TMPDIR"] = str(self.socket_dir)
        self.config = workdir / "tmux.conf"
        self.workdir = workdir
        self.status_file = workdir / "exit-status"

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [self.tmux, "-L", self.socket, "-f", str(self.config), *args],
            env=self.client_env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self, command: Sequence[str], env: Mapping[str, str | None]) -> None:
        """Start the server with ``command`` in an 80x24 pane.

        ``env`` adds variables to the pane's environment, or removes them where
        None. The command runs under a small ``sh`` that writes its exit status
        to a file: tmux itself can miss a child's exit (its utempter SIGCHLD
        race), leaving ``#{pane_dead_status}`` empty for good.
        """
        self.status_file.unlink(missing_ok=True)
        wrapped = [
            "/bin/sh",
            "-c",
            'status=$1; shift; "$@"; echo $? > "$status.tmp"; mv "$status.tmp" "$status"',
            "sh",
            str(self.status_file),
            *command,
        ]
        term = env.get("TERM") or "xterm-256color"
        self.config.write_text(
            "set -g remain-on-exit on\n"  # keep the last screen for failure messages
            f"set -g default-terminal {term}\n"
            "set -g status off\n"
            "set -g history-limit 0\n",
            encoding="utf-8",
        )
        # The server's environment is what the pane inherits; -e spells it out too.
        server_env = dict(self.client_env)
        session_env: list[str] = []
        for key, value in env.items():
            if value is None:
                server_env.pop(key, None)
            else:
                server_env[key] = value
                session_env += ["-e", f"{key}={value}"]
        subprocess.run(
            [
                self.tmux,
                "-L",
                self.socket,
                "-f",
                str(self.config),
                "new-session",
                "-d",
                "-x",
                "80",
                "-y",
                "24",
                "-s",
                "main",
                "-c",
                str(self.workdir),
                *session_env,
                *wrapped,
            ],
            env=server_env,
            check=True,
            timeout=10,
        )

    def kill(self) -> None:
        subprocess.run(
            [self.tmux, "-L", self.socket, "kill-server"],
            env=self.client_env,
            capture_output=True,
            timeout=10,
            check=False,
        )

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self.socket_dir, ignore_errors=True)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "main")

    def keys(self, *keys: str) -> None:
        """Send tmux key names (``Right``, ``Escape``, ``4``)."""
        self.run("send-keys", "-t", "main", *keys)

    def type(self, text: str) -> None:
        """Send ``text`` literally, character by character as typed."""
        self.run("send-keys", "-t", "main", "-l", text)

    def size(self) -> tuple[int, int]:
        width, height = self.run(
            "display", "-p", "-t", "main", "#{pane_width} #{pane_height}"
        ).split()
        return int(width), int(height)

    def exit_status(self) -> int | None:
        """The command's exit status once it has ended, else None."""
        try:
            return int(self.status_file.read_text(encoding="ascii"))
        except FileNotFoundError:
            return None

    def wait_for(self, what: str, ready: Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        """Poll the screen until ``ready(screen)``; fail showing the last screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if ready(screen):
                return screen
            if self.exit_status() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out waiting for {what}; exit status {self.exit_status()}; "
                    f"the screen:\n{screen}"
                )
            time.sleep(POLL)

    def wait_for_text(self, *texts: str, timeout: float = TIMEOUT) -> str:
        return self.wait_for(
            " and ".join(repr(t) for t in texts),
            lambda screen: all(t in screen for t in texts),
            timeout,
        )

    def wait_for_exit(self, timeout: float = TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while (status := self.exit_status()) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"meshtui did not exit; the screen:\n{self.screen()}")
            time.sleep(POLL)
        return status


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(require_tmux(), tmp_path)
    try:
        yield server
    finally:
        server.close()


def app_env(tmp_path: Path, **extra: str | None) -> dict[str, str | None]:
    """Temporary data and config folders, and the terminal's TERM (None removes a variable)."""
    env: dict[str, str | None] = {
        "MESHTUI_DATA_DIR": str(tmp_path / "data"),
        "MESHTUI_CONFIG_DIR": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        # Colour on unless a test asks for NO_COLOR (Textual honours even an empty one).
        "NO_COLOR": None,
        "FORCE_COLOR": None,
        "COLUMNS": None,
        "LINES": None,
    }
    env.update(extra)
    return env


def footer(screen: str) -> str:
    return screen.rstrip("\n").splitlines()[-1]


def note_is_focused(screen: str) -> bool:
    """While the note has focus, the footer stops offering the rating keys."""
    return "1-5" not in footer(screen)


def strip_for(scores: Sequence[int | None]) -> str:
    """The progress strip's overview, e.g. ``A4 B3 C- ...``."""
    return " ".join(
        f"{letter}{'-' if s is None else s}"
        for (_, letter, _), s in zip(CRITERIA, scores, strict=True)
    )


def shows_criterion(index: int) -> Callable[[str], bool]:
    """The progress strip's position and title, e.g. ``3/8  C  Executive support``."""
    _, letter, title = CRITERIA[index]
    pattern = re.compile(rf"\b{index + 1}/8\s+(?:{letter}\s+)?{re.escape(title)}")
    return lambda screen: pattern.search(screen) is not None


def score_rows(screen: str) -> dict[str, list[str]]:
    """The summary's table rows on screen, by letter: [title, score, band, note]."""
    rows = {}
    letters = {letter for _, letter, _ in CRITERIA}
    for line in screen.splitlines():
        cells = [cell.strip() for cell in re.split(r"[│|┃]", line)]
        if len(cells) >= 5 and cells[0] in letters:
            rows[cells[0]] = cells[1:5]
    return rows


def test_answer_all_quit_check_file_and_resume(tmux: Tmux, tmp_path: Path) -> None:
    program = str(meshtui_program())
    env = app_env(tmp_path)
    tmux.start([program, "new", "E2E check", "--org", "Acme", "--participant", "Ana"], env)
    assert tmux.size() == (80, 24)
    tmux.wait_for_text("Who are you?", "0  facilitator (agreed score)")
    tmux.keys("0")  # the agreed scores
    tmux.wait_for("the question to be answered", lambda screen: "Who are you?" not in screen)
    tmux.wait_for("the first criterion", shows_criterion(0))

    answered: list[int | None] = [None] * 8
    for index, score in enumerate(SCORES):
        tmux.wait_for(f"criterion {index + 1}", shows_criterion(index))
        tmux.keys(str(score))
        answered[index] = score
        screen = tmux.wait_for_text(f"Rated {score}", strip_for(answered))
        assert f"[{score}]" in screen, screen

        if index == NOTE_AT:
            tmux.keys("e")
            tmux.wait_for("the note to take focus", note_is_focused)
            tmux.type(NOTE)
            tmux.wait_for_text(NOTE)
            tmux.keys("Escape")
            screen = tmux.wait_for("the note to let go", lambda s: not note_is_focused(s))
            # The digits went into the note, not into the score.
            assert f"Rated {score}" in screen, screen
            assert strip_for(answered) in screen, screen
            assert NOTE in screen, screen

        if index < 7:
            tmux.keys("Right")
    tmux.wait_for_text("8/8 answered", strip_for(SCORES))

    tmux.keys("q")
    assert tmux.wait_for_exit() == 0

    files = sorted((tmp_path / "data" / "sessions").glob("*.toml"))
    assert len(files) == 1, files
    data = tomllib.loads(files[0].read_text(encoding="utf-8"))
    assert data["name"] == "E2E check"
    assert data["organization"] == "Acme"
    assert data["participants"] == ["Ana"]
    for (criterion_id, _, _), score in zip(CRITERIA, SCORES, strict=True):
        assert data["answers"][criterion_id]["score"] == score, (criterion_id, data)
    note_id = CRITERIA[NOTE_AT][0]
    assert data["answers"][note_id]["note"] == NOTE
    others = [data["answers"][cid].get("note", "") for cid, _, _ in CRITERIA if cid != note_id]
    assert others == [""] * 7

    # Resume: a complete session opens at its summary, the questions under it.
    tmux.kill()
    tmux.start([program, "resume", "E2E check"], env)
    tmux.wait_for_text("Who are you?")
    tmux.keys("0")
    tmux.wait_for("the question to be answered", lambda screen: "Who are you?" not in screen)
    verdict = "Best positioned" if min(SCORES) >= 3 else "Not yet"
    tmux.wait_for_text(f"Verdict: {verdict}", "summary")
    # The scores table is below the radar and the verdict at 80x24: scroll to it
    # a line at a time (how far a page goes depends on the length of the text).
    screen = tmux.screen()
    for _ in range(60):
        if len(score_rows(screen)) == 8:
            break
        tmux.keys("Down")
        screen = tmux.wait_for("the summary to scroll", screen.__ne__)
    assert len(score_rows(screen)) == 8, screen
    rows = score_rows(screen)
    for (_, letter, title), score in zip(CRITERIA, SCORES, strict=True):
        assert rows[letter][:2] == [title, str(score)], (letter, screen)
    assert rows[CRITERIA[NOTE_AT][1]][-1] == NOTE, screen

    tmux.keys("Escape")
    screen = tmux.wait_for_text(strip_for(SCORES), "8/8 answered")
    assert shows_criterion(0)(screen), screen
    assert f"Rated {SCORES[0]}" in screen, screen

    tmux.keys("q")
    assert tmux.wait_for_exit() == 0
    # Resuming and quitting changed nothing.
    assert tomllib.loads(files[0].read_text(encoding="utf-8"))["answers"] == data["answers"]


def test_home_screen_with_no_color_on_the_linux_console(tmux: Tmux, tmp_path: Path) -> None:
    env = app_env(tmp_path, NO_COLOR="1", TERM="linux")
    tmux.start([str(meshtui_program())], env)
    screen = tmux.wait_for_text("Is your organization ready for data mesh?", "No saved sessions")
    assert "meshtui" in screen.splitlines()[0], screen
    tmux.keys("q")
    assert tmux.wait_for_exit() == 0


def test_pair_rates_separately_discusses_and_agrees(tmux: Tmux, tmp_path: Path) -> None:
    """Two people at one terminal: Tab switches who rates; a 2-point gap says DISCUSS."""
    program = str(meshtui_program())
    env = app_env(tmp_path)
    command = [program, "new", "Pair check", "--participant", "Ana", "--participant", "Ben"]
    tmux.start(command, env)
    tmux.wait_for_text("Who are you?")
    tmux.keys("0")  # the facilitator, at the keyboard for both
    tmux.wait_for("the question to be answered", lambda screen: "Who are you?" not in screen)

    tmux.keys("Tab", "2")
    tmux.wait_for_text("Ana rated 2", "Ana 2  Ben -")
    tmux.keys("Tab", "4")
    screen = tmux.wait_for_text("Ben rated 4", "DISCUSS: 2 apart")
    assert "A-!" in screen, screen  # nothing agreed yet, flagged in the progress line
    tmux.keys("Tab", "3")  # back to the agreed score: settle on 3
    screen = tmux.wait_for_text("Rated 3: Medium (agreed)", "settled at 3 (2 apart)", "A3 ")
    assert "A3!" not in screen and "DISCUSS" not in screen, screen

    tmux.keys("Right", "Tab", "4", "Tab", "4")  # B: both say 4, so 4 is agreed
    tmux.wait_for_text("Ana 4  Ben 4", "B4 ")
    screen = tmux.screen()
    assert "O agreed" in screen and "X Ana" in screen and "# Ben" in screen, screen

    tmux.keys("q")
    assert tmux.wait_for_exit() == 0
    [path] = (tmp_path / "data" / "sessions").glob("*.toml")
    answers = tomllib.loads(path.read_text(encoding="utf-8"))["answers"]
    assert answers["organizational_complexity"] == {"score": 3, "ratings": {"Ana": 2, "Ben": 4}}
    assert answers["data_oriented_strategy"] == {"score": 4, "ratings": {"Ana": 4, "Ben": 4}}


def test_two_logins_on_one_session_both_rate_and_see_each_other(tmux: Tmux, tmp_path: Path) -> None:
    """Two SSH logins, one session (issue 13): both edit, each sees the other's
    answers within its next look at the file, and both answers are saved."""
    program = str(meshtui_program())
    env = app_env(tmp_path)
    tmux.start([program, "new", "Shared", "--org", "Acme"], env)
    tmux.wait_for("the first criterion", shows_criterion(0))

    second = Tmux(tmux.tmux, tmp_path / "second")
    (tmp_path / "second").mkdir()
    try:
        second.start([program, "resume", "Shared"], env)
        screen = second.wait_for_text("Also here: facilitator")
        tmux.wait_for_text("Also here: facilitator")
        tmux.keys("4")
        tmux.wait_for_text("Rated 4")
        second.wait_for_text("A4 ")
        second.keys("Right", "2")
        second.wait_for_text("B2 ")
        tmux.wait_for_text("B2 ")
        tmux.keys("q")
        assert tmux.wait_for_exit() == 0
        second.keys("q")
        assert second.wait_for_exit() == 0
    finally:
        second.close()
    [path] = (tmp_path / "data" / "sessions").glob("*.toml")
    answers = tomllib.loads(path.read_text(encoding="utf-8"))["answers"]
    assert answers == {
        "organizational_complexity": {"score": 4},
        "data_oriented_strategy": {"score": 2},
    }, screen
    assert sorted(p.name for p in path.parent.glob(".*")) == []


def test_two_logins_rate_blind_at_once_then_both_ratings_show(tmux: Tmux, tmp_path: Path) -> None:
    """Issue 13: Ana and Ben in two windows on a blind session. Ana's rating is
    hidden from Ben until he rates; then both rate the next criterion at the same
    moment (the keys sent one right after the other) and both ratings show."""
    program = str(meshtui_program())
    env = app_env(tmp_path)
    new = [program, "new", "Blind", "--participant", "Ana", "--participant", "Ben", "--blind"]
    tmux.start([*new, "--as", "Ana"], env)
    tmux.wait_for("the first criterion", shows_criterion(0))

    ben = Tmux(tmux.tmux, tmp_path / "ben")
    (tmp_path / "ben").mkdir()
    try:
        ben.start([program, "resume", "Blind", "--as", "Ben"], env)
        ben.wait_for_text("Also here: Ana")
        tmux.keys("4")
        screen = ben.wait_for_text("Ana rated  Ben not yet")
        assert "Ana 4" not in screen, screen
        ben.keys("2")
        ben.wait_for_text("Ana 4  Ben 2  DISCUSS: 2 apart")
        tmux.wait_for_text("Ana 4  Ben 2  DISCUSS: 2 apart")
        # The next criterion, rated by both at once.
        tmux.keys("Right")
        ben.keys("Right")
        tmux.wait_for("the second criterion", shows_criterion(1))
        ben.wait_for("the second criterion", shows_criterion(1))
        tmux.keys("3")
        ben.keys("5")
        tmux.wait_for_text("Ana 3  Ben 5  DISCUSS: 2 apart")
        ben.wait_for_text("Ana 3  Ben 5  DISCUSS: 2 apart")
        for window in (tmux, ben):
            window.keys("q")
            assert window.wait_for_exit() == 0
    finally:
        ben.close()
    [path] = (tmp_path / "data" / "sessions").glob("*.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["blind"] is True
    assert data["answers"]["organizational_complexity"]["ratings"] == {"Ana": 4, "Ben": 2}
    assert data["answers"]["data_oriented_strategy"]["ratings"] == {"Ana": 3, "Ben": 5}


def test_reassessment_from_an_earlier_session_marks_carried_answers(
    tmux: Tmux, tmp_path: Path
) -> None:
    """`new --from OLD`: the old answers come pre-filled, marked ~ until confirmed."""
    program = str(meshtui_program())
    env = app_env(tmp_path)
    sessions = tmp_path / "data" / "sessions"
    sessions.mkdir(parents=True)
    answers = "".join(f"[answers.{cid}]\nscore = 3\n" for cid, _, _ in CRITERIA)
    (sessions / "q2.toml").write_text(
        'version = 1\nname = "Q2"\norganization = "Acme"\nparticipants = []\n'
        "created = 2026-05-01T09:00:00Z\nupdated = 2026-05-01T09:00:00Z\n" + answers,
        encoding="utf-8",
    )
    tmux.start([program, "new", "Q3", "--from", "Q2"], env)
    # Every answer is carried, so the session opens complete: at its summary.
    tmux.wait_for_text("Q3: summary", "X before (Q2)")
    tmux.keys("Escape")
    screen = tmux.wait_for_text("A3~ B3~", "carried, c confirms")
    tmux.keys("c")
    tmux.wait_for_text("A3 B3~")
    tmux.keys("Right", "4")  # a changed answer is no longer carried either
    tmux.wait_for_text("A3 B4 C3~")
    tmux.keys("q")
    assert tmux.wait_for_exit() == 0, screen

    data = tomllib.loads((sessions / "q3.toml").read_text(encoding="utf-8"))
    assert data["previous"] == "q2.toml"
    assert data["organization"] == "Acme"
    assert data["answers"]["organizational_complexity"] == {"score": 3}
    assert data["answers"]["data_oriented_strategy"] == {"score": 4}
    assert data["answers"]["executive_support"] == {"score": 3, "carried": True}


def test_all_eight_answered_in_one_burst(tmux: Tmux, tmp_path: Path) -> None:
    """One ``send-keys -l`` call: ratings, moves, a note typed straight after ``e`` and
    left with Tab, and Enter on the last criterion; every key lands where it was meant."""
    program = str(meshtui_program())
    tmux.start([program, "new", "Burst", "--org", "Acme"], app_env(tmp_path))
    tmux.wait_for("the first criterion", shows_criterion(0))
    first, rest = SCORES[: NOTE_AT + 1], SCORES[NOTE_AT + 1 :]
    burst = "n".join(map(str, first)) + f"e{NOTE}\tn" + "n".join(map(str, rest)) + "\r"
    tmux.type(burst)
    # Enter on the last criterion opened the summary.
    tmux.wait_for_text("Not yet", "Back")
    tmux.keys("q")
    assert tmux.wait_for_exit() == 0
    files = sorted((tmp_path / "data" / "sessions").glob("*.toml"))
    assert len(files) == 1, files
    data = tomllib.loads(files[0].read_text(encoding="utf-8"))
    scores = [data["answers"].get(criterion_id, {}).get("score") for criterion_id, _, _ in CRITERIA]
    assert scores == list(SCORES)
    notes = [data["answers"][criterion_id].get("note", "") for criterion_id, _, _ in CRITERIA]
    assert notes == [NOTE if index == NOTE_AT else "" for index in range(len(CRITERIA))]
