"""A station enrolled again (a new station id, a new token) that keeps its store.

The central store knows the new id with no history: its last seq is 0, its feed empty, and the records the earlier id
sent are another station's there. Before the fix the station took that for a central store that went back: at its
first poll it resent its whole history under the new id (and before the restore detection, at its first new act,
through the 409 `seq`), the store refused each one as another station's record, and after five refusals the sync
stopped with « Le répertoire central refuse chaque envoi… ». Now the wire seqs and the feed cursor are tied to the
station id that syncs (desktop/sync/recovery.py `rebind`), everything is sent once more under the new id, and the
central store answers an entry it holds for the earlier id, sent again as it is, with its stored verdict and stores
nothing for it (central/ownership.py, replays): a central store restored to before some of the acts gets them back.

Real parts: the central store over HTTP on 127.0.0.1, tokens issued by its bulk command's code, the station enrolled
and enrolled again by `desktop.enrolment.enrol_station` (what `guichet enrol --token` and the installer's token file
run), its credentials read back from its secret store, the old laptop's tokens revoked as `guichet-central station
revoke` does.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from centralkit import Station, procuration_body, resiliation_body
from sqlalchemy import func, select
from synckit import establish
from test_central_l73 import MANDANTS, MANDATAIRES
from test_sync_restore import Restorable, restorable  # noqa: F401 (the fixture, with its SQLite and PostgreSQL runs)

from central.auth import revoke_station
from central.enrolment import enrol_from_csv
from central.schema import changes, entries, procurations, stations
from desktop.credentials import load_credentials
from desktop.enrolment import enrol_station
from desktop.keystore.registry import make_secret_store
from desktop.models import AuditEvent, OutboxEntry, Procuration, SyncState
from desktop.models.db import Store
from desktop.services.journal import Actor
from desktop.settings import Settings, load_settings
from desktop.sync import outbox
from desktop.sync.client import CentralClient, Credentials
from desktop.sync.clock import StationClock
from desktop.sync.worker import SyncWorker

CODE = "ST-0042"
WENT_BACK = "synchronisation.retour_central"
REBOUND = "synchronisation.nouvel_enrolement"


def _body(n: int) -> dict[str, Any]:
    """The n-th act (n < 6): each mandataire holds one procuration per round at most (R-LIMIT-1)."""
    return procuration_body(MANDANTS[n], MANDATAIRES[n % 3], rounds="T1" if n < 3 else "T2")


def _settings(tmp_path: Path, url: str) -> Settings:
    env = {"GUICHET_STATION_CODE": CODE, "GUICHET_DATA_DIR": str(tmp_path / "poste"), "GUICHET_CENTRAL_URL": url}
    return load_settings(config_path=tmp_path / "absent.toml", environ=env)


def _enrol(central: Restorable, settings: Settings, tmp_path: Path, round_: int) -> Credentials:
    """IT issues the station's token (`guichet-central enrol --csv`); the station trades it and keeps its
    credentials; they are read back as the next start reads them."""
    source, out = tmp_path / f"postes-{round_}.csv", tmp_path / f"jetons-{round_}.csv"
    source.write_text(f"code;libelle\n{CODE};Brigade de test\n", encoding="utf-8")
    enrol_from_csv(central.now.engine, source, out, now=datetime.now(UTC))
    with out.open(encoding="utf-8", newline="") as fh:
        [row] = list(csv.DictReader(fh, delimiter=";"))
    enrol_station(settings, row["jeton"])
    creds = load_credentials(make_secret_store(settings))
    assert creds is not None
    return creds


def _worker(central: Restorable, store: Store, creds: Credentials) -> SyncWorker:
    """The worker the application starts with the stored credentials (no kept-alive connection: the store may
    restart under it)."""
    client = CentralClient(central.base_url, creds, timeout=10, keepalive=False)
    return SyncWorker(store, client, StationClock(), actor=Actor("S1", None))


def _synced(worker: SyncWorker) -> None:
    assert worker.run_once(), worker.status().last_error
    status = worker.status()
    assert status.last_error is None and status.refused == () and status.central_went_back is None


def _events(store: Store, action: str) -> list[str | None]:
    with store.read() as s:
        return [e.detail for e in s.scalars(select(AuditEvent).where(AuditEvent.action == action))]


def _all_acknowledged(store: Store) -> None:
    with store.read() as s:
        rows = s.scalars(select(OutboxEntry)).all()
        assert [(r.acked_at is not None, r.set_aside_at, r.verdict) for r in rows] == [(True, None, "validee")] * len(
            rows
        )
        assert all(p.status == "validee" for p in s.scalars(select(Procuration)))


def _at_central(central: Restorable) -> dict[str, int]:
    """How many rows the central store holds: an entry or a record stored twice would show here."""
    with central.now.engine.connect() as conn:
        return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in _COUNTED}


_COUNTED = (entries, procurations, changes)


def _last_seq(central: Restorable, station_id: str) -> int:
    with central.now.engine.connect() as conn:
        return int(conn.execute(select(stations.c.last_seq).where(stations.c.id == station_id)).scalar_one())


def _wire_seqs(store: Store) -> list[int | None]:
    with store.read() as s:
        return list(s.scalars(select(OutboxEntry.wire_seq).order_by(OutboxEntry.seq)))


def _held(central: Restorable) -> set[str]:
    with central.now.engine.connect() as conn:
        return set(conn.execute(select(procurations.c.id)).scalars())


@dataclass
class Scene:
    """The station enrolled twice: its first id, its second, the worker of the second, the acts established."""

    first: Credentials
    second: Credentials
    worker: SyncWorker
    records: list[str]


def _reenrolled(central: Restorable, store: Store, tmp_path: Path) -> Scene:
    """Enrolled, two acts acknowledged, a third established while offline; the laptop's tokens revoked and the
    station enrolled again with a new token, keeping its store; restarted with the new credentials."""
    settings = _settings(tmp_path, central.base_url)
    first = _enrol(central, settings, tmp_path, 1)
    worker = _worker(central, store, first)
    records = [establish(store, worker.clock, _body(0)), establish(store, worker.clock, _body(1))]
    _synced(worker)
    assert central.seqs(first.station_id) == [1, 2]
    records.append(establish(store, worker.clock, _body(2)))  # never sent under the first id
    assert revoke_station(central.now.engine, CODE, now=datetime.now(UTC)) == 1
    second = _enrol(central, settings, tmp_path, 2)
    assert second.station_id != first.station_id
    return Scene(first, second, _worker(central, store, second), records)


@pytest.mark.slow
def test_a_station_enrolled_again_keeping_its_store_goes_on_under_its_new_id(
    restorable: Restorable,  # noqa: F811
    store: Store,
    tmp_path: Path,
) -> None:
    scene = _reenrolled(restorable, store, tmp_path)
    worker = scene.worker
    before = _at_central(restorable)
    # Before session 30: the first id's acts resent under the new one, refused one after the other, the sync stopped.
    # Then: never resent, lost for good when the central store had lost them (test below). Now: all sent once more,
    # the two the store holds answered with their stored verdict and stored nothing, the pending one applied.
    _synced(worker)
    assert _last_seq(restorable, scene.second.station_id) == 3 and _wire_seqs(store) == [1, 2, 3]
    assert restorable.seqs(scene.second.station_id) == [3]  # the pending act; the two replays are not stored again
    assert restorable.seqs(scene.first.station_id) == [1, 2]  # the earlier id's acts stay that id's
    assert _at_central(restorable) == {"entries": 3, "procurations": 3, "changes": before["changes"]}
    assert _held(restorable) == set(scene.records)
    assert _events(store, WENT_BACK) == []  # no spurious restore
    assert _events(store, REBOUND) == ["acquittees_avant=2 a_envoyer=3"]  # counts only: no personal data
    _all_acknowledged(store)  # the earlier acts keep their verdicts, the pending one is validee
    with store.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.station_id == scene.second.station_id
    # New acts go on from there; polls that follow change nothing.
    scene.records.append(establish(store, worker.clock, _body(3)))
    _synced(worker)
    _synced(worker)
    assert restorable.seqs(scene.second.station_id) == [3, 4]
    assert _events(store, WENT_BACK) == [] and len(_events(store, REBOUND)) == 1
    _all_acknowledged(store)
    assert _at_central(restorable)["procurations"] == 4 and _held(restorable) == set(scene.records)
    # The application restarted with the same credentials: nothing is tied again.
    _synced(_worker(restorable, store, scene.second))
    assert len(_events(store, REBOUND)) == 1 and restorable.seqs(scene.second.station_id) == [3, 4]


@pytest.mark.slow
def test_a_restore_after_the_new_enrolment_is_still_noticed(
    restorable: Restorable,  # noqa: F811
    store: Store,
    tmp_path: Path,
) -> None:
    """Acknowledged means by the id that syncs, under its numbers: the earlier id's acts replayed under the new one
    count as the new id's seqs 1 and 2 (the store's last seq for it went past them), so a central store that lost
    the new id's later acts is found and only those are resent."""
    scene = _reenrolled(restorable, store, tmp_path)
    worker = scene.worker
    _synced(worker)
    assert restorable.seqs(scene.second.station_id) == [3]
    restorable.keep_aside()
    establish(store, worker.clock, _body(3))
    establish(store, worker.clock, _body(4))
    _synced(worker)
    assert restorable.seqs(scene.second.station_id) == [3, 4, 5]
    restorable.put_back()
    assert restorable.seqs(scene.second.station_id) == [3]
    assert worker.run_once(), worker.status().last_error  # one idle poll
    assert restorable.seqs(scene.second.station_id) == [3, 4, 5]
    assert restorable.seqs(scene.first.station_id) == [1, 2]
    [detail] = _events(store, WENT_BACK)
    assert detail is not None and detail.startswith("dernier_recu=3 ") and detail.endswith(" renvoyees=2")
    status = worker.status()
    assert status.last_error is None and status.refused == () and status.central_went_back is not None
    _all_acknowledged(store)
    assert outbox.load_state(store).cursor >= 0


@pytest.mark.slow
@pytest.mark.parametrize("backup", ["after_the_first_act", "before_the_enrolment"])
def test_a_station_enrolled_again_after_a_restore_brings_back_the_acts_the_store_lost(
    restorable: Restorable,  # noqa: F811
    store: Store,
    tmp_path: Path,
    backup: str,
) -> None:
    """docs/DEPLOYMENT.md 2.4: the central store restored from a backup taken before some of the station's acts (or
    before its enrolment), and IT enrols the station again. Before the fix, its new id never resent what the earlier
    id had acknowledged: the acts made after the restore point were confirmed at the counter and missing at the
    central store, and nobody knew."""
    settings = _settings(tmp_path, restorable.base_url)
    if backup == "before_the_enrolment":
        restorable.keep_aside()
    first = _enrol(restorable, settings, tmp_path, 1)
    worker = _worker(restorable, store, first)
    records = [establish(store, worker.clock, _body(0))]
    _synced(worker)
    if backup == "after_the_first_act":
        restorable.keep_aside()
    records += [establish(store, worker.clock, _body(1)), establish(store, worker.clock, _body(2))]
    _synced(worker)
    assert restorable.seqs(first.station_id) == [1, 2, 3]
    restorable.put_back()
    kept = {"after_the_first_act": [1], "before_the_enrolment": []}[backup]
    assert restorable.seqs(first.station_id) == kept and _held(restorable) == set(records[: len(kept)])
    # The station's token is unknown to the restored store (renewed after the restore point): IT enrols it again.
    revoke_station(restorable.now.engine, CODE, now=datetime.now(UTC))
    second = _enrol(restorable, settings, tmp_path, 2)
    worker = _worker(restorable, store, second)
    records.append(establish(store, worker.clock, _body(3)))
    _synced(worker)
    assert _held(restorable) == set(records)  # the lost acts reached the store: before the fix, only the new one
    assert _at_central(restorable)["entries"] == 4 and _last_seq(restorable, second.station_id) == 4
    assert restorable.seqs(first.station_id) == kept
    assert restorable.seqs(second.station_id) == [n for n in (1, 2, 3, 4) if n not in kept]
    _all_acknowledged(store)
    assert _events(store, REBOUND) == ["acquittees_avant=3 a_envoyer=4"]
    _synced(worker)  # nothing more to do
    assert _at_central(restorable)["entries"] == 4 and len(_events(store, REBOUND)) == 1


@pytest.mark.slow
def test_a_station_enrolled_again_learns_a_later_change_of_its_earlier_ids_act(
    restorable: Restorable,  # noqa: F811
    store: Store,
    tmp_path: Path,
) -> None:
    """A procuration the earlier id sent is revoked at another counter after the new enrolment: the change reaches the
    station through its new id's feed (central/lineage.py). Before, it went to the earlier id's feed, which nobody
    reads any more, and the counter kept the procuration « validée » for good."""
    scene = _reenrolled(restorable, store, tmp_path)
    _synced(scene.worker)
    elsewhere = Station.enrol(restorable.base_url, restorable.now.enrolment_token, "ailleurs")
    elsewhere.enrol_agent("agent-ailleurs")
    revoke = resiliation_body(MANDANTS[0]) | {"agent_id": "agent-ailleurs"}
    answer = elsewhere.push(elsewhere.batch(("procuration.resiliation", revoke, datetime.now(UTC))))
    assert answer.status_code == 200, answer.text
    _synced(scene.worker)
    with store.read() as s:
        statuses = {p.id: p.status for p in s.scalars(select(Procuration))}
    assert statuses[scene.records[0]] == "resiliee"  # before: « validee »
    assert [statuses[r] for r in scene.records[1:]] == ["validee", "validee"]
