"""A station enrolled again is the same counter under a new id (central/lineage.py; docs/SYNC.md « A station enrolled
again »).

IT enrols a station again with a new bulk token for its code; the station keeps its store and goes on under the new
id. Before lineage the central store took the new id for a stranger: a later change of a procuration the earlier id
had sent (a résiliation at another counter) went to the earlier id's feed, which nobody reads any more, so the
counter kept showing it in force; the next step of a passport case opened under the earlier id was refused as another
station's record (the whole batch, 409), and every act of an agent the earlier id had enrolled was flagged as another
station's and opened a national review. Each test also tries the walk-around: a station of another code, or one
enrolled with the shared secret under the same label (its label is its word), inherits nothing.
Real HTTP on 127.0.0.1, SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from centralkit import DUBOIS, MARTIN, PgServer, Station, bulk_station, procuration_body, resiliation_body
from sqlalchemy import delete, func, insert, select, text
from test_central_l73 import MANDANTS

from central.auth import token_hash
from central.db import create_schema, key_lock_id
from central.embedded import Embedded
from central.enrolment import redeem
from central.schema import enrolment_tokens, reviews, station_heirs
from central.service import open_database
from desktop.models.ids import uuid7
from desktop.sync.wire import BatchResult

P = "procuration.etablie"
R = "procuration.resiliation"
CASE = "passeport.etape"
CODE = "CG-0042"


def _bulk(central: Embedded, tmp_path: Path, code: str = CODE) -> Station:
    """A consulate's station enrolled by IT's token for its code."""
    return bulk_station(central, tmp_path, code, label="Consulat de test", kind="consulat")


def _verdicts(answer: Any) -> list[tuple[str, str | None, tuple[str, ...]]]:
    assert answer.status_code == 200, answer.text
    return [(v.status, v.rule_id, tuple(v.flags)) for v in BatchResult.from_json(answer.content).verdicts]


def _seen(station: Station, record_id: str) -> list[str]:
    return [c["status"] for c in station.all_changes() if c["record_id"] == record_id]


def _reviews(central: Embedded) -> int:
    with central.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(reviews)).scalar_one())


def test_a_later_change_of_an_earlier_ids_procuration_reaches_the_station_enrolled_again(
    central: Embedded, tmp_path: Path
) -> None:
    first = _bulk(central, tmp_path)
    first.enrol_agent("agent-1")
    proc = procuration_body(MARTIN, DUBOIS, where="etranger", rounds="T1")
    assert _verdicts(first.push(first.batch((P, proc, datetime.now(UTC))))) == [("validee", None, ())]
    again = _bulk(central, tmp_path)  # the laptop enrolled again: a new id, the same code
    assert again.station_id != first.station_id
    # The earlier id, still pushing (its token not revoked): its refusal reaches the later id's feed too (the pushing
    # station's own rows are looked up only when its row says it has heirs: central/apply.py).
    twice = procuration_body(MARTIN, MANDANTS[2], where="etranger", rounds="T1")
    assert _verdicts(first.push(first.batch((P, twice, datetime.now(UTC)))))[0][:2] == ("invalidee", "R-VALID-6")
    assert _seen(again, twice["id"]) == ["invalidee"]
    # The walk-around: a stranger naming itself by the code (shared secret), and a station of another code.
    named = Station.enrol(central.base_url, central.enrolment_token, CODE)
    other = _bulk(central, tmp_path, "CG-0043")
    # Another counter revokes the mandant's procurations (R-REVOKE-2): the earlier id's procuration is résiliée.
    elsewhere = Station.enrol(central.base_url, central.enrolment_token, "ailleurs")
    elsewhere.enrol_agent("agent-e")
    revoke = resiliation_body(MARTIN) | {"agent_id": "agent-e"}
    assert _verdicts(elsewhere.push(elsewhere.batch((R, revoke, datetime.now(UTC)))))[0][0] == "validee"
    assert _seen(first, proc["id"]) == ["resiliee"]
    assert _seen(again, proc["id"]) == ["resiliee"]  # before lineage: [], the counter kept it « en cours »
    assert _seen(named, proc["id"]) == [] and _seen(other, proc["id"]) == []
    # Enrolled a third time: the change that comes next reaches the newest id too, once each.
    third = _bulk(central, tmp_path)
    with central.engine.connect() as conn:
        pairs = set(conn.execute(select(station_heirs.c.station_id, station_heirs.c.heir_id)).all())
    ids = first.station_id, again.station_id, third.station_id
    assert pairs == {(ids[0], ids[1]), (ids[0], ids[2]), (ids[1], ids[2])}


def test_a_passport_case_opened_under_the_earlier_id_takes_its_next_step_under_the_new_one(
    central: Embedded, tmp_path: Path
) -> None:
    case = uuid7()

    def step(n: int) -> tuple[str, dict[str, Any], datetime]:
        return CASE, {"id": case, "agent_id": "x", "data": {"etape": n}}, datetime.now(UTC)

    first = _bulk(central, tmp_path)
    assert first.push(first.batch(step(1))).status_code == 200
    again = _bulk(central, tmp_path)
    answer = again.push(again.batch(step(2)))
    assert [v[0] for v in _verdicts(answer)] == ["validee"]  # before lineage: 409 « enregistrement », set aside
    # Nobody else takes a step of it: not another code's station, not one naming itself by the code.
    for stranger in (
        _bulk(central, tmp_path, "CG-0043"),
        Station.enrol(central.base_url, central.enrolment_token, CODE),
    ):
        refused = stranger.push(stranger.batch(step(3)))
        assert refused.status_code == 409 and refused.json()["error"] == "enregistrement"
    # The earlier id inherits nothing of its heir's: a case opened under the new id is not the earlier id's.
    newer = uuid7()
    assert again.push(again.batch((CASE, {"id": newer, "agent_id": "x", "data": {"etape": 1}}, datetime.now(UTC))))
    refused = first.push(first.batch((CASE, {"id": newer, "agent_id": "x", "data": {"etape": 2}}, datetime.now(UTC))))
    assert refused.status_code == 409 and refused.json()["error"] == "enregistrement"


def test_an_agent_the_earlier_id_enrolled_acts_under_the_new_one_without_a_review(
    central: Embedded, tmp_path: Path
) -> None:
    first = _bulk(central, tmp_path)
    first.enrol_agent("opj-7")
    first.enrol_agent("apj-7", capacity="apj")  # may not establish (R-AUTH-1)
    again = _bulk(central, tmp_path)

    def act(station: Station, agent: str, mandant: dict[str, Any], rounds: str) -> list[Any]:
        proc = procuration_body(mandant, DUBOIS, where="etranger", rounds=rounds) | {"agent_id": agent}
        proc["authority"] = {"kind": "opj", "id": agent}
        return _verdicts(station.push(station.batch((P, proc, datetime.now(UTC)))))

    before = _reviews(central)
    assert act(again, "opj-7", MARTIN, "T1") == [("validee", None, ())]  # before: flagged « agent_autre_poste »
    assert _reviews(central) == before  # before: a national review for each act
    # Judged against that enrolment (R-AUTH-1), not waved through: an APJ still may not establish.
    [(status, rule, _flags)] = act(again, "apj-7", MANDANTS[0], "T1")
    assert (status, rule) == ("invalidee", "R-AUTH-1")
    # Another code's station acting in the name of the same agent is flagged and reviewed, as before.
    other = _bulk(central, tmp_path, "CG-0043")
    [(status, _rule, flags)] = act(other, "opj-7", MANDANTS[1], "T2")
    assert "agent_autre_poste" in flags and _reviews(central) > before


def test_a_store_from_before_lineage_adopts_the_stations_enrolled_again(central: Embedded, tmp_path: Path) -> None:
    first, again = _bulk(central, tmp_path), _bulk(central, tmp_path)
    with central.engine.begin() as conn:
        conn.execute(delete(station_heirs))  # what a store of an earlier version holds
    create_schema(central.engine)  # the next start of the upgraded store
    create_schema(central.engine)  # and the one after: nothing twice
    with central.engine.connect() as conn:
        pairs = conn.execute(select(station_heirs.c.station_id, station_heirs.c.heir_id)).all()
    assert [tuple(p) for p in pairs] == [(first.station_id, again.station_id)]


@pytest.mark.postgres
def test_two_tokens_of_one_code_redeemed_at_once_are_linked(pg: PgServer) -> None:
    """Each redemption reads the code's other enrolments in its own transaction: two at once, each blind to the
    other's uncommitted row, linked nothing (central race audit). The code's lock makes the second read the first."""
    engine = open_database(pg.database())
    now = datetime.now(UTC)
    tokens = ["gen_lineage-race-first", "gen_lineage-race-second"]
    rows = [
        {"token_hash": token_hash(t), "station_code": CODE, "label": "Consulat", "issued_at": now,
         "expires_at": now + timedelta(days=1), "place_kind": "consulat"}
        for t in tokens
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(enrolment_tokens), rows)
    ids: list[str] = []
    with engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key_lock_id(f"code:{CODE}")})
        threads = [
            threading.Thread(target=lambda t=t: ids.append(redeem(engine, t, station_code=CODE, now=now).station_id))
            for t in tokens
        ]
        for number, thread in enumerate(threads, start=1):
            thread.start()
            _until_waiting(holder, number)  # each redemption waits, its station row written, not committed
        holder.commit()
        for thread in threads:
            thread.join(timeout=60)
    with engine.connect() as conn:
        pairs = {tuple(p) for p in conn.execute(select(station_heirs.c.station_id, station_heirs.c.heir_id))}
    assert len(ids) == 2 and len(pairs) == 1 and set(next(iter(pairs))) == set(ids)
    engine.dispose()


def _until_waiting(conn: Any, count: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        waiting = conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))
        if waiting.scalar_one() >= count:
            return
        time.sleep(0.02)
    raise AssertionError("the redemption never waited for the code's lock")
