"""Sync benchmark on PostgreSQL: central apply rate for batches of 200 next to a raw COPY of the same rows, and the
time to drain a 10,000-entry outbox over HTTP on loopback.

Run: `.venv/bin/python bench/sync.py [--records 6000] [--runs 3] [--drain 10000]` (starts a throwaway PostgreSQL).
Goals: at least 1,500 records/s applied; drain within 15 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "central"))
sys.path.insert(0, str(ROOT / "tests" / "sync"))

import psycopg  # noqa: E402
from centralkit import PgServer, procuration_body, start_postgres, synthetic_register  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from central.apply import apply_batch  # noqa: E402
from central.auth import enrol_station  # noqa: E402
from central.embedded import start_embedded  # noqa: E402
from central.register import import_electors  # noqa: E402
from central.schema import entries, procurations  # noqa: E402
from central.service import load_rules, open_database  # noqa: E402
from desktop.models.db import open_store  # noqa: E402
from desktop.models.ids import uuid7  # noqa: E402
from desktop.models.keys import StaticKeyProvider  # noqa: E402
from desktop.services.journal import enqueue  # noqa: E402
from desktop.sync.client import CentralClient, enrol  # noqa: E402
from desktop.sync.clock import StationClock  # noqa: E402
from desktop.sync.outbox import envelope  # noqa: E402
from desktop.sync.wire import Batch, ProcurationEtablie, iso  # noqa: E402
from desktop.sync.worker import SyncWorker, WorkerSettings  # noqa: E402

BATCH = 200
RULES = load_rules()


def make_batches(people: list[dict[str, Any]], count: int, start: datetime) -> list[Batch]:
    """Procurations mandant i -> mandataire count+i/2: each mandataire gets two, some collide under L73."""
    raw_entries = []
    for i in range(count):
        body = procuration_body(
            people[i], people[count + i // 2], where="france" if i % 3 else "etranger", rounds="T1_T2"
        )
        at = start + timedelta(milliseconds=i)
        raw_entries.append(
            {
                "seq": i + 1,
                "id": uuid7(),
                "kind": "procuration.etablie",
                "body": body,
                "established_at": iso(at),
                "clock": {"wall": iso(at), "basis": "server", "last_sync": iso(start)},
            }
        )
    import json

    return [
        Batch.from_json(json.dumps({"batch_id": uuid7(), "entries": raw_entries[k : k + BATCH]}))
        for k in range(0, count, BATCH)
    ]


def bench_apply(pg: PgServer, records: int, tmp: Path) -> tuple[float, float]:
    """Records/s through apply_batch, and records/s of a COPY of the resulting rows, on one fresh database."""
    url = pg.database()
    engine = open_database(url)
    people = synthetic_register(tmp / "reg.csv", 2 * records)
    with engine.begin() as conn:
        import_electors(conn, tmp / "reg.csv")
    start = datetime.now(UTC) - timedelta(hours=1)
    station = enrol_station(engine, label="bench", now=start - timedelta(days=1)).station_id
    batches = make_batches(people, records, start)
    began = time.perf_counter()
    for b in batches:
        apply_batch(engine, station_id=station, batch=b, rules=RULES)
    apply_rate = records / (time.perf_counter() - began)

    with engine.connect() as conn:
        proc_rows = [tuple(r) for r in conn.execute(select(procurations))]
        entry_rows = [tuple(r) for r in conn.execute(select(entries))]
        conn.execute(text("CREATE TABLE copy_procurations (LIKE procurations INCLUDING ALL)"))
        conn.execute(text("CREATE TABLE copy_entries (LIKE entries INCLUDING ALL)"))
        conn.commit()
    engine.dispose()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as raw:
        began = time.perf_counter()
        with raw.cursor() as cur:
            with cur.copy("COPY copy_entries FROM STDIN") as copy:
                for row in entry_rows:
                    copy.write_row(row)
            with cur.copy("COPY copy_procurations FROM STDIN") as copy:
                for row in proc_rows:
                    copy.write_row(row)
        raw.commit()
        copy_rate = records / (time.perf_counter() - began)
    return apply_rate, copy_rate


def bench_drain(pg: PgServer, count: int, tmp: Path) -> float:
    """Seconds to push `count` outbox entries (and pull the feed) over HTTP on loopback."""
    central = start_embedded(pg.database(), demo_data=False)
    people = synthetic_register(tmp / "drain.csv", 2 * count, start=20_000_000)
    with central.engine.begin() as conn:
        import_electors(conn, tmp / "drain.csv")
    store = open_store(tmp / f"guichet-{uuid7()}.db", StaticKeyProvider(bytes(range(32))))
    creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label="bench")
    clock = StationClock()
    with store.session() as s, s.begin():  # one transaction: the fill is not what is measured
        for i in range(count):
            body = ProcurationEtablie.from_dict(procuration_body(people[i], people[count + i], rounds="T1"), "b")
            stamp = clock.stamp()
            enqueue(s, kind="procuration.etablie", record_id=body.id, body=envelope(body, stamp), now=stamp.at)
    worker = SyncWorker(store, CentralClient(central.base_url, creds), clock, settings=WorkerSettings(batch_size=BATCH))
    began = time.perf_counter()
    ok = worker.run_once()
    elapsed = time.perf_counter() - began
    assert ok and worker.status().pending == 0, "drain did not finish"
    worker.client.close()
    store.close()
    central.stop()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--drain", type=int, default=10_000)
    args = parser.parse_args()
    servers = start_postgres()
    pg = next(servers)
    try:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            results = [bench_apply(pg, args.records, tmp) for _ in range(args.runs)]
            apply_rates = [a for a, _ in results]
            copy_rates = [c for _, c in results]
            ratios = [a / c for a, c in results]
            print(f"central apply, batches of {BATCH}, {args.records} records x {args.runs} runs (PostgreSQL 15)")
            print(
                f"  apply : median {statistics.median(apply_rates):8.0f} records/s  "
                f"(runs: {', '.join(f'{r:.0f}' for r in apply_rates)})  goal >= 1500"
            )
            print(f"  COPY  : median {statistics.median(copy_rates):8.0f} records/s  (same rows, same run)")
            print(f"  apply / COPY ratio: median {statistics.median(ratios):.3f}")
            drain = bench_drain(pg, args.drain, tmp)
            print(f"drain {args.drain} outbox entries over HTTP (loopback, PostgreSQL): {drain:.2f} s  goal <= 15 s")
    finally:
        next(servers, None)


if __name__ == "__main__":
    main()
