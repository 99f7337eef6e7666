"""A délégué OPJ's résiliation carries the visa of the OPJ who designated them, as their procurations do (R-AUTH-3):
the same authorities receive a résiliation in the same forms (R-REVOKE-4, R-REVOKE-5), and one signed without the
visa would leave the mandant believing the procuration ended. Finding the mandant comes before the act: no visa
asked there."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from contextkit import add_agents, service_context
from sqlalchemy import select

from desktop.models import AuditEvent, Procuration
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind, Status
from desktop.services.desk import DeskServices, EstablishInput, PersonInput, SearchQuery
from desktop.services.permissions import Principal
from desktop.services.revocations import CentralMandant
from desktop.settings import Settings

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
KIND = "commissariat"
ACCOUNTS = (  # id, role, capacity, designated_by
    ("opj-1", "agent_police", "opj", None),
    ("opj-2", "agent_police", "opj", None),
    ("del-1", "agent_police", "delegue_opj", "opj-1"),
    # The Agents screen offers every capacity for every role: a supervisor enrolled as délégué is one at the counter.
    ("supdel-1", "superviseur", "delegue_opj", "opj-1"),
)
MANDANT = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire", birth_date=date(1990, 1, 15))
MANDATAIRE = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))


def _principal(agent_id: str) -> Principal:
    role, capacity, designated = next((r, c, d) for i, r, c, d in ACCOUNTS if i == agent_id)
    return Principal("S-1", agent_id, role=role, capacity=capacity, station_kind=KIND, designated_by=designated)


@pytest.fixture
def station(store: Store) -> Store:
    return add_agents(store, ACCOUNTS, at=NOW)


def _desk(store: Store, tmp_path: Path, agent_id: str, *, visa_by: str | None = None) -> DeskServices:
    settings = Settings(data_dir=tmp_path, station_code="S-1", station_kind=PlaceKind(KIND), station_name="Poste")
    visa = _principal(visa_by) if visa_by else None
    ctx = service_context(
        store, settings, actor=_principal(agent_id), clock=lambda: NOW + timedelta(minutes=5), visa_by=visa
    )
    return DeskServices(ctx)


def _statuses(store: Store) -> list[str]:
    with store.read() as s:
        return [str(p.status) for p in s.scalars(select(Procuration)).all()]


def _details(store: Store, action: str) -> list[tuple[str | None, str | None]]:
    with store.read() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).all()
        return [(e.agent_id, e.detail) for e in rows]


@pytest.fixture
def mandant_id(station: Store, tmp_path: Path) -> str:
    opj = _desk(station, tmp_path, "opj-1")
    saved = opj.establish(EstablishInput(mandant=MANDANT, mandataire=MANDATAIRE, election_id="presidentielle-2027"))
    assert saved.saved, saved.violations
    [match] = opj.find_mandants(SearchQuery("204512873"))
    return match.elector_id


@pytest.mark.parametrize("delegue_id", ["del-1", "supdel-1"])
@pytest.mark.parametrize("visa", [None, "opj-2"], ids=["no-visa", "another-opjs-visa"])
def test_R_AUTH_3_a_delegues_resiliation_without_the_designating_opjs_visa_ends_nothing(
    station: Store, tmp_path: Path, mandant_id: str, visa: str | None, delegue_id: str
) -> None:
    delegue = _desk(station, tmp_path, delegue_id, visa_by=visa)
    [match] = delegue.find_mandants(SearchQuery("204512873"))  # finding the mandant: before the act, no visa asked
    assert match.elector_id == mandant_id and len(match.in_force) == 1
    outcome = delegue.revoke_all(elector_id=mandant_id)
    assert not outcome.saved
    assert [v.rule_id for v in outcome.violations] == ["R-AUTH-3"]
    assert "visa" in outcome.violations[0].message
    assert _statuses(station) == [Status.PROVISOIRE.value]  # nothing ended
    assert _details(station, "procuration.resiliation") == []
    assert any(  # the refusal is in the audit trail (R-DATA-4)
        agent == delegue_id and (detail or "").startswith("procuration.resilier")
        for agent, detail in _details(station, "acces.refuse")
    )


def test_R_AUTH_3_a_delegues_resiliation_at_the_central_store_is_refused_before_any_network_without_the_visa(
    station: Store, tmp_path: Path
) -> None:
    delegue = _desk(station, tmp_path, "del-1")
    outcome = delegue.revoke_at_central(mandant=CentralMandant(person=MANDANT, name="MARTIN Claire", procurations=()))
    assert not outcome.saved and [v.rule_id for v in outcome.violations] == ["R-AUTH-3"]


def test_R_AUTH_3_with_the_designating_opjs_visa_the_resiliation_is_recorded_and_names_the_visa(
    station: Store, tmp_path: Path, mandant_id: str
) -> None:
    delegue = _desk(station, tmp_path, "del-1", visa_by="opj-1")
    outcome = delegue.revoke_all(elector_id=mandant_id)
    assert outcome.saved, outcome.violations
    assert _statuses(station) == [Status.RESILIEE.value]
    [(agent, detail)] = _details(station, "procuration.resiliation")
    assert agent == "del-1" and "visa_opj=opj-1" in (detail or "")


def test_an_opjs_own_resiliation_needs_no_visa_and_names_none(station: Store, tmp_path: Path, mandant_id: str) -> None:
    outcome = _desk(station, tmp_path, "opj-1").revoke_all(elector_id=mandant_id)
    assert outcome.saved, outcome.violations
    [(_agent, detail)] = _details(station, "procuration.resiliation")
    assert "visa_opj" not in (detail or "")


def test_R_AUTH_3_a_supervisor_enrolled_as_delegue_establishes_only_with_the_designating_opjs_visa(
    station: Store, tmp_path: Path
) -> None:
    """Outside audit (session 29): the visa was asked of an agent_police délégué only."""
    form = EstablishInput(mandant=MANDANT, mandataire=MANDATAIRE, election_id="presidentielle-2027")
    for visa in (None, "opj-2"):
        refused = _desk(station, tmp_path, "supdel-1", visa_by=visa).establish(form)
        assert not refused.saved and "R-AUTH-3" in [v.rule_id for v in refused.violations]
    saved = _desk(station, tmp_path, "supdel-1", visa_by="opj-1").establish(form)
    assert saved.saved, saved.violations
