"""Consultations at the counter: look-ups and Maprocuration fetches, by agents the central store knows, throttled.

The agent is the one enrolled for the calling station through /v1/security/agents; the role is the one recorded
there (never a header). Each call is logged in the access log without personal data (station, agent, action,
result count) before the answer, and the same log is what the rate limits count.
"""

from __future__ import annotations

import logging
from datetime import datetime

from fastapi import HTTPException
from sqlalchemy import Engine, select

from central import queries
from central.auth import Caller
from central.schema import requests
from central.security import agent_role
from central.throttle import Limit, Throttled, reserve, settle
from desktop.sync.wire import Identity, LookupAnswer, LookupRequest, OnlineRequest, RequestFetch, loads

log = logging.getLogger("guichet.central.consult")
UNKNOWN_AGENT = "agent inconnu du répertoire central pour ce poste : enrôlez-le depuis l'écran Agents"
ROLE_REFUSED = "ce rôle ne permet pas de consulter les procurations"
NOT_FOUND = "aucune demande ne correspond à cette référence et à cette date de naissance"


def lookup(engine: Engine, *, caller: Caller, payload: LookupRequest, limit: Limit, now: datetime) -> LookupAnswer:
    """Procurations of the person at the counter, for an agent whose recorded role has the need to know."""
    role, log_id = _agent_role(engine, caller, payload.agent_id, action="lookup", limit=limit, now=now)
    if role not in queries.ROLES_ALLOWED:
        _settle(engine, log_id, "lookup:refuse", 0)
        raise HTTPException(403, ROLE_REFUSED)
    # The searched identity as the register matcher takes it (a given name may hold spaces: not split again).
    person = Identity(
        nom=payload.nom or "-",
        prenoms=payload.prenoms or ("-",),
        date_naissance=payload.date_naissance,
        nne=payload.nne,
    )
    items = queries.lookup(engine, log_id=log_id, role=role, person=person)
    return LookupAnswer(items=items)


def fetch(engine: Engine, *, caller: Caller, payload: RequestFetch, limit: Limit, now: datetime) -> OnlineRequest:
    """The Maprocuration request with this reference, when the mandant's birth date matches; 404 otherwise.

    Only for the roles that may consult procurations (R-DATA-3), refused and logged as a look-up is."""
    role, log_id = _agent_role(engine, caller, payload.agent_id, action="request", limit=limit, now=now)
    if role not in queries.ROLES_ALLOWED:  # R-DATA-3: a request names both parties, as a procuration does
        _settle(engine, log_id, "request:refuse", 0)
        raise HTTPException(403, ROLE_REFUSED)
    with engine.connect() as conn:
        row = conn.execute(select(requests.c.body).where(requests.c.reference == payload.reference)).first()
    found = OnlineRequest.from_dict(loads(row.body)) if row is not None else None
    if found is not None and found.mandant.date_naissance != payload.date_naissance:
        found = None  # the same answer as an unknown reference: no oracle for guessing references
    _settle(engine, log_id, "request", int(found is not None))
    log.info("request fetch by station %s agent %s: found=%s", caller.station_id, payload.agent_id, found is not None)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found


def _agent_role(
    engine: Engine, caller: Caller, agent_id: str, *, action: str, limit: Limit, now: datetime
) -> tuple[str, int]:
    """The agent's recorded role and the call's access-log line, after the rate limits; unknown agents are refused."""
    with engine.begin() as conn:
        try:
            log_id = reserve(conn, action=action, station_id=caller.station_id, agent_id=agent_id, limit=limit,
                             now=now)  # fmt: skip
        except Throttled as exc:
            # The agent id is not logged here: it is what the station sent, not yet known to be an agent's.
            log.warning("%s throttled for station %s", action, caller.station_id)
            raise HTTPException(
                429,
                "Trop de consultations en peu de temps : patientez une minute avant de recommencer.",
                headers={"Retry-After": str(exc.retry_after)},
            ) from None
        role = agent_role(conn, station_id=caller.station_id, agent_id=agent_id)
        if role is None:
            settle(conn, log_id, action=f"{action}:inconnu", results=0)
    if role is None:
        log.warning("%s by an agent unknown for station %s", action, caller.station_id)
        raise HTTPException(403, UNKNOWN_AGENT)
    return role, log_id


def _settle(engine: Engine, log_id: int, action: str, results: int) -> None:
    with engine.begin() as conn:
        settle(conn, log_id, action=action, results=results)
