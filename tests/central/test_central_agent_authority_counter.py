"""What the counter shows when the central store refuses an act for its authority (R-AUTH-3): a délégué OPJ who
rewrote their own row of the station's `agents` table (role « superviseur », capacity « opj ») establishes without
any visa; the central store, which enrolled them as a délégué, refuses the act, and the station's Synchronisation
screen lists it with the rule and the reason (desktop/sync/status.refused_items). A real délégué's act, visaed by
the station's OPJ, carries the visa on the wire (`visa_opj`) and passes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from datekit import live_now
from sqlalchemy import select

from central.embedded import Embedded
from central.schema import procurations
from desktop.models import Procuration, Revocation
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind
from desktop.services.desk import DeskServices, EstablishInput, PersonInput, SearchQuery
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.status import refused_items
from desktop.sync.wire import KIND_PROCURATION
from desktop.sync.worker import SyncWorker

STATION = "75056-01"
MARTIN = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
LOCAL = (  # the station's rows: del-2 rewrote theirs (the outside audit's finding)
    ("opj-1", "agent_police", "opj", None),
    ("del-1", "agent_police", "delegue_opj", "opj-1"),
    ("del-2", "superviseur", "opj", None),
)
CENTRAL = (
    ("opj-1", "agent_police", "opj"),
    ("del-1", "agent_police", "delegue_opj"),
    ("del-2", "agent_police", "delegue_opj"),
)


def _principal(agent_id: str) -> Principal:
    role, capacity, designated = next((r, c, d) for i, r, c, d in LOCAL if i == agent_id)
    kind = PlaceKind.COMMISSARIAT.value
    return Principal(STATION, agent_id, role=role, capacity=capacity, station_kind=kind, designated_by=designated)


def _desk(store: Store, tmp_path: Path, agent_id: str, *, visa_by: str | None = None) -> DeskServices:
    from contextkit import service_context

    settings = Settings(data_dir=tmp_path / STATION, station_code=STATION, station_kind=PlaceKind.COMMISSARIAT)
    visa = _principal(visa_by) if visa_by else None
    ctx = service_context(store, settings, actor=_principal(agent_id), clock=live_now, visa_by=visa)
    return DeskServices(ctx)


def test_R_AUTH_3_the_counter_shows_its_self_promoted_delegates_act_refused_and_a_visaed_one_passes(
    store: Store, tmp_path: Path, central: Embedded
) -> None:
    from contextkit import add_agents

    add_agents(store, LOCAL, at=datetime.now(UTC))
    creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label=STATION)
    with httpx.Client(base_url=central.base_url, headers={"Authorization": f"Bearer {creds.token}"}) as http:
        for agent_id, role, capacity in CENTRAL:  # as the Agents screen enrolled them
            body = {"agent_id": agent_id, "login": agent_id, "role": role, "capacity": capacity}
            assert http.post("/v1/security/agents", json=body).status_code == 201
    visaed = _desk(store, tmp_path, "del-1", visa_by="opj-1").establish(
        EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id="presidentielle-2027", rounds="T1")
    )
    promoted = _desk(store, tmp_path, "del-2").establish(
        EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id="presidentielle-2027", rounds="T2")
    )
    assert visaed.saved and promoted.saved, (visaed.violations, promoted.violations)  # the station lets both through

    SyncWorker(store, CentralClient(central.base_url, creds, timeout=5), StationClock()).run_once()

    with central.engine.connect() as conn:
        stored = dict(conn.execute(select(procurations.c.id, procurations.c.rule_id)).tuples().all())
    assert stored == {visaed.procuration_id: None, promoted.procuration_id: "R-AUTH-3"}
    [item] = refused_items(store)  # the Synchronisation screen's list
    assert (item.record_id, item.kind, item.status, item.rule_id) == (
        promoted.procuration_id,
        KIND_PROCURATION,
        "invalidee",
        "R-AUTH-3",
    )
    assert item.message is not None and "Délégué d'OPJ" in item.message and "« OPJ »" in item.message, item
    with store.read() as s:
        assert s.get(Procuration, visaed.procuration_id).status == "validee"  # type: ignore[union-attr]

    # The délégué's résiliation carries the visa too (services/revocations._body): the central store takes it.
    delegate = _desk(store, tmp_path, "del-1", visa_by="opj-1")
    [mandant] = delegate.find_mandants(SearchQuery(MARTIN.nne, MARTIN.birth_date))
    revoked = delegate.revoke_all(elector_id=mandant.elector_id)
    assert revoked.saved, revoked
    SyncWorker(store, CentralClient(central.base_url, creds, timeout=5), StationClock()).run_once()
    with central.engine.connect() as conn:
        status = conn.execute(select(procurations.c.status).where(procurations.c.id == visaed.procuration_id))
        assert status.scalar_one() == "resiliee"
    with store.read() as s:
        assert s.get(Revocation, revoked.revocation_id).status == "validee"  # type: ignore[union-attr]


def test_the_synchronisation_screen_advises_per_rule_and_per_kind() -> None:
    """A void act signed by no authority is said as such, and a refused résiliation says the procurations stand."""
    from desktop.sync.status import advice_for
    from desktop.sync.wire import KIND_PROCURATION, KIND_RESILIATION

    assert "autorité habilitée" in advice_for("R-AUTH-1", KIND_PROCURATION)
    assert "sans le visa" in advice_for("R-AUTH-3", KIND_PROCURATION)
    for rule in ("R-AUTH-1", "R-AUTH-3", "R-REVOKE-5", None):
        assert "restent valables" in advice_for(rule, KIND_RESILIATION), rule
