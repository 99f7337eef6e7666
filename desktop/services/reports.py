"""The Rapport d'activité (PDF) and the export of acts (CSV) of a period: each one an audited act."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

from desktop.i18n import _
from desktop.receipts.activity_report import ActivityReport, ReportLine
from desktop.rules.spreadsheet import safe_row
from desktop.security.roles import Permission
from desktop.services.agent_names import agent_names, told_apart
from desktop.services.context import ServiceContext
from desktop.services.dashboard import Period, acts_between
from desktop.services.dashboard_values import ActKind, channel_label, status_label
from desktop.services.guard import require_audited
from desktop.services.journal import action, audit

MAX_DAYS = 366


class FrenchCsv(csv.Dialect):
    """What French spreadsheet programs open as is: `;` between fields (the comma is the decimal sign), CRLF."""

    delimiter = ";"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


# « Identifiant » is the login, as on the Agents screen; the internal number is the one the audit log names.
CSV_COLUMNS = (
    "Date",
    "Heure",
    "Nature",
    "Numéro de récépissé",
    "Canal",
    "Statut",
    "Agent",
    "Numéro interne de l'agent",
    "Identifiant de connexion",
)


class PeriodError(ValueError):
    """The period asked for cannot be reported (French message for the agent)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _kind(value: str, *, one: bool = False) -> str:
    """The French name of a kind of act (of one act: ``one``): the report is a document, printed in French whatever
    the screens' language (the dashboard's rows carry the labels in the agent's language)."""
    try:
        kind = ActKind(value)
    except ValueError:
        return value
    return kind.one_label if one else kind.label


def _totals(labels: list[str], order: list[str] | None = None) -> tuple[tuple[str, int], ...]:
    counted = Counter(labels)
    keys = [k for k in (order or []) if k in counted] + sorted(k for k in counted if k not in (order or []))
    return tuple((k, counted[k]) for k in keys)


class ActivityService:
    """Report and export for the supervisor (permission activite.exporter, refusals audited)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _period(self, first: date, last: date) -> Period:
        if last < first:
            raise PeriodError(_("La fin de la période précède son début : corrigez les dates."))
        if (last - first).days >= MAX_DAYS:
            raise PeriodError(_("La période dépasse un an : choisissez une période plus courte."))
        return Period(first, last, ZoneInfo(self.ctx.settings.station_timezone))

    def report(self, *, first: date, last: date) -> ActivityReport:
        """The period's acts and totals; the edition is audited (period and count only)."""
        period = self._period(first, last)
        require_audited(self.ctx, Permission.ACTIVITE_EXPORTER)
        acts = acts_between(self.ctx, period)
        with self.ctx.store.read() as read:  # each total names one account, as the dashboard's « Par agent » does
            names = told_apart(agent_names(read))
        now = self.ctx.clock()
        self._audit("activite.rapport", now, first, last, len(acts))
        s = self.ctx.settings
        zone = ZoneInfo(s.station_timezone)
        return ActivityReport(
            first=first,
            last=last,
            station_label=f"{s.station_kind.label} — {s.station_name}",
            station_code=s.station_code,
            generated=now.astimezone(zone).strftime("%d/%m/%Y à %H:%M"),
            generated_by=self.ctx.agent.name,
            lines=tuple(
                ReportLine(
                    at=a.at.astimezone(zone).strftime("%d/%m/%Y %H:%M"),
                    kind=_kind(a.kind, one=True),
                    receipt_number=a.receipt_number,
                    channel=channel_label(a.channel),
                    status=status_label(a.status),
                    agent=names.get(a.agent_id, a.agent_name),
                )
                for a in acts
            ),
            by_kind=_totals([_kind(a.kind) for a in acts], [k.label for k in ActKind]),
            by_channel=_totals([channel_label(a.channel) for a in acts if a.channel]),
            by_status=_totals([status_label(a.status) for a in acts]),
            by_agent=_totals([names.get(a.agent_id, a.agent_name) for a in acts]),
        )

    def report_pdf(self, *, first: date, last: date) -> bytes:
        """The report as an A4 PDF (receipts' visual identity, a signature block for the chef de poste)."""
        from desktop.receipts.activity_report import render_report

        return render_report(self.report(first=first, last=last))

    def export_csv(self, *, first: date, last: date) -> bytes:
        """The period's acts as CSV: UTF-8 with BOM, `;`, dates as 30/11/2026; the export is audited. A cell a
        spreadsheet would run as a formula (an agent's name `=HYPERLINK(…)`) is written with a leading `'`."""
        period = self._period(first, last)
        require_audited(self.ctx, Permission.ACTIVITE_EXPORTER)
        acts = acts_between(self.ctx, period)
        self._audit("activite.export_csv", self.ctx.clock(), first, last, len(acts))
        zone = ZoneInfo(self.ctx.settings.station_timezone)
        buffer = io.StringIO()
        writer = csv.writer(buffer, dialect=FrenchCsv)
        writer.writerow(CSV_COLUMNS)
        for a in acts:
            at = a.at.astimezone(zone)
            writer.writerow(
                safe_row(
                    (
                        at.strftime("%d/%m/%Y"),
                        at.strftime("%H:%M"),
                        _kind(a.kind, one=True),
                        a.receipt_number,
                        channel_label(a.channel) if a.channel else "",
                        status_label(a.status),
                        a.agent_name,
                        a.agent_id,
                        a.agent_login,
                    )
                )
            )
        return buffer.getvalue().encode("utf-8-sig")

    def _audit(self, name: str, now: datetime, first: date, last: date, count: int) -> None:
        with action(self.ctx.store) as s:
            audit(
                s,
                actor=self.ctx.actor,
                action_name=name,
                now=now,
                record_kind="activite",
                detail=f"du={first.isoformat()} au={last.isoformat()} actes={count}",
            )
