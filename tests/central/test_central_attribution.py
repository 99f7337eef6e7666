"""Agents are attributed to stations (central/attribution.py): an agent id is its first station's for good, and an
entry pushed in the name of another station's agent, or of an agent no station enrolled, is applied, flagged and
reviewed (central audit of 4 December 2026: an adversary holding a valid station token)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from centralkit import DUBOIS, MARTIN, PgServer, Station, procuration_body, resiliation_body
from sqlalchemy import Engine, inspect, select, text

from central import attribution, review
from central.db import create_schema
from central.embedded import Embedded
from central.schema import entries
from central.security import create_security_schema
from central.service import open_database
from desktop.rules.textlimits import ID_MAX
from desktop.sync.wire import BatchResult

P = "procuration.etablie"
R = "procuration.resiliation"


def _now() -> datetime:
    return datetime.now(UTC)


def _as(body: dict[str, object], agent_id: str) -> dict[str, object]:
    return {**body, "agent_id": agent_id}


def _verdict(station: Station, kind: str, body: dict[str, object]) -> BatchResult:
    answer = station.push(station.batch((kind, body, _now())))
    assert answer.status_code == 200, answer.text
    return BatchResult.from_json(answer.content)


def _entry_flags(engine: Engine, record_id: str) -> set[str]:
    with engine.connect() as conn:
        flags = conn.execute(select(entries.c.flags).where(entries.c.record_id == record_id)).scalar_one()
    return set(flags.split(",")) - {""}


def test_an_agent_id_is_its_first_station_s_for_good_and_another_station_enrolling_it_gets_one_clear_409(
    central: Embedded,
) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    a.enrol_agent("agent-a")
    body = {"agent_id": "agent-a", "login": "intrus", "role": "administrateur", "capacity": "administrateur"}
    refused = b.http.post("/v1/security/agents", json=body)
    assert refused.status_code == 409 and refused.json()["message"] == attribution.OTHER_STATION
    # Removed at A and its login enrolled again there under a new id: the old id stays A's (its record is gone).
    assert a.http.post("/v1/security/agents/agent-a/deactivate", json={}).is_success
    a.http.post("/v1/security/agents", json={**body, "agent_id": "agent-a2", "login": "agent-a"}).raise_for_status()
    assert b.http.post("/v1/security/agents", json=body).status_code == 409
    assert b.http.post("/v1/security/agents", json={**body, "agent_id": "agent-b"}).status_code == 201


def test_an_entry_of_the_station_s_own_agent_is_neither_flagged_nor_reviewed(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    a.enrol_agent("agent-a")
    first = _as(procuration_body(MARTIN, DUBOIS, rounds="T1"), "agent-a")
    verdict = _verdict(a, P, first).verdicts[0]
    assert verdict.status == "validee" and verdict.flags == ()
    assert review.list_reviews(central.engine) == () and _entry_flags(central.engine, str(first["id"])) == set()


def test_an_entry_in_the_name_of_another_station_s_agent_is_applied_flagged_and_reviewed(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    a.enrol_agent("agent-a")
    forged = _as(procuration_body(MARTIN, DUBOIS, rounds="T1"), "agent-a")
    verdict = _verdict(b, P, forged).verdicts[0]
    assert verdict.status == "validee"  # applied: nothing acknowledged is lost
    assert {attribution.FLAG_OTHER_STATION, review.FLAG_REVIEW} <= set(verdict.flags)
    assert _entry_flags(central.engine, str(forged["id"])) == {attribution.FLAG_OTHER_STATION}
    [item] = review.list_reviews(central.engine)
    assert (item.procuration_id, item.station_id) == (forged["id"], b.station_id)
    assert item.flagged == (forged["id"],) and item.flags == (attribution.FLAG_OTHER_STATION,)


def test_an_entry_in_the_name_of_an_agent_no_station_enrolled_is_applied_flagged_and_reviewed(
    central: Embedded,
) -> None:
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    b.enrol_agent("agent-b")
    ghost = _as(procuration_body(MARTIN, DUBOIS, rounds="T1"), "fantome")
    verdict = _verdict(b, P, ghost).verdicts[0]
    assert verdict.status == "validee" and attribution.FLAG_UNKNOWN in verdict.flags
    [item] = review.list_reviews(central.engine)
    assert item.procuration_id == ghost["id"] and item.flags == (attribution.FLAG_UNKNOWN,)


def test_a_batch_of_entries_by_an_unknown_agent_opens_one_review_each_with_its_log_line(central: Embedded) -> None:
    # The reviews of a batch are opened in one statement (session 25): each still gets its own id and log line.
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    ghosts = [_as(procuration_body(MARTIN, DUBOIS, rounds=r), "fantome") for r in ("T1", "T2", "T1_T2")]
    answer = b.push(b.batch(*((P, ghost, _now()) for ghost in ghosts)))
    assert answer.status_code == 200, answer.text
    items = review.list_reviews(central.engine)
    assert sorted(i.procuration_id for i in items) == sorted(str(g["id"]) for g in ghosts)
    assert len({i.id for i in items}) == 3
    for item in items:
        assert [line.action for line in review.history(central.engine, item.id)] == ["ouverte"]


def test_a_revocation_in_the_name_of_another_station_s_agent_reviews_what_it_revoked(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    a.enrol_agent("agent-a")
    b.enrol_agent("agent-b")
    kept = _as(procuration_body(MARTIN, DUBOIS, rounds="T1"), "agent-a")
    _verdict(a, P, kept)
    revocation = _as(resiliation_body(MARTIN), "agent-a")
    verdict = _verdict(b, R, revocation).verdicts[0]
    assert verdict.status == "validee" and attribution.FLAG_OTHER_STATION in verdict.flags
    [item] = review.list_reviews(central.engine)
    assert (item.procuration_id, item.status) == (kept["id"], "resiliee")
    assert item.flagged == (revocation["id"],) and item.flags == (attribution.FLAG_OTHER_STATION,)
    # A's feed says resiliee, without the « revue » of an establishment time under review (verdicts.IN_REVIEW).
    assert [(c["record_id"], c.get("flags", [])) for c in a.all_changes()] == [(kept["id"], [])]


def test_a_store_upgraded_to_the_ledger_gives_each_agent_id_to_its_enrolment_else_to_its_first_pusher(
    central: Embedded,
) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    a.enrol_agent("agent-a")
    _verdict(a, P, _as(procuration_body(MARTIN, DUBOIS, rounds="T1"), "agent-a"))
    _verdict(a, P, _as(procuration_body(MARTIN, DUBOIS, rounds="T2"), "hors-ligne"))  # never enrolled: A pushed it
    _verdict(b, P, _as(procuration_body(DUBOIS, MARTIN, rounds="T1"), "hors-ligne"))  # then B
    _verdict(b, P, _as(procuration_body(DUBOIS, MARTIN, rounds="T2"), "agent-a"))
    _verdict(a, P, _as(procuration_body(MARTIN, DUBOIS, rounds="T1_T2"), "inconnu"))  # no agent: nobody's
    engine = central.engine
    with engine.begin() as conn:  # the store as it was before the ledger
        conn.execute(text("DROP TABLE security_agent_ledger"))
    create_schema(engine)
    create_security_schema(engine)
    with engine.connect() as conn:
        assert attribution.owners(conn, ["agent-a", "hors-ligne"]) == {
            "agent-a": a.station_id,  # enrolled by A
            "hors-ligne": a.station_id,  # pushed by A first
        }
    with engine.begin() as conn:
        flags = attribution.entry_flags(conn, station_id=b.station_id, entries=_entries(b, "hors-ligne", "agent-a"))
    assert set(flags.values()) == {attribution.FLAG_OTHER_STATION} and len(flags) == 2
    with engine.begin() as conn:
        assert attribution.entry_flags(conn, station_id=a.station_id, entries=_entries(a, "hors-ligne")) == {}
        assert attribution.owners(conn, ["inconnu"]) == {}


def _entries(station: Station, *agents: str) -> list[object]:
    from desktop.sync.wire import Batch

    raw = station.batch(*((P, _as(procuration_body(MARTIN, DUBOIS), agent), _now()) for agent in agents))
    station.seq -= len(agents)
    return list(Batch.model_validate(raw).entries)


def test_an_agent_id_as_long_as_the_wire_allows_is_enrolled_and_owns_its_entries(central: Embedded) -> None:
    # security_agents.id was 36 characters while the wire and the ledger take 64: PostgreSQL refused such an
    # enrolment with a 503, the station's entries then flagged as an unknown agent's (session 25).
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    agent_id = "agent-" + "x" * (ID_MAX - 6)
    a.enrol_agent(agent_id)
    body = _as(procuration_body(MARTIN, DUBOIS, rounds="T1"), agent_id)
    assert _verdict(a, P, body).verdicts[0].flags == ()
    assert _entry_flags(central.engine, str(body["id"])) == set()
    assert a.http.post(f"/v1/security/agents/{agent_id}/deactivate", json={}).is_success
    too_long = {"agent_id": agent_id + "x", "login": "long", "role": "agent_police", "capacity": "opj"}
    assert a.http.post("/v1/security/agents", json=too_long).status_code == 422


@pytest.mark.postgres
def test_a_store_made_with_36_character_agent_ids_is_widened_when_it_starts(pg: PgServer) -> None:
    engine = open_database(pg.database())
    create_security_schema(engine)
    with engine.begin() as conn:  # the columns as versions before session 25 made them
        conn.execute(text("ALTER TABLE security_agents ALTER COLUMN id TYPE varchar(36)"))
        conn.execute(text("ALTER TABLE security_reset_codes ALTER COLUMN agent_id TYPE varchar(36)"))
    create_schema(engine)
    create_security_schema(engine)
    with engine.connect() as conn:
        lengths = {
            (table, c["name"]): getattr(c["type"], "length", None)
            for table in ("security_agents", "security_reset_codes")
            for c in inspect(conn).get_columns(table)
        }
    assert lengths[("security_agents", "id")] == lengths[("security_reset_codes", "agent_id")] == ID_MAX
    assert lengths[("security_agents", "station_id")] == 36  # what the model keeps at 36 is left alone
    engine.dispose()
