"""The permission map: each role allowed or refused, per station kind (R-AUTH-1..4, R-DATA-3)."""

from __future__ import annotations

import pytest

from desktop.security.roles import Permission as P
from desktop.security.roles import may_give_visa, needs_visa, permissions_for

ACT = {P.PROCURATION_ETABLIR, P.PROCURATION_RESILIER, P.PROCURATION_CONSULTER}
RENEW = {P.RENOUVELLEMENT_PASSEPORT, P.RENOUVELLEMENT_VOTE_INTERNET}
OVERSEE = {P.TABLEAU_DE_BORD, P.ACTIVITE_EXPORTER}  # the supervisor's dashboard, report and export
# R-DATA-3: a supervisor consults through their own capacity only (ACT); SUPERVISE names no citizen.
SUPERVISE = {P.SUPERVISION_DECIDER, P.AGENTS_DEVERROUILLER, P.AUDIT_EXPORTER} | OVERSEE
ADMIN = {P.AGENTS_GERER, P.PARAMETRES_MODIFIER, P.AUDIT_EXPORTER}

CASES = [
    ("agent_police", "OPJ", "commissariat", ACT),
    ("agent_police", "APJ", "brigade_gendarmerie", ACT),
    ("agent_police", "Réserviste APJ", "lieu_prefet", ACT),
    ("agent_police", "délégué OPJ", "commissariat", ACT),
    ("agent_police", "OPJ", "consulat", set()),  # a police agent cannot act abroad
    ("agent_police", "maire", "commissariat", set()),  # R-AUTH-2
    ("agent_police", "adjoint au maire", "commissariat", set()),
    ("agent_consulaire", "chef de poste", "consulat", ACT | RENEW | OVERSEE),  # the head of post oversees
    ("agent_consulaire", "agent délégué", "consulat", ACT | RENEW),
    ("agent_consulaire", "consul honoraire français", "consulat", ACT | RENEW),
    ("agent_consulaire", "consul honoraire étranger", "consulat", set()),  # R-PLACE-4
    ("agent_consulaire", "chef de poste", "commissariat", set()),  # a consular agent cannot act at a commissariat
    ("superviseur", "OPJ", "commissariat", SUPERVISE | ACT),
    ("superviseur", "commandant", "brigade_gendarmerie", SUPERVISE),  # not habilité: never a procuration (R-DATA-3)
    ("superviseur", "officier", "commissariat", SUPERVISE),
    ("superviseur", "maire", "commissariat", SUPERVISE),  # R-AUTH-2 and R-DATA-3: a mayor never sees one
    ("superviseur", "délégué OPJ", "commissariat", SUPERVISE | ACT),
    ("superviseur", "chef de poste", "consulat", SUPERVISE | ACT | RENEW),
    ("administrateur", "informatique", "commissariat", ADMIN),
    ("administrateur", "OPJ", "consulat", ADMIN),  # never sees procurations, whatever the capacity
    ("inconnu", "OPJ", "commissariat", set()),
]


@pytest.mark.parametrize(("role", "capacity", "station", "expected"), CASES)
def test_permission_map(role: str, capacity: str, station: str, expected: set[P]) -> None:
    assert permissions_for(role, capacity, station) == expected


def test_administrator_never_consults_procurations() -> None:
    for station in ("commissariat", "consulat", "brigade_gendarmerie"):
        assert P.PROCURATION_CONSULTER not in permissions_for("administrateur", "OPJ", station)


def test_delegate_needs_the_visa_of_an_opj() -> None:
    assert needs_visa("agent_police", "Délégué OPJ", P.PROCURATION_ETABLIR)
    assert not needs_visa("agent_police", "Délégué OPJ", P.PROCURATION_CONSULTER)
    assert not needs_visa("agent_police", "OPJ", P.PROCURATION_ETABLIR)
    assert may_give_visa("agent_police", "OPJ")
    assert not may_give_visa("agent_police", "APJ")  # an APJ cannot designate delegates
    assert not may_give_visa("agent_police", "réserviste APJ")
