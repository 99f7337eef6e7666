"""What a résiliation must carry, judged again at the central store (R-REVOKE-4, R-REVOKE-5, R-REVOKE-6).

The counter refuses a paper or counter résiliation without the mandant's own NNE in France (R-REVOKE-5), or without
the mandant's and the mandataire's NNE abroad (R-REVOKE-6): `desktop.rules.revocation.check_revocation_request`.
The central store took the entry on the station's word, so a modified, buggy or old station holding valid
credentials could revoke without them (central audit). It now asks the same rule the same facts, from what it holds:

- the path: online (Maprocuration) when the entry carries a request reference — the counter sends one for that
  channel only, and requires it there (R-REVOKE-4) — else the paper or counter form;
- the place: the station's kind of place from its enrolment file (`central/places.py`), never the station's word
  (an online résiliation is presented at police, gendarmerie or a préfet's place, abroad at a consulate or embassy:
  not at a tribunal judiciaire nor before an honorary consul, R-REVOKE-4, legal audit session 32);
  a station enrolled without one is judged as in France (R-REVOKE-5, the mandant's NNE), the rule both places share;
- the mandant's NNE: the one on the entry; the mandataire's: the one on the establishing entry of each procuration
  in force the résiliation would end (not one whose validity was over by its day, §8; the counter reads the same
  from the procurations it holds), at any station;
- the lists (New Caledonia waives R-REVOKE-5 in France): the electors register's, not the ones the station declared.

A refused résiliation is answered « invalidee » with its rule and revokes nothing, now or later: it is not stored as
a revocation (its entry is kept, as every entry is).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, or_, select

from central.db import among
from central.decide import EARLIEST_OFFSET, Proc, Rev, validity_of
from central.schema import electors, entries, procurations, stations, utc
from desktop.rules.calendar import ElectionCalendar
from desktop.rules.facts import Elector
from desktop.rules.revocation import check_revocation_request
from desktop.rules.terms import Channel, PlaceKind, Status
from desktop.rules.types import ListKind, Validity, Violation
from desktop.rules.validity import validity_over
from desktop.sync.wire import Batch, ProcurationEtablie, ProcurationResiliation

CHECKED_RULES = frozenset({"R-REVOKE-4", "R-REVOKE-5", "R-REVOKE-6"})
IN_FRANCE = PlaceKind.COMMISSARIAT  # the place a station enrolled without a kind of place is judged at
MSG_REFUSED = (
    "Résiliation refusée par le répertoire central ({rules}) : {reasons} Aucune procuration n'a été résiliée. "
    "Faites compléter le formulaire de résiliation, puis enregistrez-la de nouveau."
)


@dataclass(frozen=True, slots=True)
class Ended:
    """A procuration a résiliation would end, with what its establishing entry said of the mandataire."""

    mandant_key: str
    mandataire_key: str
    established_at: datetime
    mandataire_nne: str | None
    revoked_at: datetime | None = None  # by an earlier résiliation: not in force after it
    validity: Validity | None = None  # over by the résiliation's day: expired, not ended (§8)


def screen(
    conn: Connection,
    station_id: str,
    batch: Batch,
    revs: Sequence[Rev],
    procs: Sequence[Proc],
    calendar: ElectionCalendar | None = None,
) -> tuple[dict[str, tuple[str, str]], list[Rev]]:
    """The new résiliations of a batch the rule refuses (revocation id → rule id, French message for the agent),
    and the others, which go on to revoke.

    `revs` and `procs` are the batch's new ones (a résiliation whose mandant the register does not know is refused
    under R-PARTY-1 already); the stored procurations are read here, their persons locked by the caller."""
    refused = _refusals(conn, station_id, batch, revs, procs, calendar)
    return refused, [r for r in revs if r.id not in refused]


def _refusals(
    conn: Connection,
    station_id: str,
    batch: Batch,
    revs: Sequence[Rev],
    procs: Sequence[Proc],
    calendar: ElectionCalendar | None,
) -> dict[str, tuple[str, str]]:
    bodies = {
        e.body.id: e.body for e in batch.entries if isinstance(e.body, ProcurationResiliation | ProcurationEtablie)
    }
    judged = [r for r in revs if r.registered]
    if not judged:
        return {}
    place = _place(conn.execute(select(stations.c.place_kind).where(stations.c.id == station_id)).scalar())
    in_batch = [
        Ended(p.mandant_key, p.mandataire_key, p.established_at, _nne(bodies[p.id]), validity=p.validity())
        for p in procs
        if not p.void_other
    ]
    ended = [*in_batch, *_stored(conn, sorted({r.mandant_key for r in judged}))]
    lists = _register_lists(conn, {e.mandataire_key for e in ended} | {r.mandant_key for r in judged})
    out: dict[str, tuple[str, str]] = {}
    for r in judged:
        reference = getattr(bodies[r.id], "reference", None)
        channel = Channel.MAPROCURATION if reference else Channel.CERFA_12668
        mandant = Elector(nne=_nne(bodies[r.id], "mandant"), list_kind=lists.get(r.mandant_key, _DEFAULT))
        ending = [
            e
            for e in ended
            if e.mandant_key == r.mandant_key
            and e.established_at < r.established_at
            and (e.revoked_at is None or e.revoked_at > r.established_at)
            and not _over(e, r, calendar)
        ]
        # No procuration known to end: the mandant stands for the mandataire, as at the counter (revoke_at_central).
        mandataires = [
            Elector(nne=_given(e.mandataire_nne), list_kind=lists.get(e.mandataire_key, _DEFAULT)) for e in ending
        ] or [mandant]
        found: list[Violation] = []
        for mandataire in mandataires:
            for v in check_revocation_request(
                channel=channel, place=place, mandant=mandant, mandataire=mandataire, reference=reference
            ):
                if v.rule_id in CHECKED_RULES and v not in found:
                    found.append(v)
        if found:
            rules = ", ".join(sorted({v.rule_id for v in found}))
            reasons = " ".join(dict.fromkeys(v.message for v in found))
            out[r.id] = (found[0].rule_id, MSG_REFUSED.format(rules=rules, reasons=reasons))
    return out


def _over(ended: Ended, rev: Rev, calendar: ElectionCalendar | None) -> bool:
    """Whether the procuration's validity was over by the résiliation's earliest day anywhere: it does not end it
    (§8, as `decide.apply_revocations` and the counter), so its mandataire's NNE is not asked (R-REVOKE-6)."""
    if calendar is None or ended.validity is None:
        return False
    return validity_over(ended.validity, calendar, on=(rev.established_at - EARLIEST_OFFSET).date())


def _nne(body: ProcurationResiliation | ProcurationEtablie, who: str = "mandataire") -> str | None:
    person = getattr(body, who)
    return _given(person.nne)


def _given(nne: str | None) -> str | None:
    """An NNE as given: None when absent or blank (the wire refuses a blank one; a stored body is read back here)."""
    return (nne or "").strip() or None


_DEFAULT = ListKind.COMMUNALE


def _place(place_kind: str | None) -> PlaceKind:
    try:
        return PlaceKind(place_kind) if place_kind else IN_FRANCE
    except ValueError:  # a kind this version does not know: judged as in France, as places.check takes it
        return IN_FRANCE


def _stored(conn: Connection, mandant_keys: Sequence[str]) -> list[Ended]:
    """The stored procurations of these mandants that are, or were until a résiliation, in force, with the
    mandataire's NNE as their establishing entry gave it."""
    out: list[Ended] = []
    for start in range(0, len(mandant_keys), 500):
        chunk = mandant_keys[start : start + 500]
        query = (
            select(
                procurations.c.mandant_key,
                procurations.c.mandataire_key,
                procurations.c.established_at,
                procurations.c.revoked_at,
                entries.c.body,
                procurations.c.validity_kind,
                procurations.c.election_id,
                procurations.c.rounds,
                procurations.c.valid_from,
                procurations.c.valid_to,
            )
            .join(entries, entries.c.id == procurations.c.entry_id)
            .where(
                among(conn, procurations.c.mandant_key, chunk),
                or_(procurations.c.status == Status.VALIDEE, procurations.c.status == Status.RESILIEE),
            )
        )
        for row in conn.execute(query):
            revoked = utc(row.revoked_at) if row.revoked_at is not None else None
            validity = validity_of(row.validity_kind, row.election_id, row.rounds, row.valid_from, row.valid_to)
            nne = _mandataire_nne(row.body)
            out.append(Ended(row.mandant_key, row.mandataire_key, utc(row.established_at), nne, revoked, validity))
    return out


def _mandataire_nne(body: str) -> str | None:
    """The mandataire's NNE as the establishing entry gave it (None if it gave none)."""
    try:
        said = json.loads(body)["mandataire"].get("nne")
    except (ValueError, KeyError, TypeError, AttributeError):  # a body purged after retention (R-DATA-2)
        return None
    return said if isinstance(said, str) else None


def _register_lists(conn: Connection, person_keys: set[str]) -> dict[str, ListKind]:
    """The register's list of each registered person key ("nne:…")."""
    nnes = sorted(k.removeprefix("nne:") for k in person_keys if k.startswith("nne:"))
    out: dict[str, ListKind] = {}
    for start in range(0, len(nnes), 500):
        chunk = nnes[start : start + 500]
        for nne, kind in conn.execute(
            select(electors.c.nne, electors.c.list_kind).where(among(conn, electors.c.nne, chunk))
        ):
            try:
                out[f"nne:{nne}"] = ListKind(kind)
            except ValueError:
                out[f"nne:{nne}"] = _DEFAULT
    return out
