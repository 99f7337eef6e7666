"""A PostgreSQL cluster of a test's own, to stop, start and fill (the shared one serves other tests meanwhile), and an
HTTP transport that notes every answer a station's client got."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from centralkit import PG_BIN, PgServer, _as_postgres, free_port


class OwnCluster(PgServer):
    """initdb'd in a temporary folder; `stop()` as a crash does it (`-m immediate`), `start()` again on its port.

    Commits are synchronous, unlike the shared cluster's (`synchronous_commit=off` there): an immediate stop loses
    what was acknowledged and not yet written to the WAL, which a deployment does not. fsync stays off (the machine
    does not crash)."""

    def __init__(self, *, max_connections: int = 100) -> None:
        if not (PG_BIN / "initdb").exists():
            pytest.skip("PostgreSQL 15 server not installed")
        super().__init__(free_port())
        self.base = Path(tempfile.mkdtemp(prefix="guichet-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        self.data = self.base / "data"
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
        subprocess.run(_as_postgres([*initdb, "--no-sync"]), check=True, capture_output=True)
        self.options = (
            f"-p {self.port} -k {self.base} -h 127.0.0.1 -c max_connections={max_connections} -c fsync=off "
            "-c superuser_reserved_connections=0"
        )
        self.start()

    def _ctl(self, *args: str) -> None:
        ctl = [str(PG_BIN / "pg_ctl"), "-D", str(self.data)]
        subprocess.run(_as_postgres([*ctl, *args]), check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        self._ctl("-o", self.options, "-l", str(self.base / "log"), "-w", "start")

    def stop(self) -> None:
        """Stopped as a crash stops it: every backend killed, no checkpoint; recovery at the next start."""
        self._ctl("-m", "immediate", "stop")

    def remove(self) -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.base, ignore_errors=True)


@contextmanager
def own_cluster(**options: Any) -> Iterator[OwnCluster]:
    cluster = OwnCluster(**options)
    try:
        yield cluster
    finally:
        cluster.remove()


class Noting(httpx.HTTPTransport):
    """httpx's own transport, noting each answer's status and Retry-After (or the transport error's type)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, int | str, str | None, float]] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        start = time.monotonic()
        try:
            answer = super().handle_request(request)
        except httpx.HTTPError as exc:
            self._note(request.url.path, type(exc).__name__, None, start)
            raise
        self._note(request.url.path, answer.status_code, answer.headers.get("retry-after"), start)
        return answer

    def _note(self, path: str, status: int | str, retry_after: str | None, start: float) -> None:
        with self._lock:
            self.seen.append((path, status, retry_after, time.monotonic() - start))

    def statuses(self) -> set[int | str]:
        with self._lock:
            return {s for _p, s, _r, _t in self.seen}


def terminate_api_backends(admin: Any) -> list[int]:
    """Kill the API's backends (`application_name` guichet-central-…: central/db.make_engine) that are in a
    transaction; the pids killed."""
    rows = admin.execute(  # chosen first (MATERIALIZED): the planner may not call the kill on other backends
        "WITH chosen AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE application_name LIKE "
        "'guichet-central-%%' AND state IN ('active', 'idle in transaction')) "
        "SELECT pid FROM chosen WHERE pg_terminate_backend(pid)"
    ).fetchall()
    return [int(r[0]) for r in rows]
