"""The form asks the central store what the parties already hold (session 27, services/national_check).

A mandant represented at another counter for the same vote (R-VALID-6), or a mandataire whose share is taken
elsewhere (L73), was learnt the day after, from the feed, once the citizen had left with a receipt. Now the counter
warns while the form is filled: the agent tells the mandant and acknowledges, or the act is not saved. A warning,
not a refusal: the central store's copy may be behind, and it decides.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from datekit import round_day
from sqlalchemy import select
from test_sync_annulment import (
    BERNARD,
    DUBOIS,
    MARTIN,
    PRES,
    THOMAS,
    _station,
    desk_for,
    second_store,
)

from central.embedded import Embedded
from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind
from desktop.services.consultation_writer import settle
from desktop.services.desk import DeskServices, EstablishInput, SearchQuery
from desktop.sync.client import CentralClient, enrol
from desktop.sync.worker import SyncWorker

__all__ = ["second_store"]


def _asked(desk: DeskServices, form: EstablishInput) -> EstablishInput:
    """The form with the central store's answers for its parties, as the screen fills it."""
    found = (desk.national_holdings(form.mandant, "mandant"), desk.national_holdings(form.mandataire, "mandataire"))
    return replace(form, national=tuple(h for h in found if h is not None))


def _enrolled(client: CentralClient, kind: PlaceKind) -> CentralClient:
    """The desk's agent (`desk_for`'s) made known to the central store: look-ups are for enrolled agents only."""
    from desktop.security.central_api import HttpCentralSecurity

    code = "CONS-01" if kind.abroad else "75056-01"
    role = "agent_consulaire" if kind.abroad else "agent_police"
    HttpCentralSecurity(client.http).enrol_agent(
        agent_id="agent-" + code, login="agent-" + code, role=role, capacity="OPJ", email=None
    )
    return client


def _two_stations(
    central: Embedded, store: Store, other: Store, tmp_path: Path
) -> tuple[DeskServices, SyncWorker, DeskServices]:
    worker_a, client_a = _station(central, store, "commissariat-a")
    _worker_b, client_b = _station(central, other, "commissariat-b")
    desk_a = desk_for(store, tmp_path, PlaceKind.COMMISSARIAT, client_a)
    desk_b = desk_for(other, tmp_path / "b", PlaceKind.CONSULAT, _enrolled(client_b, PlaceKind.CONSULAT))
    return desk_a, worker_a, desk_b


@pytest.mark.slow  # a central store over HTTP
def test_R_VALID_6_a_mandant_represented_elsewhere_is_a_warning_to_acknowledge(
    sqlite_central: Embedded, store: Store, second_store: Store, tmp_path: Path
) -> None:
    desk_a, worker_a, desk_b = _two_stations(sqlite_central, store, second_store, tmp_path)
    assert desk_a.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES)).saved
    assert worker_a.run_once()
    form = _asked(desk_b, EstablishInput(mandant=MARTIN, mandataire=BERNARD, election_id=PRES))
    [warning] = [v for v in desk_b.check(form) if v.rule_id == "R-VALID-6"]
    assert not warning.blocking and "Selon le répertoire central" in warning.message
    first_round = round_day(PRES)  # 11/04/2027 as the central store's calendar has it today (tests/datekit.py)
    assert f"{first_round:%d/%m/%Y}" in warning.message and DUBOIS.last_name not in warning.message
    # Without the central store's answer the counter knew nothing: no warning (what happened before).
    assert "R-VALID-6" not in {v.rule_id for v in desk_b.check(replace(form, national=()))}
    refused = desk_b.establish(form)
    assert not refused.saved and [v.rule_id for v in refused.unacknowledged] == ["R-VALID-6"]
    assert desk_b.establish(replace(form, acknowledged=frozenset({"R-VALID-6"}))).saved
    # Each question to the central store is a consultation in this counter's audit log too.
    settle(second_store)  # the journal's lines into the audit chain
    with second_store.read() as s:
        kinds = list(s.scalars(select(AuditEvent.record_kind).where(AuditEvent.action == "consultation")))
    assert kinds.count("verification_nationale") == 2


@pytest.mark.slow
def test_a_résiliation_recorded_here_since_takes_the_earlier_one_out(
    sqlite_central: Embedded, store: Store, second_store: Store, tmp_path: Path
) -> None:
    desk_a, worker_a, desk_b = _two_stations(sqlite_central, store, second_store, tmp_path)
    assert desk_a.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES)).saved
    assert worker_a.run_once()
    # The mandant is known here for another vote; he comes back to change mandataire for the presidential one.
    assert desk_b.establish(EstablishInput(mandant=MARTIN, mandataire=THOMAS, election_id="legislatives-2027")).saved
    form = _asked(desk_b, EstablishInput(mandant=MARTIN, mandataire=BERNARD, election_id=PRES))
    assert "R-VALID-6" in {v.rule_id for v in desk_b.check(form)}
    [found] = desk_b.find_mandants(SearchQuery(MARTIN.nne, MARTIN.birth_date))
    assert desk_b.revoke_all(elector_id=found.elector_id).saved  # R-REVOKE-2: every earlier one, here or elsewhere
    assert "R-VALID-6" not in {v.rule_id for v in desk_b.check(form)}


@pytest.mark.slow
def test_L73_a_mandataire_whose_share_is_taken_elsewhere_is_a_warning(
    sqlite_central: Embedded, store: Store, second_store: Store, tmp_path: Path
) -> None:
    worker_a, client_a = _station(sqlite_central, store, "commissariat-a")
    _worker_b, client_b = _station(sqlite_central, second_store, "commissariat-b")
    desk_a = desk_for(store, tmp_path, PlaceKind.COMMISSARIAT, client_a)
    desk_b = desk_for(second_store, tmp_path / "b", PlaceKind.COMMISSARIAT, _enrolled(client_b, PlaceKind.COMMISSARIAT))
    assert desk_a.establish(EstablishInput(mandant=THOMAS, mandataire=DUBOIS, election_id=PRES)).saved
    assert worker_a.run_once()
    form = _asked(desk_b, EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES))
    [warning] = [v for v in desk_b.check(form) if v.rule_id == "R-LIMIT-1"]
    assert not warning.blocking and warning.message.startswith("Selon le répertoire central")
    assert THOMAS.last_name not in warning.message


@pytest.mark.slow
def test_offline_the_form_says_the_other_counters_were_not_checked(
    sqlite_central: Embedded, store: Store, tmp_path: Path
) -> None:
    creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="hors-ligne")
    client = CentralClient("http://127.0.0.1:9", creds, timeout=0.5)  # the link is down: nothing listens there
    desk = desk_for(store, tmp_path, PlaceKind.COMMISSARIAT, client)
    answer = desk.national_holdings(MARTIN, "mandant")
    assert answer is not None and answer.state == "hors_ligne" and "n'ont pas été vérifiées" in answer.message
    form = replace(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES), national=(answer,))
    assert not [v for v in desk.check(form) if v.rule_id in ("R-VALID-6", "R-LIMIT-1")]
    assert desk.national_holdings(replace(MARTIN, nne="", given_names=""), "mandant") is None  # not enough to ask
