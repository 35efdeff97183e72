"""The app says, like ssh, what is unsafe about the sessions folder, and changes
nothing it does not own (issue 8, failure 6)."""

from __future__ import annotations

import stat
from pathlib import Path

from meshtui.store import SessionStore
from tests.app.conftest import SIZE, MakeApp, notices


async def test_a_loose_symlinked_folder_is_warned_about_and_left_alone(
    make_app: MakeApp, data_dir: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    data_dir.mkdir()
    (data_dir / "sessions").symlink_to(shared)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("writable by other users (mode 0777)" in text for text in notices(app))
    assert stat.S_IMODE(shared.stat().st_mode) == 0o777
    assert SessionStore(data_dir).folder_warnings()  # the CLI prints the same lines
