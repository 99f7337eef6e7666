"""Station enrolment and bearer tokens with a life: expiry, renewal online, revocation (spec/security.md)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Select, insert, literal, or_, select, update

from central.db import driver_rows, is_postgres, reading
from central.schema import enrolment_tokens, station_tokens, stations, utc

TOKEN_TTL = timedelta(days=90)
# After a renewal the previous token keeps working this long: the answer carrying the new one may be lost.
RENEWAL_GRACE = timedelta(days=2)
# Once the new token is used the station has it: the old one only serves requests already in flight, this long
# (before, it opened every route for its whole 2-day grace beside the new one: audit of 6 December 2026).
SUCCESSOR_GRACE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Credentials:
    """What enrolment (or a renewal) hands to a station once: its id, its secret token and the token's end."""

    station_id: str
    token: str
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Caller:
    """The station a valid token belongs to, and when that token expires."""

    station_id: str
    expires_at: datetime


def token_hash(token: str) -> str:
    """SHA-256 of a token: tokens are 256-bit random values, so a fast hash is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()


def enrol_station(engine: Engine, *, label: str, now: datetime | None = None) -> Credentials:
    """Create a station and return its credentials (the token is stored hashed, shown only here)."""
    with engine.begin() as conn:
        return insert_station(conn, label=label, now=now or datetime.now(UTC))


def insert_station(conn: Connection, *, label: str, now: datetime, place_kind: str | None = None) -> Credentials:
    """The station row inside the caller's transaction (bulk enrolment marks its token used in the same one)."""
    station_id = str(uuid.uuid4())
    token = secrets.token_urlsafe(32)
    conn.execute(
        insert(stations).values(
            id=station_id,
            label=label[:200],
            place_kind=place_kind,
            token_hash=token_hash(token),
            last_seq=0,
            last_contact=now,
            enrolled_at=now,
        )
    )
    expires = _insert_token(conn, station_id=station_id, token=token, now=now)
    return Credentials(station_id=station_id, token=token, expires_at=expires)


def _insert_token(conn: Connection, *, station_id: str, token: str, now: datetime) -> datetime:
    expires = now + TOKEN_TTL
    conn.execute(
        insert(station_tokens).values(
            token_hash=token_hash(token), station_id=station_id, issued_at=now, expires_at=expires
        )
    )
    return expires


def caller_for_token(engine: Engine, token: str, *, now: datetime) -> Caller | None:
    """The station these credentials belong to while the token lives (not expired, not revoked), or None."""
    if not token or len(token) > 200:
        return None
    with reading(engine) as conn:
        if is_postgres(conn):  # every request asks this: the text, not a construct (tests hold the two equal)
            rows: Sequence[tuple[Any, ...]] = driver_rows(conn, _PG_CALLER, (token_hash(token),))
        else:
            rows = [tuple(r) for r in conn.execute(_caller_query(token))]
    if not rows:
        return None
    station_id, expires_at, used_at = rows[0]
    if utc(expires_at) <= now:
        return None
    if used_at is None:  # its first use: once per token, the only writes of the check
        with engine.begin() as conn:
            conn.execute(
                update(station_tokens)
                .where(station_tokens.c.token_hash == token_hash(token), station_tokens.c.used_at.is_(None))
                .values(used_at=now)
            )
            # The token it was renewed from stops soon: the station now holds this one.
            conn.execute(
                update(station_tokens)
                .where(
                    station_tokens.c.station_id == station_id,
                    station_tokens.c.renewed_to == token_hash(token),
                    station_tokens.c.expires_at > now + SUCCESSOR_GRACE,
                )
                .values(expires_at=now + SUCCESSOR_GRACE)
            )
    return Caller(station_id=str(station_id), expires_at=utc(expires_at))


def _caller_query(token: str) -> Select[tuple[str, datetime, datetime | None]]:
    return select(station_tokens.c.station_id, station_tokens.c.expires_at, station_tokens.c.used_at).where(
        station_tokens.c.token_hash == token_hash(token), station_tokens.c.revoked_at.is_(None)
    )


_PG_CALLER = "SELECT station_id, expires_at, used_at FROM station_tokens WHERE token_hash = %s AND revoked_at IS NULL"


def station_for_token(engine: Engine, token: str, *, now: datetime | None = None) -> str | None:
    """The station id these credentials belong to, or None."""
    caller = caller_for_token(engine, token, now=now or datetime.now(UTC))
    return caller.station_id if caller is not None else None


class TokenForked(Exception):
    """A renewal asked with a token already renewed whose successor is in use: a copy of the token is used elsewhere."""


def renew_token(engine: Engine, *, station_id: str, old_token: str, now: datetime) -> Credentials:
    """A fresh token for the station; the one used to ask keeps working for RENEWAL_GRACE at most.

    A token renews once. Asked again while its successor was never used, the answer was lost: that successor is
    revoked and another issued. Once the successor is in use, the station has it: whoever asks with the old token
    holds a copy, and TokenForked is raised (before, a stolen copy renewed in its grace lived 90 more days beside the
    station's, unseen; central audit of 4 December 2026)."""
    token = secrets.token_urlsafe(32)
    old = station_tokens.c.token_hash == token_hash(old_token)
    with engine.begin() as conn:
        asked = conn.execute(select(station_tokens.c.renewed_to).where(old).with_for_update()).first()
        earlier = asked.renewed_to if asked is not None else None
        if earlier is not None:
            successor = station_tokens.c.token_hash == earlier
            used = conn.execute(select(station_tokens.c.used_at).where(successor)).scalar()
            if used is not None:
                raise TokenForked(station_id)
            conn.execute(update(station_tokens).where(successor).values(revoked_at=now))  # its answer was lost
        expires = _insert_token(conn, station_id=station_id, token=token, now=now)
        conn.execute(update(station_tokens).where(old).values(renewed_to=token_hash(token)))
        conn.execute(
            update(station_tokens)
            .where(old, station_tokens.c.expires_at > now + RENEWAL_GRACE)
            .values(expires_at=now + RENEWAL_GRACE)
        )
        conn.execute(update(stations).where(stations.c.id == station_id).values(token_hash=token_hash(token)))
    return Credentials(station_id=station_id, token=token, expires_at=expires)


def station_ids(conn: Connection, code: str) -> list[str]:
    """The stations an administrator names by a code (every id its bulk tokens enrolled), a label or an id."""
    by_code = select(enrolment_tokens.c.station_id).where(
        enrolment_tokens.c.station_code == code, enrolment_tokens.c.station_id.is_not(None)
    )
    query = select(stations.c.id).where(
        or_(stations.c.id == code, stations.c.label == code, stations.c.id.in_(by_code))
    )
    return [str(r.id) for r in conn.execute(query)]


def revoke_station(engine: Engine, code: str, *, now: datetime) -> int:
    """Revoke every token of the station with this code, label or id (a lost laptop); returns how many stations."""
    with engine.begin() as conn:
        ids = station_ids(conn, code)
        if ids:
            # The stations first: a push being applied holds its station's row (central/apply.py) and commits before
            # this does; one whose token was checked before this commit finds its station revoked and is refused.
            conn.execute(update(stations).where(stations.c.id.in_(ids)).values(revoked_at=now))
            conn.execute(
                update(station_tokens)
                .where(station_tokens.c.station_id.in_(ids), station_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
    return len(ids)


def adopt_legacy_tokens(conn: Connection, *, now: datetime) -> None:
    """Stations enrolled before tokens had a life get one: their current token, expiring TOKEN_TTL from now."""
    known = select(station_tokens.c.token_hash)
    conn.execute(
        insert(station_tokens).from_select(
            ["token_hash", "station_id", "issued_at", "expires_at"],
            select(stations.c.token_hash, stations.c.id, literal(now), literal(now + TOKEN_TTL)).where(
                stations.c.token_hash.not_in(known)
            ),
        )
    )


def bearer(header: str | None) -> str:
    """The token of an `Authorization: Bearer ...` header ('' when absent or malformed)."""
    if not header:
        return ""
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of an administrative secret."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
