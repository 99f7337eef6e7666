"""The central benchmarks push as honest stations: their entries are by an agent their station enrolled and dated
from the server's time, so nothing is flagged, and `_central.honest` stops a run whose entries were (session 25: the
benchmarks pushed as an agent no station had enrolled, and measured the flagged path, a review per entry)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from _central import BATCH, claim_agent, honest, render, station_entries, synthetic_register
from sqlalchemy import Engine

from central.apply import apply_batch
from central.auth import enrol_station
from central.register import import_electors
from central.service import load_rules, open_database
from desktop.sync.wire import Batch


def _push(engine: Engine, tmp_path: Path, agent_id: str | None) -> list[str]:
    """One station's batch, by its own claimed agent (None) or by `agent_id`; returns the batch's id."""
    people = synthetic_register(tmp_path / "register.csv", BATCH + BATCH // 2 + 1)
    with engine.begin() as conn:
        import_electors(conn, tmp_path / "register.csv")
    station = enrol_station(engine, label="bench", now=datetime.now(UTC) - timedelta(hours=1)).station_id
    agent = agent_id or claim_agent(engine, station)
    batch = Batch.model_validate_json(
        render(station_entries(people, range(BATCH), lambda i: BATCH + i // 2, agent_id=agent), None)
    )
    apply_batch(engine, station_id=station, batch=batch, rules=load_rules())
    return [batch.batch_id]


def test_a_benchmark_station_s_batch_is_not_flagged(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    honest(engine, _push(engine, tmp_path, None))
    engine.dispose()


def test_a_batch_by_an_agent_no_station_enrolled_stops_the_benchmark(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    batch_ids = _push(engine, tmp_path, "fantome")
    with pytest.raises(RuntimeError, match=f"{BATCH} entries flagged"):
        honest(engine, batch_ids)
    engine.dispose()
