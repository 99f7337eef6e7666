"""`guichet enrol --token T | --token-file FILE`: enrol this station with the central store once (online)."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.cli.french import FrenchParser, use_station_language
from desktop.i18n import _


def main(argv: list[str]) -> int:
    use_station_language()
    parser = FrenchParser(prog="guichet enrol", description=_("Enrôler ce poste auprès du répertoire central."))
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("--token", help=_("jeton d'enrôlement remis par l'administrateur"))
    given.add_argument("--token-file", type=Path, metavar="FICHIER", help=_("fichier contenant le jeton d'enrôlement"))
    parser.add_argument("--config", type=Path, metavar="FICHIER.toml", help=_("fichier de configuration"))
    args = parser.parse_args(_token_joined(argv))

    from desktop.enrolment import EnrolmentError, enrol_station, read_token
    from desktop.settings import SettingsError, given_config, load_settings
    from desktop.sync.client import TransientError

    try:
        settings = load_settings(config_path=given_config(args.config))
    except SettingsError as exc:
        print(_("Réglages invalides : {exc}").format(exc=exc), file=sys.stderr)
        return 2
    if not settings.central_url:
        print(_("Aucun répertoire central configuré : indiquez central_url dans les réglages."), file=sys.stderr)
        return 2
    try:
        token = read_token(args.token_file) if args.token_file is not None else args.token.strip()
    except EnrolmentError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    try:
        creds, where = enrol_station(settings, token)
    except EnrolmentError as exc:
        print(_("Enrôlement refusé : {message}").format(message=exc.message), file=sys.stderr)
        return 1
    except TransientError as exc:
        print(_("Enrôlement impossible : {message}").format(message=exc.message), file=sys.stderr)
        return 1
    print(where)
    print(_("Poste enrôlé : {station_id}").format(station_id=creds.station_id))
    return 0


def _token_joined(argv: list[str]) -> list[str]:
    """`--token -Xy…` as `--token=-Xy…`: a secret drawn in URL-safe base64 begins with « - » once in 64, and argparse
    took it for an option (« argument --token : une valeur attendue »)."""
    options = {"--token", "--token-file", "--config", "-h", "--help"}
    out: list[str] = []
    rest = iter(argv)
    for arg in rest:
        if arg == "--token":
            value = next(rest, None)
            if value is not None and value.startswith("-") and value not in options:
                out.append(f"--token={value}")
                continue
            out.extend([arg] if value is None else [arg, value])
            continue
        out.append(arg)
    return out
