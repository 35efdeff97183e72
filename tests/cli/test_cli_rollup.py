"""The command line of issue 4, run in-process through ``main(argv)``: aggregate,
history, show --against, new --from and the CSV export; and the shipped example
teams and quarters."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from meshtui.content import assets_dir
from meshtui.model import CRITERION_IDS, session_verdict
from meshtui.store import SessionStore, load_session
from tests.conftest import RunCli

SavedSession = Callable[..., Path]
WIDE = {"COLUMNS": "200"}
HOSTILE = "[bold]x[/] \x1b[31mred\x07"

TEAMS = assets_dir() / "examples" / "daff-teams"
QUARTERS = assets_dir() / "examples" / "daff-quarters"


def check_one_error_line(result: Any, status: int) -> str:
    assert result.returncode == status, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("meshtui: error: ")
    return str(lines[0])


def no_escapes(text: str) -> None:
    for char in ("\x1b", "\x07", "\x9b", "\x7f"):
        assert char not in text


def flat(text: str) -> str:
    return " ".join(text.split())


def at(month: int) -> datetime:
    return datetime(2026, month, 1, 10, 0, tzinfo=UTC)


# ---------------------------------------------------------------------------
# The shipped examples


def test_example_teams_are_varied() -> None:
    sessions = [load_session(path) for path in sorted(TEAMS.glob("*.toml"))]
    assert len(sessions) == 5
    assert {s.organization for s in sessions} == {"Daff, Inc."}
    statuses = [session_verdict(s).status for s in sessions]
    assert statuses.count("not-yet") >= 1
    assert any(s.answered_count() < 8 for s in sessions)
    paired = [
        s
        for s in sessions
        if len(s.participants) == 2 and any(a.discuss or a.settled for a in s.answers.values())
    ]
    assert paired, "one team pairs and disagrees somewhere (to discuss, or settled)"


def test_example_quarters_improve_and_chain() -> None:
    files = sorted(QUARTERS.glob("*.toml"))
    sessions = [load_session(path) for path in files]
    assert [s.name for s in sessions] == [f"Daff, Inc. 2026 Q{q}" for q in (1, 2, 3)]
    assert [s.previous for s in sessions] == ["", files[0].name, files[1].name]
    assert [session_verdict(s).status for s in sessions][-1] == "ready"
    assert any(target is not None for target in sessions[2].targets())
    for earlier, later in itertools.pairwise(sessions):
        assert sum(s or 0 for s in later.scores()) > sum(s or 0 for s in earlier.scores())


def test_example_notes_never_speak_for_the_book() -> None:
    for path in [*TEAMS.glob("*.toml"), *QUARTERS.glob("*.toml")]:
        session = load_session(path)
        for answer in session.answers.values():
            assert not re.search(r"\b(book|dehghani|the author)\b", answer.note.lower()), path


# ---------------------------------------------------------------------------
# aggregate


def test_aggregate_example_teams_text(run_cli: RunCli) -> None:
    result = run_cli("aggregate", "--dir", TEAMS, env=WIDE)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    no_escapes(out)
    assert out.startswith("Daff, Inc. roll-up\n")
    assert "Sessions (5):" in out
    early = next(line for line in out.splitlines() if "Early adopter" in line and "│" in line)
    assert [cell.strip() for cell in early.split("│")[2:]] == ["3.5", "1", "5", "4"]
    assert "O median" in out and "v lowest score" in out and "^ highest score" in out
    text = flat(out)
    assert "Payments team: below Medium on Executive support" in text
    assert "Listeners team: unanswered Early adopter" in text
    assert "Verdict: Best positioned" in text


def test_aggregate_json_shape(run_cli: RunCli) -> None:
    result = run_cli("aggregate", "--dir", TEAMS, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data)[:3] == ["sessions", "criteria", "verdict"]
    assert len(data["sessions"]) == 5 and "Payments team" in data["sessions"]
    assert [c["id"] for c in data["criteria"]] == list(CRITERION_IDS)
    for item in data["criteria"]:
        assert list(item) == ["id", "median", "min", "max", "n"]
    early = data["criteria"][4]
    assert early == {"id": "early_adopter", "median": 3.5, "min": 1, "max": 5, "n": 4}
    assert data["criteria"][0]["n"] == 5
    assert data["verdict"] == "ready"
    assert [f["name"] for f in data["not_yet"]] == ["Payments team"]
    assert data["not_yet"][0]["below_medium"] == [
        "executive_support",
        "early_adopter",
        "domain_oriented_organization",
        "long_term_commitment",
    ]
    assert data["skipped"] == []


def test_aggregate_markdown(run_cli: RunCli) -> None:
    result = run_cli("aggregate", "--dir", TEAMS, "--format", "markdown", "--name", "Teams | Oct")
    assert result.returncode == 0, result.stderr
    md = result.stdout
    assert md.startswith("# Teams \\| Oct\n")
    assert "| # | Criterion | Median | Min | Max | n |" in md
    assert "| E | Early adopter | 3.5 | 1 | 5 | 4 |" in md
    assert "## Sessions not yet best positioned" in md
    assert [line for line in md.splitlines() if line.startswith("```")] == ["```text", "```"]


def test_aggregate_leaves_out_a_bad_file_and_names_it(
    run_cli: RunCli, tmp_path: Path, saved_session: SavedSession
) -> None:
    good_a = saved_session("Team A", [3] * 8, path=tmp_path / "teams" / "a.toml")
    good_b = saved_session("Team B", [5] * 8, path=tmp_path / "teams" / "b.toml")
    bad = tmp_path / "teams" / "c.toml"
    bad.write_text("version = 1\nname = \n", encoding="utf-8")
    missing = tmp_path / "teams" / "gone.toml"
    for fmt in ("text", "markdown", "json"):
        result = run_cli("aggregate", good_a, bad, good_b, missing, "--format", fmt, env=WIDE)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        if fmt == "json":
            data = json.loads(result.stdout)
            assert data["sessions"] == ["Team A", "Team B"]
            assert [s["file"] for s in data["skipped"]] == [str(bad), str(missing)]
            assert "not valid TOML" in data["skipped"][0]["problem"]
            assert data["skipped"][1]["problem"] == "no such file"
            assert data["criteria"][0] == {
                "id": "organizational_complexity",
                "median": 4,
                "min": 3,
                "max": 5,
                "n": 2,
            }
        else:
            assert "Skipped" in result.stdout
            assert "c.toml" in result.stdout and "not valid TOML" in result.stdout
            assert "gone.toml" in result.stdout
    # The whole folder: the bad file is skipped there too.
    folder = run_cli("aggregate", "--dir", tmp_path / "teams", "--format", "json")
    assert folder.returncode == 0, folder.stderr
    assert json.loads(folder.stdout)["sessions"] == ["Team A", "Team B"]
    assert bad.read_text(encoding="utf-8") == "version = 1\nname = \n"


def test_aggregate_with_nothing_readable_fails_in_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("", encoding="utf-8")
    # Named from the current folder (run_cli's default, tmp_path): the error line is
    # cut to a bounded length, and tmp_path's own length differs between runners.
    line = check_one_error_line(run_cli("aggregate", "bad.toml", "none.toml", cwd=tmp_path), 1)
    assert "no session could be read" in line
    assert "bad.toml: the file is empty" in line and "none.toml" in line
    empty = tmp_path / "empty"
    empty.mkdir()
    line = check_one_error_line(run_cli("aggregate", "--dir", empty), 1)
    assert "no session files" in line
    line = check_one_error_line(run_cli("aggregate", "--dir", tmp_path / "nope"), 1)
    assert "no such folder" in line


@pytest.mark.parametrize(
    "args",
    [["aggregate"], ["aggregate", "a.toml", "--dir", "x"], ["aggregate", "--format", "xml"]],
)
def test_aggregate_usage_errors(run_cli: RunCli, args: list[str]) -> None:
    check_one_error_line(run_cli(*args), 2)


def test_aggregate_by_session_names(run_cli: RunCli, saved_session: SavedSession) -> None:
    saved_session("Team A", [2] * 8)
    saved_session("Team B", [4] * 8)
    result = run_cli("aggregate", "Team A", "Team B", "No such team", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["sessions"] == ["Team A", "Team B"]
    assert data["skipped"][0]["file"] == "No such team"
    assert data["criteria"][0]["median"] == 3


def test_aggregate_csv(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("", encoding="utf-8")
    files = sorted(TEAMS.glob("*.toml"))
    result = run_cli("aggregate", *files, bad, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == [
        "session",
        "organization",
        "date",
        "criterion",
        "score",
        "band",
        "note",
        "target",
    ]
    assert len(rows) == 1 + 5 * 8
    assert {row[0] for row in rows[1:]} == {load_session(f).name for f in files}
    listeners = [row for row in rows if row[0] == "Listeners team"]
    early = next(row for row in listeners if row[3] == "early_adopter")
    assert early[4:6] == ["", ""]
    assert early[6] == load_session(TEAMS / "listeners.toml").answer("early_adopter").note
    # CSV has no room for them: skipped files are named on stderr.
    assert result.stderr.splitlines() == [f"meshtui: skipped {bad}: the file is empty"]


def test_aggregate_names_stay_literal(
    run_cli: RunCli, tmp_path: Path, saved_session: SavedSession
) -> None:
    path = saved_session(HOSTILE, [3] * 8, path=tmp_path / "h.toml")
    for fmt in ("text", "markdown", "json"):
        result = run_cli("aggregate", path, "--name", HOSTILE, "--format", fmt, env=WIDE)
        assert result.returncode == 0, result.stderr
        no_escapes(result.stdout)
        if fmt == "text":
            assert "[bold]x[/] \\x1b[31mred\\x07" in result.stdout
        elif fmt == "markdown":
            assert "\\[bold]x\\[/]" in result.stdout
        else:
            assert json.loads(result.stdout)["sessions"] == [HOSTILE]
            assert json.loads(result.stdout)["name"] == HOSTILE


def test_aggregate_output_file(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "rollup.md"
    result = run_cli("aggregate", "--dir", TEAMS, "--format", "markdown", "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Daff, Inc. roll-up")


# ---------------------------------------------------------------------------
# history


@pytest.fixture
def quarters(data_dir: Path) -> Path:
    """The example quarters copied into the sessions folder."""
    folder = data_dir / "sessions"
    folder.mkdir(parents=True)
    for path in QUARTERS.glob("*.toml"):
        shutil.copy(path, folder / path.name)
    return folder


def test_history_orders_by_date_not_by_file_name(
    run_cli: RunCli, saved_session: SavedSession
) -> None:
    saved_session("A, the latest", [4] * 8, organization="Acme", created=at(9))
    saved_session("Z, the earliest", [2] * 8, organization="Acme", created=at(1))
    saved_session("M, between", [None, 3, 3, 3, 3, 3, 3, 3], organization="Acme", created=at(5))
    data = json.loads(run_cli("history", "--format", "json").stdout)
    assert [s["name"] for s in data["sessions"]] == [
        "Z, the earliest",
        "M, between",
        "A, the latest",
    ]
    assert data["trend"][0]["trend"] == "2 -> - -> 4"
    assert data["verdicts"] == ["not-yet", "incomplete", "ready"]


def test_history_text(run_cli: RunCli, quarters: Path) -> None:
    result = run_cli("history", "Daff, Inc.", env=WIDE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    no_escapes(out)
    assert out.startswith("History of Daff, Inc.")
    # The sessions table's rows (the latest is also named above it, and in the legend).
    names = [line for line in out.splitlines() if "Daff, Inc. 2026" in line and "│" in line]
    assert [n.split("Daff, Inc. 2026 ")[1][:2] for n in names] == ["Q1", "Q2", "Q3"]
    text = flat(out)
    assert "Domain-oriented organization │ 2 -> 2 -> 3" in text
    assert "Long-term commitment │ - -> 3 -> 3" in text
    assert "Verdict │ incomplete -> not-yet -> ready" in text


def test_history_without_org_case_insensitive_and_markdown(run_cli: RunCli, quarters: Path) -> None:
    plain = run_cli("history", "--format", "markdown")
    assert plain.returncode == 0, plain.stderr
    assert run_cli("history", "DAFF, inc.", "--format", "markdown").stdout == plain.stdout
    md = plain.stdout
    assert md.startswith("# History of Daff, Inc.\n")
    assert "| G | Domain-oriented organization | 2 -> 2 -> 3 |" in md
    assert "| | **Verdict** | incomplete -> not-yet -> ready |" in md


def test_history_json(run_cli: RunCli, quarters: Path) -> None:
    data = json.loads(run_cli("history", "--format", "json").stdout)
    assert data["organization"] == "Daff, Inc."
    assert [s["name"][-2:] for s in data["sessions"]] == ["Q1", "Q2", "Q3"]
    assert [s["file"] for s in data["sessions"]] == [
        "daff-2026-q1.toml",
        "daff-2026-q2.toml",
        "daff-2026-q3.toml",
    ]
    assert data["verdicts"] == ["incomplete", "not-yet", "ready"]
    assert data["trend"][7] == {
        "id": "long_term_commitment",
        "scores": [None, 3, 3],
        "trend": "- -> 3 -> 3",
    }
    assert data["skipped"] == []


def test_history_several_organizations_is_a_usage_error(
    run_cli: RunCli, quarters: Path, saved_session: SavedSession
) -> None:
    saved_session("Acme Q1", [3] * 8, organization="Acme")
    line = check_one_error_line(run_cli("history"), 2)
    assert "'Daff, Inc.'" in line and "'Acme'" in line and "meshtui history ORG" in line
    acme = run_cli("history", "acme", "--format", "json")
    assert acme.returncode == 0, acme.stderr
    assert [s["name"] for s in json.loads(acme.stdout)["sessions"]] == ["Acme Q1"]
    line = check_one_error_line(run_cli("history", "Globex"), 1)
    assert "'Globex'" in line and "Acme" in line


def test_history_with_no_sessions(run_cli: RunCli) -> None:
    line = check_one_error_line(run_cli("history"), 1)
    assert "no readable sessions" in line


def test_history_reports_unreadable_files_and_goes_on(run_cli: RunCli, quarters: Path) -> None:
    (quarters / "broken.toml").write_text("version = 1\nname = \n", encoding="utf-8")
    for fmt in ("text", "markdown"):
        result = run_cli("history", "--format", fmt, env=WIDE)
        assert result.returncode == 0, result.stderr
        assert "Skipped" in result.stdout and "broken.toml" in result.stdout
        assert "not valid TOML" in result.stdout
    data = json.loads(run_cli("history", "--format", "json").stdout)
    assert len(data["sessions"]) == 3
    assert data["skipped"][0]["file"].endswith("broken.toml")


def test_history_from_a_folder(run_cli: RunCli) -> None:
    result = run_cli("history", "--dir", QUARTERS, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdicts"] == ["incomplete", "not-yet", "ready"]
    csv_out = run_cli("history", "--dir", QUARTERS, "--format", "csv")
    rows = list(csv.reader(io.StringIO(csv_out.stdout, newline="")))
    assert len(rows) == 1 + 3 * 8
    assert rows[1][0] == "Daff, Inc. 2026 Q1" and rows[1][2] == "2026-02-10"


def test_history_names_stay_literal(run_cli: RunCli, saved_session: SavedSession) -> None:
    saved_session(HOSTILE, [3] * 8, organization=HOSTILE, created=at(1))
    result = run_cli("history", env=WIDE)
    assert result.returncode == 0, result.stderr
    no_escapes(result.stdout)
    assert "[bold]x[/] \\x1b[31mred\\x07" in result.stdout
    md = run_cli("history", "--format", "markdown").stdout
    no_escapes(md)
    assert "\\[bold]x\\[/]" in md


# ---------------------------------------------------------------------------
# show --against and show --format csv


def test_show_against(run_cli: RunCli, quarters: Path) -> None:
    result = run_cli(
        "show", "Daff, Inc. 2026 Q3", "--against", "Daff, Inc. 2026 Q2", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    against = data["against"]
    assert against["name"] == "Daff, Inc. 2026 Q2"
    changes = {c["id"]: (c["before"], c["after"], c["change"]) for c in against["criteria"]}
    assert changes["early_adopter"] == (3, 4, "up")
    assert changes["domain_oriented_organization"] == (2, 3, "up")
    assert changes["organizational_complexity"] == (4, 4, "unchanged")
    text = run_cli("show", "Daff, Inc. 2026 Q3", "--against", "Daff, Inc. 2026 Q2", env=WIDE)
    assert text.returncode == 0, text.stderr
    assert "Changes since Daff, Inc. 2026 Q2" in text.stdout
    assert "X before (Daff, Inc. 2026 Q2)" in text.stdout
    assert "* target" in text.stdout
    # Without OLD: the session's own 'previous' (a file name beside it).
    implicit = run_cli("show", quarters / "daff-2026-q3.toml", "--against", "--format", "json")
    assert implicit.returncode == 0, implicit.stderr
    assert json.loads(implicit.stdout)["against"] == against


def test_show_against_errors(run_cli: RunCli, quarters: Path) -> None:
    line = check_one_error_line(run_cli("show", "Daff, Inc. 2026 Q1", "--against"), 2)
    assert "--against OLD" in line
    line = check_one_error_line(
        run_cli("show", "Daff, Inc. 2026 Q3", "--against", "Q0", "--format", "json"), 1
    )
    assert "'Q0'" in line
    check_one_error_line(
        run_cli("show", "Daff, Inc. 2026 Q3", "--against", "Daff, Inc. 2026 Q2", "--format", "csv"),
        2,
    )
    (quarters / "daff-2026-q2.toml").unlink()  # Q2, which Q3's 'previous' names
    line = check_one_error_line(run_cli("show", "Daff, Inc. 2026 Q3", "--against"), 1)
    assert "daff-2026-q2.toml" in line and "no such file" in line


def test_compare_marks_changes_like_against(run_cli: RunCli, quarters: Path) -> None:
    compared = json.loads(
        run_cli("compare", "Daff, Inc. 2026 Q2", "Daff, Inc. 2026 Q3", "--format", "json").stdout
    )
    shown = json.loads(
        run_cli(
            "show", "Daff, Inc. 2026 Q3", "--against", "Daff, Inc. 2026 Q2", "--format", "json"
        ).stdout
    )
    assert [c["direction"] for c in compared["criteria"]] == [
        c["change"] for c in shown["against"]["criteria"]
    ]
    text = run_cli("compare", "Daff, Inc. 2026 Q2", "Daff, Inc. 2026 Q3", env=WIDE).stdout
    assert "unchanged" in text and "up +1" in text
    assert "O Daff, Inc. 2026 Q3 (later)" in text and "X Daff, Inc. 2026 Q2 (earlier)" in text


def test_show_csv_round_trip(run_cli: RunCli, saved_session: SavedSession) -> None:
    notes = {
        "organizational_complexity": 'Five lines, "many" sources,\nand a second line',
        "executive_support": "=SUM(A1:A9)",
    }
    saved_session("Q3, final", [4, 3, 2, None, 5, 3, 3, 1], notes, organization="Acme, Inc.")
    result = run_cli("show", "Q3, final", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == 9
    assert rows[1][:2] == ["Q3, final", "Acme, Inc."]
    assert rows[1][6] == notes["organizational_complexity"]
    assert rows[3][6] == "'=SUM(A1:A9)"
    assert [row[4] for row in rows[1:]] == ["4", "3", "2", "", "5", "3", "3", "1"]
    assert rows[1][2] == "2026-01-31"


# ---------------------------------------------------------------------------
# new --from: the re-assessment file is made before the app opens on it, so
# its making is tested on the store (the app itself runs in tests/e2e).


def test_new_from_carries_and_marks_carried(
    run_cli: RunCli, store: SessionStore, quarters: Path
) -> None:
    path = store.create_from("Daff, Inc. 2026 Q4", "Daff, Inc. 2026 Q3")
    assert path.parent == quarters
    session = load_session(path)
    earlier = load_session(quarters / "daff-2026-q3.toml")
    assert session.name == "Daff, Inc. 2026 Q4"
    assert session.previous == "daff-2026-q3.toml"
    assert session.organization == "Daff, Inc."
    assert session.participants == earlier.participants
    assert session.scores() == earlier.scores()
    assert session.targets() == earlier.targets()
    assert session.carried_ids() == list(CRITERION_IDS)
    assert all(session.answer(c).note == earlier.answer(c).note for c in CRITERION_IDS)
    # The new session reads as a re-assessment of the earlier one.
    shown = run_cli("show", "Daff, Inc. 2026 Q4", "--against", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert all(c["carried"] for c in data["criteria"])
    assert {c["change"] for c in data["against"]["criteria"]} == {"unchanged"}


def test_new_from_a_path_elsewhere_with_overrides(store: SessionStore) -> None:
    source = QUARTERS / "daff-2026-q2.toml"
    path = store.create_from("Acme Q3", str(source), "Acme", ["Ann", " Bo "])
    session = load_session(path)
    assert session.previous == str(source.resolve())
    assert session.organization == "Acme"
    assert session.participants == ["Ann", "Bo"]
    assert session.answer("early_adopter").carried


def test_new_from_an_unreadable_session_refuses(
    run_cli: RunCli, tmp_path: Path, data_dir: Path, saved_session: SavedSession
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("version = 1\nname = \n", encoding="utf-8")
    # Each refusal comes before the app would open.
    line = check_one_error_line(run_cli("new", "Q4", "--from", bad), 1)
    assert str(bad) in line and "not valid TOML" in line
    assert not (data_dir / "sessions").exists() or not list((data_dir / "sessions").iterdir())
    missing = run_cli("new", "Q4", "--from", "No such session")
    assert "'No such session'" in check_one_error_line(missing, 1)
    saved_session("Q3", [3] * 8)
    saved_session("Q4", [3] * 8)
    taken = run_cli("new", "Q4", "--from", "Q3")
    assert "already exists" in check_one_error_line(taken, 1)


# ---------------------------------------------------------------------------
# Help


@pytest.mark.parametrize("command", ["history", "aggregate"])
def test_new_commands_have_help(run_cli: RunCli, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: meshtui {command}")
    for word in ("--format", "--dir", "--output", "csv"):
        assert word in result.stdout
    listed = run_cli("--help").stdout
    assert command in listed


def test_show_help_mentions_against_and_csv(run_cli: RunCli) -> None:
    out = run_cli("show", "--help").stdout
    assert "--against" in out and "csv" in out
    assert "--from" in run_cli("new", "--help").stdout
