"""An act's authority checked against the agent the central store enrolled for its station (R-AUTH-1, R-AUTH-3).

Any agent who logs in at a station holds its database key, so they can rewrite their own row of the local `agents`
table (capacity « opj », role « superviseur ») and log in again: a délégué OPJ then establishes without any visa, an
APJ signs as an OPJ, and nothing on the station records it (outside audit). The station cannot prevent it; the
central store, which enrolled every agent of the station (`security_agents`: role, capacity, active, station) and
which the agent cannot write, checks each procuration and résiliation it applies:

- the acting agent (`agent_id`) deactivated at or before the act's time, an administrator, or a capacity that may
  not establish (`FLAG_NOT_HABILITATED`, `FLAG_DEACTIVATED`: R-AUTH-1, R-AUTH-2 for a maire or an adjoint);
- a procuration whose authority (`authority.kind`, and its `label` when it names a capacity) is not the capacity
  enrolled, read on both sides with `Capacity.parse` (`FLAG_CAPACITY`: R-AUTH-1, R-AUTH-3 for an enrolled délégué);
- an enrolled délégué OPJ's act without `visa_opj`, or whose visa is not an OPJ of the same station, active at
  the act's time (`FLAG_NO_VISA`: R-AUTH-3; TA Toulouse, 8 June 1989: void without the visa).

Such an act is `invalidee` with the rule and a French reason (the station's Synchronisation screen shows it; a
résiliation revokes nothing), flagged on its entry and its verdict, and reviewed (central/review.py: the national
supervisor's page says why). An agent the central store does not know for this station is central/attribution.py's
(applied, flagged, reviewed): there is no enrolment to compare with.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from central import decide, lineage, review
from central.db import among
from central.security_tables import agents, aware
from desktop.rules.terms import Capacity, Role, Status
from desktop.security.roles import CONSULAR_CAPACITIES, POLICE_CAPACITIES, may_give_visa
from desktop.sync.wire import Entry, OpaqueBody, ProcurationEtablie, ProcurationResiliation

log = logging.getLogger("guichet.central.agent_authority")

FLAG_NOT_HABILITATED = "agent_non_habilite"  # an administrator, or a capacity that establishes nothing
FLAG_DEACTIVATED = "agent_desactive"  # removed from the station before the act
FLAG_CAPACITY = "qualite_differente"  # the act's authority is not the capacity enrolled
FLAG_NO_VISA = "visa_opj_absent"  # a délégué OPJ's act without the visa of an OPJ of the station
AUTHORITY_FLAGS = frozenset({FLAG_NOT_HABILITATED, FLAG_DEACTIVATED, FLAG_CAPACITY, FLAG_NO_VISA})
ESTABLISHING = POLICE_CAPACITIES | CONSULAR_CAPACITIES  # R-AUTH-1 2°/3°, R-AUTH-3, R-AUTH-4
KIND_RESILIATION_SUBJECT = "procuration.resiliation"  # a refused résiliation's review subject

_REDO = (
    " L'acte est sans effet : le mandant doit le faire établir de nouveau par une autorité habilitée ; le "
    "répertoire central a ouvert une revue."
)


@dataclass(frozen=True, slots=True)
class Finding:
    """Why an act's authority is not the one the central store enrolled: the entry flag, the rule, the French reason."""

    flag: str
    rule_id: str
    message: str


def _key(text: str) -> str:
    """Lower case, no accents, words separated by one space (« Délégué d'OPJ » → « delegue d opj »)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


# The French labels the desk writes (`Capacity.label`, the wire's `authority.label`) and the long legal names.
_NAMED = {_key(c.label): c for c in Capacity} | {
    "officier de police judiciaire": Capacity.OPJ,
    "agent de police judiciaire": Capacity.APJ,
}


def capacity_named(text: str | None) -> Capacity | None:
    """The capacity a stored or sent text names (`Capacity.parse`, else a label or a long name), or None."""
    if not text:
        return None
    return Capacity.parse(text) or Capacity.parse(_key(text)) or _NAMED.get(_key(text))


def date_past_deactivations(conn: Connection, *, now: datetime) -> None:
    """A store from before `deactivated_at`: its inactive agents are dated now, the latest their removal can be
    (their acts dated after it are refused; earlier ones, whose time is unknown, pass)."""
    conn.execute(
        update(agents).where(agents.c.active.is_(False), agents.c.deactivated_at.is_(None)).values(deactivated_at=now)
    )


def findings(
    conn: Connection, *, station_id: str, entries: Iterable[Entry], times: Mapping[str, tuple[datetime, Any]]
) -> dict[str, Finding]:
    """The finding of each procuration or résiliation entry (by entry id) whose enrolled agent could not sign it."""
    acts = [e for e in entries if isinstance(e.body, ProcurationEtablie | ProcurationResiliation)]
    named = {e.body.agent_id for e in acts} | {v for e in acts if (v := getattr(e.body, "visa_opj", None))}
    if not named:
        return {}
    rows = {
        r.id: r
        for r in conn.execute(
            select(
                agents.c.id, agents.c.station_id, agents.c.role, agents.c.capacity, agents.c.active,
                agents.c.deactivated_at,
            ).where(among(conn, agents.c.id, named))
        )
    }  # fmt: skip
    out: dict[str, Finding] = {}
    ours = lineage.kin(conn, station_id)  # its agents, and its code's earlier ids' (a station enrolled again)
    for e in acts:
        body = e.body
        agent = rows.get(body.agent_id)
        if agent is None or agent.station_id not in ours or isinstance(body, OpaqueBody):
            continue  # not enrolled here: central/attribution.py flags and reviews it
        found = _judge(agent, body, times[e.id][0], rows, ours)
        if found is not None:
            out[e.id] = found
    if out:
        log.warning("station %s: %d act(s) whose authority is not the agent enrolled", station_id, len(out))
    return out


def _active_at(agent: Any, at: datetime) -> bool:
    if agent.active:
        return True
    return agent.deactivated_at is not None and at < aware(agent.deactivated_at)


def _judge(
    agent: Any,
    body: ProcurationEtablie | ProcurationResiliation,
    at: datetime,
    rows: Mapping[str, Any],
    ours: frozenset[str],
) -> Finding | None:
    enrolled = capacity_named(agent.capacity)
    act = "procuration" if isinstance(body, ProcurationEtablie) else "résiliation"
    if not _active_at(agent, at):
        return Finding(
            FLAG_DEACTIVATED,
            "R-AUTH-1",
            f"R-AUTH-1 : l'agent qui a signé cette {act} avait été retiré du poste avant l'heure de l'acte : il "
            f"n'était plus habilité.{_REDO}",
        )
    if agent.role == Role.ADMINISTRATEUR or enrolled not in ESTABLISHING:
        rule = "R-AUTH-2" if enrolled in (Capacity.MAIRE, Capacity.ADJOINT) else "R-AUTH-1"
        who = "administrateur" if agent.role == Role.ADMINISTRATEUR else _label(enrolled)
        return Finding(
            FLAG_NOT_HABILITATED,
            rule,
            f"{rule} : l'agent qui a signé cette {act} est enrôlé au répertoire central comme « {who} », qui ne "
            f"peut ni établir ni résilier une procuration.{_REDO}",
        )
    if isinstance(body, ProcurationEtablie):
        said = [capacity_named(body.authority.kind)]
        said += [c for c in [capacity_named(body.authority.label)] if c is not None]  # a label naming a capacity
        if any(c is not enrolled for c in said):
            rule = "R-AUTH-3" if enrolled is Capacity.DELEGUE_OPJ else "R-AUTH-1"
            return Finding(
                FLAG_CAPACITY,
                rule,
                f"{rule} : l'acte porte la qualité « {_label(said[0])} » mais son agent est enrôlé au répertoire "
                f"central comme « {_label(enrolled)} ».{_REDO}",
            )
    if enrolled is Capacity.DELEGUE_OPJ:
        visa = rows.get(body.visa_opj) if body.visa_opj else None
        if visa is None or visa.station_id not in ours or not may_give_visa(visa.role, visa.capacity):
            reason = "ne porte aucun visa d'OPJ" if not body.visa_opj else "porte un visa qui n'est pas d'un OPJ"
        elif not _active_at(visa, at):
            reason = "porte le visa d'un OPJ retiré"
        else:
            return None
        return Finding(
            FLAG_NO_VISA,
            "R-AUTH-3",
            f"R-AUTH-3 : cette {act} d'un délégué d'OPJ {reason} de ce poste, enrôlé au répertoire central ; sans "
            f"ce visa elle est nulle (TA Toulouse, 8 juin 1989).{_REDO}",
        )
    return None


def _label(capacity: Capacity | None) -> str:
    return capacity.label if capacity is not None else "qualité non reconnue"


def refuse(
    found: Mapping[str, Finding], procs: Iterable[decide.Proc], revs: list[decide.Rev]
) -> tuple[dict[str, tuple[str, str]], list[decide.Rev]]:
    """Void each new procuration a finding names (it takes no slot and blocks nothing: `void_other`); returns the
    refused résiliations (id -> rule, message: they revoke nothing) and the others."""
    for p in procs:
        if p.entry_id in found and p.status == Status.VALIDEE:
            f = found[p.entry_id]
            p.status, p.rule_id, p.message, p.void_other = Status.INVALIDEE, f.rule_id, f.message, True
    refused = {r.id: (found[r.entry_id].rule_id, found[r.entry_id].message) for r in revs if r.entry_id in found}
    return refused, [r for r in revs if r.id not in refused]


def acts_to_review(
    entries: Iterable[Entry],
    *,
    station_id: str,
    times: Mapping[str, tuple[datetime, tuple[str, ...]]],
    agent_flags: Mapping[str, str],
    refused_revs: Mapping[str, tuple[str, str]],
    stored: Iterable[str],
) -> list[review.Subject]:
    """What the review queue takes beside the procurations: each renewal step in the name of an agent not the
    station's own (applied: « validee »), and each résiliation refused for its authority (it revoked nothing)."""
    kept = set(stored)
    out = []
    for e in entries:
        if e.id in kept or e.id not in agent_flags:
            continue
        flags = (*times[e.id][1], agent_flags[e.id])
        if isinstance(e.body, OpaqueBody):
            out.append(review.Subject(e.body.id, e.kind, station_id, "", Status.VALIDEE, None, (e.id,), flags))
        elif isinstance(e.body, ProcurationResiliation) and agent_flags[e.id] in AUTHORITY_FLAGS:
            rule = refused_revs[e.body.id][0]
            subject = KIND_RESILIATION_SUBJECT
            out.append(review.Subject(e.body.id, subject, station_id, "", Status.INVALIDEE, rule, (e.body.id,), flags))
    return out
