"""Builders of plain facts for the rules tests."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path

from desktop.rules.calendar import ElectionCalendar, parse_calendar
from desktop.rules.types import (
    DurationValidity,
    EstablishedIn,
    ListKind,
    ProcurationFacts,
    Rounds,
    ScrutinValidity,
    Validity,
)

ELECTIONS_JSON = Path(__file__).resolve().parents[2] / "resources" / "elections.json"


@cache
def load_calendar() -> ElectionCalendar:
    """The calendar shipped in resources/, parsed once."""
    return parse_calendar(json.loads(ELECTIONS_JSON.read_text(encoding="utf-8")))


PRES_T1 = ScrutinValidity("presidentielle-2027", Rounds.T1)
PRES_BOTH = ScrutinValidity("presidentielle-2027", Rounds.BOTH)


def facts(
    ident: str,
    *,
    mandataire: str = "M",
    mandant: str | None = None,
    at: datetime | None = None,
    where: EstablishedIn = EstablishedIn.FRANCE,
    mandant_list: ListKind = ListKind.COMMUNALE,
    validity: Validity = PRES_T1,
    revoked_at: datetime | None = None,
    annulled_at: datetime | None = None,
    void_other: bool = False,
) -> ProcurationFacts:
    """A procuration's facts with sensible defaults (presidentielle 2027, first round, France)."""
    return ProcurationFacts(
        id=ident,
        mandant_key=mandant or f"mandant-{ident}",
        mandataire_key=mandataire,
        established_at=at or datetime(2026, 12, 1, 10, 0),
        established_in=where,
        mandant_list=mandant_list,
        validity=validity,
        revoked_at=revoked_at,
        annulled_at=annulled_at,
        void_other=void_other,
    )


def duration(start: date, end: date) -> DurationValidity:
    return DurationValidity(start, end)
