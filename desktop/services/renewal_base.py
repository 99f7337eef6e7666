"""What both renewal desks share: the service context, audit, signed receipts kept for reprints, and sync state."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import IssuedReceipt, OutboxEntry
from desktop.models.db import Store
from desktop.receipts.content import Receipt
from desktop.receipts.signing import SignedReceipt
from desktop.rules.terms import Status
from desktop.services.context import ServiceContext
from desktop.services.guard import require_audited
from desktop.services.journal import Actor, audit
from desktop.services.permissions import PermissionDenied
from desktop.services.printing import PrintOutcome, keep, print_kept
from desktop.settings import Settings
from desktop.sync.central_words import central_reason
from desktop.sync.wire import OpaqueBody

log = logging.getLogger(__name__)


class RenewalError(Exception):
    """A renewal act that cannot happen; the message is French and free of personal data."""


class RenewalServiceBase:
    """What both renewal desks share (ivote imports it): clock, station, audit, receipts and sync state."""

    record_kind = ""
    permission = ""  # the Permission every act and consultation of this desk needs

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def store(self) -> Store:
        return self.ctx.store

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @property
    def actor(self) -> Actor:
        return self.ctx.actor

    def authorize(self) -> None:
        """Refuse (RenewalError, French) unless the agent's role allows this desk here; a refusal is audited."""
        try:
            require_audited(self.ctx, self.permission)
        except PermissionDenied as exc:
            raise RenewalError(exc.message) from None

    @property
    def agent_id(self) -> str:
        """The acting agent; no agent, no act (R-DATA-3)."""
        if not self.actor.agent_id:
            raise RenewalError(_("Aucun agent connecté : connectez-vous pour agir."))
        return self.actor.agent_id

    def now(self) -> datetime:
        """Aware UTC now from the injected clock."""
        return self.ctx.clock()

    def local_date(self, moment: datetime) -> date:
        """The station's calendar day at `moment` (deadlines are counted in the post's own days)."""
        return moment.astimezone(ZoneInfo(self.settings.station_timezone)).date()

    def today(self) -> date:
        """The station's calendar day now."""
        return self.ctx.today()

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
        keep(s, self.ctx, receipt, record_id)

    def receipts_of(self, s: Session, record_id: str) -> tuple[str, ...]:
        """Numbers of the receipts issued for a record, oldest first."""
        rows = s.scalars(
            select(IssuedReceipt.number)
            .where(IssuedReceipt.record_id == record_id)
            .order_by(IssuedReceipt.issued_at, IssuedReceipt.number)
        )
        return tuple(rows)

    def sync_label(self, s: Session, record_id: str, *, reason: bool = False) -> str:
        """Where the record stands with the central store, read from its outbox entries and their verdicts; with
        `reason`, a refusal's reason as the central store gave it, in the agent's language by its rule id (the case
        screen: a list has no room)."""
        rows = s.execute(
            select(OutboxEntry.acked_at, OutboxEntry.verdict, OutboxEntry.verdict_rule_id, OutboxEntry.refusal)
            .where(OutboxEntry.record_id == record_id)
            .order_by(OutboxEntry.seq)
        ).all()
        refused = [r for r in rows if r.verdict not in (None, Status.VALIDEE)]
        if refused:
            said = _("Refusé par le répertoire central ({value})").format(
                value=refused[-1].verdict_rule_id or refused[-1].verdict
            )
            refusal = central_reason(refused[-1].verdict_rule_id, refused[-1].refusal)
            return _("{status} : {reason}").format(status=said, reason=refusal) if reason and refusal else said
        waiting = sum(1 for r in rows if r.acked_at is None)
        if waiting:
            return _("En attente de transmission au répertoire central ({waiting})").format(waiting=waiting)
        return _("Transmis au répertoire central") if rows else _("Non transmis")

    def print_issued(self, number: str, rebuild: Callable[[Session, str, str], Receipt]) -> PrintOutcome:
        """Print a kept receipt (DUPLICATA after the first print); blocking, so call it off the GUI thread."""
        with self.store.read() as s:
            row = s.get(IssuedReceipt, number)
            if row is None or row.kind != self.record_kind:
                raise RenewalError(_("Récépissé introuvable sur ce poste."))
            receipt = rebuild(s, row.record_id, number)
            duplicate = row.print_count > 0
            kept = receipt.as_duplicate() if duplicate else receipt
            signed = SignedReceipt(kept, row.payload, self.ctx.signer.key_id)
        return print_kept(self.ctx, signed, record_kind=self.record_kind)


def opaque_body(record_id: str, agent_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """An outbox body the sync wire accepts for the renewal kinds (validated before it is queued)."""
    return OpaqueBody.from_dict({"id": record_id, "agent_id": agent_id, "data": data}, "corps").to_dict()
