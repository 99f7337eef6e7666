"""`guichet audit verify|export`: check the audit log's HMAC chain against the signed anchors, export it."""

from __future__ import annotations

import argparse
import base64
import binascii
import getpass
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from desktop.cli.french import FrenchParser, os_error, use_station_language
from desktop.cli.keyfile import KeyFileError, read_key_file
from desktop.givenfile import MB, read_given
from desktop.i18n import _, ngettext
from desktop.jsonfile import load_object
from desktop.models.db import Store, StoreError, open_store
from desktop.models.keys import StaticKeyProvider
from desktop.security.anchors import Anchor
from desktop.security.chain import VerifyReport

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# The central store's anchors of one station (one a day and one per checkpoint, kept for years): far under this; a
# link to a device or a disk image given as --anchors is refused unread.
ANCHORS_MAX_BYTES = 64 * MB


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(prog="guichet audit", description=_("Journal d'audit : vérification et export."))
    parser.add_argument("--database", type=Path, help=_("fichier de la base (défaut : celle du poste)"))
    parser.add_argument("--key-file", type=Path, help=_("fichier contenant la clé de la base en hexadécimal"))
    parser.add_argument("--login", help=_("identifiant d'un agent : la clé est ouverte avec son mot de passe"))
    parser.add_argument("--password-stdin", action="store_true", help=_("lit le mot de passe sur l'entrée standard"))
    parser.add_argument("--anchors", type=Path, help=_("ancres JSON reçues du répertoire central"))
    parser.add_argument("--public-key", help=_("clé publique Ed25519 du poste (base64), pour vérifier les ancres"))
    parser.add_argument("--keys-dir", type=Path, help=_("dossier des clés du poste (station.json)"))
    parser.add_argument(
        "--central-key",
        help=_(
            "clé publique du répertoire central (base64, GET /v1/security/anchor-key) : le point de "
            "départ du journal doit alors porter sa contresignature"
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("verify", help=_("vérifie le chaînage et les ancres"))
    export = sub.add_parser("export", help=_("exporte le journal pour un inspecteur (JSON)"))
    export.add_argument("--output", type=Path, required=True)
    return parser


class PublicKeyError(ValueError):
    """The station public key given (or found) is not an Ed25519 key in base64; the message is French."""


def _given_public_key(text: str, *, option: str = "--public-key") -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (ValueError, binascii.Error):
        key = b""
    if len(key) != 32:
        whose = _("du répertoire central") if option == "--central-key" else _("du poste")
        raise PublicKeyError(
            _("Clé publique {whose} invalide ({option}) : 32 octets en base64 attendus.").format(
                whose=whose, option=option
            )
        )
    return key


def _public_key(args: argparse.Namespace, keys_dir: Path) -> bytes | None:
    if args.public_key:
        return _given_public_key(args.public_key)
    station = (args.keys_dir or keys_dir) / "station.json"
    if not station.exists():
        return None
    try:
        text = str(load_object(read_given(station, limit=ANCHORS_MAX_BYTES))["public_key"])
    except (ValueError, KeyError):  # not JSON, not an object, nested too deeply, no key: as a bad key
        text = ""
    return _given_public_key(text, option=str(station))


class _BadAnchors(Exception):
    """The --anchors file cannot be read as the central store's anchors (French message)."""


def _anchors(path: Path | None) -> list[Anchor]:
    if path is None:
        return []
    try:
        raw = json.loads(read_given(path, limit=ANCHORS_MAX_BYTES).decode("utf-8"))
        # GET /v1/security/anchors gives {"anchors": [...]}, GET /v1/security/checkpoints {"checkpoints": [...]}
        # (the start anchors); one file may hold both.
        items = [*raw.get("anchors", []), *raw.get("checkpoints", [])] if isinstance(raw, dict) else raw
        if not isinstance(items, list):
            raise ValueError("not a list")
        return [Anchor.from_dict(a) for a in items]
    except OSError as exc:
        raise _BadAnchors(_("Fichier d'ancres illisible : {os_error}").format(os_error=os_error(exc))) from None
    except (ValueError, TypeError, AttributeError, RecursionError):
        raise _BadAnchors(
            _("Le fichier d'ancres {path} n'est pas un export du répertoire central (JSON des ancres attendu).").format(
                path=path
            )
        ) from None


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(_("Mot de passe : "))


def print_report(report: VerifyReport) -> None:
    """French lines for the operator; the exit code says the same."""
    span = (
        _(" (n° {first_seq} à {last_seq})").format(first_seq=report.first_seq, last_seq=report.last_seq)
        if report.rows
        else ""
    )
    print(_("Journal d'audit : {rows} événements vérifiés{span}.").format(rows=report.rows, span=span))
    if report.ok:
        print(_("Aucune anomalie : chaînage intact et conforme aux ancres."))
    for problem in report.problems:
        print(_("ANOMALIE [{kind}] {message}").format(kind=problem.kind, message=problem.message))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `guichet audit`; returns 0 when the chain is intact, 1 when problems were found."""
    use_station_language()
    args = _parser().parse_args(argv)
    try:
        if args.public_key:
            _given_public_key(args.public_key)
        central_key = _given_public_key(args.central_key, option="--central-key") if args.central_key else None
    except PublicKeyError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    from desktop.services import audit_log
    from desktop.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    database = args.database or settings.database_path
    if not database.is_file():
        print(_("Base introuvable : {database}").format(database=database), file=sys.stderr)
        return EXIT_USAGE
    now = datetime.now(UTC)
    principal = None
    try:
        if args.key_file is not None:
            key = read_key_file(args.key_file)
            store: Store = open_store(database, StaticKeyProvider(key), migrate=False)
        elif args.login:
            from desktop.keystore.registry import make_device_secret
            from desktop.security.keyslots import KeySlots, LoginRefused
            from desktop.services.agents import AccountError, login

            device = make_device_secret(settings)
            slots = KeySlots.beside(database, device, station_code=settings.station_code)
            try:
                result = login(
                    database=database,
                    slots=slots,
                    login_name=args.login,
                    password=_password(args),
                    station_kind=settings.station_kind.value,
                    now=now,
                )
            except (LoginRefused, AccountError) as exc:
                print(exc.message, file=sys.stderr)
                return EXIT_USAGE
            store, principal = result.store, result.principal
        else:
            print(_("Indiquez --login (agent) ou --key-file (clé de la base)."), file=sys.stderr)
            return EXIT_USAGE
    except KeyFileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except (StoreError, ValueError, OSError, SQLAlchemyError):
        print(_("La base ne s'ouvre pas avec cette clé (ou ce n'est pas une base Guichet)."), file=sys.stderr)
        return EXIT_USAGE
    try:
        try:
            anchors = _anchors(args.anchors)
        except _BadAnchors as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
        try:
            public_key = _public_key(args, settings.keys_dir)
        except PublicKeyError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
        if args.command == "verify":
            report = audit_log.verify(
                store, extra_anchors=anchors, public_key=public_key, now=now, central_key=central_key
            )
            print_report(report)
            return EXIT_OK if report.ok else EXIT_PROBLEMS
        if principal is None:
            print(_("L'export est nominatif : indiquez --login (superviseur ou administrateur)."), file=sys.stderr)
            return EXIT_USAGE
        from desktop.services.permissions import PermissionDenied

        try:
            exported = audit_log.export(store, principal, now=now, extra_anchors=anchors, public_key=public_key)
        except PermissionDenied as exc:
            print(exc.message, file=sys.stderr)
            return EXIT_USAGE
        args.output.write_text(exported.to_json(), encoding="utf-8")
        print(
            ngettext(
                "Journal exporté vers {output} ({count} événement).",
                "Journal exporté vers {output} ({count} événements).",
                len(exported.data["events"]),
            ).format(output=args.output, count=len(exported.data["events"]))
        )
        return EXIT_OK if exported.data["verification"]["ok"] else EXIT_PROBLEMS
    finally:
        store.close()


if __name__ == "__main__":
    raise SystemExit(main())
