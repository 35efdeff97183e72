"""One rule for "previous" and one for "same organization" (issue 7; issue 9's summary).

"Previous" is the session named by ``previous`` (``new --from`` writes it);
it is never guessed from the organization, which could pick another team's
session. ``show --against`` and the app's summary both use it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from meshtui.model import same_organization
from meshtui.session_file import find_previous, previous_session
from meshtui.session_format import SessionError, load_session
from meshtui.store import SessionStore
from tests.factories import write_session


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Acme Bank", "acme bank", True),
        ("  Acme   Bank ", "ACME BANK", True),
        ("Acme", "Acme Bank", False),
        ("", "", True),
    ],
)
def test_same_organization_folds_case_and_spaces(first: str, second: str, same: bool) -> None:
    assert same_organization(first, second) is same


def test_another_session_of_the_organization_is_never_guessed(
    sessions_dir: Path, store: SessionStore
) -> None:
    write_session(sessions_dir / "payments.toml", name="Payments team", organization="Acme")
    path = write_session(sessions_dir / "artists.toml", name="Artists team", organization="Acme")
    session = load_session(path)
    assert previous_session(store, session, path) is None
    assert find_previous(store, session, path) is None


def test_previous_is_the_session_it_names(sessions_dir: Path, store: SessionStore) -> None:
    write_session(sessions_dir / "q2.toml", name="Q2", organization="Acme")
    path = write_session(
        sessions_dir / "q3.toml", name="Q3", organization="Acme", previous="q2.toml"
    )
    found = previous_session(store, load_session(path), path)
    assert found is not None and found[0] == sessions_dir / "q2.toml" and found[1].name == "Q2"


def test_an_unreadable_previous_is_an_error_for_show_and_none_for_the_summary(
    sessions_dir: Path, store: SessionStore
) -> None:
    path = write_session(sessions_dir / "q3.toml", name="Q3", previous="gone.toml")
    session = load_session(path)
    with pytest.raises(SessionError, match="no such file"):
        previous_session(store, session, path)
    assert find_previous(store, session, path) is None


def test_new_from_then_show_against_uses_the_recorded_previous(
    sessions_dir: Path, store: SessionStore
) -> None:
    write_session(sessions_dir / "q2.toml", name="Q2", organization="Acme", scores=[2, 2])
    write_session(sessions_dir / "other.toml", name="Other team", organization="Acme")
    path = store.create_from("Q3", "Q2")
    found = previous_session(store, load_session(path), path)
    assert found is not None and found[1].name == "Q2"
