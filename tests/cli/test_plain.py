"""Plain mode (issue 11): the interview line by line, through real pipes and a real pty.

The pipe, end-of-input, resume, bad-input and no-terminal cases, the pty and
the signals run ``python -m meshtui`` as a real subprocess; the rest run
``main(argv)`` in this process with stdin as text. Each reads what a person, a
screen reader or a script would get: the output, the exit status, and the
session file on disk.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from meshtui.cli import plain_requested
from meshtui.content import load_content
from meshtui.model import CRITERION_IDS, MAX_NOTE_CHARS
from meshtui.plain import SCORE_PROMPT
from meshtui.presence import present
from tests.conftest import RunCli, RunCliProcess, cli_env

SavedSession = Callable[..., Path]

#: The issue's example: eight scores, each followed by an empty note.
EIGHT = "4\n\n3\n\n5\n\n2\n\n3\n\n4\n\n3\n\n3\n\n"
EIGHT_SCORES = [4, 3, 5, 2, 3, 4, 3, 3]
TIMEOUT = 60.0
#: Quiet after a prompt before the pty test types its answer.
QUIET = 0.05


def saved(data_dir: Path, name: str = "x") -> dict[str, object]:
    path = data_dir / "sessions" / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def scores_on_disk(data_dir: Path, name: str = "x") -> list[int | None]:
    answers = saved(data_dir, name).get("answers", {})
    assert isinstance(answers, dict)
    return [answers.get(cid, {}).get("score") for cid in CRITERION_IDS]


def spoken(output: str) -> str:
    """Output as one line of words: phrases are found wherever lines were wrapped."""
    return " ".join(output.split())


def leftovers(data_dir: Path) -> list[str]:
    """Hidden files beside the sessions: a write lock or a presence entry left behind."""
    return sorted(p.name for p in (data_dir / "sessions").glob(".*"))


def here(data_dir: Path, name: str = "x") -> list[str]:
    """Who has the session open now (meshtui.presence)."""
    return [p.who for p in present(data_dir / "sessions" / f"{name}.toml")]


# ---------------------------------------------------------------------------
# Piped answers


def test_the_issues_pipe_saves_eight_scores(run_cli_process: RunCliProcess, data_dir: Path) -> None:
    result = run_cli_process("new", "x", input=EIGHT)
    assert result.returncode == 0, result.stderr
    assert scores_on_disk(data_dir) == EIGHT_SCORES
    out = result.stdout
    assert "Criterion 3 of 8: Executive support" in out
    # A pipe shows nothing typed: each answer is repeated after its question.
    assert f"{SCORE_PROMPT}5\nNote (optional, Enter for none): \n" in out
    assert out.count(SCORE_PROMPT) == 8
    # The verdict in words, what comes next with each passage's credit, scores as a list.
    assert "Verdict: Not yet." in out
    content = load_content()
    weak = content.by_id("data_technology_at_core")
    assert spoken(f"{weak.title}: {weak.guidance} (the book: {weak.source})") in spoken(out)
    advice = spoken(f"{content.not_yet_next} (meshtui)")
    assert spoken(out).count(advice) == 1  # said once, before the book's reason
    assert spoken(out).index(advice) < spoken(out).index(spoken(weak.guidance))
    assert "- D. Data technology at core: 2, Low-Medium." in out
    assert "To change an answer: meshtui resume x --plain" in out
    # Plain text: no escape codes, no box drawing, no radar, nothing above ASCII.
    assert "\x1b" not in out
    assert all(32 <= ord(ch) < 127 or ch == "\n" for ch in out)
    assert "...." not in out
    assert result.stderr == ""
    assert leftovers(data_dir) == []


def test_each_criterion_shows_its_levels_and_the_two_voices(run_cli: RunCli) -> None:
    out = run_cli("new", "x", input="").stdout
    first = out.split("Criterion 1 of 8: Organizational complexity", 1)[1]
    assert first.index("The book's view, in meshtui's words:") < first.index(
        "meshtui's guide to the levels"
    )
    for number, level in ((1, "Low"), (3, "Medium"), (5, "High")):
        assert f"\n{number}. {level}: " in first
    assert "No score yet." in first
    # meshtui's question to rate by comes with its guide, before the levels.
    question = " ".join(load_content().criteria[0].question.split())
    flat = " ".join(first.split())
    assert flat.index("meshtui's guide to the levels") < flat.index(question)
    assert flat.index(question) < flat.index("1. Low:")


def test_end_of_input_half_way_keeps_the_answers_and_says_how_to_go_on(
    run_cli_process: RunCliProcess, data_dir: Path
) -> None:
    result = run_cli_process("new", "x", input="4\n\n3\nfirst note\n5\n")
    assert result.returncode == 0, result.stderr
    assert scores_on_disk(data_dir) == [4, 3, 5, None, None, None, None, None]
    assert saved(data_dir)["answers"]["data_oriented_strategy"]["note"] == "first note"  # type: ignore[index]
    assert "End of input. 3 of 8 criteria rated" in result.stdout
    assert "To go on: meshtui resume x --plain" in result.stdout
    assert leftovers(data_dir) == []


def test_resume_in_plain_mode_starts_at_the_first_open_criterion(
    run_cli_process: RunCliProcess, data_dir: Path
) -> None:
    run_cli_process("new", "x", input="4\n\n3\n\n5\n")
    result = run_cli_process("resume", "x", "--plain", input="\n2\n\n3\n\n4\n\n3\n\n3\n\n")
    # Criterion 3 had its score saved before the input ended; Enter keeps it.
    assert result.returncode == 0, result.stderr
    assert "starting at criterion 3" not in result.stdout
    assert "3 of 8 criteria are rated already; starting at criterion 4." in result.stdout
    assert "Criterion 3 of 8" not in result.stdout
    assert scores_on_disk(data_dir) == [4, 3, 5, 2, 3, 4, 3, 3]


def test_a_finished_session_is_walked_from_the_start_and_enter_keeps(
    run_cli: RunCli, data_dir: Path
) -> None:
    run_cli("new", "x", input=EIGHT)
    result = run_cli("resume", "x", input="\n\n0\n\n5\nnew note\n")
    assert "Current score: 4, Medium-High." in result.stdout
    assert scores_on_disk(data_dir) == [4, None, 5, 2, 3, 4, 3, 3]
    assert saved(data_dir)["answers"]["executive_support"]["note"] == "new note"  # type: ignore[index]


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ("9", "'9' is not a score"),
        ("x", "'x' is not a score"),
        ("", "There is no score to keep yet"),
        ("4.5", "'4.5' is not a score"),
        ("\x1b[31m", "'\\\\x1b[31m' is not a score"),
    ],
)
def test_bad_input_is_asked_again_with_one_line(
    run_cli_process: RunCliProcess, data_dir: Path, bad: str, said: str
) -> None:
    result = run_cli_process("new", "x", input=f"{bad}\n4\n\n")
    assert result.returncode == 0
    first = result.stdout.split("Criterion 2 of 8", 1)[0]
    assert first.count(SCORE_PROMPT) == 2
    complaint = [line for line in first.splitlines() if "not a score" in line or "no score" in line]
    assert len(complaint) == 1 and said in complaint[0]
    # One line: what follows it is the question again.
    after = first.splitlines()[first.splitlines().index(complaint[0]) + 1]
    assert after == "No score yet."
    assert "\x1b" not in result.stdout
    assert scores_on_disk(data_dir)[0] == 4


def test_question_mark_prints_the_full_text_then_asks_again(run_cli: RunCli) -> None:
    out = run_cli("new", "x", input="?\n3\n\n").stdout.split("Criterion 2 of 8", 1)[0]
    assert "Quotation from the book:" in out
    assert "meshtui's questions to discuss:" in out
    for question in load_content().criteria[0].questions:
        assert spoken(question) in spoken(out)
    assert out.count(SCORE_PROMPT) == 2


def test_a_note_can_be_kept_replaced_and_removed(run_cli: RunCli, data_dir: Path) -> None:
    run_cli("new", "x", input=EIGHT.replace("4\n\n", "4\nfirst\n", 1))
    run_cli("resume", "x", input="\n\n")  # a finished session starts at A; keep both
    assert saved(data_dir)["answers"]["organizational_complexity"]["note"] == "first"  # type: ignore[index]
    result = run_cli("resume", "x", input="\n-\n")
    assert "Current note: first" in result.stdout
    assert "note" not in saved(data_dir)["answers"]["organizational_complexity"]  # type: ignore[index]


def test_a_note_over_the_limit_is_asked_again(run_cli: RunCli, data_dir: Path) -> None:
    longest = "n" * MAX_NOTE_CHARS
    result = run_cli("new", "x", input=f"4\n{longest}x\nshort\n3\n{longest}\n")
    assert f"longer than {MAX_NOTE_CHARS} characters" in result.stdout
    answers = saved(data_dir)["answers"]
    assert isinstance(answers, dict)
    assert answers["organizational_complexity"]["note"] == "short"
    assert answers["data_oriented_strategy"]["note"] == longest  # at the limit: kept


def test_text_from_users_is_shown_literally(run_cli: RunCli) -> None:
    result = run_cli("new", "evil \x1b[2J\x07 name", input="4\nnote \x1b]0;x\x07\n")
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "evil \\x1b[2J\\x07 name" in result.stdout


def test_carried_answers_are_confirmed_by_enter(run_cli: RunCli, data_dir: Path) -> None:
    run_cli("new", "x", input=EIGHT)
    result = run_cli("new", "y", "--from", "x", input="\n\n")
    assert "carried over from the previous session; Enter confirms it" in spoken(result.stdout)
    answers = saved(data_dir, "y")["answers"]
    assert isinstance(answers, dict)
    assert "carried" not in answers["organizational_complexity"]
    assert answers["data_oriented_strategy"].get("carried") is True


def test_output_to_a_reader_that_went_away(data_dir: Path, tmp_path: Path) -> None:
    """``meshtui new x | head -1``: no traceback, and the session is there."""
    script = f"'{sys.executable}' -m meshtui new x | head -1"
    result = subprocess.run(
        ["/bin/sh", "-c", script],
        input=EIGHT,
        capture_output=True,
        text=True,
        env=cli_env(data_dir),
        cwd=tmp_path,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.stdout == "meshtui, plain mode. Session x.\n"
    assert "Traceback" not in result.stderr
    assert leftovers(data_dir) == []


# ---------------------------------------------------------------------------
# --as: rating as a participant


def test_as_rates_as_that_participant(run_cli: RunCli, data_dir: Path) -> None:
    first = run_cli(
        "new", "x", "--participant", "Ana", "--participant", "Ben", "--as", "Ana", input=EIGHT
    )
    assert first.returncode == 0, first.stderr
    assert "You rate as Ana" in first.stdout
    assert "To change an answer: meshtui resume x --plain --as Ana" in first.stdout
    answers = saved(data_dir)["answers"]
    assert isinstance(answers, dict)
    assert [answers[cid]["ratings"]["Ana"] for cid in CRITERION_IDS] == EIGHT_SCORES
    assert scores_on_disk(data_dir) == [None] * 8  # Ben has not rated: nothing agreed yet
    # Ben rates the same but for C: the matching ones become the agreed score.
    ben = EIGHT.replace("4\n\n3\n\n5", "4\n\n3\n\n1", 1)
    second = run_cli("resume", "x", "--as", "Ben", input=ben)
    assert second.returncode == 0, second.stderr
    assert "Ana" not in second.stdout.split("Summary of x")[0]  # no anchoring on Ana's rating
    assert scores_on_disk(data_dir) == [4, 3, None, 2, 3, 4, 3, 3]
    said = spoken(second.stdout)
    assert "C. Executive support: not answered. Ben rated 1. Ratings are 2 or more apart" in said


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("new", "x", "--participant", "Ana", "--as", "Zoe"), "'Zoe' is not a participant"),
        (("new", "x", "--as", "Zoe"), "this session has no participants"),
    ],
)
def test_as_an_unknown_name_is_a_one_line_error_and_creates_nothing(
    run_cli: RunCli, data_dir: Path, args: tuple[str, ...], said: str
) -> None:
    result = run_cli(*args, input=EIGHT)
    assert result.returncode == 2
    assert result.stderr.startswith("meshtui: error: ") and said in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (data_dir / "sessions" / "x.toml").exists()


def test_resume_as_an_unknown_name(run_cli: RunCli, data_dir: Path) -> None:
    run_cli("new", "x", "--participant", "Ana", input="")
    result = run_cli("resume", "x", "--as", "ana", input="4\n")
    assert result.returncode == 2
    assert "'ana' is not a participant of this session ('Ana')" in result.stderr
    assert scores_on_disk(data_dir) == [None] * 8


# ---------------------------------------------------------------------------
# When plain mode starts, and when nothing full-screen does


def test_bare_meshtui_without_a_terminal_says_how(run_cli_process: RunCliProcess) -> None:
    result = run_cli_process(input="")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no terminal" in result.stderr and "meshtui new NAME --plain" in result.stderr
    assert result.stdout == ""


def test_bare_meshtui_in_a_dumb_terminal_says_how(data_dir: Path, tmp_path: Path) -> None:
    env = cli_env(data_dir, {"TERM": "dumb"})
    status, output = run_in_pty([], env, [], tmp_path)
    assert status == 2
    assert b"\x1b" not in output
    assert output.count(b"\n") == 1 and b"plain mode" in output and b"--plain" in output


def test_a_terminal_on_stdout_only_is_not_enough(
    run_cli_process: RunCliProcess, data_dir: Path
) -> None:
    """stdout on a pty but answers piped in: plain mode, not the full screen."""
    result = run_cli_process("new", "x", input=EIGHT, terminal=(80, 24))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert scores_on_disk(data_dir) == EIGHT_SCORES


@pytest.mark.parametrize(
    ("environ", "wanted"),
    [
        ({"TERM": "dumb"}, True),
        ({"TERM": "xterm", "ACCESSIBLE": "1"}, True),
        ({"TERM": "xterm", "MESHTUI_PLAIN": "yes"}, True),
        ({"TERM": "xterm", "ACCESSIBLE": "", "MESHTUI_PLAIN": ""}, False),
        ({"TERM": "xterm-256color"}, False),
        ({}, False),
    ],
)
def test_plain_requested(environ: Mapping[str, str], wanted: bool) -> None:
    assert plain_requested(environ) is wanted


def run_in_pty(
    args: list[str], env: dict[str, str], typed: list[bytes], cwd: Path
) -> tuple[int, bytes]:
    """Run meshtui with stdin, stdout and stderr on one pseudo-terminal (80x24).

    Each item of ``typed`` is written once the program waits for input (its
    output ends with a prompt's ``": "`` and has gone quiet for QUIET seconds:
    a prompt is flushed whole, every other line ends with a line end); returns
    the exit status and every byte it wrote.
    """
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "meshtui", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    os.close(slave)
    output = bytearray()
    pending = list(typed)
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], QUIET)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the program closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif pending and output.endswith(b": "):
                os.write(master, pending.pop(0))
            elif process.poll() is not None:
                break
        else:
            process.kill()
            pytest.fail(f"meshtui did not finish; it wrote {bytes(output[-400:])!r}")
    finally:
        os.close(master)
    return process.wait(timeout=TIMEOUT), bytes(output)


@pytest.mark.parametrize(
    "environ",
    [{"TERM": "dumb"}, {"ACCESSIBLE": "1"}, {"MESHTUI_PLAIN": "1"}],
    ids=["TERM=dumb", "ACCESSIBLE", "MESHTUI_PLAIN"],
)
def test_plain_mode_by_itself_in_a_real_terminal(
    data_dir: Path, tmp_path: Path, environ: dict[str, str]
) -> None:
    env = cli_env(data_dir, {"TERM": "xterm-256color", "NO_COLOR": None, **environ})
    typed = [b"9\n", b"4\n", b"\n", b"3\n", b"a note\n", b"\x04"]  # \x04: Ctrl-D, end of input
    status, output = run_in_pty(["new", "x"], env, typed, tmp_path)
    assert status == 0, output
    assert b"\x1b" not in output  # no alternate screen, no colour, no cursor moves
    assert b"Criterion 1 of 8: Organizational complexity" in output
    assert b"'9' is not a score" in output
    assert b"End of input. 2 of 8 criteria rated" in output
    assert max(output) < 0x7F
    assert scores_on_disk(data_dir)[:3] == [4, 3, None]


# ---------------------------------------------------------------------------
# Signals and other programs


def start_plain(data_dir: Path, tmp_path: Path, answers: str) -> subprocess.Popen[bytes]:
    """Plain mode on pipes, ``answers`` given and the pipe left open; returns once
    the third criterion is asked."""
    process = subprocess.Popen(
        [sys.executable, "-m", "meshtui", "new", "x"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(data_dir),
        cwd=tmp_path,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(answers.encode())
    process.stdin.flush()
    seen = bytearray()
    deadline = time.monotonic() + TIMEOUT
    while b"Criterion 3 of 8" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            seen += os.read(process.stdout.fileno(), 65536)
    assert b"Criterion 3 of 8" in seen, bytes(seen)
    return process


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_plain_mode_with_the_answers_saved(
    data_dir: Path, tmp_path: Path, signum: int
) -> None:
    process = start_plain(data_dir, tmp_path, "4\nkept note\n3\n\n")
    assert here(data_dir) == ["facilitator"]
    process.send_signal(signum)
    assert process.wait(timeout=TIMEOUT) == 128 + signum
    assert process.stdout is not None
    rest = process.stdout.read().decode()
    if signum == signal.SIGINT:  # Ctrl-C: said like the end of input
        assert "Interrupted. 2 of 8 criteria rated" in rest
    else:  # the terminal may be gone: nothing more is said
        assert "criteria rated" not in rest and "To go on" not in rest
    assert process.stderr is not None and b"Traceback" not in process.stderr.read()
    for stream in (process.stdin, process.stdout, process.stderr):
        assert stream is not None
        stream.close()
    assert scores_on_disk(data_dir)[:3] == [4, 3, None]
    assert saved(data_dir)["answers"]["organizational_complexity"]["note"] == "kept note"  # type: ignore[index]
    assert leftovers(data_dir) == []


def test_a_session_open_elsewhere_is_answered_by_both(
    run_cli: RunCli, data_dir: Path, tmp_path: Path
) -> None:
    """Two plain-mode programs on one session (issue 13): both answers are kept."""
    process = start_plain(data_dir, tmp_path, "4\n\n3\n\n")
    try:
        result = run_cli("resume", "x", input="5\n")
    finally:
        process.terminate()
        process.wait(timeout=TIMEOUT)
        for stream in (process.stdin, process.stdout, process.stderr):
            assert stream is not None
            stream.close()
    assert result.returncode == 0, result.stderr
    assert scores_on_disk(data_dir)[:3] == [4, 3, 5]
    assert leftovers(data_dir) == []
