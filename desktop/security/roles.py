"""Who may do what: a pure map from (role, capacity, station kind) to permissions (R-AUTH-1..4, R-DATA-3)."""

from __future__ import annotations

import unicodedata
from enum import StrEnum


class Role(StrEnum):
    """Agent roles of the counter application."""

    AGENT_POLICE = "agent_police"  # police or gendarmerie: OPJ, APJ, réserviste APJ, délégué OPJ
    AGENT_CONSULAIRE = "agent_consulaire"
    SUPERVISEUR = "superviseur"  # chef de poste, officier
    ADMINISTRATEUR = "administrateur"


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


PERMISSION_LABELS = {
    Permission.PROCURATION_ETABLIR: "établir une procuration",
    Permission.PROCURATION_RESILIER: "résilier une procuration",
    Permission.PROCURATION_CONSULTER: "consulter les procurations",
    Permission.RENOUVELLEMENT_PASSEPORT: "suivre un renouvellement de passeport",
    Permission.RENOUVELLEMENT_VOTE_INTERNET: "renouveler des identifiants de vote par internet",
    Permission.AGENTS_GERER: "gérer les comptes des agents",
    Permission.AGENTS_DEVERROUILLER: "déverrouiller un compte ou réinitialiser un mot de passe",
    Permission.AUDIT_EXPORTER: "exporter le journal d'audit",
    Permission.PARAMETRES_MODIFIER: "modifier les réglages du poste",
}

FRANCE_STATIONS = frozenset({"commissariat", "brigade_gendarmerie", "lieu_prefet", "tribunal_judiciaire"})
ABROAD_STATIONS = frozenset({"consulat"})

# R-AUTH-1 2°/3° and R-AUTH-3: designated OPJ/APJ, APJ reservists, OPJ delegates (with the OPJ's visa).
POLICE_CAPACITIES = frozenset({"opj", "apj", "reserviste apj", "delegue opj"})
# R-AUTH-4: ambassador with a consular district, head of post, delegated agents, French honorary consuls.
# The rules engine's Capacity values ("chef_de_poste_consulaire"...) normalise to the long forms here.
CONSULAR_CAPACITIES = frozenset(
    {
        "ambassadeur",
        "chef de poste",
        "agent delegue",
        "consul honoraire francais",
        "chef de poste consulaire",
        "agent consulaire delegue",
        "consul honoraire",
    }
)
DELEGATE_CAPACITY = "delegue opj"

_ACT = frozenset({Permission.PROCURATION_ETABLIR, Permission.PROCURATION_RESILIER, Permission.PROCURATION_CONSULTER})
_RENEW = frozenset({Permission.RENOUVELLEMENT_PASSEPORT, Permission.RENOUVELLEMENT_VOTE_INTERNET})
_SUPERVISE = frozenset({Permission.PROCURATION_CONSULTER, Permission.AGENTS_DEVERROUILLER, Permission.AUDIT_EXPORTER})
_ADMIN = frozenset({Permission.AGENTS_GERER, Permission.PARAMETRES_MODIFIER, Permission.AUDIT_EXPORTER})


def normalise_capacity(capacity: str) -> str:
    """Lower-case, accent-free, single-spaced: 'Réserviste  APJ' and 'reserviste apj' are the same capacity."""
    decomposed = unicodedata.normalize("NFKD", capacity.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("_", " ").split())


def _acting(capacity: str, station_kind: str) -> frozenset[Permission]:
    """What the capacity allows at this kind of place; a mayor or adjoint never qualifies (R-AUTH-2)."""
    cap = normalise_capacity(capacity)
    if station_kind in FRANCE_STATIONS and cap in POLICE_CAPACITIES:
        return _ACT
    if station_kind in ABROAD_STATIONS and cap in CONSULAR_CAPACITIES:
        return _ACT | _RENEW
    return frozenset()


def permissions_for(role: str, capacity: str, station_kind: str) -> frozenset[Permission]:
    """The permissions of an agent with this role and capacity at this kind of station."""
    if role == Role.AGENT_POLICE:
        return _acting(capacity, station_kind) if station_kind in FRANCE_STATIONS else frozenset()
    if role == Role.AGENT_CONSULAIRE:
        return _acting(capacity, station_kind) if station_kind in ABROAD_STATIONS else frozenset()
    if role == Role.SUPERVISEUR:
        # A chef de poste or officer supervises; when their own capacity is habilitée they may act too.
        return _SUPERVISE | _acting(capacity, station_kind)
    if role == Role.ADMINISTRATEUR:
        return _ADMIN  # manages accounts, never sees procurations (R-DATA-3)
    return frozenset()


def needs_visa(role: str, capacity: str, permission: str) -> bool:
    """A délégué OPJ establishes only with the visa of the designating OPJ (R-AUTH-3, TA Toulouse 1989)."""
    return (
        role == Role.AGENT_POLICE
        and normalise_capacity(capacity) == DELEGATE_CAPACITY
        and permission == Permission.PROCURATION_ETABLIR
    )


def may_give_visa(role: str, capacity: str) -> bool:
    """Only an OPJ may give a visa to a delegate (an APJ or reservist cannot designate delegates)."""
    return role in (Role.AGENT_POLICE, Role.SUPERVISEUR) and normalise_capacity(capacity) == "opj"
