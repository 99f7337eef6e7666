"""Assembling the central store: database URL, calendar, schema, application."""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastapi import FastAPI
from platformdirs import user_data_dir
from sqlalchemy import Engine

from central.app import create_app
from central.apply import Rules
from central.db import create_schema, make_engine
from desktop.rules.calendar import parse_calendar

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
CALENDAR_FILE = RESOURCES / "elections.json"
ENV_DATABASE = "GUICHET_CENTRAL_DATABASE"
ENV_ENROLMENT = "GUICHET_CENTRAL_ENROLMENT_TOKEN"


def default_database_url() -> str:
    """The embedded default: an SQLite file in the platform's data directory (env var overrides)."""
    if os.environ.get(ENV_DATABASE):
        return os.environ[ENV_DATABASE]
    folder = Path(user_data_dir("guichet-central", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'central.sqlite3'}"


def load_rules(calendar_file: Path = CALENDAR_FILE) -> Rules:
    """Load the election calendar once, at start-up."""
    return Rules(calendar=parse_calendar(json.loads(calendar_file.read_text(encoding="utf-8"))))


def open_database(url: str) -> Engine:
    """Engine with the schema in place."""
    engine = make_engine(url)
    create_schema(engine)
    return engine


def build_app(url: str, *, enrolment_token: str, calendar_file: Path = CALENDAR_FILE) -> FastAPI:
    """The ready-to-serve application."""
    return create_app(open_database(url), load_rules(calendar_file), enrolment_token=enrolment_token)
