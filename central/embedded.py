"""The embedded central store: uvicorn in a background thread on 127.0.0.1 over an SQLite file (demo, one site)."""

from __future__ import annotations

import json
import secrets
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine, func, select

from central import admin_attempts
from central.app import create_app
from central.apply import Rules
from central.queries import import_requests, import_requests_data
from central.register import import_electors
from central.register_api import create_register_router
from central.schema import electors
from central.service import load_rules, open_database, security_router
from central.throttle import Limits
from desktop import resources
from desktop.rules.calendar import ElectionCalendar


@dataclass(frozen=True, slots=True)
class Embedded:
    """A running central store: where it listens, its enrolment secret, its engine, and how to stop it."""

    base_url: str
    enrolment_token: str
    engine: Engine
    stop: Callable[[], None]


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:
        """Signals belong to the host application, not to a background thread."""


def serve_in_thread(app: FastAPI, *, host: str = "127.0.0.1", port: int = 0) -> tuple[str, Callable[[], None]]:
    """Serve `app` from a daemon thread; returns the base URL and a stop function (blocks until stopped)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    # log_config=None: the host application's logging gets uvicorn's records (and the tests' PII guard sees them).
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_keep_alive=30,
        log_config=None,
        **admin_attempts.server_settings(),  # as `serve`: no X-Forwarded-For believed unless configured
    )
    server = _Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="guichet-central", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the embedded central store did not start")
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

    return f"http://{host}:{bound_port}", stop


def load_demo_data(engine: Engine, *, today: date | None = None, calendar: ElectionCalendar | None = None) -> None:
    """Load the demo register and Maprocuration requests when the register is empty; with `today` and `calendar`,
    the requests as of that day (central/demo_requests.py), else as the file has them."""
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(electors)).scalar_one() == 0:
            import_electors(conn, resources.path("demo", "electors.csv"))
            path = resources.path("demo", "requests.json")
            if today is None or calendar is None:
                import_requests(conn, path)
                return
            from central.demo_requests import requests_on

            items = requests_on(json.loads(path.read_bytes()), today, calendar)
            import_requests_data(conn, json.dumps(items, ensure_ascii=False).encode("utf-8"))


def start_embedded(
    database: Path | str,
    *,
    demo_data: bool = True,
    rules: Rules | None = None,
    port: int = 0,
    folder: Path | None = None,
    limits: Limits | None = None,
) -> Embedded:
    """Start a central store on 127.0.0.1 over an SQLite file (or any URL); nothing to configure.

    The security routes are mounted too (agents, reset codes, escrow): their key and mail folder go to `folder`,
    by default beside the SQLite file, or a throw-away folder for a database URL.
    """
    url = database if isinstance(database, str) and "://" in database else f"sqlite:///{database}"
    engine = open_database(url)
    if demo_data:
        load_demo_data(engine)
    throwaway = folder is None and "://" in str(database)
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="central-")) if throwaway else Path(database).parent
    security = security_router(engine, folder, limits=limits)
    token = secrets.token_urlsafe(24)
    rules = rules or load_rules()
    register = create_register_router(engine, rules, admin_secret=token)  # R-ELIG-5 reports
    app = create_app(engine, rules, enrolment_token=token, routers=[security, register], limits=limits)
    base_url, stop_server = serve_in_thread(app, port=port)

    def stop() -> None:
        stop_server()
        engine.dispose()
        if throwaway:
            shutil.rmtree(folder, ignore_errors=True)

    return Embedded(base_url=base_url, enrolment_token=token, engine=engine, stop=stop)
