"""What a passport case reads as: its row, its 40-day return check, its summary and its history (spec §9).

Plain functions of a stored case, shared by the desk's acts (which answer with the case as it now stands) and its
reads (the list, the daily deadlines, one case).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Agent, PassportCase, PassportEvent
from desktop.receipts.next_steps import PASSPORT_STEP_TITLES
from desktop.rules.passport import ReturnStart, Step, check_return, return_deadline
from desktop.rules.types import Violation
from desktop.services.passport_values import COUNTRIES, CaseEvent, CaseNotFound, CaseSummary, PassportStatus


def case_row(s: Session, case_id: str) -> PassportCase:
    """The stored case, or CaseNotFound with the message the agent reads."""
    case = s.get(PassportCase, case_id)
    if case is None:
        raise CaseNotFound(_("Dossier introuvable sur ce poste."))
    return case


def return_check(case: PassportCase, start: ReturnStart, today: date, warn_days: int) -> list[Violation]:
    """R-PASS-1: the old passport's return against the 40 days counted from the station's starting event."""
    events = {start: case.deadline_start} if case.deadline_start else {}
    return check_return(
        events, start_event=start, returned_on=case.old_passport_returned, today=today, warn_days=warn_days
    )


def summary_of(case: PassportCase, start: ReturnStart, today: date) -> CaseSummary:
    """One line of the list: the case, its step and status, its return deadline and the days left."""
    deadline = return_deadline({start: case.deadline_start}, start_event=start) if case.deadline_start else None
    left = None
    if deadline is not None and case.old_passport_returned is None:
        left = (deadline - today).days
    return CaseSummary(
        case.id,
        case.case_number,
        f"{case.last_name.upper()} {case.given_names}",
        _(COUNTRIES[case.country][1]) if case.country in COUNTRIES else case.country,
        case.step,
        PassportStatus(case.status),
        deadline,
        case.old_passport_returned,
        left,
    )


def events_of(s: Session, case: PassportCase, *, acting: tuple[str | None, str] = (None, "")) -> tuple[CaseEvent, ...]:
    """The case's history, oldest first, each step with its title and the name of the agent who recorded it (the
    agents' accounts; `acting`, the acting agent's id and name, for an account the store does not hold)."""
    events = list(s.scalars(select(PassportEvent).where(PassportEvent.case_id == case.id).order_by(PassportEvent.id)))
    ids = {e.agent_id for e in events}
    accounts = {
        row.id: (row.display_name, row.login)
        for row in s.execute(select(Agent.id, Agent.display_name, Agent.login).where(Agent.id.in_(ids)))
    }
    own_id, own_name = acting
    if own_id is not None and own_id not in accounts and own_name:
        accounts[own_id] = (own_name, "")
    return tuple(
        CaseEvent(
            e.at,
            e.step,
            PASSPORT_STEP_TITLES[e.step - 1],
            e.status,
            e.agent_id,
            e.note or "",
            e.on_date,
            *accounts.get(e.agent_id, ("", "")),
        )
        for e in events
    )


def date_out_of_order(s: Session, case: PassportCase, step: Step, on: date, *, opened: date) -> list[Violation]:
    """R-PASS-STEP order: a step's date is neither before the case was opened (`opened`, its local day) nor before an
    earlier step's date (a month typed wrong moved the 40 days' deadline into the past, or closed a case before it
    existed; session 26). Steps recorded before migration 0010 have no date: only the opening bounds them."""
    latest = s.execute(
        select(PassportEvent.on_date, PassportEvent.step)
        .where(PassportEvent.case_id == case.id, PassportEvent.on_date.is_not(None))
        .order_by(PassportEvent.on_date.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.on_date is not None and on < latest.on_date:  # the nearer bound, named first
        message = _("La date ne peut pas précéder celle de l'étape {step} ({date}).").format(
            step=latest.step, date=latest.on_date.strftime("%d/%m/%Y")
        )
        return [Violation(f"R-PASS-STEP-{int(step)}", message, "on")]
    if on < opened:
        message = _("La date ne peut pas précéder l'ouverture du dossier ({date}).").format(
            date=opened.strftime("%d/%m/%Y")
        )
        return [Violation(f"R-PASS-STEP-{int(step)}", message, "on")]
    return []
