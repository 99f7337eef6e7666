"""A real day at one station, written through the services (tests/activitykit.py writes rows straight instead).

Three agents take turns at one counter (Paris), a supervisor looks on: acts just before and just after midnight,
a receipt that waits while the printer is out of paper and one reprinted by another agent, a revocation, a refusal
from the central store on arrival, then the network down for the afternoon (entries waiting), an act at 23:59.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from contextkit import add_agents, service_context, station_desk
from sqlalchemy import select

from desktop.devices.printers.fake import FakePrinter
from desktop.models import OutboxEntry, Procuration
from desktop.models.db import Store
from desktop.services.desk import DeskServices, EstablishInput, EstablishOutcome, PersonInput
from desktop.services.permissions import Principal
from desktop.sync import outbox
from desktop.sync.wire import BatchResult, iso

DAY = date(2026, 12, 7)  # a Monday; Paris is UTC+1
PEOPLE = tuple(
    PersonInput(
        nne=str(200000000 + i * 7919), last_name=f"TESTNOM{i}", given_names="Camille", birth_date=date(1960 + i, 1, 15)
    )
    for i in range(14)
)
AGENTS = ("agent-1", "agent-2", "agent-3")
CHEF = "chef-1"


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@dataclass
class Day:
    store: Store
    clock: Clock
    printer: FakePrinter
    desks: dict[str, DeskServices]
    acts: dict[str, EstablishOutcome] = field(default_factory=dict)
    revocation: str = ""

    def number(self, name: str) -> str:
        signed = self.acts[name].signed
        assert signed is not None
        return signed.receipt.number


def desk_for(store: Store, tmp_path: Path, clock: Callable[[], datetime], agent_id: str, *, role: str = "agent_police",
             printer: FakePrinter | None = None) -> DeskServices:  # fmt: skip
    """The counter's services with `agent_id` at the keyboard (an OPJ; the supervisor is one too)."""
    base = station_desk(store, tmp_path, clock)
    actor = Principal("ST-01", agent_id, role=role, capacity="OPJ", station_kind="commissariat")
    return DeskServices(
        service_context(store, base.settings, actor=actor, agent_name=agent_id, clock=clock, printer=printer)
    )


def _at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def _establish(day: Day, agent: str, name: str, who: int) -> None:
    form = EstablishInput(mandant=PEOPLE[who], mandataire=PEOPLE[who + 1], election_id="presidentielle-2027")
    outcome = day.desks[agent].establish(form)
    assert outcome.saved, outcome.violations
    day.acts[name] = outcome


def _central_answers(day: Day, refused: str) -> None:
    """The morning's push: every entry validated but the procuration `refused` (R-LIMIT-1)."""
    frozen = outbox.freeze_next(day.store, max_entries=100, now=day.clock.at)
    assert frozen is not None
    batch, _text = frozen
    with day.store.read() as s:
        records = dict(s.execute(select(OutboxEntry.id, OutboxEntry.record_id)).tuples().all())
    verdicts = []
    for e in batch.entries:
        verdict = {"seq": e.seq, "id": e.id, "status": "validee"}
        if records[e.id] == day.acts[refused].procuration_id:
            verdict |= {"status": "invalidee", "rule_id": "R-LIMIT-1", "message": "Mandataire déjà chargé."}
        verdicts.append(verdict)
    answer = {"batch_id": batch.batch_id, "last_seq": batch.entries[-1].seq, "server_time": iso(day.clock.at)}
    outbox.record_result(day.store, BatchResult.from_dict({**answer, "verdicts": verdicts}), now=day.clock.at,
                         reference=None)  # fmt: skip


def build_day(store: Store, tmp_path: Path) -> Day:
    """The day, up to 23:59:30 on 7 December (station time); the clock stays there."""
    add_agents(store, [(a, "agent_police", "OPJ", None) for a in AGENTS] + [(CHEF, "superviseur", "OPJ", None)])
    clock, printer = Clock(_at(6, 22, 59)), FakePrinter()
    desks = {a: desk_for(store, tmp_path, clock, a, printer=printer) for a in AGENTS}
    desks[CHEF] = desk_for(store, tmp_path, clock, CHEF, role="superviseur", printer=printer)
    day = Day(store, clock, printer, desks)
    _establish(day, "agent-1", "eve", 10)  # 23:59 on the 6th: yesterday's
    clock.at = _at(6, 23, 1)
    _establish(day, "agent-1", "midnight", 8)  # 00:01 on the 7th: today's
    clock.at = _at(7, 7, 30)
    _establish(day, "agent-1", "morning", 0)
    day.desks["agent-1"].print_receipt(day.acts["morning"])
    clock.at = _at(7, 8, 0)
    _establish(day, "agent-2", "refused", 2)
    printer.set_paper_out(True)  # out of paper for an hour: the receipt waits
    assert not day.desks["agent-2"].print_receipt(day.acts["refused"]).printed
    clock.at = _at(7, 9, 10)
    printer.set_paper_out(False)
    assert day.desks["agent-2"].reprint(day.number("refused")).printed
    assert day.desks["agent-3"].reprint(day.number("morning")).duplicate  # the citizen lost it: a duplicate
    _central_answers(day, "refused")
    clock.at = _at(7, 10, 0)
    with store.read() as s:
        mandant = s.get(Procuration, day.acts["morning"].procuration_id).mandant_id  # type: ignore[union-attr]
    revoked = day.desks["agent-3"].revoke_all(elector_id=mandant)
    assert revoked.saved and revoked.receipt_number
    day.revocation = revoked.receipt_number
    clock.at = _at(7, 13, 0)  # the network is down from here: nothing more reaches the central store
    _establish(day, "agent-2", "afternoon", 4)
    clock.at = _at(7, 15, 0)
    _establish(day, "agent-3", "later", 6)
    clock.at = _at(7, 22, 59)
    _establish(day, "agent-1", "late", 3)
    clock.at = datetime(2026, 12, 7, 22, 59, 30, tzinfo=UTC)
    return day
