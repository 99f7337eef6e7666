"""Role checks every service makes before acting: `require(actor, permission)` (R-AUTH-*, R-DATA-3)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import Agent
from desktop.security.roles import PERMISSION_LABELS, Permission, may_give_visa, needs_visa, permissions_for
from desktop.services.journal import Actor

DESIGNATION_MISSING = "designation_opj=manquante"  # a délégué OPJ without a designating OPJ: the audit's code
NO_DESIGNATION = N_(
    "Votre OPJ désignant n'est pas renseigné à ce poste (compte enregistré avant la désignation) : aucun visa ne "
    "vaut pour vos procurations tant que l'administrateur ne l'a pas nommé, sur l'écran Agents (R-AUTH-3)."
)

__all__ = [
    "DESIGNATION_MISSING",
    "Permission",
    "PermissionDenied",
    "Principal",
    "allowed",
    "principal_for",
    "require",
    "visa_detail",
]


class PermissionDenied(Exception):
    """The agent may not do this; `message` is French for the agent (no personal data); `rule_id` the rule it applies
    (R-DATA-3, a role's need to know; R-AUTH-3, a délégué OPJ without the visa)."""

    def __init__(self, message: str, *, permission: str, rule_id: str = "R-DATA-3", reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.permission = permission
        self.rule_id = rule_id
        self.reason = reason  # a code for the audit event's detail, beside the permission (no personal data)


@dataclass(frozen=True)
class Principal(Actor):
    """A logged-in agent: an Actor (so every service accepts it) that also knows its role, capacity and place."""

    role: str = ""
    capacity: str = ""
    station_kind: str = ""
    designated_by: str | None = None  # a délégué OPJ: the OPJ whose visa their procurations need (R-AUTH-3)

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.role, self.capacity, self.station_kind)


def allowed(actor: Actor, permission: str) -> bool:
    """True when the actor holds the permission (views use it to hide what would be refused anyway)."""
    return isinstance(actor, Principal) and actor.agent_id is not None and permission in actor.permissions


def _label(permission: str) -> str:
    known = PERMISSION_LABELS.get(Permission(permission)) if permission in set(Permission) else None
    return _(known) if known is not None else permission


def require(actor: Actor, permission: str, *, visa_by: Principal | None = None, act: bool = True) -> None:
    """Raise PermissionDenied unless the actor may do this; a délégué OPJ must bring the visa of an OPJ (R-AUTH-3).

    `act=False`: the step before the act (finding the mandant to revoke), where the visa is not asked yet."""
    if not isinstance(actor, Principal) or actor.agent_id is None:
        raise PermissionDenied(
            _("Action refusée : aucun agent identifié pour {label}.").format(label=_label(permission)),
            permission=permission,
        )
    if permission not in actor.permissions:
        raise PermissionDenied(
            # « vous autorise à »: no elision to get wrong whatever the label (« de établir » read before).
            _("Action refusée à ce poste : votre rôle ne vous autorise pas à {label}.").format(
                label=_label(permission)
            ),
            permission=permission,
        )
    if act and needs_visa(actor.role, actor.capacity, permission):
        designated = getattr(actor, "designated_by", None)
        if designated is None:  # enrolled before designations: no OPJ's visa is known to be theirs (counter audit)
            raise PermissionDenied(
                _(NO_DESIGNATION),
                permission=permission,
                rule_id="R-AUTH-3",
                reason=DESIGNATION_MISSING,
            )
        if visa_by is None:
            raise PermissionDenied(
                _(
                    "Un délégué d'OPJ ne peut établir ni résilier une procuration qu'avec le visa de l'OPJ qui "
                    "l'a désigné (R-AUTH-3)."
                ),
                permission=permission,
                rule_id="R-AUTH-3",
            )
        if visa_by.agent_id != designated:
            raise PermissionDenied(
                _("Le visa doit être celui de l'OPJ qui vous a désigné (R-AUTH-3)."),
                permission=permission,
                rule_id="R-AUTH-3",
            )
        if (
            not may_give_visa(visa_by.role, visa_by.capacity)
            or visa_by.station_code != actor.station_code
            or visa_by.agent_id in (None, actor.agent_id)
        ):
            raise PermissionDenied(
                _("Le visa doit être donné par un OPJ de ce poste (R-AUTH-3)."),
                permission=permission,
                rule_id="R-AUTH-3",
            )


def visa_detail(visa_by: Principal | None) -> str | None:
    """What to put in the audit event's detail so the visa is recorded (ids only)."""
    return None if visa_by is None else f"visa_opj={visa_by.agent_id}"


def principal_for(session: Session, actor: Actor, *, station_kind: str) -> Principal:
    """The Principal of a stored, active agent; refuses inactive or locked accounts."""
    agent = session.get(Agent, actor.agent_id) if actor.agent_id else None
    if agent is None or not agent.active:
        raise PermissionDenied(_("Action refusée : compte d'agent inconnu ou désactivé."), permission="")
    return Principal(
        station_code=actor.station_code,
        agent_id=agent.id,
        role=agent.role,
        capacity=agent.capacity,
        station_kind=station_kind,
        designated_by=agent.designated_by,
    )
