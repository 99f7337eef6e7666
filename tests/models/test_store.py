"""The local store: encrypted at rest, WAL + synchronous=FULL, aware UTC times."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import Elector
from desktop.models.db import Store, StoreError, open_store
from desktop.models.keys import FileKeyProvider, KeyringKeyProvider, StaticKeyProvider, default_key_provider


def _elector(eid: str = "e1") -> Elector:
    return Elector(
        id=eid,
        nne="012345678",
        last_name="MARTIN",
        given_names="Claire",
        birth_date=date(1990, 1, 15),
        search_name="MARTIN CLAIRE",
        eu_citizen=False,
        created_at=datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
    )


def test_pragmas_wal_and_synchronous_full(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_file_is_not_readable_by_plain_sqlite(store: Store, tmp_path: Path) -> None:
    with store.session() as s, s.begin():
        s.add(_elector())
    store.checkpoint()
    path = tmp_path / "guichet.db"
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"MARTIN" not in raw and b"012345678" not in raw
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()
    if shutil.which("sqlite3"):
        result = subprocess.run(["sqlite3", str(path), ".tables"], capture_output=True, text=True)
        assert result.returncode != 0
        assert "not a database" in result.stderr


def test_wrong_key_is_refused(store: Store, tmp_path: Path) -> None:
    with store.session() as s, s.begin():
        s.add(_elector())
    store.close()
    with pytest.raises(StoreError):
        open_store(tmp_path / "guichet.db", StaticKeyProvider(b"\x01" * 32))


def test_right_key_reopens_and_reads(store: Store, store_key: bytes, tmp_path: Path) -> None:
    with store.session() as s, s.begin():
        s.add(_elector())
    store.close()
    again = open_store(tmp_path / "guichet.db", StaticKeyProvider(store_key))
    with again.session() as s:
        assert s.scalar(select(Elector.last_name)) == "MARTIN"
    again.close()


def test_times_come_back_aware_utc(store: Store) -> None:
    paris = timezone(timedelta(hours=1))
    e = _elector()
    e.created_at = datetime(2026, 11, 24, 9, 0, tzinfo=paris)
    with store.session() as s, s.begin():
        s.add(e)
    with store.session() as s:
        got = s.scalar(select(Elector.created_at))
    assert got == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert got is not None and got.tzinfo is UTC


def test_naive_datetime_is_refused(store: Store) -> None:
    e = _elector()
    e.created_at = datetime(2026, 11, 24, 9, 0)
    with pytest.raises(Exception, match="naive"), store.session() as s, s.begin():
        s.add(e)


def test_keyring_provider_creates_then_returns_the_same_key(memory_keyring: object) -> None:
    provider = KeyringKeyProvider("75056-01")
    first = provider.database_key()
    assert len(first) == 32
    assert provider.database_key() == first
    assert default_key_provider("75056-01", Path("/nonexistent")).database_key() == first


def test_file_provider_is_owner_only(tmp_path: Path) -> None:
    provider = FileKeyProvider(tmp_path / "keys" / "database.key")
    key = provider.database_key()
    assert (tmp_path / "keys" / "database.key").stat().st_mode & 0o777 == 0o600
    assert FileKeyProvider(tmp_path / "keys" / "database.key").database_key() == key
    assert "fichier protégé" in provider.description


def test_no_keystore_falls_back_to_the_key_file(tmp_path: Path) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    provider = default_key_provider("75056-01", tmp_path)
    assert isinstance(provider, FileKeyProvider)
