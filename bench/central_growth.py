"""How the central store's cost grows (issue 21), on PostgreSQL:

- the apply rate (one station, batches of 200, in process) against the size of the procurations and entries tables;
- the apply rate against the procurations each mandataire already holds (every one is re-decided, L73);
- the time a station takes to drain its outbox over HTTP against the outbox size.

Each point is a median of `--runs` samples; the baseline of each series is its first point, measured in the same
run. Plots go to docs/performance/ (matplotlib). The prefill is server-side (INSERT … SELECT generate_series), not
measured.

Run: `.venv/bin/python bench/central_growth.py [--sizes 0,100000,1000000] [--per-mandataire 1,2,5,10,20,50]
[--drains 1000,2500,5000,10000] [--runs 3]`; `--sizes 0,100000,1000000,5000000` adds the 5M point (minutes).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _central import (
    BATCH,
    ROOT,
    PgServer,
    claim_agent,
    honest,
    import_electors,
    postmaster_pid,
    render,
    start_postgres,
    station_entries,
    synthetic_register,
    tree_cpu,
)
from _figures import Goal, figure
from sqlalchemy import Engine, text
from sync import bench_drain

from central.apply import apply_batch
from central.auth import enrol_station
from central.schema import entries, procurations
from central.service import load_rules, open_database
from desktop.sync.wire import Batch, BatchResult, iso

RULES = load_rules()
REBUILD_FROM = 500_000  # rows of a fill from which the secondary indexes are dropped and built again
PLOTS = ROOT / "docs" / "performance"

PREFILL_ENTRIES = """
INSERT INTO entries (id, station_id, seq, kind, record_id, batch_id, body, established_at, declared_at, flags,
                     received_at)
SELECT md5('e' || i)::uuid::text, 'prefill', i, 'procuration.etablie', md5('p' || i)::uuid::text, 'prefill', '{}',
       now() - interval '30 days', now() - interval '30 days', '', now() - interval '30 days'
FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint)) AS i
"""
PREFILL_PROCURATIONS = """
INSERT INTO procurations (id, entry_id, station_id, mandant_key, mandataire_key, mandant_list_kind, established_in,
                          validity_kind, election_id, rounds, established_at, clock_flagged, status, rule_id, message)
SELECT md5('p' || i)::uuid::text, md5('e' || i)::uuid::text, 'prefill', {mandant}, {mandataire}, 'communale',
       'france', 'SCRUTIN', 'presidentielle-2027', 'T1', now() - interval '30 days' + i * interval '1 millisecond',
       false, {status}, {rule}, NULL
FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint)) AS i
"""


def prefill(engine: Engine, lo: int, hi: int, *, per_mandataire: int = 0, first_nne: int = 0) -> None:
    """Rows lo..hi of entries and procurations; with per_mandataire, each registered mandataire holds that many."""
    if hi < lo:
        return
    if per_mandataire:
        mandataire = f"'nne:' || ({first_nne} + (i - 1) / {per_mandataire})"
        status = f"CASE WHEN (i - 1) % {per_mandataire} = 0 THEN 'validee' ELSE 'invalidee' END"
        rule = f"CASE WHEN (i - 1) % {per_mandataire} = 0 THEN NULL ELSE 'R-LIMIT-1' END"
    else:
        mandataire, status, rule = "'x:' || md5('t' || i)", "'validee'", "NULL"
    sql = PREFILL_PROCURATIONS.format(mandant="'x:' || md5('m' || i)", mandataire=mandataire, status=status, rule=rule)
    began = time.perf_counter()
    # A large fill drops the secondary indexes and builds them again afterwards: one sort each instead of millions
    # of random B-tree inserts (the 5M point took 13 minutes with them kept, most of it here).
    rebuilt = [i for t in (entries, procurations) for i in t.indexes] if hi - lo >= REBUILD_FROM else []
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        for index in rebuilt:
            index.drop(conn)
        conn.execute(text(PREFILL_ENTRIES), {"lo": lo, "hi": hi})
        conn.execute(text(sql), {"lo": lo, "hi": hi})
        for index in rebuilt:
            index.create(conn)
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    print(f"  (prefill of rows {lo:,}..{hi:,}: {time.perf_counter() - began:.0f} s, not measured)", flush=True)


def apply_rate(engine: Engine, people: list[dict[str, object]], mandants: range, mandataire_of: object) -> float:
    """Records/s of one new station applying procurations mandant i -> mandataire_of(i), batches of 200."""
    station = enrol_station(engine, label="growth", now=datetime.now(UTC) - timedelta(hours=1)).station_id
    pending = station_entries(people, mandants, mandataire_of, agent_id=claim_agent(engine, station))
    last_sync: str | None = None
    batch_ids = []
    began = time.perf_counter()
    for k in range(0, len(pending), BATCH):
        batch = Batch.from_json(render(pending[k : k + BATCH], last_sync))
        last_sync = iso(
            BatchResult.from_json(apply_batch(engine, station_id=station, batch=batch, rules=RULES)).server_time
        )
        batch_ids.append(batch.batch_id)
    rate = len(pending) / (time.perf_counter() - began)
    honest(engine, batch_ids)
    return rate


def against_table_size(pg: PgServer, sizes: list[int], args: argparse.Namespace, tmp: Path) -> list[float]:
    engine = open_database(pg.database())
    per_run = args.batches * BATCH
    block = per_run + per_run // 2 + 1
    people = synthetic_register(tmp / "size.csv", block * args.runs * len(sizes))
    with engine.begin() as conn:
        import_electors(conn, tmp / "size.csv")
    medians, filled, n = [], 0, 0
    cpus: list[float] = []
    postmaster = postmaster_pid(pg.port)
    for size in sizes:
        prefill(engine, filled + 1, size)
        filled = max(filled, size)
        rates = []
        mine, theirs = time.process_time(), tree_cpu(postmaster)
        for _ in range(args.runs):
            first = n * block
            rates.append(
                apply_rate(engine, people, range(first, first + per_run), lambda i, f=first: f + per_run + (i - f) // 2)
            )
            n += 1
        medians.append(statistics.median(rates))
        figure(
            f"central apply with {size:,} procurations stored, batches of {BATCH}, PostgreSQL",
            rates,
            unit="records/s",
            baseline=medians[0],
            baseline_name=f"with {sizes[0]:,} stored",
            goal=Goal(at_least=0.5, ratio=True),
        )
        # CPU per 1,000 records depends much less on what else runs on the machine than the rate does.
        cpu = (time.process_time() - mine) * 1000 / (per_run * args.runs)
        database = (tree_cpu(postmaster) - theirs) * 1000 / (per_run * args.runs)
        cpus.append(cpu + database)
        figure(
            f"CPU per 1,000 records (apply + PostgreSQL) with {size:,} procurations stored",
            cpu + database,
            unit="s",
            baseline=cpus[0],
            baseline_name=f"with {sizes[0]:,} stored",
            goal=Goal(at_most=2.0, ratio=True),
        )
    engine.dispose()
    return medians


def against_per_mandataire(pg: PgServer, counts: list[int], args: argparse.Namespace, tmp: Path) -> list[float]:
    medians = []
    per_run = args.batches * BATCH
    for k in counts:
        engine = open_database(pg.database())
        # mandants first, then one mandataire per new procuration, each already holding k procurations
        people = synthetic_register(tmp / f"pm{k}.csv", 2 * per_run * args.runs, start=30_000_000)
        with engine.begin() as conn:
            import_electors(conn, tmp / f"pm{k}.csv")
        mandataires = per_run * args.runs
        prefill(engine, 1, mandataires * k, per_mandataire=k, first_nne=30_000_000 + mandataires)
        rates = []
        for run in range(args.runs):
            lo = run * per_run
            rates.append(apply_rate(engine, people, range(lo, lo + per_run), lambda i, m=mandataires: m + i))
        engine.dispose()
        medians.append(statistics.median(rates))
        figure(
            f"central apply, each mandataire already holding {k} procuration(s), batches of {BATCH}",
            rates,
            unit="records/s",
            baseline=medians[0],
            baseline_name=f"holding {counts[0]}",
            goal=Goal(at_least=1 / (2 * k / counts[0]), ratio=True),
        )
    return medians


def against_outbox_size(pg: PgServer, sizes: list[int], args: argparse.Namespace, tmp: Path) -> list[float]:
    medians = []
    for size in sizes:
        times = [bench_drain(pg, size, tmp, pipeline=True) for _ in range(args.drain_runs)]
        medians.append(statistics.median(times))
        figure(
            f"drain of a {size:,}-entry outbox over HTTP (guichet-central serve), per 1,000 entries",
            [t * 1000 / size for t in times],
            unit="s",
            baseline=medians[0] * 1000 / sizes[0],
            baseline_name=f"per 1,000 of a {sizes[0]:,}-entry outbox",
            goal=Goal(at_most=1.5, ratio=True),
        )
    return medians


def plot(name: str, xs: list[int], ys: list[float], *, xlabel: str, ylabel: str, title: str, logx: bool) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=100)
    ax.plot(xs, ys, marker="o")
    if logx:
        ax.set_xscale("symlog", linthresh=max(1, min(x for x in xs if x > 0)))
    ax.set_ylim(bottom=0, top=max(ys) * 1.2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.grid(True, alpha=0.3)
    for x, y in zip(xs, ys, strict=True):
        ax.annotate(
            f"{y:,.0f}" if y >= 10 else f"{y:.2f}",
            (x, y),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=8,
        )
    fig.tight_layout()
    PLOTS.mkdir(parents=True, exist_ok=True)
    out = PLOTS / name
    fig.savefig(out)
    plt.close(fig)
    print(f"  plot: {out.relative_to(ROOT)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", default="0,100000,1000000", help="procurations stored (add 5000000 for the 5M point; empty: skip)"
    )
    parser.add_argument("--per-mandataire", default="1,2,5,10,20,50")
    parser.add_argument("--drains", default="1000,2500,5000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--drain-runs", type=int, default=1)
    parser.add_argument("--batches", type=int, default=5, help="batches of 200 per sample")
    args = parser.parse_args()
    sizes, counts, drains = (
        sorted(int(s) for s in a.split(",") if s) for a in (args.sizes, args.per_mandataire, args.drains)
    )
    servers = start_postgres()
    pg = next(servers)
    try:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            if sizes:
                rates = against_table_size(pg, sizes, args, tmp)
                plot(
                    "apply-vs-table-size.png",
                    sizes,
                    rates,
                    xlabel="procurations déjà enregistrées",
                    ylabel="enregistrements/s",
                    title="Application centrale selon la taille de la table",
                    logx=True,
                )
            if counts:
                rates = against_per_mandataire(pg, counts, args, tmp)
                plot(
                    "apply-vs-per-mandataire.png",
                    counts,
                    rates,
                    xlabel="procurations déjà détenues par mandataire",
                    ylabel="enregistrements/s",
                    title="Application centrale selon les procurations par mandataire",
                    logx=True,
                )
            if drains:
                times = against_outbox_size(pg, drains, args, tmp)
                plot(
                    "drain-vs-outbox-size.png",
                    drains,
                    times,
                    xlabel="entrées en attente",
                    ylabel="secondes",
                    title="Vidage de la file d'envoi d'un poste (HTTP)",
                    logx=False,
                )
    finally:
        next(servers, None)


if __name__ == "__main__":
    main()
