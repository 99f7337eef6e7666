"""Where a record's outbox entry stands with the central store: the one query the screens read it through.

Views-independent on purpose: the sync side may add states (an entry the central store refused and the station set
aside, say); `entry_state` is the one place that maps an outbox row to a state, so such an addition is one branch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import OutboxEntry
from desktop.rules.terms import Status


class EntryState(StrEnum):
    """An outbox entry's state, as agents are told it."""

    NONE = "aucune"  # nothing for the central store (a consultation, a renewal step kept locally)
    PENDING = "en_attente"  # not sent yet, or sent and not answered
    ACCEPTED = "acceptee"  # answered: the central store keeps it
    REFUSED = "refusee"  # answered with a refusal (invalidee)

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {
    EntryState.NONE: N_("Rien à transmettre"),
    EntryState.PENDING: N_("En attente du central"),
    EntryState.ACCEPTED: N_("Reçue par le central"),
    EntryState.REFUSED: N_("Refusée par le central"),
}


@dataclass(frozen=True, slots=True)
class OutboxState:
    """The latest outbox entry of one record: its state, the verdict's rule and the number of attempts."""

    record_id: str
    state: EntryState
    rule_id: str | None = None
    attempts: int = 0


def entry_state(entry: OutboxEntry) -> EntryState:
    """One outbox row → its state (extend here for new states)."""
    if entry.acked_at is None:
        return EntryState.PENDING
    if entry.verdict == Status.INVALIDEE:
        return EntryState.REFUSED
    return EntryState.ACCEPTED


def outbox_states(session: Session, record_ids: Iterable[str]) -> dict[str, OutboxState]:
    """The state of each record's latest outbox entry (records with none are absent), in the caller's read."""
    ids = list(dict.fromkeys(record_ids))
    out: dict[str, OutboxState] = {}
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        chunk = ids[start : start + 500]
        rows = session.scalars(
            select(OutboxEntry).where(OutboxEntry.record_id.in_(chunk)).order_by(OutboxEntry.seq)
        ).all()
        for entry in rows:  # ascending seq: the latest entry of a record wins
            out[entry.record_id] = OutboxState(
                entry.record_id, entry_state(entry), entry.verdict_rule_id, entry.attempts or 0
            )
    return out
