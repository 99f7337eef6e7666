"""Supervisor decisions: the cases the spec sends to a human wait for a supervisor's accepted or refused.

Two ways, one record (`SupervisorDecision`): a supervisor present signs in on the spot (`decide_on_the_spot`, the
password checked by the station's accounts), or the act goes to the « à décider » list (`submit`), where a
supervisor's session decides it later (`decide`). Each decision (accepted or refused, by whom, when, why) is audited
(ids and rule codes only) and, once the act is saved, written in the procuration's history and on its receipt.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import Agent, SupervisorDecision
from desktop.models.ids import uuid7
from desktop.rules.supervision import ACCEPTEE, REFUSEE, SUPERVISOR_DECISIONS, SupervisorRuling
from desktop.rules.terms import Role
from desktop.rules.types import Violation
from desktop.security.keyslots import LoginRefused
from desktop.services import procurations
from desktop.services.context import ServiceContext
from desktop.services.journal import Actor, action, audit
from desktop.services.permissions import Principal
from desktop.services.procuration_body import decided_form
from desktop.services.procurations import EstablishInput, EstablishOutcome, PersonInput

log = logging.getLogger(__name__)
A_DECIDER = "a_decider"
STATUS_LABELS = {A_DECIDER: N_("À décider"), ACCEPTEE: N_("Acceptée"), REFUSEE: N_("Refusée")}


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """One act of the « à décider » list or one decision taken, as the screens show it (no personal data)."""

    id: str
    created_at: datetime
    agent_name: str
    rule_ids: tuple[str, ...]
    status: str
    decided_by_name: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    record_id: str | None = None

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS[self.status]) if self.status in STATUS_LABELS else self.status

    @property
    def cases(self) -> str:
        """What the supervisor decides, in words, per rule."""
        return " ; ".join(f"{r} : {SUPERVISOR_DECISIONS.get(r, r)}" for r in self.rule_ids)


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    """A decision recorded (its id, accepted or not) or refused with violations (wrong password, no reason…)."""

    violations: tuple[Violation, ...] = ()
    decision_id: str | None = None
    accepted: bool = False
    waiting: bool = False  # sent to the « à décider » list: nobody decided yet


def _v(text: str) -> DecisionOutcome:
    return DecisionOutcome(violations=(Violation("R-SUPERVISION", text, None),))


def pending_cases(ctx: ServiceContext, form: EstablishInput) -> tuple[Violation, ...]:
    """The form's cases that wait for a supervisor (empty when none)."""
    return tuple(v for v in procurations.check(ctx, form) if v.needs_supervisor)


def decide_on_the_spot(
    ctx: ServiceContext, form: EstablishInput, *, login: str, password: str, accepted: bool, reason: str
) -> DecisionOutcome:
    """A supervisor present signs in at this counter and decides; the password is checked by the station's accounts."""
    problem = SupervisorRuling(accepted, reason).check()
    if problem is not None:
        return _v(problem)
    if ctx.check_credentials is None:
        return _v(_("La vérification des comptes n'est pas disponible : envoyez l'acte dans la liste « à décider »."))
    try:
        supervisor = ctx.check_credentials(login, password)
    except LoginRefused as exc:
        return _v(exc.message)
    refusal = _not_a_supervisor(ctx, supervisor)
    if refusal is not None:
        return _v(refusal)
    cases = pending_cases(ctx, form)
    if not cases:
        return _v(_("Cet acte n'attend aucune décision d'un superviseur."))
    now = ctx.clock()
    with action(ctx.store) as s:
        row = _new_row(s, ctx, form, cases, now)
        _rule(s, row, supervisor, _name(s, supervisor), accepted, reason, now)
    return DecisionOutcome(decision_id=row.id, accepted=accepted)


def submit(ctx: ServiceContext, form: EstablishInput) -> DecisionOutcome:
    """No supervisor present: the act goes to the « à décider » list, kept as typed."""
    cases = pending_cases(ctx, form)
    if not cases:
        return _v(_("Cet acte n'attend aucune décision d'un superviseur."))
    now = ctx.clock()
    with action(ctx.store) as s:
        row = _new_row(s, ctx, form, cases, now)
        audit(
            s,
            actor=ctx.actor,
            action_name="decision_superviseur.demandee",
            now=now,
            record_kind="decision_superviseur",
            record_id=row.id,
            detail="regles=" + row.rule_ids,
        )
    return DecisionOutcome(decision_id=row.id, waiting=True)


def to_decide(ctx: ServiceContext) -> list[DecisionRow]:
    """The « à décider » list, oldest first: acts waiting for a decision, then accepted ones not yet established
    (the supervisor dashboard links to it)."""
    waiting = SupervisorDecision.status == A_DECIDER
    accepted = and_(SupervisorDecision.status == ACCEPTEE, SupervisorDecision.record_id.is_(None))
    with ctx.store.read() as s:
        rows = s.scalars(
            select(SupervisorDecision)
            .where(or_(waiting, accepted))
            .order_by(SupervisorDecision.created_at, SupervisorDecision.id)
        )
        return [_row(r) for r in rows]


def get(ctx: ServiceContext, decision_id: str) -> DecisionRow | None:
    """One decision as the screens show it."""
    with ctx.store.read() as s:
        row = s.get(SupervisorDecision, decision_id)
        return _row(row) if row is not None else None


def for_record(ctx: ServiceContext, record_id: str) -> DecisionRow | None:
    """The decision a saved procuration rests on, if any (its record shows it)."""
    with ctx.store.read() as s:
        row = s.scalars(select(SupervisorDecision).where(SupervisorDecision.record_id == record_id)).first()
        return _row(row) if row is not None else None


def decide(ctx: ServiceContext, decision_id: str, *, accepted: bool, reason: str) -> DecisionOutcome:
    """The logged-in supervisor decides an act of the « à décider » list."""
    problem = SupervisorRuling(accepted, reason).check()
    if problem is not None:
        return _v(problem)
    principal = ctx.actor
    refusal = _not_a_supervisor(ctx, principal, same_agent_ok=True)
    if refusal is not None:  # audited like every refusal of an act the role does not allow
        with action(ctx.store) as s:
            audit(s, actor=principal, action_name="acces.refuse", now=ctx.clock(), record_kind="decision",
                  record_id=decision_id, detail="decision_hors_superviseur")  # fmt: skip
        return _v(refusal)
    assert isinstance(principal, Principal)
    now = ctx.clock()
    with action(ctx.store) as s:
        row = s.get(SupervisorDecision, decision_id)
        if row is None or row.status != A_DECIDER:
            return _v(_("Cet acte n'est plus dans la liste « à décider »."))
        if row.agent_id == principal.agent_id:  # a supervisor who may act too never decides their own act
            return _v(_("La décision doit être prise par un autre agent que celui qui établit l'acte."))
        _rule(s, row, principal, ctx.agent.name, accepted, reason, now)
    return DecisionOutcome(decision_id=decision_id, accepted=accepted)


def form_of(ctx: ServiceContext, decision_id: str) -> EstablishInput | None:
    """The act as typed, with its decision attached, to establish it once accepted."""
    with ctx.store.read() as s:
        row = s.get(SupervisorDecision, decision_id)
        if row is None:
            return None
        return replace(form_from_json(row.form), decision_id=row.id)


def establish_decided(ctx: ServiceContext, decision_id: str) -> EstablishOutcome:
    """Establish an act a supervisor accepted (by the agent now at the counter)."""
    form = form_of(ctx, decision_id)
    if form is None:
        return EstablishOutcome(violations=(Violation("R-SUPERVISION", _("Décision introuvable."), None),))
    return procurations.establish(ctx, form)


# -- helpers ------------------------------------------------------------------------------------------------------
def _not_a_supervisor(ctx: ServiceContext, who: Actor, *, same_agent_ok: bool = False) -> str | None:
    if not isinstance(who, Principal) or who.role != Role.SUPERVISEUR.value:
        return _("Seul un superviseur (chef de poste, officier) peut prendre cette décision.")
    if not same_agent_ok and who.agent_id == ctx.actor.agent_id:
        return _("La décision doit être prise par un autre agent que celui qui établit l'acte.")
    return None


def _name(s: Session, who: Principal) -> str:
    agent = s.get(Agent, who.agent_id) if who.agent_id else None
    return agent.display_name if agent is not None else (who.agent_id or "superviseur")


def _new_row(
    s: Session, ctx: ServiceContext, form: EstablishInput, cases: tuple[Violation, ...], now: datetime
) -> SupervisorDecision:
    row = SupervisorDecision(
        id=uuid7(),
        kind="procuration",
        created_at=now,
        agent_id=ctx.actor.agent_id or "",
        agent_name=ctx.agent.name,
        rule_ids=",".join(sorted({v.rule_id for v in cases})),
        form=decided_form(form),
        status=A_DECIDER,
    )
    s.add(row)
    s.flush()
    return row


def _rule(
    s: Session, row: SupervisorDecision, who: Principal, name: str, accepted: bool, reason: str, now: datetime
) -> None:
    row.status = ACCEPTEE if accepted else REFUSEE
    row.decided_by_id, row.decided_by_name, row.decided_at, row.reason = who.agent_id, name, now, reason.strip()
    audit(
        s,
        actor=who,
        action_name=f"decision_superviseur.{row.status}",
        now=now,
        record_kind="decision_superviseur",
        record_id=row.id,
        detail=f"regles={row.rule_ids} agent={row.agent_id}",
    )
    log.info("supervisor decision %s: %s", row.id, row.status)


def _row(r: SupervisorDecision) -> DecisionRow:
    return DecisionRow(
        id=r.id,
        created_at=r.created_at,
        agent_name=r.agent_name,
        rule_ids=tuple(x for x in r.rule_ids.split(",") if x),
        status=r.status,
        decided_by_name=r.decided_by_name,
        decided_at=r.decided_at,
        reason=r.reason,
        record_id=r.record_id,
    )


def form_from_json(text: str) -> EstablishInput:
    """The act back from `form_to_json`."""
    data = json.loads(text)

    def day(value: Any) -> date | None:
        return date.fromisoformat(value) if value else None

    people: dict[str, PersonInput] = {}
    for who in ("mandant", "mandataire"):
        p = dict(data.pop(who))
        p["birth_date"] = day(p.get("birth_date"))
        p["document_expiry"] = day(p.get("document_expiry"))  # absent from a form kept before session 28
        people[who] = PersonInput(**p)
    for key in ("requested_on", "valid_from", "valid_until"):
        data[key] = day(data.get(key))
    data["acknowledged"] = frozenset(data.get("acknowledged", ()))
    return EstablishInput(mandant=people["mandant"], mandataire=people["mandataire"], **data)
