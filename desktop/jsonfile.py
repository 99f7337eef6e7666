"""The JSON object of a station file (key slots, station keys, trusted keys, stored credentials), whatever it holds."""

from __future__ import annotations

import json
from typing import Any


def load_object(text: str | bytes) -> dict[str, Any]:
    """The JSON object in `text`; ValueError for anything else, so a loader's `except ValueError` covers it all.

    json.loads raises RecursionError (no ValueError) on deep nesting, and a file may hold `null`, a list or a
    number where an object is expected: both used to escape loaders that promise their own error type."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(value, dict):
        raise ValueError(f"a JSON object was expected, not {type(value).__name__}")
    return value
