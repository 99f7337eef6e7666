"""Write an agent's personal preference (text size, language, theme) to their own preferences file.

The file holds personal preferences only (desktop/settings.py refuses a station setting in it); each write keeps
the others, replaces the file whole, and never makes it readable by other users.
"""

from __future__ import annotations

import json
import threading
import tomllib
from pathlib import Path

from desktop.privatefile import write_private
from desktop.settings import PERSONAL_SETTINGS, SettingsError, user_preferences_path

Value = str | int | bool
# One writer at a time: the text size (saved off the GUI thread) and the language (saved by a worker) each read the
# file, change their key and write it whole; two at once lost one of the changes.
WRITING = threading.Lock()


def read_preferences(path: Path | None = None) -> dict[str, Value]:
    """The personal preferences saved so far ({} when none, or when the file is unreadable: it is rewritten)."""
    path = path or user_preferences_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    return {k: v for k, v in data.items() if k in PERSONAL_SETTINGS and isinstance(v, str | int | bool)}


def save_preference(name: str, value: Value, *, path: Path | None = None) -> Path:
    """Set one personal preference, keeping the others; returns the file written."""
    if name not in PERSONAL_SETTINGS:
        raise SettingsError(f"« {name} » n'est pas une préférence personnelle.")
    path = path or user_preferences_path()
    with WRITING:
        values = {**read_preferences(path), name: value}
        lines = ["# Guichet: your personal preferences (written by the application)."]
        for key in sorted(values):
            v = values[key]
            # JSON strings are valid TOML basic strings; booleans and integers are written as TOML literals.
            shown = (
                ("true" if v else "false") if isinstance(v, bool) else str(v) if isinstance(v, int) else json.dumps(v)
            )
            lines.append(f"{key} = {shown}")
        write_private(path, ("\n".join(lines) + "\n").encode("utf-8"), replace=True)
    return path
