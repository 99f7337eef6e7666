"""Signed QR payloads: round trip, size, tampering, keys, and untrusted input."""

from __future__ import annotations

import base64
import contextlib
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.receipts import keys as keystore
from desktop.receipts import payload as wire
from desktop.receipts.content import Party, ReceiptKind
from desktop.receipts.payload import ReceiptPayloadError
from desktop.receipts.qr import make_symbol
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import (
    ReceiptVerificationError,
    ReceiptVerifier,
    StationSigner,
    TrustedKeys,
    identity_matches,
)
from desktop.rules.terms import Status

ALL_KINDS = list(ReceiptKind)


def qr_version(text: str) -> int:
    return make_symbol(text).version


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_round_trip_gives_back_every_claim(kind: ReceiptKind, signer: StationSigner, verifier: ReceiptVerifier) -> None:
    receipt = sample_receipt(kind)
    signed = signer.sign(receipt)
    claims = verifier.verify(signed.payload)
    assert claims.key_id == "TS01"
    assert claims.number == receipt.number
    assert claims.kind is kind
    assert claims.status is receipt.status
    assert claims.place_kind is receipt.place.kind
    assert claims.place_code == receipt.place.code
    assert claims.issued_at == receipt.issued_at.replace(second=0, microsecond=0)
    assert claims.issued_at.utcoffset() == receipt.local_issued_at.utcoffset()
    assert identity_matches(claims, b"k" * 32, receipt.mandant)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_payload_is_qr_alphanumeric_and_fits_version_7_to_9(kind: ReceiptKind, signer: StationSigner) -> None:
    text = signer.sign(sample_receipt(kind)).payload
    allowed = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    assert set(text) <= allowed
    assert 7 <= qr_version(text) <= 9


def test_longest_fields_still_fit_version_9(signer: StationSigner) -> None:
    receipt = sample_receipt(ReceiptKind.PROCURATION)
    from dataclasses import replace

    from desktop.receipts.content import Place

    big = replace(receipt, number="N" * 32, place=Place(receipt.place.kind, "x", "C" * 16))
    assert qr_version(signer.sign(big).payload) <= 9


def test_nothing_personal_in_clear(signer: StationSigner) -> None:
    receipt = sample_receipt(ReceiptKind.PROCURATION)
    raw = _raw(signer.sign(receipt).payload)
    for secret in ("LEFEVRE", "Lef", "HELENE", "1984", "123456789", "DURAND", "840709"):
        assert secret.encode() not in raw.upper()


def _raw(text: str) -> bytes:
    body = text[2:]
    return base64.b32decode(body + "=" * (-len(body) % 8))


def test_digest_matches_same_person_spelled_differently(signer: StationSigner) -> None:
    a = Party(nom="Lefèvre", prenoms="Hélène  Françoise", date_naissance=date(1984, 7, 9))
    b = Party(nom="LEFEVRE", prenoms="helene francoise", date_naissance=date(1984, 7, 9))
    c = Party(nom="LEFEVRE", prenoms="helene francoise", date_naissance=date(1984, 7, 10))
    assert signer.identity_digest(a) == signer.identity_digest(b)
    assert signer.identity_digest(a) != signer.identity_digest(c)
    other = StationSigner(key_id="TS02", private_key=signer.private_key, identity_key=b"z" * 32)
    assert other.identity_digest(a) != signer.identity_digest(a)


def test_one_flipped_byte_fails(signer: StationSigner, verifier: ReceiptVerifier) -> None:
    raw = _raw(signer.sign(sample_receipt(ReceiptKind.RESILIATION)).payload)
    for index in range(len(raw)):
        mutated = bytearray(raw)
        mutated[index] ^= 0x01
        text = "GC" + base64.b32encode(bytes(mutated)).decode().rstrip("=")
        with pytest.raises(ReceiptPayloadError):
            verifier.verify(text)


def test_flipped_signature_byte_says_falsified(signer: StationSigner, verifier: ReceiptVerifier) -> None:
    raw = bytearray(_raw(signer.sign(sample_receipt(ReceiptKind.PROCURATION)).payload))
    raw[-1] ^= 0x80
    with pytest.raises(ReceiptVerificationError, match="Signature invalide"):
        verifier.verify("GC" + base64.b32encode(bytes(raw)).decode().rstrip("="))


def test_unknown_and_revoked_keys_are_refused(signer: StationSigner) -> None:
    text = signer.sign(sample_receipt(ReceiptKind.PASSEPORT)).payload
    with pytest.raises(ReceiptVerificationError, match="inconnue"):
        ReceiptVerifier(TrustedKeys()).verify(text)
    revoked = TrustedKeys().with_key(signer.key_id, signer.public_key).with_revoked(signer.key_id)
    with pytest.raises(ReceiptVerificationError, match="révoquée"):
        ReceiptVerifier(revoked).verify(text)


def test_other_key_with_same_id_fails(signer: StationSigner) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    impostor = StationSigner(key_id=signer.key_id, private_key=Ed25519PrivateKey.generate(), identity_key=b"k" * 32)
    text = impostor.sign(sample_receipt(ReceiptKind.PROCURATION)).payload
    with pytest.raises(ReceiptVerificationError):
        ReceiptVerifier(TrustedKeys().with_key(signer.key_id, signer.public_key)).verify(text)


def test_times_across_zones_and_dates(signer: StationSigner, verifier: ReceiptVerifier) -> None:
    from dataclasses import replace

    base = sample_receipt(ReceiptKind.VOTE_INTERNET)
    for when in (
        datetime(2000, 1, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 59, tzinfo=ZoneInfo("Pacific/Noumea")),
        datetime(2031, 6, 30, 12, 30, tzinfo=ZoneInfo("Asia/Kolkata")),
    ):
        receipt = replace(base, issued_at=when)
        claims = verifier.verify(signer.sign(receipt).payload)
        assert claims.issued_at == receipt.issued_at
        assert claims.issued_at.date() == receipt.local_issued_at.date()


def test_whitespace_and_line_breaks_are_ignored(signer: StationSigner, verifier: ReceiptVerifier) -> None:
    text = signer.sign(sample_receipt(ReceiptKind.PROCURATION)).payload
    assert verifier.verify(" " + text[:50] + "\n" + text[50:] + "\n").number == "GCH-75056-2026-000123"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "n'est pas un récépissé"),
        ("DC04FR000001", "n'est pas un récépissé"),
        ("GC", "incomplet"),
        ("GCA", "tronqué"),
        ("GC" + "1" * 16, "caractères invalides"),
        ("GC" + "A" * 500, "trop long"),
    ],
)
def test_garbage_gets_a_french_reason(text: str, reason: str, verifier: ReceiptVerifier) -> None:
    with pytest.raises(ReceiptPayloadError, match=reason):
        verifier.verify(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_random_text_raises_only_our_error(verifier: ReceiptVerifier, text: str) -> None:
    with contextlib.suppress(ReceiptPayloadError):
        verifier.verify(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=0, max_size=240))
def test_random_bytes_in_valid_base32_raise_only_our_error(verifier: ReceiptVerifier, data: bytes) -> None:
    with contextlib.suppress(ReceiptPayloadError):
        wire.parse("GC" + base64.b32encode(data).decode().rstrip("="))
    with pytest.raises(ReceiptPayloadError):
        verifier.verify("GC" + base64.b32encode(data).decode().rstrip("="))


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_valid_payloads_raise_only_our_error(
    signer: StationSigner, verifier: ReceiptVerifier, data: st.DataObject
) -> None:
    kind = data.draw(st.sampled_from(ALL_KINDS))
    raw = bytearray(_raw(signer.sign(sample_receipt(kind)).payload))
    signed_len = len(raw) - wire.SIGNATURE_LENGTH
    op = data.draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
    if op == "flip":
        index = data.draw(st.integers(0, len(raw) - 1))
        raw[index] ^= data.draw(st.integers(1, 255))
    elif op == "truncate":
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    elif op == "insert":
        index = data.draw(st.integers(0, signed_len))
        raw[index:index] = data.draw(st.binary(min_size=1, max_size=8))
    else:
        index = data.draw(st.integers(0, signed_len - 1))
        del raw[index : index + data.draw(st.integers(1, 4))]
    with pytest.raises(ReceiptPayloadError):
        verifier.verify("GC" + base64.b32encode(bytes(raw)).decode().rstrip("="))


def test_key_directory_round_trip(tmp_path: Path) -> None:
    signer = keystore.generate_station_keys(tmp_path / "keys")
    assert keystore.has_station_keys(tmp_path / "keys")
    assert (tmp_path / "keys" / keystore.PRIVATE_KEY_FILE).stat().st_mode & 0o077 == 0
    loaded = keystore.load_station_signer(tmp_path / "keys")
    assert loaded.key_id == signer.key_id == keystore.derive_key_id(signer.public_key)
    assert loaded.public_key == signer.public_key
    trusted_path = tmp_path / "trusted.json"
    assert keystore.export_public_key(tmp_path / "keys", trusted_path) == signer.key_id
    verifier = ReceiptVerifier(keystore.load_trusted_keys(trusted_path))
    receipt = sample_receipt(ReceiptKind.PROCURATION)
    assert verifier.verify(signer.sign(receipt).payload).number == receipt.number
    assert identity_matches(verifier.verify(loaded.sign(receipt).payload), loaded._identity_key, receipt.mandant)
    with pytest.raises(keystore.KeyStoreError):
        keystore.generate_station_keys(tmp_path / "keys")


def test_load_or_create_trusts_itself_and_revocation_survives(tmp_path: Path) -> None:
    signer = keystore.load_or_create_station_signer(tmp_path, key_id="DEMO")
    again = keystore.load_or_create_station_signer(tmp_path)
    assert again.public_key == signer.public_key and again.key_id == "DEMO"
    path = tmp_path / keystore.TRUSTED_KEYS_FILE
    trusted = keystore.load_trusted_keys(path)
    assert trusted.keys == {"DEMO": signer.public_key}
    keystore.save_trusted_keys(path, trusted.with_revoked("DEMO"))
    assert keystore.load_trusted_keys(path).revoked == frozenset({"DEMO"})


@pytest.mark.parametrize(
    "content",
    ["{", "[]", '{"keys": {"AB": {"public_key": "AAAA"}}}', '{"keys": {"ABCD": {"public_key": "not base64!"}}}'],
)
def test_bad_trusted_keys_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(keystore.KeyStoreError):
        keystore.load_trusted_keys(path)


DEEP = "[" * 100_000 + "]" * 100_000


def test_regression_deeply_nested_station_files_are_unreadable_key_files(tmp_path: Path) -> None:
    """Found by fuzzing: json.loads' RecursionError (no ValueError) escaped load_trusted_keys and load_station_signer
    instead of their KeyStoreError."""
    path = tmp_path / "t.json"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(keystore.KeyStoreError):
        keystore.load_trusted_keys(path)
    keystore.generate_station_keys(tmp_path / "keys")
    for content in (DEEP, "[]", "null"):
        (tmp_path / "keys" / keystore.STATION_FILE).write_text(content, encoding="utf-8")
        with pytest.raises(keystore.KeyStoreError):
            keystore.load_station_signer(tmp_path / "keys")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60) | JSON.map(json.dumps) | st.dictionaries(st.sampled_from(["keys", "revoked"]), JSON))
def test_any_trusted_keys_file_is_trusted_keys_or_unreadable(tmp_path: Path, content: object) -> None:
    """Hypothesis: any text, any JSON value, the file's two fields holding any JSON value."""
    path = tmp_path / "t.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    with contextlib.suppress(keystore.KeyStoreError):
        keystore.load_trusted_keys(path)


def test_encoder_refuses_what_it_cannot_carry(signer: StationSigner) -> None:
    claims = signer.claims_for(sample_receipt(ReceiptKind.PROCURATION))
    from dataclasses import replace

    with pytest.raises(ValueError):
        wire.encode_signed_part(replace(claims, key_id="ab"))
    with pytest.raises(ValueError):
        wire.encode_signed_part(replace(claims, issued_at=datetime(1999, 12, 31, tzinfo=UTC)))
    odd = timezone(timedelta(minutes=7))
    with pytest.raises(ValueError):
        wire.encode_signed_part(replace(claims, issued_at=datetime(2026, 1, 1, tzinfo=odd)))
    assert Status.PROVISOIRE in wire.STATUS_CODES


def test_revoked_as_a_string_fails_closed(tmp_path: Path) -> None:
    """Issue 15: "revoked": "DEMO" revoked the letters D, E, M, O and left the key DEMO trusted."""
    signer = keystore.load_or_create_station_signer(tmp_path, key_id="DEMO")
    path = tmp_path / keystore.TRUSTED_KEYS_FILE
    data = json.loads(path.read_text())
    data["revoked"] = "DEMO"
    path.write_text(json.dumps(data))
    with pytest.raises(keystore.KeyStoreError):
        keystore.load_trusted_keys(path)
    assert signer.key_id == "DEMO"
