"""The files of a virtual eMRTD: EF.CardAccess, EF.COM, DG1, DG2 and an EF.SOD signed by the test signer."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.devices.cards.demo_persons import DemoPerson
from desktop.devices.cards.lds import (
    DG_TAGS,
    FILE_IDS,
    OID_CONTENT_TYPE,
    OID_LDS_SECURITY_OBJECT,
    OID_MESSAGE_DIGEST,
    OID_SIGNED_DATA,
)
from desktop.devices.cards.masterlist import OID_MASTER_LIST
from desktop.devices.cards.pace import PACE_ECDH_GM_PREFIX, PaceInfo, encode_card_access
from desktop.devices.cards.states import country_of
from desktop.devices.cards.tlv import der_int, encode, oid_encode, seq, set_of
from desktop.devices.cards.vchip.faces import HEIGHT, WIDTH, face_bytes
from desktop.devices.cards.vchip.pki import TestPki, shared_test_pki
from desktop.devices.cards.vchip.profiles import PROFILES, ChipProfile, atr_info_for

OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2"
OID_ACTIVE_AUTH = "2.23.136.1.1.5"
OID_ECDSA_PLAIN_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"


@dataclass(frozen=True)
class ChipContent:
    """Everything a virtual chip holds: files by id, and its access secrets."""

    files: dict[int, bytes]
    mrz_information: str
    can: str | None
    pace: PaceInfo | None
    dg1: bytes
    dg2: bytes
    profile: ChipProfile = field(default_factory=lambda: PROFILES["standard"])
    aa_key: ec.EllipticCurvePrivateKey | None = None
    ca_key: ec.EllipticCurvePrivateKey | None = None


def build_dg1(mrz: str) -> bytes:
    """DG1: the MRZ characters without line breaks."""
    return encode(0x61, encode(0x5F1F, mrz.replace("\n", "").encode("ascii")))


def build_dg2(image: bytes, image_format: str, sex: str) -> bytes:
    """DG2: one biometric template holding an ISO/IEC 19794-5 facial record."""
    gender = {"M": 1, "F": 2}.get(sex, 0)
    kind = 1 if image_format == "jpeg2000" else 0
    image_info = bytes([1, kind]) + WIDTH.to_bytes(2, "big") + HEIGHT.to_bytes(2, "big") + bytes([1, 2]) + bytes(4)
    face_info = bytes(2) + bytes([gender, 0, 0]) + bytes(3) + bytes(2) + bytes(3) + bytes(3)
    block = face_info + image_info + image
    block = (len(block) + 4).to_bytes(4, "big") + block
    record = b"FAC\x00010\x00" + (14 + len(block)).to_bytes(4, "big") + (1).to_bytes(2, "big") + block
    header = encode(0xA1, encode(0x80, b"\x01\x01") + encode(0x87, b"\x01\x01") + encode(0x88, b"\x00\x08"))
    template = encode(0x7F60, header + encode(0x5F2E, record))
    return encode(0x75, encode(0x7F61, encode(0x02, b"\x01") + template))


def build_dg11(birth_date: date) -> bytes:
    """DG11 (additional personal details): its tag list and the full date of birth, YYYYMMDD (ICAO 9303-10)."""
    return encode(0x6B, encode(0x5C, b"\x5f\x2b") + encode(0x5F2B, birth_date.strftime("%Y%m%d").encode("ascii")))


def build_com(tags: list[int]) -> bytes:
    """EF.COM: LDS version 1.7, Unicode 4.0.0, and the data group tags present."""
    return encode(0x60, encode(0x5F01, b"0107") + encode(0x5F36, b"040000") + encode(0x5C, bytes(tags)))


def build_sod(groups: dict[int, bytes], pki: TestPki, *, plain_signature: bool = False) -> bytes:
    """EF.SOD: a CMS SignedData over the SHA-256 hashes of `groups`, signed by the test document signer (with
    `plain_signature`, as BSI TR-03111's ecdsa-plain-SHA256: r||s rather than DER)."""
    hashes_seq = seq(*(seq(der_int(n), encode(0x04, hashlib.sha256(d).digest())) for n, d in sorted(groups.items())))
    lds_object = seq(der_int(0), seq(oid_encode(OID_SHA256)), hashes_seq)
    return encode(0x77, _signed_content(OID_LDS_SECURITY_OBJECT, lds_object, pki, plain_signature=plain_signature))


def build_master_list(certificates: Iterable[x509.Certificate | bytes], pki: TestPki) -> bytes:
    """An ICAO CSCA master list (9303-12, 9): a CMS SignedData over CscaMasterList { version 0, SET OF certificates },
    signed by `pki`'s signer standing for the master list signer. A certificate given as bytes is listed as they are
    (a malformed entry among good ones, as real lists hold)."""
    ders = (c if isinstance(c, bytes) else c.public_bytes(Encoding.DER) for c in certificates)
    listed = seq(der_int(0), set_of(*ders))
    return _signed_content(OID_MASTER_LIST, listed, pki)


def _signed_content(content_type: str, content: bytes, pki: TestPki, *, plain_signature: bool = False) -> bytes:
    """ContentInfo { signedData, SignedData over `content` of `content_type`, signed by `pki`'s signer }."""
    attributes = set_of(
        seq(oid_encode(OID_CONTENT_TYPE), set_of(oid_encode(content_type))),
        seq(oid_encode(OID_MESSAGE_DIGEST), set_of(encode(0x04, hashlib.sha256(content).digest()))),
    )
    signature = pki.signer_key.sign(attributes, ec.ECDSA(hashes.SHA256()))
    algorithm = OID_ECDSA_SHA256
    if plain_signature:
        size = (pki.signer_key.curve.key_size + 7) // 8
        r, s = decode_dss_signature(signature)
        signature, algorithm = r.to_bytes(size, "big") + s.to_bytes(size, "big"), OID_ECDSA_PLAIN_SHA256
    certificate = pki.signer_certificate
    signer_info = seq(
        der_int(1),
        seq(certificate.issuer.public_bytes(), der_int(certificate.serial_number)),
        seq(oid_encode(OID_SHA256)),
        b"\xa0" + attributes[1:],
        seq(oid_encode(algorithm)),
        encode(0x04, signature),
    )
    signed_data = seq(
        der_int(3),
        set_of(seq(oid_encode(OID_SHA256))),
        seq(oid_encode(content_type), encode(0xA0, encode(0x04, content))),
        encode(0xA0, certificate.public_bytes(Encoding.DER)),
        set_of(signer_info),
    )
    return seq(oid_encode(OID_SIGNED_DATA), encode(0xA0, signed_data))


def build_dg14_active_auth() -> bytes:
    """DG14 holding one ActiveAuthenticationInfo: AA signs with ECDSA (plain signature) over SHA-256."""
    info = seq(oid_encode(OID_ACTIVE_AUTH), der_int(1), oid_encode(OID_ECDSA_PLAIN_SHA256))
    return encode(0x6E, set_of(info))


def build_dg15(key: ec.EllipticCurvePrivateKey) -> bytes:
    """DG15: the Active Authentication public key as a SubjectPublicKeyInfo."""
    return encode(0x6F, key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))


OID_CA_ECDH_AES128 = "0.4.0.127.0.7.2.2.3.2.2"
OID_PK_ECDH = "0.4.0.127.0.7.2.2.1.2"


def build_dg14_chip_auth(key: ec.EllipticCurvePrivateKey) -> bytes:
    """DG14 holding ChipAuthenticationInfo (ECDH, AES-128, version 1) and the chip's static public key."""
    spki = key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    info = seq(oid_encode(OID_CA_ECDH_AES128), der_int(1))
    public = seq(oid_encode(OID_PK_ECDH), spki)
    return encode(0x6E, set_of(info, public))


# One AA key for every virtual chip of the process: generating a key per chip would slow the tests for nothing.
_AA_KEY = ec.derive_private_key(0x5A17E5EED, ec.SECP256R1())
_CA_KEY = ec.derive_private_key(0xCA5EED, ec.BrainpoolP256R1())


def build_content(
    person: DemoPerson,
    *,
    pki: TestPki | None = None,
    tamper_dg1: bool = False,
    face_target_bytes: int = 15000,
    profile: ChipProfile | str = "standard",
    with_dg11: bool = False,
) -> ChipContent:
    """The chip content of `person`'s document as `profile` holds it; `tamper_dg1` serves a DG1 that differs from
    the signed one; `with_dg11` adds DG11 with the full date of birth."""
    from desktop.devices.cards.mrzdata import parse_mrz_text

    chip_profile = PROFILES[profile] if isinstance(profile, str) else profile
    pki = pki or shared_test_pki(country_of(person.issuing_state) or "FR")  # each state's signer, as in the field
    dg1 = build_dg1(person.mrz)
    groups = {1: dg1}
    dg2 = b""
    if not chip_profile.no_dg2:
        dg2 = build_dg2(face_bytes(person.id, person.face_format, face_target_bytes), person.face_format, person.sex)
        groups[2] = dg2
    if with_dg11:
        groups[11] = build_dg11(person.birth_date)
    aa_key = None
    if chip_profile.active_auth:
        aa_key = _AA_KEY
        groups[14], groups[15] = build_dg14_active_auth(), build_dg15(aa_key)
    ca_key = None
    if chip_profile.chip_auth:
        ca_key = _CA_KEY
        groups[14] = build_dg14_chip_auth(ca_key)
    served_dg1 = dg1
    if tamper_dg1:
        # Same length, one name letter changed: a forger's edit that only the signed hash reveals.
        mrz = person.mrz.replace(person.surname, person.surname[:-1] + ("X" if person.surname[-1] != "X" else "Y"), 1)
        served_dg1 = build_dg1(mrz)
    listed = sorted({*groups, *chip_profile.phantom_groups})
    files = {FILE_IDS["COM"]: build_com([DG_TAGS[n] for n in listed])}
    files.update({FILE_IDS[f"DG{n}"]: data for n, data in groups.items()})
    files[FILE_IDS["DG1"]] = served_dg1
    if not chip_profile.no_sod:
        files[FILE_IDS["SOD"]] = build_sod(groups, pki)
    pace = None
    can = person.can
    if person.pace_parameter_id is not None and not chip_profile.bac_only:
        pace = PaceInfo(PACE_ECDH_GM_PREFIX + "2", 2, person.pace_parameter_id)
        files[FILE_IDS["CardAccess"]] = encode_card_access([pace])
    else:
        can = None
    atr_info = atr_info_for(chip_profile)
    if atr_info is not None:
        files[0x2F01] = atr_info
    information = parse_mrz_text(person.mrz).information
    return ChipContent(files, information, can, pace, served_dg1, dg2, chip_profile, aa_key, ca_key)
