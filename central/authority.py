"""What proves a request comes from whoever holds the station's database key: the authority of the station's escrow
copy (desktop/security/slotkeys.central_authority), which the central store derives by opening that copy.

Agent enrolment, a replacement escrow copy and an agent's deactivation need it once a copy is kept: the bearer
token alone (readable on a stolen disk) would otherwise enrol an agent whose reset code opens the escrow, replace the
copy, or deactivate every agent (central audits, 4 December 2026).
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from central.security_tables import SecurityError, escrows
from desktop.security.keyslots import escrow_context
from desktop.security.sealed import SealedBoxError, open_sealed
from desktop.security.slotkeys import authority_proof, central_authority, split_material

if TYPE_CHECKING:
    from central.security import EscrowKeys

UNPROVEN = (
    "Demande refusée : elle ne prouve pas la clé de la base de ce poste (la copie de séquestre du répertoire central "
    "ne la reconnaît pas). Connectez-vous au poste avec un compte d'agent, puis recommencez."
)


def held_authority(conn: Connection, keys: EscrowKeys, station_id: str) -> bytes | None:
    """The authority of the station's escrow copy (derived from the database key it holds), or None without one."""
    row = conn.execute(select(escrows.c.station_code, escrows.c.box).where(escrows.c.station_id == station_id)).first()
    if row is None:
        return None
    try:
        material = open_sealed(keys.private, bytes(row.box), context=escrow_context(row.station_code))
        database_key, _root = split_material(material)
    except (SealedBoxError, ValueError):
        return None  # unreadable: nothing to prove against (put_escrow never keeps such a copy)
    return central_authority(database_key)


def require_authority(
    conn: Connection, keys: EscrowKeys, *, station_id: str, purpose: bytes, proof: str | None
) -> None:
    """Refuse (403) a request that does not prove the key of the station's escrow copy, when it has one."""
    held = held_authority(conn, keys, station_id)
    if held is None:
        return
    if proof is None or not hmac.compare_digest(proof, authority_proof(held, purpose)):
        raise SecurityError(403, UNPROVEN)
