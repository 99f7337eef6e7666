"""The published OpenAPI is the wire the station parses; hostile bodies get a clean refusal, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wirekit import MESSAGES, batches

from central.service import build_app
from desktop import __version__
from desktop.sync.wire import (
    Batch,
    BatchResult,
    ChangesPage,
    Enrolment,
    EnrolRequest,
    LookupAnswer,
    OnlineRequest,
    Refusal,
    ServerTime,
    WireModel,
)

# What the station's client (desktop/sync/client.py) parses each answer with, route by route.
CLIENT_PARSES: list[tuple[str, str, str, type[WireModel]]] = [
    ("post", "/v1/stations/{station}/batches", "200", BatchResult),
    ("post", "/v1/stations/{station}/batches", "409", Refusal),
    ("get", "/v1/changes", "200", ChangesPage),
    ("get", "/v1/procurations", "200", LookupAnswer),
    ("get", "/v1/requests/{reference}", "200", OnlineRequest),
    ("post", "/v1/stations", "201", Enrolment),
    ("get", "/v1/time", "200", ServerTime),
]
CLIENT_SENDS = [("post", "/v1/stations/{station}/batches", Batch), ("post", "/v1/stations", EnrolRequest)]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    folder = tmp_path_factory.mktemp("central")
    return build_app(f"sqlite:///{folder / 'central.db'}", enrolment_token="jeton", folder=folder)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:  # server errors raise in the test: a 500 cannot pass unnoticed
        yield c


@pytest.fixture(scope="module")
def station(client: TestClient) -> dict[str, str]:
    answer = client.post("/v1/stations", json={"label": "poste"}, headers={"Authorization": "Bearer jeton"})
    assert answer.status_code == 201
    creds = Enrolment.from_json(answer.content)
    return {"id": creds.station_id, "Authorization": f"Bearer {creds.token}"}


def _without_defaults(node: Any) -> Any:
    # FastAPI leaves out `default` on the component copies; every other keyword must be the model's own.
    if isinstance(node, dict):
        return {k: _without_defaults(v) for k, v in node.items() if k != "default"}
    if isinstance(node, list):
        return [_without_defaults(v) for v in node]
    return node


def _same_as_published(model: type[WireModel], components: dict[str, Any]) -> None:
    own = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, schema in {model.__name__: own, **own.pop("$defs", {})}.items():
        assert _without_defaults(components[name]) == _without_defaults(schema), name


def test_document_is_generated_with_version_and_tags(app: FastAPI) -> None:
    doc = app.openapi()
    assert doc["info"]["version"] == __version__
    assert {"synchronisation", "consultation", "enrôlement"} <= {t["name"] for t in doc["tags"]}
    assert doc["paths"]["/v1/changes"]["get"]["tags"] == ["synchronisation"]


@pytest.mark.parametrize(("method", "path", "status", "model"), CLIENT_PARSES)
def test_each_answer_the_client_parses_is_published_as_that_model(
    app: FastAPI, method: str, path: str, status: str, model: type[WireModel]
) -> None:
    doc = app.openapi()
    schema = doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    assert schema == {"$ref": f"#/components/schemas/{model.__name__}"}
    _same_as_published(model, doc["components"]["schemas"])


@pytest.mark.parametrize(("method", "path", "model"), CLIENT_SENDS)
def test_each_body_the_client_sends_is_the_declared_request_body(
    app: FastAPI, method: str, path: str, model: type[WireModel]
) -> None:
    doc = app.openapi()
    body = doc["paths"][path][method]["requestBody"]
    assert body["required"] is True
    assert body["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{model.__name__}"}
    _same_as_published(model, doc["components"]["schemas"])


def test_docs_page_is_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200


# A FastAPI app that answers each message as the central store does (response_model, same settings).
def _echo_app() -> tuple[FastAPI, dict[str, Any]]:
    echo = FastAPI(separate_input_output_schemas=False)
    held: dict[str, Any] = {}
    for model in MESSAGES:

        def answer(name: str = model.__name__) -> Any:
            return held[name]

        echo.get(f"/{model.__name__}", response_model=model)(answer)

    @echo.post("/batch", response_model=Batch)
    def take(batch: Batch) -> Batch:
        return batch

    return echo, held


ECHO, HELD = _echo_app()
ECHO_CLIENT = TestClient(ECHO)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_server_serialisation_is_parsed_back_unchanged(data: st.DataObject) -> None:
    for model, strategy in MESSAGES.items():
        value = data.draw(strategy, label=model.__name__)
        HELD[model.__name__] = value
        answer = ECHO_CLIENT.get(f"/{model.__name__}")
        assert answer.status_code == 200
        assert model.from_json(answer.content) == value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=batches())
def test_every_batch_the_client_sends_is_accepted_as_sent(batch: Batch) -> None:
    answer = ECHO_CLIENT.post("/batch", content=batch.to_json(), headers={"Content-Type": "application/json"})
    assert answer.status_code == 200
    assert Batch.from_json(answer.content) == batch


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=5),
    max_leaves=20,
)
MARK = "SECRET-0123456789"
SAMPLE = json.loads(
    json.dumps(
        {
            "batch_id": "0193a000-0000-7000-8000-000000000000",
            "entries": [
                {
                    "seq": 1,
                    "id": "0193a000-0000-7000-8000-000000000001",
                    "kind": "passeport.etape",
                    "body": {"id": "0193a000-0000-7000-8000-000000000002", "agent_id": "a", "data": {}},
                    "established_at": "2026-11-24T09:00:00Z",
                    "clock": {"wall": "2026-11-24T09:00:00Z", "basis": "wall"},
                }
            ],
        }
    )
)
HOSTILE = st.one_of(
    JSON,
    st.just(MARK * 10_000),
    st.fixed_dictionaries({"batch_id": st.just(MARK), "entries": st.lists(JSON, max_size=3)}),
    st.fixed_dictionaries({"batch_id": JSON, "entries": st.just(SAMPLE["entries"])}),
    st.builds(lambda e: {**SAMPLE, "entries": [{**SAMPLE["entries"][0], **e}]}, st.dictionaries(st.text(), JSON)),
)


def _refused_cleanly(answer: Any) -> None:
    assert answer.status_code in (200, 409, 413, 422), answer.status_code
    if answer.status_code != 200:
        refusal = Refusal.from_json(answer.content)
        assert MARK not in answer.text and refusal.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=HOSTILE)
def test_hostile_batches_are_refused_never_a_500(client: TestClient, station: dict[str, str], body: Any) -> None:
    answer = client.post(
        f"/v1/stations/{station['id']}/batches",
        content=json.dumps(body),
        headers={"Authorization": station["Authorization"], "Content-Type": "application/json"},
    )
    _refused_cleanly(answer)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["date_naissance", "nne", "nom", "prenoms"]), st.text(max_size=700)))
def test_hostile_lookups_are_refused_never_a_500(
    client: TestClient, station: dict[str, str], params: dict[str, str]
) -> None:
    answer = client.get(
        "/v1/procurations",
        params=params,
        headers={"Authorization": station["Authorization"], "X-Agent-Id": "a", "X-Agent-Role": "superviseur"},
    )
    assert answer.status_code in (200, 422), answer.status_code
    if answer.status_code == 200:
        LookupAnswer.from_json(answer.content)


def test_unreadable_and_oversized_bodies(client: TestClient, station: dict[str, str]) -> None:
    url = f"/v1/stations/{station['id']}/batches"
    headers = {"Authorization": station["Authorization"], "Content-Type": "application/json"}
    too_big = client.post(url, content=b"[" + b" " * (9 * 1024 * 1024) + b"]", headers=headers)
    assert too_big.status_code == 413 and Refusal.from_json(too_big.content).error == "taille"
    deep = client.post(url, content=b"[" * 100_000 + b"]" * 100_000, headers=headers)
    assert deep.status_code in (400, 422)
    nan = client.post(url, content=b'{"batch_id": NaN, "entries": []}', headers=headers)
    assert nan.status_code == 422
    anonymous = client.post(url, json={"batch_id": MARK}, headers={"Content-Type": "application/json"})
    assert anonymous.status_code == 401  # credentials are checked before the body is judged


def test_enrolment_label_is_validated(client: TestClient) -> None:
    auth = {"Authorization": "Bearer jeton"}
    for bad in ({"label": ""}, {"label": "x" * 201}, {"label": 3}, {"label": "p", "extra": MARK}, [MARK]):
        answer = client.post("/v1/stations", json=bad, headers=auth)
        assert answer.status_code == 422 and MARK not in answer.text
