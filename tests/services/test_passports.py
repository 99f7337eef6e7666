"""Remote passport renewal desk: the 8 steps, the security number, the 40-day return and the daily list."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from contextkit import service_context
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from desktop.devices.printers.fake import FakePrinter
from desktop.models import AuditEvent, IssuedReceipt, OutboxEntry, PassportCase
from desktop.models.db import Store
from desktop.rules.passport import Exclusion
from desktop.rules.terms import PlaceKind
from desktop.services.passports import (
    PassportRequest,
    PassportService,
    PassportStatus,
    hash_security_number,
    verify_security_number_hash,
)
from desktop.services.permissions import Principal
from desktop.services.renewal_base import RenewalError
from desktop.settings import Settings, load_settings
from desktop.sync.outbox import entry_of
from desktop.sync.wire import KIND_PASSEPORT

# 10:00 in Montréal on 1 March 2026: inside pilot 2 (Canada).
START = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
REQUEST = PassportRequest(
    last_name="Lefèvre",
    given_names="Hélène",
    birth_date=date(1984, 7, 9),
    country="CA",
    old_passport_issued=date(2016, 5, 2),
    old_passport_expiry=date(2026, 5, 1),
    numic="AB12345",
    old_passport_number="16CV12345",
)


class Clock:
    """A settable clock."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def day(self, d: date) -> None:
        self.at = datetime(d.year, d.month, d.day, 15, 0, tzinfo=UTC)


def make_settings(tmp_path: Path, start: str = "reception") -> Settings:
    return load_settings(
        config_path=tmp_path / "none.toml",
        environ={},
        data_dir=tmp_path / "d",
        station_kind=PlaceKind.CONSULAT.value,
        station_name="Consulat général de France à Montréal",
        station_code="CA-MTL",
        station_timezone="America/Toronto",
        passport_deadline_start=start,
    )


def make_service(
    store: Store,
    tmp_path: Path,
    clock: Clock,
    *,
    start: str = "reception",
    agent: str | None = "agent-1",
    printer: FakePrinter | None = None,
) -> PassportService:
    actor = Principal(
        "CA-MTL", agent, role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
    )
    settings = make_settings(tmp_path, start)
    return PassportService(
        service_context(store, settings, actor=actor, agent_name="Mme Inès Château", printer=printer, clock=clock)
    )


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def svc(store: Store, tmp_path: Path, clock: Clock) -> PassportService:
    return make_service(store, tmp_path, clock)


def through_reception(svc: PassportService, clock: Clock, received: date) -> str:
    case = svc.open_case(REQUEST).case
    assert case is not None
    cid = case.summary.id
    assert svc.record_documents(cid, photo_ok=True, dhl_adult_signature=False).ok
    assert svc.record_interview(cid, identity_verified=True, validated=True).ok
    clock.day(date(2026, 3, 5))
    assert svc.record_shipment(cid, on=date(2026, 3, 5)).ok
    clock.day(received)
    assert svc.record_reception(cid, on=received).ok
    return cid


def test_a_case_from_request_to_the_return_of_the_old_passport(
    svc: PassportService, clock: Clock, store: Store
) -> None:
    opened = svc.open_case(REQUEST)
    assert opened.ok and opened.case is not None
    case = opened.case
    assert re.fullmatch(r"RPD-CA-MTL-2026-00001", case.summary.case_number)
    assert case.summary.step == 2 and case.next_step == 3 and case.summary.status is PassportStatus.EN_COURS
    cid = case.summary.id

    docs = svc.record_documents(cid, photo_ok=True, dhl_adult_signature=False)
    assert docs.receipt_number == "RPD-CA-MTL-2026-00001-E3"
    interview = svc.record_interview(cid, identity_verified=True, validated=True)
    assert interview.security_number is not None
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", interview.security_number)
    assert interview.case is not None and interview.case.security_number_issued
    clock.day(date(2026, 3, 10))
    assert svc.record_shipment(cid, on=date(2026, 3, 10)).ok
    clock.day(date(2026, 3, 20))
    got = svc.record_reception(cid, on=date(2026, 3, 20))
    assert got.case is not None and got.case.summary.deadline == date(2026, 4, 29)  # 20 March + 40 days
    assert svc.record_ants_confirmation(cid, on=date(2026, 3, 20)).ok
    clock.day(date(2026, 4, 29))
    back = svc.record_return(cid, on=date(2026, 4, 29))  # day 40: in time
    assert back.ok and back.warnings == () and back.case is not None
    assert back.case.summary.status is PassportStatus.CLOTURE and back.case.next_step is None
    assert [e.step for e in back.case.events] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert {e.agent_id for e in back.case.events} == {"agent-1"}
    assert back.case.receipts == tuple(f"RPD-CA-MTL-2026-00001-E{n}" for n in (3, 4, 8))

    # The security number matches, a wrong one does not; both checks are audited.
    assert svc.verify_security_number(cid, interview.security_number.replace("-", " ").lower())
    assert not svc.verify_security_number(cid, "AAAA-AAAA-AAAA")

    with store.session() as s:
        outbox = list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))
        actions = [a.action for a in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
    assert [o.kind for o in outbox] == [KIND_PASSEPORT] * 7 and {o.record_id for o in outbox} == {cid}
    entries = [entry_of(o) for o in outbox]  # the sync wire accepts every body as it will be sent
    assert [e.body.to_dict()["data"]["event"] for e in entries] == ["ouverture"] + [f"etape_{n}" for n in range(3, 9)]
    assert actions.count("passeport.etape") == 6 and actions.count("passeport.verif_numero") == 2
    assert svc.get_case(cid).sync == "En attente de transmission au répertoire central (7)"


def test_receipts_print_then_reprint_as_duplicate(store: Store, tmp_path: Path, clock: Clock) -> None:
    printer = FakePrinter()
    svc = make_service(store, tmp_path, clock, printer=printer)
    cid = through_reception(svc, clock, date(2026, 3, 20))
    number = svc.get_case(cid).receipts[1]
    first = svc.print_receipt(number)
    again = svc.print_receipt(number)
    assert first.printed and not first.duplicate and again.printed and again.duplicate
    receipt = printer.printed[0].receipt
    assert receipt.mandant.nom == "Lefèvre" and dict(receipt.details)["Étape"].startswith("Étape 4 sur 8")
    assert printer.printed[1].receipt.duplicate and printer.printed[1].payload == printer.printed[0].payload
    with store.session() as s:
        row = s.get(IssuedReceipt, number)
        assert row is not None and row.print_count == 2


def test_printer_offline_keeps_the_record_and_prints_later(store: Store, tmp_path: Path, clock: Clock) -> None:
    printer = FakePrinter(offline=True)
    svc = make_service(store, tmp_path, clock, printer=printer)
    case = svc.open_case(REQUEST).case
    assert case is not None
    number = svc.record_documents(case.summary.id, photo_ok=True, dhl_adult_signature=False).receipt_number
    assert number is not None
    out = svc.print_receipt(number)
    assert not out.printed and "hors ligne" in out.message
    printer.set_offline(False)
    out = svc.print_receipt(number)
    assert out.printed and not out.duplicate  # never printed before: the original, not a duplicate


def test_eligibility_refusals_record_nothing(svc: PassportService, store: Store) -> None:
    minor = replace(REQUEST, birth_date=date(2010, 1, 1), old_passport_issued=date(2020, 1, 1))
    for request, rule in [
        (minor, "R-PASS-2"),
        (replace(REQUEST, country="US"), "R-PASS-4"),
        (replace(REQUEST, old_passport_expiry=date(2021, 2, 28)), "R-PASS-3"),
        (replace(REQUEST, exclusions=frozenset({Exclusion.PERTE_OU_VOL})), "R-PASS-3"),
    ]:
        result = svc.open_case(request)
        assert not result.ok and rule in {v.rule_id for v in result.violations}
    assert svc.check_eligibility(REQUEST) == []
    with store.session() as s:
        assert s.scalars(select(PassportCase)).all() == []
        refusals = s.scalars(select(AuditEvent).where(AuditEvent.action == "passeport.refus_eligibilite")).all()
    assert len(refusals) == 4 and all(r.record_id is None for r in refusals)


def test_a_malformed_numic_or_passport_number_is_refused_with_its_rule(svc: PassportService, store: Store) -> None:
    for request, rule, field in [
        (replace(REQUEST, numic="!!"), "R-ID-NUMIC-2", "applicant.numic"),
        (replace(REQUEST, old_passport_number="ABC"), "R-ID-PASS-1", "passport.number"),
    ]:
        result = svc.open_case(request)
        assert not result.ok
        assert [(v.rule_id, v.field) for v in result.violations] == [(rule, field)]
    with store.session() as s:
        assert s.scalars(select(PassportCase)).all() == []
    # Typed with spaces or in lower case, as the internet-vote screen takes them: stored in their canonical form.
    case = svc.open_case(replace(REQUEST, numic=" ab 12345 ", old_passport_number="16 cv 12345")).case
    assert case is not None
    with store.session() as s:
        [stored] = s.scalars(select(PassportCase)).all()
        assert (stored.numic, stored.old_passport_number) == ("AB12345", "16CV12345")
    assert svc.open_case(replace(REQUEST, numic=None, old_passport_number=None)).ok  # the online request holds them


def test_steps_in_order_and_dhl_option(svc: PassportService) -> None:
    case = svc.open_case(REQUEST).case
    assert case is not None
    cid = case.summary.id
    early = svc.record_interview(cid, identity_verified=True, validated=True)
    assert [v.rule_id for v in early.violations] == ["R-PASS-STEP-4"] and early.security_number is None
    dhl = svc.record_documents(cid, photo_ok=True, dhl_adult_signature=True)
    assert [(v.rule_id, v.field) for v in dhl.violations] == [("R-PASS-STEP-3", "shipping.option")]
    photo = svc.record_documents(cid, photo_ok=False, dhl_adult_signature=False)
    assert [v.field for v in photo.violations] == ["documents.photo"]
    assert svc.get_case(cid).summary.step == 2 and svc.get_case(cid).receipts == ()
    assert svc.record_documents(cid, photo_ok=True, dhl_adult_signature=False).ok
    unchecked = svc.record_interview(cid, identity_verified=False, validated=True)
    assert [v.field for v in unchecked.violations] == ["interview.identity"]


def test_refused_interview_closes_the_case(svc: PassportService) -> None:
    case = svc.open_case(REQUEST).case
    assert case is not None
    cid = case.summary.id
    svc.record_documents(cid, photo_ok=True, dhl_adult_signature=False)
    assert [v.field for v in svc.record_interview(cid, identity_verified=True, validated=False).violations] == [
        "interview.reason"
    ]
    refused = svc.record_interview(cid, identity_verified=False, validated=False, reason="Personne différente")
    assert refused.ok and refused.security_number is None and refused.receipt_number is None
    assert refused.case is not None and refused.case.summary.status is PassportStatus.REFUSEE
    assert "Personne différente" in refused.case.events[-1].note
    assert not svc.record_shipment(cid, on=date(2026, 3, 1)).ok


def test_a_step_s_date_never_goes_before_the_case_or_an_earlier_step(svc: PassportService, clock: Clock) -> None:
    """R-PASS-STEP order (session 26): a reception typed 18/01 for 18/03 was taken, moving the 40 days' deadline
    into the past (the next daily list flagged the case for Interpol); a return dated before the case closed it."""
    case = svc.open_case(REQUEST).case  # opened on 1 March
    assert case is not None
    cid = case.summary.id
    svc.record_documents(cid, photo_ok=True, dhl_adult_signature=False)
    svc.record_interview(cid, identity_verified=True, validated=True)
    clock.day(date(2026, 3, 20))
    early = svc.record_shipment(cid, on=date(2026, 2, 18))
    assert [(v.rule_id, v.field) for v in early.violations] == [("R-PASS-STEP-5", "on")]
    assert "l'ouverture du dossier (01/03/2026)" in early.violations[0].message
    assert svc.record_shipment(cid, on=date(2026, 3, 18)).ok
    typo = svc.record_reception(cid, on=date(2026, 1, 18))
    assert [(v.rule_id, v.field) for v in typo.violations] == [("R-PASS-STEP-6", "on")]
    assert "l'étape 5 (18/03/2026)" in typo.violations[0].message
    assert svc.get_case(cid).summary.deadline is None  # nothing recorded: no deadline in the past
    assert svc.record_reception(cid, on=date(2026, 3, 18)).ok  # the same day as the shipment is possible
    assert svc.get_case(cid).summary.deadline == date(2026, 4, 27)
    events = svc.get_case(cid).events
    assert [(e.step, e.on) for e in events if e.on] == [(5, date(2026, 3, 18)), (6, date(2026, 3, 18))]


def test_a_refusal_s_reason_reaches_the_central_store_s_copy(svc: PassportService, store: Store) -> None:
    case = svc.open_case(REQUEST).case
    assert case is not None
    svc.record_documents(case.summary.id, photo_ok=True, dhl_adult_signature=False)
    assert svc.record_interview(
        case.summary.id, identity_verified=True, validated=False, reason="Visage masqué sur la photo"
    ).ok
    with store.session() as s:
        last = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        assert last is not None
        body = entry_of(last).body
    assert body.data["status"] == "refusee" and body.data["motif"] == "Visage masqué sur la photo"  # type: ignore[union-attr]


def test_deadline_starts_at_ants_confirmation_when_configured(store: Store, tmp_path: Path, clock: Clock) -> None:
    svc = make_service(store, tmp_path, clock, start="confirmation_ants")
    cid = through_reception(svc, clock, date(2026, 3, 20))
    assert svc.get_case(cid).summary.deadline is None
    clock.day(date(2026, 3, 25))
    got = svc.record_ants_confirmation(cid, on=date(2026, 3, 25))
    assert got.case is not None and got.case.summary.deadline == date(2026, 5, 4)


def test_future_dates_are_refused(svc: PassportService, clock: Clock) -> None:
    case = svc.open_case(REQUEST).case
    assert case is not None
    cid = case.summary.id
    svc.record_documents(cid, photo_ok=True, dhl_adult_signature=False)
    svc.record_interview(cid, identity_verified=True, validated=True)
    assert [v.field for v in svc.record_shipment(cid, on=date(2026, 3, 2)).violations] == ["on"]


def test_daily_list_day_40_due_day_41_overdue_then_confirmed(svc: PassportService, clock: Clock, store: Store) -> None:
    cid = through_reception(svc, clock, date(2026, 3, 20))  # deadline 29 April
    clock.day(date(2026, 4, 21))
    assert svc.daily_deadlines().due_soon == ()  # 8 days left: not yet listed
    clock.day(date(2026, 4, 29))
    day40 = svc.daily_deadlines()
    assert [c.id for c in day40.due_soon] == [cid] and day40.overdue == () and day40.due_soon[0].days_left == 0
    assert svc.get_case(cid).warnings[0].severity == "avertissement"
    clock.day(date(2026, 4, 30))
    day41 = svc.daily_deadlines()
    assert day41.due_soon == () and [c.id for c in day41.overdue] == [cid] and day41.newly_flagged == 1
    assert day41.overdue[0].status is PassportStatus.A_INVALIDER and day41.overdue[0].days_left == -1
    assert svc.daily_deadlines().newly_flagged == 0  # flagged once
    confirmed = svc.confirm_invalidation(cid)
    assert confirmed.ok and confirmed.case is not None
    assert confirmed.case.summary.status is PassportStatus.INVALIDE
    assert confirmed.case.events[-1].agent_id == "agent-1" and "Interpol" in confirmed.case.events[-1].note
    assert svc.daily_deadlines().overdue == ()  # confirmed cases leave the daily list
    assert not svc.confirm_invalidation(cid).ok
    with store.session() as s:
        kinds = [a.action for a in s.scalars(select(AuditEvent).where(AuditEvent.record_id == cid))]
    assert "passeport.a_invalider" in kinds and "passeport.invalidation" in kinds


def test_late_return_stays_flagged_and_on_time_return_recorded_late_closes(
    svc: PassportService, clock: Clock, store: Store, tmp_path: Path
) -> None:
    cid = through_reception(svc, clock, date(2026, 3, 20))
    assert svc.record_ants_confirmation(cid, on=date(2026, 3, 20)).ok
    clock.day(date(2026, 4, 30))
    late = svc.record_return(cid, on=date(2026, 4, 30))  # day 41
    assert late.ok and [v.rule_id for v in late.warnings] == ["R-PASS-1"]
    assert late.case is not None and late.case.summary.status is PassportStatus.A_INVALIDER

    other = make_service(store, tmp_path, clock)
    clock.at = START
    cid2 = through_reception(other, clock, date(2026, 3, 20))
    assert other.record_ants_confirmation(cid2, on=date(2026, 3, 20)).ok
    clock.day(date(2026, 5, 2))
    assert [c.id for c in other.daily_deadlines().overdue] == [cid, cid2]
    in_time = other.record_return(cid2, on=date(2026, 4, 28))  # arrived in time, recorded after day 40
    assert in_time.case is not None and in_time.case.summary.status is PassportStatus.CLOTURE


def test_security_number_is_never_stored_or_printed_in_clear(store: Store, tmp_path: Path, clock: Clock) -> None:
    printer = FakePrinter()
    svc = make_service(store, tmp_path, clock, printer=printer)
    case = svc.open_case(REQUEST).case
    assert case is not None
    svc.record_documents(case.summary.id, photo_ok=True, dhl_adult_signature=False)
    got = svc.record_interview(case.summary.id, identity_verified=True, validated=True)
    assert got.security_number is not None and got.receipt_number is not None
    svc.print_receipt(got.receipt_number)
    forms = {got.security_number, got.security_number.replace("-", "")}
    with store.session() as s:
        tables = [r[0] for r in s.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        dump = " ".join(str(v) for t in tables for row in s.execute(text(f'SELECT * FROM "{t}"')) for v in row)
    assert not any(f in dump for f in forms)
    assert not any(f in str(printer.printed[0].receipt) for f in forms)
    assert svc.get_case(case.summary.id).security_number_issued


def test_list_and_consultations_are_audited(svc: PassportService, store: Store) -> None:
    svc.open_case(REQUEST)
    svc.open_case(replace(REQUEST, last_name="Durand", given_names="Noël"))
    assert [c.display_name for c in svc.list_cases(query="dur")] == ["DURAND Noël"]
    assert len(svc.list_cases()) == 2
    with store.session() as s:
        details = [a.detail for a in s.scalars(select(AuditEvent).where(AuditEvent.action == "passeport.liste"))]
    assert details == ["1 dossier(s)", "2 dossier(s)"]  # counts only, no names
    with pytest.raises(RenewalError):
        svc.get_case("missing")


def test_no_agent_no_act(store: Store, tmp_path: Path, clock: Clock) -> None:
    svc = make_service(store, tmp_path, clock, agent=None)
    with pytest.raises(RenewalError, match="aucun agent identifié"):
        svc.open_case(REQUEST)


@settings(max_examples=10, deadline=None)  # scrypt is slow on purpose
@given(
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=12, max_size=12),
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=12, max_size=12),
)
def test_security_number_hash_round_trip(number: str, other: str) -> None:
    stored = hash_security_number(number)
    assert number not in stored and verify_security_number_hash(f"{number[:4]}-{number[4:8]}-{number[8:]}", stored)
    assert verify_security_number_hash(other, stored) == (other == number)
    assert not verify_security_number_hash(number, "garbage") and not verify_security_number_hash(number, "")


def test_same_numbers_hash_differently() -> None:
    assert hash_security_number("ABCD2345EFGH") != hash_security_number("ABCD2345EFGH")  # salted
