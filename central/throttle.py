"""Rate limits on consultations, counted in the access log: every API node sees the same counts.

A call takes its place in the log when it is let through (`reserve`), in the transaction that counted, under a lock
of its station: two API processes answering the same station at once cannot both see the last free place (counting
first and logging after the query let every concurrent call through)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select, text, update

from central.db import is_postgres
from central.limits import Pace
from central.schema import access_log

# pg_advisory_xact_lock's first key for the throttled calls of one station (7301, 7302: schema creation).
STATION_LOCK = 7303


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `per_agent` calls by one agent and `per_station` by one station within `window`."""

    per_agent: int
    per_station: int
    window: timedelta = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of each kind of consultation (an agent serves one person at a time: a few a minute), how slowly a
    request body may arrive, and when a station's second push in flight may come back (central/limits.py)."""

    lookup: Limit = Limit(per_agent=20, per_station=60)
    fetch: Limit = Limit(per_agent=10, per_station=30)
    reset_codes: Limit = Limit(per_agent=3, per_station=20, window=timedelta(hours=1))
    body: Pace = field(default_factory=Pace)
    push_retry_after: int = 5  # seconds (Retry-After of the 429)


class Throttled(Exception):
    """Too many calls: `retry_after` seconds until the window has room again."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


def hold_station(conn: Connection, station_id: str) -> None:
    """Serialise the throttled calls of one station until this transaction ends.

    On SQLite every write transaction already is (BEGIN IMMEDIATE, central/db.py)."""
    if is_postgres(conn):
        lock = text("SELECT pg_advisory_xact_lock(:key, hashtext(:station))")
        conn.execute(lock, {"key": STATION_LOCK, "station": station_id})


def check(conn: Connection, *, action: str, station_id: str, agent_id: str, limit: Limit, now: datetime) -> None:
    """Raise Throttled when this agent or this station already used up `limit` for `action` (a prefix)."""
    since = now - limit.window
    recent = (
        access_log.c.station_id == station_id,
        access_log.c.at > since,
        # Logged a window or more after `now`: this node's clock went back (an NTP step, a VM restored, another node
        # ahead). Counted, a day of calls refused every consultation of the country for a day (central clock audit).
        access_log.c.at <= now + limit.window,
        access_log.c.action.like(f"{action}%"),
    )
    by_station = conn.execute(select(func.count()).select_from(access_log).where(*recent)).scalar_one()
    by_agent = conn.execute(
        select(func.count()).select_from(access_log).where(*recent, access_log.c.agent_id == agent_id)
    ).scalar_one()
    if by_station >= limit.per_station or by_agent >= limit.per_agent:
        raise Throttled(int(limit.window.total_seconds()))


def reserve(conn: Connection, *, action: str, station_id: str, agent_id: str, limit: Limit, now: datetime) -> int:
    """Let one call through `limit` and log it at once (`action`, no result yet): the log line's id, for `settle`.

    Raises Throttled, logging nothing, when the agent or the station has no place left in the window."""
    hold_station(conn, station_id)
    check(conn, action=action, station_id=station_id, agent_id=agent_id, limit=limit, now=now)
    row = conn.execute(
        insert(access_log)
        .values(station_id=station_id, agent_id=agent_id[:64], action=action[:40], results=0, at=now)
        .returning(access_log.c.id)
    ).scalar_one()
    return int(row)


def settle(conn: Connection, log_id: int, *, action: str, results: int) -> None:
    """What the call let through by `reserve` turned out to be (e.g. ``lookup:agent``) and how many results."""
    conn.execute(update(access_log).where(access_log.c.id == log_id).values(action=action[:40], results=results))
