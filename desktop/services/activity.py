"""Activité du jour: this station's acts of the day, each with where it stands and its receipt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import (
    IssuedReceipt,
    IvoteRequest,
    PassportCase,
    PassportEvent,
    Procuration,
    ProcurationEvent,
    Revocation,
)
from desktop.rules.terms import Status
from desktop.services.agent_names import agent_names
from desktop.services.context import ServiceContext
from desktop.services.outbox_state import EntryState, outbox_states

KIND_LABELS = {
    "procuration": N_("Procuration"),
    "resiliation": N_("Résiliation"),
    "passeport": N_("Passeport"),
    "vote_internet": N_("Vote par internet"),
}


RENEWAL_KINDS = frozenset({"passeport", "vote_internet"})


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One act of the day as the list shows it (plain values: the view never sees the ORM)."""

    receipt_number: str
    kind: str
    kind_label: str
    at: datetime
    person: str
    status: str
    status_label: str
    to_print: bool
    printed: int
    alert: bool  # the central store refused or voided it: the citizen must be told
    advice: str  # what to tell the citizen
    sync_label: str
    agent_name: str = ""  # who did the act, as the Agents screen names the account (never a citizen)
    agent_login: str = ""  # the login the Agents screen shows as « Identifiant »
    # False for an earlier day's act the central store refused or annulled today: listed so that the citizen is
    # told, not one of the day's acts the dashboard and the Rapport d'activité count.
    of_today: bool = True
    # False for a passport case opened in the day (steps 1 and 2 give no receipt): `receipt_number` is the case's
    # number, and there is nothing to print.
    receipt_issued: bool = True

    @property
    def local_time(self) -> str:
        return self.at.strftime("%H:%M")


def day_bounds(ctx: ServiceContext, day: date | None = None) -> tuple[datetime, datetime]:
    """The station's local day as a UTC interval."""
    zone = ZoneInfo(ctx.settings.station_timezone)
    local_day = day or ctx.clock().astimezone(zone).date()
    start = datetime.combine(local_day, time(0, 0), tzinfo=zone).astimezone(UTC)
    return start, start + timedelta(days=1)


def _status_label(kind: str, status: str, sync: EntryState | None) -> str:
    try:
        value = Status(status)
    except ValueError:  # a passport case's or an internet-vote request's: in words, as the dashboard's lists say it
        # Imported here: dashboard_values reaches the wire's pydantic models (services/ivote.py), which the desk's
        # services must not load before the store is ready (tests/views/test_startup_path.py).
        from desktop.services.dashboard_values import shown_status_label

        return shown_status_label(status)
    if value is Status.PROVISOIRE:
        if sync is EntryState.ACCEPTED:
            return _("Provisoire, reçue par le central")
        return _("Provisoire, en attente du central")
    if value is Status.VALIDEE:  # the words of Rechercher's and Résilier's tables
        return _("Validée par le central")
    if value is Status.INVALIDEE:
        return _("Invalidée par le central")
    if value is Status.ANNULEE:
        return _("Annulée par le central")
    return value.shown_label


def _renewal_advice(rule_id: str | None, number: str) -> str:
    motive = _(" (motif {rule_id})").format(rule_id=rule_id) if rule_id else ""
    return _(
        "Le répertoire central a refusé l'acte n° {number}{motive} : ouvrez-le dans Renouvellements pour lire "
        "pourquoi, corrigez-le, puis prévenez le demandeur."
    ).format(number=number, motive=motive)


def _advice(kind: str, status: str, rule_id: str | None, number: str) -> str:
    motive = _(" (motif {rule_id})").format(rule_id=rule_id) if rule_id else ""
    if status == Status.INVALIDEE:
        if kind == "resiliation":
            return _(
                "Prévenez le mandant : la résiliation n° {number} a été refusée{motive} ; ses "
                "procurations restent en vigueur. Invitez-le à revenir au guichet."
            ).format(number=number, motive=motive)
        if rule_id == "R-VALID-6":  # the mandant is represented: by the earlier one, perhaps at another counter
            return _(
                "Prévenez le mandant : la procuration n° {number} n'a pas été retenue{motive} ; il en avait déjà "
                "donné une pour ce jour de vote, qui reste valable. Pour changer de mandataire, il doit d'abord "
                "résilier ses procurations."
            ).format(number=number, motive=motive)
        return _(
            "Prévenez le mandant : la procuration n° {number} n'a pas été retenue{motive} ; son "
            "mandataire ne pourra pas voter pour lui. Il peut en établir une nouvelle (Maprocuration "
            "ou guichet)."
        ).format(number=number, motive=motive)
    if status == Status.ANNULEE:
        return _(
            "Prévenez le mandant : l'acte n° {number} a été annulé par le répertoire "
            "central{motive}. Il peut en établir un nouveau."
        ).format(number=number, motive=motive)
    return ""


def todays_activity(ctx: ServiceContext, *, day: date | None = None) -> list[ActivityRow]:
    """Every receipt this station issued in the day, newest first, with the record's status and the outbox's."""
    start, end = day_bounds(ctx, day)
    zone = ZoneInfo(ctx.settings.station_timezone)
    rows: list[ActivityRow] = []
    with ctx.store.read() as s:
        receipts = s.scalars(
            select(IssuedReceipt)
            .where(IssuedReceipt.issued_at >= start, IssuedReceipt.issued_at < end)
            .order_by(IssuedReceipt.issued_at.desc())
        ).all()
        sync = outbox_states(s, (r.record_id for r in receipts))
        agents = agent_names(s)
        for receipt in receipts:
            person, status, rule_id, agent_id = "", Status.PROVISOIRE.value, None, ""
            kind_label, of_today = "", True
            if receipt.kind == "procuration":
                proc = s.get(Procuration, receipt.record_id)
                if proc is not None:
                    person = f"{proc.mandant.last_name} {proc.mandant.given_names} → {proc.mandataire.last_name}"
                    status, rule_id, agent_id = proc.status, proc.status_rule_id, proc.agent_id
            elif receipt.kind == "resiliation":
                rev = s.get(Revocation, receipt.record_id)
                if rev is not None:
                    person = f"{rev.mandant.last_name} {rev.mandant.given_names}"
                    status, agent_id = rev.status, rev.agent_id
            elif receipt.kind == "passeport":
                case = s.get(PassportCase, receipt.record_id)
                if case is not None:
                    person, status = f"{case.last_name} {case.given_names}", case.status
                    agent_id, kind_label, of_today = _passport_step(s, case, receipt.number, start, end, zone)
            elif receipt.kind == "vote_internet":
                request = s.get(IvoteRequest, receipt.record_id)
                if request is not None:
                    person, status, agent_id = f"NUMIC {request.numic}", request.status, request.agent_id
            agent_name, agent_login = agents.get(agent_id, (agent_id, ""))
            state = sync.get(receipt.record_id)
            entry = state.state if state is not None else None
            rule_id = rule_id or (state.rule_id if state is not None else None)
            # A renewal's record keeps its own status when the central store refuses its entry (R-PASS-STEP-n):
            # the refusal the dashboard counts under its rule is the entry's, said here as a procuration's is.
            refused = entry is EntryState.REFUSED and receipt.kind in RENEWAL_KINDS
            alert = status in (Status.INVALIDEE, Status.ANNULEE) or refused
            rows.append(
                ActivityRow(
                    receipt_number=receipt.number,
                    kind=receipt.kind,
                    kind_label=kind_label or _label(receipt.kind),
                    at=receipt.issued_at.astimezone(zone),
                    person=person,
                    status=status,
                    status_label=_status_label(receipt.kind, status, entry),
                    to_print=receipt.print_count == 0,
                    printed=receipt.print_count,
                    alert=alert,
                    advice=_renewal_advice(rule_id, receipt.number)
                    if refused
                    else _advice(receipt.kind, status, rule_id, receipt.number),
                    sync_label=entry.label if entry is not None else EntryState.NONE.label,
                    agent_name=agent_name,
                    agent_login=agent_login,
                    of_today=of_today,
                )
            )
        rows += _cases_opened(s, start, end, zone, agents)
        rows += _voided_today(s, ctx, start, end, {r.record_id for r in receipts}, agents)
    return sorted(rows, key=lambda r: r.at, reverse=True)


def _label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def _passport_step(
    s: Session, case: PassportCase, number: str, start: datetime, end: datetime, zone: ZoneInfo
) -> tuple[str, str, bool]:
    """Who recorded the step a passport receipt was given for (the journal's agent, not the case's opener), its
    label, and False: a renewal is one of the day's acts on the day its case is opened, as the dashboard and the
    Rapport d'activité count it (`_cases_opened` lists it), never once more for each of its step receipts."""
    step = int(number.rsplit("-E", 1)[1]) if "-E" in number else case.step
    agent_id = s.scalar(
        select(PassportEvent.agent_id)
        .where(PassportEvent.case_id == case.id, PassportEvent.step == step)
        .order_by(PassportEvent.id)
        .limit(1)
    )
    opened = case.created_at.astimezone(zone).strftime("%d/%m/%Y")
    label = _("Passeport, étape {step} du dossier ouvert le {day}").format(step=step, day=opened)
    return agent_id or case.agent_id, label, False


def _cases_opened(
    s: Session, start: datetime, end: datetime, zone: ZoneInfo, agents: dict[str, tuple[str, str]]
) -> list[ActivityRow]:
    """The passport cases opened in the day (steps 1 and 2: no receipt yet), listed under their case number: the
    renewals the dashboard's bar and the Rapport d'activité count, by the agent who opened them."""
    cases = s.scalars(select(PassportCase).where(PassportCase.created_at >= start, PassportCase.created_at < end))
    out = []
    for case in cases:
        sync = outbox_states(s, (case.id,)).get(case.id)
        entry = sync.state if sync is not None else None
        agent_name, agent_login = agents.get(case.agent_id, (case.agent_id, ""))
        out.append(
            ActivityRow(
                receipt_number=case.case_number,
                kind="passeport",
                kind_label=_("Passeport, dossier ouvert"),
                at=case.created_at.astimezone(zone),
                person=f"{case.last_name} {case.given_names}",
                status=case.status,
                status_label=_status_label("passeport", case.status, entry),
                to_print=False,  # steps 1 and 2 give the applicant no receipt (spec §9)
                printed=0,
                alert=False,
                advice="",
                sync_label=entry.label if entry is not None else EntryState.NONE.label,
                agent_name=agent_name,
                agent_login=agent_login,
                receipt_issued=False,
            )
        )
    return out


def _voided_today(
    s: Session,
    ctx: ServiceContext,
    start: datetime,
    end: datetime,
    listed: set[str],
    agents: dict[str, tuple[str, str]],
) -> list[ActivityRow]:
    """This station's procurations of earlier days that the central store refused or annulled today (an earlier
    act of another station synced late: R-LIMIT; a death the register reported: R-ELIG-5). The citizen must be
    told as for today's acts: before session 26 nothing ever said so, the badge promising it."""
    zone = ZoneInfo(ctx.settings.station_timezone)
    changed = s.execute(
        select(ProcurationEvent.procuration_id, func.max(ProcurationEvent.at))
        .where(
            ProcurationEvent.source == "central",
            ProcurationEvent.status.in_((Status.INVALIDEE, Status.ANNULEE)),
            ProcurationEvent.at >= start,
            ProcurationEvent.at < end,
        )
        .group_by(ProcurationEvent.procuration_id)
    ).all()
    out = []
    for pid, at in changed:
        proc = s.get(Procuration, pid)
        if pid in listed or proc is None or proc.status not in (Status.INVALIDEE, Status.ANNULEE):
            continue  # today's own acts are listed already; one in force again is no news
        receipt = s.get(IssuedReceipt, proc.receipt_number)
        day = proc.established_at.astimezone(zone).strftime("%d/%m/%Y")
        agent_name, agent_login = agents.get(proc.agent_id, (proc.agent_id, ""))
        out.append(
            ActivityRow(
                receipt_number=proc.receipt_number,
                kind="procuration",
                kind_label=_("Procuration du {day}").format(day=day),
                at=at.astimezone(zone),
                person=f"{proc.mandant.last_name} {proc.mandant.given_names} → {proc.mandataire.last_name}",
                status=proc.status,
                status_label=_status_label("procuration", proc.status, None),
                to_print=False,  # its receipt was the day it was established
                printed=receipt.print_count if receipt is not None else 0,
                alert=True,
                advice=_advice("procuration", proc.status, proc.status_rule_id, proc.receipt_number),
                sync_label=EntryState.ACCEPTED.label,
                agent_name=agent_name,
                agent_login=agent_login,
                of_today=False,
            )
        )
    return out
