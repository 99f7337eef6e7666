"""Who may do what: a pure map from (role, capacity, place kind) to permissions (R-AUTH-1..4, R-DATA-3)."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from desktop.i18n import N_
from desktop.rules.terms import Capacity, PlaceKind, Role


class Permission(StrEnum):
    """Actions the services check before acting."""

    PROCURATION_ETABLIR = "procuration.etablir"
    PROCURATION_RESILIER = "procuration.resilier"
    PROCURATION_CONSULTER = "procuration.consulter"
    RENOUVELLEMENT_PASSEPORT = "renouvellement.passeport"
    RENOUVELLEMENT_VOTE_INTERNET = "renouvellement.vote_internet"
    AGENTS_GERER = "agents.gerer"
    AGENTS_DEVERROUILLER = "agents.deverrouiller"
    AUDIT_EXPORTER = "audit.exporter"
    PARAMETRES_MODIFIER = "parametres.modifier"
    TABLEAU_DE_BORD = "tableau_de_bord.consulter"
    ACTIVITE_EXPORTER = "activite.exporter"
    SUPERVISION_DECIDER = "supervision.decider"


PERMISSION_LABELS = {
    Permission.PROCURATION_ETABLIR: N_("établir une procuration"),
    Permission.PROCURATION_RESILIER: N_("résilier une procuration"),
    Permission.PROCURATION_CONSULTER: N_("consulter les procurations"),
    Permission.RENOUVELLEMENT_PASSEPORT: N_("suivre un renouvellement de passeport"),
    Permission.RENOUVELLEMENT_VOTE_INTERNET: N_("renouveler des identifiants de vote par internet"),
    Permission.AGENTS_GERER: N_("gérer les comptes des agents"),
    Permission.AGENTS_DEVERROUILLER: N_("déverrouiller un compte ou réinitialiser un mot de passe"),
    Permission.AUDIT_EXPORTER: N_("exporter le journal d'audit"),
    Permission.PARAMETRES_MODIFIER: N_("modifier les réglages du poste"),
    Permission.TABLEAU_DE_BORD: N_("consulter le tableau de bord"),
    Permission.ACTIVITE_EXPORTER: N_("éditer le rapport d'activité ou exporter les actes"),
    Permission.SUPERVISION_DECIDER: N_("décider les actes soumis au superviseur"),
}

# R-AUTH-1 2°/3° and R-AUTH-3: designated OPJ/APJ, APJ reservists, OPJ delegates (with the OPJ's visa).
POLICE_CAPACITIES = frozenset({Capacity.OPJ, Capacity.APJ, Capacity.RESERVISTE_APJ, Capacity.DELEGUE_OPJ})
# R-AUTH-4: ambassador with a consular district, head of post, delegated agents, French honorary consuls.
CONSULAR_CAPACITIES = frozenset(
    {Capacity.AMBASSADEUR, Capacity.CHEF_POSTE, Capacity.AGENT_CONSULAIRE, Capacity.CONSUL_HONORAIRE}
)

_ACT = frozenset({Permission.PROCURATION_ETABLIR, Permission.PROCURATION_RESILIER, Permission.PROCURATION_CONSULTER})
_RENEW = frozenset({Permission.RENOUVELLEMENT_PASSEPORT, Permission.RENOUVELLEMENT_VOTE_INTERNET})
# A supervisor consults the procurations only when their own capacity is habilitée (R-DATA-3's list: OPJ, APJ,
# délégués, consular authorities): an « officier », a maire or an adjoint decides the acts submitted to them (the
# « à décider » list names no citizen), sees the station's figures and unlocks accounts, never a procuration.
_SUPERVISE = frozenset(
    {
        Permission.SUPERVISION_DECIDER,
        Permission.AGENTS_DEVERROUILLER,
        Permission.AUDIT_EXPORTER,
        Permission.TABLEAU_DE_BORD,
        Permission.ACTIVITE_EXPORTER,
    }
)
# The supervisor's view (dashboard, activity report, export): a superviseur, or a chef de poste consulaire who
# acts at the counter with a consular account (the head of post is both agent and supervisor abroad).
_OVERSEE = frozenset({Permission.TABLEAU_DE_BORD, Permission.ACTIVITE_EXPORTER})
_ADMIN = frozenset({Permission.AGENTS_GERER, Permission.PARAMETRES_MODIFIER, Permission.AUDIT_EXPORTER})


def _acting(capacity: Capacity | None, place: PlaceKind) -> frozenset[Permission]:
    """What the capacity allows at this kind of place; a mayor or adjoint never qualifies (R-AUTH-2)."""
    if not place.abroad and capacity in POLICE_CAPACITIES:
        return _ACT
    if place.abroad and capacity in CONSULAR_CAPACITIES:
        return _ACT | _RENEW
    return frozenset()


@lru_cache(maxsize=128)
def permissions_for(role: Role | str, capacity: Capacity | str, place: PlaceKind | str) -> frozenset[Permission]:
    """The permissions of an agent with this role and capacity at this kind of place (stored strings accepted)."""
    cap = capacity if isinstance(capacity, Capacity) else Capacity.parse(capacity)
    try:
        where = PlaceKind(place)
    except ValueError:
        return frozenset()
    if role == Role.AGENT_POLICE:
        return _acting(cap, where) if not where.abroad else frozenset()
    if role == Role.AGENT_CONSULAIRE:
        if not where.abroad:
            return frozenset()
        return _acting(cap, where) | (_OVERSEE if cap is Capacity.CHEF_POSTE else frozenset())
    if role == Role.SUPERVISEUR:
        # A chef de poste or officer supervises; when their own capacity is habilitée they may act too.
        return _SUPERVISE | _acting(cap, where)
    if role == Role.ADMINISTRATEUR:
        return _ADMIN  # manages accounts, never sees procurations (R-DATA-3)
    return frozenset()


# The acts a délégué OPJ signs: the procuration (R-AUTH-3, TA Toulouse 1989) and its résiliation, which the same
# authorities receive in the same forms (R-REVOKE-4, R-REVOKE-5; an unvisaed résiliation would leave the mandant
# believing the procuration ended).
VISAED_ACTS = frozenset({Permission.PROCURATION_ETABLIR, Permission.PROCURATION_RESILIER})


def needs_visa(role: Role | str, capacity: Capacity | str, permission: str) -> bool:
    """A délégué OPJ establishes or revokes only with the visa of the designating OPJ (R-AUTH-3), whatever the
    account's role: a supervisor enrolled with the capacity of délégué is a délégué at the counter (outside audit,
    session 29: such a supervisor revoked without any visa). `role` is kept for the callers' symmetry."""
    del role
    return permission in VISAED_ACTS and Capacity.parse(capacity) is Capacity.DELEGUE_OPJ


def may_give_visa(role: Role | str, capacity: Capacity | str) -> bool:
    """Only an OPJ may give a visa to a delegate (an APJ or reservist cannot designate delegates)."""
    return role in (Role.AGENT_POLICE, Role.SUPERVISEUR) and Capacity.parse(capacity) is Capacity.OPJ


_RANK: dict[str, int] = {Role.ADMINISTRATEUR.value: 3, Role.SUPERVISEUR.value: 2}


def outranks(actor_role: Role | str, target_role: Role | str) -> bool:
    """True when the actor has more rights than the target (an administrator > a supervisor > an agent): a password
    is reset only from above, never by a peer (issue 15, item 4: a supervisor took over an administrator)."""
    return _RANK.get(str(actor_role), 1) > _RANK.get(str(target_role), 1)
