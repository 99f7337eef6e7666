"""Bulk station enrolment: single-use tokens bound to a station code, stored hashed, expiring, revocable.

IT issues one token per station from a CSV file (`guichet-central enrol --csv`), hands each to its station (an
installer drops it in `enrolment.token`), and the station trades it once for its credentials (`POST /v1/stations`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert, select, update

from central import lineage
from central.auth import Credentials, insert_station, token_hash
from central.db import is_postgres
from central.schema import enrolment_tokens, utc
from central.stations_csv import StationsFile, read_stations, render_tokens
from desktop.privatefile import write_private

# A prefix: a token never starts with "-" (read as an option by a command line) or "=", "+", "-" (a formula in a
# spreadsheet opening the tokens file), and a leaked one is easy to recognise.
TOKEN_PREFIX = "gen_"
DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = 365
ASK_AGAIN = "demandez-en un nouveau à l'administrateur du répertoire central."


class TokenRefused(Exception):
    """The token cannot enrol this station; `message` is the French sentence the station shows."""

    def __init__(self, message: str, *, status: int = 401) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class OutputExists(Exception):
    """The tokens file is already there: never overwrite tokens that may have been handed out."""


@dataclass(frozen=True, slots=True)
class Issued:
    """What `enrol --csv` did: how many tokens, until when, and where they were written."""

    count: int
    expires_at: datetime
    out: Path


def _day(moment: datetime) -> str:
    return utc(moment).strftime("%d/%m/%Y")


def issue_tokens(engine: Engine, stations: StationsFile, *, valid_days: int, now: datetime, out: Path) -> Issued:
    """One token per station, written to `out` (owner-only) and stored hashed, in one transaction.

    A station's earlier tokens not used yet are revoked: only the newest one handed out can enrol it.
    """
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValueError(f"valid_days must be between 1 and {MAX_VALID_DAYS}")
    if out.exists():
        raise OutputExists(str(out))
    expires = now + timedelta(days=valid_days)
    expires_text = utc(expires).strftime("%Y-%m-%dT%H:%M:%SZ")
    issued: dict[str, tuple[str, str]] = {}
    rows = []
    for station in stations.stations:
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        issued[station.code] = (token, expires_text)
        rows.append(
            {
                "token_hash": token_hash(token),
                "station_code": station.code,
                "label": station.label,
                "issued_at": now,
                "expires_at": expires,
                "place_kind": station.place_kind,
            }
        )
    codes = list(issued)
    with engine.begin() as conn:
        for start in range(0, len(codes), 500):  # bounded IN lists
            conn.execute(
                update(enrolment_tokens)
                .where(
                    enrolment_tokens.c.station_code.in_(codes[start : start + 500]),
                    enrolment_tokens.c.used_at.is_(None),
                    enrolment_tokens.c.revoked_at.is_(None),
                )
                .values(revoked_at=now)
            )
        conn.execute(insert(enrolment_tokens), rows)
        # Written before the commit: if the file cannot be written, no token exists that nobody holds.
        if not write_private(out, render_tokens(stations, issued)):
            raise OutputExists(str(out))
    return Issued(count=len(rows), expires_at=expires, out=out)


def enrol_from_csv(
    engine: Engine, source: Path, out: Path, *, valid_days: int = DEFAULT_VALID_DAYS, now: datetime | None = None
) -> Issued:
    """Read and check the stations file (StationsFileError lists bad lines), then issue the tokens."""
    stations = read_stations(source)
    return issue_tokens(engine, stations, valid_days=valid_days, now=now or datetime.now(UTC), out=out)


def redeem(engine: Engine, token: str, *, station_code: str, now: datetime) -> Credentials:
    """Trade a valid token for the station's credentials, once; raises TokenRefused with the French reason."""
    if not token or len(token) > 200:
        raise TokenRefused(_UNKNOWN)
    digest = token_hash(token)
    with engine.begin() as conn:
        query = select(enrolment_tokens).where(enrolment_tokens.c.token_hash == digest)
        if is_postgres(conn):
            query = query.with_for_update()  # two stations racing on one token: one wins (SQLite: one writer)
        row = conn.execute(query).first()
        if row is None:
            raise TokenRefused(_UNKNOWN)
        if row.revoked_at is not None:
            raise TokenRefused(f"Jeton d'enrôlement révoqué le {_day(row.revoked_at)} : {ASK_AGAIN}")
        if row.used_at is not None:
            raise TokenRefused(
                f"Jeton d'enrôlement déjà utilisé le {_day(row.used_at)} (un jeton ne sert qu'une fois) : {ASK_AGAIN}"
            )
        if utc(row.expires_at) <= now:
            raise TokenRefused(f"Jeton d'enrôlement expiré le {_day(row.expires_at)} : {ASK_AGAIN}")
        if row.station_code != station_code:
            raise TokenRefused(
                f"Ce jeton d'enrôlement est celui du poste « {row.station_code} », pas de ce poste "
                f"(« {station_code[:64]} ») : vérifiez le code du poste (réglage station_code) ou demandez "
                "le bon jeton à l'administrateur du répertoire central.",
                status=403,
            )
        creds = insert_station(conn, label=station_code, now=now, place_kind=row.place_kind)
        conn.execute(
            update(enrolment_tokens)
            .where(enrolment_tokens.c.token_hash == digest)
            .values(used_at=now, station_id=creds.station_id)
        )
        lineage.link(conn, code=station_code)  # the code's earlier ids: this one is their heir (central/lineage.py)
    return creds


def usable(engine: Engine, token: str, *, now: datetime) -> bool:
    """Whether a bulk-issued token may still enrol (known, unused, unrevoked, unexpired): checked before the body."""
    if not token or len(token) > 200:
        return False
    with engine.connect() as conn:
        row = conn.execute(select(enrolment_tokens).where(enrolment_tokens.c.token_hash == token_hash(token))).first()
    # A used, revoked or expired token still reaches the route, which tells the station why in French.
    return row is not None


def revoke_station_tokens(engine: Engine, station_code: str, *, now: datetime) -> int:
    """Revoke the tokens of a station not used yet (a lost laptop, a token sent to the wrong place)."""
    with engine.begin() as conn:
        result = conn.execute(
            update(enrolment_tokens)
            .where(
                enrolment_tokens.c.station_code == station_code,
                enrolment_tokens.c.used_at.is_(None),
                enrolment_tokens.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
    return int(result.rowcount or 0)


_UNKNOWN = "Jeton d'enrôlement inconnu du répertoire central : vérifiez qu'il a été copié en entier, ou " + ASK_AGAIN
