"""The acts the dashboard lists: the tables they are read from, one row per act, and the acts behind one row of
« Refus et invalidations par règle » (those the central store refused on arrival under that rule, and those it
validated and invalidated later under it, over the dashboard's period).

Receipt numbers, kinds, channels, statuses and agents: never an elector's name (the callers audit the listings)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from desktop.i18n import N_, _
from desktop.models import Agent, IvoteRequest, OutboxEntry, PassportCase, Procuration, ProcurationEvent, Revocation
from desktop.rules.terms import Status
from desktop.services.dashboard_values import ActKind, ActRow, shown_channel_label, shown_status_label
from desktop.sync.kinds import KIND_PASSEPORT, KIND_PROCURATION, KIND_RESILIATION, KIND_VOTE_INTERNET

# (kind, table, time column, channel column or None, receipt column)
SOURCES: tuple[tuple[ActKind, Any, Any, Any, Any], ...] = (
    (ActKind.PROCURATION, Procuration, Procuration.established_at, Procuration.channel, Procuration.receipt_number),
    (ActKind.RESILIATION, Revocation, Revocation.established_at, Revocation.channel, Revocation.receipt_number),
    (ActKind.PASSEPORT, PassportCase, PassportCase.created_at, None, PassportCase.case_number),
    (ActKind.VOTE_INTERNET, IvoteRequest, IvoteRequest.created_at, None, IvoteRequest.receipt_number),
)
# The outbox's kinds (desktop/sync/kinds.py) as the dashboard's kinds of act.
OUTBOX_KINDS = {
    KIND_PROCURATION: ActKind.PROCURATION,
    KIND_RESILIATION: ActKind.RESILIATION,
    KIND_PASSEPORT: ActKind.PASSEPORT,
    KIND_VOTE_INTERNET: ActKind.VOTE_INTERNET,
}

REFUSED = N_("Refus à l'arrivée")
INVALIDATED_LATER = N_("Invalidée ensuite")


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def record_row(
    s: Session,
    agents: dict[str, tuple[str, str]],
    outbox_kind: str,
    record_id: str,
    at: datetime,
    decision: str = "",
) -> ActRow:
    """One act of the outbox's kind `outbox_kind` as the dashboard's lists show it (`at`: the moment listed)."""
    kind = OUTBOX_KINDS.get(outbox_kind) or next((k for k in ActKind if k.value == outbox_kind), None)
    source = next((src for src in SOURCES if src[0] is kind), None)
    record = s.get(source[1], record_id) if source is not None else None
    number = getattr(record, source[4].key, None) if record is not None and source is not None else None
    channel = getattr(record, "channel", None)
    status = str(getattr(record, "status", ""))
    agent_id = str(getattr(record, "agent_id", "") or "")
    return ActRow(
        kind=kind.value if kind is not None else outbox_kind,
        kind_label=kind.shown_one_label if kind is not None else outbox_kind,
        receipt_number=str(number or "—"),
        at=_utc(at),
        channel=channel,
        channel_label=shown_channel_label(channel),
        status=status,
        status_label=shown_status_label(status) if status else "",
        agent_id=agent_id,
        agent_name=agents.get(agent_id, (agent_id, ""))[0],
        agent_login=agents.get(agent_id, ("", ""))[1],
        decision=decision,
    )


def rule_acts(s: Session, start: datetime, end: datetime, rule_id: str) -> list[ActRow]:
    """The acts behind the rule's two counts (`dashboard._rules` counts them the same way), oldest first; `at` is
    when the central store refused or invalidated the act."""
    agents = {a: (n, login) for a, n, login in s.execute(select(Agent.id, Agent.display_name, Agent.login))}
    rows = [
        record_row(s, agents, kind, record_id, acked, _(REFUSED))
        for kind, record_id, acked in s.execute(
            select(OutboxEntry.kind, OutboxEntry.record_id, OutboxEntry.acked_at).where(
                OutboxEntry.verdict == Status.INVALIDEE.value,
                OutboxEntry.verdict_rule_id == rule_id,
                OutboxEntry.acked_at >= start,
                OutboxEntry.acked_at < end,
            )
        )
    ]
    earlier = aliased(ProcurationEvent)
    later = s.execute(
        select(ProcurationEvent.procuration_id, ProcurationEvent.at).where(
            ProcurationEvent.status == Status.INVALIDEE.value,
            ProcurationEvent.rule_id == rule_id,
            ProcurationEvent.at >= start,
            ProcurationEvent.at < end,
            exists().where(
                and_(
                    earlier.procuration_id == ProcurationEvent.procuration_id,
                    earlier.status == Status.VALIDEE.value,
                    earlier.id < ProcurationEvent.id,
                )
            ),
        )
    )
    rows += [record_row(s, agents, ActKind.PROCURATION.value, pid, at, _(INVALIDATED_LATER)) for pid, at in later]
    return sorted(rows, key=lambda r: (r.at, r.receipt_number))
