"""The HTTP client: every server outcome maps to a value or to one error type the worker understands."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import httpx
import pytest
from centralkit import DUBOIS, MARTIN, entry, procuration_body
from hypothesis import given, settings
from hypothesis import strategies as st

from central.embedded import Embedded
from desktop.models.ids import uuid7
from desktop.security.central_api import HttpCentralSecurity
from desktop.sync.client import (
    AuthError,
    BatchConflictError,
    CentralClient,
    Credentials,
    EnrolmentRefused,
    ProtocolError,
    SeqConflictError,
    TransientError,
    enrol,
)
from desktop.sync.wire import Batch


def batch(seq: int = 1) -> Batch:
    raw = {
        "batch_id": uuid7(),
        "entries": [entry(seq, "procuration.etablie", procuration_body(MARTIN, DUBOIS), datetime.now(UTC))],
    }
    return Batch.from_json(json.dumps(raw))


def test_push_conflicts_map_to_their_errors(sqlite_central: Embedded) -> None:
    client = CentralClient(
        sqlite_central.base_url,
        enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="c"),
    )
    first = batch()
    assert client.push(first).last_seq == 1
    with pytest.raises(SeqConflictError) as info:
        client.push(batch(seq=5))
    assert info.value.last_seq == 1
    with pytest.raises(BatchConflictError):
        client.push(Batch(batch_id=first.batch_id, entries=batch(seq=1).entries))
    client.close()


def test_credentials_and_network_errors(sqlite_central: Embedded) -> None:
    with pytest.raises(AuthError):
        enrol(sqlite_central.base_url, enrolment_token="faux", label="x")
    with pytest.raises(TransientError):
        enrol("http://127.0.0.1:9", enrolment_token="x", label="x", timeout=0.5)
    stranger = CentralClient(sqlite_central.base_url, Credentials("nobody", "bad-token"))
    with pytest.raises(AuthError):
        stranger.changes(0)
    with pytest.raises(AuthError):
        stranger.push(batch())
    dead = CentralClient("http://127.0.0.1:9", Credentials("x", "y"), timeout=0.5)
    with pytest.raises(TransientError):
        dead.server_time()


def test_lookup_and_online_request(sqlite_central: Embedded) -> None:
    client = CentralClient(
        sqlite_central.base_url,
        enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="c"),
    )
    security = HttpCentralSecurity(client.http)
    security.enrol_agent(agent_id="a1", login="a1", role="agent_police", capacity="opj", email=None)
    security.enrol_agent(agent_id="adm", login="adm", role="administrateur", capacity="opj", email=None)
    client.push(batch())
    items = client.lookup(agent_id="a1", date_naissance=date(1990, 1, 15), nne="204512873")
    assert [(i.role, i.status, i.other_party) for i in items] == [("mandant", "validee", "DUBOIS Jean")]
    by_name = client.lookup(agent_id="a1", date_naissance=date(1975, 6, 2), nom="dubois", prenoms="Jean")
    assert [i.role for i in by_name] == ["mandataire"]
    with pytest.raises(AuthError) as refused:  # the role is the one enrolled: an administrator sees no procuration
        client.lookup(agent_id="adm", date_naissance=date(1990, 1, 15), nne="204512873")
    assert "rôle" in refused.value.message
    with pytest.raises(ProtocolError):
        client.lookup(agent_id="a1", date_naissance=date(1990, 1, 15))
    request = client.online_request(" k7m2qx ", agent_id="a1", date_naissance=date(1990, 1, 15))
    assert request is not None and request.mandataire.nne == "19374652"
    assert client.online_request("ZZZZZZ", agent_id="a1", date_naissance=date(1990, 1, 15)) is None
    assert client.online_request("K7M2QX", agent_id="a1", date_naissance=date(1990, 1, 16)) is None
    client.close()


def test_unreadable_answers_are_transient() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/batches"):
            return httpx.Response(200, content=b'{"batch_id": "cut')
        if request.url.path == "/v1/changes":
            return httpx.Response(200, content=b"[]")
        return httpx.Response(503)

    client = CentralClient("http://central.test", Credentials("s", "t"), transport=httpx.MockTransport(handler))
    with pytest.raises(TransientError):
        client.push(batch())
    with pytest.raises(TransientError):
        client.changes(0)
    with pytest.raises(TransientError):
        client.online_request("ABCDEF", agent_id="a", date_naissance=date(1990, 1, 15))


GENERIC_REFUSAL = "Jeton d'enrôlement refusé par le répertoire central : demandez-en un nouveau à son administrateur."


def refused(status: int, body: bytes) -> str:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    with pytest.raises(EnrolmentRefused) as refusal:
        enrol("http://central.test", enrolment_token="t", label="X", transport=transport)
    return refusal.value.message


def test_regression_an_enrolment_refusal_with_deeply_nested_json_is_a_refusal() -> None:
    """Found by fuzzing: the refusal's body was read again for FastAPI's detail by httpx, whose RecursionError (not a
    ValueError) escaped enrol(), and the CLI and first-enrolment screen with it."""
    deep = b"[" * 100_000 + b"]" * 100_000
    assert refused(401, deep) == refused(403, b'{"detail": ' + deep + b"}") == GENERIC_REFUSAL
    assert refused(403, json.dumps({"detail": "Jeton expiré."}).encode()) == "Jeton expiré."


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([401, 403]), st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_any_body_of_an_enrolment_refusal_is_a_refusal(status: int, body: bytes) -> None:
    assert refused(status, body)


def test_an_answer_for_another_batch_is_a_protocol_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"batch_id": uuid7(), "last_seq": 1, "server_time": "2026-11-24T10:00:00Z", "verdicts": []}
        )

    client = CentralClient("http://central.test", Credentials("s", "t"), transport=httpx.MockTransport(handler))
    with pytest.raises(ProtocolError):
        client.push(batch())
