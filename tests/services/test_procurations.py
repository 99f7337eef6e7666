"""Establishing a procuration through the desk services: rules, one transaction, outbox body, kept receipt."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from contextkit import service_context
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.devices.printers.fake import FakePrinter
from desktop.models import AuditEvent, Elector, IssuedReceipt, OutboxEntry, Procuration, ProcurationEvent
from desktop.models.db import Store
from desktop.receipts.signing import ReceiptVerifier, StationSigner, TrustedKeys
from desktop.services.desk import DeskServices, EstablishInput, PersonInput
from desktop.services.permissions import Principal
from desktop.services.procurations import search_key
from desktop.settings import Settings
from desktop.sync.outbox import entry_of
from desktop.sync.wire import ProcurationEtablie

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
SIGNER = StationSigner(key_id="TD01", private_key=Ed25519PrivateKey.generate(), identity_key=b"d" * 32)
VERIFIER = ReceiptVerifier(TrustedKeys().with_key(SIGNER.key_id, SIGNER.public_key))

MANDANT = PersonInput(
    nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15), source="puce"
)
MANDATAIRE = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
FORM = EstablishInput(
    channel="cerfa_12668", mandant=MANDANT, mandataire=MANDATAIRE, election_id="presidentielle-2027", rounds="T1_T2"
)


def make_desk(
    store: Store,
    tmp_path: Path,
    *,
    clock: Callable[[], datetime] = lambda: NOW,
    printer: FakePrinter | None = None,
    central: object | None = None,
) -> DeskServices:
    """A desk over a test store: commissariat, OPJ, fake printer, fixed clock."""
    settings = Settings(data_dir=tmp_path / "data", station_code="75056-01", station_name="Commissariat central")
    actor = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    return DeskServices(
        service_context(
            store,
            settings,
            actor=actor,
            agent_name="Brigadier Lemoine",
            printer=printer,
            signer=SIGNER,
            central=central,
            clock=clock,
        )
    )


def test_an_unproven_chip_read_is_recorded_as_such_and_never_upgrades_an_elector(store: Store, tmp_path: Path) -> None:
    """A chip whose authenticity was not established is stored as « puce_non_verifiee », never as « puce », and does
    not mark an elector first seen typed as verified."""
    desk = make_desk(store, tmp_path)
    thomas = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))

    def verified(procuration_id: str | None) -> str | None:
        with store.session() as s:
            proc = s.get(Procuration, procuration_id)
            assert proc is not None
            return proc.mandant.identity_verified

    unproven = replace(MANDANT, source="puce_non_verifiee")
    first = desk.establish(replace(FORM, mandant=unproven))
    assert first.saved and verified(first.procuration_id) == "puce_non_verifiee"
    bernard = PersonInput(nne="31234567", last_name="BERNARD", given_names="Luc", birth_date=date(1980, 3, 4))
    petit = PersonInput(nne="41234567", last_name="PETIT", given_names="Anne", birth_date=date(1971, 8, 9))
    typed = desk.establish(replace(FORM, mandant=replace(thomas, source="saisie"), mandataire=bernard, rounds="T1"))
    again = desk.establish(
        replace(FORM, mandant=replace(thomas, source="puce_non_verifiee"), mandataire=petit, rounds="T2")
    )
    assert typed.saved and again.saved, again.violations
    assert verified(again.procuration_id) == "saisie"
    with store.session() as s:  # each act keeps how its identity was taken, whatever the elector's mark
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "procuration.etablie"))
        assert sorted(details) == ["identite=puce_non_verifiee", "identite=puce_non_verifiee", "identite=saisie"]


def count(store: Store, entity: type[object]) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(entity)) or 0)  # type: ignore[call-overload]


def test_a_complete_counter_form_is_saved_with_audit_outbox_and_kept_receipt(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.check(FORM) == []
    out = desk.establish(FORM)
    assert out.saved and out.status == "provisoire"
    assert out.receipt_number == "GCH-75056-01-2026-000001"
    with store.session() as s:
        proc = s.get(Procuration, out.procuration_id)
        assert proc is not None and proc.status == "provisoire" and proc.confirmed_at is None
        assert proc.mandant.identity_verified == "puce" and proc.channel == "cerfa_12668"
        events = list(s.scalars(select(ProcurationEvent)))
        assert [e.status for e in events] == ["provisoire"]
        audits = list(s.scalars(select(AuditEvent)))
        assert [a.action for a in audits] == ["procuration.etablie"]
        assert "MARTIN" not in (audits[0].detail or "") and audits[0].record_id == out.procuration_id
        row = s.scalars(select(OutboxEntry)).one()
        entry = entry_of(row)  # the sync side reads our body back with its strict parser
        assert isinstance(entry.body, ProcurationEtablie)
        assert entry.body.id == out.procuration_id and entry.body.mandataire.nne == "19374652"
        kept = s.get(IssuedReceipt, out.receipt_number)
        assert kept is not None and kept.record_id == out.procuration_id
    assert out.signed is not None
    claims = VERIFIER.verify(out.signed.payload)
    assert claims.number == out.receipt_number and claims.status.value == "provisoire"


def test_a_refused_form_writes_nothing_and_names_each_field(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    form = replace(FORM, mandant=replace(MANDANT, nne=""), mandataire=replace(MANDATAIRE, nne="12AB"))
    out = desk.establish(form)
    assert not out.saved
    fields = {v.field for v in out.violations}
    assert {"mandant.nne", "mandataire.nne"} <= fields
    assert count(store, Procuration) == 0 and count(store, OutboxEntry) == 0 and count(store, Elector) == 0


def test_r_limit_1_when_the_mandataire_already_holds_one_in_france(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.establish(FORM).saved
    other = PersonInput(nne="371617504", last_name="BERNARD", given_names="Luc Henri", birth_date=date(1969, 8, 8))
    second = replace(FORM, mandant=other)
    violations = desk.check(second)
    limit = [v for v in violations if v.rule_id == "R-LIMIT-1"]
    assert limit and limit[0].field == "mandataire.nne" and limit[0].blocking
    out = desk.establish(second)
    assert not out.saved and any(v.rule_id == "R-LIMIT-1" for v in out.violations)
    assert count(store, Procuration) == 1


def test_r_valid_6_a_mandant_is_represented_once_per_vote_date(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.establish(replace(FORM, rounds="T1")).saved
    other = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
    assert any(v.rule_id == "R-VALID-6" for v in desk.check(replace(FORM, mandataire=other, rounds="T1")))
    # The other round may go to another mandataire.
    assert desk.establish(replace(FORM, mandataire=other, rounds="T2")).saved


def test_warnings_must_be_acknowledged_before_saving(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path, clock=lambda: datetime(2027, 4, 9, 10, tzinfo=UTC))
    out = desk.establish(FORM)
    assert not out.saved and [v.rule_id for v in out.unacknowledged] == ["R-TIME-2"]
    out = desk.establish(replace(FORM, acknowledged=frozenset({"R-TIME-2"})))
    assert out.saved
    with store.session() as s:
        assert s.scalars(select(AuditEvent.detail)).one() == "identite=puce avertissements=R-TIME-2"


def test_the_same_elector_is_reused_by_nne(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.establish(replace(FORM, rounds="T1")).saved
    other = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
    assert desk.establish(replace(FORM, mandataire=other, rounds="T2")).saved
    assert count(store, Elector) == 3  # MARTIN once, DUBOIS, THOMAS


def test_printing_then_paper_out_then_reprint_as_duplicate(store: Store, tmp_path: Path) -> None:
    printer = FakePrinter()
    desk = make_desk(store, tmp_path, printer=printer)
    out = desk.establish(FORM)
    assert out.receipt_number is not None
    printed = desk.print_receipt(out)
    assert printed.printed and len(printer.printed) == 1
    printer.set_paper_out()
    failed = desk.reprint(out.receipt_number)
    assert not failed.printed and "papier" in failed.message
    printer.set_paper_out(False)
    again = desk.reprint(out.receipt_number)
    assert again.printed and again.duplicate
    first, dup = printer.printed
    assert dup.receipt.duplicate and dup.payload == first.payload  # the very same signature
    assert dup.receipt.validity == first.receipt.validity and dup.receipt.mandant == first.receipt.mandant
    with store.session() as s:
        kept = s.get(IssuedReceipt, out.receipt_number)
        assert kept is not None and kept.print_count == 2 and kept.last_print_error is None
        actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert actions == ["procuration.etablie", "recepisse.imprime", "recepisse.echec", "recepisse.imprime"]


def test_duration_validity_and_home_visit(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    form = replace(
        FORM, validity_kind="DUREE", valid_from=date(2027, 1, 1), valid_until=date(2027, 11, 30), home_visit=True
    )
    assert any(v.field and v.field.startswith("home_visit") for v in desk.check(form))
    out = desk.establish(replace(form, written_request=True, attestation=True))
    assert out.saved and out.signed is not None
    assert "30 novembre 2027" in out.signed.receipt.validity
    body = json.loads(store.session().scalars(select(OutboxEntry.body)).one())
    assert body["validity"] == {"kind": "DUREE", "start": "2027-01-01", "end": "2027-11-30"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeéèêàçôÉÈ -'", min_size=1, max_size=20))
def test_search_key_is_case_and_accent_insensitive(name: str) -> None:
    key = search_key(name)
    assert key == search_key(name.upper()) == search_key(key)
    assert key == key.upper() and not any(c in key for c in "éèêàçôÉÈ")


def test_opening_a_kept_receipt_on_screen_is_an_audited_consultation(store: Store, tmp_path: Path) -> None:
    """R-DATA-4 (counter audit): the preview shows the mandant's and mandataire's names and birth dates; before, any
    receipt number opened it without a trace, where a search by that number is journaled."""
    from desktop.services.consultation_writer import settle

    desk = make_desk(store, tmp_path)
    out = desk.establish(FORM)
    assert out.saved and out.receipt_number is not None
    signed = desk.kept_receipt(out.receipt_number)
    assert signed is not None
    assert desk.kept_receipt("0000-0000") is None  # nothing shown, nothing consulted
    settle(store)
    with store.read() as s:
        seen = s.execute(select(AuditEvent.action, AuditEvent.record_kind, AuditEvent.record_id, AuditEvent.agent_id))
        assert ("consultation", "recepisse", out.receipt_number, "agent-1") in list(seen.tuples())
