"""Central apply throughput over HTTP on PostgreSQL: 4 stations push batches of 200 at once to `guichet-central serve`
with one worker process, then two; a raw COPY of the same rows is the baseline measured in the same run.

Run: `.venv/bin/python bench/central_apply.py [--batches 10] [--runs 3] [--pushers 4] [--workers 1,2]
[--client lean|httpx] [--before DIR [--before-python PY]] [--compare-clients]`
(starts a throwaway PostgreSQL cluster as the `postgres` user, like the test suite, but durable as a deployment
runs it: fsync and synchronous commits on; `--fast-commits` turns them off as the tests do).
Goals: >= 4,000 records/s with one process, >= 7,000 with two. The pushers run in this process on the same cores as
the server and PostgreSQL: their CPU per 1,000 records is printed apart, and never counts as the server's.
With `--before`, the apply path is also run in process, without HTTP, each tree in turn (`_apply_in_process.py`): CPU
per batch, and Python calls per batch, a figure the machine's load does not move.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from _central import (
    BATCH,
    Prepared,
    copy_rate,
    enrol_agent_http,
    enrol_http,
    honest,
    import_electors,
    postmaster_pid,
    render,
    same_as_render,
    serve,
    start_postgres,
    station_entries,
    synthetic_register,
    tree_cpu,
)
from _figures import Goal, figure

from central.service import open_database

GOALS = {1: 4000.0, 2: 7000.0}


def push_all(
    base: str, stations: list[tuple[str, str, list[Any]]], batch_ids: list[str], client: str = "lean"
) -> float:
    """Every station pushes its batches one after the other, all stations at once; returns the wall time.

    `lean` (the default): each station's batches are `Prepared` ones (rendered by the caller before the timed window
    and its CPU count; only their dates and last contact are filled in at send time), posted with the standard
    library's `http.client` on one kept-alive connection. `httpx`: they are chunks of entries, each rendered whole at
    send time and posted with httpx, as this bench did before (wave 2, 1 December). The server sees the same bytes.
    """
    errors: list[str] = []
    barrier = threading.Barrier(len(stations) + 1)
    address = urlsplit(base)

    def lean(station_id: str, token: str, prepared: list[Prepared]) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        path = f"/v1/stations/{station_id}/batches"
        connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=120)
        last_sync = None
        try:
            barrier.wait()
            for batch in prepared:
                connection.request("POST", path, body=batch.body(last_sync), headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                if answer.status != 200:
                    errors.append(f"HTTP {answer.status}")
                    return
                result = json.loads(data)
                last_sync = result["server_time"]
                batch_ids.append(result["batch_id"])
        finally:
            connection.close()

    def old(station_id: str, token: str, chunks: list[list[dict[str, Any]]]) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        last_sync = None
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
            barrier.wait()
            for chunk in chunks:
                body = render(chunk, last_sync)
                answer = client.post(f"/v1/stations/{station_id}/batches", content=body)
                if answer.status_code != 200:
                    errors.append(f"HTTP {answer.status_code}")
                    return
                last_sync = answer.json()["server_time"]
                batch_ids.append(answer.json()["batch_id"])

    threads = [threading.Thread(target=lean if client == "lean" else old, args=s) for s in stations]
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
    pg: object,
    workers: int,
    args: argparse.Namespace,
    tmp: Path,
    code: Path | None = None,
    cpu: Cpu | None = None,
    python: str | None = None,
) -> tuple[list[float], list[float]]:
    """Records/s of each run, and of a COPY of the rows each run stored, on a fresh database.

    `code` and `python`: serve an earlier version's source, with another interpreter (`_central.serve`)."""
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
    with serve(url, workers=workers, folder=folder, code=code, pids=pids, python=python) as base:
        for run in range(args.runs):
            first = run * people_per_run
            stations = []
            for p in range(args.pushers):
                station_id, token = enrol_http(base, f"bench-{workers}-{run}-{p}")
                agent_id = enrol_agent_http(base, station_id, token)
                lo = first + p * per_station
                outbox = station_entries(
                    people,
                    range(lo, lo + per_station),
                    lambda i, f=first: f + per_run + (i - f) // 2,
                    agent_id=agent_id,
                )
                chunks = [outbox[k : k + BATCH] for k in range(0, len(outbox), BATCH)]
                stations.append((station_id, token, [Prepared(c) for c in chunks] if args.client == "lean" else chunks))
            batch_ids: list[str] = []
            api, database, pushers = tree_cpu(pids[0]), tree_cpu(postmaster), time.process_time()
            elapsed = push_all(base, stations, batch_ids, args.client)
            rates.append(per_run / elapsed)
            if cpu is not None:
                cpu.api.append((tree_cpu(pids[0]) - api) * 1000 / per_run)
                cpu.database.append((tree_cpu(postmaster) - database) * 1000 / per_run)
                cpu.pushers.append((time.process_time() - pushers) * 1000 / per_run)
            honest(engine, batch_ids)
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


def compare(pg: object, workers: int, args: argparse.Namespace, tmp: Path, label: str, before: dict[str, Any]) -> None:
    """This version against a baseline (`before`: measure's keywords, or the bench's own options), interleaved, one
    fresh database and server each, so a change of load hits both alike."""
    once = argparse.Namespace(**{**vars(args), "runs": 1})
    then_args = argparse.Namespace(**{**vars(once), **before.pop("options", {})})
    now, then = [], []
    now_cpu, then_cpu = Cpu(), Cpu()
    for _ in range(args.runs):
        now += measure(pg, workers, once, tmp, cpu=now_cpu)[0]
        then += measure(pg, workers, then_args, tmp, cpu=then_cpu, **before)[0]
    figure(
        f"central apply, {args.pushers} pushers over HTTP, {workers} process(es): this version against {label}",
        now,
        unit="records/s",
        baseline=then,
        baseline_name=label,
        goal=Goal(at_least=GOALS.get(workers, 4000.0 * workers)),
    )
    for part, mine, theirs in (
        ("API", now_cpu.api, then_cpu.api),
        ("PostgreSQL", now_cpu.database, then_cpu.database),
        ("pushers'", now_cpu.pushers, then_cpu.pushers),
        ("machine (all three)", now_cpu.machine(), then_cpu.machine()),
    ):
        figure(
            f"{part} CPU per 1,000 records, {workers} process(es): this version against {label}",
            [v * 1000 for v in mine],
            unit="ms",
            baseline=[v * 1000 for v in theirs],
            baseline_name=label,
            goal=Goal(at_most=1.0, ratio=True),
        )


def in_process(pg: object, args: argparse.Namespace, tmp: Path, code: Path, python: str | None) -> None:
    """The apply path without HTTP, this version against --before, alternated (`_apply_in_process.py`): the server's
    CPU per batch of 200 alone on the cores, and its Python calls per batch, which the machine's load does not move
    (wave 2, session 11: the HTTP figures moved by 20 % from one run to the next on a shared machine)."""
    script = Path(__file__).resolve().parent / "_apply_in_process.py"
    runs: dict[str, list[tuple[float, float]]] = {"now": [], "then": []}
    for _ in range(args.runs):
        for which, folder, interpreter in (("now", None, None), ("then", code, python)):
            env = os.environ | ({"PYTHONPATH": str(folder)} if folder is not None else {})
            done = subprocess.run(
                [interpreter or sys.executable, str(script), pg.database(), "20", str(tmp)],  # type: ignore[attr-defined]
                env=env,
                cwd=folder,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(f"in-process apply failed ({which}):\n{done.stderr[-2000:]}")
            cpu, calls = (float(v) for v in done.stdout.split())
            runs[which].append((cpu, calls))
    for name, index, unit in (("CPU per batch of 200", 0, "ms"), ("Python calls per batch of 200", 1, "calls")):
        figure(
            f"in-process apply (no HTTP), {name}: this version against the version in --before",
            [r[index] for r in runs["now"]],
            unit=unit,
            baseline=[r[index] for r in runs["then"]],
            baseline_name="the version in --before",
            goal=Goal(at_most=1.0, ratio=True),
        )


def flagged_cost(pg: object, args: argparse.Namespace, tmp: Path) -> None:
    """The apply path's CPU for a batch whose every entry is flagged (an agent no station enrolled: each entry gets
    a review), against a batch of the station's own agent, alternated (`_apply_in_process.py`). What a station with
    a wrong clock, or an adversary holding a token, costs the central store per entry (session 25: 6.7× before the
    reviews were opened in one statement)."""
    script = Path(__file__).resolve().parent / "_apply_in_process.py"
    runs: dict[str, list[float]] = {"own": [], "unknown": []}
    for _ in range(args.runs):
        for which in runs:
            command = [sys.executable, str(script), pg.database(), "12", str(tmp)]  # type: ignore[attr-defined]
            done = subprocess.run(command + ([which] if which == "unknown" else []), capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"in-process apply failed ({which}):\n{done.stderr[-2000:]}")
            runs[which].append(float(done.stdout.split()[0]))
    figure(
        "in-process apply (no HTTP), CPU per batch of 200 whose every entry is flagged and reviewed (an unknown agent)",
        runs["unknown"],
        unit="ms",
        baseline=runs["own"],
        baseline_name="a batch of the station's own agent",
        goal=Goal(at_most=2.0, ratio=True),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=10, help="batches per pusher and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pushers", type=int, default=4)
    parser.add_argument(
        "--fast-commits",
        action="store_true",
        help="PostgreSQL without fsync nor synchronous commits, as the tests run it (not durable; the figures of "
        "runs before 1 December 2026 were measured so)",
    )
    parser.add_argument("--workers", default="1,2", help="server processes to measure, comma-separated")
    parser.add_argument(
        "--client",
        choices=("lean", "httpx"),
        default="lean",
        help="the pushers: batches rendered before the timed window and sent with http.client (lean), or each "
        "rendered at send time and sent with httpx (as before 1 December)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="source folder of an earlier version (e.g. `git archive 9b253ca | tar -x -C /tmp/before`): "
        "its rate is measured in the same run, interleaved, as the baseline of this version's (for more than one "
        "process it must know `serve --workers`)",
    )
    parser.add_argument(
        "--before-python",
        help="the interpreter that serves --before (e.g. another checkout's .venv/bin/python, without the compiled "
        "server stack); this one by default",
    )
    parser.add_argument(
        "--compare-clients",
        action="store_true",
        help="also measure the lean pushers against the httpx ones, interleaved, this version serving both",
    )
    args = parser.parse_args()
    servers = start_postgres(durable=not args.fast_commits)
    pg = next(servers)
    try:
        with tempfile.TemporaryDirectory() as folder:
            people = synthetic_register(Path(folder) / "check.csv", 30)
            if not same_as_render(station_entries(people, range(10), lambda i: 10 + i // 2, agent_id="check")):
                raise RuntimeError("the prepared batches are not the bytes render() gives")
            for workers in (int(w) for w in args.workers.split(",")):
                one_setting(pg, workers, args, Path(folder))
                if args.before is not None:
                    before = {"code": args.before.resolve(), "python": args.before_python}
                    compare(pg, workers, args, Path(folder), "the version in --before", before)
                if args.compare_clients:
                    other = "httpx" if args.client == "lean" else "lean"
                    compare(pg, workers, args, Path(folder), f"{other} pushers", {"options": {"client": other}})
            flagged_cost(pg, args, Path(folder))
            if args.before is not None:
                in_process(pg, args, Path(folder), args.before.resolve(), args.before_python)
    finally:
        next(servers, None)


if __name__ == "__main__":
    main()
