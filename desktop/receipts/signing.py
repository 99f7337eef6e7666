"""Signing receipts with the station's Ed25519 key, and verifying them offline against known station keys."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

import desktop.receipts.payload as wire
from desktop.receipts.content import MAX_PLACE_CODE_LENGTH, Party, Receipt, normalise_identity_text
from desktop.receipts.payload import ReceiptClaims, ReceiptPayloadError

IDENTITY_KEY_LENGTH = 32


def receipt_station_code(station_code: str) -> str:
    """A station's code as its receipts' place code carries it (`LC`: 16 bytes at most)."""
    return station_code.strip().encode()[:MAX_PLACE_CODE_LENGTH].decode(errors="ignore")


class ReceiptVerificationError(ReceiptPayloadError):
    """A well-formed payload that must not be trusted (unknown or revoked key, bad signature)."""


@dataclass(frozen=True, slots=True)
class SignedReceipt:
    """A receipt and the signed QR text that goes with it."""

    receipt: Receipt
    payload: str
    key_id: str

    def as_duplicate(self) -> SignedReceipt:
        """The reprint: same content and same signed payload, marked DUPLICATA."""
        return replace(self, receipt=self.receipt.as_duplicate())


def identity_digest(identity_key: bytes, party: Party) -> bytes:
    """Keyed digest of a person's identity: matches the same person, reveals nothing without the key."""
    born = party.date_naissance.isoformat() if party.date_naissance else ""
    canonical = "|".join(("v1", normalise_identity_text(party.nom), normalise_identity_text(party.prenoms), born))
    mac = hmac.new(identity_key, canonical.encode("utf-8"), hashlib.sha256).digest()
    return mac[: wire.DIGEST_LENGTH]


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of an Ed25519 public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


class StationSigner:
    """Holds the station's private key, its key id and the identity-digest key."""

    def __init__(self, *, key_id: str, private_key: Ed25519PrivateKey, identity_key: bytes) -> None:
        if not wire.valid_key_id(key_id):
            raise ValueError("key id must be 4 characters A-Z 0-9")
        if len(identity_key) < 16:
            raise ValueError("identity key too short")
        # One tuple, swapped whole by `adopt`: a receipt signed meanwhile never pairs one key's id with the other key.
        self._pair = (key_id, private_key)
        self._identity_key = identity_key

    @property
    def key_id(self) -> str:
        """The 4-character id the receipts carry."""
        return self._pair[0]

    @property
    def public_key(self) -> bytes:
        """Raw public key, to publish in the trusted-keys file."""
        return public_key_bytes(self._pair[1].public_key())

    @property
    def private_key(self) -> Ed25519PrivateKey:
        """The station's Ed25519 key, which also signs the audit anchors (one station identity, one key)."""
        return self._pair[1]

    def adopt(self, other: StationSigner) -> None:
        """Sign from now on with `other`'s key (a key drawn while the application runs: keys.redraw_station_keys)."""
        self._pair = other._pair

    def identity_digest(self, party: Party) -> bytes:
        """The keyed digest this station puts in its QR codes for a person."""
        return identity_digest(self._identity_key, party)

    def claims_for(self, receipt: Receipt) -> ReceiptClaims:
        """What the QR code of this receipt asserts."""
        return ReceiptClaims(
            key_id=self.key_id,
            number=receipt.number.strip(),
            kind=receipt.kind,
            issued_at=receipt.local_issued_at.replace(second=0, microsecond=0),
            place_kind=receipt.place.kind,
            place_code=receipt.place.code.strip(),
            status=receipt.status,
            mandant_digest=self.identity_digest(receipt.mandant),
        )

    def sign_claims(self, claims: ReceiptClaims) -> str:
        """Serialise and sign claims into QR text."""
        return self._sign(claims, self._pair[1])

    @staticmethod
    def _sign(claims: ReceiptClaims, key: Ed25519PrivateKey) -> str:
        signed = wire.encode_signed_part(claims)
        return wire.to_text(signed, key.sign(signed))

    def sign(self, receipt: Receipt) -> SignedReceipt:
        """Sign a receipt; the result is what renderers and printers take."""
        key_id, key = self._pair
        claims = replace(self.claims_for(receipt), key_id=key_id)
        return SignedReceipt(receipt=receipt, payload=self._sign(claims, key), key_id=key_id)


@dataclass(frozen=True, slots=True)
class TrustedKeys:
    """Station public keys a verifier accepts, by key id, and the ids that were revoked.

    `stations` holds, for a key exported with its station, that station's code: the code's place code (`LC`) must
    be it, so a trusted key signs for its own station only (several keys may share a code: a station enrolled again
    on a new laptop)."""

    keys: Mapping[str, bytes] = field(default_factory=dict)
    revoked: frozenset[str] = frozenset()
    stations: Mapping[str, str] = field(default_factory=dict)

    def with_key(self, key_id: str, public_key: bytes, station_code: str | None = None) -> TrustedKeys:
        """A copy that also trusts this key (for `station_code` only, when given; else as bound before)."""
        if not wire.valid_key_id(key_id) or len(public_key) != 32:
            raise ValueError("invalid key id or public key")
        stations = dict(self.stations)
        if station_code is not None:
            stations[key_id] = receipt_station_code(station_code)
        return replace(self, keys={**self.keys, key_id: public_key}, stations=stations)

    def with_revoked(self, key_id: str) -> TrustedKeys:
        """A copy where this key id is revoked."""
        return replace(self, revoked=self.revoked | {key_id})


class ReceiptVerifier:
    """Checks a receipt's QR text offline; raises ReceiptPayloadError (or its subclass) with a French reason."""

    def __init__(self, trusted: TrustedKeys) -> None:
        self._trusted = trusted

    def verify(self, text: str) -> ReceiptClaims:
        """Decode and check the signature; returns the claims when the payload can be trusted."""
        parsed = wire.parse(text)
        key_id = parsed.claims.key_id
        if key_id in self._trusted.revoked:
            raise ReceiptVerificationError(f"La clé de la station {key_id} a été révoquée : récépissé non fiable.")
        raw_key = self._trusted.keys.get(key_id)
        if raw_key is None:
            raise ReceiptVerificationError(f"Clé de station inconnue ({key_id}) : récépissé non vérifiable.")
        try:
            Ed25519PublicKey.from_public_bytes(raw_key).verify(parsed.signature, parsed.signed)
        except (InvalidSignature, ValueError) as exc:
            raise ReceiptVerificationError("Signature invalide : le récépissé a été modifié ou falsifié.") from exc
        station = self._trusted.stations.get(key_id)
        if station is not None and station != parsed.claims.place_code:
            raise ReceiptVerificationError(
                f"La clé {key_id} est celle de la station {station} : elle ne signe pas pour "
                f"{parsed.claims.place_code}. Récépissé non fiable."
            )
        return parsed.claims


def identity_matches(claims: ReceiptClaims, identity_key: bytes, party: Party) -> bool:
    """True when the person presented is the one the receipt was made for (needs the station's identity key)."""
    return hmac.compare_digest(claims.mandant_digest, identity_digest(identity_key, party))
