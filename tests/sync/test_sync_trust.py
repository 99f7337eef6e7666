"""The station against a central store that refuses, fails, replays or forgets (issues 14.2, 14.4, 15.1, recovery).

The central store runs in-process (FastAPI's test transport, no socket); a gate in front of it plays what a real
one would do wrong: refuse a batch as malformed, answer 500, lose an answer after the commit.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from centralkit import procuration_body
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from synckit import establish, queued_as_written
from test_central_l73 import MANDANTS, MANDATAIRES, RULES

from central.app import create_app
from central.auth import enrol_station
from central.embedded import load_demo_data
from central.schema import entries, stations
from central.service import open_database
from desktop.models import AuditEvent, OutboxEntry, Procuration
from desktop.models.db import Store
from desktop.services.journal import Actor
from desktop.sync import outbox
from desktop.sync.client import CentralClient, Credentials
from desktop.sync.clock import StationClock
from desktop.sync.worker import SyncWorker

Gate = Callable[[httpx.Request], httpx.Response | None]


class Gated(httpx.BaseTransport):
    """Lets a test answer some requests itself (or raise), and passes the others to the in-process central store."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.gate: Gate = lambda request: None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.gate(request)
        return answer if answer is not None else self.inner.handle_request(request)


@dataclass
class Central:
    """An in-process central store over an SQLite file."""

    path: Path
    engine: Engine
    transport: Gated
    test_client: TestClient

    @classmethod
    def start(cls, path: Path) -> Central:
        engine = open_database(f"sqlite:///{path}")
        load_demo_data(engine)
        client = TestClient(create_app(engine, RULES, enrolment_token="secret"))
        return cls(path, engine, Gated(client._transport), client)

    def stop(self) -> None:
        self.test_client.close()
        self.engine.dispose()

    def client(self, creds: Credentials) -> CentralClient:
        return CentralClient("http://testserver", creds, transport=self.transport)

    def seqs(self, station_id: str) -> list[int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(entries.c.seq).where(entries.c.station_id == station_id).order_by(entries.c.seq))
            return list(rows.scalars())


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    c = Central.start(tmp_path / "central.sqlite3")
    yield c
    c.stop()


def _station(central: Central, store: Store, label: str = "guichet") -> tuple[SyncWorker, Credentials]:
    got = enrol_station(central.engine, label=label)
    creds = Credentials(got.station_id, got.token)
    return SyncWorker(store, central.client(creds), StationClock(), actor=Actor("S1", None)), creds


def _establish(store: Store, worker: SyncWorker, count: int, *, offset: int = 0) -> list[str]:
    return [
        establish(store, worker.clock, procuration_body(MANDANTS[offset + i], MANDATAIRES[i % 3], rounds="T1"))
        for i in range(count)
    ]


def _entry_id(store: Store, record_id: str) -> str:
    with store.read() as s:
        return str(s.scalar(select(OutboxEntry.id).where(OutboxEntry.record_id == record_id)))


def _is_batch(request: httpx.Request) -> bool:
    return request.method == "POST" and request.url.path.endswith("/batches")


# 15.1 One bad entry never stops sync -------------------------------------------------------------------------------


def test_an_entry_refused_as_malformed_is_set_aside_and_the_others_go_on(central: Central, store: Store) -> None:
    worker, creds = _station(central, store)
    records = _establish(store, worker, 5)
    poisoned = _entry_id(store, records[2])

    def stricter(request: httpx.Request) -> httpx.Response | None:
        # A central store stricter than this station (a newer limit): it refuses any batch holding this entry.
        if _is_batch(request) and poisoned in {e["id"] for e in json.loads(request.content)["entries"]}:
            refusal = {"error": "format", "message": "entries[0].body.mandant.nom : 100 caractères au plus"}
            return httpx.Response(422, json=refusal)
        return None

    central.transport.gate = stricter
    assert worker.run_once()
    status = worker.status()
    assert status.pending == 0  # before the fix: 5, and sync stopped
    assert central.seqs(creds.station_id) == [1, 2, 3, 4]  # gap-free on the wire: the ones behind renumbered
    aside = outbox.set_aside_entries(store)
    assert [(a.record_id, a.kind) for a in aside] == [(records[2], "procuration.etablie")]
    assert "100 caractères" in aside[0].reason
    refused = {i.record_id: i for i in status.refused}
    assert refused[records[2]].rule_id == "SYNC-REFUS" and "100 caractères" in (refused[records[2]].message or "")
    with store.read() as s:
        assert s.get(Procuration, records[2]).status_rule_id == "SYNC-REFUS"  # type: ignore[union-attr]
        assert s.get(Procuration, records[4]).confirmed_at is not None  # type: ignore[union-attr]
    # What comes later goes on after it.
    later = _establish(store, worker, 1, offset=6)
    assert worker.run_once()
    assert central.seqs(creds.station_id) == [1, 2, 3, 4, 5]
    assert outbox.pending(store)[0] == 0 and later


def test_a_central_store_refusing_everything_does_not_empty_the_outbox(central: Central, store: Store) -> None:
    worker, _ = _station(central, store)
    _establish(store, worker, 8)
    central.transport.gate = lambda r: (
        httpx.Response(422, json={"error": "format", "message": "?"}) if _is_batch(r) else None
    )
    assert not worker.run_once()
    bound = worker.settings.max_set_aside_in_a_row
    assert len(outbox.set_aside_entries(store)) == bound  # then it stops: the store is at fault, not the entries
    assert worker.status().pending == 8 - bound
    assert "refuse chaque envoi" in (worker.status().last_error or "")


def test_an_entry_unreadable_at_the_station_is_set_aside_not_a_blocker(central: Central, store: Store) -> None:
    worker, creds = _station(central, store)
    _establish(store, worker, 1)
    bad = procuration_body(MANDANTS[3], MANDATAIRES[1])
    bad["mandant"]["nom"] = "X" * 150  # past the wire's limit: the central store would refuse it
    # Queued by an earlier version, before the counter checked bodies at the edge (enqueue now refuses it): the row
    # is written as that version wrote it.
    queued_as_written(store, bad, worker.clock.now())
    _establish(store, worker, 1, offset=4)
    assert worker.run_once()  # before the fix: False, "Une entrée en attente est illisible"
    assert worker.status().pending == 0
    assert central.seqs(creds.station_id) == [1, 2]
    assert [a.record_id for a in outbox.set_aside_entries(store)] == [bad["id"]]
    assert "X" * 20 not in outbox.set_aside_entries(store)[0].reason  # the reason never repeats the value


# 14.4 Record ownership at the station -----------------------------------------------------------------------------


def test_an_id_owned_by_another_station_is_set_aside_with_the_409s_reason(
    central: Central, store: Store, tmp_path: Path, store_template: Path, store_key: bytes
) -> None:
    worker, creds = _station(central, store)
    first = _establish(store, worker, 1)
    assert worker.run_once()
    # Another station sends a procuration under the same record id (a copied store, a forged id).
    from desktop.models.db import open_store
    from desktop.models.keys import StaticKeyProvider

    shutil.copy(store_template, tmp_path / "other.db")
    other_store = open_store(tmp_path / "other.db", StaticKeyProvider(store_key), migrate=False)
    other, other_creds = _station(central, other_store, "autre")
    clash = procuration_body(MANDANTS[8], MANDATAIRES[2], rounds="T1", record_id=first[0])
    establish(other_store, other.clock, clash)
    mine = _establish(other_store, other, 1, offset=10)
    assert other.run_once()  # before the fix: the other station's verdict came back as if it were this one's
    aside = outbox.set_aside_entries(other_store)
    assert [a.record_id for a in aside] == [first[0]]
    assert "autre poste" in aside[0].reason
    assert central.seqs(other_creds.station_id) == [1]
    with other_store.read() as s:
        assert s.get(Procuration, mine[0]).confirmed_at is not None  # type: ignore[union-attr]
    other_store.close()
    assert creds


def test_a_persistent_server_error_is_told_as_what_it_is(central: Central, store: Store) -> None:
    worker, _ = _station(central, store)
    _establish(store, worker, 1)
    central.transport.gate = lambda r: httpx.Response(500, text="Internal Server Error") if _is_batch(r) else None
    for _ in range(worker.settings.max_server_errors):
        assert not worker.run_once()
    status = worker.status()
    assert status.online  # the server answers: not a network problem
    assert status.last_error is not None
    assert "erreur interne (HTTP 500)" in status.last_error and "injoignable" not in status.last_error
    assert "contactez le support" in status.last_error
    central.transport.gate = lambda r: None
    assert worker.run_once() and worker.status().last_error is None


# 14.2 A replayed answer is not a clock reference -------------------------------------------------------------------


def test_a_replayed_answer_never_becomes_the_clock_reference(central: Central, store: Store) -> None:
    worker, _ = _station(central, store)
    _establish(store, worker, 1)
    lost = {"batch": False}

    def lose_the_first_answer(request: httpx.Request) -> httpx.Response | None:
        if _is_batch(request) and not lost["batch"]:
            lost["batch"] = True
            # Committed at the central store, its answer sent whole (read here, so that the in-process app ends as a
            # server's does: one push of a station at a time, central/limits.OnePerStation)...
            central.transport.inner.handle_request(request).read()
            raise httpx.ReadError("connection reset")  # ...and the answer lost on the way
        if request.url.path == "/v1/changes":
            raise httpx.ConnectError("feed unreachable")  # no fresh reference from the feed either
        return None

    central.transport.gate = lose_the_first_answer
    assert not worker.run_once()
    assert not worker.run_once()  # the batch goes through (its replay), the feed does not
    assert outbox.pending(store)[0] == 0
    assert worker.clock.reference is None  # before the fix: the replay's original server time
    assert outbox.load_state(store).reference is None


# Sync recovery (issue 15, smaller point) --------------------------------------------------------------------------


def test_a_central_store_restored_from_a_backup_is_caught_up_by_itself(
    central: Central, store: Store, tmp_path: Path
) -> None:
    worker, creds = _station(central, store)
    _establish(store, worker, 3)
    assert worker.run_once()
    central.stop()
    backup = tmp_path / "backup.sqlite3"
    shutil.copy(central.path, backup)
    restarted = Central.start(central.path)
    worker.client = restarted.client(creds)
    _establish(store, worker, 2, offset=3)
    assert worker.run_once()
    assert restarted.seqs(creds.station_id) == [1, 2, 3, 4, 5]
    restarted.stop()
    # The central store is restored from the backup: entries 4 and 5 are gone from it.
    shutil.copy(backup, central.path)
    for suffix in ("-wal", "-shm"):
        Path(f"{central.path}{suffix}").unlink(missing_ok=True)
    restored = Central.start(central.path)
    worker.client = restored.client(creds)
    _establish(store, worker, 1, offset=5)
    assert worker.run_once(), worker.status().last_error  # before the fix: stopped, "contactez le support"
    assert restored.seqs(creds.station_id) == [1, 2, 3, 4, 5, 6]
    with restored.engine.connect() as conn:
        assert conn.execute(select(stations.c.last_seq).where(stations.c.id == creds.station_id)).scalar() == 6
        assert conn.execute(select(func.count()).select_from(entries)).scalar() == 6
    with store.read() as s:
        assert all(r.acked_at is not None for r in s.scalars(select(OutboxEntry)))
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "synchronisation.reprise")).all()
    assert [e.detail for e in events] == ["dernier_recu=3 renvoyees=2 renumerotees=1"]
    restored.stop()


def test_a_station_restored_from_a_backup_continues_after_the_central_stores_last_seq(
    central: Central, store: Store, tmp_path: Path, store_key: bytes
) -> None:
    from desktop.models.db import open_store
    from desktop.models.keys import StaticKeyProvider

    worker, creds = _station(central, store)
    _establish(store, worker, 2)
    assert worker.run_once()
    store.checkpoint()
    backup = tmp_path / "station-backup.db"
    shutil.copyfile(tmp_path / "guichet.db", backup)  # the `store` fixture's file
    _establish(store, worker, 2, offset=2)
    assert worker.run_once()  # the central store now holds 1..4
    restored = open_store(backup, StaticKeyProvider(store_key), migrate=False)  # the station's disk restored
    again = SyncWorker(restored, central.client(creds), StationClock(), actor=Actor("S1", None))
    made = _establish(restored, again, 1, offset=6)
    assert again.run_once(), again.status().last_error
    assert central.seqs(creds.station_id) == [1, 2, 3, 4, 5]
    with restored.read() as s:
        row = s.scalars(select(OutboxEntry).where(OutboxEntry.record_id == made[0])).one()
        assert (row.seq, row.wire_seq, row.acked_at is not None) == (3, 5, True)
    restored.close()
