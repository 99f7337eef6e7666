"""R-VALID-6 across stations: a mandant represented once per vote date, decided by the central store (session 27).

Each counter checks the procurations it knows (`rules/counter.check_same_mandant`); a mandant who goes to a second
counter for the same vote is unknown there. The central store voids the later one and the station that took it
learns it, with what to tell the mandant.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_sync_annulment import BERNARD, DUBOIS, MARTIN, PRES, _station, _status, desk_for, second_store

from central.embedded import Embedded
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind
from desktop.services.desk import EstablishInput
from desktop.sync.status import refused_items

__all__ = ["second_store"]  # the fixture, shared with the annulment tests


@pytest.mark.slow  # a central store over HTTP
def test_R_VALID_6_the_second_counter_s_procuration_is_void_and_its_agent_told_why(
    sqlite_central: Embedded, store: Store, second_store: Store, tmp_path: Path
) -> None:
    worker_a, client_a = _station(sqlite_central, store, "commissariat")
    worker_b, client_b = _station(sqlite_central, second_store, "consulat")
    desk_a = desk_for(store, tmp_path, PlaceKind.COMMISSARIAT, client_a)
    desk_b = desk_for(second_store, tmp_path, PlaceKind.CONSULAT, client_b)
    first = desk_a.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES))
    assert first.saved and worker_a.run_once()
    # Station B knows nothing of it: its counter accepts the same mandant for the same vote.
    second = desk_b.establish(EstablishInput(mandant=MARTIN, mandataire=BERNARD, election_id=PRES))
    assert second.saved, second.violations
    assert worker_b.run_once()
    assert _status(store, first.procuration_id or "") == ("validee", None)
    assert _status(second_store, second.procuration_id or "") == ("invalidee", "R-VALID-6")
    [item] = [i for i in refused_items(second_store) if i.record_id == second.procuration_id]
    assert item.rule_id == "R-VALID-6" and item.message is not None and "R-VALID-6" in item.message
    assert "un autre guichet" in item.advice and "résilier" in item.advice
    assert DUBOIS.last_name not in (item.message or "")  # station A's mandataire stays at station A (R-DATA-3)
