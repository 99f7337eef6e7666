"""The one place that builds the HTTP client to the central store: URL, timeouts, User-Agent, proxy, TLS, token.

Every caller (sync worker, look-ups, security API, enrolment, the demo's readiness probe) gets its
`httpx.Client` from `build_client`, so a proxy or a private CA set once in the settings applies everywhere.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from desktop import __version__
from desktop.i18n import N_, _

if TYPE_CHECKING:
    from desktop.settings import Settings

USER_AGENT = f"Guichet/{__version__}"

CERTIFICATE_MESSAGE = N_(
    "Le certificat du répertoire central n'est pas reconnu par ce poste : connexion refusée. "
    "Vérifiez l'adresse du répertoire central et le certificat de l'autorité du ministère (réglage ca_bundle), "
    "ou contactez votre administrateur."
)
PROXY_MESSAGE = N_(
    "Le proxy du réseau (réglage proxy_url) ne répond pas ou refuse la connexion au répertoire central : "
    "vérifiez le réglage ou contactez votre administrateur."
)
UNREACHABLE_MESSAGE = N_("Répertoire central injoignable : vérifiez le réseau ; Guichet réessaiera.")


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where the central store is and how to reach it: its URL, an optional proxy and CA file."""

    base_url: str
    proxy_url: str | None = None
    ca_bundle: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Endpoint | None:
        """The configured central store, or None when `central_url` is not set."""
        if not settings.central_url:
            return None
        return cls(settings.central_url, proxy_url=settings.proxy_url, ca_bundle=settings.ca_bundle)


def tls_context(ca_bundle: Path | None) -> ssl.SSLContext:
    """Only the ministry's CA when a bundle is given, else the operating system's trust store (truststore)."""
    if ca_bundle is not None:
        context = ssl.create_default_context(cafile=str(ca_bundle))
    else:
        import truststore  # Windows and macOS keep their roots outside OpenSSL: ask the OS itself

        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def trusting_nothing() -> ssl.SSLContext:
    """The TLS context of a client for a plain ``http://`` central store (the demo's, the tests'): it trusts no
    certificate, so a TLS connection through it fails closed. httpx's default (``verify=True``) loaded certifi's whole
    bundle for each such client, 40 ms of CPU on a slow machine, three or four times at every demo start."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # hostname checked, certificate required, no authority loaded


def build_client(
    endpoint: Endpoint | str,
    *,
    token: str | None = None,
    timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None,
    keepalive: bool = True,
) -> httpx.Client:
    """An httpx client for the central store; `token` is the station's (or an enrolment) bearer token."""
    if isinstance(endpoint, str):
        endpoint = Endpoint(endpoint)
    headers = {"User-Agent": USER_AGENT}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    secure = endpoint.base_url.lower().startswith("https:")
    return httpx.Client(
        base_url=endpoint.base_url,
        timeout=timeout,
        transport=transport,
        limits=httpx.Limits(max_keepalive_connections=5 if keepalive else 0, max_connections=10),
        headers=headers,
        verify=tls_context(endpoint.ca_bundle) if secure else trusting_nothing(),
        proxy=_proxy(endpoint),
        # Only Guichet's own settings decide the proxy and the trust: no HTTPS_PROXY, SSL_CERT_FILE or .netrc.
        trust_env=False,
    )


def _proxy(endpoint: Endpoint) -> httpx.Proxy | None:
    if not endpoint.proxy_url:
        return None
    if not endpoint.proxy_url.lower().startswith("https:"):
        return httpx.Proxy(endpoint.proxy_url)
    # A TLS proxy's certificate may come from the ministry's CA or a public one: trust both.
    import truststore

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if endpoint.ca_bundle is not None:
        context.load_verify_locations(cafile=str(endpoint.ca_bundle))
    return httpx.Proxy(endpoint.proxy_url, ssl_context=context)


def is_certificate_error(exc: BaseException) -> bool:
    """True when a connection failed because the server's certificate was not trusted."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        current = current.__cause__ or current.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def describe(exc: httpx.HTTPError) -> str:
    """A French sentence for the agent about a failed connection (no URL, nothing personal)."""
    if is_certificate_error(exc):
        return _(CERTIFICATE_MESSAGE)
    if isinstance(exc, httpx.ProxyError):
        return _(PROXY_MESSAGE)
    return _(UNREACHABLE_MESSAGE)


# The longest Retry-After a station heeds (seconds): past it, its own back-off decides.
MAX_RETRY_AFTER = 300.0


def retry_after(answer: httpx.Response) -> float | None:
    """The answer's Retry-After in seconds (its number form; the central store sends no HTTP date), or None."""
    try:
        seconds = float(answer.headers.get("retry-after", ""))
    except ValueError:
        return None
    return min(seconds, MAX_RETRY_AFTER) if seconds >= 0 else None  # NaN and negatives: not said


class _NoQueryString(logging.Filter):
    """httpx logs each request URL; look-up URLs carry NNE and birth dates: drop every query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_without_query(arg) for arg in record.args)
        elif isinstance(record.msg, str) and "?" in record.msg:
            record.msg = record.msg.split("?", 1)[0] + "?…"
        return True


def _without_query(arg: object) -> object:
    if isinstance(arg, httpx.URL):
        return arg.copy_with(query=None) if arg.query else arg
    if isinstance(arg, str) and "?" in arg:
        return arg.split("?", 1)[0] + "?…"
    return arg


def _quiet_http_logs() -> None:
    # Belt and braces: request lines stay below WARNING, and even when someone turns them on, no query string.
    logger = logging.getLogger("httpx")  # httpx logs through this very logger, so its filter sees every record
    if logger.level < logging.WARNING:
        logger.setLevel(logging.WARNING)
    if not any(isinstance(f, _NoQueryString) for f in logger.filters):
        logger.addFilter(_NoQueryString())


_quiet_http_logs()

__all__ = [
    "CERTIFICATE_MESSAGE",
    "PROXY_MESSAGE",
    "UNREACHABLE_MESSAGE",
    "USER_AGENT",
    "Endpoint",
    "build_client",
    "describe",
    "is_certificate_error",
    "retry_after",
    "tls_context",
]
