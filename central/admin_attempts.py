"""The administrators' sign-in attempts, counted per login and client address before any password is checked.

Two holes this closes (audit of 7 December 2026, docs/SECURITY.md): the wait was read before the (slow, Argon2id)
check and written after it, so guesses sent together were all checked before any wait began (24 at once on
PostgreSQL: 24 checks, not 5); and the wait was the account's alone, so anyone who knew a login kept that
administrator out for ever with wrong passwords. An attempt now takes its place first, in one conditional
statement (`reserve`: refused while its pair waits, so a burst gets `FREE_FAILURES` checks), and it is counted
for the pair (login, client address): another address's guesses make that address wait, not the administrator.
A distributed attack meets the account's own ceiling (`ACCOUNT_FREE_FAILURES`, central/admin_accounts.py), which
`guichet-central admin unblock` lifts. A right password frees its pair.

The client address is the connection's peer; `X-Forwarded-For` is believed only from a proxy named in
`GUICHET_CENTRAL_TRUSTED_PROXIES` (`server_settings`: anyone can write the header, and believed from 127.0.0.1 as
uvicorn does by default it gave each guess an address of its own). Behind a proxy not so named, every browser has
the proxy's address: the pair is then the login's, as before.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
from datetime import datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Column, DateTime, Engine, Integer, MetaData, String, Table, delete, or_, update
from sqlalchemy.engine import Connection

metadata = MetaData()

admin_attempts = Table(
    "admin_attempts",
    metadata,
    Column("login", String(64), primary_key=True),  # an account's login, "(secret)", or "#" + a keyed digest
    Column("source", String(64), primary_key=True),  # the client address ("" for a call without one)
    Column("failures", Integer, nullable=False),
    Column("blocked_until", DateTime(timezone=True), nullable=True),
    Column("last_at", DateTime(timezone=True), nullable=False),
)

FREE_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
FORGOTTEN_AFTER = timedelta(days=1)  # a pair silent that long starts again from nothing
TRUSTED_PROXIES_ENV = "GUICHET_CENTRAL_TRUSTED_PROXIES"
# Unknown logins are counted as accounts are (the same answers, the same time) under a keyed digest, never as typed
# (a password typed in the wrong field). The key is the store's (`key_unknown_logins`, derived from the escrow key
# every API node of a deployment shares, never in the database): with a key of each process's own, the workers and
# nodes counted an unknown login apart, so it met its wait later than an account did (session 36: a login's
# existence read from when the wait came). This process's own key serves a store given none (a test's engine).
_UNKNOWN_KEY = secrets.token_bytes(32)
_KEYS: WeakKeyDictionary[Engine, bytes] = WeakKeyDictionary()


def wait_after(failures: int, free: int) -> timedelta | None:
    """How long a pair (or an account) waits after its `failures`-th refusal in a row: none before `free`."""
    if failures < free:
        return None
    wait: timedelta = FIRST_WAIT * 2 ** min(failures - free, 16)
    return min(LONGEST_WAIT, wait)


def key_unknown_logins(engine: Engine, key: bytes) -> None:
    """The key under which this store's processes and nodes name the logins that name no account."""
    _KEYS[engine] = key


def unknown_key(login: str, engine: Engine | None = None) -> str:
    """The counter's name for a login naming no account."""
    key = _KEYS.get(engine, _UNKNOWN_KEY) if engine is not None else _UNKNOWN_KEY
    return "#" + hmac.new(key, login.encode(), hashlib.sha256).hexdigest()[:40]


ALL_SOURCES = "*"  # a login's ceiling, every address together (an account's or an unknown login's alike)


def reserve(conn: Connection, *, login: str, source: str, now: datetime, free: int = FREE_FAILURES) -> bool:
    """Count this attempt as refused before anything is checked (`settle` forgets it if it succeeds); False while
    the pair waits, past `free` refusals in a row. In the caller's transaction: the row stays locked until it ends."""
    source = source[:64]
    conn.execute(delete(admin_attempts).where(admin_attempts.c.last_at < now - FORGOTTEN_AFTER))
    _ensure(conn, login, source, now)
    t = admin_attempts.c
    # One statement reads and counts: a second attempt of the pair waits for the first's commit, then sees its wait.
    failures = conn.execute(
        update(admin_attempts)
        .where(t.login == login, t.source == source, or_(t.blocked_until.is_(None), t.blocked_until <= now))
        .values(failures=t.failures + 1, last_at=now)
        .returning(t.failures)
    ).scalar_one_or_none()
    if failures is None:
        return False
    wait = wait_after(failures, free)
    if wait is not None:
        conn.execute(
            update(admin_attempts).where(t.login == login, t.source == source).values(blocked_until=now + wait)
        )
    return True


def _ensure(conn: Connection, login: str, source: str, now: datetime) -> None:
    values = {"login": login, "source": source, "failures": 0, "blocked_until": None, "last_at": now}
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(admin_attempts).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        conn.execute(sqlite_insert(admin_attempts).values(**values).on_conflict_do_nothing())


def settle(conn: Connection, *, login: str, source: str) -> None:
    """A right password: the pair starts again from nothing."""
    t = admin_attempts.c
    conn.execute(delete(admin_attempts).where(t.login == login, t.source == source[:64]))


def lift(conn: Connection, login: str) -> int:
    """Forget every address's count for this login (`guichet-central admin unblock`); how many were kept."""
    return int(conn.execute(delete(admin_attempts).where(admin_attempts.c.login == login)).rowcount or 0)


def latest_wait(conn: Connection, login: str) -> datetime | None:
    """The latest end of a wait of this login's pairs (`admin list`)."""
    from sqlalchemy import func, select

    return conn.execute(
        select(func.max(admin_attempts.c.blocked_until)).where(admin_attempts.c.login == login)
    ).scalar_one_or_none()


def trusted_proxies(text: str | None = None) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The proxies whose `X-Forwarded-For` is believed (`GUICHET_CENTRAL_TRUSTED_PROXIES`: addresses or networks,
    separated by commas); none by default. A value that is no address stops the service, said in French."""
    text = os.environ.get(TRUSTED_PROXIES_ENV, "") if text is None else text
    found = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            found.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(
                f"{TRUSTED_PROXIES_ENV} : « {part[:60]} » n'est ni une adresse IP ni un réseau (ex. 127.0.0.1, "
                "10.0.0.0/24)."
            ) from None
    return tuple(found)


def server_settings(text: str | None = None) -> dict[str, Any]:
    """uvicorn's settings for forwarded headers: believed from the trusted proxies only. uvicorn's default believes
    `X-Forwarded-For` from 127.0.0.1, so behind a local proxy that passes the header on as the client wrote it (a
    TLS tunnel, a proxy without `proxy_add_x_forwarded_for`) each guess named an address of its own (audit of
    7 December 2026). Whom the store believes, uvicorn takes the last address not itself a trusted proxy."""
    proxies = trusted_proxies(text)
    if not proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(str(p) for p in proxies)}


def client_source(peer: str | None) -> str:
    """The address a sign-in is counted for: the connection's peer as uvicorn gives it (`server_settings`)."""
    return (peer or "").strip()[:64]
