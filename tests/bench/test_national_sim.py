"""The national simulation, small: a handful of stations for a few seconds, so the simulator itself cannot rot."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from centralkit import synthetic_register
from national import broken, election_week_acts, make_stations, phase_row
from national_sim.client import Connection, HttpError
from national_sim.cluster import enrol_stations
from national_sim.load import Phase, PhaseReport, percentile, run_load
from national_sim.station import People, SimStation
from sqlalchemy import func, select

from central.embedded import start_embedded
from central.register import import_electors
from central.schema import entries, procurations, revocations, stations

SmallRun = tuple[list[PhaseReport], list[SimStation], int, int]  # reports, stations, entries stored, seqs' sum


@pytest.fixture
def small_run(tmp_path: Path) -> SmallRun:
    """Eight stations syncing every half second against the embedded central store (SQLite), two phases."""
    central = start_embedded(tmp_path / "central.sqlite3", demo_data=False)
    try:
        identities = synthetic_register(tmp_path / "register.csv", 400)
        with central.engine.begin() as conn:
            import_electors(conn, tmp_path / "register.csv")
        port = int(central.base_url.rsplit(":", 1)[1])
        sims = make_stations(enrol_stations(central.engine, 8), [port], acts=6.0, revoke_share=0.1, seed=3)
        people = People(identities, random.Random(3))
        reports = run_load(sims, [Phase("semaine", 1.0, 2.0), Phase("x2", 2.0, 1.0)], interval=0.5, people=people)
        with central.engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(procurations)).scalar_one()
            stored += conn.execute(select(func.count()).select_from(revocations)).scalar_one()
            last_seqs = sum(conn.execute(select(stations.c.last_seq)).scalars())
            flagged = conn.execute(select(func.count()).select_from(entries).where(entries.c.flags != "")).scalar_one()
        assert flagged == 0, "the simulated stations' clocks must be believed (entries dated from server times)"
    finally:
        central.stop()
    return reports, sims, stored, last_seqs


@pytest.mark.slow
def test_small_run_pushes_and_polls_without_error(small_run: SmallRun) -> None:
    reports, sims, stored, last_seqs = small_run
    assert [r.phase.name for r in reports] == ["semaine", "x2"]
    for report in reports:
        assert report.error_count() == 0, report.errors
        assert report.latencies["poll"], "no poll answered"
        assert report.held("poll") > 0
    assert sum(r.entries_acked for r in reports) > 0
    # Every entry the central store acknowledged is stored once, and the stations' seqs are the store's.
    acked = sum(sum(st.verdicts.values()) for st in sims)
    assert stored == acked == last_seqs
    assert sum(st.verdicts.get("validee", 0) for st in sims) > 0
    assert {"api", "postgres"}.isdisjoint(reports[0].cpu)  # no probe given: the client's CPU only
    assert reports[0].cpu["client"] >= 0
    row = phase_row(reports[0])
    assert row["push_p50_ms"] is not None and row["poll_p99_ms"] is not None


def test_percentile_and_broken() -> None:
    assert percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.0
    assert percentile([1.0] * 99 + [9.0], 99) == 1.0
    assert percentile([1.0] * 98 + [9.0, 9.0], 99) == 9.0
    fine = PhaseReport(Phase("x", 1.0, 1.0), seconds=1.0, cycles_offered=10.0, acts_offered=1.0)
    fine.latencies = {"push": [0.05] * 10, "poll": [0.02] * 10}
    assert not broken(fine)
    slow = PhaseReport(Phase("x", 1.0, 1.0), seconds=1.0, cycles_offered=10.0, acts_offered=1.0)
    slow.latencies = {"push": [2.0] * 10, "poll": [0.02] * 10}
    assert broken(slow)
    behind = PhaseReport(Phase("x", 1.0, 1.0), seconds=1.0, cycles_offered=100.0, acts_offered=1.0)
    behind.latencies = {"push": [0.05] * 10, "poll": [0.02] * 10}
    assert broken(behind)
    assert 25 < election_week_acts(3_000_000, 2.0) < 30


def test_http_client_refuses_a_closed_port() -> None:
    from centralkit import free_port

    conn = Connection("127.0.0.1", free_port(), "x", timeout=2)
    with pytest.raises(HttpError):
        asyncio.run(conn.request("GET", "/v1/time"))
