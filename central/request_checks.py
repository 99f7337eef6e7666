"""A Maprocuration act checked against what only the central store sees (R-CHAN-A-4, R-CHAN-A-5, R-CHAN-A-8).

A counter validates an online request (channel `maprocuration`, its `reference`) with what it was told: the date
the agent typed, the mandataire's list as the form said it, the capacity and place the station claims. The central
store holds the request itself (`requests`, imported from Maprocuration: its `requested_at` and what it says of the
mandataire), the electors register, the kind of place it enrolled the station with and the capacity it enrolled the
agent with. For each new `procuration.etablie` of that channel, or carrying a reference whatever its channel,
it checks:

- R-CHAN-A-4: in France (the station's enrolled kind of place: commissariat, gendarmerie, ...) only an OPJ, an APJ or
  an APJ réserviste receives a reference; a délégué, a magistrate or a directeur de greffe does not
  (`channels.receives_reference`, the capacity the central store enrolled for the agent, else the act's);
- R-CHAN-A-5: the mandataire, as the register knows them, is on the list the request says (its `list_kind`, its
  `inscription`), and not on a Nouvelle-Calédonie list (the paper form is required then);
- R-CHAN-A-8: the act's effective time (bounded by the contacts the server trusts, never the station's word) is
  within two months of the request's `requested_at` (`channels.request_expired`), whatever date the counter typed.

Such an act is `invalidee` with the rule and a French reason, takes no slot (`void_other`), is flagged on its entry
and verdict, and reviewed, as an act refused for its authority is (central/agent_authority.py). A reference the
central store does not hold (never imported, or destroyed two months after the request: R-CHAN-A-8, R-DATA-2) cannot
be judged: the act is applied, flagged `demande_inconnue` and reviewed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from central.agent_authority import Finding, capacity_named
from central.db import among
from central.register import Registered, norm, resolve
from central.schema import requests, utc
from central.security_tables import agents
from desktop.rules.channels import receives_reference, request_expired
from desktop.rules.terms import Capacity, Channel, PlaceKind
from desktop.rules.types import ListKind
from desktop.sync.wire import Entry, OnlineRequest, ProcurationEtablie
from desktop.sync.wire.check import WireError, loads

log = logging.getLogger("guichet.central.request_checks")

FLAG_PLACE = "demande_lieu"  # R-CHAN-A-4: a reference received in France by whom may not receive it
FLAG_LIST = "demande_liste"  # R-CHAN-A-5: the mandataire is not on the list the request says, or on an NC one
FLAG_EXPIRED = "demande_perimee"  # R-CHAN-A-8: validated two months or more after the request
FLAG_UNKNOWN = "demande_inconnue"  # the reference is not in the central store's requests: applied, reviewed
REFUSAL_FLAGS = frozenset({FLAG_PLACE, FLAG_LIST, FLAG_EXPIRED})
EARLIEST = timedelta(hours=12)  # UTC−12: the act's day, as late as it can be anywhere
LATEST = timedelta(hours=14)  # UTC+14: the request's day, as early as it can be anywhere
PARIS = ZoneInfo("Europe/Paris")  # Maprocuration's: the zone a request's date is said in (a station's is not known)

_REDO = " La procuration est sans effet ; le répertoire central a ouvert une revue."
MSG_PLACE = (
    "R-CHAN-A-4 : en France, seul un officier ou agent de police judiciaire (ou un réserviste ayant cette qualité) "
    "peut recevoir une référence de demande en ligne ; cet acte a été reçu par « {who} » dans un lieu « {place} ». "
    "Le mandant doit se présenter de nouveau devant un OPJ ou un APJ (commissariat, gendarmerie), ou remplir le "
    "formulaire papier." + _REDO
)
MSG_PLACE_ABROAD = (
    "R-CHAN-A-4 : à l'étranger, la référence d'une demande en ligne se présente au consulat ou à l'ambassade ; cet "
    "acte a été reçu par « {who} » dans un lieu « {place} ». Le mandant doit se présenter au consulat ou à "
    "l'ambassade, ou remplir le formulaire papier." + _REDO
)
MSG_NC = (
    "R-CHAN-A-5 : selon le répertoire électoral, le mandataire est inscrit sur une liste de Nouvelle-Calédonie : la "
    "demande en ligne ne peut pas être utilisée. Le mandant doit remplir le formulaire « Vote par procuration – "
    "Nouvelle-Calédonie » (cerfa n° 16199*01) ou le formulaire du guichet (cerfa n° 12668*03)." + _REDO
)
MSG_LIST = (
    "R-CHAN-A-5 : selon le répertoire électoral, le mandataire n'est pas inscrit sur la liste qu'indique la demande "
    "en ligne ({said}). Le mandant doit vérifier l'inscription du mandataire et faire une nouvelle demande." + _REDO
)
MSG_EXPIRED = (
    "R-CHAN-A-8 : la demande en ligne date du {asked} (heure de Paris) selon le répertoire central : elle n'était "
    "plus valable le "
    "jour de l'acte (2 mois au plus). Le mandant doit faire une nouvelle demande." + _REDO
)
MSG_UNKNOWN = (
    "Demande en ligne inconnue du répertoire central (jamais reçue, ou détruite 2 mois après la demande, "
    "R-CHAN-A-8) : procuration enregistrée, un superviseur la vérifie."
)
_LIST_WORDS = {
    ListKind.COMMUNALE: "liste communale",
    ListKind.COMPLEMENTAIRE_MUN: "liste complémentaire municipale",
    ListKind.COMPLEMENTAIRE_EUR: "liste complémentaire européenne",
    ListKind.COMPLEMENTAIRE_MUN_EUR: "listes complémentaires",
    ListKind.CONSULAIRE: "liste consulaire",
    ListKind.NC: "liste de Nouvelle-Calédonie",
}


def request_findings(
    conn: Connection,
    *,
    station_id: str,
    place: str | None,
    entries: Iterable[Entry],
    times: Mapping[str, tuple[datetime, Any]],
) -> dict[str, Finding]:
    """The finding of each Maprocuration procuration entry (by entry id) the central store's data contradicts."""
    acts = [e for e in entries if isinstance(e.body, ProcurationEtablie) and _of_a_request(e.body)]
    if not acts:
        return {}
    bodies = [e.body for e in acts if isinstance(e.body, ProcurationEtablie)]
    asked = _requests(conn, {b.reference for b in bodies if b.reference})
    enrolled = _capacities(conn, station_id, {b.agent_id for b in bodies})
    registered = resolve(conn, [b.mandataire for b in bodies])
    out: dict[str, Finding] = {}
    for e, body, reg in zip(acts, bodies, registered, strict=True):
        found = _judge(body, asked.get(body.reference or ""), reg, enrolled, place, times[e.id][0])
        if found is not None:
            out[e.id] = found
    if out:
        log.warning("station %s: %d Maprocuration act(s) the central store contradicts", station_id, len(out))
    return out


def _of_a_request(body: ProcurationEtablie) -> bool:
    """A Maprocuration act, or any act carrying a reference: the reference names a request whatever channel the
    station says (a station cannot walk around these checks by labelling the act a paper form)."""
    return body.channel == Channel.MAPROCURATION or bool(body.reference)


def _judge(
    body: ProcurationEtablie,
    request: tuple[datetime, OnlineRequest | None] | None,
    reg: Registered | None,
    enrolled: Mapping[str, Capacity | None],
    place_kind: str | None,
    at: datetime,
) -> Finding | None:
    place = _place(place_kind or body.place_kind)
    capacity = enrolled[body.agent_id] if body.agent_id in enrolled else capacity_named(body.authority.kind)
    if place is not None and not receives_reference(place, capacity):
        who = capacity.label if capacity is not None else body.authority.kind
        text = MSG_PLACE_ABROAD if place.abroad else MSG_PLACE  # an honorary consul abroad (R-DATA-3)
        return Finding(FLAG_PLACE, "R-CHAN-A-4", text.format(who=who, place=place.label))
    if request is None:
        return Finding(FLAG_UNKNOWN, "R-CHAN-A-8", MSG_UNKNOWN)
    requested_at, said = request
    if request_expired((requested_at + LATEST).date(), on=(at - EARLIEST).date()):
        # The station's time zone is not the central store's to know: the request's own service's (Paris), said so.
        asked = requested_at.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M")
        return Finding(FLAG_EXPIRED, "R-CHAN-A-8", MSG_EXPIRED.format(asked=asked))
    if reg is not None:  # an unknown mandataire is R-PARTY-2's (central/decide.register_failure)
        if reg.list_kind is ListKind.NC:
            return Finding(FLAG_LIST, "R-CHAN-A-5", MSG_NC)
        stated = _stated_list(said.mandataire if said is not None else None, reg)
        if stated is not None:
            return Finding(FLAG_LIST, "R-CHAN-A-5", MSG_LIST.format(said=stated))
    return None


def _stated_list(person: Any, reg: Registered) -> str | None:
    """What the request says of the mandataire's list that the register contradicts (in words), or None."""
    if person is None:
        return None
    try:
        kind = ListKind(person.list_kind) if person.list_kind else None
    except ValueError:
        kind = None
    if kind is not None and kind is not reg.list_kind:
        return _LIST_WORDS.get(kind, kind.value)
    place = person.inscription
    if place and norm(place) not in {norm(reg.code_inscription), norm(reg.libelle_inscription)}:
        return f"inscription « {place} »"
    return None


def _place(value: str | None) -> PlaceKind | None:
    try:
        return PlaceKind(value) if value else None
    except ValueError:
        return None


def _requests(conn: Connection, references: set[str]) -> dict[str, tuple[datetime, OnlineRequest | None]]:
    """Each known reference's request time and, when readable, the request (what it says of the mandataire)."""
    if not references:
        return {}
    # Share-locked to the commit: `purge` (central/retention.py) waits before deleting a request the batch judged, and
    # then sees the procuration that names it.
    query = (
        select(requests.c.reference, requests.c.requested_at, requests.c.body)
        .where(among(conn, requests.c.reference, sorted(references)))
        .order_by(requests.c.reference)  # locked in the purge's order
        .with_for_update(read=True)
    )
    out: dict[str, tuple[datetime, OnlineRequest | None]] = {}
    for reference, requested_at, body in conn.execute(query):
        try:
            said: OnlineRequest | None = OnlineRequest.from_dict(loads(body), "request")
        except (WireError, ValueError):
            said = None  # the date alone is judged (import-requests stores only valid requests)
        out[reference] = (utc(requested_at), said)
    return out


def _capacities(conn: Connection, station_id: str, agent_ids: set[str]) -> dict[str, Capacity | None]:
    """The capacity the central store enrolled for each of these agents of the station."""
    query = select(agents.c.id, agents.c.capacity).where(
        among(conn, agents.c.id, sorted(agent_ids)), agents.c.station_id == station_id
    )
    return {agent_id: capacity_named(capacity) for agent_id, capacity in conn.execute(query)}
