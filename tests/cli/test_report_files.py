"""SVG and HTML reports (issue 12) as files: rendered to pixels by rsvg-convert, and
written by every printing command (``--format svg|html``, ``-o FILE``,
``--no-radar``, ``TERM=dumb``). The reports themselves are tested in
tests/unit/test_report_formats.py.
"""

from __future__ import annotations

import math
import struct
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest

from meshtui.content import Content, load_content
from meshtui.reports import render
from tests.conftest import RunCli, RunCliProcess, require_program
from tests.unit.test_report_formats import (
    BOX_DRAWING,
    REPORTS,
    SVG_NAMESPACE,
    URL,
    parse_html,
    when,
)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


# ---------------------------------------------------------------------------
# Rendered to pixels


def read_png(data: bytes) -> tuple[int, int, list[list[int]]]:
    """Width, height and rows of brightness (0 black - 255 white, over a white page)
    of an 8-bit RGB or RGBA PNG, as rsvg-convert writes them."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, width, height, channels = 8, b"", 0, 0, 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    rows: list[list[int]] = []
    for y in range(height):
        start = y * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if method == 1:
                line[i] = (line[i] + left) & 0xFF
            elif method == 2:
                line[i] = (line[i] + up) & 0xFF
            elif method == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif method == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + predictor) & 0xFF
        row = []
        for x in range(width):
            pixel = line[x * channels : (x + 1) * channels]
            alpha = pixel[3] if channels == 4 else 255
            row.append(sum(pixel[:3]) * alpha // (3 * 255) + (255 - alpha))
        rows.append(row)
        previous = line
    return width, height, rows


#: The PNG is drawn at half size: enough for the marks, a quarter of the pixels to read.
ZOOM = 0.5


def grey(rows: list[list[int]], x: float, y: float) -> int:
    """The brightness where the SVG's point (x, y) lands on the PNG."""
    return rows[round(y * ZOOM)][round(x * ZOOM)]


def rsvg_convert() -> str:
    return require_program("rsvg-convert", "Debian's librsvg2-bin")


@pytest.mark.parametrize("name", list(REPORTS))
def test_the_svg_renders_with_its_marks(content: Content, name: str, tmp_path: Path) -> None:
    svg = render(REPORTS[name](content), "svg")
    source = tmp_path / f"{name}.svg"
    source.write_text(svg, encoding="utf-8")
    png = tmp_path / f"{name}.png"
    command = [rsvg_convert(), "--zoom", str(ZOOM), str(source), "-o", str(png)]
    subprocess.run(command, check=True, timeout=60)
    width, height, rows = read_png(png.read_bytes())
    root = ElementTree.fromstring(svg.encode("utf-8"))
    assert (width, height) == (
        round(float(root.get("width", 0)) * ZOOM),
        round(float(root.get("height", 0)) * ZOOM),
    )
    # Every answer marker (a filled black circle) is drawn black where the SVG puts it.
    circles = list(root.iter(f"{{{SVG_NAMESPACE}}}circle"))
    answered = 8 - render(REPORTS[name](content), "json").count('"score": null')
    assert circles, "no answer markers"
    if name in ("session", "pairing"):
        assert len(circles) == answered + 1  # + the legend's sample
    for circle in circles:
        assert grey(rows, float(circle.get("cx", 0)), float(circle.get("cy", 0))) < 60
    # The Medium-High band is shaded: its swatch in the legend is light grey, not white.
    swatch = [r for r in root.iter(f"{{{SVG_NAMESPACE}}}rect") if r.get("fill") == "#d4d4d4"]
    assert len(swatch) == 1
    x = float(swatch[0].get("x", 0)) + 20
    y = float(swatch[0].get("y", 0)) + 7
    assert 180 < grey(rows, x, y) < 235
    # And on the chart: between the Medium and High rings the page is shaded, inside
    # Medium it is not (sampled half-way between the axes, where answers rarely are).
    rings = [p for p in root.iter(f"{{{SVG_NAMESPACE}}}polygon") if p.get("stroke") == "#8c8c8c"]
    outer = [tuple(map(float, xy.split(","))) for xy in rings[-1].get("points", "").split()]
    cx, cy = sum(x for x, _ in outer) / 8, sum(y for _, y in outer) / 8
    radius = max(math.dist((cx, cy), point) for point in outer)
    shaded = inside = 0
    for axis in range(8):
        angle = math.radians(axis * 45 + 22.5)
        band = grey(rows, cx + 0.8 * radius * math.sin(angle), cy - 0.8 * radius * math.cos(angle))
        middle = grey(
            rows, cx + 0.3 * radius * math.sin(angle), cy - 0.3 * radius * math.cos(angle)
        )
        shaded += 150 < band < 225
        inside += middle > band
    assert shaded >= 6 and inside >= 6, (shaded, inside)
    # Ink on the page, but mostly page: a chart, not a blank or a black box.
    dark = sum(1 for row in rows for value in row if value < 128)
    assert 0.01 < dark / (width * height) < 0.25


# ---------------------------------------------------------------------------
# On the command line

SavedSession = Callable[..., Path]


def test_show_example_as_html_to_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "daff.html"
    result = run_cli("show", "--example", "--format", "html", "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and f"wrote {target}" in result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    text = " ".join(" ".join(parse_html(page).text).split())
    assert "Daff, Inc. readiness check" in text and "Verdict: Best positioned" in text


@pytest.mark.parametrize("fmt", ["svg", "html"])
def test_every_printing_command_writes_svg_and_html(
    run_cli: RunCli, saved_session: SavedSession, tmp_path: Path, fmt: str
) -> None:
    earlier = saved_session("Q2", [3, 3, 2, 3, 2, 3, 2, 3], organization="Acme", created=when(5))
    later = saved_session("Q3", [4, 4, 3, 3, 3, 4, 3, 3], organization="Acme", created=when(8))
    commands: list[list[str | Path]] = [
        ["show", "Q3", "--against", "Q2"],
        ["compare", "Q2", "Q3"],
        ["aggregate", earlier, later, "--name", "Teams"],
        ["history", "Acme"],
    ]
    for command in commands:
        result = run_cli(*command, "--format", fmt)
        assert result.returncode == 0, (command, result.stderr)
        if fmt == "svg":
            root = ElementTree.fromstring(result.stdout.encode("utf-8"))
            assert len(list(root.iter(f"{{{SVG_NAMESPACE}}}circle"))) > 1, command
        else:
            assert parse_html(result.stdout).tags.count("svg") == 1, command
        assert URL.findall(result.stdout) == [SVG_NAMESPACE]


def test_no_radar_is_plain_text(run_cli: RunCli) -> None:
    result = run_cli("show", "--example", "--no-radar")
    assert result.returncode == 0, result.stderr
    assert result.stdout == run_cli("show", "--example", "--format", "plain").stdout
    assert not BOX_DRAWING.search(result.stdout) and "....." not in result.stdout
    assert result.stdout.index("Verdict: Best positioned.") < result.stdout.index("Scores")
    markdown = run_cli("show", "--example", "--format", "markdown", "--no-radar").stdout
    assert "```" not in markdown and "## Radar" not in markdown and "## Scores" in markdown


def test_term_dumb_prints_plain_text_even_on_a_terminal(
    run_cli_process: RunCliProcess,
) -> None:
    result = run_cli_process("show", "--example", env={"TERM": "dumb"}, terminal=(80, 24))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert not BOX_DRAWING.search(result.stdout) and "....." not in result.stdout
    assert "Verdict: Best positioned." in result.stdout


def test_a_terminal_gets_the_styled_report(run_cli_process: RunCliProcess) -> None:
    env = {"TERM": "xterm-256color", "NO_COLOR": None}
    result = run_cli_process("show", "--example", env=env, terminal=(100, 40))
    assert result.returncode == 0, result.stderr
    assert "\x1b[" in result.stdout and "Verdict" in result.stdout


def test_svg_without_a_radar_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("show", "--example", "--format", "svg", "--no-radar")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("meshtui: error: ") and result.stderr.count("\n") == 1
