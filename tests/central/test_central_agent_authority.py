"""Each act's authority against the agent the central store enrolled for its station (central/agent_authority.py,
R-AUTH-1, R-AUTH-3; outside audit: an agent who can log in at a station rewrites their own `agents` row, capacity
« opj », role « superviseur », and signs as an OPJ). Real HTTP, SQLite and PostgreSQL."""

from __future__ import annotations

import html
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from centralkit import DUBOIS, MARTIN, Station, procuration_body, resiliation_body
from sqlalchemy import select, text, update

from central import agent_authority, attribution, review
from central.admin_accounts import Administrator
from central.embedded import Embedded
from central.review_page import review_page
from central.schema import entries, procurations
from central.security import create_security_schema
from central.security_tables import agents
from desktop.sync.wire import BatchResult, Verdict

P = "procuration.etablie"
ADMIN = Administrator(login="jeanne.martin", name="Jeanne Martin")
R = "procuration.resiliation"


def _now() -> datetime:
    return datetime.now(UTC)


def _enrol(station: Station, agent_id: str, *, role: str = "agent_police", capacity: str = "opj") -> None:
    body = {"agent_id": agent_id, "login": agent_id, "role": role, "capacity": capacity}
    answer = station.http.post("/v1/security/agents", json=body)
    assert answer.status_code == 201, answer.text


def _act(
    agent_id: str,
    *,
    kind: str = "opj",
    label: str | None = None,
    visa: str | None = None,
    rounds: str = "T1",
    mandant: dict[str, Any] = MARTIN,
    mandataire: dict[str, Any] = DUBOIS,
) -> dict[str, Any]:
    """A procuration as the desk sends it: the agent is the authority (`authority.id`), its capacity the kind."""
    body = procuration_body(mandant, mandataire, rounds=rounds)
    body["agent_id"] = agent_id
    body["authority"] = {"kind": kind, "id": agent_id} | ({"label": label} if label else {})
    return body | ({"visa_opj": visa} if visa else {})


def _push(station: Station, *items: tuple[str, dict[str, Any], datetime]) -> tuple[Verdict, ...]:
    answer = station.push(station.batch(*items))
    assert answer.status_code == 200, answer.text
    return BatchResult.from_json(answer.content).verdicts


def _one(station: Station, kind: str, body: dict[str, Any]) -> Verdict:
    [verdict] = _push(station, (kind, body, _now()))
    return verdict


def _stored(central: Embedded, record_id: object) -> tuple[str, str | None]:
    with central.engine.connect() as conn:
        row = conn.execute(
            select(procurations.c.status, procurations.c.rule_id).where(procurations.c.id == record_id)
        ).one()
    return row.status, row.rule_id


def _refused(verdict: Verdict, rule: str, flag: str) -> None:
    assert (verdict.status, verdict.rule_id) == ("invalidee", rule), verdict
    assert flag in verdict.flags and review.FLAG_REVIEW in verdict.flags, verdict.flags
    assert verdict.message is not None and verdict.message.startswith(f"{rule} :") and "revue" in verdict.message


def _reviewed(central: Embedded, record_id: object, flag: str) -> review.ReviewItem:
    [item] = [i for i in review.list_reviews(central.engine) if i.procuration_id == record_id]
    assert flag in item.flags and item.status == "invalidee"
    return item


def test_an_act_whose_authority_is_its_enrolled_agent_passes_unchanged(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "opj-1")
    _enrol(a, "apj-1", capacity="apj")
    _enrol(a, "sup-1", role="superviseur", capacity="OPJ")  # a supervisor who is an OPJ acts as one
    _enrol(a, "del-1", capacity="delegue_opj")
    delegate = "Délégué d'OPJ (visa de l'OPJ requis)"  # the label the desk writes (Capacity.label)
    acts = [
        (R, resiliation_body(DUBOIS) | {"agent_id": "sup-1"}, _now()),  # revokes nothing: none is earlier
        (P, _act("opj-1", label="OPJ", rounds="T1"), _now()),
        (P, _act("apj-1", kind="apj", label="APJ", rounds="T2"), _now()),
        (P, _act("del-1", kind="delegue_opj", label=delegate, visa="opj-1", mandant=DUBOIS, mandataire=MARTIN), _now()),
    ]
    verdicts = _push(a, *acts)
    assert [(v.status, v.rule_id, v.flags) for v in verdicts] == [("validee", None, ())] * 4
    assert review.list_reviews(central.engine) == ()
    with central.engine.connect() as conn:
        assert set(conn.execute(select(entries.c.flags)).scalars()) == {""}


def test_R_AUTH_3_a_delegue_who_promoted_themselves_to_opj_is_refused_reviewed_and_takes_no_slot(
    central: Embedded,
) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "opj-1")
    _enrol(a, "del-1", capacity="delegue_opj")
    promoted = _act("del-1", kind="opj", label="OPJ")  # the local row rewritten: capacity « opj », no visa asked
    verdict = _one(a, P, promoted)
    _refused(verdict, "R-AUTH-3", agent_authority.FLAG_CAPACITY)
    assert "« OPJ »" in str(verdict.message) and "Délégué d'OPJ" in str(verdict.message)
    assert _stored(central, promoted["id"]) == ("invalidee", "R-AUTH-3")
    item = _reviewed(central, promoted["id"], agent_authority.FLAG_CAPACITY)
    assert (item.station_id, item.rule_id) == (a.station_id, "R-AUTH-3")
    # The station's feed carries the refusal too (a station that lost the answer learns it).
    [change] = a.all_changes()
    assert (change["record_id"], change["status"], change["rule_id"]) == (promoted["id"], "invalidee", "R-AUTH-3")
    # Void, it holds no slot: the mandant's act by a real OPJ for the same vote date is valid (R-VALID-6, L73).
    assert _one(a, P, _act("opj-1")).status == "validee"


def test_R_AUTH_1_an_apj_signing_as_an_opj_is_refused(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "apj-1", capacity="apj")
    body = _act("apj-1", kind="opj")
    verdict = _one(a, P, body)
    _refused(verdict, "R-AUTH-1", agent_authority.FLAG_CAPACITY)
    assert "APJ" in str(verdict.message)
    _reviewed(central, body["id"], agent_authority.FLAG_CAPACITY)


def test_R_AUTH_3_an_unknown_agent_s_visa_is_no_visa_and_an_unknown_agent_stays_attribution_s(
    central: Embedded,
) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "del-1", capacity="delegue_opj")
    forged = _act("del-1", kind="delegue_opj", visa="opj-fantome")  # an OPJ this station never enrolled
    _refused(_one(a, P, forged), "R-AUTH-3", agent_authority.FLAG_NO_VISA)
    _reviewed(central, forged["id"], agent_authority.FLAG_NO_VISA)
    # An acting agent the central store does not know: no enrolment to compare with, central/attribution.py's
    # (applied, flagged, reviewed), as before.
    ghost = _act("fantome", rounds="T2")
    verdict = _one(a, P, ghost)
    assert verdict.status == "validee" and attribution.FLAG_UNKNOWN in verdict.flags


def test_R_AUTH_3_an_opj_of_another_station_gives_no_visa_here(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    _enrol(a, "del-1", capacity="delegue_opj")
    _enrol(b, "opj-b")
    visaed_elsewhere = _act("del-1", kind="delegue_opj", visa="opj-b")
    verdict = _one(a, P, visaed_elsewhere)
    _refused(verdict, "R-AUTH-3", agent_authority.FLAG_NO_VISA)
    assert "n'est pas d'un OPJ" in str(verdict.message)
    # B's OPJ acting at A: the agent is another station's (attribution), applied and reviewed as before.
    other = _one(a, P, _act("opj-b", rounds="T2"))
    assert other.status == "validee" and attribution.FLAG_OTHER_STATION in other.flags


def test_R_AUTH_1_a_removed_agent_s_act_after_the_removal_is_refused_and_one_before_it_stands(
    central: Embedded,
) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "opj-1")
    _enrol(a, "opj-2")
    before = _now()
    time.sleep(0.01)
    assert a.http.post("/v1/security/agents/opj-1/deactivate", json={}).is_success
    time.sleep(0.01)
    first, late = _act("opj-1", rounds="T1"), _act("opj-1", rounds="T2")
    verdicts = _push(a, (P, first, before), (P, late, _now()))
    assert (verdicts[0].status, verdicts[0].flags) == ("validee", ())  # made while the agent was the station's
    _refused(verdicts[1], "R-AUTH-1", agent_authority.FLAG_DEACTIVATED)
    _reviewed(central, late["id"], agent_authority.FLAG_DEACTIVATED)
    # A délégué's visa by the removed OPJ, after the removal, is no visa either.
    _enrol(a, "del-1", capacity="delegue_opj")
    visaed = _act("del-1", kind="delegue_opj", visa="opj-1", mandant=DUBOIS, mandataire=MARTIN)
    _refused(_one(a, P, visaed), "R-AUTH-3", agent_authority.FLAG_NO_VISA)


def test_R_AUTH_1_an_administrator_s_act_is_refused(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "admin-1", role="administrateur", capacity="administrateur")
    _enrol(a, "admin-2", role="administrateur", capacity="opj")  # even enrolled with a capacity that acts
    first, second = _act("admin-1", kind="administrateur"), _act("admin-2", rounds="T2")
    verdicts = _push(a, (P, first, _now()), (P, second, _now()))
    for verdict, body in zip(verdicts, (first, second), strict=True):
        _refused(verdict, "R-AUTH-1", agent_authority.FLAG_NOT_HABILITATED)
        assert "administrateur" in str(verdict.message)
        _reviewed(central, body["id"], agent_authority.FLAG_NOT_HABILITATED)


def test_R_AUTH_a_résiliation_by_a_mismatched_agent_revokes_nothing_and_is_reviewed(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "opj-1")
    _enrol(a, "del-1", capacity="delegue_opj")
    _enrol(a, "admin-1", role="administrateur", capacity="administrateur")
    kept = _act("opj-1")
    assert _one(a, P, kept).status == "validee"
    unvisaed = resiliation_body(MARTIN) | {"agent_id": "del-1"}
    by_admin = resiliation_body(MARTIN) | {"agent_id": "admin-1"}
    verdicts = _push(a, (R, unvisaed, _now()), (R, by_admin, _now()))
    for verdict, rule, flag in zip(
        verdicts,
        ("R-AUTH-3", "R-AUTH-1"),
        (agent_authority.FLAG_NO_VISA, agent_authority.FLAG_NOT_HABILITATED),
        strict=True,
    ):
        assert (verdict.status, verdict.rule_id) == ("invalidee", rule) and flag in verdict.flags
        assert str(verdict.message).startswith(f"{rule} :") and "résiliation" in str(verdict.message)
    assert _stored(central, kept["id"]) == ("validee", None)  # nothing revoked
    items = {i.procuration_id: i for i in review.list_reviews(central.engine)}
    for body, rule in ((unvisaed, "R-AUTH-3"), (by_admin, "R-AUTH-1")):
        item = items[str(body["id"])]
        assert (item.subject, item.status, item.rule_id) == (
            agent_authority.KIND_RESILIATION_SUBJECT,
            "invalidee",
            rule,
        )
    # Visaed by the station's OPJ, the délégué's résiliation revokes.
    visaed = resiliation_body(MARTIN) | {"agent_id": "del-1", "visa_opj": "opj-1"}
    assert _one(a, R, visaed).status == "validee"
    assert _stored(central, kept["id"])[0] == "resiliee"


def test_R_AUTH_3_a_delegue_s_act_without_a_visa_or_with_an_apj_s_is_refused(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "del-1", capacity="delegue_opj")
    _enrol(a, "apj-1", capacity="apj")
    bare = _act("del-1", kind="delegue_opj")
    by_apj = _act("del-1", kind="delegue_opj", visa="apj-1", rounds="T2")  # an APJ designates no délégué
    verdicts = _push(a, (P, bare, _now()), (P, by_apj, _now()))
    for verdict in verdicts:
        _refused(verdict, "R-AUTH-3", agent_authority.FLAG_NO_VISA)
        assert "TA Toulouse" in str(verdict.message)
    assert "aucun visa" in str(verdicts[0].message)


@pytest.mark.parametrize(
    ("enrolled", "kind", "label", "caught"),
    [
        ("Délégué d'OPJ", "opj", None, True),  # a long form enrolled, read as délégué
        ("DELEGUE_OPJ", "officier_de_police_judiciaire", None, True),  # the long name as a token
        ("delegue_opj", "delegue_opj", "Officier de police judiciaire", True),  # the label says OPJ
        ("delegue_opj", "delegue_d_opj", "OPJ", True),  # an older spelling of délégué, the label says OPJ
        ("delegue_opj", "delegue_d_opj", None, False),  # the same capacity, visaed: passes
        ("OPJ", "opj", "Officier de police judiciaire", False),  # case and the long name of the same capacity
        ("Réserviste APJ", "reserviste_apj", "Réserviste ayant la qualité d'APJ", False),
        ("apj", "opjx", None, True),  # a kind the central store cannot read is not the capacity enrolled
    ],
)
def test_R_AUTH_a_capacity_spelled_otherwise_is_read_on_both_sides(
    central: Embedded, enrolled: str, kind: str, label: str | None, caught: bool
) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "opj-1")
    _enrol(a, "agent-x", capacity=enrolled)
    verdict = _one(a, P, _act("agent-x", kind=kind, label=label, visa="opj-1"))
    if caught:
        assert verdict.status == "invalidee" and agent_authority.FLAG_CAPACITY in verdict.flags, verdict
    else:
        assert (verdict.status, verdict.flags) == ("validee", ()), verdict


def test_a_store_from_before_removal_times_dates_its_removed_agents_at_the_upgrade(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "opj-1")
    _enrol(a, "opj-2")
    assert a.http.post("/v1/security/agents/opj-1/deactivate", json={}).is_success
    with central.engine.begin() as conn:  # the table as versions before the column made it
        conn.execute(text("ALTER TABLE security_agents DROP COLUMN deactivated_at"))
    upgraded_at = _now()
    create_security_schema(central.engine)
    with central.engine.connect() as conn:
        rows = {r.id: r.deactivated_at for r in conn.execute(select(agents.c.id, agents.c.deactivated_at))}
    assert rows["opj-2"] is None
    removed = rows["opj-1"]
    assert removed is not None and (removed.replace(tzinfo=removed.tzinfo or UTC)) >= upgraded_at
    # Its acts from then are refused; those dated before stand (their removal time is not known).
    verdicts = _push(a, (P, _act("opj-1"), upgraded_at - timedelta(seconds=1)), (P, _act("opj-1", rounds="T2"), _now()))
    assert verdicts[0].status == "validee" and verdicts[1].rule_id == "R-AUTH-1"


def test_a_removal_told_twice_keeps_its_first_time(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    _enrol(a, "opj-1")
    assert a.http.post("/v1/security/agents/opj-1/deactivate", json={}).is_success
    with central.engine.begin() as conn:
        first = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
        conn.execute(update(agents).where(agents.c.id == "opj-1").values(deactivated_at=first))
    assert a.http.post("/v1/security/agents/opj-1/deactivate", json={}).is_success
    with central.engine.connect() as conn:
        kept = conn.execute(select(agents.c.deactivated_at).where(agents.c.id == "opj-1")).scalar_one()
    assert kept.replace(tzinfo=kept.tzinfo or UTC) == first


def test_the_national_review_page_says_why_each_act_was_refused(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "Commissariat Paris 7")
    _enrol(a, "del-1", capacity="delegue_opj")
    _enrol(a, "admin-1", role="administrateur", capacity="administrateur")
    _push(a, (P, _act("del-1", kind="opj"), _now()), (R, resiliation_body(DUBOIS) | {"agent_id": "admin-1"}, _now()))
    page = html.unescape(review_page(review.list_reviews(central.engine), [], who=ADMIN))
    assert "qualité différente de celle enrôlée (R-AUTH-1)" in page and "agent non habilité (R-AUTH-1)" in page
    assert "Résiliation<br>" in page and "Procuration<br>" in page and "Invalidée R-AUTH-1" in page
    assert page.count("Contester le refus (à reprendre)") == 2 and "Contester l'heure" not in page
    assert agent_authority.FLAG_CAPACITY not in page and agent_authority.FLAG_NOT_HABILITATED not in page
