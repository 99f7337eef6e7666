"""A résiliation the central store refused ends nothing (R-REVOKE-5/6 checked there too): the procurations it ended
at this counter are put back as they stood before it, so that the counter says what the national picture says."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import N_
from desktop.models import Procuration, ProcurationEvent
from desktop.rules.terms import Status

# Stored with the procuration's history (French: the counter's records are in the source language).
RESTORED_NOTE = N_("Résiliation refusée par le répertoire central : la procuration reste en vigueur.")


def restore_after_refused_revocation(
    s: Session, revocation_id: str, now: datetime, rule_id: str | None, message: str | None
) -> list[str]:
    """In the verdict's transaction: each procuration this résiliation ended here, still ended by it, back to its
    status before it (its event history), with an event saying why. Returns their ids."""
    ended = s.execute(
        select(ProcurationEvent.procuration_id, ProcurationEvent.id).where(
            ProcurationEvent.note == f"resiliation:{revocation_id}", ProcurationEvent.status == Status.RESILIEE
        )
    ).all()
    restored: list[str] = []
    for procuration_id, ended_at_event in ended:
        procuration = s.get(Procuration, procuration_id)
        if procuration is None or procuration.status != Status.RESILIEE:
            continue  # changed since (annulled, put back already): the later word stands
        latest_end = s.scalar(
            select(ProcurationEvent.id)
            .where(ProcurationEvent.procuration_id == procuration_id, ProcurationEvent.status == Status.RESILIEE)
            .order_by(ProcurationEvent.id.desc())
            .limit(1)
        )
        if latest_end != ended_at_event:
            continue  # ended since by another résiliation (this refusal answered again: a resend): that one stands
        before = s.scalars(
            select(ProcurationEvent)
            .where(ProcurationEvent.procuration_id == procuration_id, ProcurationEvent.id < ended_at_event)
            .order_by(ProcurationEvent.id.desc())
            .limit(1)
        ).first()
        status = before.status if before is not None else Status.PROVISOIRE
        procuration.status = status
        procuration.status_rule_id = before.rule_id if before is not None else None
        note = f"{RESTORED_NOTE} {message}" if message else RESTORED_NOTE
        s.add(
            ProcurationEvent(
                procuration_id=procuration_id, at=now, status=status, rule_id=rule_id, source="central", note=note
            )
        )
        restored.append(procuration_id)
    return restored
