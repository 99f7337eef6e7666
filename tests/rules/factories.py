"""Builders of plain facts for the rules tests."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache

from desktop import resources
from desktop.rules.calendar import ElectionCalendar, parse_calendar
from desktop.rules.facts import AuthorityFacts, ChannelFacts, Elector, NewProcuration, PlaceFacts
from desktop.rules.terms import Capacity, Channel, PlaceKind
from desktop.rules.types import (
    DurationValidity,
    EstablishedIn,
    ListKind,
    ProcurationFacts,
    Rounds,
    ScrutinValidity,
    Validity,
)


@cache
def load_calendar() -> ElectionCalendar:
    """The calendar shipped in the package, parsed once."""
    return parse_calendar(json.loads(resources.read_text("elections.json")))


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


def elector(nne: str | None = "123456789", **kw: object) -> Elector:
    """A communal voter with complete identity."""
    base: dict[str, object] = {
        "nne": nne,
        "last_name": "Martin",
        "given_names": "Claire",
        "birth_date": date(1990, 1, 15),
        "commune": "Lyon",
    }
    base.update(kw)
    return Elector(**base)  # type: ignore[arg-type]


def new_procuration(**kw: object) -> NewProcuration:
    """A counter-form procuration at a commissariat by a designated OPJ, presidentielle 2027 T1."""
    base: dict[str, object] = {
        "id": "new",
        "mandant": elector("111111111", last_name="Durand", given_names="Paul"),
        "mandataire": elector("222222222"),
        "channel": ChannelFacts(Channel.CERFA_12668),
        "place": PlaceFacts(PlaceKind.COMMISSARIAT),
        "authority": AuthorityFacts(Capacity.OPJ),
        "validity": PRES_T1,
    }
    base.update(kw)
    return NewProcuration(**base)  # type: ignore[arg-type]
