"""The one HTTP client to the central store: what every request carries, what it ignores, what it never logs."""

from __future__ import annotations

import logging
import ssl
from datetime import date
from pathlib import Path

import httpx
import pytest

from desktop import __version__
from desktop.settings import load_settings
from desktop.sync.client import CentralClient, Credentials, EnrolmentRefused, TransientError, enrol
from desktop.sync.http import (
    CERTIFICATE_MESSAGE,
    PROXY_MESSAGE,
    Endpoint,
    build_client,
    describe,
    is_certificate_error,
)


def recording() -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v1/procurations/search":
            return httpx.Response(200, json={"items": []})
        return httpx.Response(200, json={"server_time": "2026-11-30T12:00:00Z"})

    return seen, httpx.MockTransport(handler)


def test_every_request_names_guichet_and_its_version_and_carries_the_token() -> None:
    seen, transport = recording()
    client = CentralClient("http://central.invalid", Credentials("st", "jeton-du-poste"), transport=transport)
    client.server_time()
    client.close()
    assert seen[0].headers["User-Agent"] == f"Guichet/{__version__}"
    assert seen[0].headers["Authorization"] == "Bearer jeton-du-poste"
    with build_client("http://central.invalid") as anonymous:
        assert "Authorization" not in anonymous.headers


def test_endpoint_comes_from_the_settings(tmp_path: Path) -> None:
    settings = load_settings(
        config_path=tmp_path / "absent.toml",
        environ={"GUICHET_CENTRAL_URL": "https://central.example.fr", "GUICHET_PROXY_URL": "http://proxy.local:3128"},
    )
    assert Endpoint.from_settings(settings) == Endpoint(
        "https://central.example.fr", proxy_url="http://proxy.local:3128", ca_bundle=None
    )
    assert Endpoint.from_settings(load_settings(config_path=tmp_path / "absent.toml", environ={})) is None


def test_environment_proxies_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only `proxy_url` decides: a stray HTTPS_PROXY on the machine must not divert the station's traffic.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    with build_client("http://central.invalid") as client:
        assert not client.trust_env
        assert all(mount is None for mount in client._mounts.values())  # no proxy transport mounted
    with build_client(Endpoint("http://central.invalid", proxy_url="http://127.0.0.1:3128")) as proxied:
        assert any(mount is not None for mount in proxied._mounts.values())


def test_look_ups_carry_nothing_personal_in_the_url(caplog: pytest.LogCaptureFixture) -> None:
    """A look-up is a POST: the NNE and birth date travel in the body, never in a URL a proxy or a log keeps."""
    seen, transport = recording()
    client = CentralClient("http://central.invalid", Credentials("st", "t"), transport=transport)
    with caplog.at_level(logging.INFO, logger="httpx"):
        client.lookup(agent_id="a1", date_naissance=date(1961, 4, 27), nne="987654321")
    client.close()
    assert seen[0].method == "POST" and "987654321" in seen[0].content.decode()  # it was sent...
    assert "987654321" not in str(seen[0].url) and "1961" not in str(seen[0].url)  # ...not in the URL
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert lines and all("/v1/procurations/search" in line for line in lines)
    assert not any("987654321" in line or "1961-04-27" in line for line in lines)


def test_connection_failures_speak_french_and_name_no_url() -> None:
    with pytest.raises(TransientError) as info:
        CentralClient("http://127.0.0.1:9", Credentials("x", "y"), timeout=0.5).changes(0)
    assert "injoignable" in info.value.message and "127.0.0.1" not in str(info.value)
    broken = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    assert is_certificate_error(broken) and describe(broken) == CERTIFICATE_MESSAGE
    chained = httpx.ConnectError("handshake")
    chained.__cause__ = ssl.SSLCertVerificationError("unable to get local issuer certificate")
    assert is_certificate_error(chained)
    assert not is_certificate_error(httpx.ConnectError("connection refused"))
    assert describe(httpx.ProxyError("407")) == PROXY_MESSAGE


def test_enrolment_refusal_carries_the_central_stores_french_reason() -> None:
    reason = "Jeton d'enrôlement expiré le 01/01/2026 : demandez-en un nouveau."
    refuse = httpx.MockTransport(lambda request: httpx.Response(401, json={"error": "jeton", "message": reason}))
    with pytest.raises(EnrolmentRefused) as info:
        enrol("http://central.invalid", enrolment_token="x", label="x", transport=refuse)
    assert info.value.message == reason
    silent = httpx.MockTransport(lambda request: httpx.Response(403))
    with pytest.raises(EnrolmentRefused) as info:
        enrol("http://central.invalid", enrolment_token="x", label="x", transport=silent)
    assert "refusé" in info.value.message
    down = httpx.MockTransport(lambda request: httpx.Response(503))
    with pytest.raises(TransientError):
        enrol("http://central.invalid", enrolment_token="x", label="x", transport=down)


def test_no_other_module_builds_its_own_http_client() -> None:
    """CONVENTIONS.md 13: one HTTP client to the central store; a second one would miss the proxy and the CA."""
    import re

    import desktop

    root = Path(desktop.__file__).parent
    pattern = re.compile(r"httpx\.(Client|AsyncClient|get|post|put|patch|delete|request|stream)\(")
    offenders = [
        str(path.relative_to(root.parent))
        for path in sorted(root.rglob("*.py"))
        if path.name != "http.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert pattern.search((root / "sync" / "http.py").read_text(encoding="utf-8"))  # the scan does find one
