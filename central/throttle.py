"""Rate limits on consultations, counted in the access log: every API node sees the same counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select

from central.schema import access_log


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `per_agent` calls by one agent and `per_station` by one station within `window`."""

    per_agent: int
    per_station: int
    window: timedelta = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of each kind of consultation (an agent serves one person at a time: a few a minute)."""

    lookup: Limit = Limit(per_agent=20, per_station=60)
    fetch: Limit = Limit(per_agent=10, per_station=30)
    reset_codes: Limit = Limit(per_agent=3, per_station=20, window=timedelta(hours=1))


class Throttled(Exception):
    """Too many calls: `retry_after` seconds until the window has room again."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


def check(conn: Connection, *, action: str, station_id: str, agent_id: str, limit: Limit, now: datetime) -> None:
    """Raise Throttled when this agent or this station already used up `limit` for `action` (a prefix)."""
    since = now - limit.window
    recent = (
        access_log.c.station_id == station_id,
        access_log.c.at > since,
        access_log.c.action.like(f"{action}%"),
    )
    by_station = conn.execute(select(func.count()).select_from(access_log).where(*recent)).scalar_one()
    by_agent = conn.execute(
        select(func.count()).select_from(access_log).where(*recent, access_log.c.agent_id == agent_id)
    ).scalar_one()
    if by_station >= limit.per_station or by_agent >= limit.per_agent:
        raise Throttled(int(limit.window.total_seconds()))
