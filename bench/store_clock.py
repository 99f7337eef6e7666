"""What the central store's clock reference costs as the store grows (issue 21; central/store_clock.py), on PostgreSQL.

Every serving process takes the store's newest record before its first request (`Anchor.taken`), and every purge
reads it again: the newest purge, entry received and contact. Measured on a store of `--entries` entries (a year of
a country's acts is tens of millions) and 64 contacts for each of `--stations` stations (what central/contacts.py
keeps), with the entries' `received_at` index (`ix_entries_received_at`) and, in the same run, without it: the
baseline, the scan the reference was before 7 December 2026. Medians of `--runs` reads, each after a fresh
connection; the fill is server-side (INSERT … SELECT generate_series), not measured. Then the first start of a node
of this version on the store without the index: `create_schema` builds it CONCURRENTLY (central/indexes.py), timed
once.

Run: `.venv/bin/python bench/store_clock.py [--entries 2000000] [--stations 5000] [--runs 7]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _central import start_postgres
from sqlalchemy import Engine, text

from central.db import create_schema
from central.service import open_database
from central.store_clock import newest_record

FILL_ENTRIES = """
INSERT INTO entries (id, station_id, seq, kind, record_id, batch_id, body, established_at, declared_at, flags,
                     received_at)
SELECT md5('e' || i)::uuid::text, 'station-' || (i % :stations), i, 'procuration.etablie', md5('p' || i)::uuid::text,
       md5('b' || (i / 200))::uuid::text, repeat('x', 600), now() - interval '1 day' * (i % 365),
       now() - interval '1 day' * (i % 365), '', now() - interval '1 day' * (i % 365)
FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint)) AS i
"""
FILL_CONTACTS = """
INSERT INTO contacts (station_id, server_time, claimed, pulled)
SELECT 'station-' || s, now() - interval '30 seconds' * k, false, true
FROM generate_series(1, :stations) AS s, generate_series(1, 64) AS k
"""


def fill(engine: Engine, entries: int, stations: int) -> None:
    step = 500_000
    with engine.begin() as conn:
        for lo in range(1, entries + 1, step):
            conn.execute(text(FILL_ENTRIES), {"lo": lo, "hi": min(entries, lo + step - 1), "stations": stations})
        conn.execute(text(FILL_CONTACTS), {"stations": stations})
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))


def reference_seconds(engine: Engine, runs: int) -> float:
    samples = []
    for _ in range(runs):
        engine.dispose()  # a process's first read, as at a node's start
        start = time.perf_counter()
        with engine.connect() as conn:
            newest_record(conn)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=2_000_000)
    parser.add_argument("--stations", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    servers = start_postgres(durable=True)
    pg = next(servers)
    try:
        engine = open_database(pg.database())
        fill(engine, args.entries, args.stations)
        indexed = reference_seconds(engine, args.runs)
        with engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_entries_received_at"))
        scanned = reference_seconds(engine, args.runs)
        start = time.perf_counter()
        create_schema(engine)  # a node of this version starting on the store of before: the index built again
        built = time.perf_counter() - start
        print(f"store: {args.entries} entries, {64 * args.stations} contacts ({args.stations} stations)")
        print(f"newest record, median of {args.runs}: indexed {indexed * 1000:.1f} ms, without the index (baseline)")
        ratio = indexed / scanned
        print(f"  {scanned * 1000:.1f} ms: ratio {ratio:.4f} of the baseline ({scanned / indexed:.0f}× faster)")
        print(f"first start on the store of before (create_schema, the index built concurrently): {built:.1f} s")
    finally:
        next(servers, None)


if __name__ == "__main__":
    main()
