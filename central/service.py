"""Assembling the central store: database URL, calendar, schema, application."""

from __future__ import annotations

import json
import os
import secrets
from email.message import EmailMessage
from importlib.util import find_spec
from pathlib import Path

from fastapi import APIRouter, FastAPI
from platformdirs import user_data_dir
from sqlalchemy import Engine

from central import admin_attempts, collector
from central.app import create_app
from central.apply import Rules
from central.db import create_schema, make_engine
from central.register_api import create_register_router
from central.security import Deliver, EscrowKeys, create_router, create_security_schema
from central.security_keys import escrow_derived
from central.throttle import Limits
from desktop import resources
from desktop.cli.french import os_error
from desktop.givenfile import MB, read_given
from desktop.privatefile import write_private
from desktop.rules.calendar import CalendarError, parse_calendar

ENV_DATABASE = "GUICHET_CENTRAL_DATABASE"
ENV_ENROLMENT = "GUICHET_CENTRAL_ENROLMENT_TOKEN"
ENV_DATA_DIR = "GUICHET_CENTRAL_DATA_DIR"
ENV_CALENDAR = "GUICHET_CENTRAL_CALENDAR"
MAX_WORKERS = 64
# Connections and requests one serving process takes at once (uvicorn's limit_concurrency): past it, an immediate 503.
MAX_CONNECTIONS = 1000
# The administrative secret opens enrolment and every administrator's route and page, guessed online with no other
# factor: `serve` refuses one under 32 characters or with under 10 different ones (the package makes 48 hex digits,
# `serve` without one 32 URL-safe characters: 192 bits; central audit, 4 December 2026).
MIN_SECRET_LENGTH = 32
MIN_SECRET_SYMBOLS = 10
CALENDAR_MAX_BYTES = 16 * MB  # the shipped calendar is a few kilobytes; what is larger is no calendar


def weak_secret(secret: str) -> str | None:
    """Why this administrative secret is refused, in French; None when it is long and varied enough."""
    if len(secret) < MIN_SECRET_LENGTH or len(set(secret)) < MIN_SECRET_SYMBOLS:
        return (
            f"Secret d'administration trop faible ({ENV_ENROLMENT}) : {MIN_SECRET_LENGTH} caractères au moins, dont "
            f"{MIN_SECRET_SYMBOLS} différents. Générez-en un, par exemple avec « openssl rand -hex 24 », ou "
            "retirez la variable pour qu'un secret soit tiré au démarrage."
        )
    return None


def default_database_url() -> str:
    """The embedded default: an SQLite file in the platform's data directory (env var overrides)."""
    if os.environ.get(ENV_DATABASE):
        return os.environ[ENV_DATABASE]
    folder = Path(user_data_dir("guichet-central", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'central.sqlite3'}"


def default_workers(url: str) -> int:
    """Serving processes by default: min(4, cores) on PostgreSQL; one on SQLite, whose single writer lock would
    make several processes queue for every batch (safe, BEGIN IMMEDIATE, but no faster)."""
    if url.startswith("sqlite"):
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def server_stack() -> dict[str, str]:
    """uvicorn's HTTP parser and event loop for `serve`: the compiled ones of the `central` extra (httptools, uvloop)
    when installed, else its pure-Python h11 and asyncio's own loop (the same protocol, more CPU per request)."""
    return {
        "http": "httptools" if find_spec("httptools") is not None else "h11",
        "loop": "uvloop" if find_spec("uvloop") is not None else "asyncio",
    }


def served_app() -> FastAPI:
    """The application of one `serve --workers N` process (uvicorn's factory), configured by the parent's environment.

    The parent has run the migrations and created the escrow key before any worker starts (central/__main__.py): a
    worker finds every table and the key in place.
    """
    calendar = os.environ.get(ENV_CALENDAR)
    app = build_app(
        os.environ[ENV_DATABASE],
        enrolment_token=os.environ[ENV_ENROLMENT],
        calendar_file=Path(calendar) if calendar else None,
    )
    collector.tune()  # what start-up built is frozen; the batches' objects are collected less often
    return app


class CalendarFileError(ValueError):
    """The `--calendar` file is refused: the French sentence names the file and says why (and where, in its JSON)."""


def load_rules(calendar_file: Path | None = None) -> Rules:
    """Load the election calendar once, at start-up: a given file, else the one shipped in the package.

    A given file that cannot be used raises CalendarFileError, whichever command reads it (`serve`, `purge`,
    `import-electors --changes`): `purge` said « erreur interne » for a truncated file and blamed « un texte saisi »
    for one in UTF-16."""
    if calendar_file is None:
        return Rules(calendar=parse_calendar(json.loads(resources.read_text("elections.json"))))
    try:
        data = json.loads(read_given(calendar_file, limit=CALENDAR_MAX_BYTES).decode("utf-8-sig"))
        return Rules(calendar=parse_calendar(data))
    except OSError as exc:
        why = os_error(exc)
    except UnicodeDecodeError:
        why = "il n'est pas en UTF-8."
    except json.JSONDecodeError as exc:
        why = f"JSON mal formé ligne {exc.lineno}, colonne {exc.colno}."
    except RecursionError:
        why = "JSON imbriqué trop profondément."
    except CalendarError as exc:
        why = f"{exc}."
    except (TypeError, KeyError, ValueError):
        why = "mal formé (JSON du calendrier attendu)."
    raise CalendarFileError(f"Calendrier électoral {calendar_file} refusé (option --calendar) : {why}")


def open_database(url: str) -> Engine:
    """Engine with the schema in place."""
    engine = make_engine(url)
    create_schema(engine)
    return engine


def data_dir() -> Path:
    """The central store's own folder (escrow key, mail pickup directory)."""
    folder = Path(os.environ.get(ENV_DATA_DIR) or user_data_dir("guichet-central", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def mail_spool(directory: Path) -> Deliver:
    """Reset codes go to a pickup directory as e-mails, for the site's mail relay (no SMTP credentials here)."""

    def deliver(agent_id: str, email: str | None, code: str) -> None:
        if email is None:
            return  # no e-mail on file: a supervisor resets the password (spec/security.md)
        directory.mkdir(parents=True, exist_ok=True)
        message = EmailMessage()
        message["To"] = email
        message["From"] = "no-reply@guichet.interieur.gouv.fr"
        message["Subject"] = "Guichet : code de réinitialisation de votre mot de passe"
        message.set_content(
            "Bonjour,\n\nVoici votre code de réinitialisation, valable 15 minutes et utilisable une seule fois :\n\n"
            f"    {code}\n\nSi vous n'avez rien demandé, prévenez votre responsable.\n"
        )
        write_private(directory / f"{secrets.token_hex(8)}.eml", bytes(message))

    return deliver


def security_router(engine: Engine, folder: Path, *, limits: Limits | None = None) -> APIRouter:
    """The security routes (agents, reset codes, escrow, audit anchors) over the store's escrow key in `folder`, and
    the secrets every node derives from that key alike (the administrators' unknown logins' counter key)."""
    create_security_schema(engine)
    escrow = EscrowKeys.load_or_create(folder / "escrow.key")
    admin_attempts.key_unknown_logins(engine, escrow_derived(escrow, b"guichet central unknown logins v1"))
    return create_router(engine, escrow, deliver=mail_spool(folder / "courriels"), limits=limits)


def build_app(
    url: str,
    *,
    enrolment_token: str,
    calendar_file: Path | None = None,
    folder: Path | None = None,
    limits: Limits | None = None,
) -> FastAPI:
    """The ready-to-serve application, with the security routes (agents, reset codes, escrow, audit anchors)."""
    engine = open_database(url)
    security = security_router(engine, folder or data_dir(), limits=limits)
    rules = load_rules(calendar_file)
    register = create_register_router(engine, rules, admin_secret=enrolment_token)  # R-ELIG-5 reports
    return create_app(engine, rules, enrolment_token=enrolment_token, routers=[security, register], limits=limits)
