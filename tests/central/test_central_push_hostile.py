"""Hostile push bodies from a station with valid credentials, over real HTTP (sync/security audit, finding 2).

A body of 100,000 empty entries made 600,000 pydantic errors on the event loop (5 s), 8 MiB of them froze every
station for minutes: the count and the size of each entry are checked before any entry is validated, and the
validation runs on a worker thread, so the other stations are served meanwhile.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from centralkit import DUBOIS, MARTIN, Station, poll_while_held, procuration_body
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from central.embedded import Embedded
from central.push_body import ENTRY_VALUES, SHOWN_ERRORS
from desktop.models.ids import uuid7
from desktop.sync.wire import MAX_ENTRIES, Batch, Refusal

P = "procuration.etablie"
JSON_TYPE = {"Content-Type": "application/json"}


def _raw_push(station: Station, body: bytes) -> httpx.Response:
    return station.http.post(f"/v1/stations/{station.station_id}/batches", content=body, headers=JSON_TYPE)


def _refusal(answer: httpx.Response) -> Refusal:
    assert len(answer.content) < 3000, len(answer.content)  # a short answer, whatever the body
    return Refusal.from_json(answer.content)


def _empty_entries(count: int) -> bytes:
    return b'{"batch_id":"' + uuid7().encode() + b'","entries":[' + b",".join([b"{}"] * count) + b"]}"


def test_too_many_entries_are_refused_before_any_is_validated(sqlite_central: Embedded) -> None:
    station = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    answer = _raw_push(station, _empty_entries(100_000))  # 600,000 errors to make, before: the first one said
    assert answer.status_code == 422
    refusal = _refusal(answer)
    assert refusal.message == f"entries : liste de {MAX_ENTRIES} éléments au plus attendue", refusal.message
    assert _raw_push(station, _empty_entries(MAX_ENTRIES)).status_code == 422  # as many as allowed: validated


def test_an_entry_of_too_many_values_is_refused_before_it_is_validated(sqlite_central: Embedded) -> None:
    station = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    batch = station.batch((P, procuration_body(MARTIN, DUBOIS), datetime.now(UTC)))
    batch["entries"][0]["body"]["mandant"]["prenoms"] = ["Claire"] * 200_000  # a million errors, in one entry
    answer = _raw_push(station, json.dumps(batch).encode())
    assert answer.status_code == 422
    assert _refusal(answer).message == f"entries[0] : plus de {ENTRY_VALUES} valeurs JSON hors données opaques"
    junk = {f"k{i}": 0 for i in range(ENTRY_VALUES)}  # unknown fields, one error each
    answer = _raw_push(station, json.dumps({"batch_id": uuid7(), "entries": [{}, junk, junk]}).encode())
    assert _refusal(answer).message == f"entries[1] : plus de {ENTRY_VALUES} valeurs JSON hors données opaques"
    answer = _raw_push(station, json.dumps({"batch_id": [0] * 200_000, "entries": [{}]}).encode())
    assert _refusal(answer).message == f"requête : plus de {ENTRY_VALUES} valeurs JSON hors données opaques"


def test_a_refusal_names_its_first_errors_and_how_many_there_were(sqlite_central: Embedded) -> None:
    station = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    body = _empty_entries(2)  # six fields missing in each, and more
    with pytest.raises(ValidationError) as caught:
        Batch.model_validate(json.loads(body))
    assert caught.value.error_count() > SHOWN_ERRORS
    answer = _raw_push(station, body)
    assert answer.status_code == 422
    message = _refusal(answer).message
    assert message.count(" : ") == SHOWN_ERRORS, message
    assert message.endswith(f"(… {caught.value.error_count()} erreurs en tout)"), message
    assert message.startswith("entries[0] : champ manquant seq ; entries[0] : champ manquant id")


def test_a_poll_is_answered_while_a_push_body_is_validated(
    sqlite_central: Embedded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validation of a big (but allowed) body is held until the other station's poll is answered: on the
    event loop, the poll would wait for it (the order is measured, not a time)."""
    hostile = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token, "hostile")
    other = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token, "autre")
    started, released = threading.Event(), threading.Event()
    validate = Batch.model_validate_json

    def held(data: Any, **kwargs: Any) -> Batch:
        started.set()
        released.wait(timeout=15)  # the test releases it once the poll is answered; never for ever
        return validate(data, **kwargs)

    monkeypatch.setattr(Batch, "model_validate_json", held)
    junk = {f"k{i}": [0] for i in range(ENTRY_VALUES // 2 - 1)}  # within every bound, and all wrong
    body = json.dumps({"batch_id": uuid7(), "entries": [junk] * MAX_ENTRIES}).encode()
    status, answered_first, pushed = poll_while_held(
        other, lambda: _raw_push(hostile, body).status_code, started, released
    )
    assert status == 200
    assert answered_first, "the poll waited for the push body's validation"
    assert pushed == 422


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda kids: st.lists(kids, max_size=5) | st.dictionaries(st.text(max_size=8), kids, max_size=5),
    max_leaves=30,
)
FIELDS = st.sampled_from(["seq", "id", "kind", "body", "established_at", "clock", "autre"])


@st.composite
def hostile_bodies(draw: st.DrawFn) -> bytes:
    """Bodies a hostile station could send: junk JSON, damaged entries, many of them, bytes that are no JSON."""
    kind = draw(st.sampled_from(["json", "entries", "many", "bytes", "deep"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "deep":
        depth = draw(st.integers(1, 5000))
        return b'{"batch_id":"x","entries":' + b"[" * depth + b"]" * depth + b"}"
    if kind == "json":
        return json.dumps(draw(JSON)).encode()
    if kind == "many":
        item = draw(JSON | st.just({}))
        return json.dumps({"batch_id": uuid7(), "entries": [item] * draw(st.integers(0, 3 * MAX_ENTRIES))}).encode()
    entries = draw(st.lists(st.dictionaries(FIELDS, JSON, max_size=7), min_size=1, max_size=20))
    return json.dumps({"batch_id": draw(JSON | st.just(uuid7())), "entries": entries}).encode()


def test_hostile_push_bodies_never_make_a_server_error(sqlite_central: Embedded) -> None:
    station = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(body=hostile_bodies())
    def check(body: bytes) -> None:
        answer = _raw_push(station, body)
        assert answer.status_code == 422, (answer.status_code, body[:200])
        _refusal(answer)

    check()
