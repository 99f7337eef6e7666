"""Helpers of the central store's benchmarks: a throwaway PostgreSQL, a `guichet-central serve` process, batches.

Not a benchmark itself (leading underscore): `bench/central_apply.py` and `bench/central_growth.py` use it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "central"))
sys.path.insert(0, str(ROOT / "tests"))  # centralkit's own kits (processkit)

import httpx  # noqa: E402
import psycopg  # noqa: E402
from centralkit import PgServer, procuration_body, start_postgres, synthetic_register  # noqa: E402
from sqlalchemy import Engine, func, select, text  # noqa: E402

from central.attribution import claim  # noqa: E402
from central.register import import_electors  # noqa: E402
from central.schema import entries, procurations  # noqa: E402
from desktop.models.ids import uuid7  # noqa: E402
from desktop.sync.wire import iso  # noqa: E402

BATCH = 200
TOKEN = "bench-enrolment-secret-" + "x" * 16

__all__ = ["BATCH", "PgServer", "import_electors", "start_postgres", "synthetic_register", "uuid7"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and every process under it (Linux /proc)."""
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        parent[int(entry)] = int(fields[1])
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        here = todo.pop()
        total += used.get(here, 0.0)
        todo += [child for child, up in parent.items() if up == here]
    return total


def postmaster_pid(port: int) -> int:
    """The pid of the throwaway cluster listening on this port (its command line carries `-p port`)."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                args = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if args and args[0].endswith(b"postgres") and b"-p" in args and str(port).encode() in args:
                return int(entry)
    raise RuntimeError(f"no PostgreSQL on port {port}")


@contextmanager
def serve(
    url: str,
    *,
    workers: int,
    folder: Path,
    code: Path | None = None,
    pids: list[int] | None = None,
    python: str | None = None,
) -> Iterator[str]:
    """`guichet-central serve` in its own process(es); yields its base URL once it answers.

    `code`: the source folder of an earlier version to serve instead (`--workers` is passed to it when it knows the
    option; one that predates it serves one process). `python`: the interpreter to serve with (another virtual
    environment, e.g. one without the `central` extra's compiled server stack); this one by default.
    `pids`: receives the server's process id (for `tree_cpu`).
    """
    port = free_port()
    command = [
        python or sys.executable,
        "-m",
        "central",
        "--database",
        url,
        "--port",
        str(port),
        "serve",
    ]
    env = os.environ | {"GUICHET_CENTRAL_ENROLMENT_TOKEN": TOKEN, "GUICHET_CENTRAL_DATA_DIR": str(folder)}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    # Given whenever the version knows it: an earlier version left without it served its own default (since the
    # option, min(4, cores) processes on PostgreSQL: two here), and a "one process" comparison then set two
    # processes of the earlier version against one of this one (wave 2, session 10).
    if code is None or "--workers" in (code / "central" / "__main__.py").read_text(encoding="utf-8"):
        command += ["--workers", str(workers)]
    elif workers > 1:
        raise SystemExit(f"the version in {code} has no --workers option: it serves one process only")
    # `python -m` puts the working folder first on sys.path: for an earlier version, that folder is its source.
    proc = subprocess.Popen(command, env=env, cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if pids is not None:
        pids.append(proc.pid)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError("guichet-central serve stopped: " + (proc.stderr.read() or b"").decode()[-2000:])
            try:
                if httpx.get(base + "/v1/time", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("guichet-central serve did not answer")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def enrol_http(base: str, label: str) -> tuple[str, str]:
    """A station enrolled with the store's secret: (station_id, token)."""
    answer = httpx.post(
        base + "/v1/stations", json={"label": label}, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
    )
    answer.raise_for_status()
    data = answer.json()
    return str(data["station_id"]), str(data["token"])


def bench_agent(station_id: str) -> str:
    """The agent id a benchmark's station acts under: its own (central/attribution.py flags, and opens a review for,
    every entry in the name of an agent the station never enrolled, which is not the path a real counter's push
    takes; until 5 December every benchmark pushed as an unknown `agent-1`)."""
    return f"bench-{station_id}"


def enrol_agent_http(base: str, station_id: str, token: str, agent_id: str | None = None) -> str:
    """Enrol an agent of the station (`bench_agent` by default) as a desk's enrolment does; returns its id."""
    agent_id = agent_id or bench_agent(station_id)
    answer = httpx.post(
        base + "/v1/security/agents",
        json={"agent_id": agent_id, "login": agent_id, "role": "agent_police", "capacity": "opj"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    answer.raise_for_status()
    return agent_id


def claim_agent(engine: Engine, station_id: str) -> str:
    """In process: attribute the station's agent (`bench_agent`) to it through the central store's own code."""
    agent_id = bench_agent(station_id)
    with engine.begin() as conn:
        claim(conn, station_id=station_id, agent_id=agent_id, now=datetime.now(UTC) - timedelta(hours=1))
    return agent_id


def flagged_entries(engine: Engine, batch_ids: list[str] | None = None) -> int:
    """How many entries of these batches (of the whole database: None) the central store flagged, for their clock
    or their agent: a benchmark's pushes are an honest station's, and a flagged one measures another path (a review
    opened per entry)."""
    query = select(func.count()).select_from(entries).where(entries.c.flags != "")
    if batch_ids is not None:
        query = query.where(entries.c.batch_id.in_(batch_ids))
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def honest(engine: Engine, batch_ids: list[str] | None = None) -> None:
    """Raise when the central store flagged any of these entries (`flagged_entries`)."""
    if flagged := flagged_entries(engine, batch_ids):
        with engine.connect() as conn:
            kinds = sorted(set(conn.execute(select(entries.c.flags).where(entries.c.flags != "")).scalars()))
        raise RuntimeError(f"{flagged} entries flagged by the central store ({kinds[:5]}): not an honest push")


def station_entries(
    people: list[dict[str, Any]],
    mandants: range,
    mandataire_of: Any,
    *,
    agent_id: str,
    rounds: str = "T1_T2",
) -> list[dict[str, Any]]:
    """The outbox of one station (seq from 1): a procuration per mandant i, to mandataire_of(i), by `agent_id`."""
    out = []
    for n, i in enumerate(mandants):
        body = procuration_body(
            people[i], people[mandataire_of(i)], where="france" if i % 3 else "etranger", rounds=rounds
        )
        body["agent_id"] = agent_id
        out.append({"seq": n + 1, "id": uuid7(), "kind": "procuration.etablie", "body": body})
    return out


def render(
    chunk: list[dict[str, Any]], last_sync: str | None, batch_id: str | None = None, *, now: datetime | None = None
) -> bytes:
    """A batch's wire JSON as an honest station sends it: dated now, from the server time of its last answer."""
    now = now or datetime.now(UTC)
    for k, e in enumerate(chunk):
        at = iso(now + timedelta(microseconds=k))
        e["established_at"] = at
        e["clock"] = {"wall": at, "basis": "server" if last_sync else "wall", "last_sync": last_sync}
    return json.dumps({"batch_id": batch_id or uuid7(), "entries": chunk}).encode()


class Prepared:
    """A batch rendered before the timed window: at send time only its dates and `last_sync` are filled in.

    The same bytes as `render` (checked by `same_as_render`): a load generator on the server's own cores should cost
    as little as it can, and what does not depend on the server's answer need not be serialised while it is timed.
    """

    def __init__(self, chunk: list[dict[str, Any]], batch_id: str | None = None) -> None:
        self.batch_id = batch_id or uuid7()
        dated = ("established_at", "clock")
        self.heads = [
            json.dumps({k: v for k, v in e.items() if k not in dated})[:-1] + ', "established_at": ' for e in chunk
        ]

    def body(self, last_sync: str | None, *, now: datetime | None = None) -> bytes:
        now = now or datetime.now(UTC)
        basis = '"server"' if last_sync else '"wall"'
        since = json.dumps(last_sync)
        parts = []
        for k, head in enumerate(self.heads):
            at = json.dumps(iso(now + timedelta(microseconds=k)))
            parts.append(f'{head}{at}, "clock": {{"wall": {at}, "basis": {basis}, "last_sync": {since}}}}}')
        return f'{{"batch_id": {json.dumps(self.batch_id)}, "entries": [{", ".join(parts)}]}}'.encode()


def same_as_render(chunk: list[dict[str, Any]]) -> bool:
    """`Prepared` gives `render`'s bytes, with and without a last contact."""
    prepared, now = Prepared(chunk), datetime.now(UTC)
    return all(
        prepared.body(since, now=now) == render([dict(e) for e in chunk], since, prepared.batch_id, now=now)
        for since in (None, iso(now))
    )


def earlier() -> datetime:
    return datetime.now(UTC) - timedelta(minutes=30)


def copy_rate(engine: Engine, url: str, batch_ids: list[str]) -> float:
    """Records/s of a raw COPY of the rows these batches stored (entries and procurations), in fresh tables."""
    with engine.connect() as conn:
        entry_rows = [tuple(r) for r in conn.execute(select(entries).where(entries.c.batch_id.in_(batch_ids)))]
        ids = [r[0] for r in entry_rows]
        proc_rows = []
        for k in range(0, len(ids), 5000):
            proc_rows += [
                tuple(r)
                for r in conn.execute(select(procurations).where(procurations.c.entry_id.in_(ids[k : k + 5000])))
            ]
        suffix = uuid7().replace("-", "")[:12]
        conn.execute(text(f"CREATE TABLE copy_e_{suffix} (LIKE entries INCLUDING ALL)"))
        conn.execute(text(f"CREATE TABLE copy_p_{suffix} (LIKE procurations INCLUDING ALL)"))
        conn.commit()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as raw:
        began = time.perf_counter()
        with raw.cursor() as cur:
            with cur.copy(f"COPY copy_e_{suffix} FROM STDIN") as copy:
                for row in entry_rows:
                    copy.write_row(row)
            with cur.copy(f"COPY copy_p_{suffix} FROM STDIN") as copy:
                for row in proc_rows:
                    copy.write_row(row)
        raw.commit()
        elapsed = time.perf_counter() - began
    return len(entry_rows) / elapsed
