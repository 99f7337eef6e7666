"""Test-wide setup: offscreen Qt unless a display is set, an in-memory keyring, fresh migrated stores."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
os.environ["GUICHET_CONFIG"] = os.path.join(os.environ["XDG_CONFIG_HOME"], "absent-machine.toml")

from desktop.models.db import Store, open_store
from desktop.models.keys import StaticKeyProvider

pytest_plugins = ["security.pii_guard"]  # scans every log record of the session for test identities
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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI a skip is a failure: a missing pcscd, PostgreSQL, poppler or zbar must not pass unnoticed."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (CI is set): {reason}"
