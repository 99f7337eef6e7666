"""Shared test kit for the central store and sync tests: a throwaway PostgreSQL, payload factories, a station."""

from __future__ import annotations

import atexit
import copy
import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from processkit import alive as alive  # re-exported: the central tests' name for it

from central.embedded import Embedded, start_embedded
from central.enrolment import enrol_from_csv
from desktop.models.ids import uuid7
from desktop.sync.wire import iso

PG_BIN = Path("/usr/lib/postgresql/15/bin")

# Registered electors of resources/demo/electors.csv used as parties in tests.
MARTIN = {"nom": "MARTIN", "prenoms": ["Claire", "Marie"], "date_naissance": "1990-01-15", "nne": "204512873"}
DUBOIS = {"nom": "DUBOIS", "prenoms": ["Jean"], "date_naissance": "1975-06-02", "nne": "19374652"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """A running throwaway cluster; `database()` makes a fresh empty database and returns its URL."""

    port: int
    counter: int = 0

    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def database(self) -> str:
        import psycopg

        self.counter += 1
        name = f"t_{os.getpid()}_{self.counter}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


_PG: list[PgServer] = []


def shared_postgres() -> PgServer:
    """One cluster per test process, whichever test directory asks first; stopped at exit."""
    if not _PG:
        gen = start_postgres()
        _PG.append(next(gen))
        atexit.register(lambda: next(gen, None))
    return _PG[0]


def start_postgres(*, durable: bool = False) -> Iterator[PgServer]:
    """initdb + pg_ctl start in a temp dir; yields the server; stops and removes it afterwards.

    Tests run it without fsync (a test's data need not survive a power cut); the benchmarks pass `durable=True`,
    as a deployment runs: every commit waits for its WAL on disk."""
    if not (PG_BIN / "initdb").exists():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL 15 is missing on a CI machine (/usr/lib/postgresql/15/bin)")
        pytest.skip("PostgreSQL 15 server not installed")
    base = Path(tempfile.mkdtemp(prefix="guichet-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data = base / "data"
    subprocess.run(
        _as_postgres(
            [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]
        ),
        check=True,
        capture_output=True,
    )
    port = free_port()
    opts = f"-p {port} -k {base} -h 127.0.0.1 -c max_connections=300"
    if not durable:
        opts += " -c fsync=off -c synchronous_commit=off"
    subprocess.run(
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    try:
        yield PgServer(port)
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
        )
        shutil.rmtree(base, ignore_errors=True)


def person(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = dict(base)
    out.update(changes)
    return out


def procuration_body(
    mandant: dict[str, Any],
    mandataire: dict[str, Any],
    *,
    where: str = "france",
    election: str = "presidentielle-2027",
    rounds: str = "T1_T2",
    record_id: str | None = None,
) -> dict[str, Any]:
    mandant, mandataire = copy.deepcopy(mandant), copy.deepcopy(mandataire)  # callers may mutate the body
    return {
        "id": record_id or uuid7(),
        "mandant": mandant,
        "mandataire": mandataire,
        "channel": "cerfa_12668",
        "place_kind": "commissariat" if where == "france" else "consulat",
        "established_in": where,
        "authority": {"kind": "opj", "id": "AUT-1"},
        "validity": {"kind": "SCRUTIN", "election_id": election, "rounds": rounds},
        "agent_id": "agent-1",
    }


def resiliation_body(mandant: dict[str, Any]) -> dict[str, Any]:
    return {"id": uuid7(), "mandant": copy.deepcopy(mandant), "agent_id": "agent-1"}


def entry(
    seq: int,
    kind: str,
    body: dict[str, Any],
    at: datetime,
    *,
    wall: datetime | None = None,
    basis: str = "server",
    last_sync: datetime | None = None,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "id": uuid7(),
        "kind": kind,
        "body": body,
        "established_at": iso(at),
        "clock": {"wall": iso(wall or at), "basis": basis, "last_sync": iso(last_sync) if last_sync else None},
    }


@dataclass
class Station:
    """A test station speaking raw HTTP to a central store."""

    base_url: str
    station_id: str
    token: str
    seq: int = 0
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.base_url, timeout=60, headers={"Authorization": f"Bearer {self.token}"})

    @classmethod
    def enrol(cls, base_url: str, enrolment_token: str, label: str = "poste") -> Station:
        answer = httpx.post(
            f"{base_url}/v1/stations",
            json={"label": label},
            timeout=30,
            headers={"Authorization": f"Bearer {enrolment_token}"},
        )
        assert answer.status_code == 201, answer.text
        return cls(base_url, answer.json()["station_id"], answer.json()["token"])

    def batch(self, *items: tuple[str, dict[str, Any], datetime]) -> dict[str, Any]:
        entries = []
        for kind, body, at in items:
            self.seq += 1
            entries.append(entry(self.seq, kind, body, at))
        return {"batch_id": uuid7(), "entries": entries}

    def push(self, batch: dict[str, Any]) -> httpx.Response:
        return self.http.post(f"/v1/stations/{self.station_id}/batches", json=batch)

    def enrol_agent(self, agent_id: str = "agent-1", role: str = "agent_police", capacity: str = "opj") -> None:
        """Make an agent of this station known to the central store (look-ups need one)."""
        body = {"agent_id": agent_id, "login": agent_id, "role": role, "capacity": capacity}
        answer = self.http.post("/v1/security/agents", json=body)
        assert answer.status_code == 201, answer.text

    def lookup(self, agent_id: str = "agent-1", **person: Any) -> httpx.Response:
        return self.http.post("/v1/procurations/search", json={"agent_id": agent_id, **person})

    def fetch(self, reference: str, date_naissance: str, agent_id: str = "agent-1") -> httpx.Response:
        body = {"agent_id": agent_id, "reference": reference, "date_naissance": date_naissance}
        return self.http.post("/v1/requests/fetch", json=body)

    def changes(self, since: int = 0) -> dict[str, Any]:
        answer = self.http.get("/v1/changes", params={"since": since})
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def all_changes(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        cursor = 0
        while True:
            page = self.changes(cursor)
            out += page["changes"]
            cursor = page["next_cursor"]
            if not page["more"]:
                return out


@contextmanager
def api_nodes(url: str, folder: Path, token: str, count: int = 2, workers: int | None = 1) -> Iterator[list[str]]:
    """`count` API processes (`guichet-central serve`, `workers` each, None: serve's default) over one database, as
    nodes of one deployment: the same data folder (its escrow key) and enrolment secret; their base URLs, once each
    answers."""
    env = dict(os.environ, GUICHET_CENTRAL_ENROLMENT_TOKEN=token, GUICHET_CENTRAL_DATA_DIR=str(folder))
    ports = [free_port() for _ in range(count)]
    command = [sys.executable, "-m", "central", "--database", url, "--port"]
    procs = [
        subprocess.Popen(
            [*command, str(p), "serve", *(["--workers", str(workers)] if workers else [])],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for p in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        for u in urls:
            wait_http(u)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)


def worker_pids(parent: int) -> list[int]:
    """The serving processes uvicorn spawned under `parent` (not multiprocessing's helpers); Linux's /proc."""
    found: list[int] = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            if b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
                found.append(int(child))
    return sorted(found)


def wait_http(url: str, timeout: float = 60.0) -> None:
    """Wait for a node to answer: a start-up wait, not a measure (20 s was missed on a loaded 2-core machine when two
    nodes started at once behind a file's earlier tests, session 35)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/v1/time", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"central store at {url} did not answer")


NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
BIRTH = date(1990, 1, 15)
T = timedelta


def synthetic_register(path: Path, count: int, *, start: int = 10_000_000) -> list[dict[str, Any]]:
    """Write a register CSV of `count` electors (communal lists, a consular one every 7th); returns identities."""
    lines = ["nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription"]
    people = []
    for i in range(count):
        nne = str(start + i)
        born = date(1950, 1, 1) + timedelta(days=i % 15000)
        consular = i % 7 == 3
        place = "LEC;LEC-MAD;Consulat général de France à Madrid" if consular else "LP;75056;Paris"
        lines.append(f"{nne};NOM{i};;Prenom{i};F;{born:%d/%m/%Y};{place}")
        people.append({"nom": f"NOM{i}", "prenoms": [f"Prenom{i}"], "date_naissance": born.isoformat(), "nne": nne})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return people


@pytest.fixture(scope="session")
def pg() -> PgServer:
    """The shared PostgreSQL cluster (each test makes its own database)."""
    return shared_postgres()


@pytest.fixture
def sqlite_central(tmp_path: Path) -> Iterator[Embedded]:
    """The embedded central store over an SQLite file, demo register loaded."""
    emb = start_embedded(tmp_path / "central.sqlite3")
    yield emb
    emb.stop()


@pytest.fixture
def pg_central(pg: PgServer) -> Iterator[Embedded]:
    """The same application over a fresh PostgreSQL database."""
    emb = start_embedded(pg.database())
    yield emb
    emb.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest) -> Embedded:
    """Both back-ends, same tests."""
    name = "sqlite_central" if request.param == "sqlite" else "pg_central"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


def poll_while_held(
    other: Station, send: Callable[[], int], started: threading.Event, released: threading.Event
) -> tuple[int, bool, int | None]:
    """Send a hostile request on a thread (`send` returns its status); once the server holds it (`started`, set by
    the test's patch of the step it measures), poll the feed as `other`, then let the hostile one go (`released`).
    Returns the poll's status, whether it was answered before the hostile request, and that request's status: the
    order is measured, never a time."""
    done = threading.Event()
    statuses: list[int] = []

    def run() -> None:
        statuses.append(send())
        done.set()

    sender = threading.Thread(target=run, daemon=True)
    sender.start()
    try:
        assert started.wait(timeout=60), "the hostile request was never held where the test measures"
        page = other.http.get("/v1/changes", timeout=60)
        answered_first = not done.is_set()
    finally:
        released.set()
        sender.join(timeout=60)
    return page.status_code, answered_first, statuses[0] if statuses else None


# A TestClient's base address for the administrators' pages: their cookies are Secure on any host but this machine's
# (central/admin_session.py `secure_cookie`), and a client sends a Secure cookie over HTTPS only.
HTTPS = "https://testserver"


def page_token(page: str) -> str:
    """The hidden form token of an administrators' page (sign-in: bound to its pre-session cookie; else the
    session's: central/admin_session.py)."""
    return page.split('name="jeton" value="', 1)[1].split('"', 1)[0]


def shown_outcome(page: str) -> str:
    """What the review page's first form sends back of the outcome it shows (`vu`, central/review_page.py)."""
    return page.split('name="vu" value="', 1)[1].split('"', 1)[0]


def sign_in_form(client: Any, **form: str) -> Any:
    """Post the sign-in form as a browser does: the page that shows it first (its pre-session cookie, its token).
    `client` keeps cookies (a TestClient, an httpx.Client)."""
    shown = client.get("/admin/revue")
    return client.post("/admin/connexion", data={**form, "jeton": page_token(shown.text)}, follow_redirects=False)


def bulk_station(
    central: Embedded, tmp_path: Path, code: str, *, label: str = "Poste de test", kind: str = "commissariat"
) -> Station:
    """IT issues the code's token (`guichet-central enrol --csv`) and the station trades it for its credentials."""
    n = len(list(tmp_path.glob("postes-*.csv")))
    source, out = tmp_path / f"postes-{n}.csv", tmp_path / f"jetons-{n}.csv"
    source.write_text(f"code;libelle;type\n{code};{label};{kind}\n", encoding="utf-8")
    enrol_from_csv(central.engine, source, out, now=datetime.now(UTC))
    with out.open(encoding="utf-8", newline="") as fh:
        [row] = list(csv.DictReader(fh, delimiter=";"))
    return Station.enrol(central.base_url, row["jeton"], code)
