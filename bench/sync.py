"""Sync benchmark on PostgreSQL: the central apply rate of one station's batches of 200 (in process, next to a raw
COPY of the same rows), and the time a station takes to drain a 10,000-entry outbox over HTTP to
`guichet-central serve` (its own processes) with the worker's settings (adaptive batch size, pipelined), next to
the same drain in fixed batches of 200 (the previous settings), the two alternated in the same run. Each drain is
also split into the time the station waited on its pushes and pulls (the central store and HTTP) and the rest (the
station's own work: reading, freezing and acknowledging its outbox).

Run: `.venv/bin/python bench/sync.py [--records 4000] [--runs 3] [--drain 10000] [--drain-runs 3] [--skip-apply]
[--before DIR]` (DIR: an earlier version from `git archive`, served as the drain's baseline; server CPU printed)
(starts a throwaway PostgreSQL cluster, durable as a deployment runs it; `--fast-commits`: without fsync).
Goals: apply >= 1,500 records/s; drain <= 3 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _central import (
    BATCH,
    TOKEN,
    PgServer,
    claim_agent,
    copy_rate,
    enrol_agent_http,
    enrol_http,
    honest,
    import_electors,
    render,
    serve,
    start_postgres,
    station_entries,
    synthetic_register,
    tree_cpu,
)
from _figures import Goal, figure
from centralkit import procuration_body

from central.apply import apply_batch
from central.auth import enrol_station
from central.service import load_rules, open_database
from desktop.models.db import open_store
from desktop.models.ids import uuid7
from desktop.models.keys import StaticKeyProvider
from desktop.services.journal import enqueue
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.outbox import envelope
from desktop.sync.wire import Batch, BatchResult, ChangesPage, ProcurationEtablie, iso
from desktop.sync.worker import SyncWorker, WorkerSettings

RULES = load_rules()


def bench_apply(pg: PgServer, records: int, tmp: Path) -> tuple[float, float]:
    """Records/s through apply_batch (one station, in process), and of a COPY of the rows it stored."""
    url = pg.database()
    engine = open_database(url)
    people = synthetic_register(tmp / "reg.csv", records + records // 2 + 1)
    with engine.begin() as conn:
        import_electors(conn, tmp / "reg.csv")
    station = enrol_station(engine, label="bench", now=datetime.now(UTC) - timedelta(hours=1)).station_id
    pending = station_entries(people, range(records), lambda i: records + i // 2, agent_id=claim_agent(engine, station))
    last_sync: str | None = None
    batch_ids = []
    began = time.perf_counter()
    for k in range(0, records, BATCH):
        batch = Batch.from_json(render(pending[k : k + BATCH], last_sync))
        answer = BatchResult.from_json(apply_batch(engine, station_id=station, batch=batch, rules=RULES))
        last_sync = iso(answer.server_time)
        batch_ids.append(batch.batch_id)
    apply_rate = records / (time.perf_counter() - began)
    honest(engine, batch_ids)
    copied = copy_rate(engine, url, batch_ids)
    engine.dispose()
    return apply_rate, copied


class TimedClient(CentralClient):
    """The worker's client, adding up the seconds spent waiting on the central store (push and pull)."""

    waited = 0.0

    def push(self, batch: Batch, text: bytes | None = None) -> BatchResult:
        began = time.perf_counter()
        try:
            return super().push(batch, text)
        finally:
            self.waited += time.perf_counter() - began

    def changes(self, since: int, *, limit: int = 500) -> ChangesPage:
        began = time.perf_counter()
        try:
            return super().changes(since, limit=limit)
        finally:
            self.waited += time.perf_counter() - began


def bench_drain(pg: PgServer, count: int, tmp: Path, *, pipeline: bool = True) -> float:
    """Seconds for one station with the worker's own settings to drain `count` entries (bench/central_growth.py)."""
    return drain(pg, count, tmp, settings=WorkerSettings(pipeline=pipeline))[0]


def drain(
    pg: PgServer, count: int, tmp: Path, *, settings: WorkerSettings, code: Path | None = None
) -> tuple[float, float, float]:
    """Seconds for one station to push `count` outbox entries (and pull the feed) to a served central store, the
    seconds of it spent waiting on the central store, and the CPU seconds the server used meanwhile (`code`: the
    source folder of an earlier central store to serve instead)."""
    url = pg.database()
    engine = open_database(url)
    people = synthetic_register(tmp / "drain.csv", 2 * count + 3 * BATCH, start=20_000_000)
    with engine.begin() as conn:
        import_electors(conn, tmp / "drain.csv")
    engine.dispose()
    store = open_store(tmp / f"guichet-{uuid7()}.db", StaticKeyProvider(bytes(range(32))))
    clock = StationClock()
    # One process: a station's requests come one after the other. Warmed up by another station's batch first (a
    # process's first batch pays for lazy imports and schema building, seconds on a loaded machine).
    pids: list[int] = []
    with serve(url, workers=1, folder=tmp / f"central-{uuid7()}", code=code, pids=pids) as base:
        warm_id, warm_token = enrol_http(base, "warm-up")
        warm_agent = enrol_agent_http(base, warm_id, warm_token)
        warm = station_entries(people, range(2 * count, 2 * count + BATCH), lambda i: i + BATCH, agent_id=warm_agent)
        answer = httpx.post(
            f"{base}/v1/stations/{warm_id}/batches",
            content=render(warm, None),
            headers={"Authorization": f"Bearer {warm_token}", "Content-Type": "application/json"},
            timeout=120,
        )
        assert answer.status_code == 200, "warm-up batch refused"
        # The station as a counter has it after a day offline: enrolled, its agent enrolled, its clock set by an
        # answer of the central store, then acts recorded. Filled before enrolling, as until 5 December, every entry
        # was dated before its station existed and from no server time: clamped, flagged and reviewed, all 10,000.
        creds = enrol(base, enrolment_token=TOKEN, label="bench")
        enrol_agent_http(base, creds.station_id, creds.token, agent_id="agent-1")  # the filled outbox's agent
        client = TimedClient(base, creds)
        sent = clock.mark()
        clock.observe(client.changes(0, limit=1).server_time, sent=sent)
        client.waited = 0.0
        with store.session() as s, s.begin():  # one transaction: the fill is not what is measured
            for i in range(count):
                body = ProcurationEtablie.from_dict(procuration_body(people[i], people[count + i], rounds="T1"), "b")
                stamp = clock.stamp()
                enqueue(s, kind="procuration.etablie", record_id=body.id, body=envelope(body, stamp), now=stamp.at)
        client = TimedClient(base, creds)
        worker = SyncWorker(store, client, clock, settings=settings)
        began, cpu = time.perf_counter(), tree_cpu(pids[0])
        ok = worker.run_once()
        elapsed, cpu = time.perf_counter() - began, tree_cpu(pids[0]) - cpu
        assert ok and worker.status().pending == 0, "drain did not finish"
        client.close()
    store.close()
    engine = open_database(url)
    honest(engine)
    engine.dispose()
    return elapsed, client.waited, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--drain", type=int, default=10_000)
    parser.add_argument(
        "--fast-commits",
        action="store_true",
        help="PostgreSQL without fsync nor synchronous commits, as the tests run it (not durable; the figures of "
        "runs before 1 December 2026 were measured so)",
    )
    parser.add_argument("--drain-runs", type=int, default=3)
    parser.add_argument("--skip-apply", action="store_true", help="only the drain")
    parser.add_argument(
        "--before",
        type=Path,
        help="source folder of an earlier version (`git archive`): the drain's baseline is that central store "
        "serving the same settings, instead of this one in fixed batches",
    )
    args = parser.parse_args()
    servers = start_postgres(durable=not args.fast_commits)
    pg = next(servers)
    try:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            if not args.skip_apply:
                results = [bench_apply(pg, args.records, tmp) for _ in range(args.runs)]
                figure(
                    f"central apply in process, one station, batches of {BATCH}, PostgreSQL",
                    [a for a, _ in results],
                    unit="records/s",
                    baseline=[c for _, c in results],
                    baseline_name="COPY of the same rows",
                    goal=Goal(at_least=1500),
                )
            now, before = [], []
            fixed = WorkerSettings(batch_size=BATCH, backlog_batch_size=BATCH)
            other = f"the central store of {args.before}" if args.before else f"fixed batches of {BATCH}"
            for _ in range(args.drain_runs):  # alternated: the machine's load weighs on both alike
                now.append(drain(pg, args.drain, tmp, settings=WorkerSettings()))
                if args.before:
                    before.append(drain(pg, args.drain, tmp, settings=WorkerSettings(), code=args.before))
                else:
                    before.append(drain(pg, args.drain, tmp, settings=fixed))
            name = f"drain of a {args.drain:,}-entry outbox over HTTP (guichet-central serve, PostgreSQL)"
            figure(
                name,
                [t for t, _, _ in now],
                unit="s",
                baseline=[t for t, _, _ in before],
                baseline_name=f"the same drain, {other}",
                goal=Goal(at_most=3.0),
            )
            figure(
                "  of which waiting on the central store (push and pull)",
                [w for _, w, _ in now],
                unit="s",
                baseline=[w for _, w, _ in before],
                baseline_name=other,
            )
            figure(
                "  of which the station's own work",
                [t - w for t, w, _ in now],
                unit="s",
                baseline=[t - w for t, w, _ in before],
                baseline_name=other,
            )
            figure(
                "  server CPU per 1,000 entries (guichet-central serve)",
                [c * 1000 / args.drain for _, _, c in now],
                unit="s",
                baseline=[c * 1000 / args.drain for _, _, c in before],
                baseline_name=other,
            )
    finally:
        next(servers, None)


if __name__ == "__main__":
    main()
