"""The canonical JSON text of a typed wire model's dump, by orjson when it is installed (issue 21).

`desktop.sync.wire.canonical_json` (the standard library's encoder: sorted keys, compact, UTF-8 kept) was a tenth of
the central store's CPU per entry, in the batch digest and each entry's stored body. orjson writes the same text
about ten times faster for what a typed wire model dumps (text, integers, booleans, null, lists and objects with text
keys: `tests/central/test_central_canonical.py` holds the two equal), but not for every JSON value: it writes some
floats otherwise (`1e16`, not `1e+16`), so a station's opaque data, which may hold floats, keeps the standard encoder.
A value orjson refuses (an integer over 64 bits, a lone surrogate) falls back to it too, so nothing is refused that
was accepted and no digest changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.sync.wire import canonical_json


def _orjson_writer() -> Callable[[Any], str] | None:
    """orjson's sorted, compact writer; None without orjson (the embedded store without the central extra)."""
    try:
        import orjson
    except ImportError:
        return None
    dumps, option = orjson.dumps, orjson.OPT_SORT_KEYS

    def write(value: Any) -> str:
        return dumps(value, option=option).decode()

    return write


_fast = _orjson_writer()


def typed_canonical(value: Any) -> str:
    """`canonical_json(value)` for the dump of a typed wire model (no float in it)."""
    if _fast is None:
        return canonical_json(value)
    try:
        return _fast(value)
    except TypeError:  # orjson.JSONEncodeError: what orjson cannot write, the standard encoder decides
        return canonical_json(value)
