"""What proves a request comes from whoever holds the station's database key: the authority of the station's escrow
copy (desktop/security/slotkeys.central_authority), which the central store derives by opening that copy.

Agent enrolment, a replacement escrow copy and an agent's deactivation need it once a copy is kept: the bearer
token alone (readable on a stolen disk) would otherwise enrol an agent whose reset code opens the escrow, replace the
copy, or deactivate every agent (central audits, 4 December 2026).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
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
UNREADABLE = (
    "Demande refusée : la copie de séquestre que le répertoire central garde pour ce poste ne s'ouvre plus (clé de "
    "séquestre remplacée), rien ne peut donc la prouver. Le poste doit d'abord renvoyer sa copie ; prévenez "
    "l'administrateur du répertoire central."
)


@dataclass(frozen=True, slots=True)
class HeldCopy:
    """The station's escrow copy as the central store sees it: kept or not, and its authority when it opens."""

    kept: bool
    authority: bytes | None


def held_copy(conn: Connection, keys: EscrowKeys, station_id: str) -> HeldCopy:
    """Whether the station has a copy kept, and the authority derived from the database key it holds (None when it
    does not open: the escrow key it was sealed to is lost)."""
    row = conn.execute(select(escrows.c.station_code, escrows.c.box).where(escrows.c.station_id == station_id)).first()
    if row is None:
        return HeldCopy(kept=False, authority=None)
    try:
        material = open_sealed(keys.private, bytes(row.box), context=escrow_context(row.station_code))
        database_key, _root = split_material(material)
    except (SealedBoxError, ValueError):
        return HeldCopy(kept=True, authority=None)
    return HeldCopy(kept=True, authority=central_authority(database_key))


def require_authority(
    conn: Connection, keys: EscrowKeys, *, station_id: str, purpose: bytes, proof: str | None
) -> None:
    """Refuse (403) a request that does not prove the key of the station's escrow copy, when it has one; a copy kept
    that no longer opens (the escrow key lost) proves nothing, so nothing is taken until a copy that opens replaces
    it (central/escrow_roots.py: proved with the station's set-up proof)."""
    held = held_copy(conn, keys, station_id)
    if not held.kept:
        return
    if held.authority is None:
        raise SecurityError(403, UNREADABLE)
    if proof is None or not hmac.compare_digest(proof, authority_proof(held.authority, purpose)):
        raise SecurityError(403, UNPROVEN)
