"""Which OPJ designated a délégué OPJ (R-AUTH-3): only that OPJ's visa makes the délégué's procurations valid.

Named at the délégué's enrolment (`accounts.AgentAccounts.enrol`); a délégué enrolled before designations existed has
none, and no visa counts for them (`guard._require`, `designation_opj=manquante`) until the administrator names it
here, without enrolling them again. A change of designating OPJ goes the same way.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Agent
from desktop.rules.terms import Capacity
from desktop.security.roles import may_give_visa
from desktop.services import guard
from desktop.services.agents import AccountError
from desktop.services.context import ServiceContext
from desktop.services.journal import action, audit
from desktop.services.permissions import Permission

__all__ = ["designating_opj", "name_designating_opj"]


def designating_opj(s: Session, designated_by: str | None, *, delegate_id: str | None = None) -> str:
    """The id of an active OPJ of this station who may designate a délégué (not the délégué themselves); AccountError
    in French otherwise (R-AUTH-3)."""
    opj = s.get(Agent, designated_by) if designated_by else None
    if opj is None or opj.id == delegate_id or not opj.active or not may_give_visa(opj.role, opj.capacity):
        raise AccountError(_("Choisissez l'OPJ de ce poste qui désigne ce délégué : seul son visa vaudra (R-AUTH-3)."))
    return opj.id


def name_designating_opj(ctx: ServiceContext, *, delegate_id: str, opj_id: str) -> None:
    """The administrator names the OPJ who designated an active délégué OPJ (agents.gerer, refusal audited); the
    check and the change are one transaction, audited `agent.designation_opj` (ids only)."""
    guard.require_audited(ctx, Permission.AGENTS_GERER)
    with action(ctx.store) as s:
        delegate = s.get(Agent, delegate_id)
        if delegate is None or not delegate.active or Capacity.parse(delegate.capacity) is not Capacity.DELEGUE_OPJ:
            raise AccountError(_("Ce compte n'est pas celui d'un délégué d'OPJ actif à ce poste."))
        chosen = designating_opj(s, opj_id, delegate_id=delegate.id)
        previous, delegate.designated_by = delegate.designated_by, chosen
        detail = f"opj={chosen}" + (f";precedent={previous}" if previous else ";precedent=aucun")
        audit(
            s,
            actor=ctx.actor,
            action_name="agent.designation_opj",
            now=ctx.clock(),
            record_kind="agent",
            record_id=delegate.id,
            detail=detail,
        )
