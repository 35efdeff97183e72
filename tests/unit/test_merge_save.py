"""What a merging save reads and parses (issue 13's rough edge: it parsed twice).

A save keeps the session it wrote as the base of its next merge
(``session_format.read_back``) instead of parsing the bytes it wrote again, so
a save that merges parses only what the other program wrote, and a save
nobody else wrote before parses nothing. That is only right if ``read_back``
is exactly what reading the written file gives, which the property test here
checks on generated sessions (unknown keys, empty answers, local times and
tricky text included).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meshtui.model import CRITERION_IDS, Answer, Session
from meshtui.session_file import OpenSession
from meshtui.session_format import dumps_session, parse_session, read_back
from meshtui.store import load_session
from tests.conftest import hypothesis_examples
from tests.factories import saved_in_store
from tests.unit.test_merge import EXEC, bases, edits, session

PATH = Path("generated.toml")

toml_scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(9998, 12, 31),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=-3))]),
    ),
)
#: Values a newer meshtui might write under a key this one does not know.
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)
unknown_keys = st.dictionaries(st.sampled_from(("future", "facilitator", "tags")), toml_values)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    """A session as a program holds it: edited, with unknown keys, maybe local times."""
    generated = draw(bases())
    generated.extra = draw(unknown_keys)
    generated.blind = draw(st.booleans())
    for criterion_id in draw(st.lists(st.sampled_from(CRITERION_IDS), max_size=3)):
        answer = generated.answers.get(criterion_id, Answer())
        revealed = draw(st.booleans())
        generated.answers[criterion_id] = Answer(
            score=answer.score,
            note=draw(st.sampled_from(("", "two\nlines", "windows\r\nends", "lone\rreturn"))),
            ratings=dict(answer.ratings),
            target=answer.target,
            carried=answer.carried,
            extra=draw(unknown_keys),
            revealed=revealed,
            revealed_before=tuple(
                draw(st.lists(st.sampled_from(("Ana", "Ben", "Cy")), unique=True))
            )
            if revealed
            else (),
        )
    if draw(st.booleans()):
        # A date-time without an offset (read back as UTC).
        generated.updated = generated.updated.replace(tzinfo=None)
    return generated


@settings(max_examples=hypothesis_examples(200))
@given(sessions(), st.lists(edits, max_size=4))
def test_read_back_is_what_reading_the_written_file_gives(
    written: Session, later_edits: list[Callable[[Session], object]]
) -> None:
    kept = read_back(written)
    assert kept == parse_session(dumps_session(written), PATH)
    # Nothing is shared: edits to the session in memory leave the kept one alone.
    before = parse_session(dumps_session(written), PATH)
    for edit in later_edits:
        edit(written)
    written.participants.append("Dee")
    for value in [written.extra, *(answer.extra for answer in written.answers.values())]:
        value.clear()
    assert kept == before


@contextmanager
def counted_parses() -> Iterator[list[str]]:
    """Every session file's text parsed meanwhile (the real parser, counted; the
    content file, parsed once per process for a message's titles, is not)."""
    parsed: list[str] = []
    real = tomllib.loads

    def counting(text: str, **kwargs: Any) -> dict[str, Any]:
        if text.startswith("version = "):
            parsed.append(text)
        return real(text, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tomllib, "loads", counting)
        yield parsed


def test_a_merging_save_parses_only_what_the_other_program_wrote(tmp_path: Path) -> None:
    store, path = saved_in_store(tmp_path, session(), "pair")
    ana = OpenSession.open(path, store, as_who="Ana")
    ben = OpenSession.open(path, store, as_who="Ben")
    try:
        with counted_parses() as parsed:
            ana.rate_as(EXEC, "Ana", 2)  # nobody else wrote since Ana read it
        assert parsed == []
        ben.rate_as(EXEC, "Ben", 4)
        on_disk = path.read_text(encoding="utf-8")
        with counted_parses() as parsed:
            ana.rate_as(CRITERION_IDS[0], "Ana", 3)  # merges Ben's save
        assert parsed == [on_disk]
        assert load_session(path).answer(EXEC).ratings == {"Ana": 2, "Ben": 4}
        # Ben's next save merges Ana's, told against what Ben last wrote.
        with counted_parses() as parsed:
            ben.rate_as(CRITERION_IDS[0], "Ben", 3)
        assert len(parsed) == 1
        assert load_session(path).answer(CRITERION_IDS[0]).ratings == {"Ana": 3, "Ben": 3}
        assert load_session(path).score(CRITERION_IDS[0]) == 3
    finally:
        ana.close()
        ben.close()


def test_a_look_at_a_changed_file_parses_it_once(tmp_path: Path) -> None:
    store, path = saved_in_store(tmp_path, session(**{EXEC: Answer(score=3)}), "pair")
    ana = OpenSession.open(path, store, as_who="Ana")
    ben = OpenSession.open(path, store, as_who="Ben")
    try:
        ben.rate(EXEC, 4)
        with counted_parses() as parsed:
            ana.poll()
        assert len(parsed) == 1
        # Still told against what she had read: Ben changed her 3.
        assert ana.take_notices() == [
            "Ben changed the agreed score on Executive support from 3 to 4."
        ]
    finally:
        ana.close()
        ben.close()
