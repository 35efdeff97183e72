"""The user's preferences: a small TOML file in the platform's config folder.

Only the radar style (ASCII or braille) is remembered. A config file that
cannot be read (not a regular file, over 1 MiB, not UTF-8, not TOML, nested
too deeply) is ignored (defaults apply) and never rewritten over, so a
hand-edited file with a typo is not lost. A config file that is a symbolic
link is read but never written through.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from meshtui.files import FileProblem, ensure_private_dir, read_regular, user_folder, write_atomic

ENV_CONFIG_DIR = "MESHTUI_CONFIG_DIR"
CONFIG_NAME = "config.toml"


def config_path() -> Path:
    return user_folder("config", ENV_CONFIG_DIR) / CONFIG_NAME


@dataclass
class Config:
    """The remembered preferences."""

    braille: bool = False
    #: False when the file exists but could not be read: then it is left alone.
    writable: bool = True


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    try:
        data = tomllib.loads(read_regular(path).decode("utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, FileProblem, ValueError, RecursionError, MemoryError):
        # ValueError covers UnicodeDecodeError, TOMLDecodeError and huge integers.
        return Config(writable=False)
    braille = data.get("braille", False)
    return Config(braille=braille if isinstance(braille, bool) else False)


def save_config(config: Config, path: Path | None = None) -> bool:
    """Write the config; False (and nothing written) when it may not or cannot be."""
    if not config.writable:
        return False
    path = path or config_path()
    try:
        ensure_private_dir(path.parent)
        import tomli_w  # only needed when the style is toggled

        write_atomic(path, tomli_w.dumps({"braille": config.braille}).encode("utf-8"))
    except (OSError, FileProblem):
        return False
    return True
