"""Passport-renewal and internet-vote entries judged again at the central store (central/renewal_checks.py): a
station whose clock is set back or forward, or a tampered one holding a valid token, no longer walks around the
desk's R-PASS-2/3/4, R-PASS-STEP, R-PASS-1 and R-IVOTE-2 checks; the refusal travels back as a French reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from test_central_l73 import ENROLLED, fresh
from test_central_trust import _entry, _push, _result

from central.auth import enrol_station
from central.contacts import record_contact
from central.embedded import load_demo_data
from central.service import open_database
from desktop.models.ids import uuid7
from desktop.sync.wire import Verdict

PILOT_END = datetime(2027, 11, 30, 12, 0, tzinfo=UTC)  # the 2025-2027 pilot's last day (R-PASS-4)
AFTER = PILOT_END + timedelta(days=5)  # the station's last contact: the pilot is over everywhere
SET_BACK = PILOT_END - timedelta(days=2)  # what its clock says (a dead battery, a hand)
P = "passeport.etape"
V = "vote_internet.demande"


def _station(tmp_path: Path, contact: datetime) -> tuple[Engine, str]:
    engine, (station, _, _) = fresh(tmp_path)
    with engine.begin() as conn:  # the server handed it this time (a feed read): a contact it trusts
        record_contact(conn, station_id=station, at=contact, pulled=True)
    return engine, station


def _opening(case: str, *, country: str = "ES", expires: str = "2025-06-30") -> dict[str, Any]:
    return {
        "id": case,
        "agent_id": "x",
        "data": {
            "event": "ouverture",
            "case_number": "RPD-X-2027-00001",
            "step": 2,
            "status": "en_cours",
            "country": country,
            "demandeur": {"nom": "MARTIN", "prenoms": "Claire", "date_naissance": "1980-05-02", "numic": None},
            "ancien_passeport": {"numero": None, "delivre_le": "2015-07-01", "expire_le": expires},
        },
    }


def _step(case: str, step: int, **data: Any) -> dict[str, Any]:
    return {"id": case, "agent_id": "x", "data": {"event": f"etape_{step}", "step": step, "status": "en_cours", **data}}


def _one(text: str) -> Verdict:
    [verdict] = _result(text).verdicts
    return verdict


def test_R_PASS_4_a_clock_set_back_into_the_pilot_does_not_open_a_case_after_it(tmp_path: Path) -> None:
    engine, station = _station(tmp_path, AFTER)
    case = uuid7()
    opened = _one(_push(engine, station, AFTER + timedelta(hours=1), _entry(1, _opening(case), SET_BACK, None, kind=P)))
    assert (opened.status, opened.rule_id) == ("invalidee", "R-PASS-4"), opened
    assert "expérimentation" in str(opened.message) and "horloge du poste" in str(opened.message)
    # The case is void: its later steps are refused too, saying why.
    later = _one(_push(engine, station, AFTER + timedelta(hours=2), _entry(2, _step(case, 3), SET_BACK, None, kind=P)))
    assert (later.status, later.rule_id) == ("invalidee", "R-PASS-4"), later
    assert "l'ouverture de ce dossier a été refusée" in str(later.message)
    engine.dispose()


def test_R_PASS_3_a_clock_set_back_does_not_renew_a_passport_expired_over_5_years(tmp_path: Path) -> None:
    engine, station = _station(tmp_path, datetime(2027, 6, 10, 8, 0, tzinfo=UTC))
    body = _opening(uuid7(), expires="2022-06-05")  # 5 years on 5 June 2027: over, whatever the zone
    set_back = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)
    verdict = _one(
        _push(engine, station, datetime(2027, 6, 10, 9, 0, tzinfo=UTC), _entry(1, body, set_back, None, kind=P))
    )
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-PASS-3"), verdict
    engine.dispose()


def test_an_honest_opening_in_the_pilot_is_registered(tmp_path: Path) -> None:
    engine, station = _station(tmp_path, PILOT_END - timedelta(hours=1))
    # The pilot's last day at UTC−10, already 1 December in UTC: not refused (the act's day is judged anywhere).
    late_evening = datetime(2027, 12, 1, 7, 0, tzinfo=UTC)
    verdict = _one(_push(engine, station, late_evening, _entry(1, _opening(uuid7()), late_evening, None, kind=P)))
    assert (verdict.status, verdict.rule_id) == ("validee", None), verdict
    engine.dispose()


def test_R_PASS_STEP_a_clock_set_forward_cannot_start_the_40_days_later(tmp_path: Path) -> None:
    now = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    engine, station = _station(tmp_path, now - timedelta(hours=1))
    case = uuid7()
    assert _one(_push(engine, station, now, _entry(1, _opening(case), now, None, kind=P))).status == "validee"
    forward = now + timedelta(days=20)  # the clock set forward: the passport « received » 20 days later
    later = _step(case, 6, on=forward.date().isoformat(), deadline_start=forward.date().isoformat())
    verdict = _one(_push(engine, station, now + timedelta(minutes=5), _entry(2, later, forward, None, kind=P)))
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-PASS-STEP-6"), verdict
    assert "21/03/2027" in str(verdict.message) and "au plus tard le 02/03/2027" in str(verdict.message)
    honest = _step(case, 6, on=now.date().isoformat(), deadline_start=now.date().isoformat())
    again = _one(_push(engine, station, now + timedelta(minutes=6), _entry(3, honest, now, None, kind=P)))
    assert again.status == "validee", again
    engine.dispose()


def test_R_PASS_1_a_late_return_does_not_close_the_case(tmp_path: Path) -> None:
    now = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    engine, station = _station(tmp_path, now - timedelta(hours=1))
    case = uuid7()
    _push(engine, station, now, _entry(1, _opening(case), now, None, kind=P))
    late = _step(case, 8, on="2027-02-25", deadline_start="2027-01-01", returned_on="2027-02-25") | {}
    late["data"]["status"] = "cloture"  # day 55, and the station closes the case as if in time
    verdict = _one(_push(engine, station, now + timedelta(minutes=1), _entry(2, late, now, None, kind=P)))
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-PASS-1"), verdict
    assert "10/02/2027" in str(verdict.message) and "Interpol" in str(verdict.message)
    # Tampered: the return « in time » from a start later than every step the central store holds.
    other = uuid7()
    _push(engine, station, now, _entry(3, _opening(other), now, None, kind=P))
    received = _step(other, 6, on="2027-01-01", deadline_start="2027-01-01")
    _push(engine, station, now + timedelta(minutes=2), _entry(4, received, now, None, kind=P))
    forged = _step(other, 8, on="2027-02-25", deadline_start="2027-02-01", returned_on="2027-02-25")
    forged["data"]["status"] = "cloture"
    verdict = _one(_push(engine, station, now + timedelta(minutes=3), _entry(5, forged, now, None, kind=P)))
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-PASS-1"), verdict
    engine.dispose()


def test_R_IVOTE_2_a_link_serves_once_whatever_the_station_says(tmp_path: Path) -> None:
    now = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    engine, station = _station(tmp_path, now - timedelta(hours=1))
    req = uuid7()
    asked = {"id": req, "agent_id": "x", "data": {"event": "demande", "numic": "123456789", "status": "lien_envoye"}}
    used = {"id": req, "agent_id": "x", "data": {"event": "lien_utilise", "status": "lien_utilise"}}
    first = _result(
        _push(engine, station, now, _entry(1, asked, now, None, kind=V), _entry(2, used, now, None, kind=V))
    )
    assert [v.status for v in first.verdicts] == ["validee", "validee"]
    again = _one(_push(engine, station, now + timedelta(minutes=1), _entry(3, used, now, None, kind=V)))
    assert (again.status, again.rule_id) == ("invalidee", "R-IVOTE-2"), again
    assert "a déjà servi" in str(again.message)
    engine.dispose()


def _ivote(record: str, credential: str, *, replaces: tuple[str, ...] = ()) -> dict[str, Any]:
    data = {"event": "demande", "numic": "123456789", "credential": credential, "status": "lien_envoye"}
    return {"id": record, "agent_id": "x", "data": data | {"remplace": list(replaces)}}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_stations(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Engine, str, str]:
    """Two enrolled stations, over SQLite and PostgreSQL (the NUMIC's entries are found by their body's text)."""
    if request.param == "sqlite":
        engine, (a, b, _) = fresh(tmp_path)
        return engine, a, b
    engine = open_database(request.getfixturevalue("pg").database())
    load_demo_data(engine)
    a, b = (enrol_station(engine, label=f"s{i}", now=ENROLLED).station_id for i in range(2))
    return engine, a, b


def test_R_IVOTE_5_the_identifier_and_the_password_are_not_renewed_at_once_at_two_consulates(
    two_stations: tuple[Engine, str, str],
) -> None:
    """Each desk checks its own requests only: the voter asked consulate A for the identifier, then B for the
    password while A's link had not served. The central store holds both: B's is refused."""
    now = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    engine, a, b = two_stations
    with engine.begin() as conn:
        for station in (a, b):
            record_contact(conn, station_id=station, at=now - timedelta(hours=1), pulled=True)
    first = uuid7()
    assert _one(_push(engine, a, now, _entry(1, _ivote(first, "identifiant"), now, None, kind=V))).status == "validee"
    other = _one(
        _push(engine, b, now + timedelta(minutes=1), _entry(1, _ivote(uuid7(), "mot_de_passe"), now, None, kind=V))
    )
    assert (other.status, other.rule_id) == ("invalidee", "R-IVOTE-5"), other
    assert "renouvellement de l'identifiant est en cours" in str(other.message)
    # Tampered: B's identifier request says it replaces A's (a desk replaces its own only), its link serves, then
    # B asks for the password: A's request is open still.
    forged = uuid7()
    taken = _one(
        _push(
            engine,
            b,
            now + timedelta(seconds=70),
            _entry(2, _ivote(forged, "identifiant", replaces=(first,)), now, None, kind=V),
        )
    )
    assert taken.status == "validee", taken
    spent = {"id": forged, "agent_id": "x", "data": {"event": "lien_utilise", "numic": "123456789"}}
    _push(engine, b, now + timedelta(seconds=80), _entry(3, spent, now, None, kind=V))
    again = _one(
        _push(engine, b, now + timedelta(seconds=90), _entry(4, _ivote(uuid7(), "mot_de_passe"), now, None, kind=V))
    )
    assert (again.status, again.rule_id) == ("invalidee", "R-IVOTE-5"), again
    second = uuid7()
    same = _one(
        _push(engine, b, now + timedelta(minutes=2), _entry(5, _ivote(second, "identifiant"), now, None, kind=V))
    )
    assert same.status == "validee", same  # the same credential again: the desk's own matter (a new link)
    # Once A's link served (and B's identifier request was replaced), the password may be renewed anywhere.
    used = {"id": first, "agent_id": "x", "data": {"event": "lien_utilise", "numic": "123456789"}}
    _push(engine, a, now + timedelta(minutes=3), _entry(2, used, now, None, kind=V))
    still = _one(
        _push(engine, b, now + timedelta(minutes=4), _entry(6, _ivote(uuid7(), "mot_de_passe"), now, None, kind=V))
    )
    assert still.rule_id == "R-IVOTE-5", still  # B's own identifier request is open still
    done = {"id": second, "agent_id": "x", "data": {"event": "lien_utilise", "numic": "123456789"}}
    _push(engine, b, now + timedelta(minutes=5), _entry(7, done, now, None, kind=V))
    free = _one(
        _push(engine, a, now + timedelta(minutes=6), _entry(3, _ivote(uuid7(), "mot_de_passe"), now, None, kind=V))
    )
    assert free.status == "validee", free
    engine.dispose()


def _enrolled(engine: Engine, station: str, *, place: str | None = None, role: str = "", capacity: str = "") -> None:
    """The station's kind of place (its enrolment file) and its agent as the central store enrolled them."""
    from sqlalchemy import insert, update

    from central.schema import stations
    from central.security_tables import agents

    with engine.begin() as conn:
        if place is not None:
            conn.execute(update(stations).where(stations.c.id == station).values(place_kind=place))
        if role:
            agent = {"id": f"agent-{station}", "station_id": station, "login": "a", "role": role}
            conn.execute(insert(agents).values(**agent, capacity=capacity, active=True, enrolled_at=ENROLLED))


def test_R_AUTH_4_renewals_are_the_consular_network_s_whatever_a_station_says(tmp_path: Path) -> None:
    """The desk offers renewals to consular capacities at a consulate or an embassy only (desktop/security/roles.py);
    a station enrolled as a commissariat, or an agent enrolled as an OPJ, that sends them anyway is refused."""
    now = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    engine, (police, opj_abroad, consul) = fresh(tmp_path)
    _enrolled(engine, police, place="commissariat")
    _enrolled(engine, opj_abroad, place="consulat", role="agent_police", capacity="opj")
    _enrolled(engine, consul, place="consulat", role="agent_consulaire", capacity="agent_consulaire")
    for station in (police, opj_abroad, consul):
        with engine.begin() as conn:
            record_contact(conn, station_id=station, at=now - timedelta(hours=1), pulled=True)
    here = _one(_push(engine, police, now, _entry(1, _opening(uuid7()), now, None, kind=P)))
    assert (here.status, here.rule_id) == ("invalidee", "R-AUTH-4"), here
    assert "consulats et les ambassades" in str(here.message)
    vote = _one(_push(engine, police, now, _entry(2, _ivote(uuid7(), "identifiant"), now, None, kind=V)))
    assert (vote.status, vote.rule_id) == ("invalidee", "R-AUTH-4"), vote
    opj = _one(_push(engine, opj_abroad, now, _entry(1, _opening(uuid7()), now, None, kind=P)))
    assert (opj.status, opj.rule_id) == ("invalidee", "R-AUTH-4"), opj
    assert "Officier de police judiciaire" in str(opj.message) or "OPJ" in str(opj.message)
    ok = _one(_push(engine, consul, now, _entry(1, _opening(uuid7()), now, None, kind=P)))
    assert ok.status == "validee", ok
    engine.dispose()


def test_a_batch_of_many_internet_vote_requests_reads_their_numics_a_few_statements_at_a_time(tmp_path: Path) -> None:
    """A station pushing a batch of requests with as many NUMICs cost one scan of the requests per NUMIC."""
    from sqlalchemy import event

    now = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    engine, station = _station(tmp_path, now - timedelta(hours=1))
    _enrolled(engine, station, place="consulat")
    scans: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "LIKE" in statement.upper():
            scans.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    items = []
    for n in range(120):
        body = _ivote(uuid7(), "identifiant")
        body["data"]["numic"] = f"{100000000 + n}"
        items.append(_entry(n + 1, body, now, None, kind=V))
    answer = _result(_push(engine, station, now, *items))
    assert {v.status for v in answer.verdicts} == {"validee"}
    assert 0 < len(scans) <= 3, len(scans)
    engine.dispose()
