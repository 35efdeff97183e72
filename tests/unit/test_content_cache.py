"""The shipped content's parsed data, kept between runs (meshtui.content).

Parsing the TOML is the slowest part of starting, so the parsed data is kept
as JSON in the cache folder. It must never change what is shown: a cache for
another file, or a damaged or unwritable one, means parsing the TOML again.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from meshtui import content
from meshtui.content import cache_path, load_content


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(content.ENV_CACHE_DIR, str(folder))
    return folder


def fresh_load() -> content.Content:
    """Load the shipped content as a new process would (the in-process memo cleared)."""
    content._shipped_content.cache_clear()
    try:
        return load_content()
    finally:
        content._shipped_content.cache_clear()


def no_toml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_text: str) -> dict[str, Any]:
        raise AssertionError("the TOML was parsed")

    monkeypatch.setattr(tomllib, "loads", refuse)


def test_the_second_start_reads_the_kept_data_not_the_toml(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fresh_load()
    assert cache_path().is_file()
    assert cache_path().stat().st_mode & 0o777 == 0o600
    no_toml(monkeypatch)
    assert fresh_load() == first


def test_data_kept_for_another_file_is_not_used(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fresh_load()
    kept = json.loads(cache_path().read_text(encoding="utf-8"))
    kept["key"] = kept["key"] + "0"
    kept["data"]["criteria"] = []
    cache_path().write_text(json.dumps(kept), encoding="utf-8")
    assert fresh_load() == first
    # ... and the cache is written again for the file as it is.
    no_toml(monkeypatch)
    assert fresh_load() == first


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b"[]", b'{"key": 1}', b"\xff\xfe", b'{"key": "x", "data": []}'],
    ids=["empty", "not-json", "a-list", "no-data", "not-utf8", "data-not-a-table"],
)
def test_a_damaged_cache_means_parsing_again(cache_dir: Path, damage: bytes) -> None:
    first = fresh_load()
    cache_path().write_bytes(damage)
    assert fresh_load() == first


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(
    cache_dir: Path, tmp_path: Path
) -> None:
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.write_text("a file where the folder should be", encoding="utf-8")
    loaded = fresh_load()
    assert loaded.criteria and cache_dir.read_text(encoding="utf-8").startswith("a file")


def test_the_cache_is_never_written_through_a_symlink(cache_dir: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    cache_dir.mkdir(parents=True)
    cache_path().symlink_to(victim)
    assert fresh_load().criteria
    assert victim.read_text(encoding="utf-8") == "keep me"
