"""A Maprocuration request as plain values the establish form fills itself from (views never see wire models)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.sync.wire import Identity, OnlineRequest


@dataclass(frozen=True, slots=True)
class RequestPerson:
    """Mandant or mandataire as the online request gives them."""

    last_name: str
    given_names: str
    birth_date: date
    nne: str | None
    commune: str | None
    list_kind: str | None


@dataclass(frozen=True, slots=True)
class RequestPrefill:
    """What the form takes from a request: the date, both people, and either an election or a period."""

    reference: str
    requested_on: date
    mandant: RequestPerson
    mandataire: RequestPerson
    election_id: str | None = None  # with rounds, for a single election
    rounds: str | None = None
    start: date | None = None  # with end, for a fixed period
    end: date | None = None


def _person(who: Identity) -> RequestPerson:
    return RequestPerson(
        last_name=who.nom,
        given_names=" ".join(who.prenoms),
        birth_date=who.date_naissance,
        nne=who.nne,
        commune=who.inscription,
        list_kind=who.list_kind,
    )


def prefill_of(request: OnlineRequest, *, zone: tzinfo) -> RequestPrefill:
    """Flatten a parsed request for the form; its date is the station's day at the request's instant (`zone`, the
    station's), the day R-CHAN-A-8's two months run from at this counter (the wire's instant is UTC: its date was
    the day before in Nouméa's mornings, the day after in Papeete's evenings)."""
    from desktop.sync.wire import ValidityScrutin  # the wire's models: imported once the store is ready (loading.py)

    base = RequestPrefill(
        reference=request.reference,
        requested_on=request.requested_at.astimezone(zone).date(),
        mandant=_person(request.mandant),
        mandataire=_person(request.mandataire),
    )
    v = request.validity
    if isinstance(v, ValidityScrutin):
        return replace(base, election_id=v.election_id, rounds=v.rounds)
    return replace(base, start=v.start, end=v.end)
