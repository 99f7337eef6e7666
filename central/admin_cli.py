"""`guichet-central admin …`: the administrators' named accounts, managed on the server (central/admin_accounts.py).

`add LOGIN --nom "Prénom Nom"`, `password LOGIN`, `remove LOGIN`, `unblock LOGIN` (lift a wait after refused
sign-ins), `signout LOGIN` (end every open session: a lost laptop), `list`, `events`. A password is asked twice on a
terminal, read from one line of standard input otherwise (a script), or generated and shown once (`--generer`).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime

from sqlalchemy import Engine

from central import admin_accounts as accounts
from central.national import ZONE
from desktop.security.passwords import generate_password


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    admin = sub.add_parser("admin", help="comptes nominatifs des administrateurs (pages /admin)")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    add = admin_sub.add_parser("add", help="créer le compte d'un administrateur")
    add.add_argument("login", help="identifiant (a-z, 0-9, . _ -)")
    add.add_argument("--nom", required=True, help="prénom et nom de l'administrateur")
    add.add_argument("--generer", action="store_true", help="générer le mot de passe et l'afficher une fois")
    password = admin_sub.add_parser("password", help="donner un nouveau mot de passe (ses sessions prennent fin)")
    password.add_argument("login")
    password.add_argument("--generer", action="store_true", help="générer le mot de passe et l'afficher une fois")
    remove = admin_sub.add_parser("remove", help="retirer un compte (ses sessions prennent fin)")
    remove.add_argument("login")
    unblock = admin_sub.add_parser("unblock", help="lever l'attente d'un compte après des essais refusés")
    unblock.add_argument("login")
    signout = admin_sub.add_parser(
        "signout",
        help="fermer toutes les sessions ouvertes d'un compte (poste perdu ou volé), sans changer son mot de passe",
    )
    signout.add_argument("login")
    admin_sub.add_parser("list", help="lister les comptes")
    admin_sub.add_parser("events", help="les derniers événements des comptes (connexions, changements)")


def run_admin(args: argparse.Namespace, engine: Engine) -> int:
    accounts.create_admin_schema(engine)
    now = datetime.now(UTC)
    try:
        if args.admin_command == "add":
            secret = _password(args.generer)
            login = accounts.add_account(engine, login=args.login, name=args.nom, password=secret, now=now)
            _said_generated(args.generer, secret)
            print(f"Compte « {login} » créé : le secret d'administration n'ouvre plus les pages /admin.")
        elif args.admin_command == "password":
            secret = _password(args.generer)
            accounts.set_password(engine, login=args.login, password=secret, now=now)
            _said_generated(args.generer, secret)
            print(f"Mot de passe de « {args.login.strip().lower()} » changé ; ses sessions ouvertes prennent fin.")
        elif args.admin_command == "remove":
            accounts.remove_account(engine, login=args.login, now=now)
            print(f"Compte « {args.login.strip().lower()} » retiré ; ses sessions ouvertes prennent fin.")
        elif args.admin_command == "unblock":
            accounts.unblock(engine, login=args.login, now=now)
            print(
                f"Attente de « {args.login.strip().lower()} » levée (toutes adresses) : la connexion est de nouveau "
                "possible."
            )
        elif args.admin_command == "signout":
            accounts.end_sessions(engine, login=args.login, now=now)
            print(
                f"Toutes les sessions de « {args.login.strip().lower()} » prennent fin. Si son mot de passe a pu être "
                "vu, donnez-en un nouveau (admin password)."
            )
        elif args.admin_command == "list":
            _list(engine, now)
        else:
            for at, login, action in accounts.events(engine):
                print(f"{_when(at)}\t{login}\t{action}")
    except accounts.AdminAccountError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def _list(engine: Engine, now: datetime) -> None:
    found = accounts.list_accounts(engine)
    if not found:
        print("Aucun compte : le secret d'administration ouvre les pages /admin.")
        return
    for a in found:
        state = "actif" if a.active else "retiré"
        if a.active and a.blocked_until is not None and a.blocked_until > now:
            state += f", en attente jusqu'à {_when(a.blocked_until)}"
        last = _when(a.last_login_at) if a.last_login_at else "jamais"
        print(f"{a.login}\t{a.name}\t{state}\tdernière connexion : {last}")


def _password(generated: bool) -> str:
    if generated:
        return generate_password()
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Le même, à nouveau : ") != first:
        raise accounts.AdminAccountError("Les deux saisies diffèrent : rien n'est changé.")
    return first


def _said_generated(generated: bool, secret: str) -> None:
    if generated:
        print(f"Mot de passe (affiché une seule fois, à remettre à l'administrateur) : {secret}")


def _when(moment: datetime) -> str:
    return moment.astimezone(ZONE).strftime("%d/%m/%Y %H:%M")
