"""`guichet store status|migrate`: the local store's schema revision and size, and its migration ahead of a login.

For IT after a package upgrade (and the installer tests): the application migrates the store itself when an agent
logs in; this does it, or only tells where it stands, with the database key given in a file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.cli.french import FrenchParser, use_station_language
from desktop.i18n import _

EXIT_OK, EXIT_USAGE = 0, 2


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(prog="guichet store", description=_("Base locale : état du schéma, migration."))
    parser.add_argument("--database", type=Path, help=_("fichier de la base (défaut : celle du poste)"))
    parser.add_argument("--key-file", type=Path, required=True, help=_("fichier contenant la clé de la base (hex)"))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help=_("révision du schéma et nombre d'enregistrements, sans rien modifier"))
    sub.add_parser("migrate", help=_("met le schéma de la base à jour"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `guichet store`."""
    use_station_language()
    args = _parser().parse_args(argv)
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from desktop.cli.keyfile import KeyFileError, read_key_file
    from desktop.models import Elector, Procuration
    from desktop.models.db import StoreError, open_store
    from desktop.models.keys import StaticKeyProvider
    from desktop.models.migrate import current_revision, head_revision, known_revision
    from desktop.settings import SettingsError, load_settings

    try:
        database = args.database or load_settings().database_path
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    if not database.is_file():
        print(_("Base introuvable : {database}").format(database=database), file=sys.stderr)
        return EXIT_USAGE
    try:
        keys = StaticKeyProvider(read_key_file(args.key_file))
        store = open_store(database, keys, migrate=False)
    except KeyFileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except (StoreError, ValueError, OSError, SQLAlchemyError):
        print(_("La base ne s'ouvre pas avec cette clé (ou ce n'est pas une base Guichet)."), file=sys.stderr)
        return EXIT_USAGE
    try:
        before = current_revision(store.engine)
        head = head_revision()
        if before is not None and not known_revision(before):  # a version rolled back: nothing read nor written
            print(
                _(
                    "Base mise à jour par une version plus récente de Guichet (révision {before}, {head} pour "
                    "celle-ci) : cette version ne la lit ni ne la migre. Réinstallez la version la plus récente."
                ).format(before=before, head=head),
                file=sys.stderr,
            )
            return EXIT_USAGE
        if args.command == "migrate" and before != head:
            from desktop.models.migrate import upgrade

            upgrade(store.engine)
            print(
                _("Schéma migré de la révision {before} à la révision {current_revision}.").format(
                    before=before, current_revision=current_revision(store.engine)
                )
            )
        revision = current_revision(store.engine)
        with store.session() as session:
            procurations = session.scalar(select(func.count()).select_from(Procuration))
            electors = session.scalar(select(func.count()).select_from(Elector))
        state = _("à jour") if revision == head else _("à migrer vers {head}").format(head=head)
        print(_("Base : {database}").format(database=database))
        print(_("Révision du schéma : {revision} ({state})").format(revision=revision, state=state))
        print(_("Procurations : {procurations}").format(procurations=procurations))
        print(_("Électeurs : {electors}").format(electors=electors))
        return EXIT_OK
    finally:
        store.close()
