"""Station enrolment and bearer-token authentication (spec/security.md: credentials, never the URL alone)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, select

from central.schema import stations


@dataclass(frozen=True, slots=True)
class Credentials:
    """What enrolment hands to a station once: its id and its secret token."""

    station_id: str
    token: str


def token_hash(token: str) -> str:
    """SHA-256 of a token: tokens are 256-bit random values, so a fast hash is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()


def enrol_station(engine: Engine, *, label: str, now: datetime | None = None) -> Credentials:
    """Create a station and return its credentials (the token is stored hashed, shown only here)."""
    with engine.begin() as conn:
        return insert_station(conn, label=label, now=now or datetime.now(UTC))


def insert_station(conn: Connection, *, label: str, now: datetime) -> Credentials:
    """The station row inside the caller's transaction (bulk enrolment marks its token used in the same one)."""
    station_id = str(uuid.uuid4())
    token = secrets.token_urlsafe(32)
    conn.execute(
        insert(stations).values(
            id=station_id,
            label=label[:200],
            token_hash=token_hash(token),
            last_seq=0,
            last_contact=now,
            enrolled_at=now,
        )
    )
    return Credentials(station_id=station_id, token=token)


def station_for_token(engine: Engine, token: str) -> str | None:
    """The station id these credentials belong to, or None."""
    if not token or len(token) > 200:
        return None
    with engine.connect() as conn:
        found = conn.execute(select(stations.c.id).where(stations.c.token_hash == token_hash(token))).first()
    return str(found.id) if found is not None else None


def bearer(header: str | None) -> str:
    """The token of an `Authorization: Bearer ...` header ('' when absent or malformed)."""
    if not header:
        return ""
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of an administrative secret."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
