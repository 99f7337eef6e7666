"""HTTP client of the central store (httpx). Maps every outcome to a value or to one of a few errors."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from desktop.i18n import N_, _
from desktop.sync.central_words import central_refusal
from desktop.sync.feed import FeedOutOfOrder, check_page
from desktop.sync.http import Endpoint, build_client, describe, is_certificate_error, retry_after
from desktop.sync.standing import Standing
from desktop.sync.standing import read as read_standing
from desktop.sync.wire import (
    Batch,
    BatchResult,
    ChangesPage,
    Enrolment,
    LookupAnswer,
    LookupItem,
    OnlineRequest,
    Refusal,
    RequestFetch,
    StationFigures,
    TokenRenewal,
    WireError,
    loads,
)

log = logging.getLogger(__name__)

# The central store says when the token in use expires (header on every authenticated answer); the station renews
# it online once less than this is left.
EXPIRES_HEADER = "Guichet-Token-Expires"
RENEW_BEFORE = timedelta(days=30)


class SyncError(Exception):
    """Base of the client's errors; messages are for logs and carry no personal data."""


class TransientError(SyncError):
    """Network failure, timeout or 5xx: resend the same request later; `message` is French, for the agent."""

    message = N_("Répertoire central injoignable : vérifiez le réseau ; Guichet réessaiera.")

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.message = _(type(self).message)  # the agent's language at the time of the failure


class ServerError(TransientError):
    """The central store answered with a 5xx: reachable, but failing; `status` is the HTTP code."""

    def __init__(self, what: str, status: int) -> None:
        super().__init__(f"{what} answered {status}")
        self.status = status
        self.message = _(
            "Le répertoire central répond par une erreur interne (HTTP {status}) ; Guichet réessaiera."
        ).format(status=status)


class ServiceUnavailable(ServerError):
    """503: the central store is up but cannot serve now (its database restarting, its connections all taken, a lock
    held there); nothing was applied. `retry_after`: the seconds it asked to wait (Retry-After), when it said."""

    def __init__(self, what: str, retry_after: float | None = None) -> None:
        super().__init__(what, 503)
        self.retry_after = retry_after
        self.message = _("Le répertoire central est momentanément indisponible (HTTP 503) : réessayez dans un instant.")


class PushDeferred(TransientError):
    """The central store is reachable but asks this push to come again: 408 (the body arrived too slowly and was cut
    off) or 429 (a batch of this station is still being received). Nothing was applied; the same batch is resent."""

    def __init__(self, status: int) -> None:
        super().__init__(f"push answered {status}")
        self.status = status
        self.message = (
            _("Le répertoire central a interrompu un envoi reçu trop lentement (réseau lent) ; Guichet le renverra.")
            if status == 408
            else _(
                "Le répertoire central reçoit encore un envoi de ce poste ; Guichet renverra dans quelques secondes."
            )
        )


class CertificateError(TransientError):
    """The server's TLS certificate is not trusted (wrong CA file, or not the ministry's server)."""


class ProxyRefusedError(TransientError):
    """The configured proxy (`proxy_url`) did not answer or refused the tunnel to the central store."""


class AuthError(SyncError):
    """401/403: the station's credentials are missing, revoked, or not this station's (or the agent is unknown).

    `message` is French, for the agent: the central store's own reason when it gave one.
    """

    message = N_("Le répertoire central a refusé la demande : identifiants du poste ou de l'agent non reconnus.")

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.message = _(type(self).message)  # the agent's language at the time of the failure
        self.status: int | None = None  # 401 (the station's token) or 403 (this call refused to this agent)
        self.reason: str | None = None  # the central store's own words (French), when it gave them


class EnrolmentRefused(AuthError):
    """The central store refused an enrolment token; `message` is its French reason (expired, used, revoked...)."""

    def __init__(self, message: str) -> None:
        super().__init__("enrolment refused")
        self.message = message


def transport_error(what: str, exc: httpx.HTTPError) -> TransientError:
    """The error to raise for a failed connection: its log text names no URL, its `message` speaks French."""
    cls: type[TransientError] = TransientError
    if is_certificate_error(exc):
        cls = CertificateError
    elif isinstance(exc, httpx.ProxyError):
        cls = ProxyRefusedError
    error = cls(f"{what}: {type(exc).__name__}")
    error.message = describe(exc)
    return error


class RateLimited(SyncError):
    """429: too many consultations from this counter or this agent; `message` is French, for the agent."""

    message = N_("Trop de consultations en peu de temps : patientez une minute avant de recommencer.")

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.message = _(type(self).message)  # the agent's language at the time of the failure


class ProtocolError(SyncError):
    """The server refused the payload (422) or answered something unreadable."""


class FeedError(ProtocolError):
    """A change-feed page that goes back or announces more without moving on: refused, nothing of it applied."""

    message = N_(
        "Le répertoire central a envoyé des changements incohérents avec ceux déjà reçus (retour en arrière ou "
        "suite sans fin) : ils n'ont pas été appliqués. Les envois continuent et la réception sera retentée ; si "
        "cela dure, contactez le support."
    )

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.message = _(type(self).message)  # the agent's language at the time of the failure


class BatchRefusedError(ProtocolError):
    """422/413 to a batch: its content was refused as a whole (nothing applied); `message` is the French reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"push answered {status}")
        self.status, self.message = status, message


class EntryRefusedError(ProtocolError):
    """409 naming one entry (`seq`): an id the central store holds for another station or other content."""

    def __init__(self, seq: int, code: str, message: str) -> None:
        super().__init__(f"entry {seq} refused: {code}")
        self.seq, self.code, self.message = seq, code, message


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
    expires_at: datetime | None = None  # None: not said by the central store (enrolled before tokens had a life)


def enrol(
    endpoint: Endpoint | str,
    *,
    enrolment_token: str,
    label: str,
    timeout: float = 10.0,
    transport: httpx.BaseTransport | None = None,
) -> Credentials:
    """Enrol this station with an enrolment token (or the store's secret) and return its credentials."""
    try:
        with build_client(endpoint, token=enrolment_token, timeout=timeout, transport=transport) as http:
            answer = http.post("/v1/stations", json={"label": label})
    except httpx.HTTPError as exc:
        raise transport_error("enrolment failed", exc) from None
    if answer.status_code in (401, 403):
        raise EnrolmentRefused(_enrolment_refusal(answer))
    if answer.status_code >= 500:
        raise TransientError(f"enrolment answered {answer.status_code}")
    if answer.status_code != 201:
        raise ProtocolError(f"enrolment answered {answer.status_code}")
    try:
        parsed = Enrolment.from_json(answer.content)
        return Credentials(station_id=parsed.station_id, token=parsed.token, expires_at=parsed.expires_at)
    except WireError as exc:
        raise ProtocolError(str(exc)) from None


class CentralClient:
    """One station's connection to the central store; safe to share between threads."""

    def __init__(
        self,
        endpoint: Endpoint | str,
        credentials: Credentials,
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        keepalive: bool = True,
        on_renewed: Callable[[Credentials], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.credentials = credentials
        self._http = build_client(
            endpoint, token=credentials.token, timeout=timeout, transport=transport, keepalive=keepalive
        )
        self._on_renewed = on_renewed  # keeps the new credentials (the station's secret store)
        self._clock = clock
        self._renewing = threading.Lock()

    @property
    def http(self) -> httpx.Client:
        """The underlying client, shared with the security API (one connection pool, one configuration)."""
        return self._http

    def close(self) -> None:
        """Release the connections."""
        self._http.close()

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            answer = self._http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise transport_error(f"{method} {url.split('?')[0]}", exc) from None
        if answer.status_code == 503:
            raise ServiceUnavailable(method, retry_after(answer))
        if answer.status_code >= 500:
            raise ServerError(method, answer.status_code)
        if answer.status_code in (401, 403):
            error = AuthError(f"{method} answered {answer.status_code}")
            error.status = answer.status_code
            refusal = _refusal(answer)
            if refusal is not None:
                error.message = error.reason = refusal.message[:300]
            raise error
        if answer.status_code == 429:
            raise RateLimited(f"{method} answered 429")
        self._renew_if_due(answer.headers.get(EXPIRES_HEADER))
        return answer

    def _renew_if_due(self, expires: str | None) -> None:
        """Renew the token online when the central store says it ends within RENEW_BEFORE (once at a time)."""
        if not expires:
            return
        try:
            ends = datetime.fromisoformat(expires)
        except ValueError:
            return
        if ends.tzinfo is None or ends - self._clock() > RENEW_BEFORE:
            return
        if not self._renewing.acquire(blocking=False):
            return  # another thread is renewing; the old token keeps working meanwhile
        try:
            self.renew_token()
        except SyncError:
            pass  # tried again after the next answer; the token still lives
        except Exception as exc:  # the station could not keep the new token (on_renewed): left unused, a lost answer
            log.warning("renewed token not kept, the old one stays in use: %s", type(exc).__name__)
        finally:
            self._renewing.release()

    def renew_token(self) -> Credentials:
        """Trade the token in use for a new one (POST /v1/stations/{id}/token); keeps and announces it."""
        url = f"/v1/stations/{self.credentials.station_id}/token"
        try:
            answer = self._http.post(url)
        except httpx.HTTPError as exc:
            raise transport_error("token renewal", exc) from None
        if answer.status_code >= 500:
            raise TransientError(f"renewal answered {answer.status_code}")
        if answer.status_code in (401, 403):
            raise AuthError(f"renewal answered {answer.status_code}")
        if answer.status_code != 200:
            raise ProtocolError(f"renewal answered {answer.status_code}")
        try:
            renewed = TokenRenewal.from_json(answer.content)
        except WireError as exc:
            raise ProtocolError(str(exc)) from None
        fresh = replace(self.credentials, token=renewed.token, expires_at=renewed.expires_at)
        # Kept before any use: a token used once is the station's for the central store, which then refuses to renew
        # the old one again (a copy elsewhere); one never used is a lost answer, replaced at the next renewal.
        if self._on_renewed is not None:
            self._on_renewed(fresh)
        self.credentials = fresh
        self._http.headers["Authorization"] = f"Bearer {renewed.token}"
        return self.credentials

    def push(self, batch: Batch, text: bytes | None = None) -> BatchResult:
        """Send a frozen batch; 200 gives one verdict per entry (the same on every resend).

        `text`: the batch's wire JSON when it was serialised ahead of time (desktop/sync/outbox.py, Prepared).
        """
        url = f"/v1/stations/{self.credentials.station_id}/batches"
        content = text if text is not None else batch.to_json().encode()
        try:
            answer = self._send("POST", url, content=content, headers={"Content-Type": "application/json"})
        except RateLimited:
            raise PushDeferred(429) from None  # one push at a time per station: not the consultations' limit
        if answer.status_code == 408:
            raise PushDeferred(408)
        if answer.status_code == 409:
            refusal = _refusal(answer)
            if refusal is not None and refusal.error == "seq" and refusal.last_seq is not None:
                raise SeqConflictError(refusal.last_seq)
            if refusal is not None and refusal.seq is not None:
                raise EntryRefusedError(refusal.seq, refusal.error, refusal.message)
            raise BatchConflictError("batch id reused with other content")
        if answer.status_code in (413, 422):
            refusal = _refusal(answer)
            reason = refusal.message if refusal is not None else f"HTTP {answer.status_code}"
            raise BatchRefusedError(answer.status_code, reason)
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
        """One page of the change feed after `since`; FeedError when it goes back or does not move on."""
        return self.feed(since, limit=limit)[0]

    def feed(self, since: int, *, limit: int = 500) -> tuple[ChangesPage, Standing | None]:
        """`changes`, with what the central store says it holds of this station (None: it did not say)."""
        answer = self._send("GET", "/v1/changes", params={"since": since, "limit": limit})
        if answer.status_code != 200:
            raise ProtocolError(f"changes answered {answer.status_code}")
        try:
            page = ChangesPage.from_json(answer.content)
        except WireError:
            raise TransientError("unreadable change page") from None
        try:
            check_page(page, since)
        except FeedOutOfOrder as exc:
            raise FeedError(str(exc)) from None
        return page, read_standing(answer.headers)

    def server_time(self) -> httpx.Response:
        """A cheap probe (GET /v1/time) used to notice that the network is back."""
        return self._send("GET", "/v1/time")

    def lookup(
        self,
        *,
        agent_id: str,
        date_naissance: date,
        nne: str | None = None,
        nom: str | None = None,
        prenoms: str | None = None,
    ) -> tuple[LookupItem, ...]:
        """Procurations of the person at the counter (need-to-know, logged centrally); a POST: nothing in the URL.

        The agent must be enrolled with the central store for this station: it takes the role from there.
        """
        # The shape of LookupRequest; the central store judges it (an incomplete name is its 422, as offline is ours).
        body: dict[str, Any] = {"agent_id": agent_id, "date_naissance": date_naissance.isoformat()}
        if nne:
            body["nne"] = nne
        if nom:
            body["nom"] = nom
        if prenoms and prenoms.split():
            body["prenoms"] = prenoms.split()
        answer = self._send("POST", "/v1/procurations/search", json=body)
        if answer.status_code != 200:
            raise ProtocolError(f"lookup answered {answer.status_code}")
        try:
            return LookupAnswer.from_json(answer.content).items
        except WireError as exc:
            raise ProtocolError(str(exc)) from None

    def online_request(self, reference: str, *, agent_id: str, date_naissance: date) -> OnlineRequest | None:
        """The Maprocuration request with this reference and this mandant's birth date, or None (unknown/mismatch)."""
        try:
            body = RequestFetch(agent_id=agent_id, reference=reference.strip().upper(), date_naissance=date_naissance)
        except ValueError as exc:
            raise ProtocolError(f"request fetch not sent: {type(exc).__name__}") from None
        answer = self._send("POST", "/v1/requests/fetch", content=body.to_json().encode(), headers=_JSON)
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise ProtocolError(f"request answered {answer.status_code}")
        try:
            return OnlineRequest.from_json(answer.content)
        except WireError as exc:
            raise ProtocolError(str(exc)) from None

    def station_figures(self, *, days: int = 30, zone: str = "Europe/Paris") -> StationFigures:
        """What the central store received from this station, per day of `zone` (the station's own, for the
        supervisor's dashboard: its 30 days, not Paris's). A central store older than that answers in Paris days; so
        does one whose zone database lacks the name (a 422: a newer name on the station, e.g. Europe/Kyiv), asked
        again without it rather than leave the dashboard without its central figures."""
        url = f"/v1/stations/{self.credentials.station_id}/figures"
        answer = self._send("GET", url, params={"days": days, "zone": zone})
        if answer.status_code == 422 and zone != "Europe/Paris":
            answer = self._send("GET", url, params={"days": days})
        if answer.status_code != 200:
            raise ProtocolError(f"figures answered {answer.status_code}")
        try:
            return StationFigures.from_json(answer.content)
        except WireError as exc:
            raise ProtocolError(str(exc)) from None


_JSON = {"Content-Type": "application/json"}


def _enrolment_refusal(answer: httpx.Response) -> str:
    """The central store's reason for refusing an enrolment (its French words, or in another language its code's
    sentence: desktop/sync/central_words.py), or a generic one."""
    refusal = _refusal(answer)
    text: object = refusal.message if refusal is not None else _detail(answer)
    if isinstance(text, str) and text.strip():
        return central_refusal(refusal.error if refusal is not None else None, text.strip()[:500])
    return _("Jeton d'enrôlement refusé par le répertoire central : demandez-en un nouveau à son administrateur.")


def _detail(answer: httpx.Response) -> object:
    """FastAPI's own `{"detail": ...}` body (an HTTPException), if that is what came back."""
    try:  # not answer.json(): deep nesting raises RecursionError, which is no ValueError
        body = loads(answer.content)
    except WireError:
        return None
    return body.get("detail") if isinstance(body, dict) else None


def _refusal(answer: httpx.Response) -> Refusal | None:
    try:
        return Refusal.from_json(answer.content)
    except WireError:
        return None


__all__ = [
    "AuthError",
    "BatchConflictError",
    "BatchRefusedError",
    "CentralClient",
    "CertificateError",
    "Credentials",
    "EnrolmentRefused",
    "EntryRefusedError",
    "FeedError",
    "ProtocolError",
    "ProxyRefusedError",
    "PushDeferred",
    "RateLimited",
    "SeqConflictError",
    "ServerError",
    "ServiceUnavailable",
    "SyncError",
    "TransientError",
    "enrol",
]
