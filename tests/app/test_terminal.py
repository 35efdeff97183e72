"""The input filter and the terminal rules (meshtui/app/terminal.py, meshtui/literal.py).

The parser is fed the way Textual's driver feeds it: chunks of decoded text,
then ``tick()`` once the Esc delay has passed.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events
from textual.message import Message

from meshtui.app.terminal import ReportFilteringParser, mouse_problem
from meshtui.literal import ascii_fallback, ascii_only_reason
from tests.conftest import hypothesis_examples


def parse(*chunks: str) -> list[Message]:
    parser = ReportFilteringParser()
    messages: list[Message] = []
    for chunk in chunks:
        messages += parser.feed(chunk)
    time.sleep(0.15)  # past the Esc delay (0.1 s)
    messages += parser.tick()
    return messages


def keys(*chunks: str) -> list[str]:
    return [m.key for m in parse(*chunks) if isinstance(m, events.Key)]


@pytest.mark.parametrize(
    "report",
    [
        "\x1b[M35;24;17M",  # issue 14: screen's X10 prefix on an SGR body
        "\x1b[M35;3;14M\x1b[M35;34;11M",  # typed "3;14M34;11M" into a note
        "\x1b[35;24;17M",  # urxvt 1015
        "\x1b[M !!",  # classic X10
        "\x1b[<35;24;17;1M",  # SGR with a field too many
        "\x1b[<35;24\x1b[M35;2\x1b[<;;M",  # cut short, and empty fields
        "\x1b[M" + "9;" * 80 + "M",  # over-long
        "\x1b[99X",  # a complete sequence Textual does not know
    ],
)
def test_garbled_reports_become_nothing(report: str) -> None:
    assert keys("a", report, "b") == ["a", "b"]
    assert keys("a" + report + "b") == ["a", "b"]
    assert [type(m).__name__ for m in parse(report)] == []


def test_a_report_split_across_reads_is_still_dropped() -> None:
    assert keys("x\x1b[M3", "5;2", "4;17", "My") == ["x", "y"]


def test_keys_and_real_mouse_reports_pass() -> None:
    messages = parse("\x1b[A\x1b[1;5A\x1bq\x1b[<0;10;5M\x1b[<0;10;5m", "\x1b[200~4\x1b[201~")
    names = [type(m).__name__ for m in messages]
    assert names == ["Key", "Key", "Key", "MouseDown", "MouseUp", "Paste"]
    assert keys("\x1b[A\x1b[1;5A\x1bq") == ["up", "ctrl+up", "alt+q"]
    assert keys("\x1bq\x1b[A\x1bOP\x1b\x1b") == ["alt+q", "up", "f1", "escape", "escape"]


def test_a_lone_escape_is_the_escape_key() -> None:
    assert keys("\x1b") == ["escape"]
    assert keys("\x1b", "\x1b") == ["escape", "escape"]


_NUMBER = st.integers(min_value=0, max_value=999).map(str)
_FIELDS = st.lists(_NUMBER, min_size=1, max_size=6).map(";".join)
_JUNK_REPORT = st.one_of(
    st.tuples(st.sampled_from(["\x1b[M", "\x1b[", "\x1b[<"]), _FIELDS, st.sampled_from("Mm")).map(
        "".join
    ),
    st.text(
        alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=3, max_size=3
    ).map(lambda body: "\x1b[M" + body),
)


def _well_formed_sgr(report: str) -> bool:
    import re

    return re.fullmatch(r"\x1b\[<\d+;\d+;\d+[Mm]", report) is not None


@settings(max_examples=hypothesis_examples(300), deadline=None)
@given(
    reports=st.lists(_JUNK_REPORT.filter(lambda r: not _well_formed_sgr(r)), max_size=20),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=8),
)
def test_no_junk_report_ever_becomes_a_key(reports: list[str], cuts: list[int]) -> None:
    stream = "".join(reports)
    chunks, position = [], 0
    for cut in sorted(set(cuts)):
        chunks.append(stream[position:cut])
        position = max(position, cut)
    chunks.append(stream[position:])
    parser = ReportFilteringParser()
    messages = [m for chunk in chunks if chunk for m in parser.feed(chunk)]
    assert [m for m in messages if isinstance(m, events.Key)] == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM": "xterm-256color"}, None),
        ({"TERM": "screen", "STY": "1.x"}, "screen"),
        ({"TERM": "screen.xterm-256color"}, "screen"),
        ({"TERM": "screen", "TMUX": "/tmp/tmux,1,0"}, None),
        ({"TERM": "screen", "STY": "1.x", "MESHTUI_MOUSE": "1"}, None),
        ({"TERM": "xterm", "MESHTUI_MOUSE": "0"}, "MESHTUI_MOUSE=0"),
    ],
)
def test_mouse_is_requested_only_where_reports_are_reliable(
    env: dict[str, str], expected: str | None
) -> None:
    problem = mouse_problem(env)
    assert (problem is None) == (expected is None)
    if expected is not None:
        assert problem is not None and expected in problem


@pytest.mark.parametrize(
    ("env", "ascii_only"),
    [
        ({"LANG": "C.UTF-8"}, False),
        ({"LANG": "en_US.utf8"}, False),
        ({"LANG": "C"}, True),
        ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, True),
        ({"LC_ALL": "POSIX"}, True),
        ({"LC_CTYPE": "C.UTF-8", "LANG": "C"}, False),
        ({"LANG": "C.UTF-8", "TERM": "linux"}, True),
        ({"LANG": "C.UTF-8", "MESHTUI_ASCII": "1"}, True),
        ({"LANG": "C.UTF-8", "MESHTUI_ASCII": "0"}, False),
        ({}, True),
    ],
)
def test_one_rule_decides_ascii_only(env: dict[str, str], ascii_only: bool) -> None:
    assert (ascii_only_reason(env) is not None) == ascii_only


def test_ascii_fallback_keeps_cells_and_sends_nothing_above_0x7e() -> None:
    drawn = "╭─╮│┃━╇▔▁…🔎▌▅ Müller 日本 \x1b[0m\x7f\x9b"
    fallback = ascii_fallback(drawn)
    assert all(ord(c) <= 0x7E for c in fallback.replace("\x1b", "")), fallback
    assert fallback.startswith("+-+||-+-_.> |  ")
    assert "Muller ????" in fallback
    assert "\x1b[0m??" in fallback


def test_pasted_text_never_becomes_keys() -> None:
    messages = parse("\x1b[200~a\x1bq4\x1b[31mb\x1b\x1b[201~", "x")
    pastes = [m for m in messages if isinstance(m, events.Paste)]
    assert [p.text for p in pastes] == ["aq4b"]
    assert [m.key for m in messages if isinstance(m, events.Key)] == ["x"]
