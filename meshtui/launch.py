"""Where the ``meshtui`` console script and ``python -m meshtui`` start.

Starting is mostly allocation: importing meshtui (and, for the app, Textual)
creates hundreds of thousands of objects that live as long as the process,
and the cyclic garbage collector, run as they come, examined them again and
again: about a tenth of the app's start-up (``benchmarks/bench_app.py``).
So the collector is paused while the command line's modules are imported,
and again while the full-screen app starts (``meshtui.cli``, until its
first screen is drawn). Collection is only postponed, never skipped.
"""

from __future__ import annotations

import gc


def main() -> int:
    """Import the command line with the collector paused, then run it."""
    gc.disable()
    try:
        from meshtui.cli import main as cli_main
    finally:
        gc.enable()
    return cli_main()
