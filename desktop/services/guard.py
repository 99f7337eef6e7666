"""The one way a service refuses: `permissions.require` with the session's visa; a refusal is audited, then raised
(PermissionDenied) or given back as an R-DATA-3 violation where the outcome already carries violations."""

from __future__ import annotations

from dataclasses import replace

from desktop.i18n import _
from desktop.models import Agent
from desktop.rules.types import Violation
from desktop.security.roles import VISAED_ACTS, may_give_visa
from desktop.services.context import ServiceContext
from desktop.services.journal import action, audit
from desktop.services.permissions import PermissionDenied, Principal, require


def require_audited(ctx: ServiceContext, permission: str, *, act: bool = True) -> None:
    """Raise PermissionDenied (French message) unless the acting agent may do this here; the refusal is audited.
    `act=False` for the step before a visaed act (finding the mandant to revoke): the visa is asked at the act."""
    try:
        _require(ctx, permission, act=act)
    except PermissionDenied as exc:
        detail = str(permission) if exc.reason is None else f"{permission} {exc.reason}"
        with action(ctx.store) as s:
            audit(s, actor=ctx.actor, action_name="acces.refuse", now=ctx.clock(), detail=detail)
        raise


def denied(ctx: ServiceContext, permission: str) -> Violation | None:
    """The audited refusal as a violation (R-DATA-3), or None when allowed."""
    try:
        require_audited(ctx, permission)
    except PermissionDenied as exc:
        return as_violation(exc)
    return None


def refusal(ctx: ServiceContext, permission: str, *, act: bool = True) -> Violation | None:
    """What the agent would be told, without auditing (live checks while typing, screens deciding what to offer);
    `act=False`: the role and capacity only, not a délégué's visa (asked at the act)."""
    try:
        _require(ctx, permission, act=act)
    except PermissionDenied as exc:
        return as_violation(exc)
    return None


def _require(ctx: ServiceContext, permission: str, *, act: bool = True) -> None:
    """`require`, with a délégué OPJ's designating OPJ and visa as the store has them now (R-AUTH-3): the designation
    named (or changed) by the administrator since the login counts at once, and a visa stops counting once its OPJ's
    account is no longer active."""
    actor, visa = ctx.actor, ctx.agent.visa_by
    if not act or permission not in VISAED_ACTS or not ctx.agent.needs_visa or not isinstance(actor, Principal):
        require(actor, permission, visa_by=visa, act=act)
        return
    with ctx.store.read() as s:
        own = s.get(Agent, actor.agent_id) if actor.agent_id else None
        opj = s.get(Agent, visa.agent_id) if visa is not None and visa.agent_id else None
        designated = own.designated_by if own is not None else actor.designated_by
        valid = opj is not None and opj.active and may_give_visa(opj.role, opj.capacity)
    require(replace(actor, designated_by=designated), permission, visa_by=visa)
    if not valid:  # the OPJ was removed (or made other than an OPJ) since the visa: the session's visa is void
        raise PermissionDenied(
            _(
                "Le visa de l'OPJ ne vaut plus : son compte n'est plus actif à ce poste. Faites viser de nouveau "
                "par l'OPJ qui vous a désigné (R-AUTH-3)."
            ),
            permission=permission,
            rule_id="R-AUTH-3",
        )


def as_violation(exc: PermissionDenied) -> Violation:
    """The refusal's shape where an outcome carries violations."""
    return Violation(rule_id=exc.rule_id, message=exc.message, field=None)
