"""Receipts of the desk: content built from the records, signed once, kept, printed and reprinted as DUPLICATA."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from desktop.devices.printers.base import PrinterUnavailable
from desktop.models import Elector, IssuedReceipt, Procuration, Revocation
from desktop.receipts import payload as wire
from desktop.receipts.content import (
    Authority,
    Party,
    Place,
    PlaceKind,
    Receipt,
    ReceiptKind,
    ReceiptStatus,
    format_date_fr,
)
from desktop.receipts.next_steps import default_next_steps
from desktop.receipts.signing import SignedReceipt
from desktop.rules.calendar import ElectionCalendar
from desktop.rules.types import ListKind, Rounds
from desktop.services.journal import action, audit, next_number
from desktop.settings import StationKind

if TYPE_CHECKING:
    from desktop.services.desk import DeskServices

log = logging.getLogger(__name__)

_RECEIPT_PLACES = {
    StationKind.COMMISSARIAT: PlaceKind.COMMISSARIAT,
    StationKind.BRIGADE_GENDARMERIE: PlaceKind.GENDARMERIE,
    StationKind.LIEU_PREFET: PlaceKind.LIEU_PREFET,
    StationKind.TRIBUNAL_JUDICIAIRE: PlaceKind.TRIBUNAL,
    StationKind.CONSULAT: PlaceKind.CONSULAT,
}

CHANNEL_LABELS = {
    "maprocuration": "Demande en ligne Maprocuration",
    "cerfa_14952": "Formulaire imprimé (cerfa n° 14952*03)",
    "cerfa_12668": "Formulaire du guichet (cerfa n° 12668*03)",
    "cerfa_16199": "Formulaire Nouvelle-Calédonie (cerfa n° 16199*01)",
}

ROUND_LABELS = {"T1": "1er tour", "T2": "2d tour", "T1_T2": "1er et 2d tours"}


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """How printing went: printed, or the French reason it did not (the receipt can be reprinted)."""

    number: str
    printed: bool
    message: str
    duplicate: bool = False


def receipt_place(desk: DeskServices) -> Place:
    """The station as printed on receipts."""
    s = desk.settings
    return Place(_RECEIPT_PLACES[s.station_kind], s.station_name, s.station_code, s.station_timezone)


def new_receipt_number(session: Session, desk: DeskServices, now: datetime) -> str:
    """GCH-<station>-<year>-<n>: gap-free per station and year, inside the caller's transaction."""
    name = f"recepisse-{now.year}"
    n = next_number(session, name)
    return f"GCH-{desk.settings.station_code}-{now.year}-{n:06d}"


def party_of(elector: Elector) -> Party:
    """A person as printed: names, birth date, NNE (masked by the renderers)."""
    return Party(nom=elector.last_name, prenoms=elector.given_names, date_naissance=elector.birth_date, nne=elector.nne)


def validity_text(proc: Procuration, calendar: ElectionCalendar) -> str:
    """The validity in words: « Élection présidentielle 2027 : 1er et 2d tours (11 avril et 25 avril 2027) »."""
    return validity_label(
        calendar, proc.validity_kind, proc.election_id, proc.rounds, proc.valid_from, proc.valid_until
    )


def validity_label(
    calendar: ElectionCalendar,
    kind: str,
    election_id: str | None,
    rounds: str | None,
    start: date | None,
    end: date | None,
) -> str:
    """The same from the plain column values (search rows are read without the ORM, for speed)."""
    if kind == "SCRUTIN" and election_id:
        election = calendar.get(election_id)
        chosen = rounds or "T1_T2"
        if election is None:
            return f"Scrutin {election_id} : {ROUND_LABELS.get(chosen, chosen)}"
        days = " et ".join(format_date_fr(d) for d in election.dates(Rounds(chosen)))
        return f"{election.label} : {ROUND_LABELS.get(chosen, chosen)} ({days})"
    if start is not None and end is not None:
        return f"Du {format_date_fr(start)} au {format_date_fr(end)} inclus"
    return "Validité non précisée"


def procuration_receipt(
    desk: DeskServices,
    proc: Procuration,
    *,
    number: str,
    issued_at: datetime,
    status: ReceiptStatus,
    close_to_vote: bool = False,
) -> Receipt:
    """The receipt of an established procuration."""
    details: list[tuple[str, str]] = [("Canal", CHANNEL_LABELS.get(proc.channel, proc.channel))]
    if proc.request_reference:
        details.append(("Référence de la demande", proc.request_reference))
    details.append(("Établie", "À l'étranger" if proc.established_in == "etranger" else "En France"))
    if proc.home_visit:
        details.append(("Déplacement", "À domicile (demande écrite et attestation conservées)"))
    nc = ListKind.NC.value in (proc.mandant.list_kind, proc.mandataire.list_kind)
    return Receipt(
        number=number,
        kind=ReceiptKind.PROCURATION,
        place=receipt_place(desk),
        authority=Authority(proc.authority_name, proc.authority_capacity),
        issued_at=issued_at,
        status=status,
        mandant=party_of(proc.mandant),
        mandataire=party_of(proc.mandataire),
        validity=validity_text(proc, desk.calendar),
        details=tuple(details),
        next_steps=default_next_steps(
            ReceiptKind.PROCURATION, status, nouvelle_caledonie=nc, close_to_vote=close_to_vote
        ),
    )


def revocation_receipt(
    desk: DeskServices, rev: Revocation, *, count: int, issued_at: datetime, status: ReceiptStatus
) -> Receipt:
    """The receipt of a résiliation (every procuration of the mandant)."""
    details = (("Formulaire", CHANNEL_LABELS.get(rev.channel, rev.channel)), ("Procurations résiliées", str(count)))
    return Receipt(
        number=rev.receipt_number,
        kind=ReceiptKind.RESILIATION,
        place=receipt_place(desk),
        authority=Authority(desk.agent_name, desk.agent_capacity),
        issued_at=issued_at,
        status=status,
        mandant=party_of(rev.mandant),
        validity="Toutes les procurations en cours du mandant",
        details=details,
        next_steps=default_next_steps(ReceiptKind.RESILIATION, status),
    )


def keep(session: Session, desk: DeskServices, receipt: Receipt, record_id: str) -> SignedReceipt:
    """Sign a receipt and keep it (number, signed payload) in the caller's transaction."""
    signed = desk.signer.sign(receipt)
    session.add(
        IssuedReceipt(
            number=receipt.number,
            kind=receipt.kind.value,
            record_id=record_id,
            payload=signed.payload,
            issued_at=receipt.issued_at,
            print_count=0,
        )
    )
    return signed


def print_signed(desk: DeskServices, signed: SignedReceipt) -> PrintOutcome:
    """Send to the printer (blocking: call off the GUI thread), then record the attempt and audit it."""
    number = signed.receipt.number
    try:
        desk.printer.print_receipt(signed)
        printed, message = True, "Récépissé imprimé."
    except PrinterUnavailable as exc:
        printed, message = False, exc.status.message
    except Exception:  # a driver bug must not lose the saved record: the agent reprints
        log.exception("receipt printing failed (receipt record kept)")
        printed, message = False, "L'impression a échoué : réimprimez le récépissé depuis Rechercher."
    now = desk.clock()
    with action(desk.store) as s:
        row = s.get(IssuedReceipt, number)
        if row is not None:
            if printed:
                row.print_count += 1
                row.last_printed_at = now
                row.last_print_error = None
            else:
                row.last_print_error = message
        audit(
            s,
            actor=desk.actor,
            action_name="recepisse.imprime" if printed else "recepisse.echec",
            now=now,
            record_kind="recepisse",
            record_id=row.record_id if row else None,
            detail="duplicata" if signed.receipt.duplicate else None,
        )
    return PrintOutcome(number=number, printed=printed, message=message, duplicate=signed.receipt.duplicate)


def rebuild(desk: DeskServices, number: str) -> SignedReceipt | None:
    """The kept receipt with its original signed payload, rebuilt from the records and marked DUPLICATA."""
    with desk.store.read() as s:
        row = s.get(IssuedReceipt, number)
        if row is None:
            return None
        status = wire.parse(row.payload).claims.status
        if row.kind == ReceiptKind.PROCURATION.value:
            proc = s.get(Procuration, row.record_id)
            if proc is None:
                return None
            receipt = procuration_receipt(desk, proc, number=number, issued_at=row.issued_at, status=status)
        else:
            rev = s.get(Revocation, row.record_id)
            if rev is None:
                return None
            count = _revoked_count(s, rev)
            receipt = revocation_receipt(desk, rev, count=count, issued_at=row.issued_at, status=status)
        key_id = wire.parse(row.payload).claims.key_id
        return SignedReceipt(receipt=receipt, payload=row.payload, key_id=key_id).as_duplicate()


def _revoked_count(s: Session, rev: Revocation) -> int:
    from sqlalchemy import func, select

    from desktop.models import ProcurationEvent

    return int(
        s.scalar(
            select(func.count()).select_from(ProcurationEvent).where(ProcurationEvent.note == f"resiliation:{rev.id}")
        )
        or 0
    )


def reprint(desk: DeskServices, number: str) -> PrintOutcome:
    """Print a kept receipt again, marked DUPLICATA with the same signature."""
    signed = rebuild(desk, number)
    if signed is None:
        return PrintOutcome(number=number, printed=False, message="Récépissé introuvable sur ce poste.")
    return print_signed(desk, signed)


def birth_text(value: date | None) -> str:
    """A birth date as agents type it: 15/01/1990."""
    return value.strftime("%d/%m/%Y") if value else ""
