"""Named administrator accounts of the central store's pages (`/admin/national`, `/admin/revue`).

The pages were opened by the central store's one administrative secret, and a review's decision carried whatever
name its author typed: nobody could say which administrator decided which L73 outcome. An account is a login, the
person's name and an Argon2id hash of their own password (the desk's password policy, CNIL 2022-100). Accounts are
made, re-keyed and removed on the server with `guichet-central admin …` (central/admin_cli.py), each change an
event in `admin_events`, as every sign-in and every refused one (never the typed text of an unknown login: it may
be a password typed in the wrong field).

While no active account exists, the administrative secret still opens the pages (a new or upgraded store), and the
pages say so; once one exists, only an account does (central/admin_session.py). Brute force: an attempt is
counted before its password is checked; after `FREE_FAILURES` refusals in a row a pair (login, client address)
waits, doubling from `FIRST_WAIT` up to `LONGEST_WAIT`, and after `ACCOUNT_FREE_FAILURES` from all addresses the
account does (central/admin_attempts.py); an unknown login is counted, answered and timed as a known one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Boolean, Column, DateTime, Engine, Integer, MetaData, String, Table, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from central import admin_attempts as attempts
from central.admin_attempts import FIRST_WAIT as FIRST_WAIT
from central.admin_attempts import FREE_FAILURES as FREE_FAILURES
from central.admin_attempts import LONGEST_WAIT as LONGEST_WAIT
from central.db import is_postgres
from desktop.rules.textlimits import desk_forbidden
from desktop.security.passwords import check_password

metadata = MetaData()

admin_accounts = Table(
    "admin_accounts",
    metadata,
    Column("login", String(64), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False),
    # Part of each session cookie's MAC: a new password or a removal ends the account's open sessions.
    Column("epoch", Integer, nullable=False),
    # No longer counted (kept for the stores that have them): the account's ceiling is a row of `admin_attempts`,
    # forgotten after a day of silence as an unknown login's is (session 37).
    Column("failures", Integer, nullable=False),
    Column("blocked_until", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_login_at", DateTime(timezone=True), nullable=True),
)

admin_events = Table(
    "admin_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("login", String(64), nullable=False),  # an account's login, SHARED or UNKNOWN
    Column("action", String(40), nullable=False),
)

# Sessions signed out before their end: the cookie's MAC, kept until the cookie would have expired (a copy of a
# signed-out cookie opens nothing: central/admin_session.py, audit of 6 December 2026).
admin_signed_out = Table(
    "admin_signed_out",
    metadata,
    Column("mac", String(64), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

SHARED = "(secret)"  # a sign-in by the administrative secret
UNKNOWN = "(inconnu)"  # a refused sign-in naming no account
LOGIN_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
NAME_MAX = 120
# The account's own ceiling, all client addresses together (a distributed guess); each address has its own
# `FREE_FAILURES` (central/admin_attempts.py). Reached, it keeps the administrator out too: `admin unblock` lifts it.
ACCOUNT_FREE_FAILURES = 50
# Argon2id as the desk's key slots (m = 64 MiB, t = 3, p = 4): a page's sign-in is rare, a guess must be dear.
_HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)
_DUMMY = _HASHER.hash("guichet-compte-fictif")  # what an unknown login is checked against: the same time


class AdminAccountError(Exception):
    """A refused change to an account; its message is French, for the command line."""


@dataclass(frozen=True, slots=True)
class Administrator:
    """Who is signed in: an account (login, name, epoch), or the administrative secret (`login` None)."""

    login: str | None
    name: str
    epoch: int = 0

    @property
    def author(self) -> str:
        """How a decision names them (64 characters at most, the review's column): the name cut, never the login.
        A name of 64 characters or more, « Jeanne Martin (jeanne.martin)… », cut the account's own login off and
        signed its decisions with another's."""
        if not self.login:
            return self.name[:64]
        room = 64 - len(self.login) - len(" ()")
        return f"{self.name[:room].rstrip()} ({self.login})" if room > 0 else self.login


@dataclass(frozen=True, slots=True)
class Account:
    login: str
    name: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None
    blocked_until: datetime | None


def create_admin_schema(engine: Engine) -> None:
    """Create the tables if missing (safe from several API nodes starting together)."""
    with engine.begin() as conn:
        if is_postgres(conn):
            from sqlalchemy import text

            conn.execute(text("SELECT pg_advisory_xact_lock(7304)"))
        metadata.create_all(conn)
        attempts.metadata.create_all(conn)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _event(conn: Connection, login: str, action: str, now: datetime) -> None:
    conn.execute(insert(admin_events).values(at=now, login=login[:64], action=action))


def _checked_password(password: str, login: str, name: str) -> None:
    verdict = check_password(password, login=login, names=tuple(name.split()))
    if not verdict.accepted:
        raise AdminAccountError(" ".join(verdict.reasons))


def normal_login(login: str) -> str:
    """The login as stored: lower case, 2 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit."""
    login = login.strip().lower()
    if not LOGIN_PATTERN.fullmatch(login):
        raise AdminAccountError(
            "Identifiant refusé : de 2 à 64 caractères parmi a-z, 0-9, « . », « _ » et « - », sans espace."
        )
    return login


def add_account(engine: Engine, *, login: str, name: str, password: str, now: datetime) -> str:
    """A new account (or a removed one's login given to a new person); returns the stored login."""
    login = normal_login(login)
    name = " ".join(name.split())
    # Nor an invisible or direction-changing character: « Jeanne \u202eNITRAM » is read « Jeanne MARTIN » where a
    # decision names its author (the review page, `review list`), and a C1 control or DEL reaches `admin list`'s
    # terminal.
    if not name or len(name) > NAME_MAX or any(desk_forbidden(c) for c in name):
        raise AdminAccountError(f"Nom refusé : de 1 à {NAME_MAX} caractères imprimables.")
    _checked_password(password, login, name)
    digest = _HASHER.hash(password)
    with engine.begin() as conn:
        found = conn.execute(select(admin_accounts).where(admin_accounts.c.login == login)).first()
        if found is not None and found.active:
            raise AdminAccountError(f"Le compte « {login} » existe déjà.")
        values = {"name": name, "password_hash": digest, "active": True, "failures": 0, "blocked_until": None}
        if found is None:
            conn.execute(insert(admin_accounts).values(login=login, epoch=0, created_at=now, **values))
        else:  # a removed login given again: a new epoch, so no cookie of the old one comes back to life
            conn.execute(
                update(admin_accounts)
                .where(admin_accounts.c.login == login)
                .values(epoch=found.epoch + 1, created_at=now, last_login_at=None, **values)
            )
        _event(conn, login, "ajout", now)
    return login


def set_password(engine: Engine, *, login: str, password: str, now: datetime) -> None:
    """A new password for an active account: its open sessions end, its wait is lifted."""
    login = normal_login(login)
    with engine.begin() as conn:
        found = _active(conn, login)
        _checked_password(password, login, found.name)
        # The pairs' rows before the account's, in the order a sign-in locks them (no deadlock on PostgreSQL).
        attempts.lift(conn, login)
        conn.execute(
            update(admin_accounts)
            .where(admin_accounts.c.login == login)
            .values(password_hash=_HASHER.hash(password), epoch=found.epoch + 1, failures=0, blocked_until=None)
        )
        _event(conn, login, "mot_de_passe", now)


def remove_account(engine: Engine, *, login: str, now: datetime) -> None:
    """The account no longer signs in; its open sessions end; its decisions keep its name."""
    login = normal_login(login)
    with engine.begin() as conn:
        found = _active(conn, login)
        conn.execute(
            update(admin_accounts)
            .where(admin_accounts.c.login == login)
            .values(active=False, epoch=found.epoch + 1, password_hash=_DUMMY)
        )
        _event(conn, login, "retrait", now)


def _active(conn: Connection, login: str) -> Any:
    found = conn.execute(select(admin_accounts).where(admin_accounts.c.login == login)).first()
    if found is None or not found.active:
        raise AdminAccountError(f"Aucun compte actif « {login} ».")
    return found


def list_accounts(engine: Engine) -> list[Account]:
    """The accounts; `blocked_until` is the latest wait, the account's ceiling's or one of its client addresses'."""
    with engine.connect() as conn:
        rows = conn.execute(select(admin_accounts).order_by(admin_accounts.c.login)).all()
        waits = {r.login: _aware(attempts.latest_wait(conn, r.login)) for r in rows}
    return [
        Account(
            login=r.login,
            name=r.name,
            active=bool(r.active),
            created_at=_aware(r.created_at) or r.created_at,
            last_login_at=_aware(r.last_login_at),
            blocked_until=waits[r.login],
        )
        for r in rows
    ]


def any_active(conn: Connection) -> bool:
    """Whether an account exists: then the administrative secret no longer opens the pages."""
    return (
        conn.execute(select(admin_accounts.c.login).where(admin_accounts.c.active.is_(True)).limit(1)).first()
        is not None
    )


def session_holder(engine: Engine, login: str | None, epoch: int, *, mac: str = "") -> Administrator | None:
    """Who a valid cookie names, as the store has it now: an active account at that epoch, or the secret while no
    account exists; None otherwise (removed, re-keyed, an account made since the secret's sign-in, or the cookie
    of MAC `mac` signed out)."""
    with engine.connect() as conn:
        if mac and conn.execute(select(admin_signed_out.c.mac).where(admin_signed_out.c.mac == mac)).first():
            return None
        if login is None:
            return None if any_active(conn) else Administrator(login=None, name="secret d'administration")
        row = conn.execute(select(admin_accounts).where(admin_accounts.c.login == login)).first()
    if row is None or not row.active or row.epoch != epoch:
        return None
    return Administrator(login=row.login, name=row.name, epoch=row.epoch)


@dataclass(frozen=True, slots=True)
class SignIn:
    """A sign-in's outcome: who (None when refused) and whether it was refused without a check (a wait)."""

    who: Administrator | None
    waiting: bool = False


class _Waiting(Exception):
    pass


def authenticate(engine: Engine, *, login: str, password: str, now: datetime, source: str = "") -> Administrator | None:
    """An account's sign-in, counted and logged; None when refused (unknown, wrong, removed or waiting)."""
    return sign_in(engine, login=login, password=password, now=now, source=source).who


def sign_in(engine: Engine, *, login: str, password: str, now: datetime, source: str = "") -> SignIn:
    """An account's sign-in from the client address `source`: the attempt is counted before the password is
    checked (central/admin_attempts.py), for the pair (login, address) and for the account's ceiling; a right
    password frees its pair and the account. An unknown or removed login is counted and checked as a known one is
    (the same answers, the same time)."""
    try:
        login = normal_login(login)
    except AdminAccountError:
        login = ""
    logged = UNKNOWN
    try:
        with engine.begin() as conn:
            row = conn.execute(select(admin_accounts).where(admin_accounts.c.login == login)).first() if login else None
            known = row is not None and bool(row.active)
            logged = UNKNOWN if row is None else row.login
            counted = login if known else attempts.unknown_key(login, engine)
            if not attempts.reserve(conn, login=counted, source=source, now=now):
                raise _Waiting
            _reserve_ceiling(conn, counted, now)
            reserved = row if known else None
    except _Waiting:
        with engine.begin() as conn:
            _event(conn, logged, "connexion_refusee_attente", now)
        return SignIn(None, waiting=True)
    if reserved is None:
        _verify(_DUMMY, password)  # the same time as a known login's check
        with engine.begin() as conn:
            _event(conn, logged, "connexion_refusee", now)
        return SignIn(None)
    # The hash and the epoch are the ones read when the attempt was counted: a password changed meanwhile ends the
    # session this sign-in opens (its cookie carries the old epoch).
    good = _verify(reserved.password_hash, password)
    with engine.begin() as conn:
        if good:
            attempts.settle(conn, login=login, source=source)
            attempts.settle(conn, login=login, source=attempts.ALL_SOURCES)
            conn.execute(update(admin_accounts).where(admin_accounts.c.login == login).values(last_login_at=now))
        _event(conn, login, "connexion" if good else "connexion_refusee", now)
    return SignIn(Administrator(login=login, name=reserved.name, epoch=reserved.epoch) if good else None)


def _reserve_ceiling(conn: Connection, counted: str, now: datetime) -> None:
    """The login's ceiling, all addresses together (a guess spread over many), an account's and an unknown login's
    alike: one kind of row, forgotten after a day of silence. Raises `_Waiting` while it waits, and the caller's
    transaction (the pair's count with it) is rolled back. The account's was kept in its own row for ever (session
    37): after a day, the wait told an account from a login naming none."""
    if not attempts.reserve(conn, login=counted, source=attempts.ALL_SOURCES, now=now, free=ACCOUNT_FREE_FAILURES):
        raise _Waiting


def shared_sign_in(engine: Engine, *, now: datetime) -> None:
    """A sign-in by the administrative secret, logged."""
    with engine.begin() as conn:
        _event(conn, SHARED, "connexion", now)


def shared_attempt(engine: Engine, *, given: str, secret: str, now: datetime, source: str = "") -> SignIn:
    """The administrative secret's sign-in (while no account exists), counted per client address as an account's
    is: `who` is the secret's administrator when right."""
    with engine.begin() as conn:
        if not attempts.reserve(conn, login=SHARED, source=source, now=now):
            _event(conn, SHARED, "connexion_refusee_attente", now)
            return SignIn(None, waiting=True)
    from central import auth

    if not auth.same_secret(given, secret):
        with engine.begin() as conn:
            _event(conn, SHARED, "connexion_refusee", now)
        return SignIn(None)
    with engine.begin() as conn:
        attempts.settle(conn, login=SHARED, source=source)
        _event(conn, SHARED, "connexion", now)
    return SignIn(Administrator(login=None, name="secret d'administration"))


def end_sessions(engine: Engine, *, login: str, now: datetime) -> None:
    """Sign out everywhere: every open session of the account ends (its epoch moves on), the password stays."""
    login = normal_login(login)
    with engine.begin() as conn:
        found = _active(conn, login)
        conn.execute(update(admin_accounts).where(admin_accounts.c.login == login).values(epoch=found.epoch + 1))
        _event(conn, login, "fin_des_sessions", now)


def unblock(engine: Engine, *, login: str, now: datetime) -> None:
    """Lift the account's waits, its own and every address's (`guichet-central admin unblock`)."""
    login = normal_login(login)
    with engine.begin() as conn:
        _active(conn, login)
        attempts.lift(conn, login)  # its every address's count and its ceiling's
        _event(conn, login, "deblocage", now)


def events(engine: Engine, *, limit: int = 200) -> list[tuple[datetime, str, str]]:
    """The latest account events, newest first: (when, login, action)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(admin_events.c.at, admin_events.c.login, admin_events.c.action)
            .order_by(admin_events.c.id.desc())
            .limit(limit)
        ).all()
    return [(_aware(r.at) or r.at, r.login, r.action) for r in rows]


def _verify(digest: str, password: str) -> bool:
    try:
        return _HASHER.verify(digest, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def sign_out(engine: Engine, *, mac: str, expires_at: datetime, now: datetime) -> None:
    """End the session whose cookie has this MAC; the ended ones past their cookie's expiry are forgotten."""
    try:
        with engine.begin() as conn:
            conn.execute(admin_signed_out.delete().where(admin_signed_out.c.expires_at < now))
            if conn.execute(select(admin_signed_out.c.mac).where(admin_signed_out.c.mac == mac)).first() is None:
                conn.execute(insert(admin_signed_out).values(mac=mac, expires_at=expires_at))
    except IntegrityError:  # the same cookie signed out twice at once: ended all the same
        pass
