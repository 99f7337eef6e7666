"""Active Authentication: DG14/DG15 parsing, ECDSA (plain) and RSA (ISO/IEC 9796-2) answers, the badge."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import replace

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from desktop.devices.cards import ca, chipauth
from desktop.devices.cards.errors import LdsError
from desktop.devices.cards.identity import CheckStatus
from desktop.devices.cards.tlv import der_int, encode, oid_encode, seq, set_of
from desktop.devices.cards.vchip.build import build_dg14_active_auth, build_dg14_chip_auth, build_dg15

CHALLENGE = bytes.fromhex("0011223344556677")


def test_dg14_and_dg15_of_the_virtual_chip() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    assert chipauth.parse_dg14(build_dg14_active_auth()) == chipauth.SecurityInfos("sha256", False)
    public = chipauth.parse_dg15(build_dg15(key))
    assert isinstance(public, ec.EllipticCurvePublicKey)
    r, s = decode_dss_signature(key.sign(CHALLENGE, ec.ECDSA(hashes.SHA256())))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    assert chipauth.verify_active_auth(public, "sha256", CHALLENGE, signature)
    assert not chipauth.verify_active_auth(public, "sha256", bytes(8), signature)
    assert not chipauth.verify_active_auth(public, None, CHALLENGE, signature)
    assert not chipauth.verify_active_auth(public, "sha256", CHALLENGE, signature[:-1])


def test_dg14_with_chip_authentication_only_and_garbage() -> None:
    ca = seq(oid_encode("0.4.0.127.0.7.2.2.3.2.4"), der_int(1))
    assert chipauth.parse_dg14(encode(0x6E, set_of(ca))) == chipauth.SecurityInfos(None, True)
    with pytest.raises(LdsError):
        chipauth.parse_dg14(b"\x6e\x03\x31\x01")
    with pytest.raises(LdsError):
        chipauth.parse_dg15(encode(0x6F, b"\x30\x00"))


def _iso9796_2_sign(key: rsa.RSAPrivateKey, challenge: bytes) -> bytes:
    """What an RSA chip answers: scheme 1, partial recovery, SHA-1, trailer BC (built here only to test)."""
    numbers = key.private_numbers()
    n = numbers.public_numbers.n
    size = (n.bit_length() + 7) // 8
    m1 = secrets.token_bytes(size - 20 - 2)
    block = b"\x6a" + m1 + hashlib.sha1(m1 + challenge).digest() + b"\xbc"
    return pow(int.from_bytes(block, "big"), numbers.d, n).to_bytes(size, "big")


def test_rsa_active_authentication_iso9796_2() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    signature = _iso9796_2_sign(key, CHALLENGE)
    assert chipauth.verify_active_auth(key.public_key(), None, CHALLENGE, signature)
    assert not chipauth.verify_active_auth(key.public_key(), None, bytes(8), signature)
    assert not chipauth.verify_active_auth(key.public_key(), None, CHALLENGE, bytes(len(signature)))


def test_badges() -> None:
    assert chipauth.outcome(verified=True, key_signed=True).status is CheckStatus.PASSED
    assert chipauth.outcome(verified=True, key_signed=False).status is CheckStatus.NOT_RUN
    failed = chipauth.outcome(verified=False, key_signed=True)
    assert failed.status is CheckStatus.FAILED and "copie" in failed.detail


def test_chip_authentication_key_of_dg14_named_or_explicit_curve() -> None:
    key = ec.derive_private_key(0xCA5EED, ec.BrainpoolP256R1())
    chip = ca.chip_key(build_dg14_chip_auth(key))
    assert chip is not None and chip.curve.name == "brainpoolP256r1" and chip.key_id is None
    numbers = key.public_key().public_numbers()
    assert chip.point == (numbers.x, numbers.y)
    assert chipauth.parse_dg14(build_dg14_chip_auth(key)).chip_authentication
    # Explicit domain parameters, as many chips write them: matched to the curve by its prime.
    curve = chip.curve
    field = seq(oid_encode("1.2.840.10045.1.1"), der_int(curve.p))
    explicit = seq(
        der_int(1),
        field,
        seq(encode(0x04, curve.a.to_bytes(32, "big")), encode(0x04, curve.b.to_bytes(32, "big"))),
        encode(0x04, curve.encode(curve.g)),
        der_int(curve.n),
        der_int(1),
    )
    spki = seq(seq(oid_encode(ca.OID_EC_PUBLIC_KEY), explicit), encode(0x03, b"\x00" + curve.encode(chip.point)))
    dg14 = encode(
        0x6E,
        set_of(
            seq(oid_encode(ca.OID_CA_ECDH_PREFIX + "2"), der_int(1)), seq(oid_encode(ca.OID_PK_ECDH), spki, der_int(7))
        ),
    )
    again = ca.chip_key(dg14)
    assert again is not None and again.point == chip.point and again.key_id == 7
    assert ca.mse_set_at(again).data.endswith(bytes.fromhex("840107"))


def test_a_chip_that_cannot_answer_under_chip_authentication_keys_is_flagged() -> None:
    from desktop.devices.cards.demo_persons import demo_person
    from desktop.devices.cards.handler import FixedHandler
    from desktop.devices.cards.session import read_document
    from desktop.devices.cards.vchip.build import build_content
    from desktop.devices.cards.vchip.chip import VirtualChip

    content = build_content(demo_person("bernard-louis"), face_target_bytes=3000, profile="chip-auth")
    # A copy: same files, but not the private key (another key answers the key agreement).
    clone = VirtualChip(replace(content, ca_key=ec.derive_private_key(0xBAD, ec.BrainpoolP256R1())))
    read = read_document(clone.transmit, FixedHandler(can="271828"))
    check = read.check("chip_authenticity")
    assert check is not None and check.status is CheckStatus.FAILED and "copie" in check.detail
    genuine = read_document(VirtualChip(content).transmit, FixedHandler(can="271828"))
    assert genuine.check("chip_authenticity").status is CheckStatus.PASSED  # type: ignore[union-attr]
