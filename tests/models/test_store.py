"""The local store: encrypted at rest, WAL + synchronous=FULL, aware UTC times."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import subprocess
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.keystore.files import StationFileStore
from desktop.models import Elector
from desktop.models.db import Store, StoreError, open_store
from desktop.models.keys import StaticKeyProvider, StoredKeyProvider


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


def test_stored_provider_creates_the_key_once_in_the_secret_store(tmp_path: Path) -> None:
    provider = StoredKeyProvider(StationFileStore(tmp_path / "keys"))
    key = provider.database_key()
    assert len(key) == 32 and provider.database_key() == key
    assert stat.S_IMODE((tmp_path / "keys" / "database.key").stat().st_mode) == 0o600  # not a shared folder
    assert StoredKeyProvider(StationFileStore(tmp_path / "keys")).database_key() == key  # another process
    assert "fichier protégé" in provider.description
