"""HTTP client of the central store (httpx). Maps every outcome to a value or to one of a few errors."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from desktop.sync.wire import (
    Batch,
    BatchResult,
    ChangesPage,
    Enrolment,
    LookupAnswer,
    LookupItem,
    OnlineRequest,
    Refusal,
    WireError,
)

# httpx logs every request URL at INFO, and look-up URLs carry birth dates and NNE: no personal data in logs.
logging.getLogger("httpx").setLevel(logging.WARNING)


class SyncError(Exception):
    """Base of the client's errors; messages are for logs and carry no personal data."""


class TransientError(SyncError):
    """Network failure, timeout or 5xx: resend the same request later."""


class AuthError(SyncError):
    """401/403: the station's credentials are missing, revoked, or not this station's."""


class ProtocolError(SyncError):
    """The server refused the payload (422) or answered something unreadable."""


class SeqConflictError(SyncError):
    """409: the server's seq for this station is not what we expect."""

    def __init__(self, last_seq: int) -> None:
        super().__init__(f"seq conflict, server last_seq={last_seq}")
        self.last_seq = last_seq


class BatchConflictError(SyncError):
    """409: this batch id is known to the server with other content."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """A station's identity on the central store (issued once at enrolment)."""

    station_id: str
    token: str


def enrol(base_url: str, *, enrolment_token: str, label: str, timeout: float = 10.0) -> Credentials:
    """Enrol this station with the enrolment secret and return its credentials."""
    try:
        answer = httpx.post(
            f"{base_url}/v1/stations",
            json={"label": label},
            timeout=timeout,
            headers={"Authorization": f"Bearer {enrolment_token}"},
        )
    except httpx.HTTPError as exc:
        raise TransientError(f"enrolment failed: {type(exc).__name__}") from None
    if answer.status_code in (401, 403):
        raise AuthError("enrolment refused")
    if answer.status_code != 201:
        raise ProtocolError(f"enrolment answered {answer.status_code}")
    try:
        parsed = Enrolment.from_json(answer.content)
        return Credentials(station_id=parsed.station_id, token=parsed.token)
    except WireError as exc:
        raise ProtocolError(str(exc)) from None


class CentralClient:
    """One station's connection to the central store; safe to share between threads."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        keepalive: bool = True,
    ) -> None:
        self.credentials = credentials
        limits = httpx.Limits(max_keepalive_connections=5 if keepalive else 0, max_connections=10)
        self._http = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            limits=limits,
            headers={"Authorization": f"Bearer {credentials.token}"},
        )

    def close(self) -> None:
        """Release the connections."""
        self._http.close()

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            answer = self._http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise TransientError(f"{method} {url.split('?')[0]}: {type(exc).__name__}") from None
        if answer.status_code >= 500:
            raise TransientError(f"{method} answered {answer.status_code}")
        if answer.status_code in (401, 403):
            raise AuthError(f"{method} answered {answer.status_code}")
        return answer

    def push(self, batch: Batch) -> BatchResult:
        """Send a frozen batch; 200 gives one verdict per entry (the same on every resend)."""
        url = f"/v1/stations/{self.credentials.station_id}/batches"
        answer = self._send("POST", url, content=batch.to_json().encode(), headers={"Content-Type": "application/json"})
        if answer.status_code == 409:
            refusal = _refusal(answer)
            if refusal is not None and refusal.error == "seq" and refusal.last_seq is not None:
                raise SeqConflictError(refusal.last_seq)
            raise BatchConflictError("batch id reused with other content")
        if answer.status_code != 200:
            raise ProtocolError(f"push answered {answer.status_code}")
        try:
            result = BatchResult.from_json(answer.content)
        except WireError:
            # A cut or garbled answer: the batch may be committed; resending gets the stored answer.
            raise TransientError("unreadable batch answer") from None
        if result.batch_id != batch.batch_id or len(result.verdicts) != len(batch.entries):
            raise ProtocolError("answer does not match the batch")
        return result

    def changes(self, since: int, *, limit: int = 500) -> ChangesPage:
        """One page of the change feed after `since`."""
        answer = self._send("GET", "/v1/changes", params={"since": since, "limit": limit})
        if answer.status_code != 200:
            raise ProtocolError(f"changes answered {answer.status_code}")
        try:
            return ChangesPage.from_json(answer.content)
        except WireError:
            raise TransientError("unreadable change page") from None

    def server_time(self) -> httpx.Response:
        """A cheap probe (GET /v1/time) used to notice that the network is back."""
        return self._send("GET", "/v1/time")

    def lookup(
        self,
        *,
        agent_id: str,
        role: str,
        date_naissance: str,
        nne: str | None = None,
        nom: str | None = None,
        prenoms: str | None = None,
    ) -> tuple[LookupItem, ...]:
        """Procurations of the person at the counter (need-to-know, logged centrally)."""
        params = {
            k: v for k, v in {"date_naissance": date_naissance, "nne": nne, "nom": nom, "prenoms": prenoms}.items() if v
        }
        answer = self._send(
            "GET", "/v1/procurations", params=params, headers={"X-Agent-Id": agent_id, "X-Agent-Role": role}
        )
        if answer.status_code != 200:
            raise ProtocolError(f"lookup answered {answer.status_code}")
        try:
            return LookupAnswer.from_json(answer.content).items
        except WireError as exc:
            raise ProtocolError(str(exc)) from None

    def online_request(self, reference: str) -> OnlineRequest | None:
        """The Maprocuration request with this reference, or None when unknown."""
        answer = self._send("GET", f"/v1/requests/{reference.strip().upper()}")
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise ProtocolError(f"request answered {answer.status_code}")
        try:
            return OnlineRequest.from_json(answer.content)
        except WireError as exc:
            raise ProtocolError(str(exc)) from None


def _refusal(answer: httpx.Response) -> Refusal | None:
    try:
        return Refusal.from_json(answer.content)
    except WireError:
        return None


__all__ = [
    "AuthError",
    "BatchConflictError",
    "CentralClient",
    "Credentials",
    "ProtocolError",
    "SeqConflictError",
    "SyncError",
    "TransientError",
    "enrol",
]
