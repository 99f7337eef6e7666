"""What the counter makes of the central store's security answers: a value, CentralRefused or CentralUnavailable,
whatever comes back (a captive portal's page, a proxy's error, a body that is not what it says), never a parser's
error that its callers (the login's catch-up, enrolment, resets) do not handle (fuzzing, 4 December 2026)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.security.anchors import Anchor
from desktop.security.central_api import CentralRefused, CentralUnavailable, HttpCentralSecurity

CALLS: dict[str, Callable[[HttpCentralSecurity], Any]] = {
    "escrow_public_key": lambda api: api.escrow_public_key(),
    "put_escrow": lambda api: api.put_escrow(station_code="75056-01", box=b"b" * 64, proof=None),
    "enrol_agent": lambda api: api.enrol_agent(
        agent_id="a1", login="a1", role="agent_police", capacity="opj", email=None
    ),
    "request_reset_code": lambda api: api.request_reset_code(identifier="a1"),
    "redeem_reset_code": lambda api: api.redeem_reset_code(login="a1", code="ABCD", ephemeral_public=b"e" * 32),
    "anchors": lambda api: api.anchors(),
    "central_anchor_key": lambda api: api.central_anchor_key(),
    "deactivate_agent": lambda api: api.deactivate_agent(agent_id="a1"),
    "digest_key": lambda api: api.digest_key(),
}


def _api(status: int, body: bytes, headers: dict[str, str] | None = None) -> HttpCentralSecurity:
    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=headers or {})

    client = httpx.Client(base_url="http://central.invalid", transport=httpx.MockTransport(answer))
    return HttpCentralSecurity(client, token="t")


def _outcome(call: Callable[[HttpCentralSecurity], Any], api: HttpCentralSecurity) -> str:
    try:
        call(api)
    except CentralRefused:
        return "refused"
    except CentralUnavailable:
        return "unavailable"
    return "answered"


MALFORMED = {
    "a captive portal's page": (200, b"<html><body>Connectez-vous au Wi-Fi</body></html>", {}),
    "a proxy's JSON list": (403, b'["forbidden"]', {}),
    "nested past the parser": (400, b"[" * 100_000 + b"]" * 100_000, {}),
    "nested past the parser, 200": (200, b"[" * 100_000 + b"]" * 100_000, {}),
    "gzip that is not": (200, b"not gzip", {"Content-Encoding": "gzip"}),
    "a JSON string": (200, b'"ok"', {}),
    "an object without its fields": (200, b"{}", {}),
    "a field that is not base64": (200, b'{"public_key": "***", "key": 3, "box": [], "anchors": 1}', {}),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_answer_is_never_a_parser_error(name: str, case: str) -> None:
    status, body, headers = MALFORMED[case]
    outcome = _outcome(CALLS[name], _api(status, body, headers))
    if status >= 400:
        assert outcome == "refused"
    elif name in ("escrow_public_key", "central_anchor_key", "digest_key", "redeem_reset_code"):
        assert outcome == "unavailable"  # an answer without the value asked for is no answer


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(sorted(CALLS)),
    status=st.sampled_from([200, 201, 202, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503]),
    body=st.one_of(
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
            max_leaves=12,
        ).map(lambda value: json.dumps(value).encode()),
    ),
)
def test_any_answer_is_a_value_a_refusal_or_unavailable(name: str, status: int, body: bytes) -> None:
    _outcome(CALLS[name], _api(status, body))  # raises whatever else escapes


def test_a_refusal_keeps_the_central_store_s_french_reason() -> None:
    api = _api(409, b'{"detail": "Cet identifiant d\'agent existe d\xc3\xa9j\xc3\xa0 pour ce poste."}')
    with pytest.raises(CentralRefused, match="existe déjà") as refused:
        api.enrol_agent(agent_id="a1", login="a1", role="agent_police", capacity="opj", email=None)
    assert refused.value.status == 409


def test_good_answers_still_read() -> None:
    key = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="
    assert _api(200, b'{"public_key": "' + key.encode() + b'"}').escrow_public_key() == b"A" * 32
    assert _api(200, b'{"anchors": [], "checkpoints": []}').anchors() == list[Anchor]()
