"""The push body parsed from its bytes (central/push_body.py) answers exactly as FastAPI's declared body did."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.responses import Response
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from wirekit import batches

from central.app import PushedBatch, _handlers
from desktop.sync.wire import Batch


def _both() -> TestClient:
    """One route with FastAPI's own body parsing (as before), one with `pushed_batch`, the same error handlers."""
    app = FastAPI(separate_input_output_schemas=False)
    _handlers(app)

    @app.post("/fastapi")
    def declared(batch: Batch) -> Response:
        return Response(batch.to_json(), media_type="application/json")

    @app.post("/bytes")
    def parsed(batch: PushedBatch) -> Response:
        return Response(batch.to_json(), media_type="application/json")

    return TestClient(app, raise_server_exceptions=False)  # a lone surrogate is a 500 on both (digest, answer)


BOTH = _both()
ENTRY = {
    "seq": 1,
    "id": "0193a000-0000-7000-8000-000000000001",
    "kind": "passeport.etape",
    "body": {"id": "0193a000-0000-7000-8000-000000000002", "agent_id": "a", "data": {"é": [1, 2.5, None]}},
    "established_at": "2026-11-24T09:00:00+01:00",
    "clock": {"wall": "2026-11-24T09:00:00Z", "basis": "wall"},
}
GOOD = {"batch_id": "0193a000-0000-7000-8000-000000000000", "entries": [ENTRY]}
JSON_TYPE = {"Content-Type": "application/json"}


def _same(content: bytes, headers: dict[str, str]) -> None:
    old = BOTH.post("/fastapi", content=content, headers=headers)
    new = BOTH.post("/bytes", content=content, headers=headers)
    assert (new.status_code, new.content) == (old.status_code, old.content), content[:200]


CASES: list[tuple[bytes, dict[str, str]]] = [
    (json.dumps(GOOD).encode(), JSON_TYPE),
    (json.dumps(GOOD, ensure_ascii=False).encode(), {"Content-Type": "application/json; charset=utf-8"}),
    (json.dumps(GOOD).encode(), {"Content-Type": "application/vnd.guichet+json"}),
    (json.dumps(GOOD).encode(), {"Content-Type": "text/plain"}),
    (json.dumps(GOOD).encode(), {}),
    (b"", JSON_TYPE),
    (b"   ", JSON_TYPE),
    (b'{"batch_id": 1}', JSON_TYPE),
    (b'{"batch_id": "x", ', JSON_TYPE),
    (b"\xff\xfe{}", JSON_TYPE),
    (b"[" * 100_000 + b"]" * 100_000, JSON_TYPE),
    (b"[]", JSON_TYPE),
    (b"null", JSON_TYPE),
    (json.dumps({**GOOD, "extra": 1}).encode(), JSON_TYPE),
    (json.dumps({**GOOD, "entries": []}).encode(), JSON_TYPE),
    (json.dumps({**GOOD, "entries": [ENTRY, ENTRY]}).encode(), JSON_TYPE),
    (json.dumps({**GOOD, "entries": [{**ENTRY, "seq": 0}]}).encode(), JSON_TYPE),
    (json.dumps({**GOOD, "entries": [{**ENTRY, "seq": "1"}]}).encode(), JSON_TYPE),
    (json.dumps({**GOOD, "entries": [{**ENTRY, "seq": 1.0}]}).encode(), JSON_TYPE),
    (json.dumps({**GOOD, "entries": [{**ENTRY, "kind": "procuration.etablie"}]}).encode(), JSON_TYPE),
    (json.dumps({**GOOD, "entries": [{**ENTRY, "established_at": "2026-11-24T09:00:00"}]}).encode(), JSON_TYPE),
    (
        json.dumps({**GOOD, "entries": [{**ENTRY, "body": {**ENTRY["body"], "data": {"x": float("nan")}}}]}).encode(),
        JSON_TYPE,
    ),
    (json.dumps({**GOOD, "entries": [{**ENTRY, "body": {**ENTRY["body"], "data": {"x": 1e400}}}]}).encode(), JSON_TYPE),
    (
        json.dumps({**GOOD, "entries": [{**ENTRY, "body": {**ENTRY["body"], "data": {"x": "\ud800"}}}]}).encode(),
        JSON_TYPE,
    ),
    (json.dumps({**GOOD, "entries": [{**ENTRY, "body": {**ENTRY["body"], "data": {"x": 2**70}}}]}).encode(), JSON_TYPE),
    (b'{"batch_id": "0193a000-0000-7000-8000-000000000000", "batch_id": 3, "entries": []}', JSON_TYPE),
]


@pytest.mark.parametrize(("content", "headers"), CASES)
def test_each_body_answers_as_fastapi_did(content: bytes, headers: dict[str, str]) -> None:
    _same(content, headers)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=5),
    max_leaves=20,
)


@settings(max_examples=80, deadline=None)
@given(change=st.dictionaries(st.sampled_from([*ENTRY, "autre"]), JSON, max_size=3), batch_id=JSON)
def test_damaged_batches_answer_as_fastapi_did(change: dict[str, Any], batch_id: Any) -> None:
    _same(json.dumps({**GOOD, "entries": [{**ENTRY, **change}]}).encode(), JSON_TYPE)
    _same(json.dumps({**GOOD, "batch_id": batch_id}).encode(), JSON_TYPE)


@settings(max_examples=30, deadline=None)
@given(batch=batches())
def test_every_batch_a_station_sends_parses_as_before(batch: Batch) -> None:
    _same(batch.to_json().encode(), JSON_TYPE)


def test_a_lone_surrogate_in_opaque_data_is_refused_not_a_500() -> None:
    """ "\\ud800" is valid JSON but has no UTF-8: the batch digest could not be computed (was a 500)."""
    entry = {**ENTRY, "body": {**ENTRY["body"], "data": {"x": "\ud800"}}}
    answer = BOTH.post("/bytes", content=json.dumps({**GOOD, "entries": [entry]}).encode(), headers=JSON_TYPE)
    assert answer.status_code == 422
    assert answer.json()["error"] == "format"
    entry = {**ENTRY, "body": {**ENTRY["body"], "data": {"\udfff": 1}}}
    answer = BOTH.post("/bytes", content=json.dumps({**GOOD, "entries": [entry]}).encode(), headers=JSON_TYPE)
    assert answer.status_code == 422
