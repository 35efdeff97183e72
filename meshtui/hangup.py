"""How meshtui ends when its terminal or its connection goes away.

No Textual here; both the full-screen app and plain mode use these.

A hang-up (SIGHUP: the terminal closed, an ssh connection dropped) or a
termination (SIGTERM) must never leave a meshtui running and holding a
session's lock. Every answer is saved as it is given, so ending is: save what
is pending, let go of the lock, exit. ``exit_soon`` is the guarantee behind
"within a second": if the orderly way out blocks (a terminal that no longer
answers), the process ends anyway, and the kernel drops its ``flock``.
"""

from __future__ import annotations

import os
import select
import signal
import threading

#: The signals that end meshtui in an orderly way.
EXIT_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGHUP, signal.SIGTERM)

#: How long the orderly way out may take before the process is ended anyway.
GRACE_SECONDS = 0.8


def exit_status(signum: int) -> int:
    """The shell's convention for "ended by signal N": 128 + N."""
    return 128 + signum


def exit_soon(status: int, grace: float = GRACE_SECONDS) -> None:
    """End the process with ``status`` after ``grace`` seconds unless it has ended by then."""
    timer = threading.Timer(grace, os._exit, args=(status,))
    timer.daemon = True
    timer.start()


def terminal_hung_up(fd: int) -> bool:
    """True when the terminal (or pipe) on ``fd`` has hung up: its other end is gone.

    Checked without reading, so it never takes input away from whoever reads
    ``fd``. A closed pseudo-terminal reports POLLHUP; so does a pipe whose
    writer has gone.
    """
    poller = select.poll()
    try:
        poller.register(fd, 0)  # POLLHUP, POLLERR and POLLNVAL are always reported
        events = poller.poll(0)
    except (OSError, ValueError):
        return True
    return any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events)
