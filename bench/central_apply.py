"""Central apply throughput over HTTP on PostgreSQL: 4 stations push batches of 200 at once to `guichet-central serve`
with one worker process, then two; a raw COPY of the same rows is the baseline measured in the same run.

Run: `.venv/bin/python bench/central_apply.py [--batches 10] [--runs 3] [--pushers 4] [--workers 1,2]`
(starts a throwaway PostgreSQL cluster as the `postgres` user, like the test suite).
Goals: >= 4,000 records/s with one process, >= 7,000 with two.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from _central import (
    BATCH,
    copy_rate,
    enrol_http,
    import_electors,
    postmaster_pid,
    render,
    serve,
    start_postgres,
    station_entries,
    synthetic_register,
    tree_cpu,
)
from _figures import Goal, figure

from central.service import open_database

GOALS = {1: 4000.0, 2: 7000.0}


def push_all(base: str, stations: list[tuple[str, str, list[dict[str, Any]]]], batch_ids: list[str]) -> float:
    """Every station pushes its batches one after the other, all stations at once; returns the wall time."""
    errors: list[str] = []
    barrier = threading.Barrier(len(stations) + 1)

    def pusher(station_id: str, token: str, outbox: list[dict[str, Any]]) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        last_sync = None
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
            barrier.wait()
            for k in range(0, len(outbox), BATCH):
                body = render(outbox[k : k + BATCH], last_sync)
                answer = client.post(f"/v1/stations/{station_id}/batches", content=body)
                if answer.status_code != 200:
                    errors.append(f"HTTP {answer.status_code}")
                    return
                last_sync = answer.json()["server_time"]
                batch_ids.append(answer.json()["batch_id"])

    threads = [threading.Thread(target=pusher, args=s) for s in stations]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"push refused: {errors[:3]}")
    return elapsed


class Cpu:
    """CPU seconds per 1,000 records pushed, of the API process(es) and of PostgreSQL, each run's push only."""

    def __init__(self) -> None:
        self.api: list[float] = []
        self.database: list[float] = []
        self.pushers: list[float] = []

    def machine(self) -> list[float]:
        """API, PostgreSQL and the pushers (this process's threads), run by run."""
        return [sum(run) for run in zip(self.api, self.database, self.pushers, strict=True)]


def measure(
    pg: object, workers: int, args: argparse.Namespace, tmp: Path, code: Path | None = None, cpu: Cpu | None = None
) -> tuple[list[float], list[float]]:
    """Records/s of each run, and of a COPY of the rows each run stored, on a fresh database."""
    url = pg.database()  # type: ignore[attr-defined]
    per_station = args.batches * BATCH
    per_run = per_station * args.pushers
    # Mandants 0..per_run-1 of each run, mandataires after them: two procurations per mandataire.
    people_per_run = per_run + per_run // 2 + 1
    people = synthetic_register(tmp / f"reg-{workers}.csv", people_per_run * args.runs)
    engine = open_database(url)
    with engine.begin() as conn:
        import_electors(conn, tmp / f"reg-{workers}.csv")
    rates: list[float] = []
    copies: list[float] = []
    pids: list[int] = []
    postmaster = postmaster_pid(pg.port)  # type: ignore[attr-defined]
    folder = tmp / f"central-{workers}-{len(str(code))}"
    with serve(url, workers=workers, folder=folder, code=code, pids=pids) as base:
        for run in range(args.runs):
            first = run * people_per_run
            stations = []
            for p in range(args.pushers):
                station_id, token = enrol_http(base, f"bench-{workers}-{run}-{p}")
                lo = first + p * per_station
                outbox = station_entries(
                    people, range(lo, lo + per_station), lambda i, f=first: f + per_run + (i - f) // 2
                )
                stations.append((station_id, token, outbox))
            batch_ids: list[str] = []
            api, database, pushers = tree_cpu(pids[0]), tree_cpu(postmaster), time.process_time()
            elapsed = push_all(base, stations, batch_ids)
            rates.append(per_run / elapsed)
            if cpu is not None:
                cpu.api.append((tree_cpu(pids[0]) - api) * 1000 / per_run)
                cpu.database.append((tree_cpu(postmaster) - database) * 1000 / per_run)
                cpu.pushers.append((time.process_time() - pushers) * 1000 / per_run)
            copies.append(copy_rate(engine, url, batch_ids))
    engine.dispose()
    return rates, copies


def one_setting(pg: object, workers: int, args: argparse.Namespace, tmp: Path) -> list[float]:
    cpu = Cpu()
    rates, copies = measure(pg, workers, args, tmp, cpu=cpu)
    figure(
        f"central apply, {args.pushers} pushers over HTTP, batches of {BATCH}, {workers} process(es), PostgreSQL",
        rates,
        unit="records/s",
        baseline=copies,
        baseline_name="COPY of the same rows",
        goal=Goal(at_least=GOALS.get(workers, 4000.0 * workers)),
    )
    # What each 1,000 records cost the machine: the goal's rate needs the API's share within its processes' cores,
    # and everything (API, PostgreSQL, the pushers) within the machine's.
    goal = GOALS.get(workers, 4000.0 * workers)
    figure(
        f"API CPU per 1,000 records, {workers} process(es) (the goal's rate allows {workers * 1000 / goal:.3f} s)",
        cpu.api,
        unit="s",
        baseline=cpu.database,
        baseline_name="PostgreSQL's CPU for the same records",
        goal=Goal(at_most=round(workers * 1000 / goal, 3)),
    )
    cores = os.cpu_count() or 1
    figure(
        f"machine CPU per 1,000 records (API + PostgreSQL + pushers), {workers} process(es), {cores} cores",
        cpu.machine(),
        unit="s",
        baseline=cpu.pushers,
        baseline_name="the pushers' share",
        goal=Goal(at_most=round(cores * 1000 / goal, 3)),
    )
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=10, help="batches per pusher and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pushers", type=int, default=4)
    parser.add_argument("--workers", default="1,2", help="server processes to measure, comma-separated")
    parser.add_argument(
        "--before",
        type=Path,
        help="source folder of an earlier version (e.g. `git archive 9b253ca | tar -x -C /tmp/before`): "
        "its one-process rate is measured in the same run as the baseline of this version's",
    )
    args = parser.parse_args()
    servers = start_postgres()
    pg = next(servers)
    try:
        with tempfile.TemporaryDirectory() as folder:
            for workers in (int(w) for w in args.workers.split(",")):
                one_setting(pg, workers, args, Path(folder))
                if args.before is not None and workers == 1:
                    # Interleaved, one fresh database and server each, so a change of load hits both alike.
                    once = argparse.Namespace(**{**vars(args), "runs": 1})
                    now, before = [], []
                    now_cpu, before_cpu = Cpu(), Cpu()
                    for _ in range(args.runs):
                        now += measure(pg, 1, once, Path(folder), cpu=now_cpu)[0]
                        before += measure(pg, 1, once, Path(folder), code=args.before.resolve(), cpu=before_cpu)[0]
                    figure(
                        f"central apply, {args.pushers} pushers over HTTP, 1 process: this version against --before",
                        now,
                        unit="records/s",
                        baseline=before,
                        baseline_name="the version in --before",
                        goal=Goal(at_least=4000),
                    )
                    for label, mine, theirs in (
                        ("API", now_cpu.api, before_cpu.api),
                        ("PostgreSQL", now_cpu.database, before_cpu.database),
                    ):
                        figure(
                            f"{label} CPU per 1,000 records, 1 process: this version against --before",
                            mine,
                            unit="s",
                            baseline=theirs,
                            baseline_name="the version in --before",
                            goal=Goal(at_most=1.0, ratio=True),
                        )
    finally:
        next(servers, None)


if __name__ == "__main__":
    main()
