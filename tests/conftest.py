"""Test-wide setup: offscreen Qt unless a display is set, an in-memory keyring, fresh migrated stores."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

if not os.environ.get("DISPLAY"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # forced: tests never need a screen
# Never read the developer's own configuration or preferences, never write the machine's station folder
# (/var/lib/guichet): the process's defaults point into a throw-away folder.
os.environ.pop("GUICHET_CONFIG", None)
os.environ["GUICHET_DATA_DIR"] = tempfile.mkdtemp(prefix="guichet-tests-data-")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="guichet-tests-config-")  # preferences.toml (platformdirs)
# An empty machine file of the tests' own (a GUICHET_CONFIG naming no file is an error since session 29).
os.environ["GUICHET_CONFIG"] = os.path.join(os.environ["XDG_CONFIG_HOME"], "tests-machine.toml")

import datekit
from fastapi import FastAPI

import central.embedded
import central.service
from central.apply import Rules
from desktop.models.db import Store, open_store
from desktop.models.keys import StaticKeyProvider

Path(os.environ["GUICHET_CONFIG"]).touch(mode=0o600)  # empty: settings are read at start-up, not at import

# The central store dates every act by the real clock: the stores the tests start (start_embedded, build_app, the
# served workers of `central serve` through GUICHET_CENTRAL_CALENDAR) take by default the shipped calendar as seen
# today (tests/datekit.py), so that no test goes red on a given day. A test giving its own rules or calendar file
# keeps them; `load_rules()` itself still reads the shipped calendar, for the tests whose clock is pinned.
LIVE_CALENDAR = datekit.write_live_calendar(Path(os.environ["XDG_CONFIG_HOME"]) / "elections-seen-today.json")
os.environ[central.service.ENV_CALENDAR] = str(LIVE_CALENDAR)
_shipped_build_app = central.service.build_app


def _rules_seen_today(calendar_file: Path | None = None) -> Rules:
    return central.service.load_rules(calendar_file or LIVE_CALENDAR)


def _app_seen_today(url: str, *, calendar_file: Path | None = None, **options: Any) -> FastAPI:
    return _shipped_build_app(url, calendar_file=calendar_file or LIVE_CALENDAR, **options)


central.embedded.load_rules = _rules_seen_today  # type: ignore[assignment]
central.service.build_app = _app_seen_today  # type: ignore[assignment]

pytest_plugins = ["security.pii_guard", "diskkit", "workerskit"]  # the PII guard over every log record; `small_disk`
TEST_KEY = bytes.fromhex("5a" * 32)


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in memory: tests never touch an OS keystore."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture(scope="session", autouse=True)
def _sandbox_folders() -> Iterator[None]:
    """Remove the session's throw-away data and preferences folders at the end."""
    yield
    for var in ("GUICHET_DATA_DIR", "XDG_CONFIG_HOME"):
        shutil.rmtree(os.environ[var], ignore_errors=True)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def store_key() -> bytes:
    """The key of the `store` fixture's database."""
    return TEST_KEY


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head per test session; each test copies it (migrations run once)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    store = open_store(path, StaticKeyProvider(TEST_KEY))
    store.checkpoint()
    store.close()
    return path


@pytest.fixture
def store(store_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated, encrypted store for one test."""
    path = tmp_path / "guichet.db"
    shutil.copyfile(store_template, path)
    opened = open_store(path, StaticKeyProvider(TEST_KEY), migrate=False)
    yield opened
    opened.close()


# A test that uses one of these fixtures starts a server, a process or a system service: it is `slow`, so that
# `pytest -m "not slow"` is the quick run of the README. `_quick_tests_start_nothing` catches the ones missed here.
SERVICE_FIXTURES = frozenset(
    {
        "pcscd",
        "pcsc_reader",
        "insert_card",
        "pg",
        "pg_central",
        "sqlite_central",
        "central",
        "central_server",
        "central_url",
        "two_processes",
        "net_printer",
        "shim",
    }
)
# Tools a quick test may run: they read a file and exit (receipts read back as a person would).
QUICK_TOOLS = frozenset({"pdftoppm", "pdftotext", "pdfinfo", "zbarimg", "sqlite3", "git"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        uses_service = SERVICE_FIXTURES & set(getattr(item, "fixturenames", ()))
        if uses_service or item.get_closest_marker("pcsc") or item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _quick_tests_start_nothing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test not marked slow may not listen on a socket or start a process other than a quick tool."""
    if request.node.get_closest_marker("slow"):
        return
    real_popen_init = subprocess.Popen.__init__
    name = request.node.nodeid

    def popen_init(self: subprocess.Popen[bytes], args: Any, *rest: Any, **kwargs: Any) -> None:
        first = args if isinstance(args, str) else (next(iter(args)) if args else "")
        if Path(str(first)).name not in QUICK_TOOLS:
            raise AssertionError(f"{name} starts {Path(str(first)).name}: mark it @pytest.mark.slow")
        real_popen_init(self, args, *rest, **kwargs)

    def listen(self: socket.socket, *args: Any) -> None:
        raise AssertionError(f"{name} listens on a socket: mark it @pytest.mark.slow")

    monkeypatch.setattr(subprocess.Popen, "__init__", popen_init)
    monkeypatch.setattr(socket.socket, "listen", listen)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI a skip is a failure: a missing pcscd, PostgreSQL, poppler or zbar must not pass unnoticed."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (CI is set): {reason}"


@pytest.fixture(autouse=True)
def _messages_back_in_french() -> Iterator[None]:
    """A test that switches the messages to English (desktop.i18n) cannot leak it into the next one."""
    yield
    from desktop import i18n

    if i18n.language() != i18n.SOURCE_LANGUAGE:
        i18n.set_language(i18n.SOURCE_LANGUAGE)
