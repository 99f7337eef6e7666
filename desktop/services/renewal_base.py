"""What both renewal desks share: clock, station, audit, signed receipts kept for reprints, and sync state."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.devices.printers.base import PrinterUnavailable, ReceiptPrinter
from desktop.models import IssuedReceipt, OutboxEntry, utcnow
from desktop.models.db import Store
from desktop.receipts.content import Authority, Place, PlaceKind, Receipt
from desktop.receipts.signing import SignedReceipt, StationSigner
from desktop.services.journal import Actor, action, audit
from desktop.services.permissions import PermissionDenied, require
from desktop.settings import Settings
from desktop.sync.wire import OpaqueBody

log = logging.getLogger(__name__)


class RenewalError(Exception):
    """A renewal act that cannot happen; the message is French and free of personal data."""


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """What became of a print: done or not, and the French sentence for the agent."""

    printed: bool
    message: str
    duplicate: bool = False


class RenewalServiceBase:
    """What both renewal desks share (ivote imports it): clock, station, audit, receipts and sync state."""

    record_kind = ""
    permission = ""  # the Permission every act and consultation of this desk needs

    def __init__(
        self,
        *,
        store: Store,
        settings: Settings,
        actor: Actor,
        agent_name: str,
        printer: ReceiptPrinter,
        signer: StationSigner,
        clock: Callable[[], datetime] = utcnow,
        agent_capacity: str = "Agent consulaire",
    ) -> None:
        self.store, self.settings, self.actor, self.agent_name = store, settings, actor, agent_name
        self.printer, self.signer, self.clock, self.agent_capacity = printer, signer, clock, agent_capacity

    def authorize(self) -> None:
        """Refuse (RenewalError, French) unless the agent's role allows this desk here; a refusal is audited."""
        try:
            require(self.actor, self.permission)
        except PermissionDenied as exc:
            with action(self.store) as s:
                audit(s, actor=self.actor, action_name="acces.refuse", now=self.now(), detail=self.permission)
            raise RenewalError(exc.message) from None

    @property
    def agent_id(self) -> str:
        """The acting agent; no agent, no act (R-DATA-3)."""
        if not self.actor.agent_id:
            raise RenewalError("Aucun agent connecté : connectez-vous pour agir.")
        return self.actor.agent_id

    def now(self) -> datetime:
        """Aware UTC now from the injected clock."""
        return self.clock()

    def local_date(self, moment: datetime) -> date:
        """The station's calendar day at `moment` (deadlines are counted in the post's own days)."""
        return moment.astimezone(ZoneInfo(self.settings.station_timezone)).date()

    def today(self) -> date:
        """The station's calendar day now."""
        return self.local_date(self.now())

    def place(self) -> Place:
        """The station as printed on receipts."""
        kind = _PLACE_KINDS.get(self.settings.station_kind.value, PlaceKind.CONSULAT)
        code = self.settings.station_code.encode()[:16].decode(errors="ignore")
        return Place(kind, self.settings.station_name, code, self.settings.station_timezone)

    def authority(self) -> Authority:
        """The agent as printed on receipts."""
        return Authority(self.agent_name, self.agent_capacity)

    def _audit(self, s: Session, name: str, now: datetime, record_id: str | None, detail: str | None = None) -> None:
        audit(
            s,
            actor=self.actor,
            action_name=name,
            now=now,
            record_kind=self.record_kind,
            record_id=record_id,
            detail=detail,
        )

    def issue(self, s: Session, receipt: Receipt, *, record_id: str, now: datetime) -> None:
        """Sign a receipt and keep its payload, in the act's transaction, so a reprint carries the same signature."""
        signed = self.signer.sign(receipt)
        s.add(
            IssuedReceipt(
                number=receipt.number,
                kind=receipt.kind.value,
                record_id=record_id,
                payload=signed.payload,
                issued_at=now,
                print_count=0,
            )
        )

    def receipts_of(self, s: Session, record_id: str) -> tuple[str, ...]:
        """Numbers of the receipts issued for a record, oldest first."""
        rows = s.scalars(
            select(IssuedReceipt.number)
            .where(IssuedReceipt.record_id == record_id)
            .order_by(IssuedReceipt.issued_at, IssuedReceipt.number)
        )
        return tuple(rows)

    def sync_label(self, s: Session, record_id: str) -> str:
        """Where the record stands with the central store, read from its outbox entries and their verdicts."""
        rows = s.execute(
            select(OutboxEntry.acked_at, OutboxEntry.verdict, OutboxEntry.verdict_rule_id)
            .where(OutboxEntry.record_id == record_id)
            .order_by(OutboxEntry.seq)
        ).all()
        refused = [r for r in rows if r.verdict not in (None, "validee")]
        if refused:
            return f"Refusé par le répertoire central ({refused[-1].verdict_rule_id or refused[-1].verdict})"
        waiting = sum(1 for r in rows if r.acked_at is None)
        if waiting:
            return f"En attente de transmission au répertoire central ({waiting})"
        return "Transmis au répertoire central" if rows else "Non transmis"

    def print_issued(self, number: str, rebuild: Callable[[Session, str, str], Receipt]) -> PrintOutcome:
        """Print a kept receipt (DUPLICATA after the first print); blocking, so call it off the GUI thread."""
        with self.store.read() as s:
            row = s.get(IssuedReceipt, number)
            if row is None or row.kind != self.record_kind:
                raise RenewalError("Récépissé introuvable sur ce poste.")
            receipt = rebuild(s, row.record_id, number)
            duplicate = row.print_count > 0
            signed = SignedReceipt(receipt.as_duplicate() if duplicate else receipt, row.payload, self.signer.key_id)
            record_id = row.record_id
        try:
            self.printer.print_receipt(signed)
            outcome = PrintOutcome(True, "Récépissé imprimé." if not duplicate else "Duplicata imprimé.", duplicate)
        except PrinterUnavailable as exc:
            outcome = PrintOutcome(False, exc.status.message, duplicate)
        except Exception:  # a driver fault must not lose the record: say so with a reference, log without data
            ref = secrets.token_hex(3).upper()
            log.exception("receipt print failed (ref %s, kind %s)", ref, self.record_kind)
            outcome = PrintOutcome(
                False, f"Impression impossible (référence {ref}) : réessayez ou changez d'imprimante.", duplicate
            )
        now = self.now()
        with action(self.store) as s:
            row = s.get(IssuedReceipt, number)
            assert row is not None
            if outcome.printed:
                row.print_count += 1
                row.last_printed_at, row.last_print_error = now, None
            else:
                row.last_print_error = outcome.message
            self._audit(
                s,
                f"{self.record_kind}.impression",
                now,
                record_id,
                ("duplicata " if duplicate else "") + ("ok" if outcome.printed else "echec"),
            )
        return outcome


_PLACE_KINDS = {
    "commissariat": PlaceKind.COMMISSARIAT,
    "brigade_gendarmerie": PlaceKind.GENDARMERIE,
    "lieu_prefet": PlaceKind.LIEU_PREFET,
    "tribunal_judiciaire": PlaceKind.TRIBUNAL,
    "consulat": PlaceKind.CONSULAT,
}


def opaque_body(record_id: str, agent_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """An outbox body the sync wire accepts for the renewal kinds (validated before it is queued)."""
    return OpaqueBody.from_dict(OpaqueBody(record_id, agent_id, data).to_dict(), "corps").to_dict()
