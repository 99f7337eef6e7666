"""`guichet receipt`: render a sample receipt, verify a receipt's QR payload, export the station key."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from desktop.cli import receipt_trust
from desktop.cli.french import FrenchParser, use_station_language
from desktop.cli.receipt_scan import compare_printed, escpos_qr_payloads, read_document
from desktop.cli.trusted_list import describe_list, list_as_dict, shown_moment
from desktop.i18n import _
from desktop.receipts.content import KIND_SHORT, ReceiptKind
from desktop.receipts.escpos_profiles import DEFAULT_PROFILE
from desktop.receipts.escpos_render import render_escpos
from desktop.receipts.keys import (
    TRUSTED_KEYS_FILE,
    KeyStoreError,
    export_public_key,
    load_or_create_station_signer,
    load_trusted_file,
)
from desktop.receipts.payload import ReceiptClaims, ReceiptPayloadError
from desktop.receipts.pdf import render_pdf
from desktop.receipts.published import PublishedKeysError, standing_of
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import ReceiptVerifier
from desktop.rules.terms import Status

__all__ = ["claims_as_dict", "describe", "escpos_qr_payloads", "keys_dir", "main"]

DEMO_KEY_ID = "DEMO"
EXIT_INVALID = 1
EXIT_USAGE = 2


def keys_dir(explicit: Path | None) -> Path:
    """--keys-dir, else $GUICHET_KEYS_DIR, else the station's `keys` folder (machine-wide, see settings)."""
    if explicit is not None:
        return explicit
    env = os.environ.get("GUICHET_KEYS_DIR")
    if env:
        return Path(env)
    from desktop.settings import SettingsError, load_settings, machine_data_dir

    try:
        return load_settings().keys_dir
    except SettingsError:
        return machine_data_dir() / "keys"


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(prog="guichet receipt", description=_("Récépissés signés : exemple et vérification."))
    parser.add_argument("--keys-dir", type=Path, help=_("dossier des clés de la station (défaut : $GUICHET_KEYS_DIR)"))
    sub = parser.add_subparsers(dest="command", required=True)
    sample = sub.add_parser("sample", help=_("produit un récépissé d'exemple signé"))
    sample.add_argument("--kind", required=True, choices=[k.value for k in ReceiptKind])
    sample.add_argument("--format", required=True, choices=["pdf", "escpos"])
    sample.add_argument("--out", required=True, type=Path)
    sample.add_argument("--paper", default="a4", choices=["a4", "roll80"], help=_("format du PDF"))
    sample.add_argument("--profile", default=DEFAULT_PROFILE, help=_("profil d'imprimante ESC/POS"))
    sample.add_argument("--status", choices=[s.value for s in Status], help=_("statut imprimé"))
    sample.add_argument("--duplicate", action="store_true", help=_("marque DUPLICATA"))
    verify = sub.add_parser("verify", help=_("vérifie un récépissé (fichier PDF, image, ESC/POS ou texte du QR)"))
    verify.add_argument("source", help=_("fichier ou contenu du QR code"))
    verify.add_argument("--trusted", type=Path, help=_("fichier JSON des clés de station de confiance"))
    verify.add_argument("--json", action="store_true", help=_("sortie JSON"))
    verify.add_argument(
        "--central-key",
        help=_(
            "clé publique du répertoire central (base64) : le fichier de confiance doit être sa liste signée, intacte"
        ),
    )
    export = sub.add_parser("export-key", help=_("ajoute la clé publique de la station à un fichier de confiance"))
    export.add_argument("--trusted", required=True, type=Path)
    export.add_argument(
        "--station",
        help=_("code de la station : la clé ne vaut que pour ses récépissés (défaut : le code du poste)"),
    )
    receipt_trust.add_parser(sub)
    return parser


def main(argv: list[str]) -> int:
    """Entry point dispatched by `guichet receipt ...`."""
    use_station_language()
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    directory = keys_dir(args.keys_dir)
    try:
        if args.command == "sample":
            return _sample(args, directory)
        if args.command == "trust":
            return _trust(args)
        if args.command == "export-key":
            station = args.station or _own_station_code(directory)
            key_id = export_public_key(directory, args.trusted, station_code=station)
            print(_("Clé {key_id} ajoutée à {trusted}").format(key_id=key_id, trusted=args.trusted))
            return 0
        return _verify(args, directory)
    except KeyStoreError as exc:
        print(_("Erreur de clés : {exc}").format(exc=exc), file=sys.stderr)
        return EXIT_USAGE


def _trust(args: argparse.Namespace) -> int:
    try:
        print(receipt_trust.run(args))
    except receipt_trust.TrustError as exc:
        print(_("Clés publiées NON RETENUES : {reason}").format(reason=exc), file=sys.stderr)
        return EXIT_INVALID
    return 0


def _own_station_code(directory: Path) -> str | None:
    """The station code of this post when `directory` is its own keys folder (its settings say so), else None."""
    from desktop.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError:
        return None
    return settings.station_code if directory.resolve() == settings.keys_dir.resolve() else None


def _sample(args: argparse.Namespace, directory: Path) -> int:
    signer = load_or_create_station_signer(directory, key_id=DEMO_KEY_ID)
    status = Status(args.status) if args.status else None
    receipt = sample_receipt(ReceiptKind(args.kind), status=status, duplicate=args.duplicate)
    signed = signer.sign(receipt)
    pdf = args.format == "pdf"
    try:
        data = render_pdf(signed, paper=args.paper) if pdf else render_escpos(signed, profile=args.profile)
    except KeyError:  # python-escpos knows no such printer profile
        print(_("Profil d'imprimante ESC/POS inconnu (option --profile) : ex. TM-T88V."), file=sys.stderr)
        return EXIT_USAGE
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(
        _("Récépissé d'exemple écrit dans {out} (clé de station {key_id})").format(out=args.out, key_id=signer.key_id)
    )
    return 0


def _verify(args: argparse.Namespace, directory: Path) -> int:
    trusted_path = args.trusted or directory / TRUSTED_KEYS_FILE
    if not trusted_path.exists():
        print(
            _("Aucune clé de station connue : {trusted_path} est absent.").format(trusted_path=trusted_path),
            file=sys.stderr,
        )
        return EXIT_USAGE
    trusted, raw = load_trusted_file(trusted_path)
    try:
        central_key = receipt_trust.central_key_of(args.central_key) if args.central_key else None
        standing = standing_of(raw, central_key)
    except (receipt_trust.TrustError, PublishedKeysError) as exc:
        print(_("Fichier de confiance NON RETENU : {reason}").format(reason=exc), file=sys.stderr)
        return EXIT_INVALID
    try:
        document = read_document(args.source)
        payload = document.payload
    except ReceiptPayloadError as exc:
        print(_("Récépissé NON VÉRIFIÉ : {reason}").format(reason=exc.reason), file=sys.stderr)
        return EXIT_INVALID
    try:
        claims = ReceiptVerifier(trusted).verify(payload)
        checked = compare_printed(document, claims, directory, signing_key=trusted.keys.get(claims.key_id))
    except ReceiptPayloadError as exc:
        print(_("Récépissé NON VALIDE : {reason}").format(reason=exc.reason), file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        answer = {**claims_as_dict(claims), **checked.as_dict(), "liste_cles": list_as_dict(standing, claims)}
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        print(describe(claims))
        print(checked.describe())
        print(describe_list(standing, claims))
    return 0


def claims_as_dict(claims: ReceiptClaims) -> dict[str, str]:
    """Claims as plain JSON values."""
    return {
        "cle": claims.key_id,
        "numero": claims.number,
        "type": claims.kind.value,
        "date": claims.issued_at.isoformat(),
        "lieu_type": claims.place_kind.value,
        "lieu_code": claims.place_code,
        "statut": claims.status.value,
        "empreinte_mandant": claims.mandant_digest.hex(),
    }


def describe(claims: ReceiptClaims) -> str:
    """French summary of a valid receipt."""
    offset = claims.issued_at.strftime("%z")
    return "\n".join(
        (
            _("Récépissé VALIDE : signature vérifiée."),
            _("Numéro : {number}").format(number=claims.number),
            _("Type : {KIND_SHORT}").format(KIND_SHORT=KIND_SHORT[claims.kind]),
            _("Délivré le : {format_datetime_fr} (UTC{offset}:{offset2})").format(
                format_datetime_fr=shown_moment(claims.issued_at), offset=offset[:3], offset2=offset[3:]
            ),
            _("Lieu : {shown_label} ({place_code})").format(
                shown_label=claims.place_kind.shown_label, place_code=claims.place_code
            ),
            _("Statut à l'impression : {label}").format(label=claims.status.shown_label),
            _("Clé de station : {key_id}").format(key_id=claims.key_id),
            _("Empreinte du mandant : {hex}").format(hex=claims.mandant_digest.hex()),
        )
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
