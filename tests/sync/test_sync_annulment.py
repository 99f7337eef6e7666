"""R-ELIG-5 through the sync: the feed carries « annulée » to the stations, whose slots and mandants are then free."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from datekit import live_now
from sqlalchemy import select

from central.embedded import Embedded
from desktop.models import Procuration, ProcurationEvent
from desktop.models.db import Store, open_store
from desktop.models.ids import uuid7
from desktop.models.keys import StaticKeyProvider
from desktop.rules.terms import PlaceKind
from desktop.services.desk import DeskServices, EstablishInput, PersonInput, SearchQuery
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.outbox import apply_changes
from desktop.sync.wire import Change, ChangesPage
from desktop.sync.worker import Backoff, SyncWorker, WorkerSettings

MARTIN = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
BERNARD = PersonInput(nne="371617504", last_name="BERNARD", given_names="Luc Henri", birth_date=date(1969, 8, 8))
THOMAS = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
PRES = "presidentielle-2027"
FAST = WorkerSettings(
    batch_size=50, poll_interval=0.05, probe_interval=0.02, backoff=Backoff(base=0.01, cap=0.05, jitter=0.5)
)


def desk_for(store: Store, tmp_path: Path, kind: PlaceKind, central: CentralClient | None = None) -> DeskServices:
    from contextkit import service_context

    abroad = kind.abroad
    code = "CONS-01" if abroad else "75056-01"
    settings = Settings(data_dir=tmp_path / code, station_code=code, station_kind=kind)
    actor = Principal(
        code,
        "agent-" + code,
        role="agent_consulaire" if abroad else "agent_police",
        capacity="chef_de_poste_consulaire" if abroad else "OPJ",
        station_kind=kind.value,
    )
    return DeskServices(service_context(store, settings, actor=actor, central=central, clock=live_now))


def _status(store: Store, pid: str) -> tuple[str, str | None]:
    with store.session() as s:
        proc = s.get(Procuration, pid)
        assert proc is not None
        return proc.status, proc.status_rule_id


def test_R_ELIG_5_feed_annulment_reaches_the_station_and_frees_the_mandant(store: Store, tmp_path: Path) -> None:
    desk = desk_for(store, tmp_path, PlaceKind.COMMISSARIAT)
    first = desk.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES))
    assert first.saved and first.procuration_id is not None
    again = EstablishInput(mandant=MARTIN, mandataire=BERNARD, election_id=PRES)
    assert "R-VALID-6" in {v.rule_id for v in desk.check(again)}  # represented once per vote date
    now = datetime.now(UTC)
    message = "Procuration annulée de plein droit : décès du mandataire (R-ELIG-5)."
    change = Change(
        cursor=7,
        entry_id=uuid7(),
        record_id=first.procuration_id,
        status="annulee",
        rule_id="R-ELIG-5",
        message=message,
        at=now,
    )
    apply_changes(store, ChangesPage(changes=(change,), next_cursor=7, more=False, server_time=now), now=now)
    assert _status(store, first.procuration_id) == ("annulee", "R-ELIG-5")
    with store.session() as s:
        notes = [e.note for e in s.scalars(select(ProcurationEvent).where(ProcurationEvent.source == "central"))]
    assert notes == [message]
    # Activité du jour lists it with what to tell the mandant.
    [row] = desk.annulled_since(now.replace(hour=0, minute=0, second=0, microsecond=0))
    assert row.id == first.procuration_id and row.advice is not None and "autre mandataire" in row.advice
    # The annulled one no longer counts: the mandant designates another mandataire for the same vote date.
    assert desk.check(again) == []
    assert desk.establish(again).saved


# -- end to end: two stations, one central store, a death in the register -------------------------------------------
@pytest.fixture
def second_store(store_template: Path, tmp_path: Path, store_key: bytes) -> Iterator[Store]:
    path = tmp_path / "second.db"
    shutil.copyfile(store_template, path)
    opened = open_store(path, StaticKeyProvider(store_key), migrate=False)
    yield opened
    opened.close()


def _wait(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def _station(central: Embedded, store: Store, label: str) -> tuple[SyncWorker, CentralClient]:
    creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label=label)
    client = CentralClient(central.base_url, creds, timeout=5)
    return SyncWorker(store, client, StationClock(), settings=FAST), client


@pytest.mark.slow  # a central store over HTTP
def test_R_ELIG_5_end_to_end_two_stations_death_in_the_register(
    sqlite_central: Embedded, store: Store, second_store: Store, tmp_path: Path
) -> None:
    worker_a, client_a = _station(sqlite_central, store, "commissariat")
    worker_b, client_b = _station(sqlite_central, second_store, "consulat")
    desk_a = desk_for(store, tmp_path, PlaceKind.COMMISSARIAT, client_a)
    desk_b = desk_for(second_store, tmp_path, PlaceKind.CONSULAT, client_b)
    # DUBOIS holds one procuration established in France (station A) and one abroad (station B).
    in_france = desk_a.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES))
    abroad = desk_b.establish(EstablishInput(mandant=THOMAS, mandataire=DUBOIS, election_id=PRES))
    assert in_france.saved and abroad.saved
    pid_a, pid_b = in_france.procuration_id or "", abroad.procuration_id or ""
    assert worker_a.run_once() and worker_b.run_once()
    assert _status(store, pid_a)[0] == "validee" and _status(second_store, pid_b)[0] == "validee"
    # The register reports DUBOIS's death to the central store.
    answer = httpx.post(
        f"{sqlite_central.base_url}/v1/registre/evenements",
        json={"evenements": [{"nne": DUBOIS.nne, "evenement": "deces"}]},
        headers={"Authorization": f"Bearer {sqlite_central.enrolment_token}"},
        timeout=10,
    )
    assert answer.status_code == 200 and answer.json() == {"evenements": 1, "annulees": 2}
    assert worker_a.run_once() and worker_b.run_once()
    assert _status(store, pid_a) == ("annulee", "R-ELIG-5")
    assert _status(second_store, pid_b) == ("annulee", "R-ELIG-5")
    # Rechercher at station A says what to tell the mandant.
    found = desk_a.search(SearchQuery("martin", MARTIN.birth_date))
    assert any("désigner un autre mandataire" in n for n in found.notices)
    # MARTIN designates another mandataire for the same vote date: accepted at the counter and by the central store.
    again = desk_a.establish(EstablishInput(mandant=MARTIN, mandataire=BERNARD, election_id=PRES))
    assert again.saved, again.violations
    assert worker_a.run_once()
    _wait(lambda: _status(store, again.procuration_id or "")[0] == "validee")
    # A new procuration naming the deceased mandataire is refused by the central store.
    late = desk_b.establish(EstablishInput(mandant=replace(THOMAS), mandataire=DUBOIS, election_id="legislatives-2027"))
    assert late.saved and worker_b.run_once()
    assert _status(second_store, late.procuration_id or "") == ("invalidee", "R-ELIG-5")
