"""The README's Keys section names every key the help screens list (issue 9:
"The README's keys table ... match the app")."""

from __future__ import annotations

import pytest

from meshtui.app.commands import APP_COMMANDS, Command
from meshtui.app.screens import home, interview, summary
from tests.conftest import REPO_ROOT

#: Textual's key names, as the README writes them.
README_KEY_NAMES = {
    "escape": "Esc",
    "question_mark": "`?`",
    "enter": "Enter",
    "backspace": "Backspace",
    "right": "Right",
    "left": "Left",
    "home": "Home",
    "end": "End",
    "up": "Up",
    "down": "Down",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "tab": "Tab",
    "shift+tab": "shift+Tab",
    "ctrl+p": "ctrl+p",
}

SCREENS: dict[str, tuple[Command, ...]] = {
    "app": APP_COMMANDS,
    "sessions list": home.COMMANDS,
    "interview": interview.COMMANDS,
    "summary": summary.COMMANDS,
}


def keys_section() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Keys")
    return readme[start : readme.index("\n## ", start)]


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_key_in_the_help_is_in_the_readme(screen: str) -> None:
    section = keys_section()
    missing = [
        f"{key} ({command.help})"
        for command in SCREENS[screen]
        if command.help
        for key in command.keys.split(",")
        if README_KEY_NAMES.get(key, f"`{key}`") not in section
    ]
    assert missing == [], f"the README's Keys section does not name: {missing}"
