"""A national simulation of election week: 5,000 stations against 2 API processes and PostgreSQL on this machine.

Run: `.venv/bin/python bench/national.py [--seconds 60] [--steps 0.25,0.5,0.75,1.5,2,4,8] [--plot FILE]`.
Starts a throwaway PostgreSQL (durable), loads a synthetic register, enrols the stations in one transaction, starts
`--nodes` `guichet-central serve` processes on 127.0.0.1 (the stations are spread over them as a load balancer
would), measures pushes and polls one at a time on the idle server (the baseline, with the CPU each costs), then
runs the stations as a rising staircase: the `--steps` below 1 (`--step-seconds` each), election-week rates for
`--seconds`, then the `--steps` above 1 until the latency or the rate held breaks. Everything stops by itself and
is removed. Traffic stays on 127.0.0.1.

Rates (docs/PERFORMANCE.md, "A national simulation"): `--week` procurations in the last six opening days before a
national vote, ten counter hours a day, the peak hour `--peak` times the average; stations unequal (log-normal
weights: a Paris commissariat draws up many more than a rural brigade); each station syncs every
`--interval` seconds (Settings.sync_interval_seconds).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import secrets
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "central"))
sys.path.insert(0, str(ROOT / "tests"))  # centralkit's own kits (processkit)

from _figures import RESULTS, Goal, figure  # noqa: E402
from centralkit import synthetic_register  # noqa: E402
from national_sim.client import Connection  # noqa: E402
from national_sim.cluster import (  # noqa: E402
    api_nodes,
    database_size,
    enrol_stations,
    ledger,
    machine_busy,
    postgres,
    tree_cpu,
)
from national_sim.load import Phase, PhaseReport, percentile, run_load, run_loop  # noqa: E402
from national_sim.station import People, SimStation  # noqa: E402

from central.register import import_electors  # noqa: E402
from central.service import open_database  # noqa: E402

OPENING_DAYS, HOURS_A_DAY = 6, 10
# What "broken" means for a phase: the project's goals at election-week rates, or the stations falling behind.
PUSH_P99_GOAL, POLL_P99_GOAL = 1.0, 0.5  # seconds
HELD_GOAL = 0.95  # share of the offered sync cycles held
ERRORS_GOAL = 0.001  # share of requests failed


def election_week_acts(week: int, peak: float) -> float:
    """Acts a second across the country in the peak hour of the last week."""
    return week / (OPENING_DAYS * HOURS_A_DAY * 3600) * peak


def make_stations(
    credentials: list[tuple[str, str]], ports: list[int], *, acts: float, revoke_share: float, seed: int
) -> list[SimStation]:
    """Stations with log-normal weights (sigma 1) summing to `acts` a second, spread round-robin over the nodes."""
    rng = random.Random(seed)
    weights = [rng.lognormvariate(0.0, 1.0) for _ in credentials]
    total = sum(weights)
    return [
        SimStation(
            station_id=sid,
            conn=Connection("127.0.0.1", ports[i % len(ports)], token),
            acts_per_second=acts * w / total,
            revoke_share=revoke_share,
            rng=random.Random(rng.random()),
        )
        for i, ((sid, token), w) in enumerate(zip(credentials, weights, strict=True))
    ]


def idle_baseline(
    station: SimStation, people: People, count: int, cpu: Callable[[], dict[str, float]]
) -> tuple[dict[str, list[float]], dict[str, dict[str, float]]]:
    """`count` pushes of one entry, then `count` polls, by one station on the idle server, each on a new connection.

    Returns the latencies by kind and the CPU seconds each group spent per request of that kind.
    """
    out: dict[str, list[float]] = {"push": [], "poll": []}
    per_request: dict[str, dict[str, float]] = {}

    def record(kind: str, started: float, seconds: float, outcome: str, entries: int) -> None:
        if outcome == "ok":
            out[kind].append(seconds)

    async def go(kind: str) -> None:
        for _ in range(count):
            if kind == "push":
                station.outbox.append(station.entry(time.monotonic(), people))
                await station.push(record)
            else:
                await station.poll(record)
            await station.conn.close()  # a station syncing every 30 s opens a connection each time

    for kind in ("push", "poll"):
        before = cpu()
        run_loop(go(kind))
        after = cpu()
        per_request[kind] = {g: (after[g] - before[g]) / count for g in ("api", "postgres")}
    return out, per_request


def broken(report: PhaseReport) -> bool:
    """A phase past the saturation point: a p99 over its goal, too few cycles held, or errors."""
    held = report.held("poll") / report.cycles_offered if report.cycles_offered else 1.0
    failed = report.error_count() / max(1, report.requests())
    return (
        report.percentile("push", 99) > PUSH_P99_GOAL
        or report.percentile("poll", 99) > POLL_P99_GOAL
        or held < HELD_GOAL
        or failed > ERRORS_GOAL
    )


def describe(report: PhaseReport) -> str:
    push, poll = ("/".join(f"{report.percentile(k, q) * 1000:.0f}" for q in (50, 95, 99)) for k in ("push", "poll"))
    cpu = ", ".join(f"{k} {v / report.seconds * 100:.0f}%" for k, v in report.cpu.items())
    return (
        f"{report.phase.name} (x{report.phase.factor:g}, {report.seconds:.0f} s): "
        f"push p50/p95/p99 {push} ms, poll {poll} ms; cycles {report.held('poll'):.0f}/s held of "
        f"{report.cycles_offered:.0f} offered; entries {report.entries_acked / report.seconds:.1f}/s acked of "
        f"{report.acts_offered:.1f} offered; errors {report.error_count()} {dict(report.errors) or ''}; "
        f"CPU (% of a core) {cpu}; client's longest stall {report.client_stall * 1000:.0f} ms"
    )


def phase_row(report: PhaseReport) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": report.phase.name,
        "factor": report.phase.factor,
        "seconds": report.seconds,
        "cycles_offered": report.cycles_offered,
        "cycles_held": report.held("poll"),
        "pushes_held": report.held("push"),
        "acts_offered": report.acts_offered,
        "entries_acked": report.entries_acked / report.seconds,
        "errors": dict(report.errors),
        "requests": report.requests(),
        "cpu_percent": {k: v / report.seconds * 100 for k, v in report.cpu.items()},
        "changes_read": report.changes_read,
        "client_stall_ms": report.client_stall * 1000,
        "broken": broken(report),
    }
    for kind in ("push", "poll"):
        for q in (50, 95, 99):
            value = report.percentile(kind, q)
            row[f"{kind}_p{q}_ms"] = None if math.isnan(value) else value * 1000
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stations", type=int, default=5000)
    parser.add_argument("--nodes", type=int, default=2, help="API nodes (one port each)")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="`serve --workers N` for each node (1: one process per node, the issue's 2 API processes; 0: serve's "
        "own default, min(4, cores) processes per node)",
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the election-week phase")
    parser.add_argument(
        "--steps", default="0.25,0.5,0.75,1.5,2,4,8", help="load factors around it; above x1 until one breaks"
    )
    parser.add_argument("--step-seconds", type=float, default=20.0)
    parser.add_argument("--interval", type=float, default=30.0, help="seconds between a station's syncs")
    parser.add_argument("--week", type=int, default=3_000_000, help="procurations in the last week")
    parser.add_argument("--peak", type=float, default=2.0, help="peak hour / average hour")
    parser.add_argument("--revoke-share", type=float, default=0.03)
    parser.add_argument("--register", type=int, default=100_000, help="electors in the synthetic register")
    parser.add_argument("--baseline", type=int, default=30, help="idle pushes and polls for the baseline")
    parser.add_argument("--fast-commits", action="store_true", help="PostgreSQL without fsync (not durable)")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--json", type=Path, default=RESULTS.parent / "national.json")
    parser.add_argument("--plot", type=Path, default=None, help="PNG of latency and rate against load")
    args = parser.parse_args()
    steps = sorted(float(s) for s in args.steps.split(",") if s.strip())
    acts = election_week_acts(args.week, args.peak)
    per_node = f"{args.workers} process{'es' if args.workers > 1 else ''}" if args.workers > 0 else "serve's default"
    print(
        f"national simulation: {args.stations} stations, {args.nodes} API nodes ({per_node} each), PostgreSQL 15 "
        f"({'fast commits' if args.fast_commits else 'durable'}); election week = {acts:.1f} acts/s, "
        f"a sync every {args.interval:g} s per station ({args.stations / args.interval:.0f} cycles/s)",
        flush=True,
    )
    secret = secrets.token_urlsafe(24)
    with postgres(durable=not args.fast_commits) as cluster, tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = cluster.url("national")
        began = time.monotonic()
        engine = open_database(url)
        identities = synthetic_register(tmp / "register.csv", args.register)
        with engine.begin() as conn:
            import_electors(conn, tmp / "register.csv")
        credentials = enrol_stations(engine, args.stations + 1)
        print(f"  register of {args.register} electors and {args.stations} stations: {time.monotonic() - began:.1f} s")
        empty = database_size(engine)
        people = People(identities, random.Random(args.seed))
        with api_nodes(url, args.nodes, secret=secret, folder=tmp, workers=args.workers) as nodes:
            ports = [port for port, _ in nodes]

            def probe() -> dict[str, float]:
                return {
                    "api": sum(tree_cpu(pid) for _, pid in nodes),
                    "postgres": tree_cpu(cluster.postmaster()),
                    "machine": machine_busy(),
                }

            base_station = make_stations(credentials[:1], ports, acts=acts, revoke_share=0.0, seed=args.seed)[0]
            idle = idle_baseline(base_station, people, args.baseline, probe)
            stations = make_stations(credentials[1:], ports, acts=acts, revoke_share=args.revoke_share, seed=args.seed)
            # A rising staircase: the steps below the election week, the week itself, then the steps above it.
            phases = [Phase(f"x{f:g}", f, args.step_seconds) for f in steps if f < 1]
            phases += [Phase("semaine d'élection", 1.0, args.seconds)]
            phases += [Phase(f"x{f:g}", f, args.step_seconds) for f in steps if f > 1]
            reports = run_load(
                stations,
                phases,
                interval=args.interval,
                people=people,
                cpu_probe=probe,
                on_phase=lambda r: print("  " + describe(r), flush=True),
                stop_when=lambda r: r.phase.factor > 1.0 and broken(r),  # the steps above always start
            )
        size = database_size(engine)
        held = ledger(engine)
        engine.dispose()
    verdicts: Counter[str] = Counter()
    for st in [base_station, *stations]:
        verdicts.update(st.verdicts)
    print(
        f"  central store: {held['entries']} entries stored (stations' seqs add up to {held['last_seqs']}), "
        f"{sum(verdicts.values())} acknowledged ({dict(verdicts)}; the difference: batches committed whose answer "
        f"the end of the run cut off), {held['clock_flagged']} with a clock flag {ledger_flags(held)}; "
        f"{sum(st.changes for st in stations)} feed changes read"
    )
    figure("entries stored with a clock flag (whole run)", held["clock_flagged"], unit="entries", goal=Goal(at_most=0))
    report_figures(reports, idle, empty, size, args, acts)


def ledger_flags(held: dict[str, int]) -> str:
    return str({k[5:]: v for k, v in held.items() if k.startswith("flag ")} or "")


def report_figures(
    reports: list[PhaseReport],
    idle_run: tuple[dict[str, list[float]], dict[str, dict[str, float]]],
    empty: dict[str, int],
    size: dict[str, int],
    args: argparse.Namespace,
    acts: float,
) -> None:
    """The figures of the election-week phase against the idle baseline, the saturation point, the database."""
    idle, idle_cpu = idle_run
    week = next(r for r in reports if r.phase.factor == 1.0)
    name = f"{args.stations} stations, x1"
    for kind, goal in (("push", PUSH_P99_GOAL), ("poll", POLL_P99_GOAL)):
        ms = [v * 1000 for v in week.latencies.get(kind, [])]
        base = [v * 1000 for v in idle[kind]]
        if not ms or not base:
            print(f"  {kind}: no successful request")
            continue
        figure(f"{kind} latency p50 ({name})", ms, unit="ms", baseline=base, baseline_name="idle server")
        for q in (95, 99):
            figure(
                f"{kind} latency p{q} ({name})",
                percentile(ms, q),
                unit="ms",
                baseline=percentile(base, q),
                baseline_name=f"idle p{q}",
                goal=Goal(at_most=goal * 1000) if q == 99 else None,
            )
    figure(
        f"sync cycles held ({name})",
        week.held("poll"),
        unit="cycles/s",
        baseline=week.cycles_offered,
        baseline_name="offered",
        goal=Goal(at_least=HELD_GOAL, ratio=True),
    )
    figure(
        f"entries acknowledged ({name})",
        week.entries_acked / week.seconds,
        unit="entries/s",
        baseline=acts,
        baseline_name="acts offered",
    )
    figure(f"failed requests ({name})", week.error_count(), unit="requests", goal=Goal(at_most=0))
    for group, used in week.cpu.items():
        figure(f"CPU of the {group} ({name})", used / week.seconds * 100, unit="% of a core")
    served = len(week.latencies.get("push", [])) + len(week.latencies.get("poll", []))
    if served:
        for group in ("api", "postgres"):  # robust to what else ran on the machine: CPU per request served
            figure(f"{group} CPU per request ({name})", week.cpu.get(group, 0.0) / served * 1000, unit="ms")
    for kind in ("push", "poll"):  # what one request costs, measured alone on the idle server
        for group, used in idle_cpu[kind].items():
            figure(f"{group} CPU per {kind}, idle server", used * 1000, unit="ms")
    held = 0.0
    for r in reports:  # the steps rise: the point held is the last one before the first break
        if broken(r):
            break
        held = r.phase.factor
    figure(
        "highest load factor held (x election week)",
        held,
        unit="x",
        goal=Goal(at_least=2.0),
    )
    acked = sum(r.entries_acked for r in reports)
    grown = {k: size[k] - empty.get(k, 0) for k in size}
    if acked:
        figure(
            "database growth per entry acknowledged (all tables)",
            grown["database_bytes"] / acked,
            unit="bytes",
            baseline=(grown["procurations_bytes"] + grown["entries_bytes"]) / acked,
            baseline_name="procurations + entries tables",
        )
    print(f"  database after the run: {size['database_bytes'] / 1e6:.1f} MB; " + json.dumps(size))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "args": {k: str(v) for k, v in vars(args).items()},
        "acts_per_second": acts,
        "idle_ms": {k: [x * 1000 for x in v] for k, v in idle.items()},
        "idle_cpu_ms": {k: {g: x * 1000 for g, x in v.items()} for k, v in idle_cpu.items()},
        "phases": [phase_row(r) for r in reports],
        "database": size,
        "database_before_load": empty,
        "entries_acked": acked,
    }
    args.json.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    if args.plot is not None:
        from national_sim.plot import plot

        plot(payload, args.plot)
        print(f"  plot: {args.plot}")


if __name__ == "__main__":
    main()
