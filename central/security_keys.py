"""Security routes added for issue 15 beside central/security.py: start anchors, agent deactivation, digest keys.

Kept in their own module (and tables) so the existing security routes stay as they are; `create_router` mounts
them with `add_routes`.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from fastapi import APIRouter
from fastapi import Path as PathParam
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
)

from central import lineage
from central.anchor_rows import anchor_of_row, check_signed, insert_anchor, same_anchor
from central.authority import require_authority
from central.edge import CallerDep, errors
from central.security_tables import SecurityError, agents, aware, reset_codes
from desktop.security.anchors import Anchor, countersign
from desktop.security.hkdf import hkdf_sha256
from desktop.security.slotkeys import deactivation_purpose
from desktop.sync.wire.check import TEXT_PATTERN
from desktop.sync.wire.security import (
    AgentDeactivate,
    AnchorKey,
    Checkpoints,
    CountersignedStart,
    DigestKey,
    Done,
    StartAnchor,
)

if TYPE_CHECKING:
    from central.security import EscrowKeys

metadata = MetaData()
DIGEST_KEY_BYTES = 32

checkpoints = Table(
    "security_checkpoints",
    metadata,
    Column("station_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("station_code", String(32), nullable=False),
    Column("mac", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("signature", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)
digest_keys = Table(
    "security_digest_keys",
    metadata,
    Column("station_id", String(36), primary_key=True),
    Column("key", LargeBinary(32), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def store_checkpoint(engine: Engine, *, station_id: str, anchor: Anchor, now: datetime) -> None:
    """Keep a station-signed start anchor (the retention checkpoint), checked against the station's key."""
    if not anchor.checkpoint:
        raise SecurityError(422, "Ancre de départ attendue.")
    with engine.begin() as conn:
        check_signed(conn, station_id, anchor)
        conflict = "Une ancre de départ différente existe déjà pour ce numéro."
        if not same_anchor(conn, checkpoints, station_id, anchor, conflict=conflict):
            insert_anchor(conn, checkpoints, station_id, anchor, now)


def escrow_derived(keys: EscrowKeys, info: bytes) -> bytes:
    """A secret of the store's, derived from its escrow key: every API node of a deployment already shares that
    one, so they all derive alike, with no other file to distribute; `info` names the use."""
    raw = keys.private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return hkdf_sha256(raw, info=info)


def central_signing_key(keys: EscrowKeys) -> Ed25519PrivateKey:
    """The central store's Ed25519 key for countersigning start anchors (`escrow_derived`)."""
    return Ed25519PrivateKey.from_private_bytes(escrow_derived(keys, b"guichet central anchor countersign v1"))


def list_checkpoints(engine: Engine, *, station_id: str, signer: Ed25519PrivateKey | None = None) -> list[Anchor]:
    """The start anchors kept for a station, countersigned (with the time each was received) when `signer` is given."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(checkpoints).where(checkpoints.c.station_id == station_id).order_by(checkpoints.c.seq)
        )
        kept = [(anchor_of_row(r, checkpoint=True), aware(r.received_at)) for r in rows]
    return [countersign(signer, a, received) if signer is not None else a for a, received in kept]


def deactivate_agent(
    engine: Engine, *, station_id: str, agent_id: str, keys: EscrowKeys | None = None, proof: str | None = None
) -> None:
    """A station removed this agent: inactive (no reset code, no escrow opening), its login free again.

    With `keys`, once the station's escrow copy is kept, only on the proof of its key (central/authority.py)."""

    with engine.begin() as conn:
        if keys is not None:
            purpose = deactivation_purpose(agent_id)
            require_authority(conn, keys, station_id=station_id, purpose=purpose, proof=proof)
        found = conn.execute(
            agents.update()
            .where(agents.c.id == agent_id, lineage.of_kin(conn, agents.c.station_id, station_id))
            .values(active=False, deactivated_at=func.coalesce(agents.c.deactivated_at, datetime.now(UTC)))
        )
        if found.rowcount == 0:
            raise SecurityError(404, "Agent inconnu pour ce poste.")
        conn.execute(reset_codes.delete().where(reset_codes.c.agent_id == agent_id, reset_codes.c.used_at.is_(None)))


def digest_key(engine: Engine, *, station_id: str, now: datetime) -> bytes:
    """The station's own e-mail digest key, created once (never a constant shared by every station)."""
    with engine.begin() as conn:
        row = conn.execute(select(digest_keys.c.key).where(digest_keys.c.station_id == station_id)).first()
        if row is not None:
            return bytes(row.key)
        key = secrets.token_bytes(DIGEST_KEY_BYTES)
        conn.execute(insert(digest_keys).values(station_id=station_id, key=key, created_at=now))
    with engine.connect() as conn:  # two first calls at once: both answer with the one kept
        kept = conn.execute(select(digest_keys.c.key).where(digest_keys.c.station_id == station_id)).first()
        return bytes(kept.key) if kept is not None else key


def add_routes(
    router: APIRouter,
    engine: Engine,
    *,
    keys: EscrowKeys,
    run: Callable[[Callable[[], Any]], Any],
    clock: Callable[[], datetime],
) -> None:
    """POST/GET /checkpoints, POST /agents/{id}/deactivate, GET /digest-key (with the station's token, checked
    before the body by the app's CredentialsFirst), and GET /anchor-key (public: the key that countersigns start
    anchors, for `guichet audit verify --central-key`)."""
    signer = central_signing_key(keys)
    public = signer.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @router.get("/anchor-key", response_model=AnchorKey, responses=errors(503))
    def anchor_key() -> AnchorKey:
        """The public key that countersigns start anchors."""
        return AnchorKey(public_key=base64.b64encode(public).decode("ascii"))

    @router.post("/checkpoints", status_code=201, response_model=Done, responses=errors(401, 403, 409, 413, 422, 503))
    def checkpoint(payload: StartAnchor, caller: CallerDep) -> Done:
        """Keep the station-signed anchor of a retention checkpoint (the audit chain's new start)."""
        from central.security import anchor_of

        parsed = anchor_of(payload)
        run(lambda: store_checkpoint(engine, station_id=caller.station_id, anchor=parsed, now=clock()))
        return Done(status="ok")

    @router.get("/checkpoints", response_model=Checkpoints, responses=errors(401, 503))
    def checkpoints_of(caller: CallerDep) -> Checkpoints:
        """The calling station's start anchors, countersigned by the central store with the time received."""
        kept = list_checkpoints(engine, station_id=caller.station_id, signer=signer)
        return Checkpoints(checkpoints=tuple(CountersignedStart.from_dict(a.to_dict()) for a in kept))

    @router.post("/agents/{agent_id}/deactivate", response_model=Done, responses=errors(401, 403, 404, 413, 422, 503))
    def deactivate(
        agent_id: Annotated[str, PathParam(min_length=1, max_length=64, pattern=TEXT_PATTERN)],
        caller: CallerDep,
        payload: AgentDeactivate,
    ) -> Done:
        """A removed agent of the calling station: no more look-ups in its name; its login may be enrolled again."""
        proof = payload.proof
        run(lambda: deactivate_agent(engine, station_id=caller.station_id, agent_id=agent_id, keys=keys, proof=proof))
        return Done(status="desactive")

    @router.get("/digest-key", response_model=DigestKey, responses=errors(401, 503))
    def digest(caller: CallerDep) -> DigestKey:
        """The calling station's own key for internet-vote e-mail digests (created at the first call)."""
        key = digest_key(engine, station_id=caller.station_id, now=clock())
        return DigestKey(key=base64.b64encode(key).decode("ascii"))
