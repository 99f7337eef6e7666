"""`guichet store`: where a store stands, and its migration, with the key in a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.cli.store import EXIT_OK, EXIT_USAGE, main
from desktop.models.migrate import head_revision

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def old_store(tmp_path: Path) -> tuple[Path, Path]:
    database = tmp_path / "guichet.db"
    shutil.copyfile(FIXTURES / "store_0001.db", database)
    key = tmp_path / "database.key"
    shutil.copyfile(FIXTURES / "store_0001.key", key)
    return database, key


def test_status_reports_the_revision_without_migrating(
    old_store: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    database, key = old_store
    assert main(["--database", str(database), "--key-file", str(key), "status"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"Révision du schéma : 0001 (à migrer vers {head_revision()})" in out
    assert "Procurations : 1" in out and "Électeurs : 2" in out
    assert main(["--database", str(database), "--key-file", str(key), "status"]) == EXIT_OK
    assert "0001" in capsys.readouterr().out  # still not migrated


def test_migrate_brings_the_store_to_head_and_keeps_its_rows(
    old_store: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    database, key = old_store
    assert main(["--database", str(database), "--key-file", str(key), "migrate"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"Révision du schéma : {head_revision()} (à jour)" in out
    assert "Procurations : 1" in out and "Électeurs : 2" in out


def test_a_wrong_key_is_refused_in_french(
    old_store: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, _ = old_store
    wrong = tmp_path / "wrong.key"
    wrong.write_text("ab" * 32)
    assert main(["--database", str(database), "--key-file", str(wrong), "status"]) == EXIT_USAGE
    assert "ne s'ouvre pas avec cette clé" in capsys.readouterr().err


def test_a_missing_database_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "k"
    key.write_text("ab" * 32)
    assert main(["--database", str(tmp_path / "none.db"), "--key-file", str(key), "status"]) == EXIT_USAGE
    assert "Base introuvable" in capsys.readouterr().err


def _from_a_newer_version(database: Path, key: Path) -> None:
    """What a newer Guichet leaves: its next migration applied (a revision this version does not know)."""
    from sqlalchemy import text

    from desktop.cli.keyfile import read_key_file
    from desktop.models.db import open_store
    from desktop.models.keys import StaticKeyProvider

    store = open_store(database, StaticKeyProvider(read_key_file(key)))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        conn.execute(text("CREATE TABLE new_things (id INTEGER PRIMARY KEY)"))
    store.close()


@pytest.mark.parametrize("command", ["status", "migrate"])
def test_a_store_a_newer_version_migrated_is_neither_read_nor_migrated(
    old_store: tuple[Path, Path], capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """A version rolled back (an update withdrawn): `migrate` ended in Alembic's « Can't locate revision » and
    `status` said « à migrer vers » an older revision. Now both say what happened, in French, and touch nothing."""
    database, key = old_store
    _from_a_newer_version(database, key)
    before = database.read_bytes()
    assert main(["--database", str(database), "--key-file", str(key), command]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"version plus récente de Guichet (révision 0099, {head_revision()} pour celle-ci)" in err, err
    assert database.read_bytes() == before


def test_a_station_rolled_back_to_an_older_version_does_not_open_its_store(
    old_store: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """At the start or the login the store is opened and migrated: a newer store is refused, said in French."""
    from desktop.cli.keyfile import read_key_file
    from desktop.failures import plain_failure
    from desktop.models.db import open_store
    from desktop.models.keys import StaticKeyProvider
    from desktop.models.migrate import StoreFromNewerVersion

    database, key = old_store
    _from_a_newer_version(database, key)
    before = database.read_bytes()
    with pytest.raises(StoreFromNewerVersion) as info:
        open_store(database, StaticKeyProvider(read_key_file(key)))
    assert database.read_bytes() == before
    said = plain_failure(info.value)
    assert said is not None and "version plus récente de Guichet (révision 0099)" in said
