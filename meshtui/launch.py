"""Where the ``meshtui`` console script and ``python -m meshtui`` start.

Starting is mostly allocation: importing meshtui (and, for the app, Textual)
creates hundreds of thousands of objects that live as long as the process,
and the cyclic garbage collector, run as they come, examined them again and
again: about a tenth of the app's start-up (``benchmarks/bench_app.py``).
So the collector is paused while the command line's modules are imported,
and again while the full-screen app starts (``meshtui.cli``, until its
first screen is drawn). Collection is only postponed, never skipped, with
one exception: what importing the command line made (its modules, classes
and functions, which live as long as the process anyway) is frozen
(``gc.freeze``) before the collector is turned back on. Otherwise its first
pass examines all of it once more, about 3 ms before any command starts.
The app's imports are frozen the same way (``meshtui.cli``).
"""

from __future__ import annotations

import gc


def main() -> int:
    """Import the command line with the collector paused, then run it."""
    gc.disable()
    try:
        from meshtui.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    return cli_main()
