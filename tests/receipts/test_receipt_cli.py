"""`guichet receipt sample` and `guichet receipt verify`, end to end through files."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from desktop.cli.receipt import escpos_qr_payloads, keys_dir, main
from desktop.receipts.content import ReceiptKind

from .readers import needs_poppler, needs_zbar


@needs_poppler
@needs_zbar
@pytest.mark.parametrize("kind", list(ReceiptKind))
def test_sample_pdf_then_verify(kind: ReceiptKind, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = tmp_path / "keys"
    out = tmp_path / f"{kind.value}.pdf"
    assert main(["--keys-dir", str(keys), "sample", "--kind", kind.value, "--format", "pdf", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main(["--keys-dir", str(keys), "verify", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Récépissé VALIDE" in printed and "Clé de station : DEMO" in printed


def test_escpos_sample_verify_and_tampering(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = tmp_path / "keys"
    out = tmp_path / "r.bin"
    assert (
        main(["--keys-dir", str(keys), "sample", "--kind", "procuration", "--format", "escpos", "--out", str(out)]) == 0
    )
    assert main(["--keys-dir", str(keys), "verify", "--json", str(out)]) == 0
    decoded = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert decoded["numero"] == "GCH-75056-2026-000123" and decoded["statut"] == "provisoire"
    payload = escpos_qr_payloads(out.read_bytes())[0]
    assert main(["--keys-dir", str(keys), "verify", payload]) == 0
    body = bytearray(base64.b32decode(payload[2:] + "=" * (-len(payload[2:]) % 8)))
    body[12] ^= 0x01
    tampered = "GC" + base64.b32encode(bytes(body)).decode().rstrip("=")
    capsys.readouterr()
    assert main(["--keys-dir", str(keys), "verify", tampered]) == 1
    assert "NON VALIDE" in capsys.readouterr().err
    assert main(["--keys-dir", str(keys), "verify", "bonjour"]) == 1


def test_unknown_station_and_missing_trust_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.bin"
    assert (
        main(
            [
                "--keys-dir",
                str(tmp_path / "a"),
                "sample",
                "--kind",
                "passeport",
                "--format",
                "escpos",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert main(["--keys-dir", str(tmp_path / "b"), "verify", str(out)]) == 2  # no trusted keys there at all
    assert (
        main(
            [
                "--keys-dir",
                str(tmp_path / "b"),
                "sample",
                "--kind",
                "passeport",
                "--format",
                "escpos",
                "--out",
                str(tmp_path / "other.bin"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--keys-dir", str(tmp_path / "b"), "verify", str(out)]) == 1
    # Both demo stations use the id DEMO with different keys: the signature cannot match.
    assert "Signature invalide" in capsys.readouterr().err
    trusted = tmp_path / "trusted.json"
    assert main(["--keys-dir", str(tmp_path / "a"), "export-key", "--trusted", str(trusted)]) == 0
    assert main(["--keys-dir", str(tmp_path / "b"), "verify", "--trusted", str(trusted), str(out)]) == 0


def test_keys_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUICHET_KEYS_DIR", str(tmp_path / "env"))
    assert keys_dir(None) == tmp_path / "env"
    assert keys_dir(tmp_path / "x") == tmp_path / "x"
    monkeypatch.delenv("GUICHET_KEYS_DIR")
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path / "station"))
    assert keys_dir(None) == tmp_path / "station" / "keys"  # the station's machine-wide folder, not the user's


def test_usage_errors_return_2(tmp_path: Path) -> None:
    assert main(["sample", "--kind", "inconnu", "--format", "pdf", "--out", str(tmp_path / "x")]) == 2
    assert main([]) == 2
