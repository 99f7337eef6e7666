"""require(): refuses plain actors and missing roles; a délégué OPJ needs an OPJ's visa from the same station."""

from __future__ import annotations

import pytest

from desktop.services.journal import Actor
from desktop.services.permissions import Permission, PermissionDenied, Principal, allowed, require, visa_detail


def _p(agent: str, role: str, capacity: str, station: str = "commissariat", code: str = "75056-01") -> Principal:
    return Principal(station_code=code, agent_id=agent, role=role, capacity=capacity, station_kind=station)


def test_plain_actor_is_refused() -> None:
    with pytest.raises(PermissionDenied, match="aucun agent identifié"):
        require(Actor(station_code="75056-01", agent_id="a"), Permission.PROCURATION_CONSULTER)
    assert not allowed(Actor(station_code="75056-01", agent_id="a"), Permission.PROCURATION_CONSULTER)


def test_refusal_names_the_action_in_french() -> None:
    admin = _p("adm", "administrateur", "informatique")
    with pytest.raises(PermissionDenied) as exc:
        require(admin, Permission.PROCURATION_CONSULTER)
    assert exc.value.message == "Action refusée : votre rôle ne permet pas de consulter les procurations à ce poste."
    assert exc.value.permission == "procuration.consulter"
    require(admin, Permission.AGENTS_GERER)
    consular = _p("c", "agent_consulaire", "chef de poste", station="commissariat")
    with pytest.raises(PermissionDenied):
        require(consular, Permission.PROCURATION_ETABLIR)


def test_delegate_establishes_only_with_an_opj_visa() -> None:
    delegate = _p("d", "agent_police", "délégué OPJ")
    require(delegate, Permission.PROCURATION_CONSULTER)  # no visa needed to consult
    with pytest.raises(PermissionDenied, match="visa"):
        require(delegate, Permission.PROCURATION_ETABLIR)
    for bad in (
        _p("x", "agent_police", "APJ"),
        _p("y", "agent_police", "OPJ", code="13055-01"),
        _p("d", "agent_police", "OPJ"),
    ):
        with pytest.raises(PermissionDenied, match="OPJ de ce poste"):
            require(delegate, Permission.PROCURATION_ETABLIR, visa_by=bad)
    opj = _p("o", "agent_police", "OPJ")
    require(delegate, Permission.PROCURATION_ETABLIR, visa_by=opj)
    assert visa_detail(opj) == "visa_opj=o" and visa_detail(None) is None
