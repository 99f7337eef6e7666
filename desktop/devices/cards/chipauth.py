"""Active Authentication (ICAO 9303-11, 6.1): the chip proves it holds the private key of DG15, so it is no copy.

DG14 says what the chip offers (Active Authentication's signature algorithm, Chip Authentication); DG15 holds the
public key. The check only means "not cloned" when DG15 itself passed passive authentication.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from desktop.devices.cards.eckeys import spki_public_key
from desktop.devices.cards.errors import LdsError, TlvError, UnsupportedAlgorithmError
from desktop.devices.cards.identity import Check, CheckStatus
from desktop.devices.cards.tlv import oid_decode, parse_single
from desktop.i18n import N_, _

log = logging.getLogger(__name__)

OID_ACTIVE_AUTH = "2.23.136.1.1.5"
OID_CHIP_AUTH_PREFIX = "0.4.0.127.0.7.2.2.3."  # id-CA-DH-* and id-CA-ECDH-*
# BSI TR-03111 ecdsa-plain-* and X9.62 ecdsa-with-*: both are met on chips.
AA_HASHES = {
    "0.4.0.127.0.7.1.1.4.1.1": "sha1",
    "0.4.0.127.0.7.1.1.4.1.2": "sha224",
    "0.4.0.127.0.7.1.1.4.1.3": "sha256",
    "0.4.0.127.0.7.1.1.4.1.4": "sha384",
    "0.4.0.127.0.7.1.1.4.1.5": "sha512",
    "1.2.840.10045.4.1": "sha1",
    "1.2.840.10045.4.3.1": "sha224",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
}
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
# ISO/IEC 9796-2 trailer: 0xBC is SHA-1 implicit; 0x??CC names the hash.
_ISO9796_HASH_IDS = {0x33: "sha1", 0x34: "sha256", 0x35: "sha512", 0x36: "sha384", 0x38: "sha224"}

CHECK_ID = "chip_authenticity"
LABEL = N_("Puce d'origine (anti-clonage)")


@dataclass(frozen=True, slots=True)
class SecurityInfos:
    """What DG14 offers: Active Authentication's hash (None when absent) and whether Chip Authentication is."""

    aa_hash: str | None = None
    chip_authentication: bool = False


def parse_dg14(data: bytes) -> SecurityInfos:
    """The protocols DG14 advertises; unknown entries are skipped (chips carry PACE and TA infos there too)."""
    aa_hash, chip_auth = None, False
    try:
        for info in parse_single(data, 0x6E).child(0x31).children():
            parts = info.children()
            if not parts:
                continue
            oid = oid_decode(parts[0])
            if oid == OID_ACTIVE_AUTH and len(parts) >= 3:
                aa_hash = AA_HASHES.get(oid_decode(parts[2]))
            elif oid.startswith(OID_CHIP_AUTH_PREFIX):
                chip_auth = True
    except (TlvError, ValueError) as exc:
        raise LdsError("DG14 illisible") from exc
    return SecurityInfos(aa_hash, chip_auth)


def parse_dg15(data: bytes) -> ec.EllipticCurvePublicKey | rsa.RSAPublicKey:
    """The Active Authentication public key of DG15."""
    try:
        key = spki_public_key(parse_single(data, 0x6F).value)  # an EC key with explicit parameters too
    except UnsupportedAlgorithmError as exc:
        raise LdsError(_("clé de DG15 non prise en charge")) from exc
    except (TlvError, ValueError, UnsupportedAlgorithm) as exc:
        raise LdsError("DG15 illisible") from exc
    if not isinstance(key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise LdsError(_("clé de DG15 non prise en charge"))
    return key


def verify_active_auth(
    key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey, hash_name: str | None, challenge: bytes, signature: bytes
) -> bool:
    """Whether `signature` is the chip's answer to `challenge` under `key`."""
    if isinstance(key, rsa.RSAPublicKey):
        return _verify_iso9796_2(key, challenge, signature)
    if hash_name is None or len(signature) % 2 or not signature:
        return False
    half = len(signature) // 2
    der = encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))
    try:
        key.verify(der, challenge, ec.ECDSA(_HASHES[hash_name]()))
    except InvalidSignature:
        return False
    return True


def _verify_iso9796_2(key: rsa.RSAPublicKey, challenge: bytes, signature: bytes) -> bool:
    """ISO/IEC 9796-2 scheme 1 with partial message recovery, as RSA Active Authentication signs."""
    numbers = key.public_numbers()
    value = int.from_bytes(signature, "big")
    if not 0 < value < numbers.n:
        return False
    recovered = pow(value, numbers.e, numbers.n)
    if recovered & 0xF != 0xC:
        recovered = numbers.n - recovered  # the signer may have sent the smaller of s and n - s
    size = (numbers.n.bit_length() + 7) // 8
    block = recovered.to_bytes(size, "big").lstrip(b"\x00")
    if len(block) < 3 or block[0] & 0xC0 != 0x40:
        return False
    if block[-1] == 0xBC:
        hash_name, trailer = "sha1", 1
    elif block[-1] == 0xCC and block[-2] in _ISO9796_HASH_IDS:
        hash_name, trailer = _ISO9796_HASH_IDS[block[-2]], 2
    else:
        return False
    length = hashlib.new(hash_name).digest_size
    if len(block) < 1 + length + trailer:
        return False
    message = block[1 : len(block) - length - trailer]
    digest = block[len(block) - length - trailer : len(block) - trailer]
    return hashlib.new(hash_name, message + challenge).digest() == digest


def not_offered(detail: str) -> Check:
    """The anti-cloning check could not run: the chip offers nothing Guichet can use."""
    return Check(CHECK_ID, _(LABEL), CheckStatus.NOT_RUN, detail)


def outcome(*, verified: bool, key_signed: bool, method: str = "Authentification active", group: int = 15) -> Check:
    """The anti-cloning badge from the chip's proof (Active or Chip Authentication) and whether the data group
    holding its key was proven by passive authentication."""
    if not verified:
        log.warning("anti-cloning check: the chip did not prove it holds its key")
        return Check(
            CHECK_ID,
            _(LABEL),
            CheckStatus.FAILED,
            _("La puce n'a pas prouvé détenir sa clé : elle peut être une copie. Vérifiez le document à l'œil."),
        )
    if not key_signed:
        return Check(
            CHECK_ID,
            _(LABEL),
            CheckStatus.NOT_RUN,
            _("La puce a répondu, mais sa clé (DG{group}) n'est pas garantie par EF.SOD : copie non exclue.").format(
                group=group
            ),
        )
    return Check(
        CHECK_ID,
        _(LABEL),
        CheckStatus.PASSED,
        _("{method} réussie : la puce n'est pas une copie.").format(method=method),
    )
