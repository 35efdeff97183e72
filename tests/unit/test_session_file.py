"""An open session when the disk refuses a write: the answers are never lost."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from meshtui.store import SessionStore, load_session
from tests.conftest import REPO_ROOT

# A real process whose file-size limit makes every write fail with EFBIG, as a
# full disk would (root ignores permissions, so chmod cannot simulate this).
DISK_FULL = """
import resource, signal, sys
from pathlib import Path
from meshtui.session_file import Mode, OpenSession
from meshtui.store import SessionStore
store = SessionStore(Path(sys.argv[2]))
opened = OpenSession.open(Path(sys.argv[1]), store)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))
opened.rate("early_adopter", 4)        # cannot be written anywhere
print(opened.mode.value)
print(opened.message)
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
opened.rate("modern_engineering", 2)   # the next change tries again, and succeeds
print(opened.mode.value)
print(opened.path)
print(opened.message or "-")
opened.close()
"""


def run(script: str, path: Path, store: SessionStore) -> list[str]:
    """Run ``script`` on the session at ``path``; the lines it printed."""
    result = subprocess.run(
        [sys.executable, "-c", script, str(path), str(store.data_dir)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_failed_write_keeps_the_answers_and_the_next_change_saves_them(
    saved_session: Callable[..., Path], store: SessionStore
) -> None:
    path = saved_session("Full disk", [3, 3, None, None, None, None, None, None])
    before = path.read_bytes()
    mode, message, mode_after, saved_to, message_after = run(DISK_FULL, path, store)
    assert mode == "detached"
    assert "Not saved" in message and "kept here" in message
    # The file was never changed by anyone else: once writing works again, the
    # answers go back into it, and nothing is left over.
    assert (mode_after, Path(saved_to), message_after) == ("editing", path, "-")
    assert path.read_bytes() != before
    assert load_session(path).scores()[:6] == [3, 3, None, None, 4, 2]
    assert [listing.path for listing in store.listings()] == [path]


# The same, but another program saves an answer while our disk is full.
CHANGED_MEANWHILE = DISK_FULL.replace(
    "resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))\n",
    "resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))\n"
    "Path(sys.argv[1]).write_text(Path(sys.argv[1]).read_text()"
    " + '[answers.long_term_commitment]\\nscore = 5\\n')\n",
)


def test_a_file_changed_meanwhile_is_merged_with_not_written_over(
    saved_session: Callable[..., Path], store: SessionStore
) -> None:
    path = saved_session("Full disk", [3, 3, None, None, None, None, None, None])
    _, _, mode_after, saved_to, message_after = run(CHANGED_MEANWHILE, path, store)
    # Our two answers and theirs, all in the one file: none lost, no copy made.
    assert (mode_after, Path(saved_to), message_after) == ("editing", path, "-")
    assert load_session(path).scores() == [3, 3, None, None, 4, 2, None, 5]
    assert [listing.path for listing in store.listings()] == [path]
