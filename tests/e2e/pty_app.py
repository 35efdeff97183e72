"""The installed app in a bare pseudo-terminal: raw bytes in, raw bytes out.

Unlike tmux, a bare pty passes every byte the test writes to the app
unchanged (garbled mouse reports included) and keeps every byte the app
writes (so a test can check that none is above 0x7E, or that no raw ESC
from user text got through). ``text()`` is the output with control sequences
removed: enough to wait for a word to be drawn.
"""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

TIMEOUT = 20.0
POLL = 0.05

#: CSI, OSC (ended by BEL or ST) and two-byte escape sequences.
_CONTROL_SEQUENCE = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")


class PtyApp:
    """One process on a pty of ``size`` (columns, rows); output is read in a thread."""

    def __init__(
        self,
        command: Sequence[str],
        env: Mapping[str, str | None],
        cwd: Path,
        size: tuple[int, int] = (80, 24),
    ) -> None:
        master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        full_env = dict(os.environ)
        for key, value in env.items():
            if value is None:
                full_env.pop(key, None)
            else:
                full_env[key] = value
        try:
            self.process = subprocess.Popen(
                list(command),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=full_env,
                cwd=cwd,
                start_new_session=True,
            )
        finally:
            os.close(slave)
        self.master = master
        self._output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            if not chunk:
                return
            with self._lock:
                self._output += chunk

    @property
    def output(self) -> bytes:
        """Every byte the app has written so far."""
        with self._lock:
            return bytes(self._output)

    def text(self, since: int = 0) -> str:
        """The output after byte ``since``, control sequences removed."""
        return _CONTROL_SEQUENCE.sub(b"", self.output[since:]).decode("utf-8", "replace")

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def wait_for_text(self, *texts: str, since: int = 0, timeout: float = TIMEOUT) -> None:
        """Wait until each of ``texts`` has been drawn after byte ``since``."""
        deadline = time.monotonic() + timeout
        while not all(text in self.text(since) for text in texts):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out waiting for {texts!r} (exit {self.process.poll()}); "
                    f"output so far:\n{self.text(since)[-3000:]}"
                )
            time.sleep(POLL)

    def wait_for_exit(self, timeout: float = TIMEOUT) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"the app did not exit; output so far:\n{self.text()[-3000:]}"
            ) from None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
        self._reader.join(timeout=TIMEOUT)
        os.close(self.master)


def wait_until(what: str, ready: object, timeout: float = TIMEOUT) -> None:
    """Poll ``ready()`` (a callable returning bool) until it is true."""
    assert callable(ready)
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(POLL)


def settle(app: PtyApp, since: int, quiet: float = 0.2, idle: float = 2.0) -> None:
    """Wait until the app has drawn after byte ``since`` and gone ``quiet``, or drew
    nothing for ``idle`` seconds (a key may change nothing on screen). Paces keys
    so that each is read on its own: an Esc never merges with the next key."""
    size = len(app.output)
    last_change = start = time.monotonic()
    while True:
        time.sleep(POLL)
        now = time.monotonic()
        current = len(app.output)
        drew, quiet_for = current > since, now - last_change
        if current != size:
            size, last_change = current, now
        elif (drew and quiet_for >= quiet) or (not drew and now - start >= idle):
            return
        if app.process.poll() is not None:
            raise AssertionError(f"the app exited while settling: {app.process.poll()}")
        if now - start > TIMEOUT:
            raise AssertionError("the app kept drawing and never settled")
