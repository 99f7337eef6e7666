"""The supervisor's Tableau de bord: the station's figures over 30 days, read from the local store (works offline).

Figures only: counts per day, per rule, the sync backlog, renewals due. The acts behind a bar (receipt numbers,
channels, statuses, agents; never a name of an elector) are listed on request, and that listing is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, exists, func, null, select
from sqlalchemy.orm import Session, aliased

from desktop.i18n import _, ngettext
from desktop.models import (
    AuditEvent,
    IvoteRequest,
    OutboxEntry,
    PassportCase,
    ProcurationEvent,
    SyncState,
)
from desktop.models.base import unindexed
from desktop.rules.passport import RETURN_DAYS
from desktop.rules.terms import Channel, IdentitySource, Status
from desktop.security.roles import Permission
from desktop.services.agent_names import agent_names, told_apart
from desktop.services.context import ServiceContext
from desktop.services.dashboard_lists import SOURCES, record_row, rule_acts
from desktop.services.dashboard_values import (
    DAYS,
    ActRow,
    AgentCount,
    CentralFigures,
    DashboardFigures,
    RenewalFigures,
    RuleCount,
    Series,
    SyncFigures,
    shown_channel_label,
    shown_status_label,
)
from desktop.services.guard import require_audited
from desktop.services.journal import action, audit
from desktop.services.lookup import central_configured
from desktop.services.passport_values import PassportStatus
from desktop.sync.central_words import rule_reason
from desktop.sync.client import SyncError

if TYPE_CHECKING:
    from desktop.receipts.signing import SignedReceipt


class Period:
    """Calendar days of the station, and the UTC instants that bound them."""

    def __init__(self, first: date, last: date, zone: ZoneInfo) -> None:
        self.first, self.last, self.zone = first, last, zone
        self.days = tuple(first + timedelta(days=i) for i in range((last - first).days + 1))
        self.start = self.bound(first)
        self.end = self.bound(last + timedelta(days=1))
        self.whole_hours = all(
            (offset := self.bound(d).astimezone(zone).utcoffset()) is not None and offset.total_seconds() % 3600 == 0
            for d in (*self.days, last + timedelta(days=1))
        )

    def bound(self, day: date) -> datetime:
        """Local midnight starting `day`, in UTC."""
        return datetime(day.year, day.month, day.day, tzinfo=self.zone).astimezone(UTC)

    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def index(self, moment: datetime) -> int | None:
        """Position of the moment's local day in the period, or None outside it."""
        i = (self.day_of(moment) - self.first).days
        return i if 0 <= i < len(self.days) else None


def _buckets(column: Any, whole_hours: bool) -> ColumnElement[str]:
    """The stored time truncated to its UTC hour (or minute where the zone has half-hour offsets), as text.

    Grouping by hour in SQL, then placing each hour in its local day here, is exact across a change of summer time
    and keeps the rows that come back few (720 per series), whatever the number of acts: 100,000 acts cost one scan.
    """
    return func.substr(column, 1, 13 if whole_hours else 16)


def _bucket_time(text: str) -> datetime:
    return datetime.fromisoformat(text + (":00" if len(text) == 13 else "")).replace(tzinfo=UTC)


def _count_per_day(
    s: Session, column: Any, period: Period, *, where: Iterable[ColumnElement[bool]] = (), by: Any = None
) -> dict[str | None, list[int]]:
    bucket = _buckets(column, period.whole_hours)
    cols: list[Any] = [bucket, func.count()]
    if by is not None:
        cols.append(by)
    query = select(*cols).where(column >= period.start, column < period.end, *where).group_by(bucket)
    if by is not None:
        query = query.group_by(by)
    out: dict[str | None, list[int]] = {}
    for row in s.execute(query):
        i = period.index(_bucket_time(row[0]))
        if i is None:
            continue
        key = row[2] if by is not None else None
        out.setdefault(key, [0] * len(period.days))[i] += row[1]
    return out


def period_of(ctx: ServiceContext, *, days: int = DAYS, until: date | None = None) -> Period:
    """The last `days` calendar days of the station up to `until` (default: today)."""
    zone = ZoneInfo(ctx.settings.station_timezone)
    last = until or ctx.clock().astimezone(zone).date()
    return Period(last - timedelta(days=days - 1), last, zone)


class DashboardService:
    """The Tableau de bord's reads; the role is checked (and a refusal audited) at each call."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def refusal(self) -> str | None:
        """What the agent would be told if they may not see the dashboard (no audit: the screen decides)."""
        from desktop.services.guard import refusal

        found = refusal(self.ctx, Permission.TABLEAU_DE_BORD)
        return None if found is None else found.message

    def figures(self, *, days: int = DAYS) -> DashboardFigures:
        """The figures of the last `days` days (PermissionDenied, audited, for an agent without the role)."""
        require_audited(self.ctx, Permission.TABLEAU_DE_BORD)
        period = period_of(self.ctx, days=days)
        with self.ctx.store.read() as s:
            by_kind: list[Series] = []
            channels: dict[str, list[int]] = {}
            for kind, _table, column, channel, _receipt in SOURCES:
                if channel is not None:
                    per = _count_per_day(s, column, period, by=channel)
                    total = [0] * len(period.days)
                    for key, counts in per.items():
                        merged = channels.setdefault(str(key), [0] * len(period.days))
                        for i, n in enumerate(counts):
                            merged[i] += n
                            total[i] += n
                else:
                    total = _count_per_day(s, column, period).get(None, [0] * len(period.days))
                by_kind.append(Series("kind", kind.value, kind.shown_label, tuple(total)))
            order = {c.value: i for i, c in enumerate(Channel)}
            by_channel = tuple(
                Series("channel", key, shown_channel_label(key), tuple(channels[key]))
                for key in sorted(channels, key=lambda k: (order.get(k, 99), k))
            )
            return DashboardFigures(
                today=period.last,
                days=period.days,
                by_kind=tuple(by_kind),
                by_channel=by_channel,
                rules=_rules(s, period),
                sync=_sync(s, period),
                renewals=_renewals(s, period),
                identities=_identities(s, period),
                by_agent=_by_agent(s, period),
            )

    def central_figures(self, *, days: int = DAYS) -> CentralFigures:
        """The central store's side, when online: entries received, refusals, late arrivals (an HTTP call: off the
        GUI thread; offline is an answer, not an error)."""
        require_audited(self.ctx, Permission.TABLEAU_DE_BORD)
        central = self.ctx.central()
        if central is None and central_configured(self.ctx):
            return CentralFigures(
                "non_joint", _("Répertoire central pas encore joint : chiffres de ce poste seulement.")
            )
        if central is None:
            return CentralFigures(
                "non_configure", _("Répertoire central non configuré : chiffres de ce poste seulement.")
            )
        try:
            answer = central.station_figures(days=days, zone=self.ctx.settings.station_timezone)
        except SyncError:
            return CentralFigures("hors_ligne", _("Répertoire central injoignable : chiffres de ce poste seulement."))
        received = sum(d.acts for d in answer.days)
        refusals = sum(d.refusals for d in answer.days)
        late = sum(d.late for d in answer.days)
        zone = ZoneInfo(self.ctx.settings.station_timezone)
        contact = answer.last_contact.astimezone(zone).strftime(_("%d/%m/%Y à %H:%M"))
        return CentralFigures(
            "en_ligne",
            _(
                "Au répertoire central sur {days} : {received} de ce poste, {refusals}, {late} avec plus de "
                "24 h de retard ; dernier contact le {contact}."
            ).format(
                days=ngettext("{n} jour", "{n} jours", days).format(n=days),
                received=ngettext("{n} entrée reçue", "{n} entrées reçues", received).format(n=received),
                refusals=ngettext("{n} refus", "{n} refus", refusals).format(n=refusals),
                late=ngettext("{n} arrivée", "{n} arrivées", late).format(n=late),
                contact=contact,
            ),
            received,
            refusals,
            late,
            answer.last_contact,
        )

    def acts(self, *, axis: str, key: str, day: date) -> list[ActRow]:
        """The acts behind one bar (a kind or a channel, one day); the listing is audited (it shows receipt numbers)."""
        require_audited(self.ctx, Permission.TABLEAU_DE_BORD)
        zone = ZoneInfo(self.ctx.settings.station_timezone)
        period = Period(day, day, zone)
        rows = acts_between(self.ctx, period, axis=axis, key=key)
        self._listed("tableau_de_bord.actes", f"{axis}={key} jour={day.isoformat()} actes={len(rows)}")
        return rows

    def _listed(self, action_name: str, detail: str) -> None:
        """The audit line of a listing the supervisor opened (it shows receipt numbers, never an elector's name)."""
        with action(self.ctx.store) as s:
            audit(s, actor=self.ctx.actor, action_name=action_name, now=self.ctx.clock(), detail=detail)

    def waiting(self) -> list[ActRow]:
        """The entries the sync worker will still send (the dashboard's « en attente » count), oldest first, each
        with its act's receipt number, kind, status and agent; `at` is when it was queued. Audited, as the acts
        behind a bar (receipt numbers, no elector's name)."""
        require_audited(self.ctx, Permission.TABLEAU_DE_BORD)
        with self.ctx.store.read() as s:
            agents = agent_names(s)
            entries = s.execute(
                select(OutboxEntry.kind, OutboxEntry.record_id, OutboxEntry.created_at)
                .where(OutboxEntry.acked_at.is_(None), OutboxEntry.set_aside_at.is_(None))
                .order_by(OutboxEntry.created_at, OutboxEntry.seq)
            ).all()
            rows = [record_row(s, agents, kind, record_id, created_at) for kind, record_id, created_at in entries]
        self._listed("tableau_de_bord.en_attente", f"entrees={len(rows)}")
        return rows

    def receipt_refusal(self) -> str | None:
        """Why this supervisor may not open an act's receipt (it names the mandant and the mandataire: only a
        capacity habilitée consults the procurations, R-DATA-3); no audit: the screen decides what to offer."""
        from desktop.services.guard import refusal

        found = refusal(self.ctx, Permission.PROCURATION_CONSULTER)
        return None if found is None else found.message

    def receipt(self, number: str) -> SignedReceipt | None:
        """The kept receipt of a listed act as it would print now (off the GUI thread: it reads the store). It shows
        the mandant's and mandataire's identity: a consultation journaled before it is returned, as the counter's
        preview is (R-DATA-4); refused, and the refusal audited, to a capacity that may not consult (R-DATA-3)."""
        require_audited(self.ctx, Permission.TABLEAU_DE_BORD)
        require_audited(self.ctx, Permission.PROCURATION_CONSULTER)
        from desktop.services import receipting

        return receipting.consulted(self.ctx, number, where="apercu;tableau_de_bord")

    def rule_acts(self, rule_id: str, *, days: int = DAYS) -> list[ActRow]:
        """The acts behind one row of « Refus et invalidations par règle » (the figures' period), oldest first, each
        saying whether it was refused on arrival or invalidated later. Audited, as the entries waiting are (receipt
        numbers, no elector's name): the rule id and the count."""
        require_audited(self.ctx, Permission.TABLEAU_DE_BORD)
        period = period_of(self.ctx, days=days)
        with self.ctx.store.read() as s:
            rows = rule_acts(s, period.start, period.end, rule_id)
        self._listed("tableau_de_bord.regle", f"regle={rule_id} actes={len(rows)}")
        return rows


def acts_between(
    ctx: ServiceContext, period: Period, *, axis: str | None = None, key: str | None = None
) -> list[ActRow]:
    """The acts of the period, oldest first, optionally one kind or one channel only (no audit: callers audit)."""
    out: list[ActRow] = []
    with ctx.store.read() as s:
        agents = agent_names(s)
        for kind, table, column, channel, receipt in SOURCES:
            if axis == "kind" and key != kind.value:
                continue
            if axis == "channel" and channel is None:
                continue
            where = [column >= period.start, column < period.end]
            if axis == "channel":
                where.append(channel == key)
            chan = channel if channel is not None else null()
            query = select(receipt, column, chan, table.status, table.agent_id).where(*where).order_by(column)
            for number, at, chan_value, status, agent_id in s.execute(query):
                out.append(
                    ActRow(
                        kind=kind.value,
                        kind_label=kind.shown_one_label,
                        receipt_number=number,
                        at=at,
                        channel=chan_value,
                        channel_label=shown_channel_label(chan_value),
                        status=status,
                        status_label=shown_status_label(status),
                        agent_id=agent_id,
                        agent_name=agents.get(agent_id, (agent_id, ""))[0],
                        agent_login=agents.get(agent_id, ("", ""))[1],
                    )
                )
    out.sort(key=lambda r: (r.at, r.receipt_number))
    return out


WEEK = 7  # days: « cette semaine » of the per-agent counts


def _by_agent(s: Session, period: Period) -> tuple[AgentCount, ...]:
    """Each agent's acts of every kind, today and over the last WEEK days (station days), most acts first."""
    week = Period(period.last - timedelta(days=WEEK - 1), period.last, period.zone)
    today = period.bound(period.last)
    counts: dict[str, tuple[int, int]] = {}
    for _kind, table, column, _channel, _receipt in SOURCES:
        is_today = func.sum(case((column >= today, 1), else_=0))
        query = (
            select(table.agent_id, func.count(), is_today)
            .where(column >= week.start, column < week.end)
            .group_by(table.agent_id)
        )
        for agent_id, n, n_today in s.execute(query):
            before = counts.get(agent_id, (0, 0))
            counts[agent_id] = (before[0] + int(n_today or 0), before[1] + int(n))
    names = told_apart(agent_names(s))  # as the report names them (no direction character; two « Paul Roy » apart)
    rows = [AgentCount(names.get(a, a), t, w) for a, (t, w) in counts.items()]
    return tuple(sorted(rows, key=lambda r: (-r.week, -r.today, r.name)))


def _identities(s: Session, period: Period) -> tuple[tuple[str, int], ...]:
    """Procurations of the period per identity source, read from their audit events' « identite=… »."""
    details = s.scalars(
        select(AuditEvent.detail).where(
            AuditEvent.action == "procuration.etablie", AuditEvent.at >= period.start, AuditEvent.at < period.end
        )
    )
    counts: dict[str, int] = {}
    for detail in details:
        source = next((p[len("identite=") :] for p in (detail or "").split() if p.startswith("identite=")), None)
        if source is not None:
            counts[source] = counts.get(source, 0) + 1
    order = {v.value: i for i, v in enumerate(IdentitySource)}
    return tuple(sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def _rules(s: Session, period: Period) -> tuple[RuleCount, ...]:
    """Refusals on arrival (the batch's verdict) and later invalidations (a validated act invalidated afterwards)."""
    refused = dict(
        s.execute(
            select(OutboxEntry.verdict_rule_id, func.count())
            .where(
                OutboxEntry.verdict == Status.INVALIDEE.value,
                OutboxEntry.verdict_rule_id.is_not(None),
                OutboxEntry.acked_at >= period.start,
                OutboxEntry.acked_at < period.end,
            )
            .group_by(OutboxEntry.verdict_rule_id)
        )
        .tuples()
        .all()
    )
    earlier = aliased(ProcurationEvent)
    later = dict(
        s.execute(
            select(ProcurationEvent.rule_id, func.count())
            .where(
                ProcurationEvent.status == Status.INVALIDEE.value,
                ProcurationEvent.rule_id.is_not(None),
                ProcurationEvent.at >= period.start,
                ProcurationEvent.at < period.end,
                exists().where(
                    and_(
                        earlier.procuration_id == ProcurationEvent.procuration_id,
                        earlier.status == Status.VALIDEE.value,
                        earlier.id < ProcurationEvent.id,
                    )
                ),
            )
            .group_by(ProcurationEvent.rule_id)
        )
        .tuples()
        .all()
    )
    ids = sorted(set(refused) | set(later), key=lambda r: (-(refused.get(r, 0) + later.get(r, 0)), str(r)))
    return tuple(RuleCount(str(r), refused.get(r, 0), later.get(r, 0), rule_reason(str(r)) or "") for r in ids)


def _cumulative(per_day: Sequence[int], start: int) -> list[int]:
    out, running = [], start
    for n in per_day:
        running += n
        out.append(running)
    return out


def _sync(s: Session, period: Period) -> SyncFigures:
    # What waits is what the sync worker will still send: an entry set aside (refused at reception) never is, and is
    # listed among the refusals instead. Counted as `desktop.sync.outbox.pending` counts it, so the dashboard, the
    # status bar and the Synchronisation screen say one number (an entry set aside waited « 30 jours » here).
    waiting = OutboxEntry.acked_at.is_(None) & OutboxEntry.set_aside_at.is_(None)
    pending, oldest = s.execute(select(func.count(), func.min(OutboxEntry.created_at)).where(waiting)).one()
    state = s.get(SyncState, 1)
    # Backlog at the end of day d = entries created by then - entries acknowledged (or set aside) by then.
    zeros = [0] * len(period.days)
    created = _count_per_day(s, OutboxEntry.created_at, period).get(None, zeros)
    acked = _count_per_day(s, OutboxEntry.acked_at, period).get(None, zeros)
    set_aside = _count_per_day(s, OutboxEntry.set_aside_at, period, where=[OutboxEntry.acked_at.is_(None)])
    gone = [a + b for a, b in zip(acked, set_aside.get(None, zeros), strict=True)]
    backlog = _cumulative([c - g for c, g in zip(created, gone, strict=True)], _backlog_at(s, period.start))
    return SyncFigures(
        pending=int(pending),
        oldest_pending_at=oldest.replace(tzinfo=UTC)
        if isinstance(oldest, datetime) and oldest.tzinfo is None
        else oldest,
        last_success_at=state.last_success_at if state is not None else None,
        backlog=tuple(backlog),
    )


def _backlog_at(s: Session, start: datetime) -> int:
    """Entries created before `start` and not gone by then (acknowledged or set aside), less any gone before they
    were made (a clock set back): what « created before − gone before » counts, each part through an index on the
    period's side. Those two counts read the whole outbox, every entry a station ever sent (an aged store: a year)."""
    o = OutboxEntry
    created_before = unindexed(o.created_at) < start  # the acknowledgement's index reads the period, not the year
    acked_since = select(func.count()).where(o.acked_at >= start, created_before)
    waiting = select(func.count()).where(
        o.acked_at.is_(None), created_before, o.set_aside_at.is_(None) | (o.set_aside_at >= start)
    )
    gone_first = select(func.count()).where(o.created_at >= start, func.coalesce(o.acked_at, o.set_aside_at) < start)
    return (s.scalar(acked_since) or 0) + (s.scalar(waiting) or 0) - (s.scalar(gone_first) or 0)


def _renewals(s: Session, period: Period) -> RenewalFigures:
    # R-PASS-1: the old passport is due by day 40 after the start event; warn 7 days ahead (the desk's own rule).
    running = (
        (PassportCase.status == PassportStatus.EN_COURS.value)
        & PassportCase.deadline_start.is_not(None)
        & PassportCase.old_passport_returned.is_(None)
    )
    limit = period.last - timedelta(days=RETURN_DAYS)  # deadline = start + 40 days
    due = s.scalar(
        select(func.count()).where(
            running, PassportCase.deadline_start >= limit, PassportCase.deadline_start <= limit + timedelta(days=7)
        )
    )
    overdue = s.scalar(
        select(func.count()).where(
            (running & (PassportCase.deadline_start < limit))
            | (PassportCase.status == PassportStatus.A_INVALIDER.value)
        )
    )
    # The period's station days, as its bars count them (was the last 30 × 24 h from the clock: a request of the
    # evening before the first day, in a zone west of UTC, was in this count and in no bar).
    ivote = s.scalar(
        select(func.count()).where(IvoteRequest.created_at >= period.start, IvoteRequest.created_at < period.end)
    )
    return RenewalFigures(int(due or 0), int(overdue or 0), int(ivote or 0))
