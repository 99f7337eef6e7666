"""Migrations: a database made with the first schema (kept as a fixture) upgrades to the newest."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from desktop.models import Base, Elector, IssuedReceipt, OutboxEntry, Procuration
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.models.migrate import HEAD, current_revision, head_revision

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _fixture_copy(tmp_path: Path) -> tuple[Path, StaticKeyProvider]:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "store_0001.db", path)
    key = bytes.fromhex((FIXTURES / "store_0001.key").read_text().strip())
    return path, StaticKeyProvider(key)


def test_fixture_is_at_the_first_schema(tmp_path: Path) -> None:
    path, keys = _fixture_copy(tmp_path)
    store = open_store(path, keys, migrate=False)
    assert current_revision(store.engine) == "0001"
    store.close()


def test_first_schema_upgrades_to_head_and_keeps_its_rows(tmp_path: Path) -> None:
    path, keys = _fixture_copy(tmp_path)
    store = open_store(path, keys)  # migrates
    assert current_revision(store.engine) == head_revision()
    with store.session() as s:
        assert s.scalars(select(Elector.last_name).order_by(Elector.id)).all() == ["MARTIN", "DUBOIS"]
        p = s.get(Procuration, "p1")
        assert p is not None and p.mandant.last_name == "MARTIN" and p.status == "provisoire"
        assert s.scalar(select(OutboxEntry.kind)) == "procuration.etablie"
        assert s.scalars(select(IssuedReceipt)).all() == []  # the table 0002 adds is there and empty
    store.close()


def test_upgraded_schema_equals_the_models(tmp_path: Path) -> None:
    path, keys = _fixture_copy(tmp_path)
    store = open_store(path, keys)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    assert diff == []


def test_upgrade_twice_is_harmless(tmp_path: Path) -> None:
    path, keys = _fixture_copy(tmp_path)
    open_store(path, keys).close()
    store = open_store(path, keys)
    assert current_revision(store.engine) == head_revision()
    store.close()


def test_head_constant_matches_the_scripts() -> None:
    assert head_revision() == HEAD


def test_fresh_store_equals_a_store_built_by_every_migration(tmp_path: Path) -> None:
    """A new store is created from the models and stamped; replaying 0001..head must give the same schema."""
    from desktop.models.migrate import upgrade

    fresh = open_store(tmp_path / "fresh.db", StaticKeyProvider(b"\x02" * 32))
    replayed = open_store(tmp_path / "replayed.db", StaticKeyProvider(b"\x03" * 32), migrate=False)
    upgrade(replayed.engine, "0001")
    upgrade(replayed.engine, "head")

    def schema(store: object) -> list[tuple[str, str]]:
        with store.engine.connect() as conn:  # type: ignore[attr-defined]
            rows = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name != 'alembic_version' ORDER BY name"
            ).fetchall()
        return [(name, " ".join(sql.split()).replace('"', "")) for name, sql in rows]

    fresh_tables = {name for name, _ in schema(fresh)}
    assert fresh_tables == {name for name, _ in schema(replayed)}
    for store in (fresh, replayed):
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        assert current_revision(store.engine) == HEAD
    fresh.close()
    replayed.close()


def test_place_kinds_of_older_rows_become_the_one_vocabulary(tmp_path: Path) -> None:
    from sqlalchemy import text

    from desktop.rules.terms import PlaceKind

    path, keys = _fixture_copy(tmp_path)
    store = open_store(path, keys, migrate=False)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE procurations SET place_kind = 'gendarmerie' WHERE id = 'p1'"))
    store.close()
    store = open_store(path, keys)  # migrates
    with store.session() as s:
        p = s.get(Procuration, "p1")
        assert p is not None and PlaceKind(p.place_kind) is PlaceKind.BRIGADE_GENDARMERIE
    store.close()
