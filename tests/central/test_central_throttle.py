"""The rate limits hold under concurrency: calls of one station arriving together on PostgreSQL (several API
processes share one database) cannot all see the last free place (`central/throttle.py`: count and log in one
transaction, under the station's lock)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from centralkit import PgServer
from fastapi import HTTPException
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from central import consult
from central.auth import Caller
from central.embedded import load_demo_data
from central.reset_codes import issue_reset_code
from central.schema import access_log
from central.service import build_app, open_database
from central.throttle import Limit
from desktop.sync.wire import Enrolment, LookupRequest

NNE, BORN = "204512873", "1990-01-15"  # MARTIN Claire in the demo register
CALLS = 12


@pytest.fixture
def station(pg: PgServer, tmp_path: Path) -> Iterator[tuple[Engine, Caller, str]]:
    """A PostgreSQL central store with the demo data, one enrolled station and two of its agents."""
    url = pg.database()
    engine = open_database(url)
    load_demo_data(engine)
    app = build_app(url, enrolment_token="jeton", folder=tmp_path)
    with TestClient(app) as client:
        answer = client.post("/v1/stations", json={"label": "75056-01"}, headers={"Authorization": "Bearer jeton"})
        creds = Enrolment.from_json(answer.content)
        auth = {"Authorization": f"Bearer {creds.token}"}
        for who in ("police-1", "police-2"):
            body = {"agent_id": who, "login": who, "role": "agent_police", "capacity": "opj", "email": f"{who}@x.fr"}
            assert client.post("/v1/security/agents", json=body, headers=auth).status_code == 201
    yield engine, Caller(creds.station_id, datetime.now(UTC) + timedelta(days=1)), creds.station_id
    engine.dispose()


def _together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls on as many threads released at the same instant; each result or the exception it raised."""
    start = threading.Barrier(len(calls))
    out: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        start.wait()
        try:
            out[i] = calls[i]()
        except Exception as exc:  # the refusal is what is counted
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


@pytest.mark.slow
def test_look_ups_arriving_together_get_exactly_the_places_left(station: tuple[Engine, Caller, str]) -> None:
    engine, caller, _station_id = station
    limit = Limit(per_agent=3, per_station=5)
    now = datetime.now(UTC)

    def search(who: str) -> Callable[[], Any]:
        payload = LookupRequest(agent_id=who, nne=NNE, date_naissance=BORN)  # type: ignore[arg-type]
        return lambda: consult.lookup(engine, caller=caller, payload=payload, limit=limit, now=now)

    results = _together([search("police-1") for _ in range(CALLS)])
    answered = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, HTTPException)]
    assert len(answered) == limit.per_agent and len(refused) == CALLS - limit.per_agent, results
    assert all(r.status_code == 429 for r in refused)
    # The station's limit across its agents: 2 places left for police-2, whoever arrives first.
    results = _together([search("police-2") for _ in range(CALLS)])
    assert sum(not isinstance(r, Exception) for r in results) == limit.per_station - limit.per_agent
    with engine.connect() as conn:
        logged = conn.execute(select(access_log.c.action, func.count()).group_by(access_log.c.action)).all()
    # Every call let through is logged once, with what it found; a refused call leaves no line.
    assert dict(logged) == {"lookup:agent_police": limit.per_station}


@pytest.mark.slow
def test_reset_codes_asked_together_are_issued_within_the_limit(station: tuple[Engine, Caller, str]) -> None:
    engine, _caller, station_id = station
    limit = Limit(per_agent=2, per_station=3, window=timedelta(hours=1))
    now = datetime.now(UTC)

    def ask(who: str) -> Callable[[], Any]:
        return lambda: issue_reset_code(engine, station_id=station_id, identifier=who, now=now, limit=limit)

    results = _together([ask("police-1") for _ in range(CALLS)])
    assert sum(r is not None and not isinstance(r, Exception) for r in results) == limit.per_agent, results
    results = _together([ask("police-2") for _ in range(CALLS)])
    assert sum(r is not None and not isinstance(r, Exception) for r in results) == limit.per_station - limit.per_agent
