"""Issuing states: the ICAO 9303 code a document's MRZ gives (FRA, D, ITA…) and the country of the X.509 names that
sign it (FR, DE, IT), from the table shipped in the package (``resources/cards/icao_states.json``, made by
``tools/icao_states.py``)."""

from __future__ import annotations

import json
from functools import cache

from desktop import resources


@cache
def _table() -> dict[str, str]:
    loaded = json.loads(resources.read_text("cards", "icao_states.json"))
    return {str(k): str(v) for k, v in loaded.items()}


def country_of(issuing_state: str) -> str | None:
    """The two-letter country of an ICAO issuing-state code (``FRA`` → ``FR``, ``D`` → ``DE``); None for a code that
    is not one state's (an organisation, a stateless person's document, a test code such as ``UTO``)."""
    return _table().get(issuing_state.replace("<", "").strip().upper())
