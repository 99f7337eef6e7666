"""Named administrator accounts of the central store's pages (`/admin/national`, `/admin/revue`).

The pages were opened by the central store's one administrative secret, and a review's decision carried whatever
name its author typed: nobody could say which administrator decided which L73 outcome. An account is a login, the
person's name and an Argon2id hash of their own password (the desk's password policy, CNIL 2022-100). Accounts are
made, re-keyed and removed on the server with `guichet-central admin …` (central/admin_cli.py), each change an
event in `admin_events`, as every sign-in and every refused one (never the typed text of an unknown login: it may
be a password typed in the wrong field).

While no active account exists, the administrative secret still opens the pages (a new or upgraded store), and the
pages say so; once one exists, only an account does (central/admin_session.py). Brute force: after `FREE_FAILURES`
refusals in a row an account waits, doubling from `FIRST_WAIT` up to `LONGEST_WAIT`; an unknown login costs the
same Argon2id time as a known one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Boolean, Column, DateTime, Engine, Integer, MetaData, String, Table, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

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
FREE_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
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
    with engine.connect() as conn:
        rows = conn.execute(select(admin_accounts).order_by(admin_accounts.c.login)).all()
    return [
        Account(
            login=r.login,
            name=r.name,
            active=bool(r.active),
            created_at=_aware(r.created_at) or r.created_at,
            last_login_at=_aware(r.last_login_at),
            blocked_until=_aware(r.blocked_until),
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


def authenticate(engine: Engine, *, login: str, password: str, now: datetime) -> Administrator | None:
    """An account's sign-in, counted and logged; None when refused (unknown, wrong, removed or waiting)."""
    try:
        login = normal_login(login)
    except AdminAccountError:
        login = ""
    with engine.connect() as conn:
        row = conn.execute(select(admin_accounts).where(admin_accounts.c.login == login)).first() if login else None
    if row is None or not row.active:
        _verify(_DUMMY, password)  # the same time as a known login's check
        with engine.begin() as conn:
            _event(conn, UNKNOWN if row is None else row.login, "connexion_refusee", now)
        return None
    blocked = _aware(row.blocked_until)
    if blocked is not None and now < blocked:
        with engine.begin() as conn:
            _event(conn, row.login, "connexion_refusee_attente", now)
        return None
    good = _verify(row.password_hash, password)
    with engine.begin() as conn:
        # Counted in one statement on the row (two wrong guesses at once both count).
        if good:
            conn.execute(
                update(admin_accounts)
                .where(admin_accounts.c.login == row.login)
                .values(failures=0, blocked_until=None, last_login_at=now)
            )
            _event(conn, row.login, "connexion", now)
        else:
            failures = conn.execute(
                update(admin_accounts)
                .where(admin_accounts.c.login == row.login)
                .values(failures=admin_accounts.c.failures + 1)
                .returning(admin_accounts.c.failures)
            ).scalar_one()
            if failures >= FREE_FAILURES:
                wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(failures - FREE_FAILURES, 16))
                conn.execute(
                    update(admin_accounts).where(admin_accounts.c.login == row.login).values(blocked_until=now + wait)
                )
            _event(conn, row.login, "connexion_refusee", now)
    return Administrator(login=row.login, name=row.name, epoch=row.epoch) if good else None


def shared_sign_in(engine: Engine, *, now: datetime) -> None:
    """A sign-in by the administrative secret, logged."""
    with engine.begin() as conn:
        _event(conn, SHARED, "connexion", now)


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
