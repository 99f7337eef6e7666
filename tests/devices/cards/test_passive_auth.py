"""Passive authentication's verdicts when EF.SOD names a digest we do not implement: not verified, never « absent »
nor « altered » (the document may well be genuine)."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.identity import CheckStatus
from desktop.devices.cards.lds import OID_CONTENT_TYPE, OID_LDS_SECURITY_OBJECT, OID_MESSAGE_DIGEST, OID_SIGNED_DATA
from desktop.devices.cards.passive_auth import CscaStore, passive_authentication
from desktop.devices.cards.tlv import der_int, encode, oid_encode, seq, set_of
from desktop.devices.cards.vchip.build import build_content
from desktop.devices.cards.vchip.pki import shared_test_pki

DIGESTS = {"sha256": "2.16.840.1.101.3.4.2.1", "sha3_256": "2.16.840.1.101.3.4.2.8"}
OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2"


def sod(groups: dict[int, bytes], *, lds_digest: str, cms_digest: str = "sha256") -> bytes:
    """EF.SOD whose data groups are hashed with `lds_digest` and whose signed attributes digest with `cms_digest`,
    signed by France's test document signer."""
    pki = shared_test_pki("FR")
    hashed = seq(*(seq(der_int(n), encode(0x04, hashlib.new(lds_digest, d).digest())) for n, d in groups.items()))
    lds_object = seq(der_int(0), seq(oid_encode(DIGESTS[lds_digest])), hashed)
    attributes = set_of(
        seq(oid_encode(OID_CONTENT_TYPE), set_of(oid_encode(OID_LDS_SECURITY_OBJECT))),
        seq(oid_encode(OID_MESSAGE_DIGEST), set_of(encode(0x04, hashlib.new(cms_digest, lds_object).digest()))),
    )
    certificate = pki.signer_certificate
    signer_info = seq(
        der_int(1),
        seq(certificate.issuer.public_bytes(), der_int(certificate.serial_number)),
        seq(oid_encode(DIGESTS[cms_digest])),
        b"\xa0" + attributes[1:],
        seq(oid_encode(OID_ECDSA_SHA256)),
        encode(0x04, pki.signer_key.sign(attributes, ec.ECDSA(hashes.SHA256()))),
    )
    signed = seq(
        der_int(3),
        set_of(seq(oid_encode(DIGESTS[cms_digest]))),
        seq(oid_encode(OID_LDS_SECURITY_OBJECT), encode(0xA0, encode(0x04, lds_object))),
        encode(0xA0, certificate.public_bytes(Encoding.DER)),
        set_of(signer_info),
    )
    return encode(0x77, seq(oid_encode(OID_SIGNED_DATA), encode(0xA0, signed)))


def checks_of(data: bytes, groups: dict[int, bytes]) -> dict[str, tuple[CheckStatus, str]]:
    store = CscaStore((shared_test_pki("FR").csca_certificate,))
    return {c.id: (c.status, c.detail) for c in passive_authentication(data, groups, store, issuing_state="FRA")}


def groups() -> dict[int, bytes]:
    content = build_content(demo_person("martin-claire"), face_target_bytes=3000)
    return {1: content.dg1, 2: content.dg2}


def test_an_unknown_data_group_digest_is_not_run_not_absent() -> None:
    read = groups()
    checks = checks_of(sod(read, lds_digest="sha3_256"), read)
    for group in ("dg1_hash", "dg2_hash"):
        status, detail = checks[group]
        assert status is CheckStatus.NOT_RUN and "algorithme d'empreinte non pris en charge" in detail.lower()
        assert "absente" not in detail
    assert checks["sod_signature"][0] is CheckStatus.PASSED  # the signature itself is fine


def test_an_unknown_signed_attributes_digest_is_not_run() -> None:
    read = groups()
    status, detail = checks_of(sod(read, lds_digest="sha256", cms_digest="sha3_256"), read)["sod_signature"]
    assert status is CheckStatus.NOT_RUN and "non pris en charge" in detail


def test_known_digest_still_passes_and_a_missing_group_still_fails() -> None:
    read = groups()
    checks = checks_of(sod(read, lds_digest="sha256"), read)
    assert all(status is CheckStatus.PASSED for status, _detail in checks.values()), checks
    unsigned = checks_of(sod({1: read[1]}, lds_digest="sha256"), read)["dg2_hash"]
    assert unsigned == (CheckStatus.FAILED, "Empreinte absente d'EF.SOD.")
