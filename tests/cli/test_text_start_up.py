"""``meshtui show`` to a pipe prints its text report without loading Rich's console.

Rich's console, text and table modules were most of what a printing command
took to start; the text report without color is drawn in Rich's layout by
``meshtui.reports.layout`` instead (tests/unit/test_text_layout.py holds the
two equal). A real process, since what matters is what it imports.
"""

from __future__ import annotations

import sys

from tests.conftest import RunCliProcess


def test_a_piped_text_report_does_not_load_richs_console(run_cli_process: RunCliProcess) -> None:
    result = run_cli_process(
        "show",
        "--example",
        program=[sys.executable, "-X", "importtime", "-m", "meshtui"],
        env={"NO_COLOR": "1", "COLUMNS": "80"},
    )
    assert result.returncode == 0, result.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "meshtui.reports.layout" in imported
    assert not [name for name in imported if name in ("rich.console", "rich.text", "rich.table")]
    assert "Verdict: Best positioned" in result.stdout
