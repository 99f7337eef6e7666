"""The signatures of ICAO's CMS files (EF.SOD, master lists): which digest and signature algorithms, and whether a
certificate's key made a signature over the signed attributes (ECDSA, plain or DER; RSA PKCS#1 v1.5 and PSS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

if TYPE_CHECKING:
    from cryptography import x509

    from desktop.devices.cards.lds import SignedContent

HASH_OIDS = {
    "1.3.14.3.2.26": "sha1",
    "2.16.840.1.101.3.4.2.4": "sha224",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}
ECDSA_OIDS = {
    "1.2.840.10045.4.1": "sha1",
    "1.2.840.10045.4.3.1": "sha224",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
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


def verify_signature(sod: SignedContent, certificate: x509.Certificate) -> bool:
    """Whether the signed attributes (EF.SOD's, a master list's) carry the signature of `certificate`'s key."""
    algorithm = sod.signature_algorithm
    try:
        key = certificate.public_key()  # parsed lazily: a mangled key only fails here
        if algorithm in ECDSA_OIDS and isinstance(key, ec.EllipticCurvePublicKey):
            chosen = HASH_CLASSES[ECDSA_OIDS[algorithm]]()
            signature = sod.signature
            if signature[:1] != b"\x30":  # plain r||s (BSI TR-03111) rather than DER
                half = len(signature) // 2
                r, s = int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
                signature = encode_dss_signature(r, s)
            key.verify(signature, sod.signed_attrs, ec.ECDSA(chosen))
            return True
        if isinstance(key, rsa.RSAPublicKey) and algorithm in (*RSA_OIDS, OID_RSA, OID_RSA_PSS):
            hash_name = RSA_OIDS.get(algorithm) or HASH_OIDS.get(sod.digest_algorithm, "sha256")
            chosen = HASH_CLASSES[hash_name]()
            if algorithm == OID_RSA_PSS:
                pss = padding.PSS(mgf=padding.MGF1(chosen), salt_length=padding.PSS.AUTO)
                key.verify(sod.signature, sod.signed_attrs, pss, chosen)
            else:
                key.verify(sod.signature, sod.signed_attrs, padding.PKCS1v15(), chosen)
            return True
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError):
        return False
    return False
