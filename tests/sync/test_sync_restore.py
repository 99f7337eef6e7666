"""An idle station after its central store was restored from a backup, or failed over to a replica that lagged.

The sync audit's finding: such a station pushes nothing, so no 409 `seq` ever tells it; the acts the store lost
stayed `validee` on it for ever, and its feed cursor stood above the restored sequencer, so it missed every change
made after the restore. Now every feed answer says what the store holds of the station (desktop/sync/standing.py).

Real parts: the central store over HTTP on 127.0.0.1 (a fixed port, so the station's address survives the restart),
its SQLite file copied back, or its PostgreSQL database recreated from a template taken earlier, while it is stopped.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from centralkit import PgServer, Station, free_port, procuration_body
from hostilekit import in_the_middle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from synckit import establish
from test_central_l73 import MANDANTS, MANDATAIRES

from central.embedded import Embedded, start_embedded
from central.schema import entries
from desktop.models import AuditEvent, OutboxEntry, Procuration, SyncState
from desktop.models.db import Store, open_store
from desktop.models.keys import StaticKeyProvider
from desktop.services.journal import Actor
from desktop.sync import outbox
from desktop.sync.client import CentralClient, Credentials, enrol
from desktop.sync.clock import StationClock
from desktop.sync.standing import FEED_HIGH_HEADER, LAST_SEQ_HEADER, Standing, judge, read
from desktop.sync.status import went_back
from desktop.sync.wire.check import MAX_INT
from desktop.sync.worker import SyncWorker

CAUGHT_UP = "synchronisation.retour_central"


@dataclass
class Restorable:
    """A central store on a fixed port whose database can be kept aside and put back while it is stopped."""

    database: str | Path  # an SQLite file, or a PostgreSQL URL
    folder: Path
    pg: PgServer | None = None
    port: int = field(default_factory=free_port)
    running: Embedded | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def now(self) -> Embedded:
        assert self.running is not None
        return self.running

    def start(self) -> None:
        self.running = start_embedded(self.database, port=self.port, folder=self.folder)

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running = None

    def keep_aside(self) -> None:
        """The backup (or what the replica had received): taken with the store stopped, then served again."""
        self.stop()
        if self.pg is None:
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{self.database}{suffix}").exists():
                    shutil.copyfile(f"{self.database}{suffix}", f"{self.database}.kept{suffix}")
        else:
            self._admin(f'CREATE DATABASE "{self._name}_kept" TEMPLATE "{self._name}"')
        self.start()

    def put_back(self) -> None:
        """The restore (or the failover): everything after the backup is gone from the store."""
        self.stop()
        if self.pg is None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.database}{suffix}").unlink(missing_ok=True)
                if Path(f"{self.database}.kept{suffix}").exists():
                    shutil.copyfile(f"{self.database}.kept{suffix}", f"{self.database}{suffix}")
        else:
            self._admin(f'DROP DATABASE "{self._name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self._name}" TEMPLATE "{self._name}_kept"')
        self.start()

    @property
    def _name(self) -> str:
        return str(self.database).rsplit("/", 1)[1]

    def _admin(self, sql: str) -> None:
        import psycopg

        assert self.pg is not None
        with psycopg.connect(self.pg.admin_url(), autocommit=True) as conn:
            conn.execute(sql)

    def seqs(self, station_id: str) -> list[int]:
        with self.now.engine.connect() as conn:
            rows = conn.execute(select(entries.c.seq).where(entries.c.station_id == station_id).order_by(entries.c.seq))
            return list(rows.scalars())


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def restorable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Restorable]:
    if request.param == "sqlite":
        central = Restorable(tmp_path / "central.sqlite3", tmp_path)
    else:
        pg: PgServer = request.getfixturevalue("pg")
        central = Restorable(pg.database(), tmp_path, pg=pg)
    central.start()
    yield central
    central.stop()


@dataclass
class Scene:
    """The station (its worker, its three procurations), another counter, and where their stores stand."""

    worker: SyncWorker
    creds: Credentials
    other: Credentials
    records: list[str]
    cursor_before: int


def _body(mandant: int, mandataire: int) -> dict[str, Any]:
    return procuration_body(MANDANTS[mandant], MANDATAIRES[mandataire], rounds="T1")


def _earlier(central: Restorable, other: Credentials, seq: int, at: datetime, mandataire: int) -> None:
    """The other counter pushes a procuration for this mandataire dated before the station's: the station's is
    void (R-LIMIT-1), a change in its feed."""
    counter = Station(central.base_url, other.station_id, other.token, seq=seq)
    answer = counter.push(counter.batch(("procuration.etablie", _body(3 + seq, mandataire), at)))
    assert answer.status_code == 200, answer.text
    counter.http.close()


def _scene(central: Restorable, store: Store) -> Scene:
    """A1 pushed, the store kept aside; then A2 and A3 pushed and A2 invalidated through the feed (both lost at the
    restore), the station's cursor above anything the restored store will have; then the restore."""
    creds = enrol(central.base_url, enrolment_token=central.now.enrolment_token, label="guichet")
    other = enrol(central.base_url, enrolment_token=central.now.enrolment_token, label="autre")
    # No kept-alive connection: the store restarts under the station's feet (a real one would be reconnected).
    client = CentralClient(central.base_url, creds, timeout=10, keepalive=False)
    worker = SyncWorker(store, client, StationClock(), actor=Actor("S1", None))
    early = worker.clock.now()
    records = [establish(store, worker.clock, _body(0, 0))]
    assert worker.run_once(), worker.status().last_error
    central.keep_aside()
    records += [establish(store, worker.clock, _body(1, 1)), establish(store, worker.clock, _body(2, 2))]
    assert worker.run_once(), worker.status().last_error
    _earlier(central, other, 0, early, mandataire=1)
    assert worker.run_once(), worker.status().last_error
    assert _status(store, records[1]) == ("invalidee", "R-LIMIT-1")
    assert central.seqs(creds.station_id) == [1, 2, 3]
    cursor = outbox.load_state(store).cursor
    assert cursor > 0
    central.put_back()
    assert central.seqs(creds.station_id) == [1]
    # After the restore, another counter's earlier act voids A1: a change whose cursor the station believes read.
    _earlier(central, other, 0, early, mandataire=0)
    return Scene(worker, creds, other, records, cursor)


def _status(store: Store, pid: str) -> tuple[str, str | None]:
    with store.read() as s:
        proc = s.get(Procuration, pid)
        assert proc is not None
        return proc.status, proc.status_rule_id


def _events(store: Store) -> list[str | None]:
    with store.read() as s:
        return [e.detail for e in s.scalars(select(AuditEvent).where(AuditEvent.action == CAUGHT_UP))]


@pytest.mark.slow
def test_an_idle_station_resends_what_a_restored_store_lost_and_reads_what_came_after(
    restorable: Restorable, store: Store
) -> None:
    scene = _scene(restorable, store)
    worker = scene.worker
    assert worker.run_once(), worker.status().last_error  # one poll cycle, nothing new to push
    # Before the fix: nothing sent (seqs [1]), A1 still validée, the cursor left above the restored feed.
    assert restorable.seqs(scene.creds.station_id) == [1, 2, 3]
    assert _status(store, scene.records[0]) == ("invalidee", "R-LIMIT-1")  # the change made after the restore
    with store.read() as s:
        assert all(r.acked_at is not None for r in s.scalars(select(OutboxEntry)))
    [detail] = _events(store)
    assert detail is not None and detail.startswith("dernier_recu=1 curseur_central=")
    assert detail.endswith(f"curseur_poste={scene.cursor_before} renvoyees=2")  # numbers only: no personal data
    status = worker.status()
    assert status.central_went_back == went_back(2) and status.last_error is None
    assert "revenu en arrière" in status.central_went_back and "Rien à faire" in status.central_went_back
    # Once: the next polls find the store and the station agreeing again.
    cursor = outbox.load_state(store).cursor
    assert worker.run_once() and worker.run_once()
    assert _events(store) == [detail] and restorable.seqs(scene.creds.station_id) == [1, 2, 3]
    assert outbox.load_state(store).cursor == cursor


@pytest.mark.slow
def test_a_store_older_than_the_headers_changes_nothing(restorable: Restorable, store: Store) -> None:
    """A central store that says nothing of the station: the station syncs as before the headers (and an idle one
    does not notice a restore, as before: the 409 `seq` of its next push still does)."""
    scene = _scene(restorable, store)

    def older(path: str, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(k, v) for k, v in headers if k.lower() not in (LAST_SEQ_HEADER.lower(), FEED_HIGH_HEADER.lower())]

    with in_the_middle(restorable.base_url, lambda path, since, body: None, older) as middle:
        scene.worker.client = CentralClient(middle.base_url, scene.creds, timeout=10, keepalive=False)
        assert scene.worker.run_once(), scene.worker.status().last_error
        assert restorable.seqs(scene.creds.station_id) == [1]
        assert _status(store, scene.records[0]) == ("validee", None)
        assert outbox.load_state(store).cursor == scene.cursor_before
        assert _events(store) == [] and scene.worker.status().central_went_back is None
        # Its next act: the 409 `seq` and the sequence recovery of before, which read the feed again too.
        establish(store, scene.worker.clock, _body(4, 2))
        assert scene.worker.run_once(), scene.worker.status().last_error
        assert restorable.seqs(scene.creds.station_id) == [1, 2, 3, 4]
        assert _status(store, scene.records[0]) == ("invalidee", "R-LIMIT-1")


@pytest.mark.slow
def test_the_feed_and_push_answers_say_what_the_store_holds(restorable: Restorable) -> None:
    """The headers as a real store sends them: its last seq of the station, its feed's highest cursor (0: none)."""
    station = Station.enrol(restorable.base_url, restorable.now.enrolment_token, "guichet")
    answer = station.http.get("/v1/changes", params={"since": 0})
    assert read(answer.headers) == Standing(last_seq=0, feed_high=0)
    pushed = station.push(station.batch(("procuration.etablie", _body(0, 0), datetime.now(UTC))))
    assert pushed.status_code == 200 and read(pushed.headers) == Standing(last_seq=1, feed_high=0)
    other = Station.enrol(restorable.base_url, restorable.now.enrolment_token, "autre")
    early = datetime.now(UTC)
    assert station.push(station.batch(("procuration.etablie", _body(1, 1), datetime.now(UTC)))).status_code == 200
    assert other.push(other.batch(("procuration.etablie", _body(2, 1), early))).status_code == 200
    answer = station.http.get("/v1/changes", params={"since": 0})
    [change] = answer.json()["changes"]
    assert read(answer.headers) == Standing(last_seq=2, feed_high=change["cursor"])
    # Another station's feed is not this one's: its own numbers only.
    assert read(other.http.get("/v1/changes").headers) == Standing(last_seq=1, feed_high=0)
    station.http.close()
    other.http.close()


# Hostile or garbled headers -----------------------------------------------------------------------------------------

_VALUES = st.one_of(
    st.none(),
    st.binary(max_size=40),
    st.integers(-(10**25), 10**25).map(lambda n: str(n).encode()),
    st.sampled_from(
        [b"", b" 7 ", b"0x10", b"1e3", b"+3", b"-0", b"\xd9\xa1\xd9\xa2", b"\xef\xbc\x91", b"3, 4", b"NaN"]
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(last_seq=_VALUES, feed_high=_VALUES)
def test_a_garbled_or_hostile_header_never_breaks_a_sync(
    last_seq: bytes | None,
    feed_high: bytes | None,
    store_template: Path,
    store_key: bytes,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Whatever the headers say: every sync goes through, a value that is not a plain number is ignored, and a
    readable one saying the store went back is acted on once (the acts resent, the feed read again)."""
    path = tmp_path_factory.mktemp("standing") / "guichet.db"
    shutil.copyfile(store_template, path)
    store = open_store(path, StaticKeyProvider(store_key), migrate=False)
    try:
        clock = StationClock()
        pid = establish(store, clock, _body(0, 0))
        headers = {k: v for k, v in ((LAST_SEQ_HEADER, last_seq), (FEED_HIGH_HEADER, feed_high)) if v is not None}
        pages = [5]  # the first page: a change at cursor 5, said without headers

        def handler(request: httpx.Request) -> httpx.Response:
            now = datetime.now(UTC).isoformat()
            if request.url.path.endswith("/batches"):
                batch = httpx.Response(200, content=request.content).json()
                verdicts = [{"seq": e["seq"], "id": e["id"], "status": "validee"} for e in batch["entries"]]
                body = {"batch_id": batch["batch_id"], "last_seq": batch["entries"][-1]["seq"], "verdicts": verdicts}
                return httpx.Response(200, json=body | {"server_time": now}, headers=headers)
            if request.url.path != "/v1/changes":
                return httpx.Response(200, json={"server_time": now})
            since = int(request.url.params["since"])
            if pages:
                cursor = pages.pop()
                change = {"cursor": cursor, "entry_id": pid, "record_id": pid, "status": "validee", "at": now}
                return httpx.Response(200, json={"changes": [change], "next_cursor": cursor, "more": False} | {
                    "server_time": now
                })  # fmt: skip
            page = {"changes": [], "next_cursor": since, "more": False, "server_time": now}
            return httpx.Response(200, json=page, headers=headers)

        client = CentralClient("http://central.test", Credentials("st-1", "t"), transport=httpx.MockTransport(handler))
        worker = SyncWorker(store, client, clock, actor=Actor("S1", None))
        assert worker.run_once(), worker.status().last_error
        assert outbox.load_state(store).cursor == 5
        for _round in range(3):
            assert worker.run_once(), worker.status().last_error
        said = read(httpx.Headers(headers))
        went_back_once = judge(said, acknowledged=1, cursor=5) is not None
        assert len(_events(store)) == (1 if went_back_once else 0)
        with store.read() as s:
            assert s.scalars(select(OutboxEntry)).one().acked_at is not None
            state = s.get(SyncState, 1)
            assert state is not None and state.cursor == ("0" if went_back_once else "5")
        assert (worker.status().central_went_back is not None) == went_back_once
    finally:
        store.close()


def test_the_same_word_is_acted_on_once_and_a_later_restore_again(store: Store) -> None:
    """A store that keeps saying it went back is not acted on again; once it agrees, a new restore is a new one."""
    clock = StationClock()
    pid = establish(store, clock, _body(0, 0))
    word: dict[str, str] = {}  # the headers of every feed page after the first

    def handler(request: httpx.Request) -> httpx.Response:
        now = datetime.now(UTC).isoformat()
        if request.url.path.endswith("/batches"):
            batch = httpx.Response(200, content=request.content).json()
            verdicts = [{"seq": e["seq"], "id": e["id"], "status": "validee"} for e in batch["entries"]]
            body = {"batch_id": batch["batch_id"], "last_seq": batch["entries"][-1]["seq"], "verdicts": verdicts}
            return httpx.Response(200, json=body | {"server_time": now})
        if not word:  # the first pull: a change at cursor 5
            change = {"cursor": 5, "entry_id": pid, "record_id": pid, "status": "validee", "at": now}
            return httpx.Response(200, json={"changes": [change], "next_cursor": 5, "more": False, "server_time": now})
        page = {"changes": [], "next_cursor": int(request.url.params["since"]), "more": False, "server_time": now}
        return httpx.Response(200, json=page, headers=word)

    client = CentralClient("http://central.test", Credentials("st-1", "t"), transport=httpx.MockTransport(handler))
    worker = SyncWorker(store, client, clock, actor=Actor("S1", None))
    assert worker.run_once() and outbox.load_state(store).cursor == 5
    went_back = {LAST_SEQ_HEADER: "0", FEED_HIGH_HEADER: "0"}
    agreeing = {LAST_SEQ_HEADER: "1", FEED_HIGH_HEADER: "0"}
    for said, events in ((went_back, 1), (went_back, 1), (agreeing, 1), (went_back, 2)):
        word.clear()
        word.update(said)
        assert worker.run_once(), worker.status().last_error
        assert len(_events(store)) == events, said


@given(st.text(max_size=30) | st.integers(-(2**70), 2**70).map(str))
def test_a_header_value_is_a_plain_number_within_the_wire_s_bounds_or_nothing(text: str) -> None:
    said = read({LAST_SEQ_HEADER: text})
    stripped = text.strip()
    plain = stripped.isascii() and stripped.isdigit() and int(stripped) <= MAX_INT
    assert said == (Standing(last_seq=int(stripped), feed_high=None) if plain else None)


def test_a_push_whose_standing_cannot_be_read_is_answered_all_the_same(
    sqlite_central: Embedded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch is committed before the standing is read: a database hiccup then costs the headers, not a 503 (which
    would make the station resend a batch the store holds)."""
    from sqlalchemy.exc import OperationalError

    from central import queries

    def unreadable(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(queries, "standing", unreadable)
    station = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token, "guichet")
    pushed = station.push(station.batch(("procuration.etablie", _body(0, 0), datetime.now(UTC))))
    assert pushed.status_code == 200 and read(pushed.headers) is None
    assert pushed.json()["last_seq"] == 1
    station.http.close()
