"""A consulate's whole day (Montréal, UTC−5 in December), written through the services, as tests/daykit.py builds a
commissariat's.

Three consular agents take turns at one counter (agent switch: each acts under their own account), the chef de poste
supervises. Acts fall either side of the consulate's midnight, where Paris's and UTC's days are not Montréal's: an
act at 23:50 on the 6th (04:50 UTC on the 7th, already the 7th in Paris) and one at 23:30 on the 7th (04:30 UTC on
the 8th). The day holds procurations, a passport case opened weeks ago that takes its next step today, one opened
today, internet-vote credentials, a revocation, a receipt reprinted by another agent, refusals from the central
store on arrival (R-LIMIT-2, R-PASS-STEP-3) and the network down from the afternoon on (entries waiting). Two
older cases are late or due against R-PASS-1's 40 days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from contextkit import add_agents, service_context, station_desk
from daykit import PEOPLE, Clock
from sqlalchemy import select

from desktop.devices.printers.fake import FakePrinter
from desktop.models import OutboxEntry, Procuration
from desktop.models.db import Store
from desktop.rules.ivote import Credential
from desktop.services.desk import DeskServices, EstablishInput, EstablishOutcome
from desktop.services.ivote import IvoteService
from desktop.services.passports import PassportRequest, PassportService
from desktop.services.permissions import Principal
from desktop.sync import outbox
from desktop.sync.wire import BatchResult, iso

ZONE = "America/Toronto"  # Montréal's zone: UTC−5 in December
DAY = date(2026, 12, 7)  # the consulate's Monday
AGENTS = ("agent-1", "agent-2", "agent-3")
CHEF = "chef-1"
NUMIC, EMAIL = "MTL2024001", "camille.tremblay-roux@exemple.fr"


def at(day: int, hour: int, minute: int, *, month: int = 12) -> datetime:
    """A moment in UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def applicant(i: int, *, expiry: date = date(2026, 5, 1)) -> PassportRequest:
    return PassportRequest(
        last_name=f"TESTNOM{i}", given_names="Camille", birth_date=date(1960 + i, 7, 9), country="CA",
        old_passport_issued=date(2016, 5, 2), old_passport_expiry=expiry,
    )  # fmt: skip


@dataclass
class ConsulDay:
    store: Store
    clock: Clock
    printer: FakePrinter
    desks: dict[str, DeskServices]
    acts: dict[str, EstablishOutcome] = field(default_factory=dict)
    cases: dict[str, str] = field(default_factory=dict)  # name -> case id
    receipts: dict[str, str] = field(default_factory=dict)  # name -> receipt number of a renewal act
    revocation: str = ""

    def number(self, name: str) -> str:
        signed = self.acts[name].signed
        assert signed is not None
        return signed.receipt.number

    def passports(self, agent: str) -> PassportService:
        return PassportService(self.desks[agent].ctx)

    def ivote(self, agent: str) -> IvoteService:
        return IvoteService(self.desks[agent].ctx)


def consul_desk(store: Store, tmp_path: Path, clock: Clock, agent_id: str, *, chef: bool = False,
                printer: FakePrinter | None = None) -> DeskServices:  # fmt: skip
    """The consulate's services with `agent_id` at the keyboard: a delegated consular agent, or the chef de poste
    (supervisor, who may act: a consular authority, R-AUTH-4)."""
    base = station_desk(store, tmp_path, clock, kind="consulat", tz=ZONE)
    role, capacity = ("agent_consulaire", "agent_consulaire_delegue")
    if chef:
        role, capacity = ("superviseur", "chef_de_poste_consulaire")
    actor = Principal("ST-01", agent_id, role=role, capacity=capacity, station_kind="consulat")
    return DeskServices(
        service_context(store, base.settings, actor=actor, agent_name=agent_id, clock=clock, printer=printer)
    )


def _establish(day: ConsulDay, agent: str, name: str, who: int) -> None:
    form = EstablishInput(mandant=PEOPLE[who], mandataire=PEOPLE[who + 1], election_id="presidentielle-2027")
    outcome = day.desks[agent].establish(form)
    assert outcome.saved, outcome.violations
    day.acts[name] = outcome


def _central_answers(day: ConsulDay, refused: str) -> None:
    """The morning's push: every entry validated but the procuration `refused` (R-LIMIT-2) and the documents step
    of the case opened on 4 December (R-PASS-STEP-3: the central store's copy of the case had no step 2)."""
    frozen = outbox.freeze_next(day.store, max_entries=100, now=day.clock.at)
    assert frozen is not None
    batch, _text = frozen
    with day.store.read() as s:
        records = dict(s.execute(select(OutboxEntry.id, OutboxEntry.record_id)).tuples().all())
    step = max(e.seq for e in batch.entries if records[e.id] == day.cases["steps"])  # today's, not the opening's
    verdicts: list[dict[str, Any]] = []
    for e in batch.entries:
        verdict: dict[str, Any] = {"seq": e.seq, "id": e.id, "status": "validee"}
        if records[e.id] == day.acts[refused].procuration_id:
            verdict |= {"status": "invalidee", "rule_id": "R-LIMIT-2", "message": "Mandataire au maximum."}
        if e.seq == step:
            verdict |= {"status": "invalidee", "rule_id": "R-PASS-STEP-3", "message": "Étape 2 inconnue."}
        verdicts.append(verdict)
    answer = {"batch_id": batch.batch_id, "last_seq": batch.entries[-1].seq, "server_time": iso(day.clock.at)}
    outbox.record_result(day.store, BatchResult.from_dict({**answer, "verdicts": verdicts}), now=day.clock.at,
                         reference=None)  # fmt: skip


def _old_cases(day: ConsulDay) -> None:
    """Cases opened in the autumn: one late (received 20 October: day 40 was 29 November), one due on 10 December
    (received 31 October), and one received on 28 October whose day 40 is today, 7 December, in Montréal."""
    for name, received, i in (("late", date(2026, 10, 20), 20), ("due", date(2026, 10, 31), 21),
                              ("today", date(2026, 10, 28), 22)):  # fmt: skip
        day.clock.at = at(received.day - 10 if received.day > 10 else 1, 15, 0, month=10)
        desk = day.passports("agent-1")
        result = desk.open_case(applicant(i))
        assert result.case is not None, result.violations
        cid = result.case.summary.id
        assert desk.record_documents(cid, photo_ok=True, dhl_adult_signature=False).ok
        assert desk.record_interview(cid, identity_verified=True, validated=True).ok
        day.clock.at = at(received.day, 16, 0, month=10)
        assert desk.record_shipment(cid, on=received).ok
        assert desk.record_reception(cid, on=received).ok
        day.cases[name] = cid


def build_consul_day(store: Store, tmp_path: Path) -> ConsulDay:
    """The consulate's day, up to 23:45 on 7 December in Montréal (04:45 UTC on the 8th); the clock stays there."""
    add_agents(store, [(a, "agent_consulaire", "agent_consulaire_delegue", None) for a in AGENTS]
               + [(CHEF, "superviseur", "chef_de_poste_consulaire", None)], at=at(1, 9, 30, month=10))  # fmt: skip
    clock, printer = Clock(at(1, 15, 0, month=10)), FakePrinter()
    desks = {a: consul_desk(store, tmp_path, clock, a, printer=printer) for a in AGENTS}
    desks[CHEF] = consul_desk(store, tmp_path, clock, CHEF, chef=True, printer=printer)
    day = ConsulDay(store, clock, printer, desks)
    _old_cases(day)
    # A case opened on 4 December whose documents arrive today (a step receipt on an earlier day's case).
    clock.at = at(4, 15, 0)
    opened = day.passports("agent-1").open_case(applicant(23)).case
    assert opened is not None
    day.cases["steps"] = opened.summary.id
    # The eve, 23:50 on 6 December in Montréal: 04:50 UTC on the 7th (already the 7th in Paris and in UTC).
    clock.at = at(7, 4, 50)
    _establish(day, "agent-1", "eve", 10)
    # 00:10 on the 7th in Montréal (05:10 UTC): today's.
    clock.at = at(7, 5, 10)
    _establish(day, "agent-1", "midnight", 8)
    clock.at = at(7, 13, 30)  # 08:30
    _establish(day, "agent-1", "morning", 0)
    day.desks["agent-1"].print_receipt(day.acts["morning"])
    clock.at = at(7, 14, 0)  # 09:00: agent-2 takes the counter
    _establish(day, "agent-2", "refused", 2)
    printer.set_paper_out(True)  # the receipt waits for paper
    assert not day.desks["agent-2"].print_receipt(day.acts["refused"]).printed
    clock.at = at(7, 14, 20)
    steps = day.passports("agent-2").record_documents(day.cases["steps"], photo_ok=True, dhl_adult_signature=False)
    assert steps.ok and steps.receipt_number
    day.receipts["documents"] = steps.receipt_number
    clock.at = at(7, 15, 10)  # 10:10: paper again
    printer.set_paper_out(False)
    assert day.desks["agent-2"].reprint(day.number("refused")).printed
    assert day.desks["agent-3"].reprint(day.number("morning")).duplicate  # the citizen lost it: a duplicate
    renewal = day.ivote("agent-3").request_renewal(numic=NUMIC, email=EMAIL, renew=frozenset({Credential.IDENTIFIANT}))
    assert renewal.ok and renewal.receipt_number
    day.receipts["ivote"] = renewal.receipt_number
    _central_answers(day, "refused")
    clock.at = at(7, 16, 0)  # 11:00
    with store.read() as s:
        mandant = s.get(Procuration, day.acts["morning"].procuration_id).mandant_id  # type: ignore[union-attr]
    revoked = day.desks["agent-3"].revoke_all(elector_id=mandant)
    assert revoked.saved and revoked.receipt_number
    day.revocation = revoked.receipt_number
    clock.at = at(7, 18, 0)  # 13:00: the network is down from here
    case = day.passports("agent-2").open_case(applicant(24)).case
    assert case is not None
    day.cases["new"] = case.summary.id
    _establish(day, "agent-2", "afternoon", 4)
    clock.at = at(7, 21, 0)  # 16:00
    _establish(day, "agent-3", "later", 6)
    again = day.ivote("agent-1").request_renewal(numic=NUMIC, email=EMAIL, renew=frozenset({Credential.IDENTIFIANT}))
    assert again.ok and again.receipt_number  # the voter lost the e-mail: a new link replaces the first
    day.receipts["ivote_again"] = again.receipt_number
    clock.at = at(8, 4, 30)  # 23:30 on the 7th in Montréal
    _establish(day, "agent-1", "late", 12)
    clock.at = at(8, 4, 45)
    return day
