"""End to end over real ssh: meshtui returns, and a dropped connection leaves no process.

A private ``sshd`` runs on 127.0.0.1 on a free port, with its own host key
and authorized_keys in a temporary folder (root may log in: the tests may
run as root). Without sshd the tests are skipped, except under CI (``CI``
set), where that is a failure: ``.ci/run`` installs openssh-server.

Each meshtui gets ``--data-dir`` naming the test's own folder, so the
processes a test starts are found by their command line and no other
meshtui on the machine is ever looked at.
"""

from __future__ import annotations

import getpass
import os
import select
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from meshtui.model import CRITERION_IDS
from tests.conftest import require_program
from tests.e2e.test_tmux import meshtui_program

pytestmark = pytest.mark.e2e

TIMEOUT = 30.0
EIGHT = "4\n\n3\n\n5\n\n2\n\n3\n\n4\n\n3\n\n3\n\n"


def find_sshd() -> str:
    return require_program("sshd", "Debian's openssh-server", also=["/usr/sbin/sshd"])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Sshd:
    """A private sshd and the ssh command line that logs in to it."""

    folder: Path
    port: int

    def ssh(self, *options: str) -> list[str]:
        return [
            "ssh",
            "-F",
            "/dev/null",
            "-i",
            str(self.folder / "client"),
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            f"UserKnownHostsFile={self.folder / 'known_hosts'}",
            "-o",
            "LogLevel=ERROR",
            "-p",
            str(self.port),
            *options,
            f"{getpass.getuser()}@127.0.0.1",
        ]


def _keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True, timeout=30
    )


@pytest.fixture
def sshd() -> Iterator[Sshd]:
    program = find_sshd()
    if not Path("/run/sshd").is_dir():
        # sshd refuses to start without its privilege separation folder.
        if os.geteuid() != 0:
            pytest.skip("sshd needs /run/sshd, and only root may create it")
        Path("/run/sshd").mkdir(mode=0o755, parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="meshtui-sshd-"))
    _keygen(folder / "host")
    _keygen(folder / "client")
    shutil.copy(folder / "client.pub", folder / "authorized_keys")
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(
        f"Port {port}\n"
        "ListenAddress 127.0.0.1\n"
        f"HostKey {folder / 'host'}\n"
        f"PidFile {folder / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {folder / 'authorized_keys'}\n"
        "PermitRootLogin yes\n"
        "StrictModes no\n"
        "UsePAM no\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "LogLevel ERROR\n",
        encoding="ascii",
    )
    daemon = subprocess.Popen(
        [program, "-D", "-e", "-f", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if daemon.poll() is not None or time.monotonic() > deadline:
                assert daemon.stderr is not None
                pytest.fail(f"sshd did not start: {daemon.stderr.read().decode(errors='replace')}")
            time.sleep(0.05)
        yield Sshd(folder, port)
    finally:
        daemon.terminate()
        daemon.wait(timeout=TIMEOUT)
        if daemon.stderr is not None:
            daemon.stderr.close()
        shutil.rmtree(folder, ignore_errors=True)


def remote_meshtui(data_dir: Path, *args: str) -> str:
    """The remote command: this checkout's meshtui on ``data_dir``, plain environment."""
    words = [str(meshtui_program()), "--data-dir", str(data_dir), *args]
    return "env NO_COLOR=1 LANG=C.UTF-8 " + " ".join(shlex.quote(w) for w in words)


def processes_using(marker: str) -> list[int]:
    """Processes whose command line contains ``marker`` (the test's own data folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if marker.encode() in cmdline and b"meshtui" in cmdline:
            found.append(int(entry.name))
    return found


def wait_until_gone(marker: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while processes_using(marker):
        if time.monotonic() > deadline:
            left = processes_using(marker)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            pytest.fail(f"meshtui processes left behind: {left}")
        time.sleep(0.1)


def scores_on_disk(data_dir: Path, name: str) -> list[int | None]:
    data = tomllib.loads((data_dir / "sessions" / f"{name}.toml").read_text(encoding="utf-8"))
    answers = data.get("answers", {})
    return [answers.get(cid, {}).get("score") for cid in CRITERION_IDS]


def read_until(process: subprocess.Popen[bytes], wanted: bytes) -> bytes:
    assert process.stdout is not None
    seen = bytearray()
    deadline = time.monotonic() + TIMEOUT
    while wanted not in seen:
        assert time.monotonic() < deadline, f"no {wanted!r} in {bytes(seen[-400:])!r}"
        if select.select([process.stdout], [], [], 0.2)[0]:
            chunk = os.read(process.stdout.fileno(), 65536)
            assert chunk, f"output ended without {wanted!r}: {bytes(seen[-400:])!r}"
            seen += chunk
    return bytes(seen)


def close_streams(process: subprocess.Popen[bytes]) -> None:
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def test_ssh_without_a_terminal_runs_plain_mode_and_returns(sshd: Sshd, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [*sshd.ssh(), remote_meshtui(data_dir, "new", "over ssh")],
        input=EIGHT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 2,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Verdict: Not yet." in result.stdout
    assert "\x1b" not in result.stdout
    assert scores_on_disk(data_dir, "over-ssh") == [4, 3, 5, 2, 3, 4, 3, 3]
    wait_until_gone(str(data_dir))


def test_bare_meshtui_over_ssh_without_a_terminal_says_how(sshd: Sshd, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [*sshd.ssh(), remote_meshtui(data_dir)],
        input="",
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 2,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "--plain" in result.stderr
    wait_until_gone(str(data_dir))


def test_ssh_killed_mid_interview_leaves_no_process(sshd: Sshd, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    client = subprocess.Popen(
        [*sshd.ssh(), remote_meshtui(data_dir, "new", "dropped")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert client.stdin is not None
        client.stdin.write(b"4\nsaid over ssh\n3\n\n")
        client.stdin.flush()
        read_until(client, b"Criterion 3 of 8")
        assert processes_using(str(data_dir))
        client.kill()  # the connection drops: no goodbye, no signal to the far side
        client.wait(timeout=TIMEOUT)
    finally:
        close_streams(client)
    wait_until_gone(str(data_dir))
    assert scores_on_disk(data_dir, "dropped")[:3] == [4, 3, None]
    assert not (data_dir / "sessions" / ".dropped.toml.lock").exists()


def test_ssh_with_a_terminal_killed_mid_interview_leaves_no_process(
    sshd: Sshd, tmp_path: Path
) -> None:
    """``ssh -tt``: the full-screen app on the far side's pty; the client dies."""
    data_dir = tmp_path / "data"
    command = "env TERM=xterm-256color " + remote_meshtui(data_dir, "new", "full screen")
    client = subprocess.Popen(
        [*sshd.ssh("-tt"), command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert client.stdin is not None
        read_until(client, b"answered")
        client.stdin.write(b"4")
        client.stdin.flush()
        deadline = time.monotonic() + TIMEOUT
        while scores_on_disk(data_dir, "full-screen")[0] != 4:
            assert time.monotonic() < deadline, "the full-screen app did not save the answer"
            if client.stdout is not None and select.select([client.stdout], [], [], 0.1)[0]:
                os.read(client.stdout.fileno(), 65536)
        client.kill()
        client.wait(timeout=TIMEOUT)
    finally:
        close_streams(client)
    wait_until_gone(str(data_dir))
    assert not (data_dir / "sessions" / ".full-screen.toml.lock").exists()


def test_two_logins_rate_one_session_at_once_and_both_are_kept(sshd: Sshd, tmp_path: Path) -> None:
    """Issue 13 over ssh: Ana and Ben, each on a login of their own, answer the
    same session line by line at the same time; every rating of both is saved."""
    data_dir = tmp_path / "data"
    subprocess.run(
        [
            *sshd.ssh(),
            remote_meshtui(data_dir, "new", "pair", "--participant", "Ana", "--participant", "Ben"),
        ],
        input="",
        capture_output=True,
        timeout=TIMEOUT * 2,
        check=True,
    )
    given = {"Ana": [4, 3, 5, 2, 3, 4, 3, 3], "Ben": [4, 2, 5, 4, 3, 1, 3, 5]}
    logins = {
        who: subprocess.Popen(
            [*sshd.ssh(), remote_meshtui(data_dir, "resume", "pair", "--as", who)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for who in given
    }
    try:
        for login in logins.values():
            read_until(login, b"Criterion 1 of 8")
        # Answer by turns, a criterion each, so that both are open throughout.
        for index in range(len(CRITERION_IDS)):
            for who, login in logins.items():
                assert login.stdin is not None
                login.stdin.write(f"{given[who][index]}\n\n".encode())
                login.stdin.flush()
        for login in logins.values():
            assert login.stdin is not None
            login.stdin.close()
            assert login.wait(timeout=TIMEOUT) == 0
    finally:
        for login in logins.values():
            if login.poll() is None:
                login.kill()
                login.wait(timeout=TIMEOUT)
            close_streams(login)
    data = tomllib.loads((data_dir / "sessions" / "pair.toml").read_text(encoding="utf-8"))
    for index, cid in enumerate(CRITERION_IDS):
        ratings = data["answers"][cid]["ratings"]
        assert ratings == {who: given[who][index] for who in given}, cid
    # Where they agree, that is the agreed score.
    assert scores_on_disk(data_dir, "pair") == [4, None, 5, None, 3, None, 3, None]
    wait_until_gone(str(data_dir))
