"""Demo mode: fictitious persons and procurations, so that every screen has something true to show."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from desktop.models import Agent, Station, utcnow
from desktop.rules.calendar import Election, ElectionCalendar
from desktop.services.context import ServiceContext


def seed_demo(ctx: ServiceContext) -> None:
    """Idempotent: the station and the demo agents (the first one is the agent the demo opens with)."""
    from desktop.demo.agents import demo_agents

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
        for number, agent in enumerate(demo_agents(ctx.settings.station_kind)):
            if s.scalar(select(Agent).where(Agent.login == agent.login)) is not None:
                continue
            first = number == 0  # the one the context acts as: its name and capacity as the context says
            s.add(
                Agent(
                    id=agent.agent_id,
                    login=agent.login,
                    display_name=ctx.agent.name if first else agent.name,
                    role=(ctx.agent.role or agent.role) if first else agent.role,
                    capacity=(ctx.agent.capacity or agent.capacity) if first else agent.capacity,
                    active=True,
                    failed_logins=0,
                    created_at=now,
                    designated_by=agent.designated_by,
                )
            )


# Procurations already on this counter when the demo opens: Rechercher and Résilier have something to show.
# MARTIN and DUBOIS (the card-reader walk-through: MARTIN's card, DUBOIS as mandataire) are left free on purpose.
_DEMO_PROCURATIONS = (
    (("371617504", "BERNARD", "Luc Henri", (1969, 8, 8)), ("285042289", "THOMAS", "Sophie", (1963, 5, 27))),
    (("355265885", "ROBERT", "Nicolas", (1941, 7, 1)), ("798426080", "RICHARD", "Isabelle Marie", (1947, 8, 3))),
)


# A scrutin every demo elector votes in, wherever the station is (not a local or a consular one).
_DEMO_TYPES = frozenset({"presidentielle", "legislatives", "europeennes", "referendum"})


def demo_election(calendar: ElectionCalendar, today: date) -> Election | None:
    """The next national scrutin whose every round is after `today`, the day the demo runs.

    Not a fixed one: a fixed `presidentielle-2027` was past from 11 April 2027, each demo procuration was refused
    (R-VALID-2), and the demo opened with none to search or revoke."""
    ahead = [e for e in calendar.elections.values() if e.type in _DEMO_TYPES and e.t1 > today]
    return min(ahead, key=lambda e: (e.t1, e.id), default=None)


def seed_demo_procurations(ctx: ServiceContext) -> int:
    """Establish the demo procurations through the real desk service (rules, audit, outbox): none is faked."""
    from desktop.devices.printers.fake import NullPrinter
    from desktop.models import Procuration
    from desktop.services.desk import DeskServices, EstablishInput, PersonInput

    with ctx.store.read() as s:
        if s.scalar(select(Procuration.id).limit(1)) is not None:
            return 0
    desk = DeskServices(replace(ctx, printer=NullPrinter()))
    election = demo_election(ctx.calendar, ctx.today())
    if election is None:
        return 0  # no national scrutin ahead in the calendar: nothing true to establish
    saved = 0
    for mandant, mandataire in _DEMO_PROCURATIONS:
        people = [
            PersonInput(nne=nne, last_name=last, given_names=given, birth_date=date(*born))
            for nne, last, given, born in (mandant, mandataire)
        ]
        outcome = desk.establish(
            EstablishInput(
                mandant=people[0],
                mandataire=people[1],
                election_id=election.id,
                rounds="T1_T2" if election.t2 is not None else "T1",
            )
        )
        saved += outcome.saved
    return saved
