"""`guichet-central`: serve the central store, import the register or Maprocuration requests, enrol stations."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from central import admin_attempts, admin_cli, collector, service, statement_bound
from central.register import RegisterFromNewerVersion
from desktop.cli.french import FrenchParser, guarded
from desktop.rules.terms import PlaceKind


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(prog="guichet-central", description="Magasin central de Guichet.")
    parser.add_argument("--database", default=None, help="URL SQLAlchemy (postgresql://… ; SQLite par défaut)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=_port, default=8765, help="port TCP (1 à 65535)")
    parser.add_argument("--calendar", type=Path, default=None)
    sub = parser.add_subparsers(dest="command")
    electors = sub.add_parser("import-electors", help="charger le registre des électeurs (CSV)")
    electors.add_argument("file", type=Path, nargs="?", help="extrait complet du registre (remplace le précédent)")
    electors.add_argument(
        "--changes",
        type=Path,
        help="fichier des changements (nne;evenement;date_evenement) : décès et pertes des droits civiques (R-ELIG-5)",
    )
    reqs = sub.add_parser("import-requests", help="charger des demandes Maprocuration (JSON)")
    reqs.add_argument("file", type=Path)
    enrol = sub.add_parser(
        "enrol",
        help="enrôler un poste (LIBELLE) ou émettre les jetons d'enrôlement de tout un fichier (--csv)",
    )
    enrol.add_argument("label", nargs="?", help="libellé d'un poste à enrôler tout de suite")
    enrol.add_argument("--csv", type=Path, help="fichier des postes : code;libelle (en-tête obligatoire)")
    enrol.add_argument("--out", type=Path, help="fichier des jetons à écrire (les colonnes jeton;expire_le en plus)")
    enrol.add_argument("--valid-days", type=int, default=30, help="durée de validité des jetons en jours (30)")
    revoke = sub.add_parser("revoke-token", help="révoquer les jetons d'enrôlement non utilisés d'un poste")
    revoke.add_argument("code", help="code du poste")
    review = sub.add_parser("review", help="file de revue : procurations départagées sur une heure signalée")
    review_sub = review.add_subparsers(dest="review_command", required=True)
    listing = review_sub.add_parser("list", help="lister les revues (en attente par défaut)")
    listing.add_argument("--all", action="store_true", help="y compris les revues décidées")
    decide = review_sub.add_parser("decide", help="décider une revue")
    decide.add_argument("id", type=int, help="numéro de la revue")
    decide.add_argument("decision", choices=["maintenue", "contestee"])
    decide.add_argument("--by", required=True, help="identifiant de l'administrateur qui décide")
    decide.add_argument("--note", default=None, help="motif (sans donnée personnelle)")
    decide.add_argument(
        "--vu",
        required=True,
        help="colonne vu de la revue dans « review list » : refusée si son résultat a changé depuis",
    )
    admin_cli.add_parser(sub)
    station = sub.add_parser("station", help="gérer les postes enrôlés")
    station_sub = station.add_subparsers(dest="station_command", required=True)
    station_revoke = station_sub.add_parser(
        "revoke", help="révoquer les jetons d'un poste (ordinateur perdu ou volé) : il devra être réenrôlé"
    )
    station_revoke.add_argument("code", help="code du poste (ou son identifiant)")
    station_kind = station_sub.add_parser(
        "kind",
        help="enregistrer le type de lieu d'un poste enrôlé sans (colonne type absente du fichier des postes)",
    )
    station_kind.add_argument("code", help="code du poste (ou son identifiant)")
    station_kind.add_argument("type", choices=[kind.value for kind in PlaceKind], help="type de lieu du poste")
    station_kind.add_argument(
        "--remplacer", action="store_true", help="changer le type d'un poste qui en a déjà un autre"
    )
    purge = sub.add_parser(
        "purge",
        allow_abbrev=False,  # « --heure » is not « --heure-verifiee »: that flag lifts a safety check, spelt out only
        help="retirer les données personnelles arrivées au terme de leur conservation (R-DATA-2) ; sans danger "
        "pendant le service, à relancer à volonté",
    )
    purge.add_argument(
        "--compact",
        action="store_true",
        help="PostgreSQL : réécrire ensuite les tables purgées (VACUUM FULL) pour que les anciennes versions des "
        "lignes quittent les fichiers de la base ; bloque ces tables le temps de la réécriture (fenêtre de "
        "maintenance)",
    )
    purge.add_argument(
        "--heure-verifiee",
        action="store_true",
        help="l'heure du serveur a été vérifiée : purger même si elle dépasse de plus de deux jours tout ce que la "
        "base a enregistré (dernière purge, dernière entrée reçue, dernier contact d'un poste)",
    )
    serve = sub.add_parser("serve", help="servir l'API (par défaut)")
    serve.add_argument(
        "--demo-data",
        action="store_true",
        help="charger le registre et les demandes de démonstration si le registre est vide",
    )
    serve.add_argument(
        "--purge-hours",
        type=_hours,
        default=None,
        help="période de la purge R-DATA-2 pendant le service, en heures (24 par défaut, 0 avec --demo-data ; 0 : "
        "jamais)",
    )
    serve.add_argument("--tls-cert", type=Path, help="certificat du serveur (PEM) : servir en HTTPS")
    serve.add_argument("--tls-key", type=Path, help="clé privée du certificat (PEM)")
    serve.add_argument(
        "--workers",
        type=_workers,
        default=None,
        help="processus de service (par défaut : min(4, nombre de cœurs) sur PostgreSQL, 1 sur SQLite)",
    )
    serve.add_argument(
        "--max-connections",
        type=_connections,
        default=service.MAX_CONNECTIONS,
        help=f"connexions et requêtes simultanées par processus ; au-delà, réponse 503 immédiate "
        f"({service.MAX_CONNECTIONS} par défaut)",
    )
    serve.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="s'arrêter quand l'entrée standard se ferme : le programme qui l'a lancé s'est terminé (mode "
        "démonstration de Guichet)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `guichet-central` script: bad input gets French and a non-zero code, no traceback."""
    from sqlalchemy.exc import ArgumentError, DBAPIError

    def run() -> int:
        try:
            return _main(argv)
        except ArgumentError:
            print("guichet-central : adresse de base de données invalide (option --database).", file=sys.stderr)
            return 2
        except service.CalendarFileError as exc:  # any command reading --calendar: the file named, nothing done
            print(f"guichet-central : {exc} Rien n'a été modifié.", file=sys.stderr)
            return 2
        except RegisterFromNewerVersion as exc:  # a node of before, restarted during a rolling update
            print(f"guichet-central : {exc}", file=sys.stderr)
            return 2
        except DBAPIError as exc:
            # The driver's message may quote data: only its kind is said.
            print(
                f"guichet-central : la base de données ne répond pas ou refuse l'opération ({type(exc).__name__}) ; "
                "vérifiez l'option --database et que la base est accessible.",
                file=sys.stderr,
            )
            return 2

    return guarded(run, prog="guichet-central")


def _port(text: str) -> int:
    """A TCP port for argparse, refused in French."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port invalide « {text} » (nombre entier attendu)") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port invalide « {text} » (1 à 65535)")
    return value


def _workers(text: str) -> int:
    """A number of serving processes for argparse, refused in French."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre de processus invalide « {text} » (nombre entier attendu)") from None
    if not 1 <= value <= service.MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"nombre de processus invalide « {text} » (1 à {service.MAX_WORKERS})")
    return value


def _connections(text: str) -> int:
    """A number of simultaneous connections for argparse, refused in French."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre de connexions invalide « {text} » (nombre entier attendu)") from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"nombre de connexions invalide « {text} » (1 à 100000)")
    return value


def _hours(text: str) -> float:
    """A purge period in hours for argparse (0: never), refused in French."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"période invalide « {text} » (nombre d'heures attendu)") from None
    if not 0 <= value <= 24 * 366:
        raise argparse.ArgumentTypeError(f"période invalide « {text} » (0 à {24 * 366} heures)")
    return value


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    url = args.database or service.default_database_url()
    if args.command == "import-electors":
        return _import_electors(args, url)
    if args.command == "import-requests":
        return _import(args.command, args.file, url)
    if args.command == "enrol":
        if args.csv is not None or args.out is not None:
            return _enrol_csv(args, url)
        if not args.label:
            print("Indiquez le libellé d'un poste, ou --csv FICHIER --out FICHIER.", file=sys.stderr)
            return 2
        from central.auth import enrol_station
        from central.stations_csv import label_fault

        if (fault := label_fault(args.label)) is not None:
            print(f"Libellé refusé, aucun poste enrôlé : {fault}", file=sys.stderr)
            return 2
        creds = enrol_station(service.open_database(url), label=args.label)
        print(f"station_id={creds.station_id}\ntoken={creds.token}")
        return 0
    if args.command == "review":
        from central.review_cli import run_review

        return run_review(args, service.open_database(url))
    if args.command in ("revoke-token", "station") and (fault := _code_fault(args.code)) is not None:
        print(f"Code du poste refusé, rien n'a été modifié : {fault}", file=sys.stderr)
        return 2
    if args.command == "revoke-token":
        from datetime import UTC, datetime

        from central.enrolment import revoke_station_tokens

        count = revoke_station_tokens(service.open_database(url), args.code, now=datetime.now(UTC))
        if count == 0:
            print(f"Aucun jeton en attente pour le poste « {args.code} ».", file=sys.stderr)
            return 1
        print(f"{count} jeton(s) d'enrôlement révoqué(s) pour le poste « {args.code} ».")
        return 0
    if args.command == "station":
        return _station(args, url)
    if args.command == "admin":
        return admin_cli.run_admin(args, service.open_database(url))
    if args.command == "purge":
        from central.retention import checked_purge, compact

        engine = service.open_database(url)
        done = checked_purge(engine, calendar=service.load_rules(args.calendar).calendar, verified=args.heure_verifiee)
        if isinstance(done, str):  # the server's clock runs far past everything the store recorded
            print(done, file=sys.stderr)
            return 1
        print(done.said())
        if args.compact:
            print(compact(engine))
        return 0
    tls_cert, tls_key = getattr(args, "tls_cert", None), getattr(args, "tls_key", None)
    if (tls_cert is None) != (tls_key is None):
        print("Les options --tls-cert et --tls-key vont ensemble : indiquez les deux.", file=sys.stderr)
        return 2
    for path in (tls_cert, tls_key):
        if path is not None and not path.is_file():
            print(f"Fichier introuvable : {path}.", file=sys.stderr)
            return 2
    if args.calendar is not None:
        service.load_rules(args.calendar)  # checked before the server starts (CalendarFileError); build_app again
    token = os.environ.get(service.ENV_ENROLMENT) or secrets.token_urlsafe(24)
    if not os.environ.get(service.ENV_ENROLMENT):
        print(f"Secret d'enrôlement de cette session : {token}", file=sys.stderr)
    elif (weak := service.weak_secret(token)) is not None:
        print(weak, file=sys.stderr)
        return 2
    try:
        forwarded = admin_attempts.server_settings()
        statement_bound.statement_seconds()  # GUICHET_CENTRAL_STATEMENT_SECONDS, read by each serving process
    except ValueError as exc:  # a trusted proxy that is no address, a bound that is no duration: said before start
        print(str(exc), file=sys.stderr)
        return 2
    from central.lifecycle import ListenRefused, listen, serve

    try:  # the port first: a second `serve` on it touches neither the database nor the folder
        sock = listen(args.host, args.port)
    except ListenRefused as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if getattr(args, "demo_data", False):
        from datetime import UTC, datetime

        from central.embedded import load_demo_data

        # The demo's requests as of today, on this store's calendar: never expired nor past when a demo starts.
        calendar = service.load_rules(args.calendar).calendar
        load_demo_data(service.open_database(url), today=datetime.now(UTC).date(), calendar=calendar)
    # Migrations and the escrow key once, here, before any worker process starts: workers never race on them.
    app = service.build_app(url, enrolment_token=token, calendar_file=args.calendar)
    workers = getattr(args, "workers", None) or service.default_workers(url)
    _schedule_purge(args, url)
    certfile, keyfile = (str(tls_cert) if tls_cert else None), (str(tls_key) if tls_key else None)
    options = {
        "host": args.host,
        "port": args.port,
        "log_level": "warning",
        "access_log": False,
        "ssl_certfile": certfile,
        "ssl_keyfile": keyfile,
        # A flood of connections gets an immediate 503 (retried by stations) instead of queuing every station behind
        # it; with the bounded body pace and one push per station (central/limits.py; sync/security audit).
        "limit_concurrency": getattr(args, "max_connections", None) or service.MAX_CONNECTIONS,
        **service.server_stack(),  # httptools and uvloop when installed (issue 21)
        # X-Forwarded-For believed from GUICHET_CENTRAL_TRUSTED_PROXIES only (central/admin_attempts.py)
        **forwarded,
    }
    stdin = getattr(args, "exit_with_stdin", False)
    if workers == 1:
        collector.tune()  # the serving process (central/collector.py); workers tune their own (served_app)
        return serve(app, sock=sock, workers=1, with_stdin=stdin, **options)
    # Each worker process builds its own application from the environment (central.lifecycle:served_app).
    os.environ[service.ENV_DATABASE] = url
    os.environ[service.ENV_ENROLMENT] = token
    if args.calendar is not None:
        os.environ[service.ENV_CALENDAR] = str(args.calendar.resolve())
    return serve(None, sock=sock, workers=workers, with_stdin=stdin, **options)


def _code_fault(code: str) -> str | None:
    """Why a station code or id typed on the command line cannot name a station (no label holds a control character
    nor more than 200 characters; PostgreSQL refuses a NUL), in French, or None."""
    from central.stations_csv import MAX_LABEL
    from desktop.rules.textlimits import desk_forbidden

    # Nor an invisible or direction-changing one (a stations file's code and label never do): echoed in the answer,
    # « ‮PN-0007 » turned the rest of the administrator's line around.
    if any(desk_forbidden(c) for c in code):
        return "caractère de contrôle, invisible ou de direction interdit dans le code du poste (tabulation…)."
    if len(code) > MAX_LABEL:
        return f"code du poste trop long ({len(code)} caractères, {MAX_LABEL} au plus)."
    return None


def _schedule_purge(args: argparse.Namespace, url: str) -> None:
    """R-DATA-2 while serving: one purge thread in this process (not one per worker), every `--purge-hours`; none by
    default with `--demo-data`, whose fictitious requests (some made months ago) the demo needs to keep."""
    from datetime import timedelta

    from central.retention import EVERY_HOURS, start_schedule

    hours = getattr(args, "purge_hours", None)
    every = (0.0 if getattr(args, "demo_data", False) else EVERY_HOURS) if hours is None else hours
    if every > 0:
        calendar = service.load_rules(args.calendar).calendar
        start_schedule(service.open_database(url), calendar, every=timedelta(hours=every))


def _import_electors(args: argparse.Namespace, url: str) -> int:
    """The register extract, then the change file: deaths and losses of civic rights annul procurations."""
    if args.file is None and args.changes is None:
        print("Indiquez le fichier du registre, ou --changes FICHIER.", file=sys.stderr)
        return 2
    # The calendar first: refused (CalendarFileError), it must not leave the register replaced and the changes not.
    rules = service.load_rules(args.calendar) if args.changes is not None else None
    if args.file is not None and (code := _import("import-electors", args.file, url)) != 0:
        return code
    if args.changes is None or rules is None:
        return 0
    from datetime import UTC, datetime

    from central.annulment import ChangeFileError, import_changes
    from desktop.cli.french import os_error

    try:
        report = import_changes(service.open_database(url), args.changes, rules=rules, now=datetime.now(UTC))
    except ChangeFileError as exc:
        print(f"Fichier {args.changes} refusé, rien n'a été modifié : {exc}.", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"Fichier {args.changes} refusé, rien n'a été modifié : il n'est pas en UTF-8.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Fichier {args.changes} illisible, rien n'a été modifié : {os_error(exc)}", file=sys.stderr)
        return 2
    print(f"{report.events} changement(s) enregistré(s), {report.annulled} procuration(s) annulée(s).")
    return 0


def _import(command: str, path: Path, url: str) -> int:
    """`import-electors` / `import-requests`: the whole file is checked first; a refused file changes nothing."""
    from central.queries import import_requests
    from central.register import RegisterError, import_electors
    from desktop.cli.french import os_error
    from desktop.sync.wire import WireError

    what = "électeurs" if command == "import-electors" else "demandes"
    try:
        engine = service.open_database(url)
        with engine.begin() as conn:
            count = import_electors(conn, path) if command == "import-electors" else import_requests(conn, path)
    except (RegisterError, WireError) as exc:
        print(f"Fichier {path} refusé, rien n'a été modifié : {exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"Fichier {path} refusé, rien n'a été modifié : il n'est pas en UTF-8.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Fichier {path} illisible, rien n'a été modifié : {os_error(exc)}", file=sys.stderr)
        return 2
    print(f"{count} {what} chargé{'e' if what == 'demandes' else ''}s.")
    return 0


def _station(args: argparse.Namespace, url: str) -> int:
    """`station revoke CODE`: every token of that station stops working at once. `station kind CODE TYPE`: its
    procurations are checked against that kind of place from now on (central/places.py)."""
    from datetime import UTC, datetime

    from central.auth import revoke_station

    if args.station_command == "kind":
        return _station_kind(args, url)

    count = revoke_station(service.open_database(url), args.code, now=datetime.now(UTC))
    if count == 0:
        print(f"Aucun poste enrôlé ne porte le code « {args.code} ».", file=sys.stderr)
        return 1
    print(
        f"Jetons révoqués pour {count} poste(s) « {args.code} » : ses appels sont refusés dès maintenant. "
        "Pour le remettre en service, émettez-lui un nouveau jeton d'enrôlement (enrol --csv)."
    )
    return 0


def _station_kind(args: argparse.Namespace, url: str) -> int:
    from central.places import set_kind

    kind = PlaceKind(args.type)
    count, held = set_kind(service.open_database(url), args.code, kind, replace=args.remplacer)
    if held and not args.remplacer:
        kinds = ", ".join(sorted({PlaceKind(k).label if k in set(PlaceKind) else k[:40] for k in held.values()}))
        print(
            f"Le poste « {args.code} » est déjà enregistré comme « {kinds} » : rien n'a été modifié. Ajoutez "
            "--remplacer pour le changer.",
            file=sys.stderr,
        )
        return 1
    if count == 0:
        print(f"Aucun poste enrôlé ne porte le code « {args.code} ».", file=sys.stderr)
        return 1
    print(
        f"Type de lieu « {kind.label} » enregistré pour {count} poste(s) « {args.code} » : ses procurations sont "
        "vérifiées contre lui dès maintenant."
    )
    return 0


def _enrol_csv(args: argparse.Namespace, url: str) -> int:
    """`enrol --csv stations.csv --out tokens.csv`: check the whole file, then one token per station."""
    from central.enrolment import MAX_VALID_DAYS, OutputExists, enrol_from_csv
    from central.stations_csv import StationsFileError

    if args.label or args.csv is None or args.out is None:
        print(
            "Indiquez le fichier des postes et celui des jetons : "
            "guichet-central enrol --csv postes.csv --out jetons.csv [--valid-days N]",
            file=sys.stderr,
        )
        return 2
    if not 1 <= args.valid_days <= MAX_VALID_DAYS:
        print(f"--valid-days doit être entre 1 et {MAX_VALID_DAYS}.", file=sys.stderr)
        return 2
    if args.out.exists():
        print(
            f"{args.out} existe déjà : choisissez un autre fichier (ses jetons sont peut-être distribués).",
            file=sys.stderr,
        )
        return 2
    try:
        issued = enrol_from_csv(service.open_database(url), args.csv, args.out, valid_days=args.valid_days)
    except StationsFileError as exc:
        print(f"Fichier {args.csv} refusé, aucun jeton émis :\n{exc}", file=sys.stderr)
        return 2
    except OutputExists:
        print(f"{args.out} existe déjà : aucun jeton émis.", file=sys.stderr)
        return 2
    print(
        f"{issued.count} jeton(s) d'enrôlement écrit(s) dans {issued.out}, valables jusqu'au "
        f"{issued.expires_at:%d/%m/%Y à %H:%M} UTC. Ce fichier contient des secrets : remettez chaque jeton "
        "à son poste (fichier enrolment.token), puis détruisez-le."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
