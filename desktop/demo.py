"""Demo mode: fictitious persons and procurations, so that every screen has something true to show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop.models import Agent, Station, utcnow

if TYPE_CHECKING:
    from desktop.context import AppContext


def seed_demo(ctx: AppContext) -> None:
    """Idempotent: the station and the demo agent; later issues add procurations and renewal cases."""
    now = utcnow()
    with ctx.store.session() as s, s.begin():
        if s.get(Station, ctx.settings.station_code) is None:
            s.add(
                Station(
                    code=ctx.settings.station_code,
                    kind=ctx.settings.station_kind.value,
                    name=ctx.settings.station_name,
                    enrolled_at=now,
                )
            )
        if s.scalar(select(Agent).where(Agent.login == "demo")) is None:
            s.add(
                Agent(
                    id="demo-agent",
                    login="demo",
                    display_name=ctx.agent_name,
                    role="agent_police",
                    capacity=ctx.agent_capacity,
                    active=True,
                    failed_logins=0,
                    created_at=now,
                )
            )
