"""Hostile renewal entries at the central store (central/renewal_checks.py, central/ivote_checks.py).

A renewal's `data` is whatever a station holding a valid token sends (an opaque body, checked for size and depth
only): dates that are numbers or « 2027-02-30 » or the year 9999, steps that are texts, lists where objects are.
The central store answers a verdict for every entry of such a batch, the good entries keep theirs, and what it
stores reads back: one bad entry never fails the batch (a 500 that the station would resend for ever), nor another
station's later batches.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from centralkit import Station
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from test_central_l73 import fresh
from test_central_renewal_checks import _opening, _step
from test_central_trust import _entry, _push, _result

from central.contacts import record_contact
from central.embedded import Embedded
from central.schema import entries, stations
from desktop.models.ids import uuid7
from desktop.sync.wire import KIND_PASSEPORT, KIND_VOTE_INTERNET, BatchResult

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
# A few records of each kind, so that hostile entries meet each other's history (a record keeps its kind).
CASES = {KIND_PASSEPORT: [uuid7() for _ in range(3)], KIND_VOTE_INTERNET: [uuid7() for _ in range(3)]}
NUMICS = ["123456789", "987654321"]
RULE_IDS = {"R-PASS-1", "R-PASS-2", "R-PASS-3", "R-PASS-4", "R-IVOTE-2", "R-IVOTE-5", "R-AUTH-4"} | {
    f"R-PASS-STEP-{n}" for n in (5, 6, 7, 8)
}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
JSON = st.recursive(
    SCALARS,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=6), kids, max_size=4),
    max_leaves=20,
)
DATES = st.sampled_from(
    ["2027-02-30", "９９９９-01-01", "9999-12-31", "9999-11-30", "9995-06-30", "0001-01-01", "1900-02-29", "20270301",
     "2027-03-01T99:00", "", "2027-3-1", "2027-03-01"]
) | st.dates().map(lambda d: d.isoformat())  # fmt: skip
HOSTILE = JSON | DATES | st.text(st.characters(max_codepoint=31), max_size=5)
TEXTS = HOSTILE | st.text(min_size=2500, max_size=3000)  # a few fields only: a body keeps within its 16 kB
STEPS = st.sampled_from([5, 6, 7, 8, 5.0, -1, 10**18, "6", True]) | SCALARS
EVENTS = st.sampled_from(["ouverture", "etape_5", "etape_6", "etape_8", "demande", "lien_utilise", "", "?"]) | JSON


@st.composite
def hostile_data(draw: st.DrawFn) -> dict[str, Any]:
    """A renewal's data as a hostile station could write it: the known keys, any value, some junk keys."""
    person = st.fixed_dictionaries({"date_naissance": DATES | HOSTILE}) | HOSTILE
    passport = st.fixed_dictionaries({"delivre_le": DATES | HOSTILE, "expire_le": DATES | HOSTILE}) | HOSTILE
    fields: dict[str, st.SearchStrategy[Any]] = {
        "event": EVENTS,
        "step": STEPS,
        "status": st.sampled_from(["cloture", "en_cours", "lien_envoye"]) | JSON,
        "on": DATES | HOSTILE,
        "deadline_start": DATES | HOSTILE,
        "returned_on": DATES | HOSTILE,
        "country": st.sampled_from(["ES", "esp", "FR", ""]) | TEXTS,
        "demandeur": person,
        "ancien_passeport": passport,
        "numic": st.sampled_from(NUMICS) | TEXTS,
        "credential": st.sampled_from(["identifiant", "mot_de_passe"]) | TEXTS,
        "remplace": st.lists(st.sampled_from(CASES[KIND_VOTE_INTERNET]) | HOSTILE, max_size=3) | HOSTILE,
    }
    data = draw(st.fixed_dictionaries({}, optional=fields))
    data |= draw(st.dictionaries(st.text(max_size=8), JSON, max_size=2))
    return data


@st.composite
def hostile_entry(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    kind = draw(st.sampled_from([KIND_PASSEPORT, KIND_VOTE_INTERNET]))
    record = draw(st.sampled_from(CASES[kind]) | st.builds(uuid7))
    return kind, {"id": record, "agent_id": "x", "data": draw(hostile_data())}


def _good(today: date = TODAY) -> list[tuple[str, dict[str, Any], str, str | None]]:
    """Entries with a known verdict, whatever the batch holds besides: (kind, body, status, rule)."""
    ivote = {"event": "demande", "numic": f"5{uuid7()[-8:]}", "credential": "identifiant", "status": "lien_envoye"}
    later = (today + timedelta(days=20)).isoformat()
    future = _step(uuid7(), 6, on=later, deadline_start=later)  # R-PASS-STEP: after the act's day
    return [
        (KIND_PASSEPORT, _opening(uuid7()), "validee", None),
        (KIND_VOTE_INTERNET, {"id": uuid7(), "agent_id": "x", "data": ivote}, "validee", None),
        (KIND_PASSEPORT, future, "invalidee", "R-PASS-STEP-6"),
    ]


def _mixed(
    draw: st.DrawFn, today: date = TODAY
) -> tuple[list[tuple[str, dict[str, Any]]], dict[int, tuple[str, str | None]]]:
    """Hostile entries with the good ones among them; the good ones' expected verdicts by position."""
    items = draw(st.lists(hostile_entry(), min_size=1, max_size=8))
    expected: dict[int, tuple[str, str | None]] = {}
    for kind, body, status, rule in _good(today):
        at = draw(st.integers(0, len(items)))
        items.insert(at, (kind, body))
        expected = {(i + 1 if i >= at else i): v for i, v in expected.items()} | {at: (status, rule)}
    return items, expected


MIXED = st.composite(_mixed)()


def _engine(tmp_path: Path) -> tuple[Engine, str]:
    engine, (station, _, _) = fresh(tmp_path)
    with engine.begin() as conn:
        record_contact(conn, station_id=station, at=NOW - timedelta(hours=1), pulled=True)
    return engine, station


def _check_answer(result: BatchResult, sent: list[dict[str, Any]], expected: dict[int, tuple[str, str | None]]) -> None:
    assert [v.id for v in result.verdicts] == [e["id"] for e in sent]  # a verdict for every entry, in order
    for at, (status, rule) in expected.items():
        said = result.verdicts[at]
        assert (said.status, said.rule_id) == (status, rule), (at, said)
    for said in result.verdicts:
        assert said.status in {"validee", "invalidee"}, said
        assert said.rule_id is None or said.rule_id in RULE_IDS, said  # « R-PASS-STEP-5.0 » is no rule


def _check_stored(engine: Engine, sent: list[dict[str, Any]]) -> None:
    with engine.connect() as conn:
        found = conn.execute(select(entries.c.id, entries.c.body).where(entries.c.id.in_([e["id"] for e in sent])))
        rows = {r.id: r.body for r in found}
    assert set(rows) == {e["id"] for e in sent}
    for e in sent:
        assert json.loads(rows[e["id"]])["data"] == e["body"]["data"]  # what is stored reads back as sent


def _pusher(engine: Engine, station: str) -> Callable[[list[tuple[str, dict[str, Any]]]], tuple[str, list[Any]]]:
    def push(items: list[tuple[str, dict[str, Any]]]) -> tuple[str, list[Any]]:
        with engine.connect() as conn:  # the station's last seq: a batch that failed stored nothing
            last = conn.execute(select(stations.c.last_seq).where(stations.c.id == station)).scalar_one()
        sent = [_entry(last + n, body, NOW, None, kind=kind) for n, (kind, body) in enumerate(items, 1)]
        return _push(engine, station, NOW + timedelta(minutes=1), *sent), sent

    return push


def test_hostile_renewal_entries_each_get_a_verdict_and_the_good_ones_keep_theirs(tmp_path: Path) -> None:
    engine, station = _engine(tmp_path)
    push = _pusher(engine, station)

    @SETTINGS
    @given(mixed=MIXED)
    def check(mixed: tuple[list[tuple[str, dict[str, Any]]], dict[int, tuple[str, str | None]]]) -> None:
        items, expected = mixed
        text, sent = push(items)
        _check_answer(_result(text), sent, expected)
        _check_stored(engine, sent)

    check()
    engine.dispose()


def _one_of(engine: Engine, station: str, kind: str, body: dict[str, Any]) -> Any:
    [verdict] = _result(_pusher(engine, station)([(kind, body)])[0]).verdicts
    return verdict


def test_a_return_dated_from_the_year_9999_is_answered_not_a_server_error(tmp_path: Path) -> None:
    """The 40 days from a start at the calendar's end overflowed (OverflowError): the batch failed, and was sent
    again for ever. A date the desk cannot write is no date: the return is judged without it."""
    engine, station = _engine(tmp_path)
    for start in ("9999-12-31", "9999-11-25"):
        case = uuid7()
        _pusher(engine, station)([(KIND_PASSEPORT, _opening(case))])
        late = _step(case, 8, on="2027-02-25", deadline_start=start, returned_on="2027-02-25", status="cloture")
        verdict = _one_of(engine, station, KIND_PASSEPORT, late)
        assert verdict.status in {"validee", "invalidee"}, verdict
    engine.dispose()


def test_an_opening_whose_passport_expires_in_the_year_9999_is_answered_not_a_server_error(tmp_path: Path) -> None:
    """R-PASS-3's « expired over 5 years » added 5 years to the expiry: the year 10004 does not exist."""
    engine, station = _engine(tmp_path)
    for expires in ("9999-06-30", "9995-01-01"):
        verdict = _one_of(engine, station, KIND_PASSEPORT, _opening(uuid7(), expires=expires))
        assert verdict.status in {"validee", "invalidee"}, verdict
    engine.dispose()


@pytest.mark.parametrize("credential", ["x" * 2500, "mot\nde\tpasse", "", "{other}"])
def test_R_IVOTE_5_a_hostile_credential_does_not_fail_another_station_s_batches(
    tmp_path: Path, credential: str
) -> None:
    """R-IVOTE-5 named the open request's credential as the station sent it: 2,500 characters, or a line feed, made
    a reason the answer cannot carry (2,000 characters at most, no control character), and every later request
    for the voter — at any station — failed with it."""
    engine, (hostile, honest, _) = fresh(tmp_path)
    with engine.begin() as conn:
        for station in (hostile, honest):
            record_contact(conn, station_id=station, at=NOW - timedelta(hours=1), pulled=True)
    data = {"event": "demande", "numic": NUMICS[0], "credential": credential, "status": "lien_envoye"}
    first = _one_of(engine, hostile, KIND_VOTE_INTERNET, {"id": uuid7(), "agent_id": "x", "data": data})
    assert first.status == "validee", first
    asked = data | {"credential": "mot_de_passe"}
    other = _one_of(engine, honest, KIND_VOTE_INTERNET, {"id": uuid7(), "agent_id": "x", "data": asked})
    assert (other.status, other.rule_id) == ("invalidee", "R-IVOTE-5"), other
    assert credential not in str(other.message) or not credential, other.message
    assert "renouvellement de l'identifiant ou du mot de passe est en cours" in str(other.message), other.message
    engine.dispose()


def test_R_PASS_STEP_a_step_written_as_a_decimal_number_is_refused_under_its_rule(tmp_path: Path) -> None:
    """« step »: 6.0 is step 6 (as the rules read it): the refusal named « R-PASS-STEP-6.0 », a rule no one has."""
    engine, station = _engine(tmp_path)
    future = _step(uuid7(), 6, on="2027-03-20", deadline_start="2027-03-20")
    future["data"]["step"] = 6.0
    verdict = _one_of(engine, station, KIND_PASSEPORT, future)
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-PASS-STEP-6"), verdict
    engine.dispose()


def test_hostile_renewal_entries_over_http_each_get_a_verdict_and_read_back_the_same(central: Embedded) -> None:
    """The same through the real server on 127.0.0.1 (SQLite and PostgreSQL): a 200 with a verdict for every entry,
    never a 500; sent again, the batch is answered as it was stored."""
    station = Station.enrol(central.base_url, central.enrolment_token, "Consulat à Madrid")
    station.enrol_agent("agent-1", role="agent_consulaire", capacity="agent_consulaire")  # renewals: R-AUTH-4

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(mixed=st.composite(_mixed)(datetime.now(UTC).date()))
    def check(mixed: tuple[list[tuple[str, dict[str, Any]]], dict[int, tuple[str, str | None]]]) -> None:
        items, expected = mixed
        now = datetime.now(UTC)
        batch = station.batch(*((kind, body | {"agent_id": "agent-1"}, now) for kind, body in items))
        answer = station.push(batch)
        assert answer.status_code == 200, (answer.status_code, answer.text[:300])
        _check_answer(BatchResult.from_json(answer.content), batch["entries"], expected)
        again = station.push(batch)
        assert (again.status_code, BatchResult.from_json(again.content).verdicts) == (
            200,
            BatchResult.from_json(answer.content).verdicts,
        )
        _check_stored(central.engine, batch["entries"])

    check()
