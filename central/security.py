"""Agents' trust on the central store: agent enrolment, reset codes (seed 003), key escrow, audit anchors."""

from __future__ import annotations

import base64
import binascii
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
from fastapi import APIRouter, Header, HTTPException
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
    text,
    update,
)

from central import auth, security_keys
from central.db import is_postgres
from desktop.privatefile import write_private
from desktop.security.anchors import Anchor, verify_anchor
from desktop.security.keyslots import escrow_context, reset_context
from desktop.security.sealed import SealedBoxError, open_sealed, public_bytes, seal

log = logging.getLogger("guichet.central.security")
metadata = MetaData()
RESET_TTL = timedelta(minutes=15)
RESET_MAX_ATTEMPTS = 5
RESET_MAX_FAILURES_PER_HOUR = 10  # wrong codes per agent and hour, over all its codes
RESET_MAX_CODES_PER_HOUR = 3  # codes issued per agent and hour (more requests get the same answer, no code)
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
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


def issue_reset_code(
    engine: Engine, *, station_id: str, identifier: str, now: datetime
) -> tuple[str, str | None, str] | None:
    """A fresh single-use code for the agent named by login or e-mail: (agent id, e-mail, code), or None."""
    wanted = identifier.strip().lower()
    with engine.begin() as conn:
        row = conn.execute(
            select(agents.c.id, agents.c.email).where(
                agents.c.station_id == station_id,
                agents.c.active.is_(True),
                (agents.c.login == wanted) | (agents.c.email == wanted),
            )
        ).first()
        if row is None:
            return None
        issued = conn.execute(
            select(reset_codes.c.id).where(
                reset_codes.c.agent_id == row.id, reset_codes.c.created_at > now - timedelta(hours=1)
            )
        ).all()
        if len(issued) >= RESET_MAX_CODES_PER_HOUR:
            log.warning("reset code refused for agent %s: too many codes this hour", row.id)
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
    return sum(r.attempts - (1 if r.used_at is not None else 0) for r in rows)


def redeem_reset_code(
    engine: Engine, keys: EscrowKeys, *, station_id: str, login: str, code: str, ephemeral_public: bytes, now: datetime
) -> bytes:
    """Check and burn the code, recover the station's database key from escrow, seal it for the station's request."""
    invalid = SecurityError(403, "Code invalide ou expiré.")
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
        # Count the attempt first, in its own committed statement: a wrong code must not roll the count back
        # with the refusal (issue 15, item 3: 50 wrong guesses left the right code still usable).
        conn.execute(
            update(reset_codes).where(reset_codes.c.id == pending.id).values(attempts=reset_codes.c.attempts + 1)
        )
        right = hmac.compare_digest(pending.code_hash, _code_hash(agent.id, code))
        if right:
            conn.execute(update(reset_codes).where(reset_codes.c.id == pending.id).values(used_at=now))
            escrow = conn.execute(select(escrows).where(escrows.c.station_id == station_id)).first()
    if not right:
        raise invalid
    if escrow is None:
        raise SecurityError(409, "Aucune copie de séquestre pour ce poste : un superviseur doit réinitialiser.")
    try:
        key = open_sealed(keys.private, escrow.box, context=escrow_context(escrow.station_code))
    except SealedBoxError:
        raise SecurityError(409, "La copie de séquestre de ce poste est illisible.") from None
    return seal(ephemeral_public, key, context=reset_context(login))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def put_escrow(engine: Engine, *, station_id: str, station_code: str, box: bytes, now: datetime) -> None:
    """Keep (or replace) a station's escrow copy of its database key."""
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
            raise SecurityError(422, "Ancre non signée par la clé de ce poste.")
        same = conn.execute(
            select(anchors.c.mac).where(anchors.c.station_id == station_id, anchors.c.seq == anchor.seq)
        ).first()
        if same is not None:
            if same.mac != anchor.mac.hex():
                raise SecurityError(409, "Une ancre différente existe déjà pour ce numéro.")
            return
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


def _unb64(value: Any, what: str) -> bytes:
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        raise HTTPException(422, f"{what} invalide") from None


def create_router(
    engine: Engine, keys: EscrowKeys, *, deliver: Deliver, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> APIRouter:
    """The /v1/security routes; mount with `app.include_router(create_router(...))` after create_security_schema."""
    router = APIRouter(prefix="/v1/security", tags=["sécurité"])

    def station_of(authorization: str | None) -> str:
        token = auth.bearer(authorization)
        station = auth.station_for_token(engine, token) if token else None
        if station is None:
            raise HTTPException(401, "identifiants de poste absents ou invalides")
        return station

    def run(fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except SecurityError as exc:
            raise HTTPException(exc.status, exc.message) from None

    def text(payload: dict[str, Any], name: str, limit: int = 200) -> str:
        value = payload.get(name)
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise HTTPException(422, f"champ « {name} » attendu")
        return value.strip()

    @router.get("/escrow-key")
    def escrow_key() -> dict[str, str]:
        """The public key stations seal their database key to."""
        return {"public_key": base64.b64encode(keys.public).decode("ascii")}

    @router.put("/escrow")
    def escrow(payload: dict[str, Any], authorization: str | None = Header(default=None)) -> dict[str, str]:
        station = station_of(authorization)
        box = _unb64(payload.get("box"), "séquestre")
        run(
            lambda: put_escrow(
                engine, station_id=station, station_code=text(payload, "station_code", 32), box=box, now=clock()
            )
        )
        return {"status": "ok"}

    @router.put("/station-key")
    def station_key(payload: dict[str, Any], authorization: str | None = Header(default=None)) -> dict[str, str]:
        station = station_of(authorization)
        key = _unb64(payload.get("public_key"), "clé publique")
        run(lambda: register_station_key(engine, station_id=station, public_key=key, now=clock()))
        return {"status": "ok"}

    @router.post("/agents", status_code=201)
    def agent(payload: dict[str, Any], authorization: str | None = Header(default=None)) -> dict[str, str]:
        station = station_of(authorization)
        email = payload.get("email")
        run(
            lambda: enrol_agent(
                engine,
                station_id=station,
                agent_id=text(payload, "agent_id", 36),
                login=text(payload, "login", 64),
                role=text(payload, "role", 24),
                capacity=text(payload, "capacity", 40),
                email=email.strip().lower() if isinstance(email, str) and email.strip() else None,
                now=clock(),
            )
        )
        return {"status": "enrole"}

    @router.post("/reset-codes", status_code=202)
    def reset_code(payload: dict[str, Any], authorization: str | None = Header(default=None)) -> dict[str, str]:
        """Always the same answer, whether or not the identifier exists (no account enumeration)."""
        station = station_of(authorization)
        issued = issue_reset_code(engine, station_id=station, identifier=text(payload, "identifier"), now=clock())
        if issued is not None:
            deliver(*issued)
            log.info("reset code issued for agent %s", issued[0])
        return {"status": "Si ce compte existe, un code a été envoyé."}

    @router.post("/reset-codes/redeem")
    def redeem(payload: dict[str, Any], authorization: str | None = Header(default=None)) -> dict[str, str]:
        station = station_of(authorization)
        eph = _unb64(payload.get("ephemeral_public_key"), "clé éphémère")
        box = run(
            lambda: redeem_reset_code(
                engine,
                keys,
                station_id=station,
                login=text(payload, "login", 64),
                code=text(payload, "code", 32),
                ephemeral_public=eph,
                now=clock(),
            )
        )
        return {"box": base64.b64encode(box).decode("ascii")}

    @router.post("/anchors", status_code=201)
    def anchor(payload: dict[str, Any], authorization: str | None = Header(default=None)) -> dict[str, str]:
        station = station_of(authorization)
        try:
            parsed = Anchor.from_dict(payload)
        except ValueError:
            raise HTTPException(422, "ancre mal formée") from None
        run(lambda: store_anchor(engine, station_id=station, anchor=parsed, now=clock()))
        return {"status": "ok"}

    @router.get("/anchors")
    def anchors_of(authorization: str | None = Header(default=None)) -> dict[str, Any]:
        station = station_of(authorization)
        return {"anchors": [a.to_dict() for a in list_anchors(engine, station_id=station)]}

    security_keys.add_routes(router, engine, keys=keys, station_of=station_of, run=run, clock=clock)
    return router
