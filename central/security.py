"""Agents' trust on the central store: agent enrolment, key escrow, audit anchors, and the /v1/security routes
(reset codes live in `central.reset_codes`, the tables in `central.security_tables`)."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi import APIRouter, HTTPException
from sqlalchemy import Connection, Engine, func, insert, select, text, update

from central import escrow_roots, lineage, receipt_keys, security_keys
from central.agent_authority import date_past_deactivations
from central.anchor_rows import anchor_of_row, check_signed, insert_anchor, same_anchor
from central.attribution import claim, claim_roster, create_ledger
from central.authority import require_authority
from central.db import add_missing_columns, is_postgres, widen_columns
from central.edge import CallerDep, errors, refusal
from central.escrow_roots import record_copy, record_setup, require_copy_proof
from central.reset_codes import issue_reset_code, redeem_reset_code
from central.security_tables import SecurityError, agents, anchors, escrows, metadata, reset_codes, station_keys
from central.throttle import Limits, Throttled
from desktop.privatefile import write_private
from desktop.security.anchors import Anchor
from desktop.security.keyslots import escrow_context
from desktop.security.sealed import SealedBoxError, open_sealed, public_bytes
from desktop.security.slotkeys import agent_purpose
from desktop.sync.wire.security import (
    AgentEnrol,
    Anchors,
    AnchorWire,
    Done,
    EscrowKey,
    EscrowPut,
    ResetCodeAsk,
    ResetRedeem,
    SealedAnswer,
    StationKeyPut,
)

log = logging.getLogger("guichet.central.security")
Deliver = Callable[[str, "str | None", str], None]  # (agent id, e-mail, code): sends the code out of band


def create_security_schema(engine: Engine) -> None:
    """Create this module's tables if missing (safe to run from several API nodes starting together)."""
    with engine.begin() as conn:
        if is_postgres(conn):
            conn.execute(text("SELECT pg_advisory_xact_lock(7302)"))
        metadata.create_all(conn)
        add_missing_columns(conn, metadata.sorted_tables)  # security_agents.deactivated_at (session 30)
        date_past_deactivations(conn, now=datetime.now(UTC))
        security_keys.metadata.create_all(conn)
        receipt_keys.fill_key_ids(conn)  # security_station_keys.key_id, added by add_missing_columns above
        escrow_roots.metadata.create_all(conn)
        widen_columns(conn, metadata.sorted_tables)
        create_ledger(conn)


@dataclass(frozen=True)
class EscrowKeys:
    """The central store's X25519 escrow key pair."""

    private: X25519PrivateKey

    @property
    def public(self) -> bytes:
        return public_bytes(self.private.public_key())

    @classmethod
    def load_or_create(cls, path: Path) -> EscrowKeys:
        """Read the key file, or create it readable by its owner only."""
        if path.exists():
            return cls(X25519PrivateKey.from_private_bytes(bytes.fromhex(path.read_text("ascii").strip())))
        from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

        key = X25519PrivateKey.generate()
        # Several API nodes may start together: only one key is linked into place, and everyone reads that one.
        write_private(path, key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex().encode())
        return cls(X25519PrivateKey.from_private_bytes(bytes.fromhex(path.read_text("ascii").strip())))


def enrol_agent(
    engine: Engine,
    *,
    station_id: str,
    agent_id: str,
    login: str,
    role: str,
    capacity: str,
    email: str | None,
    now: datetime,
    keys: EscrowKeys | None = None,
    proof: str | None = None,
) -> None:
    """Record an agent of a station (the first enrolment must be online).

    Once the station's escrow copy is kept, an enrolment must prove the station's database key (`proof`, see
    desktop/security/slotkeys.central_authority): the bearer token alone, readable on a stolen disk, would otherwise
    enrol an agent with the thief's e-mail, whose reset code opens the escrow (central audit, 4 December 2026)."""
    purpose = agent_purpose(agent_id=agent_id, login=login, role=role, capacity=capacity, email=email)
    with engine.begin() as conn:
        if keys is not None:
            require_authority(conn, keys, station_id=station_id, purpose=purpose, proof=proof)
            record_setup(conn, keys, station_id=station_id, purpose=purpose, proof=proof, now=now)
        taken = conn.execute(
            select(agents.c.id).where(agents.c.station_id == station_id, agents.c.login == login.lower())
        ).first()
        if taken is not None and _retired(conn, taken.id):
            # A removed agent's login may be enrolled again (issue 15, item 8): the old record goes, with its codes.
            conn.execute(reset_codes.delete().where(reset_codes.c.agent_id == taken.id))
            conn.execute(agents.delete().where(agents.c.id == taken.id))
            taken = None
        claim(conn, station_id=station_id, agent_id=agent_id, now=now)  # an id of another station's: 409
        if taken is not None or conn.execute(select(agents.c.id).where(agents.c.id == agent_id)).first():
            raise SecurityError(409, "Cet identifiant d'agent existe déjà pour ce poste.")
        conn.execute(
            insert(agents).values(
                id=agent_id,
                station_id=station_id,
                login=login.lower(),
                role=role,
                capacity=capacity,
                email=email,
                active=True,
                enrolled_at=now,
            )
        )


def _retired(conn: Any, agent_id: str) -> bool:
    row = conn.execute(select(agents.c.active).where(agents.c.id == agent_id)).first()
    return row is not None and not row.active


def agent_role(conn: Connection, *, station_id: str, agent_id: str) -> str | None:
    """The role recorded for an active agent of this station, or None (look-ups take it from here)."""
    row = conn.execute(
        select(agents.c.role).where(
            lineage.of_kin(conn, agents.c.station_id, station_id), agents.c.id == agent_id, agents.c.active.is_(True)
        )
    ).first()
    return str(row.role) if row is not None else None


def put_escrow(
    engine: Engine,
    keys: EscrowKeys,
    *,
    station_id: str,
    station_code: str,
    box: bytes,
    now: datetime,
    proof: str | None = None,
    roster: Collection[str] | None = None,
) -> int:
    """Keep (or replace) a station's escrow copy of its database key, once it is known to open with the escrow key.

    A copy replaces the kept one only with a proof of the kept one's key (`proof`): the bearer token alone could
    otherwise put a copy of any key, and every later recovery would give that key (central audit).
    With the station's agents (`roster`, in the proof too), its other agents are deactivated in the same transaction:
    an agent who knew the key could enrol a shadow agent before being removed, and the removal's re-key sends this
    copy. Returns how many were deactivated."""
    try:
        key = open_sealed(keys.private, box, context=escrow_context(station_code))
    except SealedBoxError:
        key = b""
    # 32 bytes: the database key; 64 after a re-key: the new key and the audit chain's first key (desktop/security/
    # slotkeys.split_material). A good copy is never replaced by one that would fail at the next password recovery.
    if len(key) not in (32, 64):
        raise SecurityError(409, "Copie de séquestre illisible avec la clé de séquestre : rien n'a été remplacé.")
    with engine.begin() as conn:
        require_copy_proof(conn, keys, station_id=station_id, material=key, box=box, roster=roster, proof=proof)
        record_copy(conn, station_id=station_id, material=key, now=now)
        exists = conn.execute(select(escrows.c.station_id).where(escrows.c.station_id == station_id)).first()
        values = {"station_code": station_code, "box": box, "updated_at": now}
        if exists:
            conn.execute(update(escrows).where(escrows.c.station_id == station_id).values(**values))
        else:
            conn.execute(insert(escrows).values(station_id=station_id, **values))
        if roster is None:
            return 0
        claim_roster(conn, station_id=station_id, roster=roster, now=now)
        others = conn.execute(
            update(agents)
            .where(
                lineage.of_kin(conn, agents.c.station_id, station_id),
                agents.c.active.is_(True),
                agents.c.id.not_in(list(roster)),
            )
            .values(active=False, deactivated_at=now)
        )
    gone = int(others.rowcount or 0)
    if gone:
        log.warning("escrow copy of station %s kept: %d agent(s) it does not list deactivated", station_id, gone)
    return gone


def register_station_key(engine: Engine, *, station_id: str, public_key: bytes, now: datetime) -> None:
    """Remember the station's Ed25519 key the first time; a different key later is refused, and so is a first key
    whose receipt key id another station's key holds (receipt_keys.KeyIdTaken: the desk draws another)."""
    if len(public_key) != 32:
        raise SecurityError(422, "Clé publique de poste invalide.")
    with engine.begin() as conn:
        known = conn.execute(select(station_keys.c.public_key).where(station_keys.c.station_id == station_id)).first()
        if known is None:
            key_id = receipt_keys.require_free_key_id(conn, station_id=station_id, public_key=public_key)
            conn.execute(
                insert(station_keys).values(
                    station_id=station_id, public_key=public_key, registered_at=now, key_id=key_id
                )
            )
        elif bytes(known.public_key) != public_key:
            raise SecurityError(409, "Une autre clé est déjà enregistrée pour ce poste.")


def store_anchor(engine: Engine, *, station_id: str, anchor: Anchor, now: datetime) -> None:
    """Keep a station-signed anchor after checking its signature; anchors only move forward."""
    with engine.begin() as conn:
        check_signed(conn, station_id, anchor)
        if same_anchor(conn, anchors, station_id, anchor, conflict="Une ancre différente existe déjà pour ce numéro."):
            return
        last = conn.execute(select(func.max(anchors.c.seq)).where(anchors.c.station_id == station_id)).scalar()
        if last is not None and anchor.seq < last:
            raise SecurityError(409, "Ancre plus ancienne que la dernière reçue : les ancres ne reculent pas.")
        insert_anchor(conn, anchors, station_id, anchor, now)


def list_anchors(engine: Engine, *, station_id: str) -> list[Anchor]:
    """Every anchor kept for a station, in seq order (for `guichet audit verify --anchors`)."""
    with engine.connect() as conn:
        rows = conn.execute(select(anchors).where(anchors.c.station_id == station_id).order_by(anchors.c.seq))
        return [anchor_of_row(r) for r in rows]


def _b64(text: str) -> bytes:
    """Decode a base64 field the wire model's pattern already checked."""
    return base64.b64decode(text, validate=True)


def anchor_of(wire: AnchorWire) -> Anchor:
    """The anchor a validated wire body stands for (start anchors: `StartAnchor` sets `checkpoint`)."""
    return Anchor(
        station_code=wire.station_code,
        seq=wire.seq,
        mac=bytes.fromhex(wire.mac),
        at=wire.at,
        signature=_b64(wire.signature),
        checkpoint=bool(getattr(wire, "checkpoint", False)),
    )


def _anchor_wire(anchor: Anchor) -> AnchorWire:
    return AnchorWire.from_dict(anchor.to_dict())


def create_router(
    engine: Engine,
    keys: EscrowKeys,
    *,
    deliver: Deliver,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    limits: Limits | None = None,
) -> APIRouter:
    """The /v1/security routes; mount them through `central.app.create_app(routers=[...])`, which checks tokens."""
    router = APIRouter(prefix="/v1/security", tags=["sécurité"])
    escrow_roots.adopt_copies(engine, keys, now=clock())  # copies kept before the set-up proof give their root
    reset_limit = (limits or Limits()).reset_codes

    def run(fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except SecurityError as exc:
            raise HTTPException(exc.status, exc.message) from None

    @router.get("/escrow-key", response_model=EscrowKey)
    def escrow_key() -> EscrowKey:
        """The public key stations seal their database key to."""
        return EscrowKey(public_key=base64.b64encode(keys.public).decode("ascii"))

    @router.put("/escrow", response_model=Done, responses=errors(401, 403, 409, 413, 422, 503))
    def escrow(payload: EscrowPut, caller: CallerDep) -> Done:
        """Keep the station's sealed database key; a copy the escrow key cannot open is refused, the old one kept."""
        run(
            lambda: put_escrow(
                engine,
                keys,
                station_id=caller.station_id,
                station_code=payload.station_code,
                box=_b64(payload.box),
                now=clock(),
                proof=payload.proof,
                roster=payload.agents,
            )
        )
        return Done(status="ok")

    @router.put("/station-key", response_model=Done, responses=errors(401, 409, 413, 422, 503))
    def station_key(payload: StationKeyPut, caller: CallerDep) -> Done:
        """Register the station's anchor-signing key, once."""
        key = _b64(payload.public_key)
        try:
            register_station_key(engine, station_id=caller.station_id, public_key=key, now=clock())
        except receipt_keys.KeyIdTaken as exc:  # its own code: the desk draws a new key (desktop/sync/anchoring.py)
            return refusal(409, exc.message, code=receipt_keys.KEY_ID_TAKEN)  # type: ignore[return-value]
        except SecurityError as exc:
            raise HTTPException(exc.status, exc.message) from None
        return Done(status="ok")

    @router.post("/agents", status_code=201, response_model=Done, responses=errors(401, 403, 409, 413, 422, 503))
    def agent(payload: AgentEnrol, caller: CallerDep) -> Done:
        """Record an agent of the calling station with its role (what look-ups are allowed on)."""
        run(
            lambda: enrol_agent(
                engine,
                station_id=caller.station_id,
                agent_id=payload.agent_id,
                login=payload.login,
                role=payload.role,
                capacity=payload.capacity,
                email=payload.email.strip().lower() if payload.email else None,
                now=clock(),
                keys=keys,
                proof=payload.proof,
            )
        )
        return Done(status="enrole")

    @router.post("/reset-codes", status_code=202, response_model=Done, responses=errors(401, 413, 422, 429, 503))
    def reset_code(payload: ResetCodeAsk, caller: CallerDep) -> Done:
        """Always the same answer, whether or not the identifier exists (no account enumeration)."""
        try:
            issued = issue_reset_code(
                engine, station_id=caller.station_id, identifier=payload.identifier, now=clock(), limit=reset_limit
            )
        except Throttled as exc:
            raise HTTPException(
                429,
                "Trop de demandes de code pour ce poste : réessayez plus tard ou demandez à un superviseur.",
                headers={"Retry-After": str(exc.retry_after)},
            ) from None
        if issued is not None:
            deliver(*issued)
            log.info("reset code issued for agent %s", issued[0])
        return Done(status="Si ce compte existe, un code a été envoyé.")

    @router.post("/reset-codes/redeem", response_model=SealedAnswer, responses=errors(401, 403, 409, 413, 422, 503))
    def redeem(payload: ResetRedeem, caller: CallerDep) -> SealedAnswer:
        """Trade a valid code for the database key sealed to the request's one-time key; the code is then burned."""
        box = run(
            lambda: redeem_reset_code(
                engine,
                keys,
                station_id=caller.station_id,
                login=payload.login,
                code=payload.code,
                ephemeral_public=_b64(payload.ephemeral_public_key),
                now=clock(),
            )
        )
        return SealedAnswer(box=base64.b64encode(box).decode("ascii"))

    @router.post("/anchors", status_code=201, response_model=Done, responses=errors(401, 403, 409, 413, 422, 503))
    def anchor(payload: AnchorWire, caller: CallerDep) -> Done:
        """Keep a station-signed audit anchor; anchors only move forward."""
        parsed = anchor_of(payload)
        run(lambda: store_anchor(engine, station_id=caller.station_id, anchor=parsed, now=clock()))
        return Done(status="ok")

    @router.get("/anchors", response_model=Anchors, responses=errors(401, 503))
    def anchors_of(caller: CallerDep) -> Anchors:
        """Every anchor kept for the calling station, in order."""
        return Anchors(anchors=tuple(_anchor_wire(a) for a in list_anchors(engine, station_id=caller.station_id)))

    security_keys.add_routes(router, engine, keys=keys, run=run, clock=clock)
    receipt_keys.add_routes(router, engine, signer=security_keys.central_signing_key(keys), run=run)
    return router
