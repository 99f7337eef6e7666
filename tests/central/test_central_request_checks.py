"""A Maprocuration act against what only the central store sees (central/request_checks.py): the request in its
`requests` table (its date, what it says of the mandataire's list), the electors register, the kind of place and the
capacity it enrolled (R-CHAN-A-4, R-CHAN-A-5, R-CHAN-A-8; business-rules audit). Real HTTP, SQLite and PostgreSQL."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from centralkit import DUBOIS, MARTIN, Station, procuration_body
from sqlalchemy import insert, select, update

from central import request_checks, review
from central.admin_accounts import Administrator
from central.embedded import Embedded
from central.review_page import review_page
from central.schema import procurations, requests, stations
from desktop.sync.wire import BatchResult, Verdict

P = "procuration.etablie"
DAY = timedelta(days=1)
LEBLANC = {"nom": "LEBLANC", "prenoms": ["Étienne"], "date_naissance": "1975-04-25", "nne": "485249212"}  # LEC
WAMYTAN = {"nom": "WAMYTAN", "prenoms": ["Rock"], "date_naissance": "1940-02-11", "nne": "496011972"}  # NC


def _now() -> datetime:
    return datetime.now(UTC)


def _station(central: Embedded, kind: str = "commissariat") -> Station:
    st = Station.enrol(central.base_url, central.enrolment_token, f"poste-{kind}")
    with central.engine.begin() as conn:
        conn.execute(update(stations).where(stations.c.id == st.station_id).values(place_kind=kind))
    for agent_id, capacity in (("opj-1", "opj"), ("del-1", "delegue_opj")):
        body = {"agent_id": agent_id, "login": agent_id, "role": "agent_police", "capacity": capacity}
        assert st.http.post("/v1/security/agents", json=body).status_code == 201
    return st


def _consular(central: Embedded, place_kind: str, agent_id: str, capacity: str) -> Station:
    """A station abroad, enrolled with its kind of place, and its one consular agent."""
    st = Station.enrol(central.base_url, central.enrolment_token, place_kind)
    with central.engine.begin() as conn:
        conn.execute(update(stations).where(stations.c.id == st.station_id).values(place_kind=place_kind))
    body = {"agent_id": agent_id, "login": agent_id, "role": "agent_consulaire", "capacity": capacity}
    assert st.http.post("/v1/security/agents", json=body).status_code == 201
    return st


def _act_abroad(reference: str, agent_id: str, capacity: str) -> dict[str, Any]:
    """DUBOIS's procuration to LEBLANC (Montréal's consular list), for the first round, received by this agent."""
    act = _act(reference, LEBLANC, where="etranger", rounds="T1")
    act.update(agent_id=agent_id, authority={"kind": capacity, "id": agent_id}, mandant=DUBOIS)
    return act


def _request(
    central: Embedded,
    reference: str,
    made: datetime,
    mandataire: dict[str, Any],
    *,
    list_kind: str = "communale",
    inscription: str = "69123",
) -> None:
    """A request as `guichet-central import-requests` stores it."""
    said = {**mandataire, "list_kind": list_kind, "inscription": inscription}
    body = {
        "reference": reference,
        "requested_at": made.isoformat().replace("+00:00", "Z"),
        "mandant": {**MARTIN, "list_kind": "communale", "inscription": "75056"},
        "mandataire": said,
        "validity": {"kind": "SCRUTIN", "election_id": "presidentielle-2027", "rounds": "T1_T2"},
    }
    with central.engine.begin() as conn:
        conn.execute(insert(requests).values(reference=reference, body=json.dumps(body), requested_at=made))


def _act(reference: str, mandataire: dict[str, Any] = DUBOIS, *, agent: str = "opj-1", **kw: Any) -> dict[str, Any]:
    """A Maprocuration act as the desk sends it (no request date on the wire: the central store has its own)."""
    body = procuration_body(MARTIN, mandataire, **kw)
    kind = "delegue_opj" if agent.startswith("del") else "opj"
    body.update(channel="maprocuration", reference=reference, agent_id=agent, authority={"kind": kind, "id": agent})
    return body | ({"visa_opj": "opj-1"} if kind == "delegue_opj" else {})


def _push(st: Station, body: dict[str, Any], at: datetime | None = None) -> Verdict:
    answer = st.push(st.batch((P, body, at or _now())))
    assert answer.status_code == 200, answer.text
    [verdict] = BatchResult.from_json(answer.content).verdicts
    return verdict


def _refused(central: Embedded, body: dict[str, Any], verdict: Verdict, rule: str, flag: str) -> None:
    """`invalidee` with the rule, said, stored, flagged, and in the supervisors' review queue."""
    assert (verdict.status, verdict.rule_id) == ("invalidee", rule), verdict
    assert flag in verdict.flags and review.FLAG_REVIEW in verdict.flags, verdict.flags
    assert str(verdict.message).startswith(f"{rule} :"), verdict.message
    with central.engine.connect() as conn:
        stored = conn.execute(
            select(procurations.c.status, procurations.c.rule_id).where(procurations.c.id == body["id"])
        )
        assert tuple(stored.one()) == ("invalidee", rule)
    [item] = [i for i in review.list_reviews(central.engine) if i.procuration_id == body["id"]]
    assert (item.status, item.rule_id) == ("invalidee", rule) and flag in item.flags


def test_a_request_the_central_store_agrees_with_passes(central: Embedded) -> None:
    st = _station(central)
    _request(central, "AA11BB", _now() - 20 * DAY, DUBOIS)
    verdict = _push(st, _act("AA11BB"))
    assert (verdict.status, verdict.rule_id, verdict.flags) == ("validee", None, ())
    assert review.list_reviews(central.engine) == ()
    # Abroad, a consular agent receives the reference (R-CHAN-A-4 names France only).
    consulate = _consular(central, "consulat", "chef-1", "chef_de_poste_consulaire")
    _request(central, "CC22DD", _now() - 3 * DAY, LEBLANC, list_kind="consulaire", inscription="LEC-MTL")
    verdict = _push(consulate, _act_abroad("CC22DD", "chef-1", "chef_de_poste_consulaire"))
    assert (verdict.status, verdict.flags) == ("validee", ()), verdict


def test_R_CHAN_A_4_a_delegue_at_a_commissariat_does_not_receive_a_reference(central: Embedded) -> None:
    """The délégué's act carries its OPJ's visa (R-AUTH-3 is met): R72-1 II still does not list délégués."""
    st = _station(central, "brigade_gendarmerie")
    _request(central, "AA11BB", _now() - 5 * DAY, DUBOIS)
    body = _act("AA11BB", agent="del-1") | {"place_kind": "brigade_gendarmerie"}
    verdict = _push(st, body)
    _refused(central, body, verdict, "R-CHAN-A-4", request_checks.FLAG_PLACE)
    assert "Délégué" in str(verdict.message)


def test_R_CHAN_A_4_an_honorary_consul_does_not_receive_a_reference_and_is_told_so_abroad(central: Embedded) -> None:
    """Abroad the reference is presented at a consulate or an embassy (legal audit, session 32): the refusal no
    longer speaks of « en France, seul un OPJ »."""
    consul = _consular(central, "consul_honoraire", "ch-1", "consul_honoraire")
    _request(central, "EE33FF", _now() - 3 * DAY, LEBLANC, list_kind="consulaire", inscription="LEC-MTL")
    act = _act_abroad("EE33FF", "ch-1", "consul_honoraire") | {"place_kind": "consul_honoraire"}
    verdict = _push(consul, act)
    _refused(central, act, verdict, "R-CHAN-A-4", request_checks.FLAG_PLACE)
    assert "consulat ou à l'ambassade" in str(verdict.message) and "en France" not in str(verdict.message)


def test_R_CHAN_A_5_the_mandataire_must_be_on_the_list_the_request_says(central: Embedded) -> None:
    st = _station(central)
    # The request says a communal list in Paris; the register has LEBLANC on Montréal's consular list.
    _request(central, "AA11BB", _now() - 5 * DAY, LEBLANC, inscription="75056")
    body = _act("AA11BB", LEBLANC)
    verdict = _push(st, body)
    _refused(central, body, verdict, "R-CHAN-A-5", request_checks.FLAG_LIST)
    assert "liste communale" in str(verdict.message)
    # Said communal (as the desk's form once defaulted to), registered in Nouvelle-Calédonie: the paper form.
    _request(central, "CC22DD", _now() - 5 * DAY, WAMYTAN, inscription="98818")
    nc = _act("CC22DD", WAMYTAN, rounds="T1")
    nc["mandant"] = DUBOIS
    verdict = _push(st, nc)
    _refused(central, nc, verdict, "R-CHAN-A-5", request_checks.FLAG_LIST)
    assert "16199" in str(verdict.message)


def test_R_CHAN_A_8_the_date_is_the_requests_not_the_stations(central: Embedded) -> None:
    st = _station(central)
    made = _now() - 70 * DAY
    _request(central, "AA11BB", made, DUBOIS)
    body = _act("AA11BB")
    verdict = _push(st, body)
    _refused(central, body, verdict, "R-CHAN-A-8", request_checks.FLAG_EXPIRED)
    assert made.astimezone(request_checks.PARIS).strftime("%d/%m/%Y à %H:%M") in str(verdict.message)
    # Walk-around: the station dates its act the day after the request (its agent typed a fresh request date, its
    # clock says so). The central store bounds the time by what it trusts (the enrolment, today): still refused.
    _request(central, "CC22DD", made, DUBOIS)
    backdated = _act("CC22DD", rounds="T1")
    answer = st.push(st.batch((P, backdated, made + DAY)))
    assert answer.status_code == 200, answer.text
    [verdict] = BatchResult.from_json(answer.content).verdicts
    _refused(central, backdated, verdict, "R-CHAN-A-8", request_checks.FLAG_EXPIRED)
    # The supervisors' page says why, and offers to maintain or contest the refusal.
    page = html.unescape(review_page(review.list_reviews(central.engine), [], who=Administrator("j.m", "J. M.")))
    assert "demande en ligne de plus de 2 mois (R-CHAN-A-8)" in page and "Maintenir le refus" in page


def test_a_reference_the_central_store_does_not_hold_is_applied_and_reviewed(central: Embedded) -> None:
    st = _station(central)
    body = _act("ZZ99ZZ")
    verdict = _push(st, body)
    assert verdict.status == "validee" and request_checks.FLAG_UNKNOWN in verdict.flags
    assert review.FLAG_REVIEW in verdict.flags
    [item] = review.list_reviews(central.engine)
    assert item.procuration_id == body["id"] and request_checks.FLAG_UNKNOWN in item.flags


def test_a_reference_under_another_channel_is_still_checked(central: Embedded) -> None:
    """Walk-around: the station labels a Maprocuration act cerfa n° 12668 (paper) but keeps its reference. The
    reference names a request whatever the channel says: the act is judged against it (here, R-CHAN-A-8)."""
    st = _station(central)
    _request(central, "AA11BB", _now() - 70 * DAY, DUBOIS)
    body = _act("AA11BB") | {"channel": "cerfa_12668"}
    verdict = _push(st, body)
    _refused(central, body, verdict, "R-CHAN-A-8", request_checks.FLAG_EXPIRED)
    # A paper act without a reference is not a request's: nothing to judge it by, nothing flagged.
    plain = _act("AA11BB", rounds="T1") | {"channel": "cerfa_12668", "reference": None}
    plain["mandant"] = LEBLANC
    verdict = _push(st, plain)
    assert request_checks.FLAG_UNKNOWN not in verdict.flags and verdict.rule_id != "R-CHAN-A-8", verdict


def test_R_CHAN_A_8_names_the_request_s_day_unambiguously(sqlite_central: Embedded) -> None:
    """The central store does not know a station's time zone: a request made at 23:30 UTC was said made « le » UTC
    day, a day before the one Maprocuration and a counter in France show. It now says the Paris date and time, and
    says so (the French service's zone)."""
    from zoneinfo import ZoneInfo

    st = _station(sqlite_central)
    made = (_now() - 70 * DAY).replace(hour=23, minute=30, second=0, microsecond=0)
    _request(sqlite_central, "EE33FF", made, DUBOIS)
    verdict = _push(st, _act("EE33FF"))
    assert verdict.rule_id == "R-CHAN-A-8", verdict
    paris = made.astimezone(ZoneInfo("Europe/Paris"))
    assert f"{paris.strftime('%d/%m/%Y')} à {paris.strftime('%H:%M')} (heure de Paris)" in str(verdict.message)
