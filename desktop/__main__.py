"""`guichet`: the desk application, and its support commands (`guichet card`, `guichet receipt`, ...)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from desktop import __version__

TYPE_CHECKING = False  # typing's own constant without importing typing: `main` turns the collector off first
if TYPE_CHECKING:
    import argparse
    from typing import Any

# Support commands, each a module with `main(argv) -> int`; imported only when asked, so they never load Qt.
COMMANDS = {
    "card": ("desktop.cli.card", "lire une pièce d'identité (diagnostic du lecteur)"),
    "receipt": ("desktop.cli.receipt", "récépissés : exemple, vérification"),
    "enrol": ("desktop.cli.enrol", "enrôler le poste auprès du répertoire central"),
    "audit": ("desktop.cli.audit", "journal d'audit : vérification, export"),
    "store": ("desktop.cli.store", "base locale : état du schéma, migration"),
}


def _parser() -> argparse.ArgumentParser:
    from desktop.cli.french import FrenchParser

    parser = FrenchParser(
        prog="guichet",
        description="Guichet : établissement, résiliation et consultation des procurations ; renouvellements.",
        epilog="Commandes de support : " + ", ".join(f"{k} ({v[1]})" for k, v in COMMANDS.items()),
    )
    parser.add_argument("--demo", action="store_true", help="données fictives, appareils simulés, sans configuration")
    parser.add_argument("--screenshot", type=Path, metavar="FICHIER.png", help="enregistre la fenêtre puis quitte")
    parser.add_argument("--config", type=Path, metavar="FICHIER.toml", help="fichier de configuration")
    parser.add_argument(
        "--version", action="version", version=f"guichet {__version__}", help="affiche la version et quitte"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `guichet`: bad input gets a French sentence and a non-zero code, never a traceback."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = args_list[0] if args_list and args_list[0] in COMMANDS else None
    if argv is None and command is None:
        # Start-up allocates what it keeps (modules, Qt wrappers, the screens): the cyclic collector would scan it
        # again and again and find no garbage (0.08 s of CPU to "ready", measured; ~2 ms more before the first frame
        # since it is off before this module's own imports: the parser, the hardening, logging). The window enables
        # it again once the first screen is built and the start-up heap frozen, or after a minute at most
        # (views/app.py).
        gc.disable()
    if argv is None:  # a real start (not a test calling main): nothing of this process may land in a core file
        from desktop.hardening import disable_core_dumps

        disable_core_dumps()
    from desktop.cli.french import guarded

    if command is not None:
        import importlib

        module = importlib.import_module(COMMANDS[command][0])
        return guarded(lambda: int(module.main(args_list[1:])), prog=f"guichet {command}")
    return guarded(lambda: _app(args_list), prog="guichet")


def _app(args_list: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(args_list)
    if args.screenshot is not None and not args.demo:
        # A station waits for an agent's login before its screens: the picture would never come (outside audit,
        # session 29: `guichet --screenshot` on an installed station never exited).
        parser.error("--screenshot ne s'emploie qu'avec --demo : un poste réel attend la connexion d'un agent.")

    if not args.demo:
        return _run(args, {})
    from desktop.demo import demo_folder

    with demo_folder() as folder:
        return _run(args, {"demo": True, "data_dir": folder})


def _run(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    from desktop.settings import SettingsError, given_config, load_settings

    try:
        settings = load_settings(config_path=given_config(args.config), **overrides)
    except SettingsError as exc:
        print(f"Guichet ne peut pas démarrer : {exc}", file=sys.stderr)
        return 2

    from desktop.logs import hold_logging
    from desktop.privatefile import share_with_station_group

    try:
        share_with_station_group(settings.data_dir)
        # The log file is checked here; its rotating handler is made after the window's first frame (records held
        # until then, desktop/logs.py).
        hold_logging(settings.logs_dir)
    except (OSError, ValueError) as exc:
        where = exc.filename if isinstance(exc, OSError) and exc.filename else settings.data_dir
        print(
            f"Guichet ne peut pas démarrer : le dossier des données ou des journaux ({where}) n'est pas "
            "utilisable (introuvable, en lecture seule, disque plein ou droits insuffisants). Vérifiez les "
            "réglages data_dir et log_dir.",
            file=sys.stderr,
        )
        return 2

    from desktop.views.start import run

    return run(settings, screenshot=args.screenshot)


if __name__ == "__main__":
    sys.exit(main())
