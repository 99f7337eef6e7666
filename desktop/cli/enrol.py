"""`guichet enrol --token T`: enrol this station with the central store once (online); sync works from then on."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="guichet enrol", description="Enrôler ce poste auprès du répertoire central.")
    parser.add_argument("--token", required=True, help="jeton d'enrôlement remis par l'administrateur")
    args = parser.parse_args(argv)

    from desktop.credentials import save_credentials
    from desktop.keystore.registry import make_secret_store
    from desktop.settings import SettingsError, load_settings
    from desktop.sync.client import SyncError, enrol

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"Réglages invalides : {exc}", file=sys.stderr)
        return 2
    if not settings.central_url:
        print("Aucun répertoire central configuré : indiquez central_url dans les réglages.", file=sys.stderr)
        return 2
    try:
        creds = enrol(settings.central_url, enrolment_token=args.token, label=settings.station_code)
    except SyncError as exc:
        print(f"Enrôlement impossible ({type(exc).__name__}) : vérifiez le réseau et le jeton.", file=sys.stderr)
        return 1
    print(save_credentials(make_secret_store(settings), creds))
    print(f"Poste enrôlé : {creds.station_id}")
    return 0
