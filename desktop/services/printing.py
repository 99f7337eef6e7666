"""Receipts kept and printed, one way for every desk: sign and keep in the act's transaction, print, record, audit."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.devices.printers.base import PrinterUnavailable
from desktop.failures import DISK_FULL, disk_failure
from desktop.i18n import _
from desktop.models import IssuedReceipt
from desktop.receipts.content import Receipt
from desktop.receipts.signing import SignedReceipt
from desktop.services.audit_words import print_detail
from desktop.services.context import ServiceContext
from desktop.services.journal import action, audit

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """How printing went: printed, or the French reason it did not (the receipt can be reprinted)."""

    number: str
    printed: bool
    message: str
    duplicate: bool = False


def keep(session: Session, ctx: ServiceContext, receipt: Receipt, record_id: str) -> SignedReceipt:
    """Sign a receipt and keep it (number, signed payload) in the caller's transaction, so a reprint is the same."""
    signed = ctx.signer.sign(receipt)
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


def print_kept(ctx: ServiceContext, signed: SignedReceipt, *, record_kind: str) -> PrintOutcome:
    """Send a kept receipt to the printer (blocking: call off the GUI thread), then record the attempt and audit it."""
    number = signed.receipt.number
    duplicate = signed.receipt.duplicate
    try:
        ctx.printer.print_receipt(signed)
        printed, message = True, (_("Duplicata imprimé.") if duplicate else _("Récépissé imprimé."))
    except PrinterUnavailable as exc:
        printed, message = False, exc.status.message
    except Exception:  # a driver fault must not lose the saved record: say so with a reference, log without data
        ref = secrets.token_hex(3).upper()
        log.exception("receipt print failed (ref %s, kind %s)", ref, record_kind)
        message = _(
            "Impression impossible (référence {ref}) : réimprimez le récépissé ou changez d'imprimante."
        ).format(ref=ref)
        printed = False
    try:
        _record(ctx, signed, record_kind=record_kind, printed=printed, message=message)
    except Exception as exc:
        # The disk full (or gone read-only) under the store: what the printer did stands. Before, the failure to note
        # it came out instead, read by the agent as NON IMPRIMÉ for a receipt in the citizen's hand.
        disk = disk_failure(exc)
        if disk is None:
            raise
        log.warning("receipt print not recorded: %s (%s)", type(exc).__name__, record_kind)
        if printed:
            message = (
                _(
                    "Récépissé imprimé, mais le disque de l'ordinateur est plein : l'impression n'a pas été notée "
                    "sur le poste. Prévenez le support informatique."
                )
                if disk == DISK_FULL
                else _(
                    "Récépissé imprimé, mais le disque de l'ordinateur est en lecture seule : l'impression n'a pas "
                    "été notée sur le poste. Prévenez le support informatique."
                )
            )
    return PrintOutcome(number=number, printed=printed, message=message, duplicate=duplicate)


def _record(ctx: ServiceContext, signed: SignedReceipt, *, record_kind: str, printed: bool, message: str) -> None:
    """Note the attempt on the kept receipt and audit it (one transaction)."""
    number, duplicate = signed.receipt.number, signed.receipt.duplicate
    now = ctx.clock()
    with action(ctx.store) as s:
        row = s.get(IssuedReceipt, number)
        if row is not None:
            if printed:
                row.print_count += 1
                row.last_printed_at, row.last_print_error = now, None
            else:
                row.last_print_error = message
        audit(
            s,
            actor=ctx.actor,
            action_name="recepisse.imprime" if printed else "recepisse.echec",
            now=now,
            record_kind=record_kind,
            record_id=row.record_id if row else None,
            detail=print_detail(number, duplicate=duplicate, record_kind=record_kind),
        )
