"""Agents' trust on the central store: agent enrolment, reset codes (seed 003), key escrow, audit anchors."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi import APIRouter, HTTPException
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
    text,
    update,
)

from central import security_keys
from central.db import is_postgres
from central.edge import CallerDep, errors
from central.throttle import Limit, Limits, Throttled
from desktop.privatefile import write_private
from desktop.security.anchors import Anchor, verify_anchor
from desktop.security.keyslots import escrow_context, reset_context
from desktop.security.sealed import SealedBoxError, open_sealed, public_bytes, seal
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
metadata = MetaData()
RESET_TTL = timedelta(minutes=15)
RESET_MAX_ATTEMPTS = 5
RESET_MAX_FAILURES_PER_HOUR = 10  # wrong codes per agent and hour, over all its codes
RESET_MAX_CODES_PER_HOUR = 3  # codes issued per agent and hour (more requests get the same answer, no code)
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RESET_LIMIT = Limits().reset_codes
Deliver = Callable[[str, "str | None", str], None]  # (agent id, e-mail, code): sends the code out of band

agents = Table(
    "security_agents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("station_id", String(36), nullable=False),
    Column("login", String(64), nullable=False),
    Column("role", String(24), nullable=False),
    Column("capacity", String(40), nullable=False),
    Column("email", String(200)),  # the agent's professional address, to send reset codes
    Column("active", Boolean, nullable=False, default=True),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("station_id", "login", name="uq_security_agents_station_login"),
)
reset_codes = Table(
    "security_reset_codes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agent_id", String(36), nullable=False, index=True),
    Column("code_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, default=0),
)
escrows = Table(
    "security_escrows",
    metadata,
    Column("station_id", String(36), primary_key=True),
    Column("station_code", String(32), nullable=False),
    Column("box", LargeBinary, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
station_keys = Table(
    "security_station_keys",
    metadata,
    Column("station_id", String(36), primary_key=True),
    Column("public_key", LargeBinary(32), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)
anchors = Table(
    "security_anchors",
    metadata,
    Column("station_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("station_code", String(32), nullable=False),
    Column("mac", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("signature", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)


class SecurityError(Exception):
    """A refused request; `status` is the HTTP status and `message` French."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def create_security_schema(engine: Engine) -> None:
    """Create this module's tables if missing (safe to run from several API nodes starting together)."""
    with engine.begin() as conn:
        if is_postgres(conn):
            conn.execute(text("SELECT pg_advisory_xact_lock(7302)"))
        metadata.create_all(conn)
        security_keys.metadata.create_all(conn)


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


def _code_hash(agent_id: str, code: str) -> str:
    return hashlib.sha256(f"{agent_id}|{code.strip().upper()}".encode()).hexdigest()


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
) -> None:
    """Record an agent of a station (the first enrolment must be online)."""
    with engine.begin() as conn:
        taken = conn.execute(
            select(agents.c.id).where(agents.c.station_id == station_id, agents.c.login == login.lower())
        ).first()
        if taken is not None and _retired(conn, taken.id):
            # A removed agent's login may be enrolled again (issue 15, item 8): the old record goes, with its codes.
            conn.execute(reset_codes.delete().where(reset_codes.c.agent_id == taken.id))
            conn.execute(agents.delete().where(agents.c.id == taken.id))
            taken = None
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
            agents.c.station_id == station_id, agents.c.id == agent_id, agents.c.active.is_(True)
        )
    ).first()
    return str(row.role) if row is not None else None


def issue_reset_code(
    engine: Engine, *, station_id: str, identifier: str, now: datetime, limit: Limit = RESET_LIMIT
) -> tuple[str, str | None, str] | None:
    """A fresh single-use code for the agent named by login or e-mail: (agent id, e-mail, code), or None.

    Throttled: a station asking too often gets Throttled (429); an agent who already had `limit.per_agent` codes
    in the window gets none, silently (the answer must not tell whether the account exists).
    """
    wanted = identifier.strip().lower()
    since = now - limit.window
    with engine.begin() as conn:
        of_station = conn.execute(
            select(func.count())
            .select_from(reset_codes.join(agents, agents.c.id == reset_codes.c.agent_id))
            .where(agents.c.station_id == station_id, reset_codes.c.created_at > since)
        ).scalar_one()
        if of_station >= limit.per_station:
            raise Throttled(int(limit.window.total_seconds()))
        row = conn.execute(
            select(agents.c.id, agents.c.email).where(
                agents.c.station_id == station_id,
                agents.c.active.is_(True),
                (agents.c.login == wanted) | (agents.c.email == wanted),
            )
        ).first()
        if row is None:
            return None
        of_agent = conn.execute(
            select(func.count())
            .select_from(reset_codes)
            .where(reset_codes.c.agent_id == row.id, reset_codes.c.created_at > since)
        ).scalar_one()
        if of_agent >= limit.per_agent:
            log.info("reset code not issued for agent %s: too many in the window", row.id)
            return None
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        # A new code voids the older ones: only the latest message works.
        conn.execute(
            update(reset_codes)
            .where(reset_codes.c.agent_id == row.id, reset_codes.c.used_at.is_(None))
            .values(used_at=now)
        )
        conn.execute(
            insert(reset_codes).values(
                agent_id=row.id,
                code_hash=_code_hash(row.id, code),
                created_at=now,
                expires_at=now + RESET_TTL,
                attempts=0,
            )
        )
    return str(row.id), row.email, code


def _recent_failures(conn: Any, agent_id: str, now: datetime) -> int:
    """Wrong codes tried for this agent in the last hour, over all its codes (a used code's last try was right)."""
    rows = conn.execute(
        select(reset_codes.c.attempts, reset_codes.c.used_at).where(
            reset_codes.c.agent_id == agent_id, reset_codes.c.created_at > now - timedelta(hours=1)
        )
    ).all()
    return sum(r.attempts for r in rows)  # only wrong codes count an attempt


def redeem_reset_code(
    engine: Engine, keys: EscrowKeys, *, station_id: str, login: str, code: str, ephemeral_public: bytes, now: datetime
) -> bytes:
    """Check the code, recover the station's database key from escrow, seal it for the station's request.

    The code is burned only once the sealed answer exists: a bad one-time key or an unreadable escrow copy leaves
    it usable (a wrong code still counts as an attempt).
    """
    invalid = SecurityError(403, "Code invalide ou expiré.")
    if len(ephemeral_public) != 32:
        raise SecurityError(422, "Clé éphémère invalide.")
    with engine.begin() as conn:
        agent = conn.execute(
            select(agents.c.id).where(
                agents.c.station_id == station_id, agents.c.login == login.strip().lower(), agents.c.active.is_(True)
            )
        ).first()
        if agent is None:
            raise invalid
        pending = conn.execute(
            select(reset_codes).where(reset_codes.c.agent_id == agent.id, reset_codes.c.used_at.is_(None))
        ).first()
        if pending is None or _aware(pending.expires_at) <= now or pending.attempts >= RESET_MAX_ATTEMPTS:
            raise invalid
        if _recent_failures(conn, agent.id, now) >= RESET_MAX_FAILURES_PER_HOUR:
            raise invalid  # rate limit over every code of the hour: asking new codes does not buy new guesses
        # A wrong code's attempt is committed with the transaction before the refusal is raised (below, outside it):
        # the count is never rolled back with the refusal (issue 15, item 3).
        if not hmac.compare_digest(pending.code_hash, _code_hash(agent.id, code)):
            conn.execute(
                update(reset_codes).where(reset_codes.c.id == pending.id).values(attempts=pending.attempts + 1)
            )
            wrong_code = True
        else:
            wrong_code = False
            escrow = conn.execute(select(escrows).where(escrows.c.station_id == station_id)).first()
            if escrow is None:
                raise SecurityError(409, "Aucune copie de séquestre pour ce poste : un superviseur doit réinitialiser.")
            try:
                key = open_sealed(keys.private, bytes(escrow.box), context=escrow_context(escrow.station_code))
            except SealedBoxError:
                raise SecurityError(409, "La copie de séquestre de ce poste est illisible.") from None
            try:
                answer = seal(ephemeral_public, key, context=reset_context(login))
            except ValueError:  # a low-order X25519 point: no shared secret
                raise SecurityError(422, "Clé éphémère invalide.") from None
            conn.execute(update(reset_codes).where(reset_codes.c.id == pending.id).values(used_at=now))
    if wrong_code:
        raise invalid
    return answer


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def put_escrow(
    engine: Engine, keys: EscrowKeys, *, station_id: str, station_code: str, box: bytes, now: datetime
) -> None:
    """Keep (or replace) a station's escrow copy of its database key, once it is known to open with the escrow key."""
    try:
        key = open_sealed(keys.private, box, context=escrow_context(station_code))
    except SealedBoxError:
        key = b""
    # 32 bytes: the database key; 64 after a re-key: the new key and the audit chain's first key (desktop/security/
    # slotkeys.split_material). A good copy is never replaced by one that would fail at the next password recovery.
    if len(key) not in (32, 64):
        raise SecurityError(409, "Copie de séquestre illisible avec la clé de séquestre : rien n'a été remplacé.")
    with engine.begin() as conn:
        exists = conn.execute(select(escrows.c.station_id).where(escrows.c.station_id == station_id)).first()
        values = {"station_code": station_code, "box": box, "updated_at": now}
        if exists:
            conn.execute(update(escrows).where(escrows.c.station_id == station_id).values(**values))
        else:
            conn.execute(insert(escrows).values(station_id=station_id, **values))


def register_station_key(engine: Engine, *, station_id: str, public_key: bytes, now: datetime) -> None:
    """Remember the station's Ed25519 key the first time; a different key later is refused."""
    if len(public_key) != 32:
        raise SecurityError(422, "Clé publique de poste invalide.")
    with engine.begin() as conn:
        known = conn.execute(select(station_keys.c.public_key).where(station_keys.c.station_id == station_id)).first()
        if known is None:
            conn.execute(insert(station_keys).values(station_id=station_id, public_key=public_key, registered_at=now))
        elif bytes(known.public_key) != public_key:
            raise SecurityError(409, "Une autre clé est déjà enregistrée pour ce poste.")


def store_anchor(engine: Engine, *, station_id: str, anchor: Anchor, now: datetime) -> None:
    """Keep a station-signed anchor after checking its signature; anchors only move forward."""
    with engine.begin() as conn:
        key = conn.execute(select(station_keys.c.public_key).where(station_keys.c.station_id == station_id)).first()
        if key is None or not verify_anchor(bytes(key.public_key), anchor):
            raise SecurityError(403, "Ancre non signée par la clé de ce poste.")
        same = conn.execute(
            select(anchors.c.mac).where(anchors.c.station_id == station_id, anchors.c.seq == anchor.seq)
        ).first()
        if same is not None:
            if same.mac != anchor.mac.hex():
                raise SecurityError(409, "Une ancre différente existe déjà pour ce numéro.")
            return
        last = conn.execute(select(func.max(anchors.c.seq)).where(anchors.c.station_id == station_id)).scalar()
        if last is not None and anchor.seq < last:
            raise SecurityError(409, "Ancre plus ancienne que la dernière reçue : les ancres ne reculent pas.")
        conn.execute(
            insert(anchors).values(
                station_id=station_id,
                seq=anchor.seq,
                station_code=anchor.station_code,
                mac=anchor.mac.hex(),
                at=anchor.at,
                received_at=now,
                signature=base64.b64encode(anchor.signature).decode("ascii"),
            )
        )


def list_anchors(engine: Engine, *, station_id: str) -> list[Anchor]:
    """Every anchor kept for a station, in seq order (for `guichet audit verify --anchors`)."""
    with engine.connect() as conn:
        rows = conn.execute(select(anchors).where(anchors.c.station_id == station_id).order_by(anchors.c.seq))
        return [
            Anchor(
                station_code=r.station_code,
                seq=r.seq,
                mac=bytes.fromhex(r.mac),
                at=_aware(r.at),
                signature=base64.b64decode(r.signature),
            )
            for r in rows
        ]


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

    @router.put("/escrow", response_model=Done, responses=errors(401, 409, 413, 422, 503))
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
            )
        )
        return Done(status="ok")

    @router.put("/station-key", response_model=Done, responses=errors(401, 409, 413, 422, 503))
    def station_key(payload: StationKeyPut, caller: CallerDep) -> Done:
        """Register the station's anchor-signing key, once."""
        key = _b64(payload.public_key)
        run(lambda: register_station_key(engine, station_id=caller.station_id, public_key=key, now=clock()))
        return Done(status="ok")

    @router.post("/agents", status_code=201, response_model=Done, responses=errors(401, 409, 413, 422, 503))
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
    return router
