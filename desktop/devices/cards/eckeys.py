"""Elliptic-curve public keys as ICAO documents write them. ICAO 9303-12 (4.1.6.3) requires ECDSA keys of CSCAs and
document signers to carry explicit domain parameters rather than a curve's name, and many states do so; `cryptography`
refuses such keys. Here a SubjectPublicKeyInfo is read with our own DER code, its explicit parameters are matched to
the named curve they spell out (every one of p, a, b, G, n), and the key is built on that curve from its point."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key

from desktop.devices.cards.ec import CURVES_BY_OID, NATIVE, Curve
from desktop.devices.cards.errors import TlvError, UnsupportedAlgorithmError
from desktop.devices.cards.tlv import Tlv, oid_decode, parse_single

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1"
OID_PRIME_FIELD = "1.2.840.10045.1.1"
_MAX_INTEGER_BYTES = 80  # P-521's order and prime take 67: enough for every curve, bounded against hostile bytes


def _natural(item: Tlv) -> int:
    """A non-negative INTEGER (with its leading zero byte when the top bit is set)."""
    if item.tag != 0x02 or not item.value or len(item.value) > _MAX_INTEGER_BYTES or item.value[0] & 0x80:
        raise TlvError("entier positif attendu")
    return int.from_bytes(item.value, "big")


def _field_element(item: Tlv) -> int:
    """A FieldElement (X9.62): an OCTET STRING holding the number big-endian."""
    if item.tag != 0x04 or not item.value or len(item.value) > _MAX_INTEGER_BYTES:
        raise TlvError("élément du corps attendu")
    return int.from_bytes(item.value, "big")


def _is_base_point(curve: Curve, encoded: bytes) -> bool:
    """Whether `encoded` (X9.62: 04 X Y, or 02/03 X for a compressed point) is the curve's standard base point."""
    size = curve.size
    if len(encoded) == 1 + 2 * size and encoded[0] == 0x04:
        return encoded[1:] == curve.gx.to_bytes(size, "big") + curve.gy.to_bytes(size, "big")
    if len(encoded) == 1 + size and encoded[0] in (0x02, 0x03):
        return encoded[1:] == curve.gx.to_bytes(size, "big") and encoded[0] & 1 == curve.gy & 1
    return False


def curve_of(parameters: Tlv) -> Curve:
    """The curve of an ECParameters choice: a named curve's OID, or explicit parameters equal to a named curve's.
    UnsupportedAlgorithmError for a curve we do not know (or `implicitlyCA`); TlvError when malformed."""
    if parameters.tag == 0x06:
        curve = CURVES_BY_OID.get(oid_decode(parameters))
        if curve is None:
            raise UnsupportedAlgorithmError("courbe nommée non prise en charge")
        return curve
    if parameters.tag != 0x30:
        raise UnsupportedAlgorithmError("paramètres de courbe non pris en charge")
    parts = parameters.children()
    if len(parts) < 5 or parts[1].tag != 0x30 or parts[2].tag != 0x30 or parts[3].tag != 0x04:
        raise TlvError("paramètres de courbe explicites incomplets")
    field = parts[1].children()
    if len(field) < 2:
        raise TlvError("corps de la courbe incomplet")
    if oid_decode(field[0]) != OID_PRIME_FIELD:
        raise UnsupportedAlgorithmError("courbe sur un corps de caractéristique 2")
    coefficients = parts[2].children()
    if len(coefficients) < 2:
        raise TlvError("coefficients de la courbe incomplets")
    prime, order = _natural(field[1]), _natural(parts[4])
    a, b = _field_element(coefficients[0]), _field_element(coefficients[1])
    cofactor = _natural(parts[5]) if len(parts) > 5 else 1
    for curve in CURVES_BY_OID.values():
        if (curve.p, curve.a, curve.b, curve.n, cofactor) == (prime, a, b, order, 1) and _is_base_point(
            curve, parts[3].value
        ):
            return curve
    raise UnsupportedAlgorithmError("paramètres de courbe explicites inconnus")


def spki_public_key(spki: bytes) -> PublicKeyTypes:
    """The public key of a DER SubjectPublicKeyInfo, EC keys with named or explicit parameters alike.
    UnsupportedAlgorithmError for a curve we do not know; ValueError (TlvError) when malformed."""
    try:
        parts = parse_single(spki, 0x30).children()
        algorithm = parts[0].children()
        if parts[0].tag != 0x30 or oid_decode(algorithm[0]) != OID_EC_PUBLIC_KEY:
            try:
                return load_der_public_key(spki)  # RSA and the rest: `cryptography` reads them
            except UnsupportedAlgorithm as exc:
                raise UnsupportedAlgorithmError("type de clé non pris en charge") from exc
        curve = curve_of(algorithm[1])
        bits = parts[1]
    except IndexError as exc:
        raise TlvError("SubjectPublicKeyInfo incomplet") from exc
    if bits.tag != 0x03 or bits.value[:1] != b"\x00":
        raise TlvError("clé publique attendue")
    return ec.EllipticCurvePublicKey.from_encoded_point(NATIVE[curve.name](), bits.value[1:])  # ValueError: off-curve


def certificate_key(certificate: x509.Certificate) -> PublicKeyTypes:
    """A certificate's public key, also when `cryptography` refuses it for its explicit EC parameters.
    UnsupportedAlgorithmError for a curve we do not know; ValueError when the key is malformed."""
    try:
        return certificate.public_key()  # parsed lazily: a mangled or explicit-parameter key only fails here
    except (ValueError, UnsupportedAlgorithm):
        pass
    try:
        fields = parse_single(certificate.tbs_certificate_bytes, 0x30).children()
        if fields and fields[0].tag == 0xA0:  # [0] version
            fields = fields[1:]
        spki = fields[5].raw  # serial, signature, issuer, validity, subject, subjectPublicKeyInfo
    except IndexError as exc:
        raise TlvError("certificat incomplet") from exc
    return spki_public_key(spki)
