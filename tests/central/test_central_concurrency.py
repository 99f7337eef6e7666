"""Many stations at once: L73 survivors do not depend on arrival, losers learn it from the feed, the feed misses
nothing; on SQLite, on PostgreSQL, and with two API processes behind one PostgreSQL."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from centralkit import PgServer, Station, api_nodes, procuration_body, resiliation_body, synthetic_register
from sqlalchemy import Engine, select

from central.db import make_engine
from central.embedded import Embedded
from central.register import import_electors
from central.schema import procurations
from central.service import load_rules, open_database
from desktop.rules.limits import decide_limits
from desktop.rules.types import EstablishedIn, ListKind, ProcurationFacts, Rounds, ScrutinValidity
from desktop.sync.wire import BatchResult

STATIONS = 8
PER_STATION = 4
RULES = load_rules()


def _facts(body: dict[str, Any], at: datetime, people_lists: dict[str, ListKind]) -> ProcurationFacts:
    return ProcurationFacts(
        id=body["id"],
        mandant_key=body["mandant"]["nne"],
        mandataire_key=body["mandataire"]["nne"],
        established_at=at,
        established_in=EstablishedIn(body["established_in"]),
        mandant_list=people_lists[body["mandant"]["nne"]],
        validity=ScrutinValidity(body["validity"]["election_id"], Rounds(body["validity"]["rounds"])),
    )


def collision_scenario(urls: list[str], enrolment_token: str, engine: Engine, tmp: Path, seed: int) -> None:
    """8 stations push at once onto 3 mandataires; the survivors are exactly those L73 keeps."""
    people = synthetic_register(tmp / "reg.csv", 80)
    with engine.begin() as conn:
        import_electors(conn, tmp / "reg.csv")
    lists = {p["nne"]: ListKind.CONSULAIRE if i % 7 == 3 else ListKind.COMMUNALE for i, p in enumerate(people)}
    rng = random.Random(seed)
    stations = [Station.enrol(urls[i % len(urls)], enrolment_token, f"s{i}") for i in range(STATIONS)]
    t0 = datetime.now(UTC)
    ticks = list(range(STATIONS * PER_STATION))
    rng.shuffle(ticks)  # establishment order interleaves the stations
    plans: list[list[tuple[dict[str, Any], datetime]]] = []
    for s in range(STATIONS):
        mine = []
        for k in range(PER_STATION):
            n = s * PER_STATION + k
            body = procuration_body(
                people[10 + n],
                people[rng.randrange(3)],
                where=rng.choice(["france", "etranger"]),
                rounds=rng.choice(["T1", "T2", "T1_T2"]),
            )
            mine.append((body, t0 + timedelta(milliseconds=ticks[n])))
        plans.append(sorted(mine, key=lambda x: x[1]))
    time.sleep(0.2)  # every establishment time is now in the past of the receipt
    barrier = threading.Barrier(STATIONS)
    known: dict[int, dict[str, str]] = {}
    errors: list[BaseException] = []

    def run(s: int) -> None:
        try:
            st = stations[s]
            barrier.wait()
            mine: dict[str, str] = {}
            for h, half in enumerate((plans[s][:2], plans[s][2:])):
                # With two API nodes, each station's second batch goes to the other node: nothing is sticky.
                st.http = st.http if len(urls) == 1 else _client_for(st, urls[(s + h) % len(urls)])
                batch = st.batch(*[("procuration.etablie", body, at) for body, at in half])
                answer = st.push(batch)
                assert answer.status_code == 200, answer.text
                for e, v in zip(batch["entries"], BatchResult.from_json(answer.content).verdicts, strict=True):
                    mine[e["body"]["id"]] = v.status
            known[s] = mine
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in range(STATIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    expected_decisions = decide_limits(
        [_facts(b, at, lists) for plan in plans for b, at in plan], calendar=RULES.calendar
    )
    expected = {pid: "validee" if d.valid else "invalidee" for pid, d in expected_decisions.items()}
    assert "invalidee" in expected.values() and "validee" in expected.values()
    with engine.connect() as conn:
        stored = dict(conn.execute(select(procurations.c.id, procurations.c.status)).all())
    assert stored == expected
    for s, st in enumerate(stations):  # each station: its verdicts, then the feed, give the truth
        view = dict(known[s])
        for change in st.all_changes():
            view[change["record_id"]] = change["status"]
        assert view == {b["id"]: expected[b["id"]] for b, _ in plans[s]}


def _client_for(st: Station, url: str) -> Any:
    import httpx

    return httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {st.token}"})


@pytest.mark.parametrize("seed", [8, 73])
def test_eight_stations_collide(central: Embedded, tmp_path: Path, seed: int) -> None:
    collision_scenario([central.base_url], central.enrolment_token, central.engine, tmp_path, seed=seed)


@pytest.fixture
def two_processes(pg: PgServer, tmp_path: Path) -> Iterator[tuple[list[str], str, Engine]]:
    url = pg.database()
    open_database(url).dispose()  # schema once, before both nodes start
    token = "secret-enrolement-test-0123456789"
    # Both API nodes are given the same folder (escrow key), as a deployment would give them the same key.
    with api_nodes(url, tmp_path / "central", token, workers=None) as urls:
        engine = make_engine(url)
        try:
            yield urls, token, engine
        finally:
            engine.dispose()


@pytest.mark.postgres
def test_two_api_processes_behind_one_postgres(two_processes: tuple[list[str], str, Engine], tmp_path: Path) -> None:
    urls, token, engine = two_processes
    collision_scenario(urls, token, engine, tmp_path, seed=2)


def test_feed_poller_misses_nothing_under_concurrent_writers(central: Embedded, tmp_path: Path) -> None:
    people = synthetic_register(tmp_path / "reg.csv", 200)
    with central.engine.begin() as conn:
        import_electors(conn, tmp_path / "reg.csv")
    owner = Station.enrol(central.base_url, central.enrolment_token, "owner")
    count = 60
    mandants = people[:count]
    at = datetime.now(UTC)
    batch = owner.batch(
        *[("procuration.etablie", procuration_body(mandants[i], people[100 + i]), at) for i in range(count)]
    )
    assert set(v.status for v in BatchResult.from_json(owner.push(batch).content).verdicts) == {"validee"}
    writers = [Station.enrol(central.base_url, central.enrolment_token, f"w{i}") for i in range(6)]
    done = threading.Event()
    seen: list[dict[str, Any]] = []

    def poll() -> None:
        cursor = 0
        while True:
            finished = done.is_set()
            page = owner.changes(cursor)
            seen.extend(page["changes"])
            cursor = page["next_cursor"]
            if finished and not page["changes"]:
                return

    def write(w: int) -> None:
        for m in mandants[w :: len(writers)]:
            answer = writers[w].push(
                writers[w].batch(("procuration.resiliation", resiliation_body(m), datetime.now(UTC)))
            )
            assert answer.status_code == 200

    poller = threading.Thread(target=poll)
    poller.start()
    threads = [threading.Thread(target=write, args=(w,)) for w in range(len(writers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    done.set()
    poller.join(60)
    cursors = [c["cursor"] for c in seen]
    assert cursors == sorted(set(cursors))
    assert sorted(c["record_id"] for c in seen) == sorted(e["body"]["id"] for e in batch["entries"])
    assert {c["status"] for c in seen} == {"resiliee"}
