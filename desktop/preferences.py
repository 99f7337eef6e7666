"""Writes a user's own preferences file (``preferences.toml``): personal settings only, read back at the next start."""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path

from desktop.settings import PERSONAL_SETTINGS, user_preferences_path


def _toml_value(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def save_personal_setting(name: str, value: str | int | bool, *, path: Path | None = None) -> Path:
    """Set one personal setting in the user's file, keeping the others; written whole, then renamed."""
    if name not in PERSONAL_SETTINGS:
        raise ValueError(f"not a personal setting: {name}")
    target = path or user_preferences_path()
    current: dict[str, object] = {}
    if target.is_file():
        try:
            current = tomllib.loads(target.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            current = {}  # an unreadable file is replaced by one that reads
    current[name] = value
    lines = [f"{key} = {_toml_value(v)}" for key, v in sorted(current.items()) if isinstance(v, str | int | bool)]
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".preferences-", dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")
    os.replace(tmp, target)
    return target
