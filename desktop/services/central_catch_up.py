"""What the central store must hear from the station when it can: the escrow copy a re-key re-sealed (with the
station's agents, so a shadow agent goes with it) and the agents removed while offline, each proved with the key of
the copy the central store holds (desktop/security/slotkeys.central_authority)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from desktop.models import Agent
from desktop.models.db import Store
from desktop.security.central_api import CentralRefused, CentralSecurity, CentralUnavailable
from desktop.security.keyslots import KeySlots
from desktop.security.slotkeys import deactivation_purpose, escrow_purpose

log = logging.getLogger(__name__)


def station_roster(store: Store) -> tuple[str, ...]:
    """The ids of the station's active agents: every agent the central store may keep active for it."""
    with store.read() as s:
        return tuple(sorted(s.scalars(select(Agent.id).where(Agent.active.is_(True)))))


def _put_escrow(
    slots: KeySlots, central: CentralSecurity, box: bytes, database_key: bytes, roster: tuple[str, ...]
) -> None:
    """Send the escrow copy and the station's agents with the proof of the copy the central store holds, or, refused,
    of the current key's (the copy was sent before and its answer lost). The central store deactivates the station's
    agents the roster does not name: a shadow agent an insider enrolled before being removed goes with the re-key."""
    *earlier, last = slots.central_proofs(database_key, escrow_purpose(box, roster))
    for proof in earlier:
        try:
            central.put_escrow(station_code=slots.station_code, box=box, proof=proof, agents=roster)
            return
        except CentralRefused as exc:
            if exc.status != 403:
                raise
    central.put_escrow(station_code=slots.station_code, box=box, proof=last, agents=roster)


def catch_up_central(
    slots: KeySlots,
    central: CentralSecurity,
    store: Store,
    *,
    now: datetime,
    database_key: bytes,
    audit_root: bytes | None = None,
) -> bool:
    """Tell the central store what it missed while offline: the escrow copy re-sealed by a re-key (a stale one would
    give a reset the old key; proved with the key of the copy it holds) with the station's agents, and the agents
    removed meanwhile. True when nothing is left to tell.

    With `audit_root`, an escrow public key the station did not bind (a file from before bindings, or a key swapped
    in keyslots.json) is replaced by the central store's own before anything is sealed to it; only agents the
    store says were removed are deactivated: an id added to `pending_deactivations` in the file is
    dropped (counter audit: the station signed the deactivation of any agent an insider wrote there)."""
    try:
        if audit_root is not None and not slots.escrow_trusted(database_key):
            slots.set_escrow(database_key, central.escrow_public_key(), audit_root=audit_root)
    except (CentralUnavailable, CentralRefused):
        log.warning("central store's escrow key not fetched yet: next login")
        return False
    doc = slots.document()
    try:
        if doc.escrow is not None and doc.escrow_sent_at is None:
            _put_escrow(slots, central, doc.escrow, database_key, station_roster(store))
            slots.mark_escrow_sent(now)
        for agent_id in doc.pending_deactivations:
            if _still_active(store, agent_id):
                log.warning("pending deactivation of agent %s dropped: the account is active", agent_id)
                slots.deactivation_done(agent_id)
                continue
            try:
                proof = slots.central_proof(database_key, deactivation_purpose(agent_id))
                central.deactivate_agent(agent_id=agent_id, proof=proof)
            except CentralRefused as exc:
                if exc.status != 404:  # unknown there: nothing to deactivate
                    raise
            slots.deactivation_done(agent_id)
    except (CentralUnavailable, CentralRefused):
        log.warning("central store not told yet (escrow copy or removed agents): next login")
        return False
    return True


def _still_active(store: Store, agent_id: str) -> bool:
    with store.read() as s:
        agent = s.get(Agent, agent_id)
        return agent is not None and agent.active
