"""`receipt verify` and the trusted-keys file it reads: the central store's signed list checked again with
--central-key (a list edited after `receipt trust` wrote it is refused, where the verify of before accepted the
forger's key), the list's date said, and a receipt dated after the list flagged (a revocation since is not in it)."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.cli import receipt
from desktop.receipts.content import ReceiptKind
from desktop.receipts.keys import derive_key_id, save_trusted_keys
from desktop.receipts.published import PublishedKeysError, sign_document, standing_of, unsigned_document
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import StationSigner, TrustedKeys, public_key_bytes
from desktop.sync.wire.check import canonical_json

CODE = "PN-0100"
CENTRAL = Ed25519PrivateKey.generate()
CENTRAL_B64 = base64.b64encode(public_key_bytes(CENTRAL.public_key())).decode()
AS_OF = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _raw(key: Ed25519PrivateKey) -> bytes:
    return public_key_bytes(key.public_key())


def _signer(key: Ed25519PrivateKey) -> StationSigner:
    return StationSigner(key_id=derive_key_id(_raw(key)), private_key=key, identity_key=b"i" * 32)


def _receipt(key: Ed25519PrivateKey, issued_at: datetime | None = None) -> str:
    signer = _signer(key)
    claims = replace(signer.claims_for(sample_receipt(ReceiptKind.PROCURATION)), place_code=CODE)
    if issued_at is not None:
        claims = replace(claims, issued_at=issued_at)
    return signer.sign_claims(claims)


def _signed_list(path: Path, *keys: Ed25519PrivateKey) -> dict:  # type: ignore[type-arg]
    doc = unsigned_document(keys={derive_key_id(_raw(k)): (_raw(k), CODE) for k in keys}, revoked=[], as_of=AS_OF)
    signed = sign_document(doc, CENTRAL)
    path.write_bytes(canonical_json(signed).encode())
    return signed


def _verify(tmp_path: Path, trusted: Path, payload: str, capsys: pytest.CaptureFixture[str], *extra: str):  # type: ignore[no-untyped-def]
    keys = tmp_path / "keys"
    keys.mkdir(exist_ok=True)
    code = receipt.main(["--keys-dir", str(keys), "verify", "--trusted", str(trusted), *extra, payload])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_the_signed_list_is_checked_again_and_its_date_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = Ed25519PrivateKey.generate()
    listed = tmp_path / "confiance.json"
    _signed_list(listed, key)
    early = AS_OF - timedelta(days=3)
    code, out, err = _verify(tmp_path, listed, _receipt(key, early), capsys, "--central-key", CENTRAL_B64)
    assert code == 0 and "Récépissé VALIDE" in out, err
    assert "liste du répertoire central arrêtée le 1er décembre 2026 à 9 h 30 UTC, signature vérifiée." in out, out
    assert "daté après cette liste" not in out
    code, out, err = _verify(tmp_path, listed, _receipt(key, early), capsys)  # no key given: said, not claimed
    assert code == 0 and "sa signature n'est pas vérifiée ici (option --central-key)" in out, out


def test_a_list_edited_after_trust_is_refused_with_the_central_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk-around: whoever can write the verifier's file adds a key of theirs to the genuine signed list."""
    genuine, forger = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    listed = tmp_path / "confiance.json"
    data = _signed_list(listed, genuine)
    data["keys"][derive_key_id(_raw(forger))] = {
        "public_key": base64.b64encode(_raw(forger)).decode(),
        "station_code": CODE,
    }
    listed.write_text(json.dumps(data), encoding="utf-8")
    forged = _receipt(forger, AS_OF - timedelta(days=1))
    code, out, _err = _verify(tmp_path, listed, forged, capsys)
    assert code == 0 and "n'est pas vérifiée ici" in out  # without the key, the verifier is told it was not checked
    code, out, err = _verify(tmp_path, listed, forged, capsys, "--central-key", CENTRAL_B64)
    assert code == 1 and "VALIDE" not in out
    assert err.startswith("Fichier de confiance NON RETENU : Signature du répertoire central invalide"), err
    assert len(err.strip().splitlines()) == 1


def test_a_local_file_is_said_local_and_refused_where_the_central_key_is_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Ed25519PrivateKey.generate()
    local = tmp_path / "trusted.json"
    save_trusted_keys(local, TrustedKeys().with_key(derive_key_id(_raw(key)), _raw(key)))
    payload = _receipt(key)
    code, out, err = _verify(tmp_path, local, payload, capsys)
    assert code == 0 and "fichier local, sans signature du répertoire central" in out, err
    code, out, err = _verify(tmp_path, local, payload, capsys, "--central-key", CENTRAL_B64)
    assert code == 1 and "n'est pas une liste signée par le répertoire central" in err, err
    code, out, err = _verify(tmp_path, local, payload, capsys, "--central-key", "pas une clé")
    assert code == 1 and "32 octets en base64" in err, err


def test_a_receipt_dated_after_the_list_is_flagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = Ed25519PrivateKey.generate()
    listed = tmp_path / "confiance.json"
    _signed_list(listed, key)
    later = _receipt(key, AS_OF + timedelta(days=2))
    code, out, err = _verify(tmp_path, listed, later, capsys, "--central-key", CENTRAL_B64)
    assert code == 0 and "Ce récépissé est daté après cette liste" in out, err
    code, out, err = _verify(tmp_path, listed, later, capsys, "--central-key", CENTRAL_B64, "--json")
    answer = json.loads(out)
    assert answer["liste_cles"] == {
        "signee": True,
        "signature_verifiee": True,
        "arretee_le": "2026-12-01T09:30:00+00:00",
        "recepisse_posterieur": True,
    }


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600), st.booleans())
def test_any_bytes_give_a_standing_or_a_french_refusal(raw: bytes, with_key: bool) -> None:
    key = _raw(CENTRAL) if with_key else None
    try:
        standing = standing_of(raw, key)
    except PublishedKeysError as exc:
        assert with_key and str(exc)
    else:
        assert not standing.checked or with_key


def test_in_english_the_list_and_the_key_errors_are_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The station's language is English: the trusted-keys lines and the key store's errors (French f-strings before
    this session, « Erreur de clés : Fichier de clés de confiance illisible » in an English answer) are English."""
    monkeypatch.setenv("GUICHET_LANGUAGE", "en")
    key = Ed25519PrivateKey.generate()
    listed = tmp_path / "confiance.json"
    _signed_list(listed, key)
    try:
        code, out, err = _verify(tmp_path, listed, _receipt(key, AS_OF + timedelta(hours=1)), capsys)
        assert code == 0, err
        assert "Trusted keys: the central register's list as of 01/12/2026 09:30 UTC;" in out, out
        assert "This receipt is dated after this list" in out
        assert re.search(r"Issued on: \d\d/\d\d/\d{4} \d\d:\d\d \(UTC", out), out  # no French month names
        broken = tmp_path / "broken.json"
        broken.write_text("{", encoding="utf-8")
        code, out, err = _verify(tmp_path, broken, _receipt(key), capsys)
        assert code == 2 and f"Trusted-keys file unreadable: {broken}." in err, err
    finally:
        from desktop import i18n

        i18n.set_language("fr")
