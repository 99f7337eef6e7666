"""The machinery of the national simulation: a throwaway PostgreSQL, API processes, stations enrolled in bulk, CPU.

PostgreSQL is started durable by default (fsync and synchronous commits on, as a deployment runs it), unlike the
test suite's cluster (`tests/central/centralkit.py`), which trades durability for speed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import Engine, text

from central.attribution import claim
from central.auth import insert_station
from national_sim.station import sim_agent

PG_BIN = Path("/usr/lib/postgresql/15/bin")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Cluster:
    port: int
    data: Path

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def postmaster(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres(*, durable: bool = True) -> Iterator[Cluster]:
    """initdb + pg_ctl start in a temporary folder, one database `national`; stopped and removed afterwards."""
    if not (PG_BIN / "initdb").exists():
        raise SystemExit("PostgreSQL 15 n'est pas installé (/usr/lib/postgresql/15/bin).")
    base = Path(tempfile.mkdtemp(prefix="guichet-national-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data = base / "data"
    init = [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]
    subprocess.run(_as_postgres(init), check=True, capture_output=True)
    port = free_port()
    opts = f"-p {port} -k {base} -h 127.0.0.1 -c max_connections=200 -c shared_buffers=256MB"
    if not durable:
        opts += " -c fsync=off -c synchronous_commit=off"
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w", "start"]
    subprocess.run(_as_postgres(start), check=True, capture_output=True)
    try:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as conn:
            conn.execute('CREATE DATABASE "national"')
        yield Cluster(port=port, data=data)
    finally:
        stop = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]
        subprocess.run(_as_postgres(stop), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def api_nodes(url: str, count: int, *, secret: str, folder: Path, workers: int = 0) -> Iterator[list[tuple[int, int]]]:
    """`count` `guichet-central serve` processes on 127.0.0.1, one port each; yields (port, pid); stops them.

    `workers` > 0 passes `serve --workers N` (a central store that has it forks N processes behind each port).
    """
    procs: list[tuple[int, subprocess.Popen[bytes]]] = []
    try:
        for i in range(count):
            port = free_port()
            env = os.environ | {
                "GUICHET_CENTRAL_ENROLMENT_TOKEN": secret,
                "GUICHET_CENTRAL_DATA_DIR": str(folder / f"node{i}"),
            }
            cmd = [sys.executable, "-m", "central", "--database", url, "--port", str(port), "serve"]
            cmd += ["--workers", str(workers)] if workers > 0 else []
            procs.append((port, subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
        for port, proc in procs:
            _wait_http(port, proc)
        yield [(port, proc.pid) for port, proc in procs]
    finally:
        for _, proc in procs:
            proc.terminate()
        for _, proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_http(port: int, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else ""
            raise SystemExit(f"le serveur central du port {port} s'est arrêté : {err}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/time", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"le serveur central du port {port} ne répond pas")


def enrol_stations(engine: Engine, count: int) -> list[tuple[str, str]]:
    """`count` stations enrolled in one transaction through the central store's own code: (station_id, token).

    Enrolled a day ago, as stations are long before election week: their first acts, drawn up before the run
    starts, are not dated before their enrolment (the central store would clamp and flag them).
    """
    now = datetime.now(UTC) - timedelta(days=1)
    with engine.begin() as conn:
        made = [insert_station(conn, label=f"SIM-{i:05d}", now=now) for i in range(count)]
        for c in made:  # each station's agent is its own (central/attribution.py), as a desk's enrolment makes it
            claim(conn, station_id=c.station_id, agent_id=sim_agent(c.station_id), now=now)
        return [(c.station_id, c.token) for c in made]


def cpu_seconds(pid: int, *, children: bool = False) -> float:
    """CPU seconds (user + system) of a process, with its reaped children's when asked; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    used = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        used += int(fields[13]) + int(fields[14])  # cutime, cstime
    return used / TICKS


def tree_cpu(root: int) -> float:
    """A process, its live children and the children it already reaped (PostgreSQL's backends, uvicorn's workers)."""
    total = cpu_seconds(root, children=True)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == root:
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def machine_busy() -> float:
    """CPU seconds all processes of the machine spent, from /proc/stat (to tell what else ran meanwhile)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / TICKS


def database_size(engine: Engine) -> dict[str, int]:
    """Bytes of the whole database and of the tables that grow with the traffic, and their row counts."""
    out: dict[str, int] = {}
    with engine.connect() as conn:
        out["database_bytes"] = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
        for table in ("procurations", "entries", "batches", "changes", "contacts", "electors", "stations"):
            size = conn.execute(text(f"SELECT pg_total_relation_size('{table}')")).scalar_one()
            rows = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            out[f"{table}_bytes"], out[f"{table}_rows"] = int(size), int(rows)
    return out


def ledger(engine: Engine) -> dict[str, int]:
    """What the central store holds of the stations' entries: how many, how many clock-flagged, the seqs' sum."""
    with engine.connect() as conn:
        return {
            "entries": int(conn.execute(text("SELECT count(*) FROM entries")).scalar_one()),
            "clock_flagged": int(conn.execute(text("SELECT count(*) FROM entries WHERE flags <> ''")).scalar_one()),
            **{
                f"flag {row.flags}": int(row.n)
                for row in conn.execute(text("SELECT flags, count(*) AS n FROM entries WHERE flags <> '' GROUP BY 1"))
            },
            "last_seqs": int(conn.execute(text("SELECT coalesce(sum(last_seq), 0) FROM stations")).scalar_one()),
        }
