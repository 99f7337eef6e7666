"""The published API is the contract: schemathesis drives every operation of a served `guichet-central`.

A real `guichet-central serve` on 127.0.0.1 (SQLite, then PostgreSQL), all phases (examples, coverage, fuzzing,
stateful), every check, once with a valid station token and once without: no server error, no schema violation.
The server's own log is then read: no traceback, no personal data (the session's PII guard patterns).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from centralkit import free_port, wait_http

from desktop.sync.wire import Enrolment

MAX_EXAMPLES = int(os.environ.get("GUICHET_SCHEMATHESIS_EXAMPLES", "10"))
# The batch's rules across entries (consecutive seqs, distinct ids) and between an entry's kind and its body's
# shape cannot be said in JSON Schema as the wire model is written: a generated batch may look valid and be refused
# with 422. Every other operation is held to "a schema-valid request is accepted" too.
CONFIG = """
[checks]
enabled = true

[parameters]
"path.station" = "{station}"

[[operations]]
include-path = "/v1/stations/{{station}}/batches"
checks.positive_data_acceptance.enabled = false
"""


def _serve(database: str, folder: Path) -> tuple[str, subprocess.Popen[bytes], Path]:
    port = free_port()
    log = folder / "server.log"
    env = {
        **os.environ,
        "GUICHET_CENTRAL_ENROLMENT_TOKEN": "secret-de-schemathesis-0123456789",
        "GUICHET_CENTRAL_DATA_DIR": str(folder),
    }
    command = [sys.executable, "-m", "central", "--database", database, "--port", str(port), "serve", "--demo-data"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_http(base, timeout=60)
    return base, proc, log


def _schemathesis(base: str, folder: Path, station: str, token: str | None) -> str:
    config = folder / "schemathesis.toml"
    config.write_text(CONFIG.format(station=station), encoding="utf-8")
    st = Path(sys.executable).with_name("st")
    command = [str(st), "--config-file", str(config), "run", f"{base}/openapi.json"]  # every check: CONFIG
    command += ["-n", str(MAX_EXAMPLES), "-w", "1", "--seed", "14", "--no-color", "--generation-database", "none"]
    command += ["--phases", "examples,coverage,fuzzing,stateful", "--request-timeout", "30"]
    if token is not None:
        command += ["-H", f"Authorization: Bearer {token}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=folder)
    out = done.stdout + done.stderr
    (folder / f"schemathesis-{'token' if token else 'anonymous'}.txt").write_text(out, encoding="utf-8")
    print(out[-3000:])  # the summary, with its request counts, for the report (pytest -s or the captured output)
    assert done.returncode == 0, out[-6000:]
    return out


def _generated(out: str) -> int:
    found = re.search(r"(\d+) generated", out)
    return int(found.group(1)) if found else 0


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from security.pii_guard import current_guard

    database = (
        f"sqlite:///{tmp_path / 'central.db'}" if backend == "sqlite" else request.getfixturevalue("pg").database()
    )
    base, proc, log = _serve(database, tmp_path)
    try:
        answer = httpx.post(
            f"{base}/v1/stations",
            json={"label": "poste"},
            headers={"Authorization": "Bearer secret-de-schemathesis-0123456789"},
        )
        creds = Enrolment.from_json(answer.content)
        with_token = _schemathesis(base, tmp_path, creds.station_id, creds.token)
        without = _schemathesis(base, tmp_path, creds.station_id, None)
    finally:
        proc.terminate()
        proc.wait(20)
    counts = {"with token": _generated(with_token), "without": _generated(without)}
    print(f"schemathesis {backend}: test cases generated {counts}")
    assert all(counts.values()), counts
    server_log = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in server_log and "Exception in ASGI" not in server_log, server_log[-4000:]
    leak = current_guard(request.config).pattern.search(server_log)
    assert leak is None, f"personal data in the central store's log: …{leak.group(0) if leak else ''}…"
