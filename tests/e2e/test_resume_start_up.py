"""What ``meshtui resume`` imports before its first screen (issue 9, start-up time).

The installed console script runs in a bare pseudo-terminal with
``PYTHONPROFILEIMPORTTIME`` set: Python reports each import on standard error,
which is the terminal, as it happens. What is reported by the time the first
criterion is on the screen is what start-up paid for, the command line's
own work included (choosing plain mode or the app, finding and opening the
session). Modules only some moments need must not be among it
(tests/unit/test_start_up_imports.py lists them and checks the imports alone).
"""

from __future__ import annotations

import re
from pathlib import Path

from meshtui.store import SessionStore
from tests.e2e.pty_app import PtyApp
from tests.e2e.test_tmux import app_env, meshtui_program
from tests.unit.test_start_up_imports import is_later

#: One line of ``-X importtime``: "import time: SELF | CUMULATIVE | NAME".
_IMPORT_LINE = re.compile(rb"import time:\s+\d+ \|\s+\d+ \| *([\w.]+)")


def test_resume_imports_none_of_the_later_modules_before_its_first_screen(
    tmp_path: Path,
) -> None:
    SessionStore(tmp_path / "data").create("Start-up", "Acme", [])
    env = app_env(tmp_path, PYTHONPROFILEIMPORTTIME="1")
    app = PtyApp([str(meshtui_program()), "resume", "Start-up"], env, tmp_path)
    try:
        app.wait_for_text("1/8")
        at_first_screen = app.output
        app.write(b"q")
        assert app.wait_for_exit() == 0
    finally:
        app.close()
    imported = {name.decode() for name in _IMPORT_LINE.findall(at_first_screen)}
    # The report is there: the start-up path was seen.
    assert {"meshtui.cli", "meshtui.session_file", "meshtui.app.app"} <= imported
    assert sorted(filter(is_later, imported)) == []
