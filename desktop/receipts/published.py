"""The central store's published receipt keys: a trusted-keys file signed by its anchor key, and its check.

The document is the trusted-keys file `receipt verify` reads (`version`, `keys`, `revoked`), with `as_of` (the last
key registered or revoked) and `central_signature`: Ed25519 by the central store's anchor key (GET
/v1/security/anchor-key) over `guichet-receipt-keys-v1|` followed by the canonical JSON (sorted keys, no spaces,
UTF-8) of the document without `central_signature`. A copy handed on is checked the same way (`receipt trust`).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop.i18n import _
from desktop.jsonfile import load_object
from desktop.receipts.keys import KeyStoreError, trusted_keys_of
from desktop.receipts.signing import TrustedKeys
from desktop.sync.wire.check import WireError, canonical_json, loads
from desktop.sync.wire.security import MAX_PUBLISHED, PublishedReceiptKeys

CONTEXT = b"guichet-receipt-keys-v1|"
SIGNATURE_FIELD = "central_signature"
MAX_PUBLISHED_KEYS = MAX_PUBLISHED  # about 110 bytes each: 11 MB, under the trusted-keys file's 16 MB
MAX_PUBLISHED_BYTES = 16 * 1024 * 1024


class PublishedKeysError(Exception):
    """A published document that must not be trusted; the message is one French sentence."""


def unsigned_document(
    *, keys: Mapping[str, tuple[bytes, str]], revoked: Collection[str], as_of: datetime
) -> dict[str, Any]:
    """The trusted-keys file for these keys (id: raw key, station code) and revoked ids, before its signature."""
    return {
        "version": 1,
        "keys": {
            kid: {"public_key": base64.b64encode(raw).decode("ascii"), "station_code": code}
            for kid, (raw, code) in sorted(keys.items())
        },
        "revoked": sorted(revoked),
        "as_of": as_of.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def signed_bytes(document: Mapping[str, Any]) -> bytes:
    """What the anchor key signs: the context, then the canonical JSON of everything but the signature."""
    rest = {k: v for k, v in document.items() if k != SIGNATURE_FIELD}
    return CONTEXT + canonical_json(rest).encode("utf-8")


def sign_document(document: Mapping[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """The document with its `central_signature`."""
    signature = base64.b64encode(key.sign(signed_bytes(document))).decode("ascii")
    return {**document, SIGNATURE_FIELD: signature}


def check_published(raw: bytes, central_key: bytes) -> tuple[TrustedKeys, dict[str, Any]]:
    """The trusted keys a published document (network bytes, a copy handed on) gives, once its signature by
    `central_key` is checked; PublishedKeysError with a French sentence otherwise."""
    if len(raw) > MAX_PUBLISHED_BYTES:
        raise PublishedKeysError(_("Liste des clés publiées trop volumineuse : refusée."))
    try:
        data = loads(raw)
        PublishedReceiptKeys.from_dict(data)
        signature = base64.b64decode(str(data[SIGNATURE_FIELD]), validate=True)
        Ed25519PublicKey.from_public_bytes(central_key).verify(signature, signed_bytes(data))
    except (WireError, KeyError, TypeError, ValueError, binascii.Error):
        raise PublishedKeysError(
            _("Réponse illisible : ce n'est pas une liste de clés publiée par le répertoire central.")
        ) from None
    except InvalidSignature:
        raise PublishedKeysError(
            _("Signature du répertoire central invalide : la liste des clés a été modifiée ou ne vient pas de lui.")
        ) from None
    try:
        trusted = trusted_keys_of(data)
    except KeyStoreError:
        raise PublishedKeysError(_("Liste des clés publiées incohérente : refusée.")) from None
    both = sorted(set(trusted.keys) & trusted.revoked)
    if both:
        raise PublishedKeysError(
            _("La clé {key_id} est à la fois publiée et révoquée : liste refusée.").format(key_id=both[0])
        )
    return trusted, data


@dataclass(frozen=True)
class ListStanding:
    """What a trusted-keys file says of itself: the central store's list (signed) or a station's own export, the
    instant it was drawn up, and whether its signature was checked here."""

    signed: bool
    checked: bool
    as_of: datetime | None


def standing_of(raw: bytes, central_key: bytes | None) -> ListStanding:
    """The standing of a trusted-keys file's bytes. With the central store's key, the file must be its signed
    list, intact (PublishedKeysError otherwise): a file edited after `receipt trust` wrote it is refused."""
    if central_key is not None:
        if SIGNATURE_FIELD.encode("ascii") not in raw:
            raise PublishedKeysError(
                _(
                    "Ce fichier n'est pas une liste signée par le répertoire central (guichet receipt trust l'écrit) : "
                    "refusé avec --central-key."
                )
            )
        _trusted, data = check_published(raw, central_key)
        return ListStanding(signed=True, checked=True, as_of=_instant(data.get("as_of")))
    try:
        data = load_object(raw)
    except ValueError:
        return ListStanding(signed=False, checked=False, as_of=None)
    return ListStanding(signed=SIGNATURE_FIELD in data, checked=False, as_of=_instant(data.get("as_of")))


def _instant(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) != 20 or not value.endswith("Z"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
