"""`guichet-central`: serve the central store, import the register or Maprocuration requests, enrol a station."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from central import service


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guichet-central", description="Magasin central de Guichet.")
    parser.add_argument("--database", default=None, help="URL SQLAlchemy (postgresql://… ; SQLite par défaut)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--calendar", type=Path, default=None)
    sub = parser.add_subparsers(dest="command")
    electors = sub.add_parser("import-electors", help="charger le registre des électeurs (CSV)")
    electors.add_argument("file", type=Path)
    reqs = sub.add_parser("import-requests", help="charger des demandes Maprocuration (JSON)")
    reqs.add_argument("file", type=Path)
    enrol = sub.add_parser("enrol", help="enrôler un poste et afficher ses identifiants")
    enrol.add_argument("label")
    serve = sub.add_parser("serve", help="servir l'API (par défaut)")
    serve.add_argument(
        "--demo-data",
        action="store_true",
        help="charger le registre et les demandes de démonstration si le registre est vide",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `guichet-central` script."""
    args = _parser().parse_args(argv)
    url = args.database or service.default_database_url()
    if args.command == "import-electors":
        from central.register import import_electors

        engine = service.open_database(url)
        with engine.begin() as conn:
            count = import_electors(conn, args.file)
        print(f"{count} électeurs chargés.")
        return 0
    if args.command == "import-requests":
        from central.queries import import_requests

        engine = service.open_database(url)
        with engine.begin() as conn:
            count = import_requests(conn, args.file)
        print(f"{count} demandes chargées.")
        return 0
    if args.command == "enrol":
        from central.auth import enrol_station

        creds = enrol_station(service.open_database(url), label=args.label)
        print(f"station_id={creds.station_id}\ntoken={creds.token}")
        return 0
    import uvicorn

    token = os.environ.get(service.ENV_ENROLMENT) or secrets.token_urlsafe(24)
    if not os.environ.get(service.ENV_ENROLMENT):
        print(f"Secret d'enrôlement de cette session : {token}", file=sys.stderr)
    if getattr(args, "demo_data", False):
        from central.embedded import load_demo_data

        load_demo_data(service.open_database(url))
    app = service.build_app(url, enrolment_token=token, calendar_file=args.calendar)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
