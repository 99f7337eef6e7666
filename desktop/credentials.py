"""The station's central-store credentials, kept in the station's secret store (desktop/keystore)."""

from __future__ import annotations

import json
from datetime import datetime

from desktop.i18n import _
from desktop.jsonfile import load_object
from desktop.keystore.base import SecretStore
from desktop.sync.client import Credentials

SECRET_NAME = "central-credentials"


def save_credentials(store: SecretStore, creds: Credentials) -> str:
    """Keep them; returns a French sentence saying where."""
    data = {"station_id": creds.station_id, "token": creds.token}
    if creds.expires_at is not None:
        data["expires_at"] = creds.expires_at.isoformat()
    store.set(SECRET_NAME, json.dumps(data))
    return _("Identifiants du poste conservés. {description}.").format(description=store.description)


def load_credentials(store: SecretStore) -> Credentials | None:
    """The stored credentials, or None when the station was never enrolled."""
    raw = store.get(SECRET_NAME)
    if not raw:
        return None
    try:
        data = load_object(raw)
        expires = datetime.fromisoformat(data["expires_at"]) if data.get("expires_at") else None
        return Credentials(station_id=str(data["station_id"]), token=str(data["token"]), expires_at=expires)
    except (ValueError, KeyError, TypeError):
        return None
