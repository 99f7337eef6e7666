"""The published OpenAPI is the wire the station parses; hostile bodies get a clean refusal, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wirekit import MESSAGES, batches

from central.service import build_app
from desktop import __version__
from desktop.sync import client as client_module
from desktop.sync.client import CentralClient, Credentials, SeqConflictError
from desktop.sync.wire import (
    Batch,
    BatchResult,
    ChangesPage,
    Enrolment,
    EnrolRequest,
    Identity,
    LookupAnswer,
    LookupRequest,
    OnlineRequest,
    Refusal,
    RequestFetch,
    ServerTime,
    StationFigures,
    TokenRenewal,
    ValidityScrutin,
    Verdict,
    WireModel,
)

# What the station's client (desktop/sync/client.py) parses each answer with, route by route.
CLIENT_PARSES: list[tuple[str, str, str, type[WireModel]]] = [
    ("post", "/v1/stations/{station}/batches", "200", BatchResult),
    ("post", "/v1/stations/{station}/batches", "409", Refusal),
    ("get", "/v1/changes", "200", ChangesPage),
    ("post", "/v1/procurations/search", "200", LookupAnswer),
    ("post", "/v1/requests/fetch", "200", OnlineRequest),
    ("post", "/v1/stations", "201", Enrolment),
    ("get", "/v1/stations/{station}/figures", "200", StationFigures),
    ("post", "/v1/stations/{station}/token", "200", TokenRenewal),
]
# Published as a model too, though the client only probes it (desktop/sync/worker.py).
ALSO_PUBLISHED: list[tuple[str, str, str, type[WireModel]]] = [("get", "/v1/time", "200", ServerTime)]
CLIENT_SENDS = [
    ("post", "/v1/stations/{station}/batches", Batch),
    ("post", "/v1/stations", EnrolRequest),
    ("post", "/v1/procurations/search", LookupRequest),
    ("post", "/v1/requests/fetch", RequestFetch),
]


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


@pytest.mark.parametrize(("method", "path", "status", "model"), CLIENT_PARSES + ALSO_PUBLISHED)
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


def _answers() -> dict[tuple[str, str, int], WireModel]:
    now = datetime(2026, 11, 24, 9, tzinfo=UTC)
    who = Identity(nom="MARTIN", prenoms=("Claire",), date_naissance=date(1990, 1, 15))
    return {
        ("POST", "/v1/stations/s1/batches", 200): BatchResult(
            batch_id=SAMPLE["batch_id"],
            last_seq=1,
            server_time=now,
            verdicts=(Verdict(seq=1, id=SAMPLE["entries"][0]["id"], status="validee"),),
        ),
        ("POST", "/v1/stations/s1/batches", 409): Refusal(error="seq", message="m", last_seq=0),
        ("GET", "/v1/changes", 200): ChangesPage(changes=(), next_cursor=0, more=False, server_time=now),
        ("POST", "/v1/procurations/search", 200): LookupAnswer(items=()),
        ("POST", "/v1/stations/s1/token", 200): TokenRenewal(token="t2", expires_at=now),
        ("POST", "/v1/requests/fetch", 200): OnlineRequest(
            reference="K7M2QX",
            requested_at=now,
            mandant=who,
            mandataire=who,
            validity=ValidityScrutin(election_id="presidentielle-2027", rounds="T1"),
        ),
        ("POST", "/v1/stations", 201): Enrolment(station_id="s1", token="t"),
        ("GET", "/v1/stations/s1/figures", 200): StationFigures(
            station_id="00000000-0000-0000-0000-000000000001", last_contact=now, days=()
        ),
    }


def test_the_table_is_what_the_client_really_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each client call, answered by a stub, is parsed with exactly the model the table (and the schema) names."""
    parsed: list[type[WireModel]] = []
    original = WireModel.from_dict.__func__  # type: ignore[attr-defined]

    def spy(cls: type[WireModel], raw: Any, where: str = "") -> WireModel:
        parsed.append(cls)
        return original(cls, raw, where)  # type: ignore[no-any-return]

    monkeypatch.setattr(WireModel, "from_dict", classmethod(spy))
    answers = _answers()
    status_of: dict[tuple[str, str], int] = {}

    def reply(request: httpx.Request) -> httpx.Response:
        status = status_of.get((request.method, request.url.path), 201 if request.url.path == "/v1/stations" else 200)
        model = answers[(request.method, request.url.path, status)]
        return httpx.Response(status, content=model.to_json().encode())

    client = CentralClient("http://central", Credentials("s1", "t"), transport=httpx.MockTransport(reply))
    batch = Batch.from_dict(SAMPLE)
    calls = {
        ("post", "/v1/stations/{station}/batches", "200"): lambda: client.push(batch),
        ("get", "/v1/changes", "200"): lambda: client.changes(0),
        ("post", "/v1/procurations/search", "200"): lambda: client.lookup(
            agent_id="a", date_naissance=date(1990, 1, 15), nne="204512873"
        ),
        ("post", "/v1/requests/fetch", "200"): lambda: client.online_request(
            "K7M2QX", agent_id="a", date_naissance=date(1990, 1, 15)
        ),
        ("post", "/v1/stations/{station}/token", "200"): client.renew_token,
        ("get", "/v1/stations/{station}/figures", "200"): lambda: client.station_figures(),
        ("post", "/v1/stations", "201"): lambda: client_module.enrol(
            "http://central", enrolment_token="j", label="p", transport=httpx.MockTransport(reply)
        ),
    }
    for method, path, status, model in CLIENT_PARSES:
        parsed.clear()
        if status == "409":
            status_of[("POST", "/v1/stations/s1/batches")] = 409
            with pytest.raises(SeqConflictError):
                client.push(batch)
            status_of.clear()
        else:
            calls[(method, path, status)]()
        assert parsed[:1] == [model], (method, path, status)


def test_the_schema_is_served_and_no_page_loads_a_cdns_script(client: TestClient) -> None:
    """Swagger UI's /docs (and ReDoc's /redoc) loaded swagger-ui-dist from a public CDN on the administrators'
    origin: a compromised release would run beside /admin/revue (its form token, its decisions)."""
    assert client.get("/openapi.json").status_code == 200
    for page in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        answer = client.get(page)
        assert answer.status_code == 404 and "cdn.jsdelivr.net" not in answer.text, page


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


@pytest.mark.slow  # several seconds of generated cases: the quick run leaves it to CI
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
JSON_SAFE = st.recursive(  # what json.dumps can send (no infinite floats)
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
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


@pytest.mark.slow  # several seconds of generated cases: the quick run leaves it to CI
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
@given(params=st.dictionaries(st.sampled_from(["date_naissance", "nne", "nom", "prenoms", "agent_id"]), JSON_SAFE))
def test_hostile_lookups_are_refused_never_a_500(
    client: TestClient, station: dict[str, str], params: dict[str, Any]
) -> None:
    answer = client.post("/v1/procurations/search", json=params, headers={"Authorization": station["Authorization"]})
    assert answer.status_code in (200, 403, 422, 429), answer.status_code
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
