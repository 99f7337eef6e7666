"""Another station's entry sent again as it is: a replay, answered with its stored verdict, writing nothing
(central/ownership.py `Known.replays`; docs/SECURITY.md « Replays of another station's entry »).

A station enrolled again keeping its store resends its earlier id's entries under its new id (desktop/sync/recovery.py
`rebind`): the central store must neither refuse those it holds (the sync stopped after five refusals) nor store or
apply them twice. Anyone else holding a valid token gains nothing by it: to be answered at all they must send the
exact entry id and body (they hold the record already), they get its verdict back, and nothing is written, not even
what a résiliation refused for its agent's authority would have revoked if judged again under the sender's agents.
Real HTTP on 127.0.0.1, SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import httpx
from centralkit import DUBOIS, MARTIN, Station, procuration_body, resiliation_body
from sqlalchemy import func, select

from central.embedded import Embedded
from central.ownership import MSG_OTHER_STATION
from central.schema import changes, entries, procurations, reviews, revocations, stations
from desktop.models.ids import uuid7
from desktop.sync.wire import BatchResult, Verdict

P = "procuration.etablie"
R = "procuration.resiliation"
COUNTED = (entries, procurations, revocations, changes, reviews)


def _counts(central: Embedded) -> dict[str, int]:
    with central.engine.connect() as conn:
        return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in COUNTED}


def _last_seq(central: Embedded, station: Station) -> int:
    with central.engine.connect() as conn:
        return int(conn.execute(select(stations.c.last_seq).where(stations.c.id == station.station_id)).scalar_one())


def _status(central: Embedded, record_id: object) -> str:
    with central.engine.connect() as conn:
        return str(conn.execute(select(procurations.c.status).where(procurations.c.id == record_id)).scalar_one())


def _enrol(station: Station, agent_id: str, *, role: str = "agent_police", capacity: str = "opj") -> None:
    body = {"agent_id": agent_id, "login": agent_id, "role": role, "capacity": capacity}
    answer = station.http.post("/v1/security/agents", json=body)
    assert answer.status_code == 201, answer.text


def _send(station: Station, *sent: dict[str, Any]) -> httpx.Response:
    """Push these entries as they are (ids, bodies, times, clock), numbered after the station's last seq."""
    items = []
    for e in sent:
        station.seq += 1
        items.append({**copy.deepcopy(e), "seq": station.seq})
    answer = station.push({"batch_id": uuid7(), "entries": items})
    if answer.status_code != 200:
        station.seq -= len(sent)  # refused as a whole: nothing was applied
    return answer


def _said(v: Verdict) -> tuple[object, ...]:
    return v.id, v.status, v.rule_id, v.message, v.flags


def test_another_stations_entry_replayed_as_it_is_gets_its_verdict_and_writes_nothing(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "opj-1")
    _enrol(a, "admin-1", role="administrateur", capacity="administrateur")
    proc = procuration_body(MARTIN, DUBOIS, rounds="T1") | {"agent_id": "opj-1"}
    proc["authority"] = {"kind": "opj", "id": "opj-1"}
    # A résiliation of that procuration signed by an administrator: refused (R-AUTH-1), stored as no revocation.
    by_admin = resiliation_body(MARTIN) | {"agent_id": "admin-1"}
    batch = a.batch((P, proc, datetime.now(UTC)), (R, by_admin, datetime.now(UTC)))
    answer = a.push(batch)
    assert answer.status_code == 200, answer.text
    theirs = BatchResult.from_json(answer.content).verdicts
    assert [(v.status, v.rule_id) for v in theirs] == [("validee", None), ("invalidee", "R-AUTH-1")]
    sent = batch["entries"]
    before = _counts(central)

    # Another station, with a valid token, sends both entries exactly as A did.
    c = Station.enrol(central.base_url, central.enrolment_token, "c")
    replay = _send(c, *sent)
    assert replay.status_code == 200, replay.text
    verdicts = BatchResult.from_json(replay.content).verdicts
    assert [v.seq for v in verdicts] == [1, 2]
    assert [_said(v) for v in verdicts] == [_said(v) for v in theirs]  # the stored verdicts, nothing more
    assert _counts(central) == before  # no entry, no procuration, no revocation, no feed row, no review
    assert _status(central, proc["id"]) == "validee"  # the refused résiliation was not judged again under C
    assert _last_seq(central, c) == 2  # its seqs went past them, as for any entry

    # The same entry id with another body: another station's entry, refused, nothing applied.
    changed = copy.deepcopy(sent[0])
    changed["body"]["validity"]["rounds"] = "T2"
    refused = _send(c, changed)
    assert refused.status_code == 409
    assert (refused.json()["error"], refused.json()["seq"]) == ("entree", 3)
    assert refused.json()["message"] == MSG_OTHER_STATION
    # A's record id under a new entry id, even with A's body: a record held by another station, refused.
    taken = _send(c, {**copy.deepcopy(sent[0]), "id": uuid7()})
    assert taken.status_code == 409 and taken.json()["error"] == "enregistrement"
    assert _counts(central) == before and _last_seq(central, c) == 2

    # A replay beside an act of C's own: the act is applied and stored, the replay still writes nothing.
    own = procuration_body(DUBOIS, MARTIN, rounds="T2") | {"agent_id": "opj-c"}
    _enrol(c, "opj-c")
    own["authority"] = {"kind": "opj", "id": "opj-c"}
    mixed = _send(c, sent[0], {**sent[0], "id": uuid7(), "kind": P, "body": own})
    assert mixed.status_code == 200, mixed.text
    first, second = BatchResult.from_json(mixed.content).verdicts
    assert _said(first) == _said(theirs[0]) and second.status == "validee"
    after = _counts(central)
    assert after["entries"] == before["entries"] + 1 and after["procurations"] == before["procurations"] + 1
    with central.engine.connect() as conn:
        held = conn.execute(select(entries.c.station_id, entries.c.seq).where(entries.c.id == sent[0]["id"])).one()
    assert tuple(held) == (a.station_id, 1)  # A's entry stays A's


def test_a_renewal_record_s_steps_replayed_by_another_station_are_answered_but_take_no_new_step(
    central: Embedded,
) -> None:
    """A station enrolled again resends each step of its passport cases: each step is a replay, though the record
    has other steps (the earlier id's); a new step of that record from the new id stays another station's."""
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    case = uuid7()

    def step(n: int) -> tuple[str, dict[str, Any], datetime]:
        return "passeport.etape", {"id": case, "agent_id": "x", "data": {"etape": n}}, datetime.now(UTC)

    first, second = a.batch(step(1)), a.batch(step(2))
    for batch in (first, second):
        assert a.push(batch).status_code == 200
    before = _counts(central)
    c = Station.enrol(central.base_url, central.enrolment_token, "c")
    replay = _send(c, *first["entries"], *second["entries"])
    assert replay.status_code == 200, replay.text
    assert [v.status for v in BatchResult.from_json(replay.content).verdicts] == ["validee", "validee"]
    assert _counts(central) == before and _last_seq(central, c) == 2
    later = _send(c, {**first["entries"][0], "id": uuid7(), "body": step(3)[1]})
    assert later.status_code == 409 and later.json()["error"] == "enregistrement"
    with central.engine.connect() as conn:
        held = conn.execute(select(entries.c.station_id).where(entries.c.record_id == case)).scalars().all()
    assert held == [a.station_id, a.station_id]
