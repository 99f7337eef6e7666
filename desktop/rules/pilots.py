"""The remote passport renewal's experiments (R-PASS-4): which countries of residence, from which day to which.

The experiments are set by arrêté and extended by another: the election calendar (``elections.json``, the central
store's ``--calendar`` file) may carry them under « experimentations_passeport »
(`desktop.rules.calendar.parse_calendar`), so that the desk and the central store judge R-PASS-4 alike. Without
that key, `PILOTS` below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Pilot:
    """One experiment: the countries of residence and the dates it runs, both inclusive (R-PASS-4)."""

    name: str
    countries: frozenset[str]
    start: date
    end: date


# ISO 3166-1 alpha-3 codes. Pilot 1 ran "to February 2025": its last day is taken as 28/02/2025.
PILOTS: tuple[Pilot, ...] = (
    Pilot("Expérimentation 2024", frozenset({"CAN", "PRT"}), date(2024, 3, 1), date(2025, 2, 28)),
    Pilot("Expérimentation 2025-2027", frozenset({"AUS", "CAN", "ESP", "PRT"}), date(2025, 12, 1), date(2027, 11, 30)),
)
