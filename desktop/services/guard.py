"""The one way a service refuses: `permissions.require` with the session's visa; a refusal is audited, then raised
(PermissionDenied) or given back as an R-DATA-3 violation where the outcome already carries violations."""

from __future__ import annotations

from desktop.rules.types import Violation
from desktop.services.context import ServiceContext
from desktop.services.journal import action, audit
from desktop.services.permissions import PermissionDenied, require


def require_audited(ctx: ServiceContext, permission: str) -> None:
    """Raise PermissionDenied (French message) unless the acting agent may do this here; the refusal is audited."""
    try:
        require(ctx.actor, permission, visa_by=ctx.agent.visa_by)
    except PermissionDenied:
        with action(ctx.store) as s:
            audit(s, actor=ctx.actor, action_name="acces.refuse", now=ctx.clock(), detail=str(permission))
        raise


def denied(ctx: ServiceContext, permission: str) -> Violation | None:
    """The audited refusal as a violation (R-DATA-3), or None when allowed."""
    try:
        require_audited(ctx, permission)
    except PermissionDenied as exc:
        return as_violation(exc)
    return None


def refusal(ctx: ServiceContext, permission: str) -> Violation | None:
    """What the agent would be told, without auditing (live checks while typing, screens deciding what to offer)."""
    try:
        require(ctx.actor, permission, visa_by=ctx.agent.visa_by)
    except PermissionDenied as exc:
        return as_violation(exc)
    return None


def as_violation(exc: PermissionDenied) -> Violation:
    """The refusal's shape where an outcome carries violations."""
    return Violation(rule_id=exc.rule_id, message=exc.message, field=None)
