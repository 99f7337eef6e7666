"""Station key files: generate and load the signing key pair, and read or write the trusted-keys JSON."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from desktop.givenfile import MB, GivenFileError, read_given
from desktop.i18n import _
from desktop.jsonfile import load_object
from desktop.privatefile import ensure_folder, write_private
from desktop.receipts import payload as wire
from desktop.receipts.signing import (
    IDENTITY_KEY_LENGTH,
    StationSigner,
    TrustedKeys,
    public_key_bytes,
    receipt_station_code,
)

PRIVATE_KEY_FILE = "station_ed25519.pem"
STATION_FILE = "station.json"
IDENTITY_KEY_FILE = "identity_hmac.key"
TRUSTED_KEYS_FILE = "trusted_keys.json"
# Trusted keys come from other stations and the prefecture (`receipt export-key`): thousands of 100-byte entries.
TRUSTED_KEYS_MAX_BYTES = 16 * MB
_KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class KeyStoreError(Exception):
    """A key directory or trusted-keys file that cannot be used; the message is French."""


def derive_key_id(public_key: bytes) -> str:
    """A 4-character id derived from the public key, so the same key always gets the same id."""
    number = int.from_bytes(hashlib.sha256(public_key).digest()[:8], "big")
    chars = []
    for _position in range(4):
        number, index = divmod(number, len(_KEY_ID_ALPHABET))
        chars.append(_KEY_ID_ALPHABET[index])
    return "".join(chars)


def _write_private(path: Path, data: bytes) -> None:
    if not write_private(path, data):
        raise KeyStoreError(_("Des clés de station existent déjà dans {folder}.").format(folder=path.parent))


def has_station_keys(directory: Path) -> bool:
    """True when the directory holds a complete station key set."""
    return all((directory / name).is_file() for name in (PRIVATE_KEY_FILE, STATION_FILE, IDENTITY_KEY_FILE))


def generate_station_keys(directory: Path, *, key_id: str | None = None) -> StationSigner:
    """Create a new station key pair and identity key in an empty directory; refuses to overwrite."""
    ensure_folder(directory)
    if any((directory / name).exists() for name in (PRIVATE_KEY_FILE, STATION_FILE, IDENTITY_KEY_FILE)):
        raise KeyStoreError(_("Des clés de station existent déjà dans {folder}.").format(folder=directory))
    private_key = Ed25519PrivateKey.generate()
    public = public_key_bytes(private_key.public_key())
    chosen = key_id or derive_key_id(public)
    if not wire.valid_key_id(chosen):
        raise KeyStoreError(_("L'identifiant de clé doit faire 4 caractères A-Z 0-9."))
    identity_key = secrets.token_bytes(IDENTITY_KEY_LENGTH)
    pem = private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    station = {"key_id": chosen, "public_key": base64.b64encode(public).decode("ascii")}
    files = (
        (PRIVATE_KEY_FILE, pem),
        (IDENTITY_KEY_FILE, identity_key.hex().encode("ascii")),
        (STATION_FILE, (json.dumps(station, indent=2) + "\n").encode("utf-8")),
    )
    written: list[Path] = []
    try:
        for name, data in files:
            _write_private(directory / name, data)
            written.append(directory / name)
    except OSError:
        # Whole or not at all: a disk full (or gone read-only) after the first file left a set that is neither
        # loaded (incomplete) nor made again (partly there), at every start. Nothing was signed with these keys.
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return StationSigner(key_id=chosen, private_key=private_key, identity_key=identity_key)


def load_station_signer(directory: Path) -> StationSigner:
    """Load the station key set written by generate_station_keys."""
    try:
        station = load_object((directory / STATION_FILE).read_text(encoding="utf-8"))
        key = load_pem_private_key((directory / PRIVATE_KEY_FILE).read_bytes(), password=None)
        identity_key = bytes.fromhex((directory / IDENTITY_KEY_FILE).read_text(encoding="ascii").strip())
        key_id = str(station["key_id"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyStoreError(_("Clés de station illisibles dans {folder}.").format(folder=directory)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyStoreError(_("La clé de station n'est pas une clé Ed25519."))
    try:
        return StationSigner(key_id=key_id, private_key=key, identity_key=identity_key)
    except ValueError as exc:
        raise KeyStoreError(_("Identifiant ou clé d'empreinte de station invalide.")) from exc


def redraw_station_keys(directory: Path, signer: StationSigner) -> str:
    """Replace the station's receipt key (the central store refused its id: another station's key holds it) by a
    new one, in the files and in the running `signer`; returns the old key id.

    The old key's files go to `retired-<id>/` and the old key stays in the station's own trusted keys, so the
    receipts it signed before (never published under that id) are still checked here. The identity key stays in
    place (earlier receipts' mandant digests); the new files are written beside before the old ones move, so a crash
    leaves either key whole."""
    old = signer.key_id
    private_key = Ed25519PrivateKey.generate()
    public = public_key_bytes(private_key.public_key())
    station = {"key_id": derive_key_id(public), "public_key": base64.b64encode(public).decode("ascii")}
    pem = private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    fresh = (
        (PRIVATE_KEY_FILE, pem),
        (STATION_FILE, (json.dumps(station, indent=2) + "\n").encode("utf-8")),
    )
    for name, data in fresh:
        (directory / f"{name}.new").unlink(missing_ok=True)  # a crash's leftover, never used
        _write_private(directory / f"{name}.new", data)
    retired = directory / f"retired-{old}"
    ensure_folder(retired)
    for name, _data in fresh:
        if (directory / name).exists():
            (directory / name).replace(retired / name)
        (directory / f"{name}.new").replace(directory / name)
    new = load_station_signer(directory)
    trusted_path = directory / TRUSTED_KEYS_FILE
    trusted = load_trusted_keys(trusted_path) if trusted_path.exists() else TrustedKeys()
    save_trusted_keys(trusted_path, trusted.with_key(new.key_id, new.public_key))
    signer.adopt(new)
    return old


def load_or_create_station_signer(directory: Path, *, key_id: str | None = None) -> StationSigner:
    """Load the station keys, creating them (and trusting them locally) when the directory has none."""
    if has_station_keys(directory):
        return load_station_signer(directory)
    signer = generate_station_keys(directory, key_id=key_id)
    trusted_path = directory / TRUSTED_KEYS_FILE
    trusted = load_trusted_keys(trusted_path) if trusted_path.exists() else TrustedKeys()
    save_trusted_keys(trusted_path, trusted.with_key(signer.key_id, signer.public_key))
    return signer


def load_trusted_keys(path: Path) -> TrustedKeys:
    """Read the trusted-keys JSON: {"keys": {id: {"public_key": base64}}, "revoked": [id, ...]}."""
    return load_trusted_file(path)[0]


def load_trusted_file(path: Path) -> tuple[TrustedKeys, bytes]:
    """The trusted keys and the bytes they were read from (read once: the same bytes are checked for a signature)."""
    try:
        raw = read_given(path, limit=TRUSTED_KEYS_MAX_BYTES)
        return trusted_keys_of(load_object(raw)), raw
    except GivenFileError as exc:  # a FIFO, a device, a file far too large: why, in French
        raise KeyStoreError(
            _("Fichier de clés de confiance illisible : {path} ({reason}).").format(path=path, reason=exc.strerror)
        ) from exc
    except (OSError, ValueError, KeyStoreError) as exc:
        raise KeyStoreError(_("Fichier de clés de confiance illisible : {path}.").format(path=path)) from exc


def trusted_keys_of(data: Any) -> TrustedKeys:
    """The trusted keys a decoded trusted-keys JSON object holds (a file, or the central store's published list)."""
    try:
        keys: dict[str, bytes] = {}
        stations: dict[str, str] = {}
        for key_id, entry in dict(data.get("keys", {})).items():
            raw = base64.b64decode(str(entry["public_key"]), validate=True)
            if not wire.valid_key_id(key_id) or len(raw) != 32:
                raise ValueError("bad key entry")
            keys[key_id] = raw
            station = entry.get("station_code")
            if station is not None:
                if not isinstance(station, str) or not station.strip() or receipt_station_code(station) != station:
                    raise ValueError("bad station code")
                stations[key_id] = station
        listed = data.get("revoked", [])
        # Fail closed: "revoked": "DEMO" (a string, not a list) used to revoke the letters D, E, M, O and leave the
        # key DEMO trusted. Anything but a list of key ids refuses the whole file: no key is trusted then.
        if not isinstance(listed, list) or not all(isinstance(k, str) for k in listed):
            raise ValueError("revoked must be a list of key ids")
        revoked = frozenset(listed)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyStoreError(_("Clés de confiance illisibles.")) from exc
    return TrustedKeys(keys=keys, revoked=revoked, stations=stations)


def save_trusted_keys(path: Path, trusted: TrustedKeys) -> None:
    """Write the trusted-keys JSON, sorted so that diffs stay readable."""
    data = {
        "version": 1,
        "keys": {
            key_id: {
                "public_key": base64.b64encode(raw).decode("ascii"),
                **({"station_code": trusted.stations[key_id]} if key_id in trusted.stations else {}),
            }
            for key_id, raw in sorted(trusted.keys.items())
        },
        "revoked": sorted(trusted.revoked),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def export_public_key(directory: Path, trusted_path: Path, *, station_code: str | None = None) -> str:
    """Add this station's public key to a trusted-keys file (created if absent); returns the key id.

    With `station_code`, the key is trusted for that station's receipts only (their place code)."""
    signer = load_station_signer(directory)
    trusted = load_trusted_keys(trusted_path) if trusted_path.exists() else TrustedKeys()
    known = trusted.keys.get(signer.key_id)
    if known is not None and known != signer.public_key:
        # Key ids are 4 characters (about 1.7 million): among a few thousand stations two share one. Replacing the
        # key silently made every receipt of the first station « falsifié » for this verifier.
        raise KeyStoreError(
            _(
                "Le fichier de confiance {path} contient déjà une autre clé {key_id}, d'une autre station : clé non "
                "ajoutée (deux stations ne peuvent pas y partager un identifiant de clé)."
            ).format(path=trusted_path, key_id=signer.key_id)
        )
    save_trusted_keys(trusted_path, trusted.with_key(signer.key_id, signer.public_key, station_code))
    return signer.key_id
