"""The station's central-store credentials: kept in the OS keystore, or an owner-only file where there is none."""

from __future__ import annotations

import json
from pathlib import Path

import keyring

from desktop.models.keys import SERVICE, keystore_available
from desktop.privatefile import write_private
from desktop.sync.client import Credentials


def _account(station_code: str) -> str:
    return f"central-credentials:{station_code}"


def save_credentials(station_code: str, keys_dir: Path, creds: Credentials) -> str:
    """Store them; returns a French sentence saying where."""
    data = json.dumps({"station_id": creds.station_id, "token": creds.token})
    if keystore_available():
        keyring.set_password(SERVICE, _account(station_code), data)
        return "Identifiants du poste conservés dans le trousseau du système."
    path = keys_dir / "central-credentials.json"
    write_private(path, data.encode("utf-8"), replace=True)
    return f"Pas de trousseau système : identifiants du poste dans un fichier protégé ({path})."


def load_credentials(station_code: str, keys_dir: Path) -> Credentials | None:
    """The stored credentials, or None when the station was never enrolled."""
    raw: str | None = None
    if keystore_available():
        raw = keyring.get_password(SERVICE, _account(station_code))
    path = keys_dir / "central-credentials.json"
    if raw is None and path.exists():
        raw = path.read_text(encoding="utf-8")
    if not raw:
        return None
    try:
        data = json.loads(raw)
        return Credentials(station_id=str(data["station_id"]), token=str(data["token"]))
    except (ValueError, KeyError, TypeError):
        return None
