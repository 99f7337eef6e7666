"""The « Journal d'audit » screen's reads: who did what, when, on which act, filtered; the chain's integrity.

Supervisors and administrators only (audit.exporter, the permission of the command-line export); each search is
itself audited (« journal.consulte »: the filters used and the count, never what was typed). The rows carry no
personal data: ids and rule codes (spec/security.md); an agent's name comes from the accounts, an act's receipt
number from its record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from desktop.i18n import _, ngettext
from desktop.models import (
    Agent,
    AuditEvent,
    IssuedReceipt,
    IvoteRequest,
    PassportCase,
    Procuration,
    ProcurationEvent,
    Revocation,
    SupervisorDecision,
)
from desktop.security.roles import Permission
from desktop.services.agent_names import agent_names
from desktop.services.audit_words import action_label, kind_of, printed_receipt, record_kind_label
from desktop.services.context import ServiceContext
from desktop.services.guard import require_audited
from desktop.services.journal import action, audit
from desktop.services.shown_lists import listed_count, listed_names, read_listed

_PREFIX = re.compile(r"(.*?-)[0-9]+")  # a receipt number's part before its sequence (« GCH-75056-01-2026- »)
LIMIT = 500  # rows a search shows at most, newest first: a year of log never reaches the screen whole
CONSULTED = "journal.consulte"
# The acts that have a receipt number (or a case number), and its column.
_NUMBERED = (
    (Procuration, Procuration.receipt_number),
    (Revocation, Revocation.receipt_number),
    (PassportCase, PassportCase.case_number),
    (IvoteRequest, IvoteRequest.receipt_number),
)


@dataclass(frozen=True, slots=True)
class JournalQuery:
    """What the supervisor asks: each filter optional; dates are the station's days, both included."""

    agent_id: str | None = None
    first: date | None = None
    last: date | None = None
    kind: str | None = None  # an ActionKind key (audit_words.ACTION_KINDS)
    reference: str | None = None  # a receipt or case number, or a record id

    def used(self) -> str:
        """The filters used, by name only (the audit's detail: never the values typed)."""
        names = [n for n, v in (("agent", self.agent_id), ("du", self.first), ("au", self.last),
                                ("nature", self.kind), ("reference", self.reference)) if v]  # fmt: skip
        return ",".join(names) or "aucun"


@dataclass(frozen=True, slots=True)
class JournalRow:
    seq: int
    at: datetime
    agent_id: str | None
    agent_name: str  # « identifiant inconnu » for a login attempt on no account
    agent_login: str
    action: str  # as stored
    action_label: str
    record_kind: str | None
    record_id: str | None
    reference: str  # the act's receipt number when it has one, else the stored id
    detail: str | None  # pseudonymous (rule ids, counts)
    # A consultation that listed several acts: their receipt numbers as the line names them (None: not a list);
    # `listed_more` more were counted only (a long list), or all of them when the line kept a digest only
    # (`listed_kept` False: lines written before session 32).
    listed: tuple[str, ...] | None = None
    listed_more: int = 0
    listed_kept: bool = True


@dataclass(frozen=True, slots=True)
class JournalResult:
    rows: tuple[JournalRow, ...]
    more: bool  # more rows matched than the limit: the supervisor narrows the search


@dataclass(frozen=True, slots=True)
class AgentChoice:
    agent_id: str
    name: str
    login: str
    active: bool


@dataclass(frozen=True, slots=True)
class Integrity:
    """The chain's verification, in words: intact, or where it breaks."""

    ok: bool
    rows: int
    text: str
    first_break: int | None = None


class AuditSearchService:
    """Reads of the audit log for the screen; the permission is checked (a refusal audited) at each call."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def refusal(self) -> str | None:
        """What the agent would be told if they may not open the journal (no audit: the screen decides)."""
        from desktop.services.guard import refusal

        found = refusal(self.ctx, Permission.AUDIT_EXPORTER)
        return None if found is None else found.message

    def agents(self) -> list[AgentChoice]:
        """The station's accounts, active first, by name (the agent filter's list)."""
        require_audited(self.ctx, Permission.AUDIT_EXPORTER)
        with self.ctx.store.read() as s:
            found = s.execute(select(Agent.id, Agent.display_name, Agent.login, Agent.active)).all()
        return sorted(
            (AgentChoice(i, n, login, bool(a)) for i, n, login, a in found),
            key=lambda c: (not c.active, c.name.casefold(), c.login),
        )

    def search(self, query: JournalQuery, *, limit: int = LIMIT) -> JournalResult:
        """The events matching `query`, newest first, `limit` at most; the consultation is audited after the read,
        as the dashboard's listings are (desktop/services/dashboard.py `waiting`)."""
        require_audited(self.ctx, Permission.AUDIT_EXPORTER)
        from desktop.services.consultation_writer import settle

        settle(self.ctx.store)  # the consultations journaled and not yet in the chain: « who looked at » sees them
        zone = self.ctx.zone()
        with self.ctx.store.read() as s:
            where: list[ColumnElement[bool]] = []
            if query.agent_id:
                where.append(AuditEvent.agent_id == query.agent_id)
            if query.first is not None:
                where.append(AuditEvent.at >= _midnight(query.first, zone))
            if query.last is not None:
                where.append(AuditEvent.at < _midnight(query.last + timedelta(days=1), zone))
            kind = kind_of(query.kind) if query.kind else None
            if kind is not None:
                names = [AuditEvent.action.in_(sorted(kind.names))] if kind.names else []
                prefixes = [AuditEvent.action.startswith(p, autoescape=True) for p in kind.prefixes]
                where.append(or_(*names, *prefixes))
            reference = (query.reference or "").strip()
            if reference:
                records = _records_of(s, reference)
                # The lists that showed the act among others name it by its receipt number (shown_lists.py).
                lists = _listings_of(s, where, records, {reference, reference.upper(), *_numbers(s, records).values()})
                where.append(or_(AuditEvent.record_id.in_(sorted(records)), AuditEvent.seq.in_(lists)))
            found = s.scalars(
                select(AuditEvent).where(*where).order_by(AuditEvent.at.desc(), AuditEvent.seq.desc()).limit(limit + 1)
            ).all()
            more = len(found) > limit
            found = found[:limit]
            agents = agent_names(s)
            named = {e.record_id for e in found if e.record_id}
            named |= {i for e in found for i in _pairs(e.detail).get("procurations", "").split(",") if i}
            numbers = _numbers(s, named)
            rows = tuple(_row(e, agents, numbers) for e in found)
        with action(self.ctx.store) as s:
            audit(
                s,
                actor=self.ctx.actor,
                action_name=CONSULTED,
                now=self.ctx.clock(),
                record_kind="audit",
                detail=f"filtres={query.used()} lignes={len(rows)}{' tronque' if more else ''}",
            )
        return JournalResult(rows, more)

    def integrity(self) -> Integrity:
        """Verify the retained chain (off the GUI thread: a year of log is seconds of HMACs) and say it in words:
        whole at the first check of the process, then what was sealed since (desktop/services/chain_watch.py)."""
        require_audited(self.ctx, Permission.AUDIT_EXPORTER)
        from desktop.services.audit_log import AuditKeyMissing
        from desktop.services.chain_watch import check

        try:
            checked = check(self.ctx.store)  # whole once, then what was sealed since (chain_watch)
        except AuditKeyMissing:
            return Integrity(False, 0, _("Vérification impossible : la base est ouverte sans la clé du journal."))
        report = checked.report
        if report.ok:
            said = ngettext("{n} événement vérifié", "{n} événements vérifiés", checked.rows).format(n=checked.rows)
            return Integrity(True, checked.rows, _("Journal intact : {checked}, chaînage sans rupture.").format(
                checked=said))  # fmt: skip
        first = min(p.seq for p in report.problems)
        said = " ".join(p.message for p in report.problems[:3])
        more = len(report.problems) - 3
        if more > 0:
            said += " " + _("(et {n} autres anomalies)").format(n=more)
        return Integrity(
            False,
            checked.rows,
            _("Journal altéré : rupture à l'événement n° {seq}. {problems}").format(seq=first, problems=said),
            first,
        )


def _midnight(day: date, zone: tzinfo) -> datetime:
    """The station's midnight starting `day`, in UTC (the store keeps UTC)."""
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def _records_of(s: Session, reference: str) -> set[str]:
    """Every record id an event about this act may carry: the text itself (a record id, or the receipt number a
    preview names), the act's id, a procuration's résiliations and supervisor decision, a receipt's record."""
    numbers = sorted({reference, reference.upper()})  # « gch-2026-… » typed in lower case finds the act too
    ids = set(numbers)
    for table, column in _NUMBERED:
        ids.update(s.scalars(select(table.id).where(column.in_(numbers))))
    ids.update(s.scalars(select(IssuedReceipt.record_id).where(IssuedReceipt.number.in_(numbers))))
    procurations = set(s.scalars(select(Procuration.id).where(Procuration.id.in_(sorted(ids)))))
    if procurations:
        notes = s.scalars(
            select(ProcurationEvent.note).where(
                ProcurationEvent.procuration_id.in_(sorted(procurations)),
                ProcurationEvent.note.startswith("resiliation:"),
            )
        )
        ids.update(note.removeprefix("resiliation:") for note in notes if note)
        ids.update(
            s.scalars(select(SupervisorDecision.id).where(SupervisorDecision.record_id.in_(sorted(procurations))))
        )
    return ids


def _pairs(detail: str | None) -> dict[str, str]:
    """A detail's « key=value » parts (« resultats=3;empreinte=…;recepisses=… »)."""
    if not detail:
        return {}
    return dict(part.split("=", 1) for part in detail.split(";") if "=" in part)


def _listed(e: AuditEvent, numbers: dict[str, str]) -> tuple[tuple[str, ...] | None, int, bool]:
    """What a consultation of several acts listed: their receipt numbers, how many more, whether they were kept."""
    if e.action != "consultation":
        return None, 0, True
    pairs = _pairs(e.detail)
    more = pairs.get("autres", "0")
    extra = int(more) if more.isdigit() else 0
    if "recepisses" in pairs:  # the day's lists (shown_lists.py): READ_MAX numbers at most, the rest counted
        listed = read_listed(pairs["recepisses"])
        return tuple(listed), extra + listed_count(pairs["recepisses"]) - len(listed), True
    if "procurations" in pairs:  # a person's procurations a check disclosed (check_disclosure.py): ids
        ids = [i for i in pairs["procurations"].split(",") if i]
        return tuple(numbers.get(i, i) for i in ids), extra, True
    count = pairs.get("resultats", "")
    if "empreinte" in pairs and count.isdigit():  # a list journaled by its digest only (before session 32)
        return (), int(count), False
    return None, 0, True


def _listings_of(s: Session, where: list[ColumnElement[bool]], records: set[str], numbers: set[str]) -> list[int]:
    """The consultations, among those `where` selects, whose list named one of these acts (a receipt number in
    « recepisses= », a record id in « procurations= »): read from the lines that may name them, then checked."""
    numbers = {n for n in numbers if n}
    prefixes = {m.group(1) or m.group(0) for n in numbers if (m := _PREFIX.fullmatch(n))}
    hints = [AuditEvent.detail.contains(p, autoescape=True) for p in sorted(prefixes | records)]
    if not hints:
        return []
    found = s.execute(
        select(AuditEvent.seq, AuditEvent.detail).where(*where, AuditEvent.action == "consultation", or_(*hints))
    )
    out = []
    for seq, detail in found:
        pairs = _pairs(detail)
        if listed_names(pairs.get("recepisses", ""), numbers) or records & set(
            pairs.get("procurations", "").split(",")
        ):
            out.append(seq)
    return out


def _numbers(s: Session, record_ids: Iterable[str]) -> dict[str, str]:
    """The receipt (or case) number of each of these records that has one."""
    wanted = sorted(record_ids)
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 400):  # SQLite's bound parameters: a page at a time
        page = wanted[start : start + 400]
        for table, column in _NUMBERED:
            out.update((i, n) for i, n in s.execute(select(table.id, column).where(table.id.in_(page))))
    return out


def _row(e: AuditEvent, agents: dict[str, tuple[str, str]], numbers: dict[str, str]) -> JournalRow:
    if e.agent_id is None and e.action.startswith("connexion."):
        name, login = _("identifiant inconnu"), ""  # a login typed that no account has: never written (audit_log.py)
    elif e.agent_id is None:
        name, login = _("le poste (tâche automatique)"), ""  # retention, synchronisation
    else:
        name, login = agents.get(e.agent_id, (e.agent_id, ""))
    reference = ""
    if e.record_id:
        if e.record_kind == "agent" and e.record_id in agents:
            target, target_login = agents[e.record_id]
            reference = f"{target} ({target_login})"
        else:  # a renewal's print names its receipt (a case has up to three), else the record's number
            printed = printed_receipt(e.detail) if e.action.startswith("recepisse.") else None
            reference = printed or numbers.get(e.record_id, e.record_id)
        kind = record_kind_label(e.record_kind)
        reference = f"{kind} {reference}".strip()
    listed, more, kept = _listed(e, numbers)
    return JournalRow(
        seq=e.seq,
        at=e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC),
        agent_id=e.agent_id,
        agent_name=name,
        agent_login=login,
        action=e.action,
        action_label=action_label(e.action, e.record_kind, e.detail),
        record_kind=e.record_kind,
        record_id=e.record_id,
        reference=reference,
        detail=e.detail,
        listed=listed,
        listed_more=more,
        listed_kept=kept,
    )
