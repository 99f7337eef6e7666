"""What the counter asks the central store about agents: enrolment, escrow, reset codes, anchors."""

from __future__ import annotations

import base64
from typing import Any, Protocol

import httpx

from desktop.i18n import _
from desktop.security.anchors import Anchor

PREFIX = "/v1/security"


class CentralUnavailable(Exception):
    """The central store cannot be reached (offline): the caller falls back or tells the agent."""


class CentralRefused(Exception):
    """The central store answered no; `message` is its French reason."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class CentralSecurity(Protocol):
    """The calls the agents service makes; tests and the demo may pass any object with these methods."""

    def escrow_public_key(self) -> bytes: ...

    def put_escrow(self, *, station_code: str, box: bytes) -> None: ...

    def enrol_agent(self, *, agent_id: str, login: str, role: str, capacity: str, email: str | None) -> None: ...

    def request_reset_code(self, *, identifier: str) -> None: ...

    def redeem_reset_code(self, *, login: str, code: str, ephemeral_public: bytes) -> bytes: ...

    def put_anchor(self, anchor: Anchor) -> None: ...

    def deactivate_agent(self, *, agent_id: str) -> None: ...


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class HttpCentralSecurity:
    """The central store's security API over HTTPS with the station's bearer token."""

    def __init__(self, client: httpx.Client, *, token: str | None = None) -> None:
        self._client = client
        # Without a token, the client's own Authorization header is used (it follows the station's renewals).
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            response = self._client.request(method, PREFIX + path, json=body, headers=self._headers)
        except httpx.TransportError:
            raise CentralUnavailable("central store unreachable") from None
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail") or response.json().get("message")
            except ValueError:
                detail = None
            raise CentralRefused(
                str(detail or _("Le répertoire central a refusé la demande.")), status=response.status_code
            )
        return dict(response.json()) if response.content else {}

    def escrow_public_key(self) -> bytes:
        return base64.b64decode(self._call("GET", "/escrow-key")["public_key"])

    def put_escrow(self, *, station_code: str, box: bytes) -> None:
        self._call("PUT", "/escrow", {"station_code": station_code, "box": _b64(box)})

    def enrol_agent(self, *, agent_id: str, login: str, role: str, capacity: str, email: str | None) -> None:
        self._call(
            "POST",
            "/agents",
            {"agent_id": agent_id, "login": login, "role": role, "capacity": capacity, "email": email},
        )

    def request_reset_code(self, *, identifier: str) -> None:
        self._call("POST", "/reset-codes", {"identifier": identifier})

    def redeem_reset_code(self, *, login: str, code: str, ephemeral_public: bytes) -> bytes:
        answer = self._call(
            "POST",
            "/reset-codes/redeem",
            {"login": login, "code": code, "ephemeral_public_key": _b64(ephemeral_public)},
        )
        return base64.b64decode(answer["box"])

    def put_anchor(self, anchor: Anchor) -> None:
        # A start anchor (retention checkpoint) is kept apart: its seq may equal an ordinary anchor's.
        self._call("POST", "/checkpoints" if anchor.checkpoint else "/anchors", anchor.to_dict())

    def put_station_key(self, public_key: bytes) -> None:
        """Register the station's Ed25519 anchor-signing key (once)."""
        self._call("PUT", "/station-key", {"public_key": _b64(public_key)})

    def anchors(self) -> list[Anchor]:
        """The anchors the central store kept for this station, start anchors included."""
        kept = [Anchor.from_dict(a) for a in self._call("GET", "/anchors").get("anchors", [])]
        starts = [Anchor.from_dict(a) for a in self._call("GET", "/checkpoints").get("checkpoints", [])]
        return kept + starts

    def central_anchor_key(self) -> bytes:
        """The central store's public key that countersigns start anchors."""
        return base64.b64decode(self._call("GET", "/anchor-key")["public_key"])

    def deactivate_agent(self, *, agent_id: str) -> None:
        """A removed agent: no more reset codes, and the login may be enrolled again."""
        self._call("POST", f"/agents/{agent_id}/deactivate", {})

    def digest_key(self) -> bytes:
        """This station's key for the internet-vote e-mail digests, kept by the central store."""
        return base64.b64decode(self._call("GET", "/digest-key")["key"])
