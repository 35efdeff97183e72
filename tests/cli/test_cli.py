"""The ``meshtui`` command line (issue section 6).

Most tests run ``main(argv)`` in this process (``run_cli``); the few that need
a real process (the console script, a pseudo-terminal, the folder it starts
in) run one (``run_cli_process``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from meshtui import __version__
from meshtui.content import EXAMPLE_NOTICE, example_session_path
from meshtui.model import CRITERION_IDS
from tests.conftest import RunCli, RunCliProcess

SavedSession = Callable[..., Path]

BRAILLE = re.compile("[\u2800-\u28ff]")
HOSTILE = "[bold]x[/] [/] [red \x1b[31mred\x07"
COMMANDS = ("new", "resume", "list", "show", "compare", "delete", "rename")
WIDE = {"COLUMNS": "300"}

GOOD_HEAD = """\
version = 1
name = "Broken"
participants = []
created = 2026-01-31T09:00:00Z
updated = 2026-01-31T09:00:00Z
"""
#: Unreadable files: content and words the one-line error must contain.
BAD_FILES: dict[str, tuple[bytes, list[str]]] = {
    "not-toml": (b"version = 1\nname = \n", ["not valid TOML", "line 2, column 8"]),
    "wrong-type": (
        GOOD_HEAD.replace("participants = []", "participants = 3").encode(),
        ["'participants'"],
    ),
    "unknown-criterion": (
        GOOD_HEAD.encode() + b"\n[answers.blockchain]\nscore = 5\n",
        ["unknown criterion", "blockchain", "line 7"],
    ),
    "score-out-of-range": (
        GOOD_HEAD.encode() + b"\n[answers.early_adopter]\nscore = 6\n",
        ["answers.early_adopter.score", "1 to 5"],
    ),
    "newer-version": (
        GOOD_HEAD.replace("version = 1", "version = 2").encode(),
        ["newer", "upgrade"],
    ),
    "empty": (b"", ["empty"]),
    "not-utf8": (b'version = 1\nname = "\xff"\n', ["UTF-8"]),
}


def check_one_error_line(result: subprocess.CompletedProcess[str], status: int) -> str:
    """The run failed with ``status`` and one ``meshtui: error:`` line; returns that line."""
    assert result.returncode == status, (result.stdout, result.stderr)
    stderr = result.stderr
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("meshtui: error: ")
    assert stderr.endswith("\n")
    return lines[0]


def no_escapes(text: str) -> None:
    """No ESC, BEL, C1 CSI or DEL: nothing a terminal would act on."""
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\x9b" not in text
    assert "\x7f" not in text


# ---------------------------------------------------------------------------
# Version and help


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout == f"meshtui {__version__}\n"


def test_help_lists_commands(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: meshtui")
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", result.stdout, re.MULTILINE), command
    assert "--data-dir" in result.stdout
    assert "--version" in result.stdout
    assert "readiness" in result.stdout
    assert result.stderr == ""


COMMAND_OPTIONS = {
    "new": ["NAME", "--org", "--participant"],
    "resume": ["NAME|PATH"],
    "list": ["--json"],
    "show": ["NAME|PATH", "--example", "--format", "--braille", "--output", "markdown", "json"],
    "compare": ["EARLIER", "LATER", "--format", "--braille", "--output"],
    "delete": ["NAME|PATH", "--yes"],
    "rename": ["OLD", "NEW"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(run_cli: RunCli, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: meshtui {command}")
    assert "--data-dir" in result.stdout
    for word in COMMAND_OPTIONS[command]:
        assert word in result.stdout, word
    # A sentence saying what the command does, not just the usage line.
    description = result.stdout.split("\n\n")[1]
    assert len(description.split()) >= 4


# ---------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    "args",
    [
        ["bogus"],
        ["show"],
        ["show", "--example", "extra-name"],
        ["show", "--example", "--format", "xml"],
        ["show", "--example", "--braile"],
        ["compare", "only-one"],
        ["delete"],
        ["rename", "only-old"],
        ["--data-dir"],
        ["list", "extra"],
        ["list", "extra\nline", "\x1b[31mred"],
    ],
)
def test_usage_errors_exit_2_with_one_line(run_cli: RunCli, args: list[str]) -> None:
    result = run_cli(*args)
    line = check_one_error_line(result, 2)
    assert result.stdout == ""
    no_escapes(result.stderr)
    assert len(line) > len("meshtui: error: ") + 5


def test_unknown_session_exits_1_naming_it(run_cli: RunCli, saved_session: SavedSession) -> None:
    saved_session("Q3")
    line = check_one_error_line(run_cli("show", "Q4"), 1)
    assert "'Q4'" in line
    assert "meshtui list" in line


def test_missing_path_exits_1_naming_it(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "elsewhere" / "q4.toml"
    line = check_one_error_line(run_cli("show", missing), 1)
    assert str(missing) in line
    assert "no such file" in line


def test_error_text_from_arguments_is_shown_literally(run_cli: RunCli) -> None:
    result = run_cli("show", "a\nb\x1b[2J")
    line = check_one_error_line(result, 1)
    no_escapes(result.stderr)
    assert "\\x1b[2J" in line


def write_bad(folder: Path, case: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{case}.toml"
    path.write_bytes(BAD_FILES[case][0])
    return path


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_unreadable_file_errors_and_is_never_rewritten(
    run_cli: RunCli, data_dir: Path, saved_session: SavedSession, case: str
) -> None:
    saved_session("Good one", [3] * 8)
    path = write_bad(data_dir / "sessions", case)
    before = path.read_bytes()
    for args in (
        ["show", str(path)],
        ["show", path.name],
        ["show", str(path), "--format", "json"],
        ["rename", str(path), "Fixed"],
        ["compare", str(path), "Good one"],
    ):
        line = check_one_error_line(run_cli(*args), 1)
        assert str(path) in line, (args, line)
        for word in BAD_FILES[case][1]:
            assert word in line, (args, word, line)
    listing = run_cli("list", env=WIDE)
    assert listing.returncode == 0, listing.stderr
    row = next(line for line in listing.stdout.splitlines() if path.name in line)
    assert "unreadable" in row
    for word in BAD_FILES[case][1]:
        assert word in row
    assert "Good one" in listing.stdout
    as_json = json.loads(run_cli("list", "--json").stdout)
    assert [item["error"] is None for item in as_json] == [True, False]
    assert as_json[1]["path"] == str(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(["good-one.toml", path.name])


def test_a_folder_is_reported_not_read(run_cli: RunCli, data_dir: Path) -> None:
    folder = data_dir / "sessions" / "odd.toml"
    folder.mkdir(parents=True)
    line = check_one_error_line(run_cli("show", str(folder)), 1)
    assert str(folder) in line and "folder" in line
    line = check_one_error_line(run_cli("show", "odd.toml"), 1)
    assert "folder" in line
    listing = run_cli("list", env=WIDE)
    assert listing.returncode == 0
    assert "odd.toml" in listing.stdout and "folder" in listing.stdout
    assert folder.is_dir()


def test_output_to_a_missing_folder_exits_1(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.md"
    line = check_one_error_line(
        run_cli("show", "--example", "--format", "markdown", "-o", target), 1
    )
    assert str(target) in line
    assert not target.parent.exists()


def test_new_refuses_a_name_already_taken(run_cli: RunCli, saved_session: SavedSession) -> None:
    path = saved_session("Q3", [3] * 8)
    before = path.read_bytes()
    line = check_one_error_line(run_cli("new", "Q3"), 1)
    assert "already exists" in line
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------
# list


def test_list_empty_folder(run_cli: RunCli, data_dir: Path) -> None:
    result = run_cli("list")
    assert result.returncode == 0
    assert "No sessions yet" in result.stdout
    assert str(data_dir / "sessions") in result.stdout
    assert "meshtui new" in result.stdout
    assert json.loads(run_cli("list", "--json").stdout) == []


def test_list_shows_progress_verdict_and_update(
    run_cli: RunCli, saved_session: SavedSession
) -> None:
    from datetime import UTC, datetime

    saved_session(
        "Ready team",
        [3] * 8,
        organization="Acme",
        updated=datetime(2026, 3, 1, 12, 30, tzinfo=UTC),
    )
    saved_session("Halfway", [1, 2, 3, None, None, None, None, None], organization="Beta")
    result = run_cli("list", env=WIDE)
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    ready = next(r for r in rows if "Ready team" in r)
    assert "Acme" in ready and "8/8" in ready and "Best positioned" in ready
    assert "2026-03-01 12:30" in ready
    halfway = next(r for r in rows if "Halfway" in r)
    assert "Beta" in halfway and "3/8" in halfway and "Incomplete" in halfway
    no_escapes(result.stdout)


def test_list_json(run_cli: RunCli, saved_session: SavedSession, data_dir: Path) -> None:
    path = saved_session("Q3", [3, 3, 3, 3, 3, 3, 3, 1], organization="Acme")
    write_bad(data_dir / "sessions", "empty")
    result = run_cli("list", "--json")
    assert result.returncode == 0
    items = json.loads(result.stdout)
    assert items[0] == {
        "path": str(path),
        "name": "Q3",
        "organization": "Acme",
        "answered": 8,
        "verdict": "not-yet",
        "updated": "2026-01-31T09:00:00+00:00",
        "error": None,
    }
    assert items[1]["name"] is None
    assert items[1]["error"] == "the file is empty"


# ---------------------------------------------------------------------------
# show


def test_show_example_in_every_format(run_cli: RunCli) -> None:
    text = run_cli("show", "--example", env=WIDE)
    assert text.returncode == 0, text.stderr
    assert "Daff" in text.stdout
    assert "Verdict:" in text.stdout
    markdown = run_cli("show", "--example", "--format", "markdown")
    assert markdown.returncode == 0
    assert markdown.stdout.startswith("# ")
    assert "```text" in markdown.stdout
    data = json.loads(run_cli("show", "--example", "--format", "json").stdout)
    assert [c["id"] for c in data["criteria"]] == list(CRITERION_IDS)
    assert "Daff" in data["organization"]
    assert data["answered"] == 8
    assert data["verdict"] in ("ready", "not-yet")


def test_show_example_says_its_answers_are_invented(run_cli: RunCli) -> None:
    text = run_cli("show", "--example", env=WIDE)
    assert text.stdout.startswith(EXAMPLE_NOTICE + "\n")
    assert "invented" in text.stdout
    for fmt in ("markdown", "json", "csv"):
        result = run_cli("show", "--example", "--format", fmt)
        assert "invented example" in result.stdout, fmt
        assert EXAMPLE_NOTICE not in result.stdout, fmt
    data = json.loads(run_cli("show", "--example", "--format", "json").stdout)
    assert data["name"].endswith("(invented example)")


@pytest.mark.parametrize("how", ["name", "slug", "path", "relative-path"])
def test_show_by_name_slug_or_path(
    run_cli: RunCli, saved_session: SavedSession, tmp_path: Path, how: str
) -> None:
    if how in ("path", "relative-path"):
        path = saved_session("Shared Q3", [4] * 8, path=tmp_path / "team" / "q3.toml")
    else:
        path = saved_session("Shared Q3", [4] * 8)
    arg = {
        "name": "Shared Q3",
        "slug": "shared-q3",
        "path": str(path),
        "relative-path": "team/q3.toml",
    }[how]
    result = run_cli("show", arg, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["name"] == "Shared Q3"
    assert [c["score"] for c in data["criteria"]] == [4] * 8
    assert data["verdict"] == "ready"


def test_show_text_report_contents(run_cli: RunCli, saved_session: SavedSession) -> None:
    saved_session(
        "Q3",
        [1, 5, 5, 5, 5, 5, 2, 5],
        {"executive_support": "CFO on board"},
        organization="Acme",
        participants=["Ann", "Bo"],
    )
    result = run_cli("show", "Q3", env=WIDE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Q3" in out and "Acme" in out and "Ann, Bo" in out
    assert "Organizational complexity" in out and "Long-term commitment" in out
    assert "CFO on board" in out
    assert "Verdict: Not yet" in out
    assert "meshtui's warning: organizational complexity is below Medium" in out
    assert "Medium-High" not in out and "Low-Medium" in out and "High" in out
    no_escapes(out)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_output_file(run_cli: RunCli, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    result = run_cli("show", "--example", "--format", fmt, "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert str(target) in result.stderr
    written = target.read_text(encoding="utf-8")
    no_escapes(written)
    if fmt == "text":
        assert "Verdict:" in written
    else:
        assert written == run_cli("show", "--example", "--format", fmt).stdout
    if fmt == "json":
        assert len(json.loads(written)["criteria"]) == 8


@pytest.mark.parametrize(
    "env", [{"NO_COLOR": "1"}, {"NO_COLOR": None}, {"NO_COLOR": None, "TERM": "xterm-256color"}]
)
def test_piped_output_is_plain(run_cli: RunCli, env: dict[str, str | None]) -> None:
    for args in (["show", "--example"], ["list"], ["show", "--example", "--braille"]):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
        no_escapes(result.stdout)


def test_braille(run_cli: RunCli) -> None:
    for fmt in ("text", "markdown"):
        plain = run_cli("show", "--example", "--format", fmt)
        braille = run_cli("show", "--example", "--format", fmt, "--braille")
        assert braille.returncode == 0
        assert BRAILLE.search(braille.stdout), fmt
        assert not BRAILLE.search(plain.stdout), fmt


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_markup_and_escapes_in_files_are_printed_literally(
    run_cli: RunCli, saved_session: SavedSession, fmt: str
) -> None:
    path = saved_session(
        HOSTILE,
        [3] * 8,
        {"early_adopter": HOSTILE, "long_term_commitment": "[/]"},
        organization="[red",
        participants=["[/bold]"],
    )
    result = run_cli("show", str(path), "--format", fmt, env=WIDE)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    no_escapes(result.stdout)
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["name"] == HOSTILE
        assert data["organization"] == "[red"
        assert data["criteria"][4]["note"] == HOSTILE
        assert data["criteria"][7]["note"] == "[/]"
    elif fmt == "markdown":
        assert "\\[bold]x\\[/]" in result.stdout
        # Rendered by GitHub as the visible text \x1b[31mred\x07 (a backslash before
        # a letter is a backslash in CommonMark).
        assert "\\x1b\\[31mred\\x07" in result.stdout
    else:
        assert "[bold]x[/]" in result.stdout
        assert "\\x1b[31mred\\x07" in result.stdout
        assert "[red" in result.stdout
        assert "[/bold]" in result.stdout


def test_markup_in_names_is_literal_in_list(
    run_cli: RunCli, saved_session: SavedSession, data_dir: Path
) -> None:
    name = HOSTILE + " \x9b2J \x7f"
    saved_session(name, organization="[/]")
    # An unreadable file whose own name holds an escape sequence.
    (data_dir / "sessions" / "evil\x1b[2J.toml").write_text("", encoding="utf-8")
    result = run_cli("list", env=WIDE)
    assert result.returncode == 0, result.stderr
    no_escapes(result.stdout)
    assert "[bold]x[/]" in result.stdout
    assert "\\x9b2J" in result.stdout
    assert "evil\\x1b[2J.toml" in result.stdout
    listed = run_cli("list", "--json")
    no_escapes(listed.stdout)
    items = json.loads(listed.stdout)
    assert items[0]["name"] == name
    assert items[1]["path"].endswith("evil\x1b[2J.toml")


# ---------------------------------------------------------------------------
# compare


@pytest.fixture
def two_sessions(saved_session: SavedSession) -> tuple[Path, Path]:
    first = saved_session("Q2", [1, 3, 5, 3, 3, 3, 3, 3])
    second = saved_session("Q3", [3, 3, 4, 3, 3, 3, 3, 3])
    return first, second


def test_compare_json(run_cli: RunCli, two_sessions: tuple[Path, Path]) -> None:
    result = run_cli("compare", "Q2", "Q3", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["a"] == {"name": "Q2", "verdict": "not-yet"}
    assert data["b"] == {"name": "Q3", "verdict": "ready"}
    assert [c["id"] for c in data["criteria"]] == list(CRITERION_IDS)
    assert [c["direction"] for c in data["criteria"]][:3] == ["up", "unchanged", "down"]
    assert [c["change"] for c in data["criteria"]][:3] == [2, 0, -1]


def test_compare_text_and_markdown(run_cli: RunCli, two_sessions: tuple[Path, Path]) -> None:
    text = run_cli("compare", "Q2", str(two_sessions[1]), env=WIDE)
    assert text.returncode == 0, text.stderr
    for word in ("Q2", "Q3", "up +2", "down -1", "unchanged", "Not yet", "Best positioned"):
        assert word in text.stdout, word
    no_escapes(text.stdout)
    # The sessions are named by role and name, never "A"/"B" beside axes A-H.
    assert "Earlier: Q2 - Not yet" in text.stdout
    assert "Later: Q3 - Best positioned" in text.stdout
    assert "O Q3 (later)" in text.stdout and "X Q2 (earlier)" in text.stdout
    assert not re.search(r"^\s*[AB]: |\W[AB] \u2503", text.stdout, re.MULTILINE)
    markdown = run_cli("compare", "Q2", "Q3", "--format", "markdown")
    assert markdown.returncode == 0
    assert "- **Earlier:** Q2 - Not yet" in markdown.stdout
    rows = [r for r in markdown.stdout.splitlines() if r.startswith("| ")]
    assert len(rows) == 9  # header and eight criteria
    assert rows[0] == "| # | Criterion | Earlier | Later | Change |"
    assert "| 1 | 3 | up +2 |" in rows[1]
    plain = run_cli("compare", "Q2", "Q3", "--format", "plain")
    assert "Organizational complexity: earlier 1, later 3, change up +2." in plain.stdout
    assert "```text" in markdown.stdout
    braille = run_cli("compare", "Q2", "Q3", "--braille")
    assert BRAILLE.search(braille.stdout)


# ---------------------------------------------------------------------------
# delete and rename


def test_delete_with_yes(run_cli: RunCli, saved_session: SavedSession) -> None:
    path = saved_session("Q3")
    keep = saved_session("Q4")
    result = run_cli("delete", "Q3", "--yes")
    assert result.returncode == 0, result.stderr
    assert str(path) in result.stdout
    assert not path.exists()
    assert keep.exists()
    check_one_error_line(run_cli("show", "Q3"), 1)


def test_delete_without_yes_and_no_terminal_keeps_the_file(
    run_cli: RunCli, saved_session: SavedSession
) -> None:
    path = saved_session("Q3")
    before = path.read_bytes()
    line = check_one_error_line(run_cli("delete", "Q3", input="y\n"), 2)
    assert "--yes" in line
    assert path.read_bytes() == before


def test_delete_unknown_exits_1(run_cli: RunCli) -> None:
    check_one_error_line(run_cli("delete", "nothing", "-y"), 1)


def test_rename_then_show(run_cli: RunCli, saved_session: SavedSession) -> None:
    old = saved_session("Q3 draft", [4] * 8)
    result = run_cli("rename", "Q3 draft", "Q3 [final]")
    assert result.returncode == 0, result.stderr
    assert "Q3 [final]" in result.stdout
    assert not old.exists()
    shown = run_cli("show", "Q3 [final]", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["name"] == "Q3 [final]"
    check_one_error_line(run_cli("show", "Q3 draft"), 1)


def test_rename_to_a_taken_name_exits_1(run_cli: RunCli, saved_session: SavedSession) -> None:
    first = saved_session("Q3")
    saved_session("Q4")
    before = first.read_bytes()
    line = check_one_error_line(run_cli("rename", "Q3", "Q4"), 1)
    assert "already exists" in line
    assert first.read_bytes() == before


# ---------------------------------------------------------------------------
# Where sessions live


@pytest.mark.parametrize("where", ["before", "after"])
def test_data_dir_option_before_or_after_the_command(
    run_cli: RunCli, tmp_path: Path, saved_session: SavedSession, where: str
) -> None:
    saved_session("In the env folder")
    other = tmp_path / "other data"
    saved_session("In the option folder", path=other / "sessions" / "opt.toml")
    args = ["--data-dir", str(other), "list", "--json"]
    if where == "after":
        args = ["list", "--json", "--data-dir", str(other)]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert [item["name"] for item in json.loads(result.stdout)] == ["In the option folder"]


def test_environment_variable_chooses_the_folder(
    run_cli: RunCli, saved_session: SavedSession, tmp_path: Path
) -> None:
    saved_session("In the env folder")
    result = run_cli("list", "--json")
    assert [item["name"] for item in json.loads(result.stdout)] == ["In the env folder"]
    elsewhere = run_cli("list", "--json", env={"MESHTUI_DATA_DIR": str(tmp_path / "empty")})
    assert json.loads(elsewhere.stdout) == []


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is the Linux rule")
def test_default_folder_is_the_platform_data_folder(
    run_cli: RunCli, tmp_path: Path, saved_session: SavedSession
) -> None:
    xdg = tmp_path / "xdg-home"
    saved_session("Default place", path=xdg / "meshtui" / "sessions" / "d.toml")
    result = run_cli("list", "--json", env={"MESHTUI_DATA_DIR": None, "XDG_DATA_HOME": str(xdg)})
    assert result.returncode == 0, result.stderr
    assert [item["name"] for item in json.loads(result.stdout)] == ["Default place"]


def test_commands_work_from_any_folder(run_cli_process: RunCliProcess, tmp_path: Path) -> None:
    elsewhere = tmp_path / "some" / "other" / "cwd"
    elsewhere.mkdir(parents=True)
    result = run_cli_process("show", "--example", "--format", "json", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["criteria"]) == 8


# ---------------------------------------------------------------------------
# The installed console script


def console_script() -> Path | None:
    beside = Path(sys.executable).parent / "meshtui"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("meshtui")
    return Path(found) if found else None


def test_console_script(run_cli_process: RunCliProcess) -> None:
    script = console_script()
    if script is None:
        pytest.skip("the meshtui console script is not installed in this environment")
    version = run_cli_process("--version", program=[str(script)])
    assert version.returncode == 0
    assert version.stdout == f"meshtui {__version__}\n"
    result = run_cli_process("show", "--example", "--format", "json", program=[str(script)])
    assert result.returncode == 0, result.stderr
    assert [c["id"] for c in json.loads(result.stdout)["criteria"]] == list(CRITERION_IDS)
    check_one_error_line(run_cli_process("show", program=[str(script)]), 2)
    # Through a real pipe, colours allowed: still plain text.
    piped = run_cli_process("show", "--example", env={"NO_COLOR": None}, program=[str(script)])
    assert piped.returncode == 0, piped.stderr
    assert "Verdict:" in piped.stdout
    no_escapes(piped.stdout)


# ---------------------------------------------------------------------------
# On a real terminal


def test_terminal_output_is_styled_unless_no_color(run_cli_process: RunCliProcess) -> None:
    styled = run_cli_process("show", "--example", env={"NO_COLOR": None}, terminal=(100, 40))
    assert styled.returncode == 0, styled.stderr
    assert "\x1b[" in styled.stdout  # colours and bold on a terminal
    plain = run_cli_process("show", "--example", env={"NO_COLOR": "1"}, terminal=(100, 40))
    assert plain.returncode == 0, plain.stderr
    assert "\x1b" not in plain.stdout
    assert "Verdict:" in plain.stdout
    example = str(example_session_path())
    compared = run_cli_process(
        "compare", example, example, env={"NO_COLOR": "1"}, terminal=(100, 40)
    )
    assert compared.returncode == 0, compared.stderr
    assert "\x1b" not in compared.stdout


@pytest.mark.parametrize("columns", [20, 40, 60, 200])
def test_any_terminal_width_prints_the_report(run_cli_process: RunCliProcess, columns: int) -> None:
    result = run_cli_process("show", "--example", "--braille", terminal=(columns, 24))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    text = " ".join(result.stdout.split())
    assert "Verdict:" in text
    assert "Daff" in text
