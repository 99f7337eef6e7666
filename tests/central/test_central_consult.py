"""Consultations at the counter (central/consult.py, central/queries.py): bounded look-ups, need-to-know fetches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from centralkit import DUBOIS, MARTIN, Station, procuration_body
from sqlalchemy import select

from central import consult
from central.embedded import Embedded
from central.schema import access_log
from desktop.sync.wire import LookupAnswer, Refusal
from desktop.sync.wire.answers import MAX_LOOKUP

P = "procuration.etablie"


def test_a_look_up_is_bounded_in_force_first_never_a_500(central: Embedded) -> None:
    """A station may push any number of procurations naming an elector; the look-up still answers (MAX_LOOKUP)."""
    hostile = Station.enrol(central.base_url, central.enrolment_token, "hostile")
    counter = Station.enrol(central.base_url, central.enrolment_token, "guichet")
    counter.enrol_agent("agent-2")
    start = datetime.now(UTC) - timedelta(hours=1)
    in_force = procuration_body(MARTIN, DUBOIS)
    first = hostile.push(hostile.batch((P, in_force, start)))
    assert first.json()["verdicts"][0]["status"] == "validee"
    # Then MAX_LOOKUP more naming DUBOIS as mandataire: void under R-LIMIT-1, stored all the same.
    later = [(P, procuration_body(MARTIN, DUBOIS), start + timedelta(seconds=1 + i)) for i in range(MAX_LOOKUP)]
    answer = hostile.push(hostile.batch(*later))
    assert answer.status_code == 200 and {v["status"] for v in answer.json()["verdicts"]} == {"invalidee"}

    found = counter.lookup("agent-2", nne=DUBOIS["nne"], date_naissance=DUBOIS["date_naissance"])
    assert found.status_code == 200, found.text[:200]
    items = LookupAnswer.from_json(found.content).items
    assert len(items) == MAX_LOOKUP
    # The one in force is kept though it is the oldest; the oldest void one is what was left out.
    assert (items[0].status, items[0].record_id) == ("validee", in_force["id"])
    assert [i.status for i in items].count("validee") == 1
    assert [i.established_at for i in items] == sorted(i.established_at for i in items)  # the usual order
    dropped = {b[1]["id"] for b in later} - {i.record_id for i in items}
    assert dropped == {later[0][1]["id"]}


def test_an_answer_its_wire_model_refuses_is_a_refusal_body(central: Embedded, monkeypatch: Any) -> None:
    """Whatever our bug, the station gets a Refusal (JSON), never a plain-text 500."""
    st = Station.enrol(central.base_url, central.enrolment_token)
    st.enrol_agent("agent-1")
    monkeypatch.setattr(consult, "lookup", lambda *a, **k: {"items": [{"record_id": "x"}]})
    answer = st.lookup(nne=DUBOIS["nne"], date_naissance=DUBOIS["date_naissance"])
    assert answer.status_code == 500
    refused = Refusal.from_json(answer.content)
    assert refused.error == "interne" and "DUBOIS" not in answer.text


def test_a_request_fetch_needs_the_role_a_look_up_needs(central: Embedded) -> None:
    """R-DATA-3: an administrator never sees procurations, nor a Maprocuration request (its parties' identities)."""
    st = Station.enrol(central.base_url, central.enrolment_token)
    st.enrol_agent("agent-1", "agent_police")
    st.enrol_agent("admin-1", "administrateur")
    assert st.lookup("admin-1", nne=DUBOIS["nne"], date_naissance=DUBOIS["date_naissance"]).status_code == 403
    refused = st.fetch("K7M2QX", "1990-01-15", agent_id="admin-1")
    assert refused.status_code == 403, refused.text[:200]
    assert Refusal.from_json(refused.content).message == consult.ROLE_REFUSED
    assert "MARTIN" not in refused.text
    assert st.fetch("K7M2QX", "1990-01-15", agent_id="agent-1").status_code == 200
    with central.engine.connect() as conn:
        logged = conn.execute(select(access_log.c.agent_id, access_log.c.action, access_log.c.results)).all()
    assert ("admin-1", "request:refuse", 0) in [tuple(r) for r in logged]
    assert ("agent-1", "request", 1) in [tuple(r) for r in logged]
