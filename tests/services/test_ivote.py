"""Internet-vote credential renewal desk: NUMIC and e-mail on file, one credential at a time, single-use link."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from contextkit import DIGEST_KEY, service_context
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from desktop.devices.printers.fake import FakePrinter
from desktop.models import AuditEvent, IvoteRequest, OutboxEntry
from desktop.models.db import Store
from desktop.rules.ivote import CREDENTIAL_RE, Credential
from desktop.services.ivote import IvoteService, IvoteStatus
from desktop.services.permissions import Principal
from desktop.services.registers import DemoConsularRegister, email_digest
from desktop.services.renewal_base import RenewalError
from desktop.settings import load_settings
from desktop.sync.outbox import entry_of
from desktop.sync.wire import KIND_VOTE_INTERNET

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
NUMIC, EMAIL = "MTL2024001", "camille.tremblay-roux@exemple.fr"
ID, PWD = frozenset({Credential.IDENTIFIANT}), frozenset({Credential.MOT_DE_PASSE})


class Clock:
    def __init__(self) -> None:
        self.at = NOW

    def __call__(self) -> datetime:
        self.at += timedelta(seconds=1)  # each act a second later: a stable order
        return self.at


def make_service(store: Store, tmp_path: Path, printer: FakePrinter | None = None) -> IvoteService:
    settings = load_settings(
        config_path=tmp_path / "none.toml",
        environ={},
        data_dir=tmp_path / "d",
        station_kind="consulat",
        station_name="Consulat général de France à Montréal",
        station_code="CA-MTL",
        station_timezone="America/Toronto",
    )
    actor = Principal(
        "CA-MTL", "agent-2", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
    )
    return IvoteService(
        service_context(store, settings, actor=actor, agent_name="M. Paul Roy", printer=printer, clock=Clock())
    )


@pytest.fixture
def svc(store: Store, tmp_path: Path) -> IvoteService:
    return make_service(store, tmp_path)


def rules(found: object) -> list[tuple[str, str | None]]:
    return [(v.rule_id, v.field) for v in getattr(found, "violations")]  # noqa: B009


def test_find_elector_by_numic_and_the_email_on_file(svc: IvoteService, store: Store) -> None:
    match = svc.find_elector(numic=" mtl2024001 ", email=" Camille.Tremblay-Roux@EXEMPLE.fr ")
    assert match.found and match.voter_name == "TREMBLAY-ROUX Camille" and match.requests == ()
    assert rules(svc.find_elector(numic="XXX999", email=EMAIL)) == [("R-IVOTE-1", "numic")]
    wrong = svc.find_elector(numic=NUMIC, email="autre@exemple.fr")
    assert not wrong.found and rules(wrong) == [("R-IVOTE-1", "email")] and wrong.voter_name is None
    assert rules(svc.find_elector(numic="??", email="nope")) == [("R-ID-NUMIC-2", "numic"), ("R-IVOTE-1", "email")]
    with store.session() as s:
        details = [
            a.detail
            for a in s.scalars(
                select(AuditEvent).where(AuditEvent.action == "vote_internet.consultation").order_by(AuditEvent.seq)
            )
        ]
    assert details == ["trouve", "R-IVOTE-1:numic", "R-IVOTE-1:email", "R-ID-NUMIC-2:numic,R-IVOTE-1:email"]


def test_identifier_renewal_is_recorded_printed_and_synced(store: Store, tmp_path: Path) -> None:
    printer = FakePrinter()
    svc = make_service(store, tmp_path, printer)
    got = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=ID)
    assert got.ok and got.request is not None and got.receipt_number == "VPI-CA-MTL-2026-000001"
    assert got.request.status is IvoteStatus.LIEN_ENVOYE and got.request.credential_label == "Identifiant"
    assert svc.print_receipt(got.receipt_number).printed
    receipt = printer.printed[0].receipt
    assert receipt.mandant.nom == "Tremblay-Roux" and dict(receipt.details)["Élément renouvelé"] == "Identifiant"
    with store.session() as s:
        row = s.get(IvoteRequest, got.request.id)
        assert row is not None and row.email_digest == email_digest(EMAIL, key=DIGEST_KEY) and row.agent_id == "agent-2"
        entry = entry_of(s.scalars(select(OutboxEntry)).one())
    assert entry.kind == KIND_VOTE_INTERNET and entry.body.to_dict()["data"]["credential"] == "identifiant"
    assert svc.find_elector(numic=NUMIC, email=EMAIL).requests[0].id == got.request.id


def test_combined_identifier_and_password_request_is_refused(svc: IvoteService, store: Store) -> None:
    got = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=ID | PWD)
    assert rules(got) == [("R-IVOTE-5", "renew")] and got.request is None
    assert rules(svc.request_renewal(numic=NUMIC, email=EMAIL, renew=frozenset())) == [("R-IVOTE-1", "renew")]
    with store.session() as s:
        assert s.scalars(select(IvoteRequest)).all() == [] and s.scalars(select(OutboxEntry)).all() == []
        refusals = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "vote_internet.refus")).all()
    assert refusals == ["R-IVOTE-5:renew", "R-IVOTE-1:renew"]


def test_password_waits_until_the_identifier_link_has_served(svc: IvoteService) -> None:
    first = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=ID)
    assert first.request is not None
    assert rules(svc.request_renewal(numic=NUMIC, email=EMAIL, renew=PWD)) == [("R-IVOTE-5", "renew")]
    used = svc.record_link_use(request_id=first.request.id)
    assert used.ok and used.request is not None and used.request.status is IvoteStatus.LIEN_UTILISE
    assert used.request.link_used_at is not None
    assert svc.request_renewal(numic=NUMIC, email=EMAIL, renew=PWD).ok


def test_single_use_link_and_replacement(svc: IvoteService) -> None:
    old = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=ID).request
    new = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=ID).request  # the voter lost the e-mail
    assert old is not None and new is not None
    statuses = {r.id: r.status for r in svc.list_requests(numic=NUMIC)}
    assert statuses == {old.id: IvoteStatus.REMPLACEE, new.id: IvoteStatus.LIEN_ENVOYE}
    assert rules(svc.record_link_use(request_id=old.id)) == [("R-IVOTE-2", None)]
    assert svc.record_link_use(request_id=new.id).ok
    assert rules(svc.record_link_use(request_id=new.id)) == [("R-IVOTE-2", None)]  # single use
    with pytest.raises(RenewalError):
        svc.record_link_use(request_id="missing")


def test_contact_details_on_file_are_required(svc: IvoteService) -> None:
    got = svc.request_renewal(numic="SYD2022088", email="mai.nguyen@exemple.fr", renew=PWD)
    assert rules(got) == [("R-IVOTE-7", "mobile")]


def test_no_email_and_no_credential_in_clear_anywhere(store: Store, tmp_path: Path) -> None:
    printer = FakePrinter()
    svc = make_service(store, tmp_path, printer)
    got = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=ID)
    assert got.request is not None and got.receipt_number is not None
    svc.record_link_use(request_id=got.request.id)
    svc.print_receipt(got.receipt_number)
    with store.session() as s:
        tables = [r[0] for r in s.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        dump = " ".join(str(v) for t in tables for row in s.execute(text(f'SELECT * FROM "{t}"')) for v in row)
    assert "exemple.fr" not in dump.lower() and "camille" not in dump.lower().replace("tremblay", "")
    # What the agent can see carries no 12-character credential (R-IVOTE-4: only the portal shows it).
    seen = " ".join(str(x) for x in (got, svc.list_requests(), printer.printed[0].receipt)).split()
    assert not [w for w in seen if CREDENTIAL_RE.fullmatch(w.strip("(),'\"")) and not w.startswith("MTL")]


def test_reprint_is_a_duplicate_and_lists_are_audited(store: Store, tmp_path: Path) -> None:
    printer = FakePrinter()
    svc = make_service(store, tmp_path, printer)
    got = svc.request_renewal(numic="LIS2023417", email="joao.pereira@exemple.fr", renew=PWD)
    assert got.receipt_number is not None
    assert not svc.print_receipt(got.receipt_number).duplicate and svc.print_receipt(got.receipt_number).duplicate
    assert len(svc.list_requests()) == 1 and svc.list_requests(numic="nope") == []
    with store.session() as s:
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "vote_internet.liste")).all()
        prints = s.scalars(
            select(AuditEvent.detail).where(
                AuditEvent.action == "recepisse.imprime", AuditEvent.record_kind == "vote_internet"
            )
        ).all()
    number = f"recepisse={got.receipt_number}"  # which receipt (a renewal's record may have several)
    assert details == ["1 demande(s)", "0 demande(s)"] and prints == [number, f"duplicata {number}"]


def test_demo_register_holds_digests_only() -> None:
    voter = DemoConsularRegister(key=DIGEST_KEY).find(NUMIC)
    assert voter is not None and voter.email_digest == email_digest(EMAIL, key=DIGEST_KEY)
    assert DemoConsularRegister(key=b"other").find(NUMIC) != voter  # keyed
    assert voter.date_naissance == date(1988, 4, 12)


@settings(max_examples=200)
@given(st.emails())
def test_email_digest_ignores_case_and_spaces(email: str) -> None:
    digest = email_digest(email, key=DIGEST_KEY)
    assert len(digest) == 64 and email not in digest
    assert email_digest(f"  {email.upper()}\t", key=DIGEST_KEY) == digest
    assert email_digest(email + "x", key=DIGEST_KEY) != digest


def test_the_pending_renewal_is_named_inside_the_sentence_in_either_language(svc: IvoteService) -> None:
    """R-IVOTE-5 names the renewal in progress in mid-sentence: one template with the label read « renouvellement du
    identifiant », and « login id » in English."""
    from desktop import i18n

    assert svc.request_renewal(numic=NUMIC, email=EMAIL, renew=ID).request is not None
    french = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=PWD).violations[0].message
    assert (
        french.startswith("Un renouvellement de l'identifiant est en cours") and "renouvelez le mot de passe" in french
    )
    i18n.set_language("en")
    try:
        english = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=PWD).violations[0].message
    finally:
        i18n.set_language("fr")
    assert english.startswith("A renewal of the login ID is in progress"), english
