"""What the agent reads about a failed sync: one French sentence per kind of failure (the Synchronisation screen)."""

from __future__ import annotations

from desktop.failures import plain_failure
from desktop.i18n import _
from desktop.sync.client import (
    AuthError,
    BatchConflictError,
    CertificateError,
    FeedError,
    ProtocolError,
    ProxyRefusedError,
    PushDeferred,
    SeqConflictError,
    ServerError,
    ServiceUnavailable,
    SyncError,
    TransientError,
)


class RefusingEverything(ProtocolError):
    """The central store refused entry after entry: the worker stops setting them aside."""


class LocalFailure(SyncError):
    """The sync failed on this station (its store, its disk), not at the central store or on the network.

    `message`: a French sentence the agent or the IT staff can act on (« Le disque de l'ordinateur est plein… »,
    desktop/failures.py), or None for a failure it cannot name. The text is for logs: the failure's type only, as a
    database error may quote bound parameters (personal data).
    """

    def __init__(self, kind: str, message: str | None) -> None:
        super().__init__(f"local failure: {kind}")
        self.message = message

    @classmethod
    def of(cls, exc: BaseException) -> LocalFailure:
        return cls(type(exc).__name__, plain_failure(exc))


def reason(exc: SyncError, server_errors: int = 0, bound: int = 5) -> str:
    """A French sentence for the agent about a failed sync."""
    if isinstance(exc, RefusingEverything):
        return _(
            "Le répertoire central refuse chaque envoi de ce poste, un par un : les envois sont "
            "suspendus sans rien écarter de plus. Contactez le support."
        )
    if isinstance(exc, ServiceUnavailable):  # its database restarting or busy: back on its own, nothing to do here
        return _(
            "Le répertoire central est momentanément indisponible (HTTP 503) : les actes en attente lui seront "
            "envoyés dès qu'il répondra, Guichet réessaie de lui-même. Rien à faire au guichet."
        )
    if isinstance(exc, ServerError):
        if server_errors >= bound:
            return _(
                "Le répertoire central répond par une erreur interne (HTTP {status}) depuis "
                "{server_errors} essais : ce n'est pas un problème de réseau de ce poste. Les envois "
                "sont retentés toutes les quelques minutes ; si cela dure, contactez le support."
            ).format(status=exc.status, server_errors=server_errors)
        return exc.message
    if isinstance(exc, CertificateError | ProxyRefusedError | PushDeferred):
        return exc.message  # IT has a setting to fix (ca_bundle, proxy_url), or the central store asked to wait
    if isinstance(exc, TransientError):
        return _("Répertoire central injoignable : les envois reprendront automatiquement.")
    if isinstance(exc, AuthError):
        return _("Ce poste n'est plus reconnu par le répertoire central : contactez votre administrateur.")
    if isinstance(exc, SeqConflictError):
        return _(
            "Désaccord de numérotation avec le répertoire central persistant après reprise (dernier "
            "numéro reçu : {last_seq}) : contactez le support."
        ).format(last_seq=exc.last_seq)
    if isinstance(exc, FeedError):
        return exc.message
    if isinstance(exc, BatchConflictError | ProtocolError):
        return _("Le répertoire central a refusé un envoi : contactez le support.")
    if isinstance(exc, LocalFailure) and exc.message:
        return exc.message  # the disk full, read-only, the store busy… (desktop/failures.py)
    return _("Erreur pendant la synchronisation : elle sera retentée automatiquement.")
