"""The signatures of ICAO's CMS files (EF.SOD, master lists) and certificates: which digest and signature algorithms,
and whether a key made a signature (ECDSA, X9.62 DER or BSI TR-03111 plain r||s; RSA PKCS#1 v1.5 and PSS), keys with
explicit EC parameters included (eckeys.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from desktop.devices.cards.eckeys import certificate_key
from desktop.devices.cards.errors import UnsupportedAlgorithmError

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

    from desktop.devices.cards.lds import SignedContent

HASH_OIDS = {
    "1.3.14.3.2.26": "sha1",
    "2.16.840.1.101.3.4.2.4": "sha224",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}
# BSI TR-03111 ecdsa-plain-signatures: the signature is r||s, each as long as the curve's order.
ECDSA_PLAIN_OIDS = {
    "0.4.0.127.0.7.1.1.4.1.1": "sha1",
    "0.4.0.127.0.7.1.1.4.1.2": "sha224",
    "0.4.0.127.0.7.1.1.4.1.3": "sha256",
    "0.4.0.127.0.7.1.1.4.1.4": "sha384",
    "0.4.0.127.0.7.1.1.4.1.5": "sha512",
}
ECDSA_OIDS = {
    "1.2.840.10045.4.1": "sha1",
    "1.2.840.10045.4.3.1": "sha224",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
    **ECDSA_PLAIN_OIDS,
}
RSA_OIDS = {
    "1.2.840.113549.1.1.5": "sha1",
    "1.2.840.113549.1.1.14": "sha224",
    "1.2.840.113549.1.1.11": "sha256",
    "1.2.840.113549.1.1.12": "sha384",
    "1.2.840.113549.1.1.13": "sha512",
}
OID_RSA_PSS = "1.2.840.113549.1.1.10"
OID_RSA = "1.2.840.113549.1.1.1"

HASH_CLASSES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def _ecdsa_der(algorithm: str, signature: bytes) -> bytes | None:
    """The signature as `cryptography` wants it (DER), None when a plain one cannot be split in two halves."""
    if algorithm in ECDSA_PLAIN_OIDS or signature[:1] != b"\x30":  # plain r||s, or an X9.62 OID over a plain one
        if not signature or len(signature) % 2:
            return None
        half = len(signature) // 2
        return encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))
    return signature


def verify_with(key: PublicKeyTypes, algorithm: str, signature: bytes, data: bytes, digest: str | None = None) -> bool:
    """Whether `key` made `signature` over `data` with `algorithm` (an OID; `digest`, a HASH_OIDS name, is the hash
    of bare RSA and PSS). UnsupportedAlgorithmError for an algorithm this module does not know."""
    if algorithm not in ECDSA_OIDS and algorithm not in RSA_OIDS and algorithm not in (OID_RSA, OID_RSA_PSS):
        raise UnsupportedAlgorithmError("algorithme de signature non pris en charge")
    try:
        if algorithm in ECDSA_OIDS and isinstance(key, ec.EllipticCurvePublicKey):
            der = _ecdsa_der(algorithm, signature)
            if der is None:
                return False
            key.verify(der, data, ec.ECDSA(HASH_CLASSES[ECDSA_OIDS[algorithm]]()))
            return True
        if isinstance(key, rsa.RSAPublicKey) and algorithm not in ECDSA_OIDS:
            chosen = HASH_CLASSES[RSA_OIDS.get(algorithm) or digest or "sha256"]()
            if algorithm == OID_RSA_PSS:
                key.verify(signature, data, padding.PSS(mgf=padding.MGF1(chosen), salt_length=padding.PSS.AUTO), chosen)
            else:
                key.verify(signature, data, padding.PKCS1v15(), chosen)
            return True
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError):
        return False
    return False


def verify_signature(sod: SignedContent, certificate: x509.Certificate) -> bool:
    """Whether the signed attributes (EF.SOD's, a master list's) carry the signature of `certificate`'s key.
    UnsupportedAlgorithmError when its curve or the signature algorithm is one we do not implement."""
    try:
        key = certificate_key(certificate)
    except UnsupportedAlgorithmError:
        raise
    except ValueError:
        return False
    return verify_with(
        key, sod.signature_algorithm, sod.signature, sod.signed_attrs, HASH_OIDS.get(sod.digest_algorithm)
    )


def issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether `issuer` (a CSCA, a master list's publisher) issued `certificate`: names, then the signature of its
    to-be-signed part, checked by `cryptography`, or by us when the issuer's key has explicit EC parameters.
    UnsupportedAlgorithmError when the issuer's curve is one we do not know. Names may raise (names_readable)."""
    if issuer.subject != certificate.issuer:
        return False
    try:
        issuer.public_key()
    except (ValueError, UnsupportedAlgorithm):
        try:
            key = certificate_key(issuer)
        except UnsupportedAlgorithmError:
            raise
        except ValueError:
            return False
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        algorithm = certificate.signature_algorithm_oid.dotted_string
        return verify_with(key, algorithm, certificate.signature, certificate.tbs_certificate_bytes)
    try:
        certificate.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return True
