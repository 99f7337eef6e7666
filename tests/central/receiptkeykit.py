"""Kit for the published receipt keys' tests: bulk-enrolled stations, key ids that collide, key files on disk."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import httpx
from centralkit import Station
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from central.embedded import Embedded
from desktop.receipts.keys import IDENTITY_KEY_FILE, PRIVATE_KEY_FILE, STATION_FILE, derive_key_id
from desktop.receipts.signing import public_key_bytes

_PAIR: list[tuple[Ed25519PrivateKey, Ed25519PrivateKey]] = []


def colliding_keys() -> tuple[Ed25519PrivateKey, Ed25519PrivateKey]:
    """Two Ed25519 keys whose 4-character ids are the same (a birthday search: ~1,600 keys on average)."""
    if not _PAIR:
        seen: dict[str, Ed25519PrivateKey] = {}
        while not _PAIR:
            key = Ed25519PrivateKey.generate()
            kid = derive_key_id(public_key_bytes(key.public_key()))
            if kid in seen:
                _PAIR.append((seen[kid], key))
            seen[kid] = key
    return _PAIR[0]


def raw(key: Ed25519PrivateKey) -> bytes:
    return public_key_bytes(key.public_key())


def put_key(station: Station, public_key: bytes) -> httpx.Response:
    return station.http.put("/v1/security/station-key", json={"public_key": base64.b64encode(public_key).decode()})


def published(central: Embedded) -> dict:  # type: ignore[type-arg]
    answer = httpx.get(f"{central.base_url}/v1/security/receipt-keys", timeout=10)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def anchor_key(central: Embedded) -> str:
    return str(httpx.get(f"{central.base_url}/v1/security/anchor-key", timeout=10).json()["public_key"])


def write_station_keys(directory: Path, key: Ed25519PrivateKey) -> None:
    """A station's key files holding `key` (what generate_station_keys writes, with a key chosen by the test)."""
    directory.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    (directory / PRIVATE_KEY_FILE).write_bytes(pem)
    (directory / IDENTITY_KEY_FILE).write_text(("ab" * 32), encoding="ascii")
    station = {"key_id": derive_key_id(raw(key)), "public_key": base64.b64encode(raw(key)).decode()}
    (directory / STATION_FILE).write_text(json.dumps(station), encoding="utf-8")
