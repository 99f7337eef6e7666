"""A délégué OPJ enrolled before designations: no OPJ's visa counts until the administrator names theirs (R-AUTH-3)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from contextkit import add_agents, service_context
from sqlalchemy import select

from desktop.models import Agent, AuditEvent
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind
from desktop.services.agents import AccountError
from desktop.services.designations import name_designating_opj
from desktop.services.desk import DeskServices, EstablishInput
from desktop.services.permissions import PermissionDenied, Principal
from desktop.settings import Settings

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
KIND = "commissariat"
ACCOUNTS = (  # id, role, capacity, designated_by
    ("admin-1", "administrateur", "administrateur", None),
    ("sup-1", "superviseur", "opj", None),
    ("opj-1", "agent_police", "opj", None),
    ("opj-2", "agent_police", "opj", None),
    ("apj-1", "agent_police", "apj", None),
    ("del-1", "agent_police", "delegue_opj", None),  # enrolled before designations
)


def _principal(agent_id: str) -> Principal:
    role, capacity = next((r, c) for i, r, c, _d in ACCOUNTS if i == agent_id)
    return Principal("S-1", agent_id, role=role, capacity=capacity, station_kind=KIND)


@pytest.fixture
def station(store: Store) -> Store:
    return add_agents(store, ACCOUNTS, at=NOW)


def _ctx(store: Store, tmp_path: Path, agent_id: str, *, visa_by: str | None = None):  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path, station_code="S-1", station_kind=PlaceKind(KIND), station_name="Poste")
    visa = _principal(visa_by) if visa_by else None
    return service_context(store, settings, actor=_principal(agent_id), clock=lambda: NOW, visa_by=visa)


def _events(store: Store, action: str) -> list[tuple[str | None, str | None, str | None]]:
    with store.read() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).all()
        return [(e.agent_id, e.record_id, e.detail) for e in rows]


def test_R_AUTH_3_a_delegate_without_a_designating_opj_takes_no_opjs_visa_until_the_administrator_names_it(
    station: Store, tmp_path: Path
) -> None:
    """Counter audit (left open until now): « a délégué enrolled before takes any OPJ's [visa], until the
    administrator enrols them again ». Now: none counts; the administrator names the OPJ without re-enrolling, and
    from then on that OPJ's visa only, in the délégué's open session too (the store is read at each act)."""
    desk = DeskServices(_ctx(station, tmp_path, "del-1", visa_by="opj-1"))
    for visaed in (desk, desk.with_visa(_principal("opj-2")), desk.with_visa(None)):
        refused = visaed.check(EstablishInput())
        assert refused[0].rule_id == "R-AUTH-3" and "OPJ désignant n'est pas renseigné" in refused[0].message
    outcome = desk.establish(EstablishInput())
    assert not outcome.saved and outcome.violations[0].rule_id == "R-AUTH-3"
    assert _events(station, "acces.refuse") == [("del-1", None, "procuration.etablir designation_opj=manquante")]

    # Only the administrator names it, an active OPJ of the station, for an active délégué OPJ; refusals said.
    for who in ("sup-1", "opj-1", "del-1"):
        with pytest.raises(PermissionDenied, match="gérer les comptes des agents"):
            name_designating_opj(_ctx(station, tmp_path, who), delegate_id="del-1", opj_id="opj-1")
    admin = _ctx(station, tmp_path, "admin-1")
    for opj in ("apj-1", "del-1", "inconnu", "admin-1"):
        with pytest.raises(AccountError, match="R-AUTH-3"):
            name_designating_opj(admin, delegate_id="del-1", opj_id=opj)
    with pytest.raises(AccountError, match="délégué d'OPJ actif"):
        name_designating_opj(admin, delegate_id="opj-2", opj_id="opj-1")
    with station.read() as s:
        assert s.get(Agent, "del-1").designated_by is None  # type: ignore[union-attr]
    name_designating_opj(admin, delegate_id="del-1", opj_id="opj-1")
    assert _events(station, "agent.designation_opj") == [("admin-1", "del-1", "opj=opj-1;precedent=aucun")]

    assert "R-AUTH-3" not in {v.rule_id for v in desk.check(EstablishInput())}  # the session's visa, theirs
    other = desk.with_visa(_principal("opj-2")).check(EstablishInput())
    assert other[0].rule_id == "R-AUTH-3" and "qui vous a désigné" in other[0].message
    # A change of designating OPJ goes the same way, and says which one it replaced.
    name_designating_opj(admin, delegate_id="del-1", opj_id="opj-2")
    assert _events(station, "agent.designation_opj")[-1] == ("admin-1", "del-1", "opj=opj-2;precedent=opj-1")
    assert "R-AUTH-3" in {v.rule_id for v in desk.check(EstablishInput())}
