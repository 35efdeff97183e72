"""Text from users and files never reaches the terminal raw (issue 8 #4), in every widget.

A session whose name, organization, participants and note hold a title
change (``ESC ] 0 ; ... BEL``) and an OSC 52 clipboard write, an unreadable
file whose name holds one, and a lock held by a user whose name holds one:
the installed app is walked over all of them in a pty (the sessions list,
the rename and delete dialogs, the unreadable file's notice, the read-only
notice, the rating bar, the legend, the summary and the note editor), and
not one injected sequence is in the bytes it writes. The payloads are shown
visibly instead, and the session file is unchanged byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from meshtui.store import SessionStore, ensure_private_dir, save_session
from tests.conftest import build_session
from tests.e2e.pty_app import PtyApp, settle
from tests.e2e.test_tmux import app_env, meshtui_program

TITLE = "\x1b]0;PWNED\x07"
CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
INJECTED = (b"\x1b]0;PWNED", b"\x1b]52;")
SHOWN = r"\x1b]0;PWNED\x07"


def injected(output: bytes) -> list[bytes]:
    return [payload for payload in INJECTED if payload in output]


def test_no_user_or_file_text_reaches_the_terminal_raw(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "data")
    ensure_private_dir(store.sessions_dir)
    session = build_session(
        f"Evil{TITLE}",
        [2, 3, None, None, None, None, None, None],
        {"organizational_complexity": f"note {CLIPBOARD} and {TITLE} end"},
        organization=f"Org{CLIPBOARD}",
        participants=[f"Ana{TITLE}", f"Ben{CLIPBOARD}"],
    )
    session.answer("organizational_complexity").ratings.update({f"Ana{TITLE}": 1})
    path = store.new_path("evil")
    save_session(path, session)
    (store.sessions_dir / f"bad{TITLE}.toml").write_bytes(b"not = [toml")
    stored = path.read_bytes()
    workdir = tmp_path / "work"
    workdir.mkdir()
    program = str(meshtui_program())

    # The writer: its user name goes into the lock file; it edits the note.
    writer = PtyApp(
        [program, "resume", str(path)],
        app_env(tmp_path, LOGNAME=f"eve{TITLE}", USER=f"eve{TITLE}"),
        workdir,
    )
    reader: PtyApp | None = None
    try:
        writer.wait_for_text("Who are you?")
        for keys in (b"0", b"\x1b[D\x1b[D", b"e", b"\x1b"):
            mark = len(writer.output)
            writer.write(keys)
            settle(writer, mark)

        # A second instance: the list, both rows' dialogs, then the session, edited
        # as a participant chosen in "Who are you?" (the names listed literally).
        reader = PtyApp([program], app_env(tmp_path), workdir)
        reader.wait_for_text("unreadable")
        for keys in (
            b"r", b"\x1b", b"d", b"n",
            b"\x1b[B", b"r", b"\x1b", b"d", b"n",
            b"\x1b[A", b"\r", b"\x1b[B", b"\r",  # one row's notice, the other opens
            b"1",  # who are you: the first participant; "Also here" names the writer
            b"\t", b"\t",  # rate as each participant
            b"s",  # the summary, with the participants' legend
        ):  # fmt: skip
            mark = len(reader.output)
            reader.write(keys)
            settle(reader, mark)
        reader.write(b"q")
        assert reader.wait_for_exit() == 0
        writer.write(b"q")
        assert writer.wait_for_exit() == 0
    finally:
        writer.close()
        if reader is not None:
            reader.close()

    assert injected(writer.output) == []
    assert injected(reader.output) == []
    writer_text, reader_text = writer.text(), reader.text()
    assert SHOWN in writer_text  # the note editor showed it
    assert "Also here" in reader_text and f"eve{SHOWN}" in reader_text
    assert f"Also here: Ana{SHOWN}" in writer_text  # who the other chose to be
    assert f"bad{SHOWN}" in reader_text
    assert f"Ana{SHOWN}" in reader_text
    assert path.read_bytes() == stored
