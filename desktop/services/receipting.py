"""Receipts of the ctx: content built from the records, signed once, kept, printed and reprinted as DUPLICATA."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import N_, SOURCE_LANGUAGE, _, language
from desktop.models import Agent, Elector, IssuedReceipt, Procuration, Revocation, SupervisorDecision
from desktop.receipts import payload as wire
from desktop.receipts.content import (
    RESILIATION_SCOPE,
    Authority,
    Party,
    Receipt,
    ReceiptKind,
    format_date_fr,
    resiliation_count_text,
)
from desktop.receipts.next_steps import default_next_steps
from desktop.receipts.signing import SignedReceipt
from desktop.rules.calendar import ElectionCalendar, covered_elections
from desktop.rules.counter import check_timing
from desktop.rules.supervision import ACCEPTEE
from desktop.rules.terms import Capacity, Status, channel_label
from desktop.rules.types import DurationValidity, ListKind, Rounds, ScrutinValidity, Validity
from desktop.services.context import ServiceContext
from desktop.services.journal import next_number
from desktop.services.printing import PrintOutcome, print_kept
from desktop.services.procuration_body import validity_of_row

log = logging.getLogger(__name__)

ROUND_LABELS = {"T1": N_("1er tour"), "T2": N_("2d tour"), "T1_T2": N_("1er et 2d tours")}


def new_receipt_number(session: Session, ctx: ServiceContext, now: datetime) -> str:
    """GCH-<station>-<year>-<n>: gap-free per station and year, inside the caller's transaction; the year is the
    station's, the one its receipt is issued in (Nouméa's New Year's morning is still 31 December in UTC)."""
    year = now.astimezone(ctx.zone()).year
    n = next_number(session, f"recepisse-{year}")
    return f"GCH-{ctx.settings.station_code}-{year}-{n:06d}"


def party_of(elector: Elector) -> Party:
    """A person as printed: names, birth date, NNE (masked by the renderers)."""
    return Party(nom=elector.last_name, prenoms=elector.given_names, date_naissance=elector.birth_date, nne=elector.nne)


def validity_text(proc: Procuration, calendar: ElectionCalendar) -> str:
    """The validity in words: « Élection présidentielle 2027 : 1er et 2d tours (11 avril et 25 avril 2027) »."""
    return validity_label(
        calendar, proc.validity_kind, proc.election_id, proc.rounds, proc.valid_from, proc.valid_until
    )


def validity_label(
    calendar: ElectionCalendar,
    kind: str,
    election_id: str | None,
    rounds: str | None,
    start: date | None,
    end: date | None,
    *,
    shown: bool = False,
) -> str:
    """The same from the plain column values (search rows are read without the ORM, for speed).

    ``shown``: for a screen, in the agent's language; the receipt keeps the default, French (a legal document).
    """
    tr = _ if shown else _french
    day = shown_date if shown else format_date_fr
    if kind == "SCRUTIN" and election_id:
        election = calendar.get(election_id)
        chosen = rounds or "T1_T2"
        chosen_text = tr(ROUND_LABELS[chosen]) if chosen in ROUND_LABELS else chosen
        if election is None:
            return tr(N_("Scrutin {election} : {rounds}")).format(election=election_id, rounds=chosen_text)
        days = tr(N_(" et ")).join(day(d) for d in election.dates(Rounds(chosen)))
        return tr(N_("{election} : {rounds} ({days})")).format(
            election=election.shown_label if shown else election.label, rounds=chosen_text, days=days
        )
    if start is not None and end is not None:
        return tr(N_("Du {start} au {end} inclus")).format(start=day(start), end=day(end))
    return tr(N_("Validité non précisée"))


def _french(message: str) -> str:
    return message


def shown_date(day: date) -> str:
    """A date on a screen: « 2 juin 1975 » in French, 02/06/1975 in another language (no French month names)."""
    return format_date_fr(day) if language() == SOURCE_LANGUAGE else day.strftime("%d/%m/%Y")


def covered_election_labels(
    calendar: ElectionCalendar,
    kind: str,
    election_id: str | None,
    rounds: str | None,
    start: date | None,
    end: date | None,
    *,
    shown: bool = False,
) -> tuple[str, ...]:
    """R-VALID-5: every election the procuration covers, the chosen one and those sharing its vote dates (the one
    place the form, the review step and the receipt read it from). ``shown``: named for a screen, in the agent's
    language; the receipt keeps the French label."""
    validity: Validity
    if kind == "SCRUTIN" and election_id and calendar.get(election_id) is not None:
        try:
            validity = ScrutinValidity(election_id, Rounds(rounds or Rounds.BOTH.value))
        except ValueError:
            return ()
    elif kind == "DUREE" and start is not None and end is not None and start <= end:
        validity = DurationValidity(start, end)
    else:
        return ()
    return tuple(e.shown_label if shown else e.label for e in covered_elections(validity, calendar))


def decision_text(row: SupervisorDecision, *, zone: tzinfo) -> str:
    """« Décision du superviseur (R-ELIG-4) : acceptée par X le 01/12/2026 à 10:15 — motif : … » (record, receipt);
    the time on the station's clock (`zone`), as the receipt's own issue time: the store keeps UTC."""
    verdict = "acceptée" if row.status == ACCEPTEE else "refusée"
    decided = row.decided_at.astimezone(zone) if row.decided_at is not None else None
    when = decided.strftime("le %d/%m/%Y à %H:%M") if decided is not None else ""
    return "Décision du superviseur ({replace}) : {verdict} par {decided_by_name} {when} — motif : {reason}".format(
        replace=row.rule_ids.replace(",", ", "),
        verdict=verdict,
        decided_by_name=row.decided_by_name,
        when=when,
        reason=row.reason,
    )


def procuration_receipt(
    ctx: ServiceContext,
    proc: Procuration,
    *,
    number: str,
    issued_at: datetime,
    status: Status,
    close_to_vote: bool = False,
    decision: str | None = None,
) -> Receipt:
    """The receipt of an established procuration: every election it covers, a supervisor's decision if any."""
    details: list[tuple[str, str]] = [("Canal", channel_label(proc.channel))]
    covered = covered_election_labels(
        ctx.calendar, proc.validity_kind, proc.election_id, proc.rounds, proc.valid_from, proc.valid_until
    )
    if covered:
        details.append(("Élections couvertes", ", ".join(covered)))
    if proc.request_reference:
        details.append(("Référence de la demande", proc.request_reference))
    details.append(("Établie", "À l'étranger" if proc.established_in == "etranger" else "En France"))
    if proc.home_visit:
        details.append(("Déplacement", "À domicile (demande écrite et attestation conservées)"))
    if decision:
        details.append(("Décision du superviseur", decision.removeprefix("Décision du superviseur ")))
    nc = ListKind.NC.value in (proc.mandant.list_kind, proc.mandataire.list_kind)
    return Receipt(
        number=number,
        kind=ReceiptKind.PROCURATION,
        place=ctx.place(),
        authority=Authority(proc.authority_name, proc.authority_capacity),
        issued_at=issued_at,
        status=status,
        mandant=party_of(proc.mandant),
        mandataire=party_of(proc.mandataire),
        validity=validity_text(proc, ctx.calendar),
        details=tuple(details),
        next_steps=default_next_steps(
            ReceiptKind.PROCURATION, status, nouvelle_caledonie=nc, close_to_vote=close_to_vote
        ),
    )


def revocation_receipt(
    ctx: ServiceContext,
    rev: Revocation,
    *,
    count: int,
    issued_at: datetime,
    status: Status,
    authority: Authority,
    nouvelle_caledonie: bool = False,
) -> Receipt:
    """The receipt of a résiliation (every procuration of the mandant); ``authority``: who received it (R-AUTH-5).

    ``count`` is what this counter ended: the central store ends the others, wherever they were established
    (R-REVOKE-2), and their number is not known here, so the receipt states the scope and this counter's share.
    ``nouvelle_caledonie``: the mandant or a mandataire of what it ended is on a New Caledonia list, whose
    procurations the online service does not show: no promise of an online check (R-NC-4)."""
    details = (("Formulaire", channel_label(rev.channel)), ("Procurations résiliées", resiliation_count_text(count)))
    return Receipt(
        number=rev.receipt_number,
        kind=ReceiptKind.RESILIATION,
        place=ctx.place(),
        authority=authority,
        issued_at=issued_at,
        status=status,
        mandant=party_of(rev.mandant),
        validity=RESILIATION_SCOPE,
        details=details,
        next_steps=default_next_steps(ReceiptKind.RESILIATION, status, nouvelle_caledonie=nouvelle_caledonie),
    )


def revocation_authority(s: Session, ctx: ServiceContext, rev: Revocation) -> Authority:
    """The authority who received the résiliation, as kept with it at the act (0011)."""
    if rev.authority_name is not None and rev.authority_capacity is not None:
        return Authority(rev.authority_name, rev.authority_capacity)
    # Recorded before 0011, which kept no authority: the account of the agent who recorded it, as stored now (its
    # name may have been edited since); failing that (account deleted, or no agent id), whoever prints, as before.
    agent = s.get(Agent, rev.agent_id) if rev.agent_id else None
    if agent is None:
        return ctx.authority()
    capacity = Capacity.parse(agent.capacity)
    return Authority(agent.display_name, capacity.label if capacity is not None else "Agent")


def rebuild(ctx: ServiceContext, number: str) -> SignedReceipt | None:
    """The kept receipt with its original signed payload, rebuilt from the records; marked DUPLICATA only once a
    copy was printed (a receipt kept when the paper ran out is printed later as the original)."""
    with ctx.store.read() as s:
        row = s.get(IssuedReceipt, number)
        if row is None:
            return None
        status = wire.parse(row.payload).claims.status
        if row.kind == ReceiptKind.PROCURATION.value:
            proc = s.get(Procuration, row.record_id)
            if proc is None:
                return None
            ruling = s.scalar(select(SupervisorDecision).where(SupervisorDecision.record_id == proc.id).limit(1))
            receipt = procuration_receipt(
                ctx,
                proc,
                number=number,
                issued_at=row.issued_at,
                status=status,
                close_to_vote=_was_close_to_vote(ctx, proc),
                decision=decision_text(ruling, zone=ctx.zone()) if ruling is not None else None,
            )
        elif row.kind == ReceiptKind.RESILIATION.value:
            rev = s.get(Revocation, row.record_id)
            if rev is None:
                return None
            ended = _revoked(s, rev)
            receipt = revocation_receipt(
                ctx,
                rev,
                count=len(ended),
                issued_at=row.issued_at,
                status=status,
                authority=revocation_authority(s, ctx, rev),
                nouvelle_caledonie=revocation_nc(rev, ended),
            )
        else:
            return None  # renewal receipts are rebuilt by their own services
        key_id = wire.parse(row.payload).claims.key_id
        signed = SignedReceipt(receipt=receipt, payload=row.payload, key_id=key_id)
        return signed.as_duplicate() if row.print_count > 0 else signed


def _was_close_to_vote(ctx: ServiceContext, proc: Procuration) -> bool:
    """Whether the act carried R-TIME-2's warning: its next vote within the warning's days of its local day."""
    from zoneinfo import ZoneInfo

    if proc.election_id and ctx.calendar.get(proc.election_id) is None:
        return False  # a scrutin the calendar no longer holds: no vote date to be close to
    try:
        validity = validity_of_row(proc)
    except ValueError:  # rounds the wire would not hold
        return False
    if validity is None:
        return False
    day = proc.established_at.astimezone(ZoneInfo(ctx.settings.station_timezone)).date()
    warn = ctx.rules_settings.late_warning_days
    return bool(check_timing(validity, today=day, calendar=ctx.calendar, warn_days=warn))


def revocation_nc(rev: Revocation, ended: Sequence[Procuration]) -> bool:
    """Whether the mandant or a mandataire of the procurations a résiliation ended is on a New Caledonia list."""
    return any(p.list_kind == ListKind.NC.value for p in (rev.mandant, *(q.mandataire for q in ended)))


def _revoked(s: Session, rev: Revocation) -> list[Procuration]:
    """The procurations of this counter a résiliation ended (their « resiliation:<id> » history lines)."""
    from desktop.models import ProcurationEvent

    return list(
        s.scalars(
            select(Procuration)
            .join(ProcurationEvent, ProcurationEvent.procuration_id == Procuration.id)
            .where(ProcurationEvent.note == f"resiliation:{rev.id}")
        )
    )


def reprint(ctx: ServiceContext, number: str) -> PrintOutcome:
    """Print a kept receipt: the original if no copy was printed yet, else DUPLICATA (same signature)."""
    signed = rebuild(ctx, number)
    if signed is None:
        return PrintOutcome(number=number, printed=False, message=_("Récépissé introuvable sur ce poste."))
    return print_kept(ctx, signed, record_kind="recepisse")


def birth_text(value: date | None) -> str:
    """A birth date as agents type it: 15/01/1990."""
    return value.strftime("%d/%m/%Y") if value else ""


def consulted(ctx: ServiceContext, number: str, *, where: str) -> SignedReceipt | None:
    """`rebuild`, for a screen: the receipt shows the mandant's and mandataire's identity, so reading it is a
    consultation journaled before it is returned (R-DATA-4); `where` names the screen (« apercu », « apercu;
    tableau_de_bord »). The caller has checked the agent may consult (R-DATA-3)."""
    signed = rebuild(ctx, number)
    if signed is not None:
        from desktop.services.consultations import record_consultation  # not on the start-up path

        record_consultation(
            ctx.store, actor=ctx.actor, now=ctx.clock(), record_kind="recepisse", detail=where, record_id=number
        )
    return signed
