"""What the counter asks the central store about agents: enrolment, escrow, reset codes, anchors."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Collection
from typing import Any, Protocol

import httpx

from desktop.i18n import _
from desktop.security.anchors import Anchor

PREFIX = "/v1/security"


class CentralUnavailable(Exception):
    """The central store cannot be reached (offline): the caller falls back or tells the agent."""


class CentralRefused(Exception):
    """The central store answered no; `message` is its French reason."""

    def __init__(self, message: str, *, status: int, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code  # the Refusal's `error` (e.g. "cle_prise": central/receipt_keys.py), when it sent one


class CentralSecurity(Protocol):
    """The calls the agents service makes; tests and the demo may pass any object with these methods."""

    def escrow_public_key(self) -> bytes: ...

    def put_escrow(
        self, *, station_code: str, box: bytes, proof: str | None = None, agents: Collection[str] | None = None
    ) -> None: ...

    def enrol_agent(
        self, *, agent_id: str, login: str, role: str, capacity: str, email: str | None, proof: str | None = None
    ) -> None: ...

    def request_reset_code(self, *, identifier: str) -> None: ...

    def redeem_reset_code(self, *, login: str, code: str, ephemeral_public: bytes) -> bytes: ...

    def put_anchor(self, anchor: Anchor) -> None: ...

    def deactivate_agent(self, *, agent_id: str, proof: str | None = None) -> None: ...


def _json_object(content: bytes) -> dict[str, Any] | None:
    """The JSON object `content` holds, or None (not JSON, not an object, nested past the parser)."""
    try:
        value = json.loads(content)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class HttpCentralSecurity:
    """The central store's security API over HTTPS with the station's bearer token."""

    def __init__(self, client: httpx.Client, *, token: str | None = None) -> None:
        self._client = client
        # Without a token, the client's own Authorization header is used (it follows the station's renewals).
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """The answer's JSON object. Whatever is not one (a captive portal's page, a proxy's error, a body that is not
        what it says) is the central store unreachable: every caller handles that one, never a parser's error (the
        login sends what a removal could not tell, and would have failed behind such a portal; fuzzing, 4 December
        2026)."""
        try:
            response = self._client.request(method, PREFIX + path, json=body, headers=self._headers)
            content = response.content
        except (httpx.TransportError, httpx.DecodingError):
            raise CentralUnavailable("central store unreachable") from None
        answer = _json_object(content) if content else {}
        if response.status_code >= 400:
            detail = answer.get("detail") or answer.get("message") if answer is not None else None
            code = answer.get("error") if answer is not None else None
            raise CentralRefused(
                detail if isinstance(detail, str) and detail else _("Le répertoire central a refusé la demande."),
                status=response.status_code,
                code=code if isinstance(code, str) else None,
            )
        if answer is None:
            raise CentralUnavailable("central store answer is not a JSON object")
        return answer

    def _field(self, method: str, path: str, name: str) -> bytes:
        """One base64 field of the answer; an answer without it (or not base64) is no answer."""
        value = self._call(method, path).get(name)
        try:
            if not isinstance(value, str):
                raise ValueError(name)
            return base64.b64decode(value, validate=True)
        except (ValueError, binascii.Error):
            raise CentralUnavailable("central store answer without its field") from None

    def escrow_public_key(self) -> bytes:
        return self._field("GET", "/escrow-key", "public_key")

    def put_escrow(
        self, *, station_code: str, box: bytes, proof: str | None = None, agents: Collection[str] | None = None
    ) -> None:
        body: dict[str, Any] = {"station_code": station_code, "box": _b64(box), "proof": proof}
        if agents is not None:
            body["agents"] = sorted(agents)
        self._call("PUT", "/escrow", body)

    def enrol_agent(
        self, *, agent_id: str, login: str, role: str, capacity: str, email: str | None, proof: str | None = None
    ) -> None:
        body = {"agent_id": agent_id, "login": login, "role": role, "capacity": capacity, "email": email}
        self._call("POST", "/agents", {**body, "proof": proof})

    def request_reset_code(self, *, identifier: str) -> None:
        self._call("POST", "/reset-codes", {"identifier": identifier})

    def redeem_reset_code(self, *, login: str, code: str, ephemeral_public: bytes) -> bytes:
        answer = self._call(
            "POST",
            "/reset-codes/redeem",
            {"login": login, "code": code, "ephemeral_public_key": _b64(ephemeral_public)},
        )
        try:
            return base64.b64decode(str(answer["box"]), validate=True)
        except (KeyError, ValueError, binascii.Error):
            raise CentralUnavailable("central store answer without its field") from None

    def put_anchor(self, anchor: Anchor) -> None:
        # A start anchor (retention checkpoint) is kept apart: its seq may equal an ordinary anchor's.
        self._call("POST", "/checkpoints" if anchor.checkpoint else "/anchors", anchor.to_dict())

    def put_station_key(self, public_key: bytes) -> None:
        """Register the station's Ed25519 anchor-signing key (once)."""
        self._call("PUT", "/station-key", {"public_key": _b64(public_key)})

    def anchors(self) -> list[Anchor]:
        """The anchors the central store kept for this station, start anchors included."""
        kept, starts = self._call("GET", "/anchors").get("anchors", []), self._call("GET", "/checkpoints")
        try:
            return [Anchor.from_dict(a) for a in [*kept, *starts.get("checkpoints", [])]]
        except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
            raise CentralUnavailable("central store anchors unreadable") from None

    def central_anchor_key(self) -> bytes:
        """The central store's public key that countersigns start anchors."""
        return self._field("GET", "/anchor-key", "public_key")

    def deactivate_agent(self, *, agent_id: str, proof: str | None = None) -> None:
        """A removed agent: no more reset codes, and the login may be enrolled again."""
        self._call("POST", f"/agents/{agent_id}/deactivate", {"proof": proof})

    def digest_key(self) -> bytes:
        """This station's key for the internet-vote e-mail digests, kept by the central store."""
        return self._field("GET", "/digest-key", "key")
