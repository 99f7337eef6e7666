"""The /v1 API over real HTTP: enrolment, credentials, verdicts, replay, protocol errors, look-ups, requests."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from centralkit import DUBOIS, MARTIN, Station, person, procuration_body, resiliation_body

from central.embedded import Embedded
from desktop.rules.validity import add_years
from desktop.sync.wire import BatchResult

P = "procuration.etablie"
R = "procuration.resiliation"


def now() -> datetime:
    return datetime.now(UTC)


def test_enrolment_needs_the_secret(central: Embedded) -> None:
    answer = httpx.post(
        f"{central.base_url}/v1/stations", json={"label": "x"}, headers={"Authorization": "Bearer wrong"}
    )
    assert answer.status_code == 401
    station = Station.enrol(central.base_url, central.enrolment_token)
    assert len(station.token) >= 40


def test_credentials_identify_the_station_not_the_url(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    batch = a.batch((P, procuration_body(MARTIN, DUBOIS), now()))
    forged = b.http.post(f"/v1/stations/{a.station_id}/batches", json=batch)
    assert forged.status_code == 403
    anonymous = httpx.post(f"{central.base_url}/v1/stations/{a.station_id}/batches", json=batch)
    assert anonymous.status_code == 401
    assert a.push(batch).status_code == 200


def test_valid_procuration_and_exact_replay(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    batch = st.batch((P, procuration_body(MARTIN, DUBOIS), now()))
    first = st.push(batch)
    assert first.status_code == 200
    result = BatchResult.from_json(first.content)
    assert [v.status for v in result.verdicts] == ["validee"]
    assert result.last_seq == 1
    again = st.push(batch)
    assert again.status_code == 200
    replay = again.json()
    assert replay.pop("replayed_at") >= first.json()["server_time"]  # the time of the replay, beside it (14.2)
    assert replay == first.json()  # otherwise the stored answer


def test_reused_batch_id_with_other_content_is_409(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    batch = st.batch((P, procuration_body(MARTIN, DUBOIS), now()))
    assert st.push(batch).status_code == 200
    other = dict(batch)
    other["entries"] = [dict(batch["entries"][0], body=procuration_body(DUBOIS, MARTIN))]
    answer = st.push(other)
    assert answer.status_code == 409
    assert answer.json()["error"] == "batch_id"


def test_seq_gap_is_409_with_the_servers_last_seq(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    assert st.push(st.batch((P, procuration_body(MARTIN, DUBOIS), now()))).status_code == 200
    st.seq += 3  # entries 2..4 never sent
    answer = st.push(st.batch((P, procuration_body(DUBOIS, MARTIN), now())))
    assert answer.status_code == 409
    assert answer.json() == {"error": "seq", "message": answer.json()["message"], "last_seq": 1}


def test_malformed_batch_is_422(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    answer = st.http.post(
        f"/v1/stations/{st.station_id}/batches",
        content=b'{"batch_id": 1}',
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["error"] == "format"


def test_parties_not_in_the_register_are_invalidated_and_fed(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    stranger = {"nom": "INCONNU", "prenoms": ["Paul"], "date_naissance": "1980-02-02", "nne": "11111111"}
    wrong_birth = person(DUBOIS, date_naissance="1975-06-03")
    batch = st.batch(
        (P, procuration_body(stranger, DUBOIS), now()),
        (P, procuration_body(MARTIN, wrong_birth), now()),
        (P, procuration_body(MARTIN, person(MARTIN, prenoms=["Claire"])), now()),
    )
    verdicts = BatchResult.from_json(st.push(batch).content).verdicts
    assert [(v.status, v.rule_id) for v in verdicts] == [
        ("invalidee", "R-PARTY-1"),
        ("invalidee", "R-PARTY-2"),
        ("invalidee", "R-PARTY-4"),
    ]
    assert all(v.message for v in verdicts)
    feed = st.all_changes()
    assert [(c["record_id"], c["rule_id"]) for c in feed] == [
        (e["body"]["id"], v.rule_id) for e, v in zip(batch["entries"], verdicts, strict=True)
    ]


def test_identity_without_nne_matches_name_birth_and_commune(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    by_name = {"nom": "Dubois", "prenoms": ["Jean"], "date_naissance": "1975-06-02", "inscription": "Lyon"}
    wrong_place = dict(by_name, inscription="Brest")
    verdicts = BatchResult.from_json(
        st.push(
            st.batch(
                (P, procuration_body(MARTIN, by_name, rounds="T1"), now()),
                (P, procuration_body(MARTIN, wrong_place, rounds="T2"), now()),
            )
        ).content
    ).verdicts
    assert [v.status for v in verdicts] == ["validee", "invalidee"]
    assert verdicts[1].rule_id == "R-PARTY-2"


def test_revocation_revokes_every_earlier_procuration_and_feeds_their_station(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    first = procuration_body(MARTIN, DUBOIS, rounds="T1")
    assert a.push(a.batch((P, first, now()))).status_code == 200
    answer = b.push(b.batch((R, resiliation_body(MARTIN), now())))
    verdict = BatchResult.from_json(answer.content).verdicts[0]
    assert verdict.status == "validee"
    assert "1 procuration" in (verdict.message or "")
    feed = a.all_changes()
    assert [(c["record_id"], c["status"]) for c in feed] == [(first["id"], "resiliee")]
    assert b.all_changes() == []
    # A procuration established after the revocation is untouched by it.
    later = procuration_body(MARTIN, DUBOIS, rounds="T1")
    v2 = BatchResult.from_json(a.push(a.batch((P, later, now()))).content).verdicts[0]
    assert v2.status == "validee"


def test_a_revocation_counts_only_the_procurations_it_took_out_of_force(central: Embedded) -> None:
    """R-REVOKE-2: a void procuration (invalidée under R-LIMIT-1) is not « résiliée » and is not counted as such."""
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    thomas = {"nom": "THOMAS", "prenoms": ["Sophie"], "date_naissance": "1963-05-27", "nne": "285042289"}
    void = procuration_body(MARTIN, DUBOIS)
    verdicts = BatchResult.from_json(
        a.push(a.batch((P, procuration_body(thomas, DUBOIS), now()), (P, void, now()))).content
    ).verdicts
    assert [(v.status, v.rule_id) for v in verdicts] == [("validee", None), ("invalidee", "R-LIMIT-1")]
    fed = a.all_changes()
    verdict = BatchResult.from_json(a.push(a.batch((R, resiliation_body(MARTIN), now()))).content).verdicts[0]
    assert verdict.status == "validee"
    assert "0 procuration(s) résiliée(s)" in (verdict.message or ""), verdict.message
    assert a.all_changes() == fed  # the void one keeps its status: nothing new to feed
    verdict = BatchResult.from_json(a.push(a.batch((R, resiliation_body(thomas), now()))).content).verdicts[0]
    assert "1 procuration(s) résiliée(s)" in (verdict.message or ""), verdict.message


def test_lookup_is_need_to_know_and_logged(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    st.enrol_agent("agent-1", "agent_police")
    st.enrol_agent("admin-1", "administrateur")
    st.push(st.batch((P, procuration_body(MARTIN, DUBOIS), now())))
    found = st.lookup(nne="19374652", date_naissance="1975-06-02")
    assert found.status_code == 200
    items = found.json()["items"]
    assert [(i["role"], i["other_party"]) for i in items] == [("mandataire", "MARTIN Claire Marie")]
    assert "nne" not in found.text.lower().replace("established", "")
    assert st.lookup(nne="19374652", date_naissance="1975-06-03").json()["items"] == []
    assert st.lookup(nne="19374652").status_code == 422
    assert st.lookup("admin-1", nne="19374652", date_naissance="1975-06-02").status_code == 403
    # A role header is no longer read: the role is the one enrolled.
    claimed = st.http.post(
        "/v1/procurations/search",
        json={"agent_id": "admin-1", "nne": "19374652", "date_naissance": "1975-06-02"},
        headers={"X-Agent-Role": "superviseur"},
    )
    assert claimed.status_code == 403


def test_maprocuration_request_by_reference(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    st.enrol_agent()
    found = st.fetch("K7M2QX", "1990-01-15")
    assert found.status_code == 200
    assert found.json()["mandant"]["nom"] == "MARTIN"
    assert st.fetch("ZZZZZZ", "1990-01-15").status_code == 404
    assert st.fetch("K7M2QX", "1990-01-16").status_code == 404  # the second factor decides
    assert httpx.post(f"{central.base_url}/v1/requests/fetch", json={}).status_code == 401


def test_openapi_schema_is_published(central: Embedded) -> None:
    schema = httpx.get(f"{central.base_url}/openapi.json").json()
    for path in (
        "/v1/stations/{station}/batches",
        "/v1/changes",
        "/v1/procurations/search",
        "/v1/requests/fetch",
        "/v1/stations",
        "/v1/time",
    ):
        assert path in schema["paths"]
    body = schema["paths"]["/v1/stations/{station}/batches"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert "batch_id" in schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]


def test_placeholder_kinds_are_stored_and_validated(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    from desktop.models.ids import uuid7

    batch = st.batch(
        ("passeport.etape", {"id": uuid7(), "agent_id": "a", "data": {"etape": 4}}, now()),
        ("vote_internet.demande", {"id": uuid7(), "agent_id": "a", "data": {}}, now()),
    )
    verdicts = BatchResult.from_json(st.push(batch).content).verdicts
    assert [v.status for v in verdicts] == ["validee", "validee"]


def test_the_register_list_decides_the_maximum_duration(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    tremblay = {"nom": "TREMBLAY", "prenoms": ["Marie", "Ève"], "date_naissance": "1963-03-14", "nne": "203396354"}
    leblanc = {"nom": "LEBLANC", "prenoms": ["Étienne"], "date_naissance": "1975-04-25", "nne": "485249212"}
    today = now().date()
    three_years = {"kind": "DUREE", "start": today.isoformat(), "end": add_years(today, 3).isoformat()}
    consular = dict(procuration_body(tremblay, leblanc, where="etranger"), validity=three_years)
    # DUBOIS declares a consular list at the counter, but the register has him on a communal list: 1 year at most.
    declared = person(DUBOIS, list_kind="consulaire")
    communal = dict(procuration_body(declared, MARTIN), validity=three_years)
    verdicts = BatchResult.from_json(st.push(st.batch((P, consular, now()), (P, communal, now()))).content).verdicts
    assert [(v.status, v.rule_id) for v in verdicts] == [("validee", None), ("invalidee", "R-VALID-4")]


def test_a_record_sent_twice_is_stored_once(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    proc = procuration_body(MARTIN, DUBOIS, rounds="T1")
    rev = resiliation_body(DUBOIS)
    first = BatchResult.from_json(
        st.push(st.batch((P, proc, now()), (P, proc, now()), (R, rev, now()), (R, rev, now()))).content
    ).verdicts
    assert [v.status for v in first] == ["validee", "validee", "validee", "validee"]
    again = BatchResult.from_json(st.push(st.batch((P, proc, now()), (R, rev, now()))).content).verdicts
    assert [(v.status, v.message) for v in again] == [("validee", None), ("validee", "Résiliation déjà enregistrée.")]
    st.enrol_agent()
    found = st.lookup(nne="204512873", date_naissance="1990-01-15").json()["items"]
    assert len(found) == 1


def test_an_eu_citizen_acts_only_for_the_elections_of_their_list(central: Embedded) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token)
    muller = {"nom": "MULLER", "prenoms": ["Stefan"], "date_naissance": _born("MULLER"), "inscription": "67482"}
    rossi = {"nom": "ROSSI", "prenoms": ["Giulia"], "date_naissance": _born("ROSSI"), "inscription": "Nice"}
    presidential = procuration_body(MARTIN, muller, rounds="T1")  # municipal complementary list only
    european = procuration_body(DUBOIS, rossi, election="europeennes-2029", rounds="T1")  # both lists
    verdicts = BatchResult.from_json(st.push(st.batch((P, presidential, now()), (P, european, now()))).content)
    assert [(v.status, v.rule_id) for v in verdicts.verdicts] == [("invalidee", "R-ELIG-2"), ("validee", None)]


def _born(nom: str) -> str:
    from central.register import parse_csv
    from desktop import resources

    rows = parse_csv(resources.read_text("demo", "electors.csv"))
    return next(r["date_naissance"].isoformat() for r in rows if r["nom"] == nom)
