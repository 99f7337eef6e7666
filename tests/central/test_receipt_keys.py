"""One station per receipt key id, and the signed published list (central/receipt_keys.py, receipts/published.py).

Each test walks around a control: a station pushing another station's key, a second station drawing a taken id
(the same code's next laptop, a revoked station's id), a revoked station's key still published, a station that named
itself with the shared secret, a copy of the published list edited. Real HTTP on 127.0.0.1, SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from centralkit import Station, bulk_station
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from receiptkeykit import anchor_key, colliding_keys, put_key, raw
from sqlalchemy import insert

from central.auth import revoke_station
from central.embedded import Embedded
from central.security_tables import station_keys
from desktop.receipts.keys import derive_key_id
from desktop.receipts.published import PublishedKeysError, check_published, sign_document, signed_bytes
from desktop.sync.wire.check import canonical_json


def _check(central: Embedded) -> dict:  # type: ignore[type-arg]
    body = httpx.get(f"{central.base_url}/v1/security/receipt-keys", timeout=10).content
    trusted, data = check_published(body, base64.b64decode(anchor_key(central)))
    assert set(trusted.keys) == set(data["keys"])
    return data


def test_a_second_station_drawing_a_taken_key_id_is_refused_in_french_with_its_code(
    central: Embedded, tmp_path: Path
) -> None:
    first, second = colliding_keys()
    a, b = bulk_station(central, tmp_path, "PN-0001"), bulk_station(central, tmp_path, "PN-0002")
    assert put_key(a, raw(first)).status_code == 200
    answer = put_key(b, raw(second))
    assert answer.status_code == 409, answer.text
    kid = derive_key_id(raw(first))
    assert answer.json()["error"] == "cle_prise"
    assert f"identifiant de clé de récépissé {kid}" in answer.json()["message"]
    assert "nouvelle clé" in answer.json()["message"]
    data = _check(central)
    assert data["keys"][kid] == {"public_key": base64.b64encode(raw(first)).decode(), "station_code": "PN-0001"}
    # The refused station may register another key (the desk draws one): taken.
    assert put_key(b, raw(Ed25519PrivateKey.generate())).status_code == 200
    assert len(_check(central)["keys"]) == 2


def test_a_station_pushing_another_station_s_key_is_refused(central: Embedded, tmp_path: Path) -> None:
    first, _ = colliding_keys()
    a, thief = bulk_station(central, tmp_path, "PN-0003"), bulk_station(central, tmp_path, "PN-0004")
    assert put_key(a, raw(first)).status_code == 200
    answer = put_key(thief, raw(first))
    assert answer.status_code == 409 and answer.json()["error"] == "cle_prise"
    assert _check(central)["keys"][derive_key_id(raw(first))]["station_code"] == "PN-0003"
    assert put_key(a, raw(first)).status_code == 200  # the same station sending its own key again: still fine


def test_the_same_code_s_next_laptop_is_published_beside_and_cannot_take_the_first_s_id(
    central: Embedded, tmp_path: Path
) -> None:
    first, second = colliding_keys()
    old, new = bulk_station(central, tmp_path, "PN-0005"), bulk_station(central, tmp_path, "PN-0005")
    assert put_key(old, raw(first)).status_code == 200
    assert put_key(new, raw(second)).status_code == 409  # same code: one id is still one key
    other = Ed25519PrivateKey.generate()
    assert put_key(new, raw(other)).status_code == 200
    keys = _check(central)["keys"]
    assert {keys[derive_key_id(raw(k))]["station_code"] for k in (first, other)} == {"PN-0005"}


def test_the_same_counter_enrolled_again_keeps_its_key_unless_it_was_revoked(central: Embedded, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    before = bulk_station(central, tmp_path, "PN-0013")
    assert put_key(before, raw(key)).status_code == 200
    again = bulk_station(central, tmp_path, "PN-0013")  # a token expired: the laptop and its keys stay
    assert put_key(again, raw(key)).status_code == 200
    kid = derive_key_id(raw(key))
    assert _check(central)["keys"][kid]["station_code"] == "PN-0013"
    stranger = bulk_station(central, tmp_path, "PN-0014")  # the same key from another code: not its counter
    assert put_key(stranger, raw(key)).status_code == 409
    stolen = Ed25519PrivateKey.generate()
    lost = bulk_station(central, tmp_path, "PN-0015")
    assert put_key(lost, raw(stolen)).status_code == 200
    revoke_station(central.engine, "PN-0015", now=datetime.now(UTC))
    found_again = bulk_station(central, tmp_path, "PN-0015")
    answer = put_key(found_again, raw(stolen))  # a revoked key stays revoked: the desk draws a new one
    assert answer.status_code == 409 and answer.json()["error"] == "cle_prise"
    assert derive_key_id(raw(stolen)) in _check(central)["revoked"]


def test_a_revoked_station_s_key_is_published_revoked_and_its_id_stays_taken(central: Embedded, tmp_path: Path) -> None:
    first, second = colliding_keys()
    lost = bulk_station(central, tmp_path, "PN-0006")
    assert put_key(lost, raw(first)).status_code == 200
    kid = derive_key_id(raw(first))
    assert kid in _check(central)["keys"]
    revoke_station(central.engine, "PN-0006", now=datetime.now(UTC))
    data = _check(central)
    assert kid not in data["keys"] and kid in data["revoked"]
    newcomer = bulk_station(central, tmp_path, "PN-0007")
    assert put_key(newcomer, raw(second)).status_code == 409  # its receipts would all read « révoquée »


def test_a_station_that_named_itself_with_the_shared_secret_is_not_published(central: Embedded, tmp_path: Path) -> None:
    genuine = bulk_station(central, tmp_path, "PN-0008")
    assert put_key(genuine, raw(Ed25519PrivateKey.generate())).status_code == 200
    impostor = Station.enrol(central.base_url, central.enrolment_token, label="PN-0008")  # its label is its word
    key = Ed25519PrivateKey.generate()
    assert put_key(impostor, raw(key)).status_code == 200  # its anchors are still kept
    data = _check(central)
    assert derive_key_id(raw(key)) not in data["keys"] and len(data["keys"]) == 1


def test_the_route_is_public_cache_friendly_and_carries_nothing_personal(central: Embedded, tmp_path: Path) -> None:
    station = bulk_station(central, tmp_path, "PN-0009")
    assert put_key(station, raw(Ed25519PrivateKey.generate())).status_code == 200
    url = f"{central.base_url}/v1/security/receipt-keys"
    first = httpx.get(url, timeout=10)
    assert first.status_code == 200 and "public" in first.headers["cache-control"]
    assert httpx.get(url, timeout=10).content == first.content  # the same bytes until a key changes
    again = httpx.get(url, headers={"If-None-Match": first.headers["etag"]}, timeout=10)
    assert again.status_code == 304 and again.content == b""
    data = first.json()
    assert set(data) == {"version", "keys", "revoked", "as_of", "central_signature"}
    assert all(set(entry) == {"public_key", "station_code"} for entry in data["keys"].values())
    assert httpx.post(url, json={}, timeout=10).status_code == 405  # read-only


def test_a_copy_of_the_published_list_edited_is_refused(central: Embedded, tmp_path: Path) -> None:
    station = bulk_station(central, tmp_path, "PN-0010")
    assert put_key(station, raw(Ed25519PrivateKey.generate())).status_code == 200
    body = httpx.get(f"{central.base_url}/v1/security/receipt-keys", timeout=10).content
    key = base64.b64decode(anchor_key(central))
    forged_key = Ed25519PrivateKey.generate()
    for edit in ("add", "revoked", "code", "resign"):
        data = json.loads(body)
        if edit == "add":
            data["keys"][derive_key_id(raw(forged_key))] = {
                "public_key": base64.b64encode(raw(forged_key)).decode(),
                "station_code": "PN-9999",
            }
        elif edit == "revoked":
            data["revoked"] = []
            data["keys"]["ZZZZ"] = next(iter(data["keys"].values()))
        elif edit == "code":
            next(iter(data["keys"].values()))["station_code"] = "PN-9999"
        else:  # signed again with another key: not the central store's
            data = sign_document({k: v for k, v in data.items() if k != "central_signature"}, forged_key)
        with pytest.raises(PublishedKeysError, match="Signature du répertoire central invalide"):
            check_published(canonical_json(data).encode(), key)
    check_published(body, key)  # the copy as published still checks


def test_older_rows_get_their_key_id_and_two_live_keys_under_one_id_are_neither_published(
    central: Embedded, tmp_path: Path
) -> None:
    first, second = colliding_keys()
    a, b = bulk_station(central, tmp_path, "PN-0011"), bulk_station(central, tmp_path, "PN-0012")
    now = datetime.now(UTC)
    with central.engine.begin() as conn:  # as a store before this version kept them: no id, both taken
        conn.execute(
            insert(station_keys),
            [
                {"station_id": a.station_id, "public_key": raw(first), "registered_at": now},
                {"station_id": b.station_id, "public_key": raw(second), "registered_at": now},
            ],
        )
    from central.security import create_security_schema

    create_security_schema(central.engine)  # the next start fills the ids in
    data = _check(central)
    assert derive_key_id(raw(first)) not in data["keys"]  # a verifier holds one key per id: fail closed
    assert signed_bytes(data).startswith(b"guichet-receipt-keys-v1|")
    assert put_key(b, raw(second)).status_code == 200  # its own key, already kept: nothing new
