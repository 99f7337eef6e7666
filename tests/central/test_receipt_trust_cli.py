"""`guichet receipt trust`: the published receipt keys fetched, checked against the anchor key and written as the
trusted-keys file `receipt verify` reads; hostile answers and copies give one French line, never a traceback."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from centralkit import bulk_station
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.responses import Response, StreamingResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from receiptkeykit import anchor_key, put_key, raw

from central.auth import revoke_station
from central.embedded import Embedded, serve_in_thread
from desktop.cli import receipt
from desktop.receipts.content import ReceiptKind
from desktop.receipts.keys import derive_key_id
from desktop.receipts.published import sign_document, unsigned_document
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import StationSigner
from desktop.sync.wire.check import canonical_json

CODE = "PN-0100"


def _signer(key: Ed25519PrivateKey) -> StationSigner:
    return StationSigner(key_id=derive_key_id(raw(key)), private_key=key, identity_key=b"i" * 32)


def _receipt(signer: StationSigner, code: str) -> str:
    claims = signer.claims_for(sample_receipt(ReceiptKind.PROCURATION))
    return signer.sign_claims(replace(claims, place_code=code))


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = receipt.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _one_french_line(err: str) -> None:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith("Clés publiées NON RETENUES : "), err


def test_trust_writes_the_published_keys_and_verify_reads_them(
    central: Embedded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key, lost_key = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    station, lost = bulk_station(central, tmp_path, CODE), bulk_station(central, tmp_path, "PN-0101")
    assert put_key(station, raw(key)).status_code == 200 and put_key(lost, raw(lost_key)).status_code == 200
    revoke_station(central.engine, "PN-0101", now=datetime.now(UTC))
    out_file = tmp_path / "confiance.json"
    argv = ["trust", "--central", central.base_url, "--central-key", anchor_key(central), "--trusted", str(out_file)]
    code, out, err = _run(argv, capsys)
    assert code == 0, err
    assert "1 clé(s) de station et 1 clé(s) révoquée(s)" in out and "vérifiée" in out
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    verify = ["--keys-dir", str(keys_dir), "verify", "--trusted", str(out_file)]
    code, out, err = _run([*verify, _receipt(_signer(key), CODE)], capsys)
    assert code == 0 and "Récépissé VALIDE" in out, err
    code, out, err = _run([*verify, _receipt(_signer(key), "PN-0666")], capsys)  # bound to its station
    assert code == 1 and "NON VALIDE" in err
    code, out, err = _run([*verify, _receipt(_signer(lost_key), "PN-0101")], capsys)  # the lost laptop's key
    assert code == 1 and "révoquée" in err
    # The file as written is the signed list: handed on, it checks again; edited (a key added), it does not.
    code, out, err = _run(
        [
            "trust",
            "--copy",
            str(out_file),
            "--central-key",
            anchor_key(central),
            "--trusted",
            str(tmp_path / "relu.json"),
        ],
        capsys,
    )
    assert code == 0, err
    data = json.loads(out_file.read_bytes())
    forged = Ed25519PrivateKey.generate()
    data["keys"][derive_key_id(raw(forged))] = {
        "public_key": base64.b64encode(raw(forged)).decode(),
        "station_code": CODE,
    }
    edited = tmp_path / "modifie.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _run(
        ["trust", "--copy", str(edited), "--central-key", anchor_key(central), "--trusted", str(tmp_path / "x.json")],
        capsys,
    )
    assert code == 1 and "Signature du répertoire central invalide" in err
    _one_french_line(err)
    assert not (tmp_path / "x.json").exists()


def test_a_wrong_anchor_key_writes_nothing(
    central: Embedded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = base64.b64encode(raw(Ed25519PrivateKey.generate())).decode()
    out_file = tmp_path / "confiance.json"
    code, _out, err = _run(
        ["trust", "--central", central.base_url, "--central-key", other, "--trusted", str(out_file)], capsys
    )
    assert code == 1 and not out_file.exists()
    _one_french_line(err)
    assert "Signature du répertoire central invalide" in err


def test_without_a_key_given_the_store_s_own_is_used_and_said(
    sqlite_central: Embedded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        ["trust", "--central", sqlite_central.base_url, "--trusted", str(tmp_path / "t.json")], capsys
    )
    assert code == 0, err
    assert "prise auprès de lui-même" in out


class _Hostile:
    """A server answering whatever the test sets, or a stream of `huge` bytes."""

    def __init__(self) -> None:
        self.body, self.status, self.huge = b"", 200, 0
        app = FastAPI()

        @app.get("/v1/security/receipt-keys")
        def keys() -> Response:
            if self.huge:
                chunk = b" " * 1024 * 1024
                return StreamingResponse(iter([chunk] * self.huge), media_type="application/json")
            return Response(self.body, status_code=self.status, media_type="application/json")

        @app.get("/v1/security/anchor-key")
        def anchor() -> Response:
            return Response(self.body, status_code=self.status, media_type="application/json")

        self.url, self.stop = serve_in_thread(app)


@pytest.fixture(scope="module")
def hostile() -> object:
    server = _Hostile()
    yield server
    server.stop()


CENTRAL = Ed25519PrivateKey.generate()
CENTRAL_B64 = base64.b64encode(raw(CENTRAL)).decode()


def _genuine(**changes: object) -> dict:  # type: ignore[type-arg]
    key = Ed25519PrivateKey.generate()
    doc = unsigned_document(keys={derive_key_id(raw(key)): (raw(key), CODE)}, revoked=[], as_of=datetime.now(UTC))
    return sign_document({**doc, **changes}, CENTRAL)


def test_a_huge_answer_is_refused_unread(hostile: _Hostile, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile.huge = 17
    try:
        code, _out, err = _run(
            ["trust", "--central", hostile.url, "--central-key", CENTRAL_B64, "--trusted", str(tmp_path / "t.json")],
            capsys,
        )
    finally:
        hostile.huge = 0
    assert code == 1 and "trop volumineuse" in err
    _one_french_line(err)


def test_a_list_where_a_key_is_published_and_revoked_is_refused(
    hostile: _Hostile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _genuine()
    doc = sign_document(
        {**{k: v for k, v in doc.items() if k != "central_signature"}, "revoked": sorted(doc["keys"])}, CENTRAL
    )
    hostile.body, hostile.status = canonical_json(doc).encode(), 200
    code, _out, err = _run(
        ["trust", "--central", hostile.url, "--central-key", CENTRAL_B64, "--trusted", str(tmp_path / "t.json")], capsys
    )
    assert code == 1 and "à la fois publiée et révoquée" in err
    _one_french_line(err)


def _mutations() -> st.SearchStrategy[bytes]:
    genuine = canonical_json(_genuine()).encode()
    cut = st.integers(0, len(genuine)).map(lambda n: genuine[:n])
    flipped = st.tuples(st.integers(0, len(genuine) - 1), st.integers(1, 255)).map(
        lambda p: genuine[: p[0]] + bytes([genuine[p[0]] ^ p[1]]) + genuine[p[0] + 1 :]
    )
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
        max_leaves=10,
    ).map(lambda v: json.dumps(v).encode())
    return st.binary(max_size=300) | cut | flipped | json_values


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_mutations(), status=st.sampled_from([200, 200, 200, 404, 500, 503]))
def test_any_answer_gets_one_french_line_never_a_traceback(
    hostile: _Hostile, tmp_path: Path, capsys: pytest.CaptureFixture[str], body: bytes, status: int
) -> None:
    hostile.body, hostile.status = body, status
    out_file = tmp_path / "t.json"
    for key in (["--central-key", CENTRAL_B64], []):
        out_file.unlink(missing_ok=True)  # the genuine list (a cut at its full length) passes with the key only
        code, out, err = _run(["trust", "--central", hostile.url, *key, "--trusted", str(out_file)], capsys)
        if code == 0:  # only the genuine list itself, unmutated, may pass
            assert "vérifiée" in out and out_file.exists()
            continue
        assert code == 1 and not out_file.exists()
        _one_french_line(err)
    copy = tmp_path / "copie.json"
    copy.write_bytes(body)
    code, _out, err = _run(
        ["trust", "--copy", str(copy), "--central-key", CENTRAL_B64, "--trusted", str(out_file)], capsys
    )
    if code != 0:
        _one_french_line(err)


@pytest.mark.parametrize("url", ["http://127.0.0.1:1", "http://[", "ftp://example.invalid/", "x"])
def test_an_address_that_does_not_answer_gets_one_french_line(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(
        ["trust", "--central", url, "--central-key", CENTRAL_B64, "--trusted", str(tmp_path / "t.json")], capsys
    )
    assert code == 1 and "injoignable" in err and not (tmp_path / "t.json").exists()
    _one_french_line(err)
