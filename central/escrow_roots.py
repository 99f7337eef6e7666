"""The station key's set-up proof: what an escrow copy must prove when the central store cannot derive the station's
authority from a copy it holds (none kept yet, or one its escrow key no longer opens).

At set-up the desk makes the database key first and proves its first administrator's enrolment with it
(desktop/services/agents.first_setup): the central store keeps that proof (the *root*) while no copy is kept. The
first copy is then taken only if the key it carries (its database key or its audit root, the store's first key,
which a re-key keeps) makes that same proof, and if the copy is proved with its own key: a stolen token alone,
while the first send at set-up failed, can no longer put a copy of a key of its own. A copy kept gives the root of
the key it carries (`record_copy`); so does, once, every readable copy kept before this module (`adopt_copies`), so
a kept copy the central store can no longer open (its escrow key lost) is replaced only by one of the same station
key (central audit of 4 December 2026).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, DateTime, Engine, LargeBinary, MetaData, String, Table, insert, select
from sqlalchemy.exc import IntegrityError

from central.authority import UNPROVEN, held_copy
from central.security_tables import SecurityError, escrows
from desktop.security.keyslots import escrow_context
from desktop.security.sealed import SealedBoxError, open_sealed
from desktop.security.slotkeys import authority_proof, central_authority, escrow_purpose, split_material

if TYPE_CHECKING:
    from central.security import EscrowKeys

log = logging.getLogger("guichet.central.escrow_roots")
metadata = MetaData()
COPY_PURPOSE = b"guichet escrow root v1"  # the purpose of a root taken from a copy (proved by its audit root)

roots = Table(
    "security_escrow_roots",
    metadata,
    Column("station_id", String(36), primary_key=True),
    Column("purpose", LargeBinary, nullable=False),  # what the proof is of (the set-up's enrolment, or COPY_PURPOSE)
    Column("proof", String(64), nullable=False),  # authority_proof(central_authority(station key), purpose)
    Column("source", String(16), nullable=False),  # mise_en_place | copie
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)


def _root(conn: Connection, station_id: str) -> tuple[bytes, str] | None:
    row = conn.execute(select(roots.c.purpose, roots.c.proof).where(roots.c.station_id == station_id)).first()
    return None if row is None else (bytes(row.purpose), str(row.proof))


def _insert(conn: Connection, *, station_id: str, purpose: bytes, proof: str, source: str, now: datetime) -> None:
    """Keep a root unless the station has one (two API nodes at once: the first one stays)."""
    if _root(conn, station_id) is not None:
        return
    try:
        with conn.begin_nested():
            conn.execute(
                insert(roots).values(
                    station_id=station_id, purpose=purpose, proof=proof, source=source, recorded_at=now
                )
            )
    except IntegrityError:
        pass


def record_setup(
    conn: Connection, keys: EscrowKeys, *, station_id: str, purpose: bytes, proof: str | None, now: datetime
) -> None:
    """The set-up's proof of a request (an agent's enrolment) made while no copy is kept: the root, if none yet."""
    if proof is None or held_copy(conn, keys, station_id).kept:
        return
    _insert(conn, station_id=station_id, purpose=purpose, proof=proof, source="mise_en_place", now=now)


def _proves(key: bytes, purpose: bytes, proof: str) -> bool:
    return hmac.compare_digest(authority_proof(central_authority(key), purpose), proof)


def require_copy_proof(
    conn: Connection,
    keys: EscrowKeys,
    *,
    station_id: str,
    material: bytes,
    box: bytes,
    roster: Collection[str] | None,
    proof: str | None,
) -> None:
    """Refuse (403) a copy that does not prove the station's key: with a readable copy held, under its authority
    (central/authority.py); else the key it carries must make the station's root, and the copy be proved with it."""
    held = held_copy(conn, keys, station_id)
    purpose = escrow_purpose(box, roster)
    if held.authority is not None:
        if proof is None or not hmac.compare_digest(proof, authority_proof(held.authority, purpose)):
            raise SecurityError(403, UNPROVEN)
        return
    database_key, first_key = split_material(material)
    if proof is None or not _proves(database_key, purpose, proof):
        raise SecurityError(403, UNPROVEN)  # not even proved with the key it carries
    root = _root(conn, station_id)
    if root is None and not held.kept:
        # A station set up before the set-up proof (or by a desk that sent none): the first copy is taken on its own
        # proof, as before; it gives the root from now on (docs/SECURITY.md, left open).
        log.warning("station %s: first escrow copy taken without a set-up proof (set up before it)", station_id)
        return
    if root is None or not any(_proves(key, *root) for key in {database_key, first_key}):
        log.warning("station %s: escrow copy refused, its key is not the station's (set-up proof)", station_id)
        raise SecurityError(403, UNPROVEN)


def record_copy(conn: Connection, *, station_id: str, material: bytes, now: datetime) -> None:
    """A copy kept gives its station's root when it has none (proved by the store's first key, its audit root)."""
    _database_key, first_key = split_material(material)
    proof = authority_proof(central_authority(first_key), COPY_PURPOSE)
    _insert(conn, station_id=station_id, purpose=COPY_PURPOSE, proof=proof, source="copie", now=now)


def adopt_copies(engine: Engine, keys: EscrowKeys, *, now: datetime) -> int:
    """The root of every station whose kept copy opens and that has none (the copies kept before this module); run
    when the routes are made, the escrow key at hand. Returns how many were recorded."""
    with engine.begin() as conn:
        query = (
            select(escrows.c.station_id, escrows.c.station_code, escrows.c.box)
            .select_from(escrows.outerjoin(roots, roots.c.station_id == escrows.c.station_id))
            .where(roots.c.station_id.is_(None))
        )
        adopted = 0
        for row in conn.execute(query).all():
            try:
                material = open_sealed(keys.private, bytes(row.box), context=escrow_context(row.station_code))
                split_material(material)
            except (SealedBoxError, ValueError):
                continue  # unopenable: only a copy of the same key replaces it, and none proves it (left open)
            record_copy(conn, station_id=row.station_id, material=material, now=now)
            adopted += 1
    return adopted
