"""`guichet card readers` and `guichet card read`: a counter-side diagnostic of readers and identity documents."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from desktop.cli.french import FrenchParser, os_error, use_station_language
from desktop.devices.cards.base import CardReader
from desktop.devices.cards.errors import MESSAGES, CardError
from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.cards.handler import AccessKey, CanKey, MrzKey
from desktop.devices.cards.identity import KIND_LABELS, STATUS_LABELS, IdentityRead
from desktop.devices.cards.passive_auth import CscaList, CscaSource, CscaStore
from desktop.devices.cards.vchip.profiles import PROFILES
from desktop.i18n import _

EXIT_OK, EXIT_ERROR, EXIT_CHECK_FAILED = 0, 1, 2


class _PromptHandler:
    """Asks on the terminal when no key was given on the command line."""

    def __init__(self, out: TextIO, interactive: bool) -> None:
        self.out = out
        self.interactive = interactive

    def ask_can(self) -> str | None:
        if not self.interactive:
            return None
        return input(_("CAN (6 chiffres au recto, vide pour utiliser la MRZ) : ")).strip() or None

    def ask_mrz(self) -> str | None:
        if not self.interactive:
            return None
        return input(_("MRZ (numéro+clé, naissance+clé, expiration+clé) : ")).strip() or None

    def progress(self, step: str, fraction: float) -> None:
        if self.interactive:
            print(f"  {int(fraction * 100):3d} % {step}", file=self.out)


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(prog="guichet card", description=_("Diagnostic des lecteurs et des puces."))
    sub = parser.add_subparsers(dest="command", required=True)
    readers = sub.add_parser("readers", help=_("lister les lecteurs de carte"))
    readers.add_argument("--json", action="store_true", help=_("sortie JSON"))
    readers.add_argument("--demo", action="store_true", help=_("lecteur simulé de démonstration"))
    read = sub.add_parser("read", help=_("lire le document posé sur un lecteur"))
    read.add_argument("--reader", help=_("nom du lecteur (par défaut : le premier qui porte une carte)"))
    key = read.add_mutually_exclusive_group()
    key.add_argument("--can", help=_("CAN à 6 chiffres imprimé au recto de la carte"))
    key.add_argument("--mrz", help=_("informations MRZ (24 caractères) ou MRZ complète"))
    read.add_argument("--json", action="store_true", help=_("sortie JSON"))
    read.add_argument(
        "--csca",
        action="append",
        type=Path,
        default=[],
        help=_("liste maîtresse ou certificats CSCA (sinon : ceux du poste, réglage csca_list)"),
    )
    read.add_argument("--demo", metavar="PERSONNE", help=_("lire la carte d'une personne de démonstration"))
    read.add_argument(
        "--profil",
        dest="profile",
        choices=sorted(PROFILES),
        default="standard",
        help=_("avec --demo : comment la puce simulée répond (")
        + "; ".join(f"{p.name} : {p.label}" for p in PROFILES.values())
        + ")",
    )
    read.add_argument("--timeout", type=float, default=60.0, help=_("délai maximal de lecture en secondes"))
    return parser


def _reader(demo: bool | str | None, csca: CscaSource, profile: str = "standard") -> CardReader:
    if demo:
        reader = FakeCardReader(csca=csca)
        if isinstance(demo, str):
            reader.insert(demo, profile=profile)
        return reader
    from desktop.devices.cards.pcsc import PcscCardReader

    return PcscCardReader(csca=csca, monitor=False)


def _csca(paths: list[Path]) -> CscaStore | None:
    """The --csca certificates; a file that is not one is said in French (CardError)."""
    if not paths:
        return None
    try:
        return CscaStore.from_paths(paths)
    except OSError as exc:
        raise CardError("csca", _("Certificats CSCA illisibles : {os_error}").format(os_error=os_error(exc))) from None
    except ValueError:  # LdsError, TlvError and cryptography's errors are ValueErrors
        raise CardError(
            "csca", _("Le fichier --csca n'est ni un certificat (PEM, DER) ni une liste maîtresse.")
        ) from None


def _station_list() -> CscaList | None:
    """Without --csca, a real reader is checked as the counter checks it: against the station's list (csca_list)."""
    from desktop.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError:  # the counter would not start either; the read still says what the chip proves
        return None
    return CscaList(settings.csca_list, signer=settings.csca_list_signer) if settings.csca_list is not None else None


def _readers(args: argparse.Namespace, out: TextIO) -> int:
    reader = _reader(args.demo, None)
    try:
        names = reader.readers()
        rows = [{"name": name, "card_present": reader.card_present(name)} for name in names]
    except CardError as exc:
        return _fail(exc, args.json, out)
    finally:
        reader.close()
    if args.json:
        print(json.dumps({"readers": rows}, ensure_ascii=False), file=out)
    elif not rows:
        print(MESSAGES["no_reader"], file=out)
    else:
        for row in rows:
            state = _("carte présente") if row["card_present"] else "vide"
            print(f"{row['name']} : {state}", file=out)
    return EXIT_OK


def _fail(error: CardError, as_json: bool, out: TextIO) -> int:
    if as_json:
        print(json.dumps({"error": error.code, "message": error.message}, ensure_ascii=False), file=out)
    else:
        print(_("Erreur : {message}").format(message=error.message), file=out)
    return EXIT_ERROR


def _print_identity(identity: IdentityRead, out: TextIO) -> None:
    def date_text(value: date | None) -> str:
        return value.strftime("%d/%m/%Y") if value else "—"

    rows = [
        (_("Document"), KIND_LABELS[identity.document_kind]),
        (_("État émetteur"), identity.issuing_state),
        (_("Numéro"), identity.document_number),
        (_("Nom"), identity.surname),
        (_("Prénoms"), " ".join(identity.given_names)),
        (_("Date de naissance"), date_text(identity.birth_date)),
        (_("Sexe"), identity.sex),
        (_("Nationalité"), identity.nationality),
        (_("Date d'expiration"), date_text(identity.expiry_date)),
        (_("Accès à la puce"), identity.access),
        (
            _("Photo"),
            _("{value} ({count} octets)").format(
                value=identity.face_format or "absente", count=len(identity.face_image or b"")
            ),
        ),
        (_("Fichiers lus"), ", ".join(identity.files_read) or "—"),
    ]
    for label, value in rows:
        print(f"{label:<20} {value}", file=out)
    print(_("Vérifications :"), file=out)
    for check in identity.checks:
        status = _(STATUS_LABELS[check.status])  # an N_() constant: the catalog has it
        print(f"  [{status}] {check.label} — {check.detail}", file=out)
    if identity.proven:
        verdict = _("Document authentique.")
    elif identity.authentic:  # signed, but the signer's country is not checked: a forger's own certificate passes
        verdict = _("Signature valide, mais le pays émetteur n'est pas contrôlé (--csca : liste maîtresse CSCA).")
    else:
        verdict = _("ATTENTION : authenticité non établie.")
    print(verdict, file=out)


def _read(args: argparse.Namespace, out: TextIO) -> int:
    try:
        access: AccessKey | None = None
        if args.can:
            access = CanKey(args.can)
        elif args.mrz:
            access = MrzKey.from_text(args.mrz)
        csca = _csca(args.csca) or (None if args.demo else _station_list())
    except CardError as exc:
        return _fail(exc, args.json, out)
    try:
        reader = _reader(args.demo, csca, args.profile)
    except KeyError:
        return _fail(
            CardError("demo", _("Personne de démonstration inconnue : vérifiez son identifiant.")), args.json, out
        )
    handler = _PromptHandler(out, interactive=not args.json and sys.stdin.isatty())
    try:
        identity = reader.read_identity(handler, reader=args.reader, access=access).result(args.timeout)
    except CardError as exc:
        return _fail(exc, args.json, out)
    except TimeoutError:
        return _fail(CardError("communication", MESSAGES["communication"]), args.json, out)
    finally:
        reader.close()
    if args.json:
        print(json.dumps(identity.to_dict(), ensure_ascii=False), file=out)
    else:
        _print_identity(identity, out)
    return EXIT_OK if identity.authentic else EXIT_CHECK_FAILED


def main(argv: list[str], out: TextIO | None = None) -> int:
    """Run `guichet card ...`; 0 when all went well, 1 on a read error, 2 when a check failed."""
    use_station_language()
    args = _parser().parse_args(argv)
    stream = out or sys.stdout
    if args.command == "readers":
        return _readers(args, stream)
    return _read(args, stream)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
