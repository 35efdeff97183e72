"""Render-time benchmark of the radar chart (it is redrawn on every key press).

Run: ``python benchmarks/bench_radar.py`` from the repository root.

For each size and mode it prints the median and p95 time of ``render_radar``
over many runs with varying scores (two series, some unanswered, a moving
highlight), so nothing can be served from a cache of whole results; the
per-size geometry cache is warmed first, as it is in the app. Next to it is a
baseline measured in the same run, building a blank ``width x height`` grid of
lines, to show the cost relative to the cheapest possible "drawing" on this
machine, and the ratio to the 2 ms target with PASS/FAIL.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from meshtui.content import load_content
from meshtui.radar import render_radar

TARGET_MS = 2.0
RUNS = 2000
WARMUP = 200
SIZES = ((38, 18), (120, 40))
# The labels the app draws, from the shipped content.
LABELS = tuple(load_content().axis_labels)


def percentile(sorted_ns: list[int], fraction: float) -> float:
    index = min(len(sorted_ns) - 1, round(fraction * (len(sorted_ns) - 1)))
    return sorted_ns[index] / 1e6


def random_inputs(rng: random.Random, count: int) -> list[tuple[list[list[int | None]], int]]:
    choices: list[int | None] = [None, 1, 2, 3, 4, 5]
    return [
        (
            [[rng.choice(choices) for _ in range(8)] for _ in range(2)],
            rng.randrange(8),
        )
        for _ in range(count)
    ]


def time_baseline(width: int, height: int) -> list[int]:
    samples = []
    for _ in range(WARMUP):
        "\n".join([" " * width for _ in range(height)])
    for _ in range(RUNS):
        start = time.perf_counter_ns()
        "\n".join([" " * width for _ in range(height)])
        samples.append(time.perf_counter_ns() - start)
    return sorted(samples)


def time_render(width: int, height: int, braille: bool, rng: random.Random) -> list[int]:
    for series, highlight in random_inputs(rng, WARMUP):
        render_radar(series, width, height, labels=LABELS, braille=braille, highlight=highlight)
    samples = []
    for series, highlight in random_inputs(rng, RUNS):
        start = time.perf_counter_ns()
        render_radar(series, width, height, labels=LABELS, braille=braille, highlight=highlight)
        samples.append(time.perf_counter_ns() - start)
    return sorted(samples)


def main() -> int:
    rng = random.Random(20240515)
    print(f"render_radar, 2 series, {RUNS} runs each; target {TARGET_MS:.1f} ms per render")
    header = (
        f"{'size':>7} {'mode':<7} {'median ms':>10} {'p95 ms':>8} "
        f"{'blank ms':>9} {'x blank':>8} {'p95/target':>11}  result"
    )
    print(header)
    print("-" * len(header))
    failed = False
    for width, height in SIZES:
        baseline = statistics.median(time_baseline(width, height)) / 1e6
        for braille in (False, True):
            samples = time_render(width, height, braille, rng)
            median = statistics.median(samples) / 1e6
            p95 = percentile(samples, 0.95)
            passed = p95 < TARGET_MS
            failed |= not passed
            print(
                f"{width:>3}x{height:<3} {'braille' if braille else 'ascii':<7} "
                f"{median:>10.3f} {p95:>8.3f} {baseline:>9.4f} {median / baseline:>8.0f} "
                f"{p95 / TARGET_MS:>11.2f}  {'PASS' if passed else 'FAIL'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
