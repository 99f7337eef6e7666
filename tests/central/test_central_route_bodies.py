"""Every route that takes a body reads no more than its wire model's largest honest body (central audit, 6 December
2026): a station's token let it send 8 MiB of JSON to any route, validated on the event loop (645,000 unknown
fields: 10 s on each route; a look-up of 2.8 million `prenoms`: 32 s), every other station waiting.

Over real HTTP: a body past the route's limit is refused 413 before the rest is read, the honest request still
works, a hostile body within the limit gets a short 422, a poll is answered while a big body is checked, and no junk
body makes a server error."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import httpx
import pytest
from centralkit import MARTIN, Station, poll_while_held
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from central import limits
from central.embedded import Embedded
from central.route_bodies import MIN_BODY, NO_BODY, Bound, largest_body, route_limits
from central.service import build_app
from desktop.models.ids import uuid7
from desktop.sync.wire import Refusal

JSON_TYPE = {"Content-Type": "application/json"}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "SECURITY.md"
# Each route a station or agent sends a body to, as the test calls it ({station} and {agent} filled in).
ROUTES = [
    ("POST", "/v1/procurations/search"),
    ("POST", "/v1/requests/fetch"),
    ("PUT", "/v1/security/escrow"),
    ("PUT", "/v1/security/station-key"),
    ("POST", "/v1/security/agents"),
    ("POST", "/v1/security/reset-codes"),
    ("POST", "/v1/security/reset-codes/redeem"),
    ("POST", "/v1/security/anchors"),
    ("POST", "/v1/security/checkpoints"),
    ("POST", "/v1/security/agents/{agent_id}/deactivate"),
    ("POST", "/v1/stations/{station}/token"),
]


@pytest.fixture(scope="module")
def bounds(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Bound]:
    folder = tmp_path_factory.mktemp("bounds")
    app = build_app(f"sqlite:///{folder}/c.sqlite3", enrolment_token="x" * 32, folder=folder)
    return route_limits(app, 8 * 1024 * 1024)


def _url(path: str, station: Station) -> str:
    return path.replace("{station}", station.station_id).replace("{agent_id}", "agent-1")


def _limit(bounds: dict[tuple[str, str], Bound], method: str, path: str) -> int:
    return bounds[(method, path)].size if (method, path) in bounds else NO_BODY


def _junk_keys(size: int) -> bytes:
    """An object of unknown fields (one error each), `size` bytes long."""
    count = max(1, (size - 2) // 13)
    body = ("{" + ",".join(f'"k{i:07d}":0' for i in range(count)) + "}").encode()
    return body + b" " * (size - len(body))


def _refusal(answer: httpx.Response) -> Refusal:
    assert len(answer.content) < 1000, len(answer.content)  # a short answer, whatever the body
    return Refusal.from_json(answer.content)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_a_body_past_the_routes_limit_is_refused_before_it_is_read(
    sqlite_central: Embedded, bounds: dict[tuple[str, str], Bound], method: str, path: str
) -> None:
    station = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    limit = _limit(bounds, method, path)
    assert limit <= 16 * 1024 or path == "/v1/security/escrow", limit  # a few KiB, the escrow's roster aside
    answer = station.http.request(method, _url(path, station), content=_junk_keys(limit + 1), headers=JSON_TYPE)
    assert answer.status_code == 413, (answer.status_code, answer.text[:200])
    assert _refusal(answer).error == "taille"
    within = station.http.request(method, _url(path, station), content=_junk_keys(limit), headers=JSON_TYPE)
    assert within.status_code in (200, 422), (within.status_code, within.text[:200])  # read, judged: no 413
    if within.status_code == 422:
        message = _refusal(within).message
        assert message.count(" : ") <= 5 or "valeurs JSON" in message, message


def test_the_honest_requests_still_work(sqlite_central: Embedded) -> None:
    station = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    station.enrol_agent()  # POST /v1/security/agents
    longest = {"agent_id": "agent-1", "date_naissance": "1990-01-15", "nom": "É" * 60, "prenoms": ["Ä" * 60] * 10}
    assert station.lookup(**longest).status_code == 200  # the longest names, every given name: 1.4 KiB of UTF-8
    assert station.lookup(date_naissance=MARTIN["date_naissance"], nne=MARTIN["nne"]).status_code == 200
    assert station.fetch("ZZZZZZ", "1990-01-15").status_code == 404
    assert station.http.post("/v1/security/reset-codes", json={"identifier": "agent-1"}).status_code == 202
    assert station.http.post(f"/v1/stations/{station.station_id}/token").status_code == 200
    assert station.http.post("/v1/security/agents/agent-1/deactivate", json={}).status_code == 200


def test_the_escrows_largest_roster_is_within_its_limit(bounds: dict[tuple[str, str], Bound]) -> None:
    """The escrow copy may name 10,000 agents: its body is the largest a station sends outside the push."""
    roster = [str(uuid7()) for _ in range(10_000)]
    body = json.dumps({"station_code": "S" * 64, "box": "A" * 4100, "agents": roster, "proof": "0" * 64}).encode()
    assert len(body) < bounds[("PUT", "/v1/security/escrow")].size


def test_a_poll_is_answered_while_a_big_body_is_counted(
    sqlite_central: Embedded, bounds: dict[tuple[str, str], Bound], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count of a big escrow body's values is held until another station's poll is answered: on the event loop,
    the poll would wait for it (the order is measured, not a time)."""
    hostile = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token, "hostile")
    other = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token, "autre")
    started, released = threading.Event(), threading.Event()
    count = getattr(limits, "_too_many_values", None)

    def held(body: bytes, budget: int) -> bool:
        started.set()
        released.wait(timeout=15)  # released once the poll is answered; never for ever
        assert count is not None
        return bool(count(body, budget))

    monkeypatch.setattr(limits, "_too_many_values", held, raising=False)
    body = _junk_keys(bounds[("PUT", "/v1/security/escrow")].size - 1)  # 300,000 unknown fields

    def put() -> int:
        return hostile.http.put("/v1/security/escrow", content=body, headers=JSON_TYPE).status_code

    status, answered_first, sent = poll_while_held(other, put, started, released)
    assert status == 200
    assert answered_first, "the poll waited for the escrow body"
    assert sent == 422


def test_a_body_of_too_many_values_is_refused_before_validation(
    sqlite_central: Embedded, bounds: dict[tuple[str, str], Bound]
) -> None:
    station = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    body = _junk_keys(bounds[("PUT", "/v1/security/escrow")].size - 1)
    began = time.monotonic()
    answer = station.http.put("/v1/security/escrow", content=body, headers=JSON_TYPE)
    assert answer.status_code == 422
    assert _refusal(answer).message == "plus de 10005 valeurs JSON : requête refusée avant validation"
    assert time.monotonic() - began < 30  # 10 s of validation before (a loose bound: the order test is the proof)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda kids: st.lists(kids, max_size=5) | st.dictionaries(st.text(max_size=8), kids, max_size=5),
    max_leaves=30,
)
FIELDS = st.sampled_from(
    ["agent_id", "date_naissance", "nne", "nom", "prenoms", "reference", "identifier", "code", "box", "agents"]
)


@st.composite
def junk_bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["json", "fields", "bytes", "deep", "many"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "deep":
        depth = draw(st.integers(1, 3000))
        return b'{"agent_id":' + b"[" * depth + b"]" * depth + b"}"
    if kind == "many":
        return json.dumps({draw(FIELDS): [draw(JSON)] * draw(st.integers(0, 20_000))}).encode()
    if kind == "fields":
        return json.dumps(draw(st.dictionaries(FIELDS, JSON, max_size=8))).encode()
    return json.dumps(draw(JSON)).encode()


def test_junk_bodies_never_make_a_server_error(sqlite_central: Embedded) -> None:
    station = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    station.enrol_agent()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(route=st.sampled_from(ROUTES), body=junk_bodies())
    def check(route: tuple[str, str], body: bytes) -> None:
        method, path = route
        answer = station.http.request(method, _url(path, station), content=body, headers=JSON_TYPE)
        assert answer.status_code < 500, (answer.status_code, path, body[:200])
        if answer.status_code >= 400:
            _refusal(answer)

    check()


def test_the_security_document_lists_every_routes_limit(bounds: dict[tuple[str, str], Bound]) -> None:
    """docs/SECURITY.md's table says each route's limit as the code computes it."""
    text = DOCS.read_text(encoding="utf-8")
    listed = {
        (m, p): int(n.replace(",", "")) * 1024
        for m, p, n in re.findall(r"^\| `(GET|POST|PUT) (/v1/\S+)` \| ([\d,]+) KiB \|", text, flags=re.M)
    }
    assert listed == {k: b.size for k, b in bounds.items()}, listed


def test_a_limit_is_the_models_largest_body_rounded_up() -> None:
    string = {"type": "string", "maxLength": 10}
    assert largest_body(string, {}) == 62
    assert largest_body({"type": "array", "maxItems": 3, "items": string}, {}) == 2 + 3 * 63
    with pytest.raises(ValueError):
        largest_body({"type": "string"}, {})
    assert MIN_BODY == 4096
