"""What the renewal receipts tell the citizen: a late return, a reprint, the credential renewed (read back from PDF)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from contextkit import service_context

from desktop.devices.printers.base import ReceiptPrinter
from desktop.devices.printers.fake import FakePrinter
from desktop.devices.printers.pdf_file import PdfFilePrinter
from desktop.models import PassportCase, PassportEvent
from desktop.models.db import Store
from desktop.receipts.content import Receipt
from desktop.receipts.pdf import render_pdf
from desktop.rules.ivote import Credential
from desktop.rules.terms import PlaceKind
from desktop.services.context import ServiceContext
from desktop.services.ivote import IvoteService
from desktop.services.passport_receipt import step_receipt
from desktop.services.passports import PassportRequest, PassportService, PassportStatus
from desktop.services.permissions import Principal
from desktop.settings import Settings, load_settings

from .readers import needs_poppler, pdf_text

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
NUMIC, EMAIL = "MTL2024001", "camille.tremblay-roux@exemple.fr"


class Clock:
    """A settable clock, 10:00 in Montréal on the day set."""

    def __init__(self, d: date) -> None:
        self.day(d)

    def __call__(self) -> datetime:
        return self.at

    def day(self, d: date) -> None:
        self.at = datetime(d.year, d.month, d.day, 15, 0, tzinfo=UTC)


def _settings(tmp_path: Path, start: str) -> Settings:
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


def _context(
    store: Store, tmp_path: Path, clock: Clock, printer: ReceiptPrinter, start: str = "reception"
) -> ServiceContext:
    actor = Principal(
        "CA-MTL", "agent-1", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
    )
    return service_context(
        store, _settings(tmp_path, start), actor=actor, agent_name="Mme Inès Château", printer=printer, clock=clock
    )


def _through_ants(svc: PassportService, clock: Clock) -> tuple[str, str]:
    """A case up to step 7 (new passport received 20 March, confirmed on ANTS 21 March); its id and E4 receipt."""
    opened = svc.open_case(REQUEST).case
    assert opened is not None
    cid = opened.summary.id
    assert svc.record_documents(cid, photo_ok=True, dhl_adult_signature=False).ok
    interview = svc.record_interview(cid, identity_verified=True, validated=True)
    assert interview.receipt_number is not None
    for step, on in ((svc.record_shipment, date(2026, 3, 10)), (svc.record_reception, date(2026, 3, 20))):
        clock.day(on)
        assert step(cid, on=on).ok
    clock.day(date(2026, 3, 21))
    assert svc.record_ants_confirmation(cid, on=date(2026, 3, 21)).ok
    return cid, interview.receipt_number


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- A: the return of the old passport after day 40 ------------------------------------------------------------


@needs_poppler
@pytest.mark.parametrize("confirmed_first", [False, True], ids=["flagged-at-return", "after-interpol-report"])
def test_late_return_receipt_says_late_and_never_finished(store: Store, tmp_path: Path, confirmed_first: bool) -> None:
    clock = Clock(date(2026, 3, 2))
    printer = PdfFilePrinter(tmp_path / "pdf")
    svc = PassportService(_context(store, tmp_path, clock, printer))
    cid, _e4 = _through_ants(svc, clock)  # deadline: 29 April 2026
    if confirmed_first:
        clock.day(date(2026, 5, 2))
        svc.daily_deadlines()
        assert svc.confirm_invalidation(cid).ok
    clock.day(date(2026, 5, 5))
    back = svc.record_return(cid, on=date(2026, 5, 4))
    assert back.ok and back.receipt_number is not None and back.case is not None
    assert back.case.summary.status in (PassportStatus.A_INVALIDER, PassportStatus.INVALIDE)
    assert svc.print_receipt(back.receipt_number).printed
    assert printer.last_path is not None
    text = _flat(pdf_text(printer.last_path))
    assert "terminée" not in text
    assert "Ancien passeport reçu après le délai de 40 jours" in text
    assert "Date limite de renvoi 29 avril 2026" in text
    assert "Votre nouveau passeport est invalidé et signalé à Interpol" in text  # R-PASS-1
    assert "Prenez contact avec le poste consulaire" in text


def test_late_return_reprint_says_what_the_original_said(store: Store, tmp_path: Path) -> None:
    """The outcome comes from the event: confirming the invalidation afterwards does not change the DUPLICATA."""
    clock = Clock(date(2026, 3, 2))
    printer = FakePrinter()
    svc = PassportService(_context(store, tmp_path, clock, printer))
    cid, _e4 = _through_ants(svc, clock)
    clock.day(date(2026, 5, 5))
    number = svc.record_return(cid, on=date(2026, 5, 4)).receipt_number
    assert number is not None and svc.print_receipt(number).printed
    assert svc.confirm_invalidation(cid).ok
    assert svc.print_receipt(number).printed
    original, duplicate = (p.receipt for p in printer.printed)
    assert duplicate.duplicate and _said(duplicate) == _said(original)
    assert original.validity == "Ancien passeport reçu après le délai de 40 jours"


def test_return_in_time_recorded_after_the_invalidation_says_invalidated(store: Store, tmp_path: Path) -> None:
    """Back in time but recorded once the Interpol report was confirmed: invalidated, and not « reçu après »."""
    clock = Clock(date(2026, 3, 2))
    printer = FakePrinter()
    svc = PassportService(_context(store, tmp_path, clock, printer))
    cid, _e4 = _through_ants(svc, clock)
    clock.day(date(2026, 5, 2))
    svc.daily_deadlines()
    assert svc.confirm_invalidation(cid).ok
    back = svc.record_return(cid, on=date(2026, 4, 28))
    assert back.case is not None and back.case.summary.status is PassportStatus.INVALIDE
    assert back.receipt_number is not None and svc.print_receipt(back.receipt_number).printed
    receipt = printer.printed[-1].receipt
    assert receipt.validity == "Nouveau passeport invalidé et signalé à Interpol"
    assert not any("terminée" in s for s in receipt.next_steps)
    assert receipt.next_steps[0].startswith("Votre nouveau passeport est invalidé et signalé à Interpol")


@pytest.mark.parametrize(
    ("at_event", "now", "said"),
    [
        (PassportStatus.A_INVALIDER, PassportStatus.CLOTURE, "Ancien passeport reçu après le délai de 40 jours"),
        (PassportStatus.CLOTURE, PassportStatus.INVALIDE, "Démarche terminée"),
    ],
)
def test_return_receipt_reads_the_status_kept_on_its_event(
    store: Store, tmp_path: Path, at_event: PassportStatus, now: PassportStatus, said: str
) -> None:
    """The step-8 receipt says what the case was right after the return, whatever became of it since."""
    ctx = _context(store, tmp_path, Clock(date(2026, 5, 5)), FakePrinter())
    case = PassportCase(
        case_number="RPD-CA-MTL-2026-00009",
        last_name="Lefèvre",
        given_names="Hélène",
        birth_date=date(1984, 7, 9),
        step=8,
        status=now.value,
        deadline_start=date(2026, 3, 20),
        old_passport_returned=date(2026, 5, 4) if at_event is PassportStatus.A_INVALIDER else date(2026, 4, 20),
    )
    event = PassportEvent(at=datetime(2026, 5, 5, 15, 0, tzinfo=UTC), step=8, status=at_event.value)
    receipt = step_receipt(ctx, case, event, "RPD-CA-MTL-2026-00009-E8")
    assert receipt.validity == said
    assert ("La démarche est terminée." in receipt.next_steps) is (at_event is PassportStatus.CLOTURE)


@pytest.mark.parametrize("returned", [date(2026, 4, 29), date(2026, 4, 28)], ids=["day-40", "in-time-recorded-late"])
def test_return_in_time_closes_the_procedure(store: Store, tmp_path: Path, returned: date) -> None:
    clock = Clock(date(2026, 3, 2))
    printer = FakePrinter()
    svc = PassportService(_context(store, tmp_path, clock, printer))
    cid, _e4 = _through_ants(svc, clock)
    clock.day(date(2026, 5, 2))  # recorded after day 40: the case was flagged by then
    svc.daily_deadlines()
    back = svc.record_return(cid, on=returned)
    assert back.case is not None and back.case.summary.status is PassportStatus.CLOTURE
    assert back.receipt_number is not None and svc.print_receipt(back.receipt_number).printed
    receipt = printer.printed[-1].receipt
    assert receipt.validity == "Démarche terminée" and receipt.next_steps == ("La démarche est terminée.",)
    assert not any("Interpol" in s for s in receipt.next_steps)


# --- B: a reprint says what the original said -----------------------------------------------------------------


def _said(receipt: Receipt) -> tuple[object, ...]:
    return (receipt.title, receipt.validity, receipt.details, receipt.next_steps, receipt.issued_at)


@needs_poppler
@pytest.mark.parametrize("start", ["reception", "confirmation_ants"])
def test_interview_receipt_duplicate_is_the_original(store: Store, tmp_path: Path, start: str) -> None:
    clock = Clock(date(2026, 3, 2))
    printer = FakePrinter()
    svc = PassportService(_context(store, tmp_path, clock, printer, start))
    opened = svc.open_case(REQUEST).case
    assert opened is not None
    cid = opened.summary.id
    assert svc.record_documents(cid, photo_ok=True, dhl_adult_signature=False).ok
    e4 = svc.record_interview(cid, identity_verified=True, validated=True).receipt_number
    assert e4 is not None and svc.print_receipt(e4).printed
    for record, on in (
        (svc.record_shipment, date(2026, 3, 10)),
        (svc.record_reception, date(2026, 3, 20)),
        (svc.record_ants_confirmation, date(2026, 3, 21)),
    ):
        clock.day(on)
        assert record(cid, on=on).ok
    assert svc.print_receipt(e4).printed
    original, duplicate = printer.printed
    assert duplicate.receipt.duplicate and _said(duplicate.receipt) == _said(original.receipt)
    pdf = tmp_path / "duplicata.pdf"
    pdf.write_bytes(render_pdf(duplicate))
    text = _flat(pdf_text(pdf))
    assert "DUPLICATA" in text and "Étape 4 sur 8" in text
    assert "Date limite de renvoi" not in text  # unknown when the interview receipt was handed over


@pytest.mark.parametrize(
    ("start", "said"),
    [
        ("reception", "suivant la réception du nouveau"),
        ("confirmation_ants", "suivant la confirmation de réception sur le site de l'ANTS"),
    ],
)
def test_interview_receipt_names_the_start_of_the_40_days(store: Store, tmp_path: Path, start: str, said: str) -> None:
    clock = Clock(date(2026, 3, 2))
    printer = FakePrinter()
    svc = PassportService(_context(store, tmp_path, clock, printer, start))
    _cid, e4 = _through_ants(svc, clock)
    assert svc.print_receipt(e4).printed
    validity = printer.printed[-1].receipt.validity
    assert validity == f"Ancien passeport à renvoyer dans les 40 jours {said}"


@pytest.mark.parametrize(
    ("start", "deadline"), [("reception", "29 avril 2026"), ("confirmation_ants", "30 avril 2026")]
)
def test_return_receipt_keeps_its_deadline(store: Store, tmp_path: Path, start: str, deadline: str) -> None:
    clock = Clock(date(2026, 3, 2))
    printer = FakePrinter()
    svc = PassportService(_context(store, tmp_path, clock, printer, start))
    cid, _e4 = _through_ants(svc, clock)
    clock.day(date(2026, 4, 20))
    number = svc.record_return(cid, on=date(2026, 4, 20)).receipt_number
    assert number is not None and svc.print_receipt(number).printed
    assert dict(printer.printed[-1].receipt.details)["Date limite de renvoi"] == deadline


# --- C: the internet-vote credential renewed ------------------------------------------------------------------


def _ivote(store: Store, tmp_path: Path, printer: ReceiptPrinter) -> IvoteService:
    return IvoteService(_context(store, tmp_path, Clock(date(2026, 3, 2)), printer))


@needs_poppler
def test_password_receipt_is_titled_and_worded_for_the_password(store: Store, tmp_path: Path) -> None:
    printer = PdfFilePrinter(tmp_path / "pdf")
    svc = _ivote(store, tmp_path, printer)
    ident = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=frozenset({Credential.IDENTIFIANT}))
    assert ident.request is not None and svc.record_link_use(request_id=ident.request.id).ok
    pw = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=frozenset({Credential.MOT_DE_PASSE}))
    assert pw.ok and pw.receipt_number is not None
    assert svc.print_receipt(pw.receipt_number).printed and printer.last_path is not None
    text = _flat(pdf_text(printer.last_path))
    assert "Attestation : renouvellement du mot de passe de vote par internet" in text
    assert "Élément renouvelé Mot de passe" in text
    assert "Votre nouveau mot de passe vous est envoyé par SMS" in text  # R-IVOTE-6
    assert "ne peuvent pas être renouvelés en même temps" in text  # R-IVOTE-5
    assert "identifiant de vote" not in text and "nouvel identifiant" not in text
    assert "mot de passe reçu par SMS" not in text  # R-IVOTE-3 is the identifier's renewal


@needs_poppler
def test_identifier_receipt_is_titled_and_worded_for_the_identifier(store: Store, tmp_path: Path) -> None:
    printer = PdfFilePrinter(tmp_path / "pdf")
    svc = _ivote(store, tmp_path, printer)
    ident = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=frozenset({Credential.IDENTIFIANT}))
    assert ident.receipt_number is not None and svc.print_receipt(ident.receipt_number).printed
    assert printer.last_path is not None
    text = _flat(pdf_text(printer.last_path))
    assert "Attestation : renouvellement de l'identifiant de vote par internet" in text
    assert "Votre nouvel identifiant s'affiche à l'écran" in text  # R-IVOTE-4
    assert "mot de passe de vote" not in text and "nouveau mot de passe" not in text


@pytest.mark.parametrize("credential", list(Credential))
def test_second_use_of_a_link_names_no_other_credential(store: Store, tmp_path: Path, credential: Credential) -> None:
    svc = _ivote(store, tmp_path, FakePrinter())
    req = svc.request_renewal(numic=NUMIC, email=EMAIL, renew=frozenset({credential})).request
    assert req is not None and svc.record_link_use(request_id=req.id).ok
    again = svc.record_link_use(request_id=req.id)
    assert [v.rule_id for v in again.violations] == ["R-IVOTE-2"]
    assert again.violations[0].message == "Ce lien a déjà servi : demandez un nouveau renouvellement."


@needs_poppler
def test_documents_receipt_gives_a_deadline_that_is_one(store: Store, tmp_path: Path) -> None:
    """The step 3 receipt read « Échéance : Renouvellement de passeport » (the kind's name where a deadline is
    expected): it names the 40 days the citizen will have to send the old passport back, as step 4's does (day
    audit, receipts rendered and read)."""
    clock = Clock(date(2026, 3, 2))
    printer = PdfFilePrinter(tmp_path / "pdf")
    svc = PassportService(_context(store, tmp_path, clock, printer))
    opened = svc.open_case(REQUEST).case
    assert opened is not None
    number = svc.record_documents(opened.summary.id, photo_ok=True, dhl_adult_signature=False).receipt_number
    assert number is not None and svc.print_receipt(number).printed
    assert printer.last_path is not None
    text = _flat(pdf_text(printer.last_path))
    assert "Échéance Renouvellement de passeport" not in text
    assert "Échéance Ancien passeport à renvoyer dans les 40 jours suivant la réception du nouveau" in text
